// ResponseStore over one SQLite connection.
//
// Index:
//   [SECTION] Errors for people    - SQLite/OS codes -> what staff read on the screen
//   [SECTION] Small helpers        - UUIDv4, UTC parsing, folder creation
//   [SECTION] Opening              - pragmas, quick_check, migrations, identity, proof of writing
//   [SECTION] Saving and reading
//   [SECTION] Sync outbox
//   [SECTION] Export and wipe      - snapshot for an export, the exported mark, wipes and their log
#include "kiosk/store/response_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "kiosk/core/answer_check.hpp"
#include "kiosk/core/random_bytes.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/store/schema.hpp"
#include "kiosk/store/sqlite.hpp"

namespace standpoint {

namespace fs = std::filesystem;

namespace {

// [SECTION] Errors for people ---------------------------------------------------------------

bool is_errno(int system_errno, std::initializer_list<int> codes) {
    for (int code : codes)
        if (system_errno == code) return true;
    return false;
}

// `doing` says what the kiosk was trying ("save the response"), the rest what went wrong, as a
// kind and in words; what staff can do about it is added by kiosk/app/store_advice.hpp, once per
// kind. SQLite's own words go last, for whoever gets the support call.
Error store_error(sqlite3* db, int rc, const fs::path& file, const std::string& doing) {
    const int primary = rc & 0xff;
    const int system_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
    std::string detail = sqlite3_errstr(rc);
    if (db != nullptr && sqlite3_errcode(db) == rc) detail = sqlite3_errmsg(db);
    if (system_errno != 0) detail += std::string(", ") + std::strerror(system_errno);

    const std::string where = " (" + file.string() + "). [" + detail + "]";
    // The OS errno only explains I/O and open failures; for the rest it may be left over from an
    // earlier, harmless failed call, so SQLite's own code decides first.
    const bool is_os_failure = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
    if (primary == SQLITE_FULL || (is_os_failure && is_errno(system_errno, {ENOSPC, EDQUOT})))
        return Error{"The disk is full, so the kiosk could not " + doing + where,
                     ErrorKind::disk_full};
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        return Error{"The kiosk's store is damaged, so the kiosk could not " + doing + where,
                     ErrorKind::damaged};
    if (primary == SQLITE_READONLY || primary == SQLITE_PERM ||
        (is_os_failure && is_errno(system_errno, {EROFS, EACCES, EPERM})))
        return Error{"The kiosk's store is read-only, so the kiosk could not " + doing + where,
                     ErrorKind::read_only};
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return Error{"Another program holds the kiosk's store, so the kiosk could not " + doing +
                         where,
                     ErrorKind::busy};
    if (primary == SQLITE_CANTOPEN)
        return Error{"The kiosk could not " + doing + " because the store file could not be opened" +
                         where,
                     ErrorKind::missing};
    if (primary == SQLITE_IOERR)
        return Error{"The disk reported an error (it may be failing or was removed), so the kiosk "
                     "could not " + doing + where};
    return Error{"The kiosk could not " + doing + where};
}

// [SECTION] Small helpers -------------------------------------------------------------------

// The reverse of format_utc ("2026-11-23T14:05:09.123Z"). The store wrote these strings itself,
// so a string that does not parse means the file was edited by hand: the epoch makes that visible.
TimePoint parse_utc(const std::string& text) {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (std::sscanf(text.c_str(), "%d-%u-%uT%u:%u:%u.%uZ", &year, &month, &day, &hour, &minute,
                    &second, &millis) < 6) {
        return TimePoint{};
    }
    using namespace std::chrono;
    const sys_days date =
        year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    return time_point_cast<Clock::duration>(date + hours{hour} + minutes{minute} + seconds{second} +
                                            milliseconds{millis});
}

ResponseStatus status_from_string(const std::string& text) {
    return text == "partial" ? ResponseStatus::partial : ResponseStatus::complete;
}

// A file path as the path of an SQLite URI: bytes other than unreserved ones and '/' as %XX.
std::string uri_path(const std::string& path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '.' || c == '_' ||
                           c == '~';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

}  // namespace

// Creates the folder (and its parents) with 0700 for the folder itself: the store holds
// residents' answers, which are nobody else's business on a shared machine.
Status make_data_dir(const fs::path& data_dir) {
    std::error_code error;
    if (fs::is_directory(data_dir, error)) return ok_status();
    if (fs::exists(data_dir, error)) {
        return Error{"The kiosk cannot use " + data_dir.string() +
                     " for its data because it is a file, not a folder. Move it away or start "
                     "the kiosk with --data pointing at a folder."};
    }
    if (data_dir.has_parent_path() && !data_dir.parent_path().empty())
        fs::create_directories(data_dir.parent_path(), error);
    if (!error && ::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST)
        error = std::error_code(errno, std::generic_category());
    if (error) {
        return Error{"The kiosk cannot create its data folder " + data_dir.string() + " (" +
                     error.message() +
                     "). Check the disk is present and writable, or start "
                     "the kiosk with --data pointing at a folder it may write."};
    }
    return ok_status();
}

namespace {

// The rows of a batch still waiting for an answer. The batch's seq range lets SQLite walk the
// (state, seq) index over those rows alone: batch_id has no index, and without the range every
// pending row of the store would be read, for every batch.
constexpr const char* pending_in_batch =
    "state = 'pending' AND batch_id = ?1 AND seq BETWEEN "
    "(SELECT first_seq FROM batch WHERE batch_id = ?1) AND "
    "(SELECT last_seq FROM batch WHERE batch_id = ?1)";

// What a batch holds that its answer did not settle goes back to the queue (?1: the batch).
const std::string requeue_batch_rows =
    std::string("UPDATE response SET batch_id = NULL WHERE ") + pending_in_batch;

constexpr const char* select_columns =
    "SELECT seq, id, survey_id, survey_version, survey_sha256, event_id, device_id, started_at, "
    "completed_at, utc_offset_minutes, language, status, answers_json, answers_sha256 "
    "FROM response ";

StoredResponse read_row(const sqlite::Statement& row) {
    StoredResponse stored;
    stored.seq = row.integer(0);
    Response& response = stored.response;
    response.id = row.text(1);
    response.survey.id = row.text(2);
    response.survey.version = static_cast<int>(row.integer(3));
    response.survey.sha256 = row.text(4);
    response.event_id = row.text(5);
    response.device_id = row.text(6);
    response.started_at = parse_utc(row.text(7));
    response.completed_at = parse_utc(row.text(8));
    response.utc_offset_minutes = static_cast<int>(row.integer(9));
    response.language = row.text(10);
    response.status = status_from_string(row.text(11));
    stored.answers_json = row.text(12);
    stored.answers_sha256 = row.text(13);
    return stored;
}

// Steps `select` to its end, appending each row read by `read` to `rows`. `rc` is what preparing
// the statement returned; the result is SQLITE_DONE (or SQLITE_OK) on success, else the error.
template <class Row, class Read>
int read_all(sqlite::Statement& select, int rc, Read read, std::vector<Row>& rows) {
    while (rc == SQLITE_OK && (rc = select.step()) == SQLITE_ROW) {
        rows.push_back(read(select));
        rc = SQLITE_OK;
    }
    return rc;
}

// Marks these responses damaged, now, inside the caller's transaction. A row already marked keeps
// its first time (and the trigger would refuse a change anyway).
int mark_damaged(sqlite3* db, const std::vector<const StoredResponse*>& rows) {
    for (const StoredResponse* row : rows) {
        sqlite::Statement mark;
        int rc = mark.prepare(db,
                              "UPDATE response SET damaged_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
                              "'now') WHERE seq = ? AND damaged_at IS NULL");
        mark.bind(1, row->seq);
        if (rc == SQLITE_OK) rc = mark.step();
        if (rc != SQLITE_DONE) return rc;
    }
    return SQLITE_OK;
}

std::vector<const StoredResponse*> damaged_among(const std::vector<StoredResponse>& rows) {
    std::vector<const StoredResponse*> damaged;
    for (const StoredResponse& row : rows)
        if (!answers_are_intact(row)) damaged.push_back(&row);
    return damaged;
}

}  // namespace

bool answers_are_intact(const StoredResponse& stored) {
    return sha256_hex(stored.answers_json) == stored.answers_sha256;
}

class ResponseStore::Impl {
public:
    sqlite::DatabaseHandle db;
    fs::path file;
    std::string device_id;
    std::string db_instance_id;

