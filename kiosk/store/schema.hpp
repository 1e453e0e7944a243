// The store's schema as an ordered list of migrations, private to kiosk/store.
//
// PRAGMA user_version is the number of migrations applied. Migration i takes the file from
// version i to i+1 inside one transaction together with the user_version bump, so a crash leaves
// the file at one version or the next, never in between. Rules for whoever adds one:
//   - append only; never edit a migration that has shipped (kiosks in the field ran it);
//   - a migration must not touch answers_json or the identity columns (the triggers refuse).
#pragma once

#include <array>

namespace standpoint::schema {

// Version 1: responses, surveys, meta.
inline constexpr const char* migration_1 = R"sql(
CREATE TABLE meta(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The exact bytes of every survey file a response was answered on (sync and export send them).
CREATE TABLE survey(
    sha256      TEXT PRIMARY KEY,   -- hex SHA-256 of definition
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    definition  BLOB NOT NULL
);

CREATE TABLE response(
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,  -- per-device, never reused
    id                  TEXT NOT NULL UNIQUE,               -- UUIDv7 made when the resident started
    survey_id           TEXT NOT NULL,
    survey_version      INTEGER NOT NULL,
    survey_sha256       TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    device_id           TEXT NOT NULL,
    started_at          TEXT NOT NULL,                      -- format_utc
    completed_at        TEXT NOT NULL,                      -- format_utc
    utc_offset_minutes  INTEGER NOT NULL,
    language            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('complete', 'partial')),
    answers_json        TEXT NOT NULL,   -- exact bytes; never re-serialised (sync compares bytes)
    answers_sha256      TEXT NOT NULL,
    saved_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Sync (outbox) state, written only by the sync module.
    state               TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'synced', 'conflict', 'rejected')),
    batch_id            TEXT,            -- set when frozen into a batch
    synced_at           TEXT,
    last_error          TEXT
);
CREATE INDEX response_by_state ON response(state, seq);

-- What a resident said never changes once stored (lesson from ODK Collect #5317): only the
-- sync columns may be updated.
CREATE TRIGGER response_is_immutable
BEFORE UPDATE OF seq, id, survey_id, survey_version, survey_sha256, event_id, device_id,
                 started_at, completed_at, utc_offset_minutes, language, status,
                 answers_json, answers_sha256, saved_at ON response
BEGIN
    SELECT RAISE(ABORT, 'a stored response is immutable: only its sync state may change');
END;

-- Nothing leaves the kiosk's disk before the collector has it.
CREATE TRIGGER response_unsynced_is_kept
BEFORE DELETE ON response WHEN OLD.state <> 'synced'
BEGIN
    SELECT RAISE(ABORT, 'a response that is not synced can never be deleted');
END;

-- A stored survey is the exact file its responses were answered on.
CREATE TRIGGER survey_is_immutable
BEFORE UPDATE ON survey
BEGIN
    SELECT RAISE(ABORT, 'a stored survey definition is immutable');
END;

-- The device's identity is made once; the collector keys everything by it.
CREATE TRIGGER meta_identity_is_immutable
BEFORE UPDATE ON meta WHEN OLD.key IN ('device_id', 'db_instance_id')
BEGIN
    SELECT RAISE(ABORT, 'device_id and db_instance_id never change');
END;
CREATE TRIGGER meta_identity_is_kept
BEFORE DELETE ON meta WHEN OLD.key IN ('device_id', 'db_instance_id')
BEGIN
    SELECT RAISE(ABORT, 'device_id and db_instance_id never change');
END;
)sql";

inline constexpr std::array migrations = {migration_1};

}  // namespace standpoint::schema
