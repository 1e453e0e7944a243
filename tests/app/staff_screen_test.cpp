// The staff screen, headless, on a real store: what it shows equals what the SQLite file holds,
// and what it does (switch survey, wipe, event, pause, quit, idle close) it does only as told.
#include <doctest/doctest.h>

#include <fstream>
#include <random>

#include "kiosk/app/cli.hpp"
#include "kiosk/app/frame_loop.hpp"
#include "kiosk/app/staff_words.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/core/random_bytes.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/xlsform/xlsform_export.hpp"
#include "tests/app/staff_fixture.hpp"

namespace standpoint::staff_test {
namespace {

using namespace std::chrono_literals;

// A response to the demo survey, completed at `at`, with answers drawn from `random`. Age is
// skewed so some groups are small (suppressed) and one is empty.
Response seeded_response(const Survey& survey, std::mt19937& random, TimePoint at,
                         const std::string& event_id) {
    Response response;
    response.id = new_uuid_v7();
    response.survey = SurveyRef{survey.id, survey.version, survey.sha256};
    response.event_id = event_id;
    response.device_id = "staff-test";
    response.completed_at = at;
    response.started_at = at - 50s;
    response.utc_offset_minutes = utc_offset_minutes_at(at);
    response.language = "en";
    auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    response.status = pick(10) == 0 ? ResponseStatus::partial : ResponseStatus::complete;
    response.answers["visit"] = NumberAnswer{1 + pick(5)};
    if (response.status == ResponseStatus::partial) return response;  // left after one question
    std::vector<std::string> services;
    for (const char* option :
         {"library", "leisure", "parks", "recycling", "housing", "council_tax"})
        if (pick(3) == 0) services.push_back(option);
    if (!services.empty()) response.answers["services"] = ChoicesAnswer{services};
    response.answers["recommend"] = NumberAnswer{pick(11)};
    if (pick(4) == 0) response.answers["better"] = TextAnswer{"More benches"};
    const int age = pick(100);
    // 16_24 and 75_plus are rare, under_16 never: small and empty groups.
    const char* group = age < 2    ? "75_plus"
                        : age < 5  ? "16_24"
                        : age < 45 ? "25_44"
                        : age < 80 ? "45_64"
                        : age < 92 ? "65_74"
                                   : "prefer_not";
    if (pick(5) != 0) response.answers["age"] = ChoiceAnswer{group};
    return response;
}

}  // namespace

TEST_CASE("today's counts, hours and charts on the staff screen equal SQL counts on the store") {
    const TimePoint now = Clock::now();
    const ExportFilter today = app::local_day_filter("gala", now);
    const auto day_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - *today.completed_from).count();
    StaffScreen screen([&](ResponseStore& store) {
        std::mt19937 random(20261123);
        const Survey survey = headless::demo_survey();
        // 300 today for the event, spread over the day so far; others that must not count.
        for (int i = 0; i < 300; ++i) {
            const TimePoint at = *today.completed_from +
                                 std::chrono::milliseconds(static_cast<std::int64_t>(random()) %
                                                           std::max<std::int64_t>(day_ms, 1));
            REQUIRE(store.save(seeded_response(survey, random, at, "gala")).ok());
        }
        for (int i = 0; i < 20; ++i)
            REQUIRE(store.save(seeded_response(survey, random, now - 1s, "other-event")).ok());
        for (int i = 0; i < 15; ++i)
            REQUIRE(store.save(seeded_response(survey, random, *today.completed_from - 2h, "gala"))
                        .ok());
    });
    app::KioskState state;
    state.event_id = "gala";
    state.event_name = "Summer Gala";
    screen.now = now;
    screen.open(state);
    screen.wait_for("today:complete");

    const std::string where = "event_id = 'gala' AND completed_at >= '" +
                              format_utc(*today.completed_from) + "' AND completed_at < '" +
                              format_utc(*today.completed_before) + "'";
    const std::filesystem::path& db = screen.db();
    const std::int64_t complete =
        sql_count(db, "SELECT COUNT(*) FROM response WHERE " + where + " AND status='complete'");
    const std::int64_t partial =
        sql_count(db, "SELECT COUNT(*) FROM response WHERE " + where + " AND status='partial'");
    CHECK(complete + partial == 300);
    CHECK(screen.drawn("today:complete") == std::to_string(complete));
    CHECK(screen.drawn("today:partial") == std::to_string(partial));