    Error fail(int rc, const std::string& doing) const {
        return store_error(db.get(), rc, file, doing);
    }

    Result<std::string> pragma_text(const char* sql, const std::string& doing) {
        sqlite::Statement statement;
        int rc = statement.prepare(db.get(), sql);
        if (rc == SQLITE_OK) rc = statement.step();
        if (rc != SQLITE_ROW) return fail(rc, doing);
        return statement.text(0);
    }

    Status exec(const char* sql, const std::string& doing) {
        const int rc = sqlite::exec(db.get(), sql);
        if (rc != SQLITE_OK) return fail(rc, doing);
        return ok_status();
    }

    // Each frozen body and each row a sync marks passes through the WAL. During a sync SQLite's
    // own checkpoint (every 1,000 pages, the WAL file cut back to journal_size_limit) keeps it
    // bounded; this truncates it whenever nothing is left to send (so a finished sync leaves it
    // empty) or, should it have grown past 16 MiB anyway, then. Not after every batch: at 1,000
    // responses a batch writes over 1 MiB, and a checkpoint of its own per batch cost more than
    // the batch (docs/performance.md). The store is the one connection, so TRUNCATE cannot wait
    // on a reader. A checkpoint that fails loses nothing (the WAL is still valid and is
    // checkpointed later): not an error of the sync.
    static constexpr std::uintmax_t trim_wal_above_bytes = 16 * 1024 * 1024;
    void trim_wal() {
        std::error_code error;
        const auto wal_bytes = fs::file_size(fs::path(file.string() + "-wal"), error);
        bool is_caught_up = false;
        if (error || wal_bytes <= trim_wal_above_bytes) {
            sqlite::Statement waiting;
            int rc = waiting.prepare(db.get(),
                                     "SELECT EXISTS (SELECT 1 FROM response WHERE state = "
                                     "'pending' AND damaged_at IS NULL)");
            if (rc == SQLITE_OK) rc = waiting.step();
            is_caught_up = rc == SQLITE_ROW && waiting.integer(0) == 0;
            if (!error && !is_caught_up) return;
        }
        sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }

