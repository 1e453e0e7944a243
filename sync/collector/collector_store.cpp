#include "sync/collector/collector_store.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "kiosk/core/response.hpp"
#include "sync/collector/survey_assignments.hpp"

namespace standpoint {

namespace {

// Plain types both databases accept. The response id is the permanent primary key.
constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    token_sha256 TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, device_id TEXT UNIQUE,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq BIGINT NOT NULL,
    survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, survey_sha256 TEXT NOT NULL,
    event_id TEXT NOT NULL, started_at TEXT NOT NULL, completed_at TEXT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL,
    answers_json TEXT NOT NULL, answers_sha256 TEXT NOT NULL,
    batch_id TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS responses_by_device ON responses (device_id, seq);
CREATE TABLE IF NOT EXISTS conflicts (
    response_id TEXT NOT NULL, answers_sha256 TEXT NOT NULL, device_id TEXT NOT NULL,
    seq BIGINT NOT NULL, record_json TEXT NOT NULL, batch_id TEXT NOT NULL,
    received_at TEXT NOT NULL, PRIMARY KEY (response_id, answers_sha256));
CREATE TABLE IF NOT EXISTS surveys (
    sha256 TEXT PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batch_ranges (
    device_id TEXT NOT NULL, batch_id TEXT NOT NULL, first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL, PRIMARY KEY (device_id, batch_id));
CREATE TABLE IF NOT EXISTS device_keys (
    device_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, how TEXT NOT NULL,
    accepted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS watermarks (
    device_id TEXT PRIMARY KEY, max_contiguous_seq BIGINT NOT NULL);
)sql";

// Migration 2, the web console (docs/console.md): accounts, sessions, the audit log, kiosks
// revoked (their rows leave `devices`, so their tokens are refused at once), and when each
// device's last batch arrived; an index that answers the console's live counts from itself.
constexpr const char* console_schema = R"sql(
CREATE TABLE IF NOT EXISTS console_users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL, locked_until TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS console_sessions (
    id_sha256 TEXT PRIMARY KEY, user_name TEXT NOT NULL, csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS console_audit (
    at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_devices (
    token_sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, device_id TEXT,
    created_at TEXT NOT NULL, revoked_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS responses_by_event ON responses (event_id, device_id, received_at);
CREATE TABLE IF NOT EXISTS device_activity (
    device_id TEXT PRIMARY KEY, last_batch_at TEXT NOT NULL, last_batch_id TEXT NOT NULL,
    last_batch_responses BIGINT NOT NULL);
)sql";

// Rows per multi-row INSERT: 16 parameters each stays far below SQLite's 32,766 and
// PostgreSQL's 65,535 parameters per statement.
constexpr std::size_t insert_rows_per_statement = 250;

std::string insert_responses_sql(std::size_t rows) {
    std::string sql =
        "INSERT INTO responses (id, device_id, seq, survey_id, survey_version, survey_sha256, "
        "event_id, started_at, completed_at, utc_offset_minutes, language, status, "
        "answers_json, answers_sha256, batch_id, received_at) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
        sql += i == 0 ? "" : ", ";
        sql += "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }
    sql += " ON CONFLICT DO NOTHING RETURNING id";
    return sql;
}

std::int64_t to_int(const std::string& text) {
    return text.empty() ? 0 : std::stoll(text);
}

}  // namespace

Result<std::string> random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        return Error{"The system's random number generator failed."};
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : raw) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string utc_now_text() { return format_utc(Clock::now()); }

CollectorStore::CollectorStore(std::unique_ptr<SqlConnection> connection, std::string epoch)
    : db_(std::move(connection)), epoch_(std::move(epoch)) {}

Result<std::unique_ptr<CollectorStore>> CollectorStore::open(
    std::unique_ptr<SqlConnection> db) {
    const bool postgres = std::string(db->dialect()) == "postgresql";
    if (Status begun = db->begin_write(); !begun) return begun.error();
    // Two collectors starting together would race on CREATE TABLE IF NOT EXISTS in PostgreSQL.
    if (postgres) {
        if (auto lock = db->query("SELECT pg_advisory_xact_lock(7216354)"); !lock) {
            return lock.error();
        }
    }
    if (Status created = db->exec_script(schema); !created) return created.error();
    if (Status created = db->exec_script(console_schema); !created) return created.error();
    if (Status created = create_survey_tables(*db); !created) return created.error();
    auto epoch = random_hex(16);
    if (!epoch) return epoch.error();
    if (auto put = db->query("INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT DO NOTHING",
                             {*epoch});
        !put) {
        return put.error();
    }
    auto stored = db->query("SELECT value FROM meta WHERE key = 'epoch'");
    if (!stored || stored->empty()) return Error{"The collector database has no epoch."};
    if (Status committed = db->exec_script("COMMIT"); !committed) return committed.error();
    const std::string value = (*stored)[0][0];
    return std::unique_ptr<CollectorStore>(new CollectorStore(std::move(db), value));
}

Status CollectorStore::add_device(const std::string& name, const std::string& token_sha256,
                                  const std::string& device_id) {
    std::lock_guard lock(mutex_);
    std::vector<SqlValue> params{token_sha256, name, utc_now_text()};
    const char* sql = "INSERT INTO devices (token_sha256, name, created_at) VALUES (?, ?, ?)";
    if (!device_id.empty()) {
        sql = "INSERT INTO devices (token_sha256, name, created_at, device_id) VALUES (?, ?, ?, ?)";
        params.emplace_back(device_id);
    }
    if (auto added = db_->query(sql, params); !added) {
        return Error{"Could not add the device (is the name or device id already used?): " +
                     added.error().message};
    }
    return ok_status();
}

Result<std::optional<Device>> CollectorStore::device_for_token(const std::string& token_sha256) {
    std::lock_guard lock(mutex_);
    auto rows = db_->query("SELECT name, device_id FROM devices WHERE token_sha256 = ?",
                           {token_sha256});
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Device>{};
    return std::optional<Device>{Device{(*rows)[0][0], (*rows)[0][1]}};
}

Result<bool> CollectorStore::bind_device(const std::string& token_sha256,
                                         const std::string& device_id) {
    std::lock_guard lock(mutex_);
    // Fails harmlessly (UNIQUE) if another token holds this device id; matches nothing if the
    // token is already bound. Either way the read below says whose the device is now, which
    // also covers two collectors binding the same token at the same moment.
    (void)db_->query("UPDATE devices SET device_id = ? WHERE token_sha256 = ? AND device_id IS NULL",
                     {device_id, token_sha256});
    auto bound = db_->query("SELECT device_id FROM devices WHERE token_sha256 = ?", {token_sha256});
    if (!bound) return bound.error();
    return !bound->empty() && (*bound)[0][0] == device_id;
}

Result<BatchReply> CollectorStore::store_batch(const Batch& batch) {
    std::lock_guard lock(mutex_);
    if (Status begun = db_->begin_write(); !begun) return begun.error();
    auto reply = store_batch_locked(batch);
    if (!reply) {
        (void)db_->exec_script("ROLLBACK");
        return reply;
    }
    if (Status committed = db_->exec_script("COMMIT"); !committed) {
        (void)db_->exec_script("ROLLBACK");
        return committed.error();
    }
    return reply;
}

Result<ImportTally> CollectorStore::store_import(const std::vector<SurveyDefinition>& surveys,
                                                 const std::string& import_id,
                                                 const ResponseChunkSource& next_chunk) {
    std::lock_guard lock(mutex_);
    if (Status begun = db_->begin_write(); !begun) return begun.error();
    // Any failure below (the source's included: a file that changed under us) undoes it all.
    auto fail = [&](Error error) -> Result<ImportTally> {
        (void)db_->exec_script("ROLLBACK");
        return error;
    };
    const std::string now = utc_now_text();
    ImportTally tally;
    auto survey_results = store_records_locked(surveys, {}, import_id, now);
    if (!survey_results) return fail(survey_results.error());
    for (;;) {
        auto chunk = next_chunk();
        if (!chunk) return fail(chunk.error());
        if (chunk->empty()) break;
        // No watermark and no batch range: a stick says nothing about which seqs the device
        // holds (the export may be filtered by event or date), see docs/collector.md.
        auto results = store_records_locked({}, *chunk, import_id, now);
        if (!results) return fail(results.error());
        for (ItemResult& item : *results) {
            if (item.status == ItemStatus::created) ++tally.created;
            if (item.status == ItemStatus::duplicate) ++tally.duplicate;
            if (item.status == ItemStatus::conflict) tally.conflicts.push_back(std::move(item));
        }
    }
    if (Status committed = db_->exec_script("COMMIT"); !committed) return fail(committed.error());
    return tally;
}

Result<std::optional<std::string>> CollectorStore::device_name(const std::string& device_id) {
    std::lock_guard lock(mutex_);
    auto rows = db_->query("SELECT name FROM devices WHERE device_id = ?", {device_id});
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{(*rows)[0][0]};
}

Result<std::vector<std::string>> CollectorStore::surveys_missing(const Batch& batch) {
    std::set<std::string> wanted;
    for (const ResponseRecord& record : batch.responses) wanted.insert(record.survey.sha256);
    for (const SurveyDefinition& survey : batch.surveys) wanted.erase(survey.ref.sha256);
    std::vector<std::string> missing;
    std::lock_guard lock(mutex_);
    for (const std::string& sha : wanted) {
        auto rows = db_->query("SELECT 1 FROM surveys WHERE sha256 = ?", {sha});
        if (!rows) return rows.error();
        if (rows->empty()) missing.push_back(sha);
    }
    return missing;
}

// The one dedupe path, shared by sync batches and USB imports: surveys insert-or-ignore by hash,
// each response insert-or-ignore by id; an id already stored with other bytes (or for another
// device) is a conflict, kept aside in `conflicts`, and the stored row is never changed.
Result<std::vector<ItemResult>> CollectorStore::store_records_locked(
    const std::vector<SurveyDefinition>& surveys, const std::vector<ResponseRecord>& responses,
    const std::string& batch_id, const std::string& now) {
    for (const SurveyDefinition& survey : surveys) {
        if (auto put = db_->query("INSERT INTO surveys (sha256, id, version, definition) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                  {survey.ref.sha256, survey.ref.id,
                                   std::int64_t{survey.ref.version}, survey.definition});
            !put) {
            return put.error();
        }
    }

    // Inserted many rows per statement (one round trip to PostgreSQL per chunk, not per row);
    // the ids that come back were created, any other one is checked below, one by one.
    std::unordered_set<std::string> created_ids;
    for (std::size_t first = 0; first < responses.size(); first += insert_rows_per_statement) {
        const std::size_t count =
            std::min(insert_rows_per_statement, responses.size() - first);
        std::vector<SqlValue> params;
        params.reserve(count * 16);
        for (std::size_t i = first; i < first + count; ++i) {
            const ResponseRecord& r = responses[i];
            for (SqlValue value : {SqlValue{r.id}, SqlValue{r.device_id}, SqlValue{r.seq},
                                   SqlValue{r.survey.id}, SqlValue{std::int64_t{r.survey.version}},
                                   SqlValue{r.survey.sha256}, SqlValue{r.event_id},
                                   SqlValue{r.started_at}, SqlValue{r.completed_at},
                                   SqlValue{std::int64_t{r.utc_offset_minutes}},
                                   SqlValue{r.language}, SqlValue{r.status},
                                   SqlValue{r.answers_json}, SqlValue{r.sha256}, SqlValue{batch_id},
                                   SqlValue{now}}) {
                params.push_back(std::move(value));
            }
        }
        auto created = db_->query(insert_responses_sql(count), params);
        if (!created) return created.error();
        for (SqlRow& row : *created) created_ids.insert(std::move(row[0]));
    }

    std::vector<ItemResult> results;
    results.reserve(responses.size());
    for (const ResponseRecord& r : responses) {
        // erase: an id twice in one batch is created once, its second copy is checked below.
        if (created_ids.erase(r.id) > 0) {
            results.push_back({r.id, ItemStatus::created, ""});
            continue;
        }
        auto stored = db_->query("SELECT answers_sha256, device_id FROM responses WHERE id = ?",
                                 {r.id});
        if (!stored || stored->empty()) return Error{"A stored response could not be read back."};
        if ((*stored)[0][0] == r.sha256 && (*stored)[0][1] == r.device_id) {
            results.push_back({r.id, ItemStatus::duplicate, ""});
            continue;
        }
        // Kept aside for staff; the stored response is never overwritten.
        if (auto aside = db_->query(
                "INSERT INTO conflicts (response_id, answers_sha256, device_id, seq, record_json, "
                "batch_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {r.id, r.sha256, r.device_id, r.seq, response_record_to_json(r).dump(-1, ' ', true),
                 batch_id, now});
            !aside) {
            return aside.error();
        }
        results.push_back({r.id, ItemStatus::conflict,
                           (*stored)[0][1] == r.device_id ? "sha256 differs from stored"
                                                          : "the id is stored for another device"});
    }
    return results;
}

Result<BatchReply> CollectorStore::store_batch_locked(const Batch& batch) {
    const std::string now = utc_now_text();
    // Lock this device's watermark row first: batches of one device then commit one after the
    // other, even across collectors sharing a PostgreSQL, so the watermark never goes back.
    if (auto row = db_->query("INSERT INTO watermarks (device_id, max_contiguous_seq) VALUES (?, 0) "
                              "ON CONFLICT DO NOTHING",
                              {batch.device_id});
        !row) {
        return row.error();
    }
    const bool postgres = std::string(db_->dialect()) == "postgresql";
    auto watermark_rows = db_->query(
        postgres ? "SELECT max_contiguous_seq FROM watermarks WHERE device_id = ? FOR UPDATE"
                 : "SELECT max_contiguous_seq FROM watermarks WHERE device_id = ?",
        {batch.device_id});
    if (!watermark_rows || watermark_rows->empty()) {
        return Error{"Could not read the device's watermark."};
    }
    std::int64_t watermark = to_int((*watermark_rows)[0][0]);

    BatchReply reply;
    reply.batch_id = batch.batch_id;
    reply.server_epoch = epoch_;
    auto results = store_records_locked(batch.surveys, batch.responses, batch.batch_id, now);
    if (!results) return results.error();
    reply.results = std::move(results).value();

    if (auto range = db_->query("INSERT INTO batch_ranges (device_id, batch_id, first_seq, last_seq) "
                                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                {batch.device_id, batch.batch_id, batch.first_seq, batch.last_seq});
        !range) {
        return range.error();
    }
    // Advance over every batch range that now touches the contiguous prefix.
    auto ranges = db_->query("SELECT first_seq, last_seq FROM batch_ranges WHERE device_id = ? "
                             "AND last_seq > ? ORDER BY first_seq",
                             {batch.device_id, watermark});
    if (!ranges) return ranges.error();
    for (const SqlRow& row : *ranges) {
        if (to_int(row[0]) > watermark + 1) break;
        watermark = std::max(watermark, to_int(row[1]));
    }
    if (auto put = db_->query("UPDATE watermarks SET max_contiguous_seq = ? WHERE device_id = ?",
                              {watermark, batch.device_id});
        !put) {
        return put.error();
    }
    reply.max_contiguous_seq = watermark;
    // For the console's kiosk list: when this device was last heard from.
    if (auto seen = db_->query(
            "INSERT INTO device_activity (device_id, last_batch_at, last_batch_id, "
            "last_batch_responses) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
            "last_batch_at = excluded.last_batch_at, last_batch_id = excluded.last_batch_id, "
            "last_batch_responses = excluded.last_batch_responses",
            {batch.device_id, now, batch.batch_id,
             static_cast<std::int64_t>(batch.responses.size())});
        !seen) {
        return seen.error();
    }
    return reply;
}

Result<CollectorStats> CollectorStore::stats() {
    std::lock_guard lock(mutex_);
    CollectorStats stats;
    auto totals = db_->query(
        "SELECT (SELECT count(*) FROM devices), (SELECT count(*) FROM responses), "
        "(SELECT count(*) FROM conflicts), (SELECT count(*) FROM surveys)");
    if (!totals || totals->empty()) return Error{"Could not count the collector's rows."};
    stats.devices = to_int((*totals)[0][0]);
    stats.responses = to_int((*totals)[0][1]);
    stats.conflicts = to_int((*totals)[0][2]);
    stats.surveys = to_int((*totals)[0][3]);
    auto per = db_->query(
        "SELECT d.name, COALESCE(d.device_id, ''), "
        "(SELECT count(*) FROM responses r WHERE r.device_id = d.device_id), "
        "COALESCE((SELECT w.max_contiguous_seq FROM watermarks w WHERE w.device_id = d.device_id), 0) "
        "FROM devices d ORDER BY d.name");
    if (!per) return per.error();
    for (const SqlRow& row : *per) {
        stats.per_device.push_back({row[0], row[1], to_int(row[2]), to_int(row[3])});
    }
    return stats;
}

Result<std::vector<StoredRecord>> CollectorStore::all_responses() {
    std::lock_guard lock(mutex_);
    auto rows = db_->query(
        "SELECT id, seq, device_id, survey_id, survey_version, survey_sha256, event_id, "
        "started_at, completed_at, utc_offset_minutes, language, status, answers_json, "
        "answers_sha256, received_at FROM responses ORDER BY device_id, seq");
    if (!rows) return rows.error();
    std::vector<StoredRecord> out;
    for (const SqlRow& row : *rows) {
        StoredRecord stored;
        ResponseRecord& r = stored.record;
        r.id = row[0];
        r.seq = to_int(row[1]);
        r.device_id = row[2];
        r.survey = {row[3], static_cast<int>(to_int(row[4])), row[5]};
        r.event_id = row[6];
        r.started_at = row[7];
        r.completed_at = row[8];
        r.utc_offset_minutes = static_cast<int>(to_int(row[9]));
        r.language = row[10];
        r.status = row[11];
        r.answers_json = row[12];
        r.sha256 = row[13];
        stored.received_at = row[14];
        out.push_back(std::move(stored));
    }
    return out;
}

}  // namespace standpoint