    // Responses per local hour of completion.
    for (int hour = 0; hour < 24; ++hour) {
        char hh[12];
        std::snprintf(hh, sizeof hh, "%02d", hour);
        const std::int64_t in_hour =
            sql_count(db, "SELECT COUNT(*) FROM response WHERE " + where +
                              " AND strftime('%H', completed_at, printf('%+d minutes', "
                              "utc_offset_minutes)) = '" +
                              hh + "'");
        const std::string shown = screen.drawn("hour:" + std::to_string(hour));
        if (in_hour > 0) CHECK_MESSAGE(shown == std::to_string(in_hour), "hour ", hour);
        if (!shown.empty()) CHECK_MESSAGE(shown == std::to_string(in_hour), "hour ", hour);
    }

    // A scale and a smiley: one column per value.
    for (int value = 0; value <= 10; ++value) {
        const std::int64_t count = sql_count(
            db, "SELECT COUNT(*) FROM response WHERE " + where +
                    " AND json_extract(answers_json, '$.recommend') = " + std::to_string(value));
        CHECK_MESSAGE(screen.drawn("recommend:" + std::to_string(value)) == std::to_string(count),
                      "recommend ", value);
    }
    for (int value = 1; value <= 5; ++value) {
        const std::int64_t count = sql_count(
            db, "SELECT COUNT(*) FROM response WHERE " + where +
                    " AND json_extract(answers_json, '$.visit') = " + std::to_string(value));
        CHECK(screen.drawn("visit:" + std::to_string(value)) == std::to_string(count));
    }
    // Multi choice: a response counts once per option ticked.
    for (const char* option :
         {"library", "leisure", "parks", "recycling", "housing", "council_tax"}) {
        const std::int64_t count = sql_count(
            db, std::string("SELECT COUNT(*) FROM response WHERE ") + where +
                    " AND EXISTS (SELECT 1 FROM json_each(answers_json, '$.services') WHERE "
                    "value = '" +
                    option + "')");
        CHECK_MESSAGE(screen.drawn(std::string("services:") + option) == std::to_string(count),
                      option);
    }
    // Equality question: a group under 10 (and not empty) is never shown exact.
    int suppressed = 0;
    for (const char* group :
         {"under_16", "16_24", "25_44", "45_64", "65_74", "75_plus", "prefer_not"}) {
        const std::int64_t count =
            sql_count(db, std::string("SELECT COUNT(*) FROM response WHERE ") + where +
                              " AND json_extract(answers_json, '$.age') = '" + group + "'");
        const std::string shown = screen.drawn(std::string("age:") + group);
        INFO(group, " has ", count, ", shown ", shown);
        if (count > 0 && count < 10) {
            CHECK(shown == "<10");
            ++suppressed;
        } else {
            CHECK((shown == std::to_string(count) || shown == "10+" || shown == "<10"));
        }
    }
    CHECK(suppressed >= 1);  // the seed makes small groups: the rule was exercised
    CHECK(screen.drawn("recommend:words").find("Net Promoter Score") != std::string::npos);
}

TEST_CASE("a broken survey file is refused with its message and a good one switches on confirm") {
    StaffScreen screen;
    const std::filesystem::path data = std::string(STANDPOINT_SOURCE_DIR) + "/tests/data";
    std::filesystem::copy_file(data / "surveys/bad-trailing-comma.json",
                               screen.assets() / "surveys/a-bad-trailing-comma.json");
    std::filesystem::copy_file(data / "surveys/good-minimal.json",
                               screen.assets() / "surveys/b-good-minimal.json");
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:survey");
    for (int i = 0; i < 2000 && screen.target("survey:1") == nullptr; ++i) {
        screen.frame();
        std::this_thread::sleep_for(1ms);
    }
    REQUIRE(screen.target("survey:1") != nullptr);

    CHECK(is<app::StaffStay>(screen.tap("survey:0")));
    const std::string problem = screen.wait_for("survey:problem");
    CHECK(problem.find("keeps the survey it runs now") != std::string::npos);
    CHECK(problem.find("a-bad-trailing-comma.json:") != std::string::npos);  // file and place
    CHECK(screen.target("survey:confirm") == nullptr);
    for (int i = 0; i < 10; ++i) CHECK(is<app::StaffStay>(screen.frame()));

    screen.tap("survey:1");
    const std::string offered = screen.wait_for("survey:to_confirm");
    CHECK(offered.find("version") != std::string::npos);
    CHECK(screen.drawn("survey:problem").empty());
    const app::StaffOutcome outcome = screen.tap("survey:confirm");
    REQUIRE(is<app::StaffSwitchSurvey>(outcome));
    const auto& chosen = std::get<app::StaffSwitchSurvey>(outcome);
    CHECK(chosen.path.filename() == "b-good-minimal.json");
    CHECK(!chosen.kept.definition.empty());
    CHECK(!chosen.kept.has_source());  // a .json is its own definition
    CHECK(chosen.survey.sha256 == parse_survey(chosen.kept.definition, "x").value().sha256);
}

