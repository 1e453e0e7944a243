#include <libpq-fe.h>

#include "sync/collector/sql.hpp"

namespace standpoint {

namespace {

// "?" -> "$1", "$2"... outside quoted strings (our statements never put ? inside quotes anyway).
std::string to_dollar_params(std::string_view sql) {
    std::string out;
    int next = 1;
    bool quoted = false;
    for (char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) {
            out += '$' + std::to_string(next++);
        } else {
            out += c;
        }
    }
    return out;
}

class PgConnection final : public SqlConnection {
public:
    explicit PgConnection(PGconn* connection) : connection_(connection) {}
    ~PgConnection() override { PQfinish(connection_); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Result<std::vector<SqlRow>> query(std::string_view sql,
                                      const std::vector<SqlValue>& params) override {
        const std::string text = to_dollar_params(sql);
        std::vector<std::string> values;
        values.reserve(params.size());
        for (const SqlValue& param : params) {
            values.push_back(std::holds_alternative<std::string>(param)
                                 ? std::get<std::string>(param)
                                 : std::to_string(std::get<std::int64_t>(param)));
        }
        std::vector<const char*> pointers;
        for (const std::string& value : values) pointers.push_back(value.c_str());
        std::unique_ptr<PGresult, decltype(&PQclear)> result(
            PQexecParams(connection_, text.c_str(), static_cast<int>(pointers.size()), nullptr,
                         pointers.data(), nullptr, nullptr, 0),
            PQclear);
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return Error{std::string("PostgreSQL: ") + PQerrorMessage(connection_)};
        }
        std::vector<SqlRow> rows;
        for (int row = 0; row < PQntuples(result.get()); ++row) {
            SqlRow out;
            for (int column = 0; column < PQnfields(result.get()); ++column) {
                out.emplace_back(PQgetvalue(result.get(), row, column),
                                 static_cast<std::size_t>(PQgetlength(result.get(), row, column)));
            }
            rows.push_back(std::move(out));
        }
        return rows;
    }

    Status exec_script(std::string_view sql) override {
        const std::string text(sql);
        std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection_, text.c_str()),
                                                             PQclear);
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return Error{std::string("PostgreSQL: ") + PQerrorMessage(connection_)};
        }
        return ok_status();
    }

    // READ COMMITTED is enough: the handler locks the device's watermark row first.
    Status begin_write() override { return exec_script("BEGIN"); }
    const char* dialect() const override { return "postgresql"; }

private:
    PGconn* connection_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> open_postgresql(const std::string& conninfo) {
    PGconn* raw = PQconnectdb(conninfo.c_str());
    auto connection = std::make_unique<PgConnection>(raw);
    if (PQstatus(raw) != CONNECTION_OK) {
        return Error{std::string("Could not connect to PostgreSQL: ") + PQerrorMessage(raw)};
    }
    // An acknowledged batch must be on disk: never let a server setting weaken commits.
    if (Status sync = connection->exec_script("SET synchronous_commit = on; SET client_min_messages = warning");
        !sync) {
        return sync.error();
    }
    return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace standpoint
