#include "sync/collector/survey_assignments.hpp"

namespace standpoint {

namespace {

constexpr const char* survey_schema = R"sql(
CREATE TABLE IF NOT EXISTS console_surveys (
    sha256 TEXT PRIMARY KEY, survey_id TEXT NOT NULL, version BIGINT NOT NULL,
    title TEXT NOT NULL, source_name TEXT NOT NULL, definition TEXT NOT NULL,
    uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS survey_assignments (
    target_kind TEXT NOT NULL, target TEXT NOT NULL, base_sha256 TEXT NOT NULL,
    you_said_we_did TEXT NOT NULL, follow_up_url TEXT NOT NULL, definition TEXT NOT NULL,
    sha256 TEXT NOT NULL, assigned_at TEXT NOT NULL, assigned_by TEXT NOT NULL,
    PRIMARY KEY (target_kind, target));
CREATE TABLE IF NOT EXISTS kiosk_heartbeats (
    device_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL, pending BIGINT NOT NULL,
    app_version TEXT NOT NULL, kiosk_clock TEXT NOT NULL, clock_skew_ms BIGINT NOT NULL,
    event_id TEXT NOT NULL, survey_sha256 TEXT NOT NULL);
)sql";

std::int64_t to_int(const std::string& text) { return text.empty() ? 0 : std::stoll(text); }

Result<std::vector<SqlRow>> rows(CollectorStore& store, std::string_view sql,
                                 const std::vector<SqlValue>& params = {}) {
    return store.with_connection([&](SqlConnection& db) { return db.query(sql, params); });
}

constexpr const char* survey_columns =
    "sha256, survey_id, version, title, source_name, definition, uploaded_at, uploaded_by";

UploadedSurvey survey_from(const SqlRow& row) {
    return {row[0], row[1], to_int(row[2]), row[3], row[4], row[5], row[6], row[7]};
}

constexpr const char* assignment_columns =
    "target_kind, target, base_sha256, you_said_we_did, follow_up_url, definition, sha256, "
    "assigned_at, assigned_by";

SurveyAssignment assignment_from(const SqlRow& row) {
    return {row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]};
}

}  // namespace

Status create_survey_tables(SqlConnection& db) { return db.exec_script(survey_schema); }

Status save_uploaded_survey(CollectorStore& store, const UploadedSurvey& survey) {
    auto done = rows(store,
                     std::string("INSERT INTO console_surveys (") + survey_columns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     {survey.sha256, survey.survey_id, survey.version, survey.title,
                      survey.source_name, survey.definition, survey.uploaded_at,
                      survey.uploaded_by});
    if (!done) return done.error();
    return ok_status();
}

Result<std::vector<UploadedSurvey>> uploaded_surveys(CollectorStore& store) {
    auto found = rows(store, std::string("SELECT ") + survey_columns +
                                 " FROM console_surveys ORDER BY uploaded_at DESC, sha256");
    if (!found) return found.error();
    std::vector<UploadedSurvey> out;
    for (const SqlRow& row : *found) out.push_back(survey_from(row));
    return out;
}

Result<std::optional<UploadedSurvey>> uploaded_survey(CollectorStore& store,
                                                      const std::string& sha256) {
    auto found = rows(store,
                      std::string("SELECT ") + survey_columns +
                          " FROM console_surveys WHERE sha256 = ?",
                      {sha256});
    if (!found) return found.error();
    if (found->empty()) return std::optional<UploadedSurvey>();
    return std::optional<UploadedSurvey>(survey_from(found->front()));
}