namespace {

// Marks the first `count` responses synced (a batch the collector answered "created") and
// exported (a verified export recorded), as the sync client and the export would.
void sync_and_export_first(ResponseStore& store, int count) {
    auto frozen = store.freeze_next_batch(
        count,
        [](const std::string&, std::int64_t, const std::vector<StoredResponse>&,
           const std::vector<StoredSurvey>&) -> Result<std::string> {
            return std::string("body");
        });
    REQUIRE(frozen.ok());
    REQUIRE(frozen->has_value());
    auto rows = store.responses_after(0, count);
    REQUIRE(rows.ok());
    std::vector<SyncedItem> items;
    std::vector<std::string> ids;
    for (const StoredResponse& row : *rows) {
        items.push_back(SyncedItem{row.response.id, ItemStatus::created, ""});
        ids.push_back(row.response.id);
    }
    REQUIRE(store.mark_batch_synced((**frozen).batch_id, items).ok());
    REQUIRE(
        store.record_export(ExportRecord{new_uuid_v7(), "/media/stick", Clock::now(), count}, ids)
            .ok());
}

}  // namespace

TEST_CASE(
    "wipe keeps what is not synced and exported, and deletes all only after DELETE is typed") {
    StaffScreen screen([](ResponseStore& store) {
        std::mt19937 random(7);
        const Survey survey = headless::demo_survey();
        for (int i = 0; i < 30; ++i)
            REQUIRE(store.save(seeded_response(survey, random, Clock::now(), "gala")).ok());
        sync_and_export_first(store, 10);
    });
    const std::string count_all = "SELECT COUNT(*) FROM response";
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:wipe");
    screen.frame();

    screen.tap("wipe:safe");
    std::string message = screen.wait_for_change("wipe:message", "Deleting...");
    CHECK(message.find("deleted 10 ") != std::string::npos);
    CHECK(message.find("kept 20 ") != std::string::npos);
    CHECK(sql_count(screen.db(), count_all) == 20);
    CHECK(!screen.wait_for("wipe:log").empty());

    // Nothing typed, or the wrong word: refused, nothing deleted.
    screen.tap("wipe:all");
    CHECK(screen.drawn("wipe:message").find("Nothing was deleted") != std::string::npos);
    screen.tap("wipe:word");
    screen.type("DELET");
    screen.tap("wipe:all");
    CHECK(screen.drawn("wipe:message").find("Nothing was deleted") != std::string::npos);
    for (int i = 0; i < 20; ++i) screen.frame();
    CHECK(sql_count(screen.db(), count_all) == 20);

    screen.tap("wipe:word");
    screen.frame();
    screen.frame();
    // The box being typed into is scrolled above the keyboard, with its button beside it.
    CHECK(screen.target("wipe:word") != nullptr);
    CHECK(screen.target("wipe:all") != nullptr);
    screen.type("DELETE");
    // The right word asks once more, saying how many have no copy elsewhere; Cancel keeps all.
    screen.tap("wipe:all");
    CHECK(screen.drawn("wipe:confirm").find("20 responses were never exported or synced") !=
          std::string::npos);
    screen.tap("wipe:all_cancel");
    CHECK(screen.target("wipe:all_yes") == nullptr);
    for (int i = 0; i < 5; ++i) screen.frame();
    CHECK(sql_count(screen.db(), count_all) == 20);
    screen.tap("wipe:word");
    screen.type("DELETE");
    screen.tap("wipe:all");
    screen.tap("wipe:all_yes");
    message = screen.wait_for_change("wipe:message", "Deleting...");
    CHECK(message.find("deleted every response (20)") != std::string::npos);
    CHECK(sql_count(screen.db(), count_all) == 0);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM wipe_log") == 2);
}

