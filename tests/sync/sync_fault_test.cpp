// The sync client against the real standpoint-collector through a fault-injecting proxy, all on
// 127.0.0.1. After every fault: nothing lost, nothing duplicated, and the queue drains once the
// fault clears.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "kiosk/store/store_worker.hpp"
#include "sync/client/sync_client.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"
#include "tests/sync/fault_proxy.hpp"
#include "tests/sync/sync_test_support.hpp"

extern char** environ;

using namespace standpoint;
using namespace standpoint::test;

namespace {

std::string http_answer(const std::string& status_line, const std::string& headers,
                        const std::string& body) {
    return "HTTP/1.1 " + status_line + "\r\n" + headers + "Content-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}
const std::string collector_marker = "X-Collector: standpoint; epoch=fake\r\n";

struct Rig {
    TempDir kiosk_dir;
    TempDir collector_dir;
    CollectorProcess collector{STANDPOINT_COLLECTOR, collector_dir.path()};
    FaultProxy proxy{collector.port()};
    std::unique_ptr<ResponseStore> store = open_store(kiosk_dir.path());

    SyncConfig config(int port = 0) const {
        SyncConfig config;
        config.endpoint = "http://127.0.0.1:" + std::to_string(port != 0 ? port : proxy.port());
        config.token = collector.token();
        config.batch_size = 20;
        config.connect_timeout_ms = 1000;
        config.timeout_ms = 1500;
        config.low_speed_time_s = 1;
        config.idle_poll_ms = 50;
        config.backoff.base_ms = 20;
        config.backoff.cap_ms = 100;
        return config;
    }
};

// Sends until nothing is waiting; every attempt must be delivered.
std::vector<AttemptReport> drain(SyncEngine& engine) {
    std::vector<AttemptReport> reports;
    for (int i = 0; i < 100; ++i) {
        auto attempt = engine.attempt();
        REQUIRE_MESSAGE(attempt.ok(), (attempt.ok() ? "" : attempt.error().message));
        if (!*attempt) return reports;
        INFO((*attempt)->message);
        CHECK((*attempt)->outcome == Outcome::delivered);
        reports.push_back(**attempt);
    }
    FAIL("the queue never drained");
    return reports;
}

void check_everything_arrived_once(Rig& rig, std::int64_t expected) {
    auto counts = rig.store->outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->pending == 0);
    CHECK(counts->synced == expected);
    CHECK(counts->conflict == 0);
    CHECK(counts->open_batches == 0);
    CHECK(rig.collector.responses() == expected);
}

// One fault on the first attempt, then a clean network.
void run_fault(Fault fault, const std::string& canned, Outcome expected) {
    Rig rig;
    fill_store(*rig.store, 30);
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    rig.proxy.set_fault(fault, canned);
    auto first = engine.attempt();
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    CHECK((*first)->outcome == expected);
    CHECK(rig.store->outbox_counts()->pending == 30);  // nothing taken as sent
    // The batch frozen ahead while the first was in flight was let go: only the first waits
    // (none after a 413, whose batch is cut again smaller).
    CHECK(rig.store->outbox_counts()->open_batches == (expected == Outcome::too_large ? 0 : 1));

    rig.proxy.set_fault(Fault::none);
    const auto reports = drain(engine);
    REQUIRE(!reports.empty());
    if (expected != Outcome::too_large) {
        // The same frozen batch went again, not a new one.
        CHECK(reports.front().batch_id == (*first)->batch_id);
        CHECK(reports.front().body_bytes == (*first)->body_bytes);
    }
    check_everything_arrived_once(rig, 30);
}

}  // namespace

TEST_CASE("a clean network delivers every response exactly once") {
    Rig rig;
    fill_store(*rig.store, 45);
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    CHECK(drain(engine).size() == 3);
    check_everything_arrived_once(rig, 45);
}