Status assign_survey(CollectorStore& store, const SurveyAssignment& a) {
    return store.with_connection([&](SqlConnection& db) -> Status {
        if (Status begun = db.begin_write(); !begun) return begun.error();
        auto gone = db.query("DELETE FROM survey_assignments WHERE target_kind = ? AND target = ?",
                             {a.target_kind, a.target});
        auto added = gone ? db.query(std::string("INSERT INTO survey_assignments (") +
                                         assignment_columns +
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     {a.target_kind, a.target, a.base_sha256, a.you_said_we_did,
                                      a.follow_up_url, a.definition, a.sha256, a.assigned_at,
                                      a.assigned_by})
                          : gone;
        if (!added) {
            (void)db.exec_script("ROLLBACK");
            return added.error();
        }
        if (Status committed = db.exec_script("COMMIT"); !committed) {
            (void)db.exec_script("ROLLBACK");
            return committed.error();
        }
        return ok_status();
    });
}

Result<bool> unassign_survey(CollectorStore& store, const std::string& target_kind,
                             const std::string& target) {
    auto gone = rows(store,
                     "DELETE FROM survey_assignments WHERE target_kind = ? AND target = ? "
                     "RETURNING target",
                     {target_kind, target});
    if (!gone) return gone.error();
    return !gone->empty();
}

Result<std::vector<SurveyAssignment>> survey_assignments(CollectorStore& store) {
    auto found = rows(store, std::string("SELECT ") + assignment_columns +
                                 " FROM survey_assignments ORDER BY target_kind, target");
    if (!found) return found.error();
    std::vector<SurveyAssignment> out;
    for (const SqlRow& row : *found) out.push_back(assignment_from(row));
    return out;
}

Result<std::optional<SurveyAssignment>> assignment_for(CollectorStore& store,
                                                       const std::string& device_id,
                                                       const std::string& event_id) {
    // The kiosk's own assignment wins over its event's ('kiosk' < 'event' is false: order by
    // a CASE so the rule reads as it is meant).
    auto found = rows(store,
                      std::string("SELECT ") + assignment_columns +
                          " FROM survey_assignments WHERE (target_kind = 'kiosk' AND target = ?) "
                          "OR (target_kind = 'event' AND target = ?) "
                          "ORDER BY CASE target_kind WHEN 'kiosk' THEN 0 ELSE 1 END LIMIT 1",
                      {device_id, event_id});
    if (!found) return found.error();
    if (found->empty()) return std::optional<SurveyAssignment>();
    return std::optional<SurveyAssignment>(assignment_from(found->front()));
}

Status record_heartbeat(CollectorStore& store, const KioskHeartbeat& beat) {
    const Heartbeat& h = beat.heartbeat;
    auto done = rows(store,
                     "INSERT INTO kiosk_heartbeats (device_id, seen_at, pending, app_version, "
                     "kiosk_clock, clock_skew_ms, event_id, survey_sha256) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
                     "seen_at = excluded.seen_at, pending = excluded.pending, "
                     "app_version = excluded.app_version, kiosk_clock = excluded.kiosk_clock, "
                     "clock_skew_ms = excluded.clock_skew_ms, event_id = excluded.event_id, "
                     "survey_sha256 = excluded.survey_sha256",
                     {beat.device_id, beat.seen_at, h.pending, h.app_version, h.clock_utc,
                      beat.clock_skew_ms, h.event_id, h.survey_sha256});
    if (!done) return done.error();
    return ok_status();
}

Result<std::map<std::string, KioskHeartbeat>> kiosk_heartbeats(CollectorStore& store) {
    auto found = rows(store,
                      "SELECT device_id, seen_at, pending, app_version, kiosk_clock, "
                      "clock_skew_ms, event_id, survey_sha256 FROM kiosk_heartbeats");
    if (!found) return found.error();
    std::map<std::string, KioskHeartbeat> out;
    for (const SqlRow& row : *found) {
        KioskHeartbeat beat;
        beat.device_id = row[0];
        beat.seen_at = row[1];
        beat.heartbeat = Heartbeat{to_int(row[2]), row[3], row[4], row[6], row[7]};
        beat.clock_skew_ms = to_int(row[5]);
        out.emplace(beat.device_id, std::move(beat));
    }
    return out;
}

}  // namespace standpoint
