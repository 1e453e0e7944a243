#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "sync/collector/sql.hpp"

namespace standpoint {

namespace {

class SqliteConnection final : public SqlConnection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [text, statement] : prepared_) sqlite3_finalize(statement);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Result<std::vector<SqlRow>> query(std::string_view sql,
                                      const std::vector<SqlValue>& params) override {
        sqlite3_stmt* raw = prepared(sql);
        if (raw == nullptr) return failure();
        // Reset however the statement ends, so the next use starts clean and no read stays open.
        struct Rewind {
            sqlite3_stmt* statement;
            ~Rewind() {
                sqlite3_reset(statement);
                sqlite3_clear_bindings(statement);
            }
        } rewind{raw};
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            if (const auto* text = std::get_if<std::string>(&params[i])) {
                sqlite3_bind_text(raw, index, text->data(), static_cast<int>(text->size()),
                                  SQLITE_TRANSIENT);
            } else {
                sqlite3_bind_int64(raw, index, std::get<std::int64_t>(params[i]));
            }
        }
        std::vector<SqlRow> rows;
        for (;;) {
            const int step = sqlite3_step(raw);
            if (step == SQLITE_DONE) break;
            if (step != SQLITE_ROW) return failure();
            SqlRow row;
            for (int column = 0; column < sqlite3_column_count(raw); ++column) {
                const auto* text = sqlite3_column_text(raw, column);
                const int bytes = sqlite3_column_bytes(raw, column);
                row.emplace_back(text == nullptr ? ""
                                                 : std::string(reinterpret_cast<const char*>(text),
                                                               static_cast<std::size_t>(bytes)));
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    Status exec_script(std::string_view sql) override {
        const std::string text(sql);
        if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            return failure().error();
        }
        return ok_status();
    }

    // IMMEDIATE takes the write lock now, so the transaction never fails halfway on a lock.
    Status begin_write() override { return exec_script("BEGIN IMMEDIATE"); }
    const char* dialect() const override { return "sqlite"; }

private:
    // Statements are prepared once and kept: a batch runs the same few statements for every
    // record, and preparing the response INSERT cost more than running it. The collector's
    // statements are a fixed set of literals (plus one multi-row INSERT per row count), so the
    // cache stays small; the cap only guards against a caller that builds SQL from data.
    sqlite3_stmt* prepared(std::string_view sql) {
        const std::string key(sql);
        if (const auto found = prepared_.find(key); found != prepared_.end()) return found->second;
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                               SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
            sqlite3_finalize(raw);
            return nullptr;
        }
        if (prepared_.size() >= max_prepared) {
            for (auto& [text, statement] : prepared_) sqlite3_finalize(statement);
            prepared_.clear();
        }
        prepared_.emplace(key, raw);
        return raw;
    }

    static constexpr std::size_t max_prepared = 128;
    std::unordered_map<std::string, sqlite3_stmt*> prepared_;

    Result<std::vector<SqlRow>> failure() {
        return Error{std::string("SQLite: ") + sqlite3_errmsg(db_)};
    }
    sqlite3* db_;
};

// The answers are personal: a new database (and its -wal and -shm, which SQLite creates with
// the database's mode) is 0600, a folder made for it 0700. An existing file keeps its mode.
Status create_private(const std::string& path) {
    const std::filesystem::path file(path);
    std::error_code error;
    if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), error)) {
        std::filesystem::create_directories(file.parent_path(), error);
        if (error) {
            return Error{"Could not create the folder " + file.parent_path().string() + ": " +
                         error.message()};
        }
        std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, error);
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    } else if (errno != EEXIST) {
        return Error{"Could not create the collector database " + path + ": " +
                     std::strerror(errno)};
    }
    return ok_status();
}

}  // namespace

Result<std::unique_ptr<SqlConnection>> open_sqlite(const std::string& path) {
    if (Status created = create_private(path); !created) return created.error();
    sqlite3* db = nullptr;
    const int opened = sqlite3_open_v2(
        path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    auto connection = std::make_unique<SqliteConnection>(db);
    if (opened != SQLITE_OK) {
        return Error{"Could not open the collector database " + path + ": " + sqlite3_errmsg(db)};
    }
    sqlite3_busy_timeout(db, 10'000);
    // WAL + FULL: a batch answered 200 survives a power cut.
    auto wal = connection->query("PRAGMA journal_mode=WAL", {});
    if (!wal) return wal.error();
    if (Status full = connection->exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
        !full) {
        return full.error();
    }
    return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace standpoint