TEST_CASE("connection refused: nothing lost, the batch waits for the collector") {
    Rig rig;
    fill_store(*rig.store, 10);
    {
        SyncEngine offline(rig.config(free_port()), run_directly(*rig.store), nullptr);
        auto attempt = offline.attempt();
        REQUIRE(attempt.ok());
        CHECK((*attempt)->outcome == Outcome::unknown);
        CHECK((*attempt)->decision.step == NextStep::retry_later);
    }
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    drain(engine);
    check_everything_arrived_once(rig, 10);
}

TEST_CASE("a reset before the request is an unknown outcome and the batch is resent") {
    run_fault(Fault::reset_before, {}, Outcome::unknown);
}

TEST_CASE("a reset after the collector committed is resent and counted once") {
    run_fault(Fault::reset_after_commit, {}, Outcome::unknown);
}

TEST_CASE("a reply slower than the timeout is an unknown outcome and the batch is resent") {
    run_fault(Fault::stall, {}, Outcome::unknown);
}

TEST_CASE("a 500 with Retry-After is retried with the same batch") {
    run_fault(Fault::canned,
              http_answer("500 Internal Server Error", collector_marker + "Retry-After: 2\r\n",
                          R"({"error":"boom"})"),
              Outcome::unknown);
}

TEST_CASE("a 503 with Retry-After waits at least that long") {
    Rig rig;
    fill_store(*rig.store, 5);
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    rig.proxy.set_fault(Fault::canned,
                        http_answer("503 Service Unavailable",
                                    collector_marker + "Retry-After: 7\r\n", R"({"error":"busy"})"));
    auto attempt = engine.attempt();
    REQUIRE(attempt.ok());
    CHECK((*attempt)->outcome == Outcome::throttled);
    CHECK((*attempt)->decision.delay_ms >= 7000);
    rig.proxy.set_fault(Fault::none);
    drain(engine);
    check_everything_arrived_once(rig, 5);
}

TEST_CASE("a 413 splits the batch into smaller ones and everything still arrives once") {
    run_fault(Fault::canned,
              http_answer("413 Payload Too Large", collector_marker, R"({"error":"too big"})"),
              Outcome::too_large);
}

TEST_CASE("a 200 with a garbage body is not taken as delivered") {
    run_fault(Fault::canned, http_answer("200 OK", collector_marker, "{\"batch_id\": tru"),
              Outcome::unknown);
}

TEST_CASE("a captive portal's 200 login page is not taken as delivered") {
    run_fault(Fault::canned,
              http_answer("200 OK", "Content-Type: text/html\r\n",
                          "<html><body><form>Hotel Wi-Fi login</form></body></html>"),
              Outcome::unknown);
}

TEST_CASE("the health check recognises the collector and not a portal") {
    Rig rig;
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    HttpAnswer real = engine.health_check();
    CHECK(real.exchange.from_collector);
    CHECK(real.exchange.http_status == 204);
    rig.proxy.set_fault(Fault::canned, http_answer("200 OK", "", "<html>login</html>"));
    HttpAnswer portal = engine.health_check();
    CHECK(portal.exchange.http_status == 200);
    CHECK_FALSE(portal.exchange.from_collector);
}

TEST_CASE("a wrong token stops sync with the reason and sends nothing") {
    Rig rig;
    fill_store(*rig.store, 3);
    SyncConfig config = rig.config();
    config.token = "not-the-token";
    SyncEngine engine(config, run_directly(*rig.store), nullptr);
    auto attempt = engine.attempt();
    REQUIRE(attempt.ok());
    CHECK((*attempt)->outcome == Outcome::refused);
    CHECK((*attempt)->decision.step == NextStep::stop);
    CHECK((*attempt)->message.find("401") != std::string::npos);
    CHECK((*attempt)->message.find("not-the-token") == std::string::npos);
    CHECK(rig.store->outbox_counts()->pending == 3);
}

TEST_CASE("the sync thread drains the queue through the store worker once the fault clears") {
    Rig rig;
    fill_store(*rig.store, 25);
    const std::string device_id = rig.store->device_id();
    StoreWorker worker(std::move(rig.store), {});
    rig.proxy.set_fault(Fault::reset_before);
    {
        SyncThread sync(rig.config(), run_on_worker(worker), {});
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(sync.status().synced == 0);
        CHECK_FALSE(sync.status().last_error.empty());
        rig.proxy.set_fault(Fault::none);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < deadline &&
               (sync.status().synced != 25 || sync.status().pending != 0))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(sync.status().synced == 25);
        CHECK(sync.status().pending == 0);
        CHECK(sync.status().last_error.empty());
        CHECK_FALSE(sync.status().last_success_utc.empty());
    }
    CHECK(rig.collector.responses() == 25);
}

