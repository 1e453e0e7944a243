// Every question type, tapped headlessly (real ImGui context and fonts, no window, no GL) through
// to a stored answer in a real ResponseStore; the keyboard, postcode layout and number pad as a
// resident meets them; and the keys plus Back/Next fitting 1920x1080 and 1280x800.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/theme.hpp"
#include "tests/temp_dir.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;

namespace {

Survey touch_survey() {
    return headless::load_survey("tests/data/surveys/good-touch-types.json",
                                 "good-touch-types.json");
}

using testing::TempDir;

// One ImGui context with the kiosk's fonts and theme; taps are a press frame and a release frame
// at a named target's centre, as a finger gives them.
struct Kiosk : headless::Kiosk {
    explicit Kiosk(ImVec2 display = ImVec2(1920, 1080))
        : headless::Kiosk(touch_survey(), headless::ui_texts({"en", "cy"}), display) {
        event_id = "test-types";
    }
    nlohmann::json draft() const { return answers_to_json(asking().draft.answers); }

    // Taps Next until the question `id` is showing, answering nothing.
    void skip_to(const std::string& id) {
        tap("start");
        tap("next");  // about (info)
        tap("yes");   // agree (consent)
        tap("next");
        tap("smiley:3");
        for (int i = 0; i < 12 && question_id() != id; ++i) {
            if (question_id() == "recommend") tap("scale:5");
            if (question_id() == "how") tap("option:walk");
            tap("next");
        }
        REQUIRE(question_id() == id);
    }
};
// Every key of the current screen's keyboard or pad, with Back and Next.
std::vector<const ui::TapTarget*> keys_and_nav(const Kiosk& kiosk) {
    std::vector<const ui::TapTarget*> found;
    for (const ui::TapTarget& each : kiosk.view.targets)
        if (each.name.rfind("key:", 0) == 0 || each.name == "clear") found.push_back(&each);
    return found;
}

}  // namespace

TEST_CASE("taps on every question type are stored as the answers the survey format promises") {
    TempDir dir;
    Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    Kiosk kiosk;
    kiosk.store = opened.value().get();

    kiosk.tap("start");
    CHECK(kiosk.question_id() == "about");
    kiosk.tap("next");
    kiosk.tap("yes");
    kiosk.tap("next");
    kiosk.tap("smiley:5");
    kiosk.tap("next");
    kiosk.tap("star:4");
    kiosk.tap("next");
    kiosk.tap("scale:10");
    kiosk.tap("next");
    kiosk.tap("no");
    kiosk.tap("next");
    kiosk.tap("option:bus");
    kiosk.tap("next");
    kiosk.tap("option:trees");
    kiosk.tap("option:benches");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "comment");
    for (const char* key : {"key:shift", "key:d", "key:accents", "key:ŵ", "key:ł", "key:ż"})
        kiosk.tap(key);
    kiosk.tap("key:done");  // Done puts the keys away for review; Next moves on
    CHECK_FALSE(kiosk.has("key:d"));
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "temperature");
    for (const char* key : {"key:5", "key:-"}) kiosk.tap(key);
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "district");
    for (const char* key : {"key:c", "key:f", "key:1", "key:0"}) kiosk.tap(key);
    kiosk.tap("next");  // the last question: Finish

    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    REQUIRE(kiosk.last_saved.has_value());
    const Result<std::optional<StoredResponse>> row = kiosk.store->find(kiosk.last_saved->id);
    REQUIRE(row.ok());
    REQUIRE(row.value().has_value());
    CHECK(nlohmann::json::parse(row.value()->answers_json) == nlohmann::json::parse(R"({
        "agree": true, "mood": 5, "rating": 4, "recommend": 10, "dog": false, "how": "bus",
        "more": ["benches", "trees"], "comment": "Dŵłż", "temperature": -5,
        "district": "CF10"})"));
}

TEST_CASE("a multi question says how many may be picked and refuses one more") {
    Kiosk kiosk;
    kiosk.skip_to("more");
    for (const char* option : {"option:benches", "option:bins", "option:trees"}) kiosk.tap(option);
    CHECK(kiosk.draft()["more"] == nlohmann::json::parse(R"(["benches", "bins"])"));
}