    Status configure();
    Status check_integrity();
    Status migrate();
    Status claim_identity_and_prove_writable();
};

// [SECTION] Opening -------------------------------------------------------------------------

Status ResponseStore::Impl::configure() {
    // busy_timeout first: nothing else should ever hold the file, but a stray sqlite3 shell
    // opened by support must not turn into a false "cannot save".
    sqlite3_busy_timeout(db.get(), 5000);
    // The first read of the file: a file that is not SQLite at all fails here (SQLITE_NOTADB).
    if (auto version = pragma_text("PRAGMA user_version", "read its store"); !version)
        return version.error();
    auto mode = pragma_text("PRAGMA journal_mode = WAL", "switch its store to WAL mode");
    if (!mode) return mode.error();
    if (*mode != "wal") {
        return Error{"The kiosk's store " + file.string() + " cannot use WAL mode (SQLite kept '" +
                     *mode +
                     "'); the folder may be on a network or unusual file system. Use a "
                     "local disk for --data."};
    }
    // FULL: the WAL is synced at every commit, so a commit that returned survives power loss
    // (kiosk/store/README.md). NORMAL could roll back a response after "Thank you".
    for (const char* sql : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                            "PRAGMA journal_size_limit = 4194304"}) {
        if (auto done = exec(sql, "set up its store"); !done) return done;
    }
    return ok_status();
}

Status ResponseStore::Impl::check_integrity() {
    sqlite::Statement statement;
    int rc = statement.prepare(db.get(), "PRAGMA quick_check");
    if (rc == SQLITE_OK) rc = statement.step();
    if (rc != SQLITE_ROW) return fail(rc, "check its store");
    const std::string first = statement.text(0);
    if (first != "ok") {
        return Error{"The kiosk's store is damaged (" + file.string() +
                         "): SQLite's check found \"" + first + "\".",
                     ErrorKind::damaged};
    }
    return ok_status();
}

Status ResponseStore::Impl::migrate() {
    auto version_text = pragma_text("PRAGMA user_version", "read its store's version");
    if (!version_text) return version_text.error();
    const long version = std::strtol(version_text->c_str(), nullptr, 10);
    const auto known = static_cast<long>(schema::migrations.size());
    if (version > known) {
        return Error{"The kiosk's store " + file.string() +
                     " was written by a newer version of "
                     "Standpoint (schema " +
                     *version_text + ", this one knows " + std::to_string(known) +
                     "). Update the kiosk software, or start with "
                     "--data pointing at another folder."};
    }
    for (long next = version; next < known; ++next) {
        sqlite::Transaction transaction(db.get());
        int rc = transaction.begin();
        if (rc == SQLITE_OK)
            rc = sqlite::exec(db.get(), schema::migrations[static_cast<std::size_t>(next)]);
        const std::string bump = "PRAGMA user_version = " + std::to_string(next + 1);
        if (rc == SQLITE_OK) rc = sqlite::exec(db.get(), bump.c_str());
        if (rc == SQLITE_OK) rc = transaction.commit();
        if (rc != SQLITE_OK)
            return fail(rc, "upgrade its store to schema " + std::to_string(next + 1));
    }
    return ok_status();
}

// One write transaction at every open: it makes the identity the first time, and it proves the
// file, its WAL and the disk take a commit now, so a read-only or full store is found at start-up
// rather than by the first resident.
Status ResponseStore::Impl::claim_identity_and_prove_writable() {
    const std::string doing = "write to its store";
    sqlite::Transaction transaction(db.get());
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return fail(rc, doing);

    const std::string new_ids[][2] = {{"device_id", new_uuid_v4()},
                                      {"db_instance_id", new_uuid_v4()}};
    for (const auto& [key, value] : new_ids) {
        sqlite::Statement insert;
        rc = insert.prepare(db.get(), "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)");
        insert.bind(1, key);
        insert.bind(2, value);
        if (rc == SQLITE_OK) rc = insert.step();
        if (rc != SQLITE_DONE) return fail(rc, doing);
    }
    sqlite::Statement opened;
    rc = opened.prepare(db.get(),
                        "INSERT INTO meta(key, value) VALUES ('last_opened_at', "
                        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (rc == SQLITE_OK) rc = opened.step();
    if (rc != SQLITE_DONE) return fail(rc, doing);

    for (auto [key, target] :
         {std::pair{"device_id", &device_id}, std::pair{"db_instance_id", &db_instance_id}}) {
        sqlite::Statement select;
        rc = select.prepare(db.get(), "SELECT value FROM meta WHERE key = ?");
        select.bind(1, std::string_view(key));
        if (rc == SQLITE_OK) rc = select.step();
        if (rc != SQLITE_ROW) return fail(rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, doing);
        *target = select.text(0);
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return fail(rc, doing);
    return ok_status();
}

Result<std::unique_ptr<ResponseStore>> ResponseStore::open(const fs::path& data_dir) {
    if (auto made = make_data_dir(data_dir); !made) return made.error();

    auto impl = std::make_unique<Impl>();
    impl->file = data_dir / "standpoint.db";
    // Ask the OS first: SQLite quietly opens an unwritable file read-only, and on a read-only
    // mount it fails later with a vaguer "cannot open" (the -wal file cannot be made). access()
    // also answers EROFS for root, whom file modes do not stop. The folder must be writable
    // too: WAL keeps its -wal and -shm files beside the database.
    for (const fs::path& must_write : {data_dir, impl->file}) {
        if (::access(must_write.c_str(), W_OK) != 0 && errno != ENOENT) {
            const int access_errno = errno;
            if (access_errno == EROFS || access_errno == EACCES || access_errno == EPERM) {
                return Error{
                    "The kiosk's store is read-only, so the kiosk cannot save responses (" +
                        must_write.string() + ": " + std::strerror(access_errno) + ").",
                    ErrorKind::read_only};
            }
        }
    }
    // SQLite would make a new file 0644 (and its -wal and -shm after it): the answers are nobody
    // else's to read, so the file is made 0600 first, and an older, wider one is narrowed.
    if (const int fd = ::open(impl->file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        fd >= 0) {
        ::close(fd);
    } else if (struct stat info{}; ::stat(impl->file.c_str(), &info) == 0 &&
                                   S_ISREG(info.st_mode) && (info.st_mode & 077) != 0) {
        ::chmod(impl->file.c_str(), 0600);
    }
    sqlite3* raw = nullptr;
    // FULLMUTEX: one connection, normally used by the worker thread only, but a staff screen
    // reading counts from another thread must not be able to corrupt it.
    const int rc = sqlite3_open_v2(
        impl->file.c_str(), &raw,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    impl->db.reset(raw);  // sqlite3_open_v2 makes a handle even when it fails
    if (rc != SQLITE_OK) return impl->fail(rc, "open its store");
    sqlite3_extended_result_codes(raw, 1);

    if (auto done = impl->configure(); !done) return done.error();
    if (auto done = impl->check_integrity(); !done) return done.error();
    if (auto done = impl->migrate(); !done) return done.error();

    // Test-only hook (tests/store): caps the file at this many pages, SQLite's own "disk full",
    // so SQLITE_FULL can be tested without root. SQLite never shrinks the cap below the pages the
    // file already has. Not for production: an environment variable is not a configuration.
    if (const char* pages = std::getenv("STANDPOINT_TEST_MAX_PAGES"); pages != nullptr) {
        const std::string sql = "PRAGMA max_page_count = " + std::to_string(std::atol(pages));
        if (auto done = impl->exec(sql.c_str(), "set a test page limit"); !done)
            return done.error();
    }

    if (auto done = impl->claim_identity_and_prove_writable(); !done) return done.error();
    if (sqlite3_db_readonly(raw, "main") == 1) {
        // Belt and braces: SQLite silently falls back to read-only for a file it may not write.
        return store_error(raw, SQLITE_READONLY, impl->file, "write to its store");
    }
    return std::unique_ptr<ResponseStore>(new ResponseStore(std::move(impl)));
}

Result<std::unique_ptr<ResponseStore>> ResponseStore::open_to_read(const fs::path& data_dir) {
    auto impl = std::make_unique<Impl>();
    impl->file = data_dir / "standpoint.db";
    std::error_code error;
    if (!fs::is_regular_file(impl->file, error)) {
        return Error{"There is no kiosk store to read at " + impl->file.string() +
                     ". Give the kiosk's data folder with --data DIR."};
    }
    // Read-only, and nothing created: a WAL database normally needs its -shm file, and making one
    // on a full disk fails. With no WAL content (the kiosk closed cleanly) the main file is the
    // whole store and is opened `immutable` (no -shm, no locks; the CLI made sure no kiosk holds
    // it). A WAL left by a killed kiosk is read with the file, through the -shm it left too.
    std::error_code wal_error;
    const auto wal_bytes = fs::file_size(fs::path(impl->file.string() + "-wal"), wal_error);
    const bool has_wal = !wal_error && wal_bytes > 0;
    const std::string uri =
        "file:" + uri_path(impl->file.string()) + (has_wal ? "?mode=ro" : "?mode=ro&immutable=1");
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK) return impl->fail(rc, "open its store to read it");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);

    auto version = impl->pragma_text("PRAGMA user_version", "read its store");
    if (!version) return version.error();
    const auto known = std::to_string(schema::migrations.size());
    if (*version != known) {
        return Error{"The kiosk's store " + impl->file.string() + " is at schema " + *version +
                     " and this version of Standpoint reads schema " + known +
                     " only; upgrading it needs a write, which this store cannot take now. Free "
                     "some space (or make it writable) and open it normally."};
    }
    if (auto done = impl->check_integrity(); !done) return done.error();
    for (auto [key, target] : {std::pair{"device_id", &impl->device_id},
                               std::pair{"db_instance_id", &impl->db_instance_id}}) {
        sqlite::Statement select;
        int read_rc = select.prepare(raw, "SELECT value FROM meta WHERE key = ?");
        select.bind(1, std::string_view(key));
        if (read_rc == SQLITE_OK) read_rc = select.step();
        if (read_rc != SQLITE_ROW)
            return impl->fail(read_rc == SQLITE_DONE ? SQLITE_CORRUPT : read_rc, "read its store");
        *target = select.text(0);
    }
    return std::unique_ptr<ResponseStore>(new ResponseStore(std::move(impl)));
}

ResponseStore::ResponseStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResponseStore::~ResponseStore() = default;

const std::string& ResponseStore::device_id() const { return impl_->device_id; }
const fs::path& ResponseStore::file_path() const { return impl_->file; }

// [SECTION] Saving and reading ----------------------------------------------------------------

Result<std::int64_t> ResponseStore::save(const Response& response) {
    if (response.id.empty()) return Error{"A response without an id cannot be saved (a bug)."};
    const std::string doing = "save the response";
    sqlite3* db = impl_->db.get();

    // Serialise before the transaction: nlohmann may throw (invalid UTF-8 in a text answer), and
    // an exception must not cross into the worker thread.
    std::string answers_json;
    try {
        answers_json = answers_to_json(response.answers).dump();
    } catch (const std::exception& error) {
        return Error{std::string("The kiosk could not save the response: its answers could not be "
                                 "written as JSON (") +
                     error.what() + ")."};
    }
    const std::string answers_sha256 = sha256_hex(answers_json);

    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);

    // The same id again (a retried save) is the response already kept: answer with its seq and
    // change nothing, so a retry can never make a second row or a second seq.
    sqlite::Statement existing;
    rc = existing.prepare(db, "SELECT seq FROM response WHERE id = ?");
    existing.bind(1, response.id);
    if (rc == SQLITE_OK) rc = existing.step();
    if (rc == SQLITE_ROW)
        return existing.integer(0);  // the transaction rolls back: nothing written
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    sqlite::Statement insert;
    rc = insert.prepare(db,
                        "INSERT INTO response(id, survey_id, survey_version, survey_sha256, "
                        "event_id, device_id, started_at, completed_at, utc_offset_minutes, "
                        "language, status, answers_json, answers_sha256) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, response.id);
    insert.bind(2, response.survey.id);
    insert.bind(3, std::int64_t{response.survey.version});
    insert.bind(4, response.survey.sha256);
    insert.bind(5, response.event_id);
    insert.bind(6, response.device_id);
    insert.bind(7, format_utc(response.started_at));
    insert.bind(8, format_utc(response.completed_at));
    insert.bind(9, std::int64_t{response.utc_offset_minutes});
    insert.bind(10, response.language);
    insert.bind(11, std::string_view(to_string(response.status)));
    insert.bind(12, answers_json);
    insert.bind(13, answers_sha256);
    if (rc == SQLITE_OK) rc = insert.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    // The seq is the AUTOINCREMENT rowid, assigned inside this same transaction: a response
    // and its seq become durable together or not at all.
    const std::int64_t seq = sqlite3_last_insert_rowid(db);

    // INVARIANT: a response is durable before the thank-you screen shows. This COMMIT is the
    // durability point (WAL + synchronous=FULL: the WAL is fsynced before it returns); the app
    // feeds Saved to the session, and so shows Thanks, only after save() returned a seq.
    // Covered by tests/store/kill_driver.cpp (kill -9 at random moments).
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return seq;
}

Status ResponseStore::remember_survey(const SurveyRef& survey, std::string_view file_bytes) {
    return remember_survey(survey, KeptSurvey{std::string(file_bytes), "", ""});
}

Status ResponseStore::remember_survey(const SurveyRef& survey, const KeptSurvey& kept) {
    // The key must be the hash of these very bytes, or the collector would be sent a definition
    // that is not the one the responses name.
    const std::string sha256 = sha256_hex(kept.definition);
    if (!survey.sha256.empty() && survey.sha256 != sha256) {
        return Error{"The kiosk could not keep a copy of survey \"" + survey.id +
                     "\": the file's bytes do not match its SHA-256 (it changed on disk after it "
                     "was loaded). Restart the kiosk to load it again."};
    }
    const std::string doing = "keep a copy of the survey";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    sqlite::Statement insert;
    // Keyed by content: the same bytes again is a no-op, and a stored definition never changes.
    rc = insert.prepare(db,
                        "INSERT OR IGNORE INTO survey(sha256, id, version, definition) "
                        "VALUES (?, ?, ?, ?)");
    insert.bind(1, sha256);
    insert.bind(2, survey.id);
    insert.bind(3, std::int64_t{survey.version});
    insert.bind(4, std::string_view(kept.definition));
    if (rc == SQLITE_OK) rc = insert.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    if (kept.has_source()) {
        // The first file a definition was chosen as stays (survey_source_is_immutable).
        sqlite::Statement source;
        rc = source.prepare(db,
                            "INSERT OR IGNORE INTO survey_source(survey_sha256, file_name, "
                            "sha256, bytes) VALUES (?, ?, ?, ?)");
        source.bind(1, sha256);
        source.bind(2, kept.source_name);
        source.bind(3, sha256_hex(kept.source_bytes));
        source.bind_blob(4, kept.source_bytes);
        if (rc == SQLITE_OK) rc = source.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return ok_status();
}

Result<std::int64_t> ResponseStore::count(std::optional<ResponseStatus> status) {
    sqlite::Statement select;
    int rc = SQLITE_OK;
    if (status) {
        rc = select.prepare(impl_->db.get(), "SELECT count(*) FROM response WHERE status = ?");
        select.bind(1, std::string_view(to_string(*status)));
    } else {
        rc = select.prepare(impl_->db.get(), "SELECT count(*) FROM response");
    }
    if (rc == SQLITE_OK) rc = select.step();
    if (rc != SQLITE_ROW) return impl_->fail(rc, "count the responses");
    return select.integer(0);
}

Result<std::vector<StoredResponse>> ResponseStore::responses_after(std::int64_t seq, int limit) {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(),
                            std::string(select_columns) + "WHERE seq > ? ORDER BY seq LIMIT ?");
    select.bind(1, seq);
    select.bind(2, std::int64_t{limit});
    std::vector<StoredResponse> rows;
    rc = read_all(select, rc, read_row, rows);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, "read the responses");
    return rows;
}

Result<std::optional<StoredResponse>> ResponseStore::find(const std::string& response_id) {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(), std::string(select_columns) + "WHERE id = ?");
    select.bind(1, response_id);
    if (rc == SQLITE_OK) rc = select.step();
    if (rc == SQLITE_ROW) return std::optional<StoredResponse>(read_row(select));
    if (rc == SQLITE_DONE) return std::optional<StoredResponse>();
    return impl_->fail(rc, "read a response");
}

Result<StoreHealth> ResponseStore::health() {
    StoreHealth health;
    auto mode = impl_->pragma_text("PRAGMA journal_mode", "read its store's settings");
    if (!mode) return mode.error();
    health.journal_mode = *mode;
    auto synchronous = impl_->pragma_text("PRAGMA synchronous", "read its store's settings");
    if (!synchronous) return synchronous.error();
    health.synchronous = std::atoi(synchronous->c_str());
    auto version = impl_->pragma_text("PRAGMA user_version", "read its store's settings");
    if (!version) return version.error();
    health.schema_version = std::atoi(version->c_str());
    auto check = impl_->pragma_text("PRAGMA quick_check", "check its store");
    if (!check) return check.error();
    health.quick_check = *check;
    health.db_instance_id = impl_->db_instance_id;
    return health;
}

// [SECTION] Sync outbox -----------------------------------------------------------------------

namespace {

FrozenBatch read_batch(const sqlite::Statement& row) {
    FrozenBatch batch;
    batch.batch_id = row.text(0);
    batch.body_gz = row.blob(1);
    batch.first_seq = row.integer(2);
    batch.last_seq = row.integer(3);
    batch.response_count = row.integer(4);
    batch.attempts = row.integer(5);
    return batch;
}

constexpr const char* select_batch_columns =
    "SELECT batch_id, body_gz, first_seq, last_seq, response_count, attempts FROM batch ";

}  // namespace

Result<std::optional<FrozenBatch>> ResponseStore::freeze_next_batch(
    int max_responses, const BatchBodyMaker& make_body) {
    const std::string doing = "prepare responses for sending";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);

