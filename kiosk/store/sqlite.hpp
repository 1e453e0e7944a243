// Thin RAII over the SQLite C API, private to kiosk/store (the only part that includes
// <sqlite3.h>). No exceptions: every call returns SQLite's result code, and the caller turns a
// failure into an Error for staff (response_store.cpp knows what each code means for a person).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace standpoint::sqlite {

struct CloseDatabase {
    // close_v2: never leaves a handle behind even if a statement were still alive.
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};

using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// One prepared statement. Binding failures are remembered and reported by step(), so call sites
// read as a straight line: prepare, bind, bind, step.
class Statement {
public:
    int prepare(sqlite3* db, std::string_view sql) {
        sqlite3_stmt* raw = nullptr;
        const int rc =
            sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
        handle_.reset(raw);
        bind_rc_ = SQLITE_OK;
        return rc;
    }

    void bind(int index, std::string_view text) {
        // SQLITE_TRANSIENT: SQLite copies, so the caller's string may go away before step().
        remember(sqlite3_bind_text(handle_.get(), index, text.data(), static_cast<int>(text.size()),
                                   SQLITE_TRANSIENT));
    }
    void bind_blob(int index, std::string_view bytes) {
        remember(sqlite3_bind_blob(handle_.get(), index, bytes.data(),
                                   static_cast<int>(bytes.size()), SQLITE_TRANSIENT));
    }
    void bind(int index, std::int64_t value) {
        remember(sqlite3_bind_int64(handle_.get(), index, value));
    }

    // For running the same statement again with new bindings (prepared once per batch).
    void reset() {
        sqlite3_reset(handle_.get());
        sqlite3_clear_bindings(handle_.get());
        bind_rc_ = SQLITE_OK;
    }

    // SQLITE_ROW, SQLITE_DONE, or an error code.
    int step() {
        if (bind_rc_ != SQLITE_OK) return bind_rc_;
        return sqlite3_step(handle_.get());
    }

    std::string text(int column) const {
        const auto* bytes = sqlite3_column_text(handle_.get(), column);
        const int size = sqlite3_column_bytes(handle_.get(), column);
        if (bytes == nullptr) return {};
        return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    }
    std::string blob(int column) const {
        const void* bytes = sqlite3_column_blob(handle_.get(), column);
        const int size = sqlite3_column_bytes(handle_.get(), column);
        if (bytes == nullptr) return {};
        return std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(handle_.get(), column); }

private:
    void remember(int rc) {
        if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    }

    StatementHandle handle_;
    int bind_rc_ = SQLITE_OK;
};

inline int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// BEGIN IMMEDIATE (the write lock up front, so a transaction never fails half-way for a lock);
// rolls back on destruction unless commit() succeeded. Inside a transaction already open (steps
// grouped so they cost one WAL sync, ResponseStore::in_one_transaction) it is a SAVEPOINT: its
// commit joins the outer transaction, its rollback undoes only its own writes.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db) {}
    ~Transaction() {
        if (!is_open_) return;
        if (is_nested_) {
            exec(db_, "ROLLBACK TO nested; RELEASE nested");
        } else {
            exec(db_, "ROLLBACK");
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    int begin() {
        is_nested_ = sqlite3_get_autocommit(db_) == 0;
        const int rc = exec(db_, is_nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
        is_open_ = rc == SQLITE_OK;
        return rc;
    }
    int commit() {
        const int rc = exec(db_, is_nested_ ? "RELEASE nested" : "COMMIT");
        // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY): the destructor
        // rolls it back. If SQLite already rolled back, ROLLBACK is a harmless error.
        if (rc == SQLITE_OK) is_open_ = false;
        return rc;
    }

private:
    sqlite3* db_;
    bool is_open_ = false;
    bool is_nested_ = false;
};

}  // namespace standpoint::sqlite
