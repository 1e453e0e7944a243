// kill -9 of the collector while a kiosk syncs through it, in a loop, restarting it each time on
// the same SQLite file and port. The kiosk's sync engine keeps going the whole time (as the kiosk's
// sync thread would). Afterwards: the queue drains, the collector holds every response exactly once,
// and both SQLite files pass integrity_check.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/client/sync_client.hpp"
#include "tests/sync/collector_child.hpp"
#include "tests/sync/fault_proxy.hpp"

using namespace standpoint;
using namespace standpoint::test;

namespace {

std::string integrity_check(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    std::string result = "cannot open";
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) ==
                SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return result;
}

}  // namespace

TEST_CASE("kill -9 of the collector during commits, 10 times, loses and duplicates nothing") {
    constexpr int total = 600;  // 120 batches of 5: each costs tens of ms
    TempDir kiosk_dir, collector_dir;
    const auto collector_db = collector_dir.path() / "collector.db";
    CollectorChild collector(STANDPOINT_COLLECTOR, {"--db", collector_db.string()});
    const std::string token = collector.add_device("kill-test-kiosk");
    REQUIRE_FALSE(token.empty());
    // A fixed port, so the kiosk's endpoint stays the same across restarts (SO_REUSEADDR).
    const int port = free_port();
    const std::string listen = "127.0.0.1:" + std::to_string(port);

    auto store = open_store(kiosk_dir.path());
    const auto ids = fill_store_varied(*store, total);

    SyncConfig config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.token = token;
    config.batch_size = 5;  // many small commits, so the kills land in the middle of them
    config.connect_timeout_ms = 1000;
    config.timeout_ms = 3000;
    config.low_speed_time_s = 2;

    // The kiosk side: attempts back to back (no backoff, to keep the test short) until the queue
    // is empty and the main thread says the collector will stay up.
    std::atomic<bool> last_run{false}, drained{false}, stop{false}, engine_failed{false};
    std::atomic<int> delivered{0}, failed{0};
    std::string engine_error;
    std::thread kiosk([&] {
        SyncEngine engine(config, run_directly(*store), &stop);
        while (!stop.load()) {
            auto attempt = engine.attempt();
            if (!attempt.ok()) {
                engine_error = attempt.error().message;  // read only after join
                engine_failed = true;
                return;
            }
            if (!attempt->has_value()) {
                if (last_run.load()) {
                    drained = true;
                    return;
                }
            } else if ((*attempt)->outcome == Outcome::delivered) {
                ++delivered;
            } else {
                ++failed;
            }
            if (!attempt->has_value() || (*attempt)->outcome != Outcome::delivered)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    struct Joiner {  // also on a failed REQUIRE: stop the kiosk thread before the store goes
        std::thread& thread;
        std::atomic<bool>& stop;
        ~Joiner() {
            stop = true;
            if (thread.joinable()) thread.join();
        }
    } joiner{kiosk, stop};

    std::mt19937 random(20261123);
    int kills_while_busy = 0;
    for (int round = 0; round < 10; ++round) {
        REQUIRE(collector.start(listen) == port);
        const int before = delivered.load();
        // Once batches flow again (a loaded machine or a sanitizer build is slow to start), kill
        // at a random moment while they do: the kill lands in the middle of commits.
        const auto flowing_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (delivered.load() == before && std::chrono::steady_clock::now() < flowing_by)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 40));
        collector.stop(SIGKILL);
        if (delivered.load() > before) ++kills_while_busy;
    }
    MESSAGE("batches delivered during the kill loop: " << delivered.load()
                                                       << ", failed attempts: " << failed.load()
                                                       << ", rounds with deliveries: "
                                                       << kills_while_busy);
    // The kills landed while batches were flowing: some went through, not all.
    CHECK(kills_while_busy >= 8);
    CHECK(delivered.load() > 0);
    CHECK(delivered.load() < total / config.batch_size);

    REQUIRE(collector.start(listen) == port);
    last_run = true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (!drained.load() && !engine_failed.load() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
    kiosk.join();
    REQUIRE_MESSAGE(engine_error.empty(), engine_error);
    REQUIRE(drained.load());

    auto counts = store->outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->pending == 0);
    CHECK(counts->synced == total);
    CHECK(counts->conflict == 0);
    CHECK(counts->open_batches == 0);
    store.reset();

    collector.stop(SIGTERM);
    const std::string stats = collector.command({"stats"});
    INFO(stats);
    CHECK(stats.find("\nresponses " + std::to_string(total) + "\n") != std::string::npos);
    CHECK(stats.find("conflicts 0") != std::string::npos);
    int status = -1;
    std::istringstream lines(collector.command({"export", "--format", "jsonl"}, &status));
    CHECK(status == 0);
    std::multiset<std::string> exported;
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) exported.insert(nlohmann::json::parse(line).at("id").get<std::string>());
    CHECK(exported.size() == ids.size());
    CHECK(std::set<std::string>(exported.begin(), exported.end()) ==
          std::set<std::string>(ids.begin(), ids.end()));

    CHECK(integrity_check(kiosk_dir.path() / "standpoint.db") == "ok");
    CHECK(integrity_check(collector_db) == "ok");
}