    // The stored hash is what travels, so a row whose bytes no longer match it must not: each
    // damaged one found is marked and the batch is read again (at least one fewer each time).
    std::vector<StoredResponse> rows;
    for (;;) {
        sqlite::Statement select;
        rc = select.prepare(db, std::string(select_columns) +
                                    "WHERE state = 'pending' AND batch_id IS NULL AND "
                                    "damaged_at IS NULL ORDER BY seq LIMIT ?");
        select.bind(1, std::int64_t{max_responses < 1 ? 1 : max_responses});
        rows.clear();
        rc = read_all(select, rc, read_row, rows);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, doing);
        const auto damaged = damaged_among(rows);
        if (damaged.empty()) break;
        rc = mark_damaged(db, damaged);
        if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    }
    if (rows.empty()) {
        // Marks made above must stay even when nothing is left to send.
        rc = transaction.commit();
        if (rc != SQLITE_OK) return impl_->fail(rc, doing);
        return std::optional<FrozenBatch>();
    }

    std::vector<StoredSurvey> surveys;
    for (const StoredResponse& row : rows) {
        const std::string& sha = row.response.survey.sha256;
        bool have = false;
        for (const StoredSurvey& survey : surveys) have = have || survey.ref.sha256 == sha;
        if (have) continue;
        sqlite::Statement find_survey;
        rc = find_survey.prepare(db, "SELECT id, version, definition FROM survey WHERE sha256 = ?");
        find_survey.bind(1, sha);
        if (rc == SQLITE_OK) rc = find_survey.step();
        if (rc == SQLITE_ROW) {
            surveys.push_back(StoredSurvey{
                SurveyRef{find_survey.text(0), static_cast<int>(find_survey.integer(1)), sha},
                find_survey.blob(2), "", ""});  // a batch carries the definition only
        } else if (rc != SQLITE_DONE) {
            return impl_->fail(rc, doing);
        }
    }

    FrozenBatch batch;
    batch.batch_id = new_uuid_v4();
    batch.first_seq = rows.front().seq;
    batch.last_seq = rows.back().seq;
    batch.response_count = static_cast<std::int64_t>(rows.size());
    // Seqs between the collector's watermark and this batch that the kiosk no longer holds (a
    // full wipe deleted them unsent) would leave a hole the watermark never passes, and the
    // restored-collector rule would then resend forever. When nothing held lies in between, the
    // range starts right after the watermark: "every seq in the range the kiosk holds is in it".
    sqlite::Statement gap;
    rc = gap.prepare(db,
                     "SELECT w.value + 1 FROM (SELECT coalesce((SELECT CAST(value AS INTEGER) "
                     "FROM meta WHERE key = 'collector_watermark'), 0) AS value) w "
                     "WHERE w.value + 1 < ?1 AND NOT EXISTS "
                     "(SELECT 1 FROM response WHERE seq > w.value AND seq < ?1 AND "
                     "damaged_at IS NULL)");
    gap.bind(1, batch.first_seq);
    if (rc == SQLITE_OK) rc = gap.step();
    if (rc == SQLITE_ROW) {
        batch.first_seq = gap.integer(0);
    } else if (rc != SQLITE_DONE) {
        return impl_->fail(rc, doing);
    }
    auto body = make_body(batch.batch_id, batch.first_seq, rows, surveys);
    if (!body) return body.error();
    batch.body_gz = std::move(*body);

    sqlite::Statement insert;
    rc = insert.prepare(db,
                        "INSERT INTO batch(batch_id, body_gz, first_seq, last_seq, response_count, "
                        "attempts) VALUES (?, ?, ?, ?, ?, 1)");
    insert.bind(1, batch.batch_id);
    insert.bind_blob(2, batch.body_gz);
    insert.bind(3, batch.first_seq);
    insert.bind(4, batch.last_seq);
    insert.bind(5, batch.response_count);
    if (rc == SQLITE_OK) rc = insert.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    sqlite::Statement assign;
    rc = assign.prepare(db,
                        "UPDATE response SET batch_id = ? WHERE state = 'pending' AND "
                        "batch_id IS NULL AND damaged_at IS NULL AND seq BETWEEN ? AND ?");
    assign.bind(1, batch.batch_id);
    assign.bind(2, batch.first_seq);
    assign.bind(3, batch.last_seq);
    if (rc == SQLITE_OK) rc = assign.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    batch.attempts = 1;  // frozen to be sent now: that send is counted with it, in one commit
    batch.just_frozen = true;
    return std::optional<FrozenBatch>(std::move(batch));
}