TEST_CASE("when the collector becomes reachable again, a ping ends a long backoff") {
    Rig rig;
    fill_store(*rig.store, 25);
    StoreWorker worker(std::move(rig.store), {});
    rig.proxy.set_fault(Fault::reset_before);
    SyncConfig config = rig.config();
    config.backoff.base_ms = 600'000;  // the cap a kiosk reaches after hours offline
    config.backoff.cap_ms = 600'000;
    config.probe_interval_ms = 200;
    SyncThread sync(config, run_on_worker(worker), {});
    // A backoff long enough that only the probe can explain a delivery within 15 s (the full
    // jitter may draw a short one first; the thread then fails again and draws anew).
    const auto backed_off = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (std::chrono::steady_clock::now() < backed_off && sync.status().next_retry_in_ms < 20'000)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(sync.status().next_retry_in_ms >= 20'000);
    CHECK(sync.status().synced == 0);
    const int refused_connections = rig.proxy.connections();

    rig.proxy.set_fault(Fault::none);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline && sync.status().synced != 25)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(sync.status().synced == 25);
    CHECK(sync.status().pending == 0);
    CHECK(rig.proxy.connections() > refused_connections);
    CHECK(rig.collector.responses() == 25);
}

TEST_CASE("a collector reachable but slow is not probed out of its backoff") {
    Rig rig;
    fill_store(*rig.store, 5);
    StoreWorker worker(std::move(rig.store), {});
    rig.proxy.set_fault(Fault::stall);  // connects, never answers: a timeout on an open connection
    SyncConfig config = rig.config();
    config.backoff.base_ms = 600'000;
    config.backoff.cap_ms = 600'000;
    config.probe_interval_ms = 100;
    SyncThread sync(config, run_on_worker(worker), {});
    const auto backed_off = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (std::chrono::steady_clock::now() < backed_off && sync.status().next_retry_in_ms < 20'000)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(sync.status().next_retry_in_ms >= 20'000);
    const int connections = rig.proxy.connections();
    rig.proxy.set_fault(Fault::none);
    // Long enough for many probes at 100 ms: none is sent, and the batch waits its backoff.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK(rig.proxy.connections() == connections);
    CHECK(sync.status().synced == 0);
}

TEST_CASE("a token file others may read is refused with a clear message") {
    TempDir dir;
    std::ofstream(dir.path() / "sync.json") << R"({"endpoint": "https://collector.example.org"})";
    std::ofstream(dir.path() / "sync-token") << "secret-token\n";
    ::chmod((dir.path() / "sync-token").c_str(), 0644);
    auto config = load_sync_config(dir.path());
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().message.find("chmod 600") != std::string::npos);
    CHECK(config.error().message.find("secret-token") == std::string::npos);
    ::chmod((dir.path() / "sync-token").c_str(), 0600);
    auto fixed = load_sync_config(dir.path());
    REQUIRE(fixed.ok());
    REQUIRE(fixed->has_value());
    CHECK((*fixed)->token == "secret-token");
}

