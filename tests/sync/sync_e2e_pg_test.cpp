// End to end on PostgreSQL: a kiosk store full of responses -> the real sync engine (libcurl) ->
// a real `standpoint-collector serve --pg` on the private cluster tests/sync/pg_cluster.sh starts
// -> every response id arrives once, with answers_json byte-equal to the kiosk's stored bytes.
#include <sqlite3.h>

#include <map>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/client/sync_client.hpp"
#include "tests/sync/collector_child.hpp"
#include "tests/sync/fault_proxy.hpp"

using namespace standpoint;
using namespace standpoint::test;

namespace {

std::string to_hex(const std::string& bytes) {
    static const char* const digits = "0123456789abcdef";
    std::string hex;
    for (const unsigned char c : bytes) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    return hex;
}

// id -> hex of answers_json, read from the kiosk's file with a connection of its own.
std::map<std::string, std::string> kiosk_answers(const std::filesystem::path& dir) {
    std::map<std::string, std::string> rows;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((dir / "standpoint.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id, answers_json FROM response", -1, &statement,
                               nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        const std::string id = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        const std::string answers(static_cast<const char*>(sqlite3_column_blob(statement, 1)),
                                  static_cast<std::size_t>(sqlite3_column_bytes(statement, 1)));
        rows[id] = to_hex(answers);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

// run_capture does not search PATH; psql sits next to the server pg_cluster.sh uses.
std::string psql_path() {
    std::string found = "/usr/bin/psql";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
        const auto candidate = entry.path() / "bin" / "psql";
        if (std::filesystem::exists(candidate) && candidate.string() > found) found = candidate;
    }
    return found;
}

}  // namespace

TEST_CASE("500 responses synced to a PostgreSQL collector arrive once with byte-equal answers") {
    const char* conninfo = std::getenv("STANDPOINT_TEST_PG");
    REQUIRE_MESSAGE(conninfo != nullptr, "run me through tests/sync/pg_cluster.sh");
    constexpr int total = 500;
    CollectorChild collector(STANDPOINT_COLLECTOR, {"--pg", conninfo});
    const std::string token = collector.add_device("pg-e2e-kiosk");
    REQUIRE_FALSE(token.empty());
    const int port = collector.start("127.0.0.1:0");

    TempDir kiosk_dir;
    auto store = open_store(kiosk_dir.path());
    const std::string device_id = store->device_id();
    const auto ids = fill_store_varied(*store, total);

    SyncConfig config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.token = token;
    config.batch_size = 64;  // several batches, the last one short
    config.connect_timeout_ms = 2000;
    config.timeout_ms = 10000;
    {
        SyncEngine engine(config, run_directly(*store), nullptr);
        int batches = 0;
        for (;;) {
            auto attempt = engine.attempt();
            REQUIRE_MESSAGE(attempt.ok(), (attempt.ok() ? "" : attempt.error().message));
            if (!attempt->has_value()) break;
            INFO((*attempt)->message);
            REQUIRE((*attempt)->outcome == Outcome::delivered);
            REQUIRE(++batches <= 20);
        }
        CHECK(batches == (total + 63) / 64);
    }
    auto counts = store->outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->pending == 0);
    CHECK(counts->synced == total);
    CHECK(counts->conflict == 0);
    CHECK(counts->rejected == 0);
    store.reset();

    // The collector's own view: export (one line per response) and stats.
    int status = -1;
    std::istringstream lines(collector.command({"export", "--format", "jsonl"}, &status));
    REQUIRE(status == 0);
    std::multiset<std::string> exported;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        const auto record = nlohmann::json::parse(line);
        if (record.at("device_id") == device_id) exported.insert(record.at("id").get<std::string>());
    }
    CHECK(exported.size() == ids.size());
    CHECK(std::set<std::string>(exported.begin(), exported.end()) ==
          std::set<std::string>(ids.begin(), ids.end()));
    const std::string stats = collector.command({"stats"});
    INFO(stats);
    CHECK(stats.find("conflicts 0") != std::string::npos);

    // The stored bytes, straight from PostgreSQL: hex, so nothing in psql's output format can
    // hide a difference (newlines, tabs, backslashes, non-ASCII).
    const std::string query =
        "SELECT id || ' ' || encode(convert_to(answers_json, 'UTF8'), 'hex') FROM responses "
        "WHERE device_id = '" + device_id + "' ORDER BY id";
    status = -1;
    const std::string dump = run_capture({psql_path(), conninfo, "-X", "-q", "-A", "-t",
                                          "-v", "ON_ERROR_STOP=1", "-c", query}, &status);
    REQUIRE(status == 0);
    std::map<std::string, std::string> collected;
    std::istringstream rows(dump);
    for (std::string line; std::getline(rows, line);) {
        const auto space = line.find(' ');
        if (space == std::string::npos) continue;
        collected[line.substr(0, space)] = line.substr(space + 1);
    }
    const auto expected = kiosk_answers(kiosk_dir.path());
    REQUIRE(expected.size() == static_cast<std::size_t>(total));
    CHECK(collected.size() == expected.size());
    int different = 0;
    for (const auto& [id, hex] : expected) {
        const auto found = collected.find(id);
        if (found == collected.end() || found->second != hex) {
            if (++different <= 3) MESSAGE("answers differ for " << id);
        }
    }
    CHECK(different == 0);
    collector.stop(SIGTERM);
}