Result<std::vector<FrozenBatch>> ResponseStore::pending_batches() {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(), std::string(select_batch_columns) +
                                                 "WHERE state = 'open' ORDER BY first_seq");
    std::vector<FrozenBatch> batches;
    rc = read_all(select, rc, read_batch, batches);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, "read the sending queue");
    return batches;
}

Result<std::int64_t> ResponseStore::refreeze_damaged_batches(const BatchBodyReader& read_body) {
    const std::string doing = "check the responses waiting to be sent";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);

    sqlite::Statement open_batches;
    rc = open_batches.prepare(db, std::string(select_batch_columns) + "WHERE state = 'open'");
    std::vector<FrozenBatch> batches;
    rc = read_all(open_batches, rc, read_batch, batches);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, doing);

    std::int64_t refrozen = 0;
    for (const FrozenBatch& batch : batches) {
        sqlite::Statement select;
        rc = select.prepare(
            db, std::string(select_columns) + "WHERE " + pending_in_batch + " ORDER BY seq");
        select.bind(1, batch.batch_id);
        std::vector<StoredResponse> rows;
        rc = read_all(select, rc, read_row, rows);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, doing);
        rc = mark_damaged(db, damaged_among(rows));
        if (rc != SQLITE_OK) return impl_->fail(rc, doing);

        // The body must carry exactly these responses, each with the hash stored at save time.
        std::map<std::string, std::string> stored_hash;
        for (const StoredResponse& row : rows) stored_hash[row.response.id] = row.answers_sha256;
        auto carried = read_body(batch.body_gz);
        bool is_authentic = carried.ok() && carried->size() == rows.size();
        if (is_authentic) {
            for (const CarriedAnswers& answers : *carried) {
                const auto found = stored_hash.find(answers.id);
                is_authentic =
                    is_authentic && found != stored_hash.end() && found->second == answers.sha256;
            }
        }
        if (is_authentic) continue;

        // Re-frozen: the same move as a 413 split (the batch is never sent again, its responses
        // go back to the queue), which the batch triggers allow for an open batch only.
        sqlite::Statement split;
        rc = split.prepare(
            db, "UPDATE batch SET state = 'split' WHERE batch_id = ? AND state = 'open'");
        split.bind(1, batch.batch_id);
        if (rc == SQLITE_OK) rc = split.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
        sqlite::Statement requeue;
        rc = requeue.prepare(db, requeue_batch_rows);
        requeue.bind(1, batch.batch_id);
        if (rc == SQLITE_OK) rc = requeue.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
        ++refrozen;
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return refrozen;
}