TEST_CASE(
    "with no sync set up, the safe delete deletes what a checked export holds; quit says "
    "how many have no copy elsewhere") {
    StaffScreen screen([](ResponseStore& store) {
        std::mt19937 random(11);
        const Survey survey = headless::demo_survey();
        std::vector<std::string> exported;
        for (int i = 0; i < 12; ++i) {
            const Response response = seeded_response(survey, random, Clock::now(), "gala");
            REQUIRE(store.save(response).ok());
            if (i < 5) exported.push_back(response.id);
        }
        REQUIRE(store.record_export({"", "/stick", Clock::now(), 5}, exported).ok());
    });
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:pause_quit");
    screen.tap("quit");
    CHECK(screen.wait_for("quit:only_here").find("7 responses were never exported or synced") !=
          std::string::npos);
    screen.tap("quit:cancel");

    screen.tap("section:wipe");
    CHECK(screen.target("wipe:safe") != nullptr);
    screen.tap("wipe:safe");
    const std::string message = screen.wait_for_change("wipe:message", "Deleting...");
    CHECK(message.find("deleted 5 ") != std::string::npos);
    CHECK(message.find("kept 7 ") != std::string::npos);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM response") == 7);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM response WHERE exported_in IS NULL") == 7);
    CHECK(sql_value(screen.db(), "SELECT reason FROM wipe_log") ==
          "staff screen: exported only (no sync set up)");
}