#ifdef STANDPOINT_EXE
TEST_CASE("kill -9 of standpoint sync in a loop loses and duplicates nothing") {
    Rig rig;
    fill_store(*rig.store, 2000);
    rig.store.reset();  // the sync processes own the file now (one writer)
    const auto dir = rig.kiosk_dir.path();
    std::ofstream(dir / "sync.json") << R"({"endpoint": "http://127.0.0.1:)"
                                     << rig.collector.port() << R"(", "batch_size": 10})";
    {
        std::ofstream token(dir / "sync-token");
        token << rig.collector.token() << '\n';
    }
    ::chmod((dir / "sync-token").c_str(), 0600);
    const std::string exe = STANDPOINT_EXE, data = dir.string();
    std::vector<char*> args = {const_cast<char*>(exe.c_str()), const_cast<char*>("sync"),
                               const_cast<char*>("--once"), const_cast<char*>("--data"),
                               const_cast<char*>(data.c_str()), nullptr};
    // The kill window starts after the program's own start-up, which is ~10x slower under
    // ASan on a loaded machine (measured: 220 ms), or no kill would ever land during sync.
    const auto startup_began = std::chrono::steady_clock::now();
    {
        TempDir scratch;
        run_capture({exe, "status", "--data", scratch.path().string()});
    }
    const auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - startup_began)
                                .count();
    std::mt19937 random(12345);
    for (int round = 0; round < 15; ++round) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        std::this_thread::sleep_for(std::chrono::milliseconds(startup_ms + 5 + random() % 60));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    {
        // The kills landed during sync: some batches made it, not all.
        auto store = open_store(dir);
        const auto synced = store->outbox_counts()->synced;
        MESSAGE("synced before the last run: " << synced);
        CHECK(synced > 0);
        CHECK(synced < 2000);
    }
    int status = 0;
    const std::string out = run_capture({exe, "sync", "--once", "--data", data}, &status);
    INFO(out);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    rig.store = open_store(dir);
    auto health = rig.store->health();
    REQUIRE(health.ok());
    CHECK(health->quick_check == "ok");
    check_everything_arrived_once(rig, 2000);
    CHECK(rig.collector.stats().find("conflicts 0") != std::string::npos);
}
#endif

TEST_CASE("a single response answered 413 is kept and retried later, not split forever") {
    Rig rig;
    fill_store(*rig.store, 1);
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    rig.proxy.set_fault(Fault::canned, http_answer("413 Payload Too Large", collector_marker,
                                                   R"({"error":"too big"})"));
    auto attempt = engine.attempt();
    REQUIRE(attempt.ok());
    CHECK((*attempt)->outcome == Outcome::too_large);
    CHECK((*attempt)->decision.step == NextStep::retry_later);
    const auto open = rig.store->pending_batches();
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);  // kept frozen, not unfrozen
    CHECK(open->front().batch_id == (*attempt)->batch_id);
    rig.proxy.set_fault(Fault::none);
    drain(engine);
    check_everything_arrived_once(rig, 1);
}

TEST_CASE("a collector restored from an older backup gets every lost response again, once each") {
    TempDir kiosk_dir, collector_dir, backup_dir;
    auto store = open_store(kiosk_dir.path());
    std::optional<CollectorProcess> collector;
    collector.emplace(STANDPOINT_COLLECTOR, collector_dir.path());
    const std::string token = collector->token();
    auto config = [&] {
        SyncConfig c;
        c.endpoint = "http://127.0.0.1:" + std::to_string(collector->port());
        c.token = token;
        c.batch_size = 20;
        c.idle_poll_ms = 50;
        return c;
    };
    const auto epoch_of = [&] {
        const std::string stats = collector->stats();
        return stats.substr(0, stats.find('\n'));
    };

    fill_store(*store, 60);
    {
        SyncEngine engine(config(), run_directly(*store), nullptr);
        drain(engine);
    }
    // The backup: a consistent copy taken while the collector runs.
    const auto backup = backup_dir.path() / "collector.db";
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((collector_dir.path() / "collector.db").c_str(), &db) == SQLITE_OK);
        const std::string sql = "VACUUM INTO '" + backup.string() + "'";
        CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    const std::string epoch_before = epoch_of();
    fill_store(*store, 60, 60);
    {
        SyncEngine engine(config(), run_directly(*store), nullptr);
        drain(engine);
    }
    REQUIRE(collector->responses() == 120);
    REQUIRE(store->collector_memory()->watermark == 120);

    // Restore: the collector loses responses 61..120 and its watermark falls back to 60.
    collector.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(collector_dir.path() / (std::string("collector.db") + suffix));
    std::filesystem::copy_file(backup, collector_dir.path() / "collector.db");
    collector.emplace(STANDPOINT_COLLECTOR, collector_dir.path(), token);
    REQUIRE(collector->responses() == 60);
    // The epoch lives in the collector's database, so the restored file brings the same epoch
    // back: the watermark rule is the one that fires here, not the epoch rule.
    CHECK(epoch_of() == epoch_before);

    // Nothing is pending, so the kiosk learns of the restore with its next batch.
    fill_store(*store, 5, 120);
    SyncEngine engine(config(), run_directly(*store), nullptr);
    const auto reports = drain(engine);
    REQUIRE(!reports.empty());
    CHECK(reports.front().resent_after_restore == 65);  // 61..120 and the 5 new ones
    auto counts = store->outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->pending == 0);
    CHECK(counts->synced == 125);
    CHECK(counts->open_batches == 0);
    CHECK(collector->responses() == 125);
    CHECK(collector->stats().find("conflicts 0") != std::string::npos);
}