Status ResponseStore::record_attempt(const std::string& batch_id) {
    sqlite::Statement update;
    int rc = update.prepare(impl_->db.get(),
                            "UPDATE batch SET attempts = attempts + 1 WHERE batch_id = ?");
    update.bind(1, batch_id);
    if (rc == SQLITE_OK) rc = update.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, "note a sending attempt");
    return ok_status();
}

Status ResponseStore::mark_batch_synced(const std::string& batch_id,
                                        const std::vector<SyncedItem>& results) {
    const std::string doing = "record what the collector received";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);

    // Nearly every item is stored without a word (created or duplicate): those are settled by
    // one statement over the batch's rows; any other item by its own.
    nlohmann::json stored_ids = nlohmann::json::array();
    std::vector<const SyncedItem*> one_by_one;
    for (const SyncedItem& item : results) {
        const bool stored =
            item.status == ItemStatus::created || item.status == ItemStatus::duplicate;
        if (stored && item.reason.empty())
            stored_ids.push_back(item.id);
        else
            one_by_one.push_back(&item);
    }
    std::string stored_ids_json;
    try {
        stored_ids_json = stored_ids.dump();
    } catch (const nlohmann::json::exception&) {  // an id that is not text: each on its own
        stored_ids_json = "[]";
        one_by_one.clear();
        for (const SyncedItem& item : results) one_by_one.push_back(&item);
    }
    sqlite::Statement settle;
    rc = settle.prepare(db, std::string("UPDATE response SET state = 'synced', last_error = '', "
                                        "synced_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                                        "WHERE ") +
                                pending_in_batch + " AND id IN (SELECT value FROM json_each(?2))");
    settle.bind(1, batch_id);
    settle.bind(2, stored_ids_json);
    if (rc == SQLITE_OK) rc = settle.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    sqlite::Statement update;  // prepared once for the whole answer
    rc = update.prepare(db,
                        "UPDATE response SET state = ?, last_error = ?, synced_at = "
                        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                        "WHERE id = ? AND batch_id = ? AND state = 'pending'");
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    for (const SyncedItem* each : one_by_one) {
        const SyncedItem& item = *each;
        const bool stored =
            item.status == ItemStatus::created || item.status == ItemStatus::duplicate;
        const std::string state = stored ? "synced" : to_string(item.status);
        update.reset();
        update.bind(1, state);
        update.bind(2, item.reason);
        update.bind(3, item.id);
        update.bind(4, batch_id);
        rc = update.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    }
    // Anything of this batch the answer did not settle goes back to the queue.
    sqlite::Statement requeue;
    rc = requeue.prepare(db, requeue_batch_rows);
    requeue.bind(1, batch_id);
    if (rc == SQLITE_OK) rc = requeue.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    sqlite::Statement done;
    rc = done.prepare(db, "UPDATE batch SET state = 'done' WHERE batch_id = ?");
    done.bind(1, batch_id);
    if (rc == SQLITE_OK) rc = done.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);

    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    if (sqlite3_get_autocommit(db) != 0) impl_->trim_wal();  // else: after the outer commit
    return ok_status();
}

Status ResponseStore::in_one_transaction(const std::function<Status()>& work) {
    const std::string doing = "record what the collector received";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    if (Status done = work(); !done) return done;  // rolled back
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    impl_->trim_wal();
    return ok_status();
}

Status ResponseStore::unfreeze_batch(const std::string& batch_id) {
    const std::string doing = "split a batch the collector found too large";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    // The trigger refuses a 'done' batch, so a batch answered 200 can never be re-cut.
    sqlite::Statement split;
    rc =
        split.prepare(db, "UPDATE batch SET state = 'split' WHERE batch_id = ? AND state = 'open'");
    split.bind(1, batch_id);
    if (rc == SQLITE_OK) rc = split.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    if (sqlite3_changes(db) != 1)
        return Error{"Batch " + batch_id + " is not waiting to be sent, so it cannot be split."};
    sqlite::Statement requeue;
    rc = requeue.prepare(db, requeue_batch_rows);
    requeue.bind(1, batch_id);
    if (rc == SQLITE_OK) rc = requeue.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return ok_status();
}

Result<OutboxCounts> ResponseStore::outbox_counts() {
    sqlite::Statement select;
    int rc = select.prepare(
        impl_->db.get(),
        "SELECT (SELECT count(*) FROM response WHERE state = 'pending' AND damaged_at IS NULL), "
        "(SELECT count(*) FROM response WHERE state = 'synced'), "
        "(SELECT count(*) FROM response WHERE state = 'conflict'), "
        "(SELECT count(*) FROM response WHERE state = 'rejected'), "
        "(SELECT count(*) FROM batch WHERE state = 'open'), "
        "(SELECT count(*) FROM response WHERE damaged_at IS NOT NULL)");
    if (rc == SQLITE_OK) rc = select.step();
    if (rc != SQLITE_ROW) return impl_->fail(rc, "count the responses waiting to be sent");
    return OutboxCounts{select.integer(0), select.integer(1), select.integer(2),
                        select.integer(3), select.integer(4), select.integer(5)};
}

Result<CollectorMemory> ResponseStore::collector_memory() {
    sqlite::Statement select;
    int rc = select.prepare(
        impl_->db.get(),
        "SELECT coalesce((SELECT value FROM meta WHERE key = 'collector_epoch'), ''), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'collector_watermark'), 0), "
        "coalesce((SELECT max(seq) FROM response WHERE state = 'synced'), 0)");
    if (rc == SQLITE_OK) rc = select.step();
    if (rc != SQLITE_ROW) return impl_->fail(rc, "read what the collector last acknowledged");
    return CollectorMemory{select.text(0), select.integer(1), select.integer(2)};
}

