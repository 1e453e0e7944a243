// The collector's two databases behind one tiny interface: SQLite (embedded default) and
// PostgreSQL (libpq). Statements are written once with `?` placeholders; the PostgreSQL side
// turns them into $1, $2... Both speak INSERT ... ON CONFLICT DO NOTHING and RETURNING.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint {

using SqlValue = std::variant<std::string, std::int64_t>;
using SqlRow = std::vector<std::string>;  // every column as text; NULL reads as ""

class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    // One statement with parameters; returns its rows.
    virtual Result<std::vector<SqlRow>> query(std::string_view sql,
                                              const std::vector<SqlValue>& params = {}) = 0;
    // Statements separated by ';', no parameters (schema).
    virtual Status exec_script(std::string_view sql) = 0;
    // Opens a write transaction that is serialised against other writers.
    virtual Status begin_write() = 0;
    virtual const char* dialect() const = 0;  // "sqlite" | "postgresql"
};

// `path`: the SQLite file (WAL, synchronous=FULL, busy timeout).
Result<std::unique_ptr<SqlConnection>> open_sqlite(const std::string& path);
// `conninfo`: a libpq connection string ("host=... port=... dbname=...").
Result<std::unique_ptr<SqlConnection>> open_postgresql(const std::string& conninfo);

}  // namespace standpoint