TEST_CASE("a required question blocks Next and says why in words") {
    Kiosk kiosk;
    kiosk.tap("start");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "agree");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "agree");
    CHECK_FALSE(kiosk.view.problem_text.empty());
}

TEST_CASE("Back is offered on every question after the first and returns to the one before") {
    Kiosk kiosk;
    kiosk.skip_to("district");
    CHECK(kiosk.has("back"));
    kiosk.tap("back");
    CHECK(kiosk.question_id() == "temperature");
    kiosk.tap("back");
    CHECK(kiosk.question_id() == "comment");
}

TEST_CASE("the keyboard stops at the question's max length") {
    Kiosk kiosk;
    kiosk.skip_to("comment");  // max_length 20
    for (int i = 0; i < 22; ++i) kiosk.tap("key:a");
    CHECK(kiosk.draft()["comment"] == std::string(20, 'a'));
    for (int i = 0; i < 3; ++i) kiosk.tap("key:backspace");
    kiosk.tap("key:accents");
    for (int i = 0; i < 5; ++i) kiosk.tap("key:ł");
    CHECK(kiosk.draft()["comment"] == std::string(17, 'a') + "łłł");  // 20 code points, 23 bytes
}

TEST_CASE("delete removes one whole two-byte letter from the answer") {
    Kiosk kiosk;
    kiosk.skip_to("comment");
    kiosk.tap("key:a");
    kiosk.tap("key:accents");
    kiosk.tap("key:ż");
    kiosk.tap("key:backspace");
    CHECK(kiosk.draft()["comment"] == "a");
    kiosk.tap("key:backspace");
    CHECK(kiosk.asking().draft.answers.count("comment") == 0);
}

TEST_CASE(
    "a postcode question gets the capitals-and-digits layout and a friendly pattern message") {
    Kiosk kiosk;
    kiosk.skip_to("district");
    CHECK_FALSE(kiosk.has("key:shift"));
    CHECK_FALSE(kiosk.has("key:accents"));
    for (const char* key : {"key:1", "key:c"}) kiosk.tap(key);
    CHECK(kiosk.draft()["district"] == "1C");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "district");
    CHECK(kiosk.view.problem_text == "The first part of a postcode, like CF10");
}

TEST_CASE("the number pad refuses a number outside the range with a message") {
    Kiosk kiosk;
    kiosk.skip_to("temperature");  // -20 .. 45
    CHECK(kiosk.has("key:-"));
    for (const char* key : {"key:9", "key:9"}) kiosk.tap(key);
    CHECK(kiosk.draft()["temperature"] == 99);
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "temperature");
    CHECK_FALSE(kiosk.view.problem_text.empty());
    kiosk.tap("key:backspace");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "district");
}

TEST_CASE("the keyboard, pad and Back/Next all fit on screen at 1920x1080 and 1280x800") {
    for (const ImVec2 display : {ImVec2(1920, 1080), ImVec2(1280, 800)}) {
        const float unit = display.y / 1080;
        for (const char* question : {"comment", "temperature", "district"}) {
            Kiosk kiosk(display);
            kiosk.skip_to(question);
            const std::string at =
                std::string(question) + " at " + std::to_string(static_cast<int>(display.x));
            // register_target only names a rectangle that is wholly on screen.
            for (const char* name : {"key:backspace", "back", "next"})
                CHECK_MESSAGE(kiosk.has(name), at, ": ", name);
            if (std::string(question) != "temperature") CHECK_MESSAGE(kiosk.has("key:done"), at);
            const ui::TapTarget* next = kiosk.target("next");
            REQUIRE(next != nullptr);
            for (const ui::TapTarget* key : keys_and_nav(kiosk)) {
                CHECK_MESSAGE(key->y + key->h <= next->y, at, ": ", key->name, " overlaps Next");
                CHECK_MESSAGE(key->h >= 90 * unit, at, ": ", key->name, " is ", key->h, " px");
            }
        }
    }
}