Result<std::int64_t> ResponseStore::note_collector(const std::string& epoch, std::int64_t watermark,
                                                   std::optional<std::int64_t> resend_above) {
    const std::string doing = "remember what the collector acknowledged";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    std::int64_t reopened = 0;
    if (resend_above) {
        // Only 'synced' rows: conflict/rejected keep their reason, and a done batch stays done
        // (its bytes and state are guarded by triggers); these rows get new batches.
        sqlite::Statement reopen;
        rc = reopen.prepare(db,
                            "UPDATE response SET state = 'pending', batch_id = NULL, "
                            "synced_at = NULL WHERE state = 'synced' AND seq > ?");
        reopen.bind(1, *resend_above);
        if (rc == SQLITE_OK) rc = reopen.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
        reopened = sqlite3_changes(db);
    }
    const std::pair<const char*, std::string> rows[] = {
        {"collector_epoch", epoch}, {"collector_watermark", std::to_string(watermark)}};
    for (const auto& [key, value] : rows) {
        sqlite::Statement put;
        rc = put.prepare(db,
                         "INSERT INTO meta(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        put.bind(1, std::string_view(key));
        put.bind(2, value);
        if (rc == SQLITE_OK) rc = put.step();
        if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return reopened;
}

// [SECTION] Export and wipe -------------------------------------------------------------------

namespace {

// The filter as SQL on the response table, always binding ?1..?3 ("" = no limit). completed_at is
// format_utc text of fixed width, so text order is time order.
constexpr const char* filter_where =
    "(?1 = '' OR event_id = ?1) AND (?2 = '' OR completed_at >= ?2) AND "
    "(?3 = '' OR completed_at < ?3) ";

void bind_filter(sqlite::Statement& statement, const ExportFilter& filter) {
    statement.bind(1, filter.event_id);
    statement.bind(2, filter.completed_from ? format_utc(*filter.completed_from) : std::string());
    statement.bind(3,
                   filter.completed_before ? format_utc(*filter.completed_before) : std::string());
}

StoredSurvey read_survey(const sqlite::Statement& row) {
    return StoredSurvey{SurveyRef{row.text(1), static_cast<int>(row.integer(2)), row.text(0)},
                        row.blob(3), row.text(4), row.blob(5)};
}

ExportRecord read_export(const sqlite::Statement& row) {
    return ExportRecord{row.text(0), row.text(1), parse_utc(row.text(2)), row.integer(3)};
}

WipeReport read_wipe(const sqlite::Statement& row) {
    return WipeReport{parse_utc(row.text(0)), row.integer(1) != 0, row.text(2), row.integer(3),
                      row.integer(4)};
}

}  // namespace

Result<std::vector<StoredResponse>> ResponseStore::responses_for_export(
    const ExportFilter& filter) {
    auto rows = rows_for_export(filter);
    if (!rows) return rows.error();
    return std::move(rows->responses);
}

Result<ExportRows> ResponseStore::rows_for_export(const ExportFilter& filter) {
    const std::string doing = "read the responses for the export";
    sqlite3* db = impl_->db.get();
    // One transaction: the responses and the surveys they name are one consistent snapshot.
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);

    sqlite::Statement select;
    rc = select.prepare(db, std::string(select_columns) + "WHERE " + filter_where + "ORDER BY seq");
    bind_filter(select, filter);
    std::vector<StoredResponse> rows;
    rc = read_all(select, rc, read_row, rows);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, doing);

    // The answers are typed by the survey they were given on: each stored definition is parsed
    // once. A response whose survey the store never kept cannot be read honestly, so it is an
    // Error rather than a row of blanks in the spreadsheet.
    ExportRows out;
    std::map<std::string, Survey> surveys;
    for (StoredResponse& row : rows) {
        // Damaged bytes are not what the resident said: set apart, never parsed, never a reason
        // to stop (the stored hash decides, whether or not the row was marked yet).
        if (!answers_are_intact(row)) {
            out.damaged.push_back(std::move(row));
            continue;
        }
        const SurveyRef& ref = row.response.survey;
        auto known = surveys.find(ref.sha256);
        if (known == surveys.end()) {
            sqlite::Statement find_survey;
            rc = find_survey.prepare(db, "SELECT definition FROM survey WHERE sha256 = ?");
            find_survey.bind(1, ref.sha256);
            if (rc == SQLITE_OK) rc = find_survey.step();
            if (rc == SQLITE_DONE) {
                return Error{"Response " + row.response.id + " was given on survey \"" + ref.id +
                             "\" version " + std::to_string(ref.version) +
                             ", but the store holds no copy of that survey file (SHA-256 " +
                             ref.sha256 +
                             "), so its answers cannot be read for the export. Call support: "
                             "the response itself is safe in the store."};
            }
            if (rc != SQLITE_ROW) return impl_->fail(rc, doing);
            auto parsed = parse_survey(find_survey.blob(0), "stored survey \"" + ref.id + "\"");
            if (!parsed) {
                return Error{"The store's copy of survey \"" + ref.id + "\" version " +
                             std::to_string(ref.version) +
                             " cannot be read, so its responses cannot be exported: " +
                             parsed.error().message};
            }
            known = surveys.emplace(ref.sha256, std::move(parsed.value())).first;
        }
        auto answers =
            stored_answers_for_export(row.response.id, row.answers_json, known->second);
        if (!answers) return answers.error();
        row.response.answers = std::move(answers.value());
        out.responses.push_back(std::move(row));
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return out;
}

Result<std::vector<StoredResponse>> ResponseStore::export_rows_after(const ExportFilter& filter,
                                                                     std::int64_t after_seq,
                                                                     int limit) {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(), std::string(select_columns) + "WHERE " +
                                                 filter_where + "AND seq > ?4 ORDER BY seq LIMIT ?5");
    bind_filter(select, filter);
    select.bind(4, after_seq);
    select.bind(5, static_cast<std::int64_t>(limit));
    std::vector<StoredResponse> rows;
    rows.reserve(static_cast<std::size_t>(limit > 0 ? limit : 0));
    rc = read_all(select, rc, read_row, rows);
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return impl_->fail(rc, "read the responses for the export");
    return rows;
}

Result<std::vector<StoredSurvey>> ResponseStore::stored_surveys() {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(),
                            "SELECT survey.sha256, id, version, definition, "
                            "coalesce(file_name, ''), coalesce(bytes, x'') FROM survey "
                            "LEFT JOIN survey_source ON survey_sha256 = survey.sha256 "
                            "ORDER BY id, version, survey.sha256");
    std::vector<StoredSurvey> surveys;
    rc = read_all(select, rc, read_survey, surveys);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, "read the stored surveys");
    return surveys;
}

Status ResponseStore::record_export(const ExportRecord& record,
                                    const std::vector<std::string>& response_ids) {
    const std::string doing = "remember the export";
    sqlite3* db = impl_->db.get();
    const std::string export_id = record.export_id.empty() ? new_uuid_v4() : record.export_id;
    std::string ids_json;
    try {
        ids_json = nlohmann::json(response_ids).dump();
    } catch (const std::exception& error) {
        return Error{std::string("The kiosk could not remember the export: a response id is not "
                                 "valid text (") +
                     error.what() + ")."};
    }

    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    sqlite::Statement insert;
    rc = insert.prepare(db,
                        "INSERT INTO export(export_id, folder, at, response_count) "
                        "VALUES (?, ?, ?, ?)");
    insert.bind(1, export_id);
    insert.bind(2, record.folder);
    insert.bind(3, format_utc(record.at));
    insert.bind(4, record.response_count);
    if (rc == SQLITE_OK) rc = insert.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    // One statement for any number of ids (json_each). The first verified export a response went
    // out in stays its mark; exporting it again changes nothing.
    sqlite::Statement mark;
    rc = mark.prepare(db,
                      "UPDATE response SET exported_in = ?1 WHERE exported_in IS NULL AND "
                      "id IN (SELECT value FROM json_each(?2))");
    mark.bind(1, export_id);
    mark.bind(2, ids_json);
    if (rc == SQLITE_OK) rc = mark.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return ok_status();
}