namespace {

// The format of every batch the kiosk froze, oldest first ("standpoint-batch/1" or "/2").
std::vector<std::string> frozen_formats(ResponseStore& store) {
    std::vector<std::string> formats;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(store.file_path().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT body_gz FROM batch ORDER BY rowid", -1, &select,
                               nullptr) == SQLITE_OK);
    while (sqlite3_step(select) == SQLITE_ROW) {
        const std::string gz(static_cast<const char*>(sqlite3_column_blob(select, 0)),
                             static_cast<std::size_t>(sqlite3_column_bytes(select, 0)));
        auto json = gzip_decompress(gz, max_batch_json_bytes);
        REQUIRE(json.ok());
        auto batch = decode_batch(*json);
        REQUIRE(batch.ok());
        formats.push_back(batch->format_version == 2 ? "/2" : "/1");
    }
    sqlite3_finalize(select);
    sqlite3_close(db);
    return formats;
}

}  // namespace

TEST_CASE("a kiosk sends batch/2 to a collector that names it, and batch/1 to one that does not") {
    Rig rig;
    fill_store(*rig.store, 25);
    {
        // A collector from before batch/2: its ping answer names no formats.
        SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
        rig.proxy.set_fault(Fault::canned, http_answer("204 No Content", collector_marker, ""));
        CHECK(engine.ping().exchange.from_collector);
        rig.proxy.set_fault(Fault::none);
        drain(engine);
    }
    fill_store(*rig.store, 25, 25);
    {
        SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
        drain(engine);
    }
    CHECK(frozen_formats(*rig.store) == std::vector<std::string>{"/1", "/1", "/2", "/2"});
    check_everything_arrived_once(rig, 50);
}

TEST_CASE("a collector that lost a survey's definition asks for it, and the kiosk sends it") {
    Rig rig;
    fill_store(*rig.store, 20);
    SyncEngine engine(rig.config(), run_directly(*rig.store), nullptr);
    drain(engine);  // the definition went with the first batch and was acknowledged
    fill_store(*rig.store, 20, 20);
    drain(engine);  // no definition in this one
    // The collector loses its surveys (a database rebuilt or restored without them).
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((rig.collector_dir.path() / "collector.db").c_str(), &db) ==
                SQLITE_OK);
        CHECK(sqlite3_exec(db, "DELETE FROM surveys", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    CHECK(rig.collector.stats().find("surveys 0") != std::string::npos);
    fill_store(*rig.store, 5, 40);
    auto asked = engine.attempt();
    REQUIRE(asked.ok());
    REQUIRE(asked->has_value());
    CHECK((*asked)->outcome == Outcome::survey_wanted);
    CHECK((*asked)->decision.step == NextStep::resend_with_surveys);
    const auto reports = drain(engine);
    REQUIRE(reports.size() == 1);
    CHECK(reports.front().batch_id != (*asked)->batch_id);  // frozen anew, with the definition
    check_everything_arrived_once(rig, 45);
    CHECK(rig.collector.stats().find("surveys 1") != std::string::npos);
    CHECK(frozen_formats(*rig.store) == std::vector<std::string>{"/2", "/2", "/2", "/2"});
}
