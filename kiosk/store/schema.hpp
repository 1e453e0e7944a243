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

// Version 2: the sync outbox. A batch is frozen (its exact gzip bytes kept) before the first send
// and resent byte for byte, with batch_id as the Idempotency-Key, until the collector answers 200
// (docs/sync-client.md). state: 'open' (to send), 'done' (answered 200), 'split'
// (answered 413 before any 200: its responses went back to pending, to be frozen smaller).
inline constexpr const char* migration_2 = R"sql(
CREATE TABLE batch(
    batch_id    TEXT PRIMARY KEY,    -- UUIDv4, the Idempotency-Key
    body_gz     BLOB NOT NULL,       -- the exact request body, as sent every time
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    response_count INTEGER NOT NULL,
    created     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'split'))
);
CREATE INDEX batch_by_state ON batch(state, first_seq);

-- A queued payload never changes: a resend must be the same bytes, or the collector's
-- idempotency key would name two different bodies.
CREATE TRIGGER batch_body_is_immutable
BEFORE UPDATE OF batch_id, body_gz, first_seq, last_seq, response_count ON batch
BEGIN
    SELECT RAISE(ABORT, 'a frozen batch is immutable: only attempts and state may change');
END;
-- A batch the collector answered 200 for stays done.
CREATE TRIGGER batch_done_is_final
BEFORE UPDATE OF state ON batch WHEN OLD.state = 'done' AND NEW.state <> 'done'
BEGIN
    SELECT RAISE(ABORT, 'a batch the collector accepted cannot be reopened');
END;
)sql";

// Version 3: USB exports and wipes (docs/usb-sticks.md, kiosk/store/README.md).
//   - export: every export that was written, read back and verified on a stick.
//   - response.exported_in: the first verified export a response went out in (NULL: in none). It
//     is not in response_is_immutable's column list, so marking passes that trigger.
//   - wipe_log: every wipe, append only.
//   - wipe_permit: a full wipe (staff typed the confirmation) may delete unsynced responses. It
//     inserts the one row of wipe_permit, deletes, and deletes the row again inside one
//     transaction, so the guard is lifted for that transaction only and a committed file never
//     holds the row. The guard is recreated to look at it (a trigger of the main schema can only
//     see tables of the main schema, so this cannot be a TEMP table).
inline constexpr const char* migration_3 = R"sql(
CREATE TABLE export(
    export_id       TEXT PRIMARY KEY,   -- UUID
    folder          TEXT NOT NULL,      -- where it was written, as staff chose it
    at              TEXT NOT NULL,      -- format_utc
    response_count  INTEGER NOT NULL
);

ALTER TABLE response ADD COLUMN exported_in TEXT;   -- export.export_id, or NULL

CREATE TABLE wipe_log(
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,          -- format_utc
    only_safe   INTEGER NOT NULL,       -- 1: only synced-and-exported responses were deleted
    reason      TEXT NOT NULL,
    deleted     INTEGER NOT NULL,
    kept        INTEGER NOT NULL
);
CREATE TRIGGER wipe_log_is_kept
BEFORE DELETE ON wipe_log
BEGIN
    SELECT RAISE(ABORT, 'the wipe log is never deleted');
END;
CREATE TRIGGER wipe_log_is_immutable
BEFORE UPDATE ON wipe_log
BEGIN
    SELECT RAISE(ABORT, 'the wipe log is never changed');
END;

CREATE TABLE wipe_permit(
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1)
);

DROP TRIGGER response_unsynced_is_kept;
CREATE TRIGGER response_unsynced_is_kept
BEFORE DELETE ON response WHEN OLD.state <> 'synced' AND NOT EXISTS (SELECT 1 FROM wipe_permit)
BEGIN
    SELECT RAISE(ABORT, 'a response that is not synced can never be deleted');
END;
)sql";

// Version 4: damaged answers (kiosk/store/README.md "Damaged answers"). answers_sha256, written at
// save time, is the authority: a row whose answers_json no longer hashes to it (a bad card, an
// edit of the file) is marked here when the kiosk finds it, and from then on is kept but never
// sent nor exported as a response. Not in response_is_immutable's column list, so marking passes
// that trigger; once set it never changes, so a damaged row can never be quietly "repaired".
inline constexpr const char* migration_4 = R"sql(
ALTER TABLE response ADD COLUMN damaged_at TEXT;   -- format_utc when found, NULL: not found damaged

CREATE TRIGGER response_damage_is_kept
BEFORE UPDATE OF damaged_at ON response
WHEN OLD.damaged_at IS NOT NULL AND NEW.damaged_at IS NOT OLD.damaged_at
BEGIN
    SELECT RAISE(ABORT, 'a response found damaged stays damaged');
END;
)sql";

// Version 5: the file staff chose beside the definition it was converted to (an XLSForm
// workbook; docs/survey-files.md), so an export carries what the officer wrote as well as what
// the answers were given on. At most one per definition (the first chosen), never changed.
inline constexpr const char* migration_5 = R"sql(
CREATE TABLE survey_source(
    survey_sha256  TEXT PRIMARY KEY REFERENCES survey(sha256),
    file_name      TEXT NOT NULL,   -- as chosen, without its folder: "gala.xlsx"
    sha256         TEXT NOT NULL,   -- hex SHA-256 of bytes
    bytes          BLOB NOT NULL
);

CREATE TRIGGER survey_source_is_immutable
BEFORE UPDATE ON survey_source
BEGIN
    SELECT RAISE(ABORT, 'a kept survey file is immutable');
END;
)sql";

inline constexpr std::array migrations = {migration_1, migration_2, migration_3, migration_4,
                                          migration_5};

}  // namespace standpoint::schema