Result<std::vector<ExportRecord>> ResponseStore::exports() {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(),
                            "SELECT export_id, folder, at, response_count FROM export "
                            "ORDER BY at DESC, rowid DESC");
    std::vector<ExportRecord> records;
    rc = read_all(select, rc, read_export, records);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, "read the list of exports");
    return records;
}

Result<WipeReport> ResponseStore::wipe(WipeScope scope, const std::string& reason) {
    const std::string doing = "delete the responses";
    sqlite3* db = impl_->db.get();
    WipeReport report;
    report.at = Clock::now();
    const bool only_safe = scope != WipeScope::everything;
    report.only_safe = only_safe;
    report.reason = reason;

    // Deleted content is overwritten with zeros, so what residents said does not linger in the
    // file's free pages after staff were told it is gone. Debian builds SQLite with this on by
    // default; saying so here keeps it true on any other build. Left on: the store deletes
    // rarely, and only this.
    if (auto done = impl_->exec("PRAGMA secure_delete = ON", doing); !done) return done.error();

    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    const auto run = [db](const char* sql) { return sqlite::exec(db, sql); };

    sqlite::Statement total;
    rc = total.prepare(db, "SELECT count(*) FROM response");
    if (rc == SQLITE_OK) rc = total.step();
    if (rc != SQLITE_ROW) return impl_->fail(rc, doing);
    const std::int64_t before = total.integer(0);

    // The unsynced guard is lifted for this transaction only (schema.hpp, migration 3): staff
    // typed the confirmation, or the stick's checked copy is the one that counts. The permit row
    // is gone again before COMMIT.
    const bool lifts_guard = scope != WipeScope::synced_and_exported;
    rc = lifts_guard ? run("INSERT INTO wipe_permit(only_row) VALUES (1)") : SQLITE_OK;
    if (rc == SQLITE_OK) {
        rc = run(scope == WipeScope::synced_and_exported
                     ? "DELETE FROM response WHERE state = 'synced' AND exported_in IS NOT NULL"
                 : scope == WipeScope::exported
                     ? "DELETE FROM response WHERE exported_in IS NOT NULL"
                     : "DELETE FROM response");
        report.deleted = sqlite3_changes(db);
    }
    if (rc == SQLITE_OK && lifts_guard) rc = run("DELETE FROM wipe_permit");
    // Batches whose responses are all gone: their bodies hold the same answers. An open batch is
    // still to be sent, so it stays (unless everything goes).
    if (rc == SQLITE_OK)
        rc = run(scope == WipeScope::everything
                     ? "DELETE FROM batch"
                     : "DELETE FROM batch WHERE state <> 'open' AND NOT EXISTS "
                       "(SELECT 1 FROM response WHERE response.batch_id = batch.batch_id)");
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    report.kept = before - report.deleted;

    sqlite::Statement log;
    rc = log.prepare(db,
                     "INSERT INTO wipe_log(at, only_safe, reason, deleted, kept) "
                     "VALUES (?, ?, ?, ?, ?)");
    log.bind(1, format_utc(report.at));
    log.bind(2, std::int64_t{only_safe ? 1 : 0});
    log.bind(3, reason);
    log.bind(4, report.deleted);
    log.bind(5, report.kept);
    if (rc == SQLITE_OK) rc = log.step();
    if (rc != SQLITE_DONE) return impl_->fail(rc, doing);
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return report;
}

Result<std::vector<WipeReport>> ResponseStore::wipes() {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(),
                            "SELECT at, only_safe, reason, deleted, kept FROM wipe_log "
                            "ORDER BY seq DESC");
    std::vector<WipeReport> reports;
    rc = read_all(select, rc, read_wipe, reports);
    if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, "read the wipe log");
    return reports;
}

Result<DayCounts> ResponseStore::counts_for(const ExportFilter& filter) {
    sqlite::Statement select;
    int rc =
        select.prepare(impl_->db.get(), std::string("SELECT coalesce(sum(status = 'complete'), 0), "
                                                    "coalesce(sum(status = 'partial'), 0), "
                                                    "coalesce(sum(state <> 'synced'), 0), "
                                                    "coalesce(sum(exported_in IS NULL), 0), "
                                                    "coalesce(sum(damaged_at IS NOT NULL), 0), "
                                                    "coalesce(sum(state <> 'synced' AND "
                                                    "exported_in IS NULL), 0) "
                                                    "FROM response WHERE ") +
                                            filter_where);
    bind_filter(select, filter);
    if (rc == SQLITE_OK) rc = select.step();
    if (rc != SQLITE_ROW) return impl_->fail(rc, "count the responses");
    return DayCounts{select.integer(0), select.integer(1), select.integer(2),
                     select.integer(3), select.integer(4), select.integer(5)};
}

// [SECTION] Damaged answers -------------------------------------------------------------------

Result<std::int64_t> ResponseStore::find_damaged_answers() {
    const std::string doing = "check the stored answers";
    sqlite3* db = impl_->db.get();
    sqlite::Transaction transaction(db);
    int rc = transaction.begin();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    // Every row, a page of rows at a time, so memory stays bounded on a store of any size.
    std::int64_t after = 0;
    std::int64_t found = 0;
    for (;;) {
        sqlite::Statement select;
        rc = select.prepare(db, std::string(select_columns) +
                                    "WHERE seq > ? AND damaged_at IS NULL ORDER BY seq LIMIT 500");
        select.bind(1, after);
        std::vector<StoredResponse> rows;
        rc = read_all(select, rc, read_row, rows);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) return impl_->fail(rc, doing);
        if (rows.empty()) break;
        after = rows.back().seq;
        const auto damaged = damaged_among(rows);
        rc = mark_damaged(db, damaged);
        if (rc != SQLITE_OK) return impl_->fail(rc, doing);
        found += static_cast<std::int64_t>(damaged.size());
    }
    rc = transaction.commit();
    if (rc != SQLITE_OK) return impl_->fail(rc, doing);
    return found;
}

Result<std::vector<DamagedResponse>> ResponseStore::damaged_responses() {
    sqlite::Statement select;
    int rc = select.prepare(impl_->db.get(),
                            "SELECT seq, id, event_id, damaged_at FROM response "
                            "WHERE damaged_at IS NOT NULL ORDER BY seq");
    std::vector<DamagedResponse> damaged;
    rc = read_all(
        select, rc,
        [](const sqlite::Statement& row) {
            return DamagedResponse{row.integer(0), row.text(1), row.text(2), row.text(3)};
        },
        damaged);
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return impl_->fail(rc, "read the list of damaged responses");
    return damaged;
}

fs::path default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/')
        return fs::path(xdg) / "standpoint";
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0')
        return fs::path(home) / ".local" / "share" / "standpoint";
    std::error_code error;  // no home at all (a bare service account): the working folder
    return fs::current_path(error) / "standpoint-data";
}

}  // namespace standpoint