TEST_CASE("staff read today's comments on the kiosk; personal data stays off the screen") {
    StaffScreen screen([](ResponseStore& store) {
        const Survey survey = headless::demo_survey();
        std::mt19937 random(3);
        const char* said[] = {"More benches", "Mwy o feinciau, plîs", "ہمیں مزید بینچ چاہئیں"};
        const char* languages[] = {"en", "cy", "ur"};
        for (int i = 0; i < 3; ++i) {
            // No event set: responses are filed under the day they were given on.
            Response response = seeded_response(survey, random, Clock::now() - (3 - i) * 1s,
                                                local_date(Clock::now()));
            response.status = ResponseStatus::complete;
            response.language = languages[i];
            response.answers["better"] = TextAnswer{said[i]};
            response.answers["postcode"] = TextAnswer{"CF10 1AA"};
            REQUIRE(store.save(response).ok());
        }
    });
    screen.open(app::KioskState{});
    screen.frame();
    for (int i = 0; i < 400 && screen.target("comments:better") == nullptr; ++i) {
        screen.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(screen.target("comments:better") != nullptr);
    CHECK(screen.target("comments:postcode") == nullptr);  // personal data: not listed
    screen.tap("comments:better");
    CHECK(screen.drawn("comment:0") == "ہمیں مزید بینچ چاہئیں");  // newest first
    CHECK(screen.drawn("comment:1") == "Mwy o feinciau, plîs");
    CHECK(screen.drawn("comment:2") == "More benches");
    for (const auto& [name, words] : screen.view().drawn)
        CHECK_MESSAGE(words.find("CF10") == std::string::npos, name);
    screen.tap("comments:back");
    CHECK(screen.target("comments:better") != nullptr);
}

TEST_CASE("the words for comments, personal data and copies elsewhere") {
    const Survey survey = headless::demo_survey();
    SurveyResults results = summarise(survey, {}, "en");
    int seen = 0;
    for (const ui::QuestionChart& chart : app::charts_for(results)) {
        seen += chart.question_id == "postcode" || chart.question_id == "better";
        if (chart.question_id == "postcode") {
            CHECK(chart.words.find("Personal data: not shown here") != std::string::npos);
            CHECK(chart.words.find("The answers are in the export") == std::string::npos);
        }
        if (chart.question_id == "better")
            CHECK(chart.words.find("in the export") != std::string::npos);
    }
    CHECK(seen == 2);
    CHECK(app::personal_question_names(survey).find("ostcode") != std::string::npos);
    CHECK(app::only_here_in_words(-1).empty());
    CHECK(app::only_here_in_words(1) ==
          "1 response was never exported or synced: this kiosk holds the only copy.");
    CHECK(app::only_here_in_words(0).find("Every response") == 0);
}

TEST_CASE("the staff screen closes itself after 2 minutes untouched, and says when to wake") {
    StaffScreen screen;
    const TimePoint opened = screen.now;
    screen.open(app::KioskState{});
    for (int i = 0; i < 200 && screen.staff().next_deadline() != opened + app::staff_idle_close;
         ++i) {  // today's read is a job: wait for it to finish
        screen.frame();
        std::this_thread::sleep_for(1ms);
    }
    screen.now = opened + 60s;
    CHECK(is<app::StaffStay>(screen.frame()));
    CHECK(screen.staff().next_deadline() == opened + app::staff_idle_close);
    // A touch at 100 s starts the two minutes again.
    screen.now = opened + 100s;
    const TimePoint touched = screen.now;
    screen.tap("section:sync_store");
    for (int i = 0; i < 200 && *screen.staff().next_deadline() < touched + 60s; ++i) {
        screen.frame();
        std::this_thread::sleep_for(1ms);
    }
    const TimePoint deadline = *screen.staff().next_deadline();
    CHECK(deadline >= touched + app::staff_idle_close);
    CHECK(deadline < touched + app::staff_idle_close + 1s);
    screen.now = deadline - 1s;
    CHECK(is<app::StaffStay>(screen.frame()));
    screen.now = deadline;
    CHECK(is<app::StaffClose>(screen.frame()));
    CHECK(!screen.staff().is_open());
    CHECK(!screen.staff().next_deadline());
}

TEST_CASE("event set-up types the name on the keyboard and files under a FAT-safe event id") {
    StaffScreen screen;
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:event");
    screen.tap("event:name");
    screen.type("Summer Gala 26");
    screen.tap("key:done");
    screen.tap("event:venue");
    screen.type("Park");
    const app::StaffOutcome outcome = screen.tap("event:save");
    REQUIRE(is<app::StaffEventSet>(outcome));
    const app::StaffEventSet& state = std::get<app::StaffEventSet>(outcome);
    CHECK(state.event_name == "Summer Gala 26");
    CHECK(state.venue == "Park");
    CHECK(state.event_id == "summer-gala-26");
    CHECK(app::is_valid_event_id(state.event_id));
    CHECK(screen.drawn("event:message").find("summer-gala-26") != std::string::npos);
}

TEST_CASE("event ids made from names are valid ids, whatever the name") {
    CHECK(app::event_id_from_name("Gŵyl Haf 2026") == "g-yl-haf-2026");
    CHECK(app::event_id_from_name("  ...Fête!  ") == "f-te");
    CHECK(app::event_id_from_name("ہمیں") == "");
    CHECK(app::event_id_from_name(std::string(100, 'a')).size() == 48);
    for (const char* name : {"A", "a b", "-x-", "Café 2026/27", "CON", ".hidden"}) {
        const std::string id = app::event_id_from_name(name);
        CHECK_MESSAGE((id.empty() || app::is_valid_event_id(id)), name, " -> ", id);
    }
}

TEST_CASE("pause and resume change the kiosk state; quit asks first") {
    StaffScreen screen;
    screen.open(app::KioskState{});
    screen.frame();
    CHECK(screen.drawn("staff:restart_note").empty());  // a clean start says nothing
    screen.tap("section:pause_quit");
    app::StaffOutcome outcome = screen.tap("pause");
    REQUIRE(is<app::StaffPausedSet>(outcome));
    CHECK(std::get<app::StaffPausedSet>(outcome).is_paused);
    screen.frame();
    outcome = screen.tap("resume");
    REQUIRE(is<app::StaffPausedSet>(outcome));
    CHECK(!std::get<app::StaffPausedSet>(outcome).is_paused);

    CHECK(is<app::StaffStay>(screen.tap("quit")));  // only asks
    CHECK(is<app::StaffStay>(screen.tap("quit:cancel")));
    CHECK(screen.target("quit:yes") == nullptr);
    screen.tap("quit");
    CHECK(is<app::StaffQuit>(screen.tap("quit:yes")));
    CHECK(!screen.staff().is_open());
}

TEST_CASE(
    "the sync panel says when sync is not set up; store health shows its check; a restart "
    "after a crash is shown") {
    StaffScreen screen({}, true);
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:sync_store");
    CHECK(screen.drawn("sync:0").find("Sync is not set up (DATA/sync.json)") != std::string::npos);
    CHECK(screen.drawn("staff:restart_note").find("after an unexpected stop") != std::string::npos);
    const std::string check = screen.wait_for("store:2");
    CHECK(check.find("Integrity check at ") != std::string::npos);
    CHECK(check.find("no problems found") != std::string::npos);
    CHECK(screen.drawn("store:0").find("Disk free: ") != std::string::npos);
    CHECK(screen.drawn("store:1").find("Database size: ") != std::string::npos);
}


TEST_CASE("a workbook at the foot of a long list is offered in view and kept byte for byte") {
    // A stick with a damaged workbook and a good one after several JSON surveys: the list is
    // longer than the screen, so staff drag it up to reach the workbook.
    TempDir stick("staff-stick");
    const std::filesystem::path data = std::string(STANDPOINT_SOURCE_DIR) + "/tests/data";
    for (const char* name : {"a", "b", "c", "d", "e"})
        std::filesystem::copy_file(data / "surveys/good-minimal.json",
                                   stick.path() / (std::string(name) + "-minimal.json"));
    const Survey minimal =
        parse_survey(headless::read_file(data / "surveys/good-minimal.json"), "x").value();
    REQUIRE(write_xlsform(minimal, stick.path() / "z-form.xlsx").ok());
    {
        std::ofstream damaged(stick.path() / "y-damaged.xlsx", std::ios::binary);
        damaged << "PK\x03\x04 not really a workbook";
    }
    const auto drives = [folder = stick.path()] {
        app::RemovableDrive drive;
        drive.device = "/dev/sdz1";
        drive.label = "STICK";
        drive.mount_point = folder;
        return std::vector<app::RemovableDrive>{drive};
    };
    StaffScreen screen({}, false, drives);
    screen.open(app::KioskState{});
    screen.frame();
    screen.tap("section:survey");
    const auto listed = [&](const std::string& name) {
        for (int i = 0; i < 2000 && screen.target(name) == nullptr; ++i) {
            screen.frame();
            std::this_thread::sleep_for(1ms);
        }
        return screen.target(name) != nullptr;
    };
    REQUIRE(listed("survey:0"));
    // The kiosk's own folder is empty here: the stick's files are 0..6, by name.
    const auto drag_until = [&](const std::string& name) {
        for (int drag = 0; drag < 10 && screen.target(name) == nullptr; ++drag) {
            for (float y = 950; y >= 450; y -= 50) screen.frame(ImVec2(1100, y), true);
            screen.frame(ImVec2(1100, 450), false);
            for (int i = 0; i < 90; ++i) screen.frame();  // the list coasts and settles
        }
        return screen.target(name) != nullptr;
    };
    REQUIRE(drag_until("survey:5"));
    screen.tap("survey:5");  // y-damaged.xlsx
    const std::string problem = screen.wait_for("survey:problem");
    CHECK(problem.find("y-damaged.xlsx: the workbook is damaged") != std::string::npos);
    CHECK(problem.find(stick.path().string()) == std::string::npos);  // the name, not the path
    for (int i = 0; i < 5; ++i) screen.frame();
    CHECK(screen.target("survey:look_again") != nullptr);  // scrolled to the refusal at the top

    REQUIRE(drag_until("survey:6"));
    screen.tap("survey:6");  // z-form.xlsx
    screen.wait_for("survey:to_confirm");
    for (int i = 0; i < 5; ++i) screen.frame();
    REQUIRE(screen.target("survey:confirm") != nullptr);  // in view, not above the fold
    const app::StaffOutcome outcome = screen.tap("survey:confirm");
    REQUIRE(is<app::StaffSwitchSurvey>(outcome));
    const auto& chosen = std::get<app::StaffSwitchSurvey>(outcome);
    CHECK(chosen.kept.source_name == "z-form.xlsx");
    CHECK(chosen.kept.source_bytes == headless::read_file(stick.path() / "z-form.xlsx"));
    CHECK(chosen.survey.sha256 == parse_survey(chosen.kept.definition, "x").value().sha256);
    CHECK(chosen.survey.id == minimal.id);
}

}  // namespace standpoint::staff_test
