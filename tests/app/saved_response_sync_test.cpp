// A saved response wakes the sync thread: with a reachable collector, an answer is there within
// a second, not at the sync thread's next 30 s poll. Everything real: the pure shell, the effects
// runner, the StoreWorker on a real SQLite file, the SyncThread and a collector process.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "kiosk/app/effects_runner.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "sync/client/sync_client.hpp"
#include "tests/sync/collector_child.hpp"

using namespace standpoint;
using namespace standpoint::test;
using namespace std::chrono_literals;

namespace {

int count_at_collector(const std::filesystem::path& db, const std::string& id) {
    sqlite3* handle = nullptr;
    int count = 0;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(handle, "SELECT count(*) FROM responses WHERE id = ?", -1,
                               &statement, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(statement, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(statement) == SQLITE_ROW) count = sqlite3_column_int(statement, 0);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(handle);
    return count;
}

}  // namespace

TEST_CASE("a completed response reaches a reachable collector within a second") {
    TempDir kiosk_dir, collector_dir;
    const auto collector_db = collector_dir.path() / "collector.db";
    CollectorChild collector(STANDPOINT_COLLECTOR, {"--db", collector_db.string()});
    const std::string token = collector.add_device("wake-test-kiosk");
    REQUIRE_FALSE(token.empty());
    const int port = collector.start("127.0.0.1:0");

    const std::string survey_bytes = R"({
      "format": "standpoint-survey/1", "id": "minimal", "version": 1, "languages": ["en"],
      "title": {"en": "Quick"}, "intro": {"en": "Tap"}, "thanks": {"en": "Thanks"},
      "questions": [{"id": "day", "type": "smiley", "required": true,
                     "prompt": {"en": "How is your day?"}}]})";
    Result<Survey> parsed = parse_survey(survey_bytes, "minimal.json");
    REQUIRE(parsed.ok());
    auto survey = std::make_shared<const Survey>(std::move(parsed).value());

    auto store = open_store(kiosk_dir.path());
    REQUIRE(
        store->remember_survey({survey->id, survey->version, survey->sha256}, survey_bytes).ok());
    const std::string device_id = store->device_id();
    StoreWorker worker(std::move(store), {});

    SyncConfig config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.token = token;
    config.idle_poll_ms = 30'000;  // without the wake-up, the answer would wait this long
    SyncThread sync(config, run_on_worker(worker), {});
    std::this_thread::sleep_for(300ms);  // its first look finds nothing to send; now it idles

    app::EffectsSetup setup;
    setup.worker = &worker;
    setup.sync = &sync;
    app::EffectsRunner runner(setup);
    KioskState state;
    state.pin_hash = "$argon2id$stand-in";
    shell::Shell kiosk = shell::start_shell(survey, state, true, "", device_id, Clock::now());
    auto feed = [&](const shell::ShellEvent& event) {
        shell::ShellStep step = shell::advance_shell(std::move(kiosk), event);
        kiosk = std::move(step.shell);
        runner.run(std::move(step.effects));
    };

    const std::string id = "0190f3b2-7c1a-7def-8abc-0123456789ab";
    feed(shell::ResidentInput{Start{id, Clock::now()}});
    feed(shell::ResidentInput{SetAnswer{NumberAnswer{4}, Clock::now()}});
    feed(shell::ResidentInput{Next{Clock::now()}});
    // The frame loop's part: outcomes back into the shell, as each frame does.
    const auto saved_by = Clock::now() + 5s;
    while (!std::holds_alternative<Thanks>(kiosk.session.screen) && Clock::now() < saved_by) {
        for (const shell::ShellEvent& event : runner.take_completions(Clock::now())) feed(event);
        std::this_thread::sleep_for(2ms);
    }
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));

    const auto saved_at = std::chrono::steady_clock::now();
    while (count_at_collector(collector_db, id) == 0 &&
           std::chrono::steady_clock::now() - saved_at < 5s)
        std::this_thread::sleep_for(10ms);
    const auto took = std::chrono::steady_clock::now() - saved_at;
    CHECK(count_at_collector(collector_db, id) == 1);
    CHECK(took < 1s);
}
