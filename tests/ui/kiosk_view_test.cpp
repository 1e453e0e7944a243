// Headless tests of the kiosk views: a real ImGui context with the real fonts, no window and no
// GL (docs/architecture.md, "Testing layers"). Taps are a press frame then a release frame at the
// centre of a named TapTarget, as a finger (or xdotool) gives them; the events drive the real
// Session, and completed responses go through a real ResponseStore in a temp dir.
#include "kiosk/ui/kiosk_view.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

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
#include "kiosk/ui/style.hpp"
#include "kiosk/ui/theme.hpp"
#include "tests/temp_dir.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;
using headless::demo_survey;

namespace {

UiText kiosk_texts() { return headless::ui_texts({"en", "cy", "pl"}); }

Text words(const std::string& english) { return Text{{{"en", english}}}; }

// Every question type the demo survey does not have, for the target-size sweep.
Survey other_types_survey() {
    Survey survey;
    survey.id = "types";
    survey.languages = {"en"};
    survey.title = words("Types");
    survey.intro = words("All the other widgets");
    survey.thanks = words("Thanks");
    auto add = [&](const std::string& id, QuestionType type) -> Question& {
        Question question;
        question.id = id;
        question.type = type;
        question.prompt = words("Question " + id);
        survey.questions.push_back(question);
        return survey.questions.back();
    };
    add("stars", QuestionType::stars).max_value = 5;
    add("yesno", QuestionType::yesno);
    Question& number = add("number", QuestionType::number);
    number.min_value = 0;
    number.max_value = 120;
    add("consent", QuestionType::consent);
    add("info", QuestionType::info).help = words("Just so you know.");
    return survey;
}

// One single-choice question with `count` options: more than fit on a 1080p screen in three
// columns, so the list has to scroll.
Survey long_list_survey(int count = 40) {
    Survey survey = other_types_survey();
    Question list;
    list.id = "long";
    list.type = QuestionType::single;
    list.prompt = words("A long list");
    for (int i = 0; i < count; ++i)
        list.options.push_back(
            Option{"o" + std::to_string(i), words("Option " + std::to_string(i)), false});
    survey.questions.insert(survey.questions.begin(), list);
    return survey;
}

// One ImGui context per test, with the kiosk's fonts and theme, at 1920x1080.
struct Kiosk : headless::Kiosk {
    explicit Kiosk(Survey s, ImVec2 display = ImVec2(1920, 1080))
        : headless::Kiosk(std::move(s), kiosk_texts(), display) {}
};

void type(Kiosk& kiosk, const std::string& keys) {
    for (char key : keys) kiosk.tap(std::string("key:") + key);
}

// Every target on the current screen is a finger's size: 15 mm is 90 px at 1080.
void check_target_sizes(const Kiosk& kiosk, const std::string& screen) {
    CHECK_MESSAGE(!kiosk.view.targets.empty(), screen);
    for (const ui::TapTarget& target : kiosk.view.targets) {
        CHECK_MESSAGE(target.h >= 90.0f, screen, ": ", target.name, " is ", target.h, " px tall");
        CHECK_MESSAGE(target.w >= 90.0f, screen, ": ", target.name, " is ", target.w, " px wide");
    }
}

using testing::TempDir;

}  // namespace

TEST_CASE(
    "a resident taps through the whole demo survey, in Welsh from the second question, and it is "
    "stored") {
    TempDir dir;
    Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    Kiosk kiosk(demo_survey());
    kiosk.store = opened.value().get();

    kiosk.tap("start");
    REQUIRE(std::holds_alternative<PrivacyNotice>(kiosk.session.screen));
    kiosk.tap("agree");
    CHECK(kiosk.question_id() == "visit");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "services");

    kiosk.tap("language:cy");
    CHECK(session_language(kiosk.session) == "cy");
    CHECK(kiosk.question_id() == "services");  // switching language keeps the place

    kiosk.tap("option:library");
    kiosk.tap("option:parks");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "recommend");
    kiosk.tap("scale:9");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "better");
    type(kiosk, "more");
    CHECK(kiosk.draft_json().find(R"("better":"more")") != std::string::npos);
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "age");
    kiosk.tap("option:25_44");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "postcode");
    type(kiosk, "cf10");
    kiosk.tap("next");  // the last question: this is Finish

    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    REQUIRE(kiosk.last_saved.has_value());
    CHECK(kiosk.last_saved->status == ResponseStatus::complete);
    const Result<std::optional<StoredResponse>> row = kiosk.store->find(kiosk.last_saved->id);
    REQUIRE(row.ok());
    REQUIRE(row.value().has_value());
    CHECK(row.value()->response.language == "cy");
    CHECK(nlohmann::json::parse(row.value()->answers_json) == nlohmann::json::parse(R"({
        "visit": 4, "services": ["library", "parks"], "recommend": 9, "better": "more",
        "age": "25_44", "postcode": "CF10"})"));

    kiosk.tap("dismiss");
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
}

TEST_CASE("the pointer is parked after a tap, so the tapped button does not stay hovered") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    const ui::TapTarget* face = kiosk.target("smiley:2");
    REQUIRE(face != nullptr);
    kiosk.pointer = ImVec2(face->centre_x(), face->centre_y());
    kiosk.frame(true);
    kiosk.frame(false);
    CHECK(ImGui::GetCurrentContext()->HoveredId != 0);  // the release frame: still on the button
    kiosk.frame(false);  // the finger is gone; the backend still reports where it was
    CHECK(ImGui::GetCurrentContext()->HoveredId == 0);
    CHECK(ImGui::GetIO().MousePos.x == -FLT_MAX);
}

TEST_CASE("a drag across an option scrolls the list and does not choose it") {
    Kiosk kiosk(long_list_survey());
    kiosk.tap("start");
    REQUIRE(kiosk.question_id() == "long");
    kiosk.idle();
    const ui::TapTarget* first = kiosk.target("option:o0");
    REQUIRE(first != nullptr);
    const float first_y = first->y;

    // A short drag: the row follows the finger, so the finger is still on it when it lifts.
    // Only cancelling the press keeps this from choosing "o0".
    kiosk.drag(ImVec2(first->centre_x(), first->centre_y()), -80, 8);
    kiosk.idle(120);  // let it coast to a stop

    CHECK(kiosk.asking().draft.answers.count("long") == 0);
    first = kiosk.target("option:o0");
    const float moved = first ? first_y - first->y : 1e9f;  // gone = scrolled past the top
    CHECK(moved >= 60.0f);
    CHECK_FALSE(kiosk.view.is_animating);
}

TEST_CASE("a long drag brings the rows below the fold into reach") {
    Kiosk kiosk(long_list_survey());
    kiosk.tap("start");
    kiosk.idle();
    REQUIRE_FALSE(kiosk.has("option:o39"));  // below the fold at 1080, even in three columns
    const ui::TapTarget* row = kiosk.target("option:o2");
    REQUIRE(row != nullptr);
    kiosk.drag(ImVec2(row->centre_x(), row->centre_y()), -900, 30);
    kiosk.idle(120);
    CHECK(kiosk.has("option:o39"));
    kiosk.tap("option:o39");
    CHECK(kiosk.draft_json().find(R"("long":"o39")") != std::string::npos);
}

TEST_CASE("the services list shows all six options at 1080p without scrolling") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:5");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "services");
    for (const char* option :
         {"library", "leisure", "parks", "recycling", "housing", "council_tax"})
        CHECK_MESSAGE(kiosk.has(std::string("option:") + option), option);
}

TEST_CASE("a plain tap in a scrollable list still chooses") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:5");
    kiosk.tap("next");
    kiosk.tap("option:leisure");
    CHECK(kiosk.draft_json().find(R"("services":["leisure"])") != std::string::npos);
    kiosk.tap("option:leisure");  // a second tap unticks
    CHECK(kiosk.asking().draft.answers.count("services") == 0);
}

TEST_CASE("Next without an answer to a required question shows the problem in words and stays") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.view.problem_text == "Please choose an answer to continue");
    kiosk.tap("smiley:3");
    CHECK(kiosk.view.problem_text.empty());
}

TEST_CASE("the problem is worded in the resident's language") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("language:cy");
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("next");
    CHECK(kiosk.view.problem_text == "Dewiswch ateb i barhau");
}

TEST_CASE("a postcode that does not match the pattern is refused with the survey's hint") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:7");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "postcode");
    type(kiosk, "123");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "postcode");
    CHECK(kiosk.view.problem_text == kiosk.survey.questions.back().pattern_hint.in("en"));
    CHECK_FALSE(kiosk.view.problem_text.empty());
}

TEST_CASE("the keyboard types Welsh and Polish letters and deletes whole characters") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:10");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "better");
    kiosk.tap("key:shift");
    kiosk.tap("key:d");
    kiosk.tap("key:accents");
    kiosk.tap("key:ŵ");
    kiosk.tap("key:ł");
    CHECK(kiosk.draft_json().find(R"("better":"Dŵł")") != std::string::npos);
    kiosk.tap("key:backspace");
    kiosk.tap("key:backspace");
    CHECK(kiosk.draft_json().find(R"("better":"D")") != std::string::npos);
    kiosk.tap("key:backspace");
    CHECK(kiosk.asking().draft.answers.count("better") == 0);

    ImFont* body = ui::font_for(ui::FontRole::body);
    CHECK(body->FindGlyphNoFallback(0x0175) != nullptr);  // ŵ
    CHECK(body->FindGlyphNoFallback(0x0142) != nullptr);  // ł
}

TEST_CASE("text typed before Back is still there when the resident returns") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:2");
    kiosk.tap("next");
    type(kiosk, "ok");
    kiosk.tap("back");
    CHECK(kiosk.question_id() == "recommend");
    kiosk.tap("next");
    type(kiosk, "a");
    CHECK(kiosk.draft_json().find(R"("better":"oka")") != std::string::npos);
}

TEST_CASE("'Are you still there?' covers the question and 'I'm still here' keeps the answers") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.now += std::chrono::seconds(kiosk.survey.idle_timeout_s);
    kiosk.idle();
    REQUIRE(kiosk.session.still_there_until.has_value());
    CHECK(kiosk.has("still_here"));
    CHECK_FALSE(kiosk.has("next"));  // the question underneath cannot be tapped through it
    check_target_sizes(kiosk, "still there");
    kiosk.tap("still_here");
    CHECK_FALSE(kiosk.session.still_there_until.has_value());
    CHECK(kiosk.draft_json().find(R"("visit":4)") != std::string::npos);
}

TEST_CASE("every tap target on every screen is at least 90 px at 1920x1080") {
    Kiosk kiosk(demo_survey());
    check_target_sizes(kiosk, "attract");
    kiosk.tap("start");
    check_target_sizes(kiosk, "privacy");
    kiosk.tap("agree");
    for (const char* answer :
         {"smiley:4", "option:parks", "scale:8", "key:a", "option:16_24", ""}) {
        check_target_sizes(kiosk, kiosk.question_id());
        if (kiosk.question_id() == "better") {
            kiosk.tap("key:accents");
            check_target_sizes(kiosk, "better, accent letters");
            kiosk.tap("key:accents");  // back to the letters
        }
        if (*answer != '\0') kiosk.tap(answer);
        kiosk.tap("next");
    }
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    check_target_sizes(kiosk, "thanks");

    Kiosk others(other_types_survey());
    others.tap("start");
    for (const char* answer : {"star:4", "yes", "key:7", "no", ""}) {
        check_target_sizes(others, others.question_id());
        if (*answer != '\0') others.tap(answer);
        others.tap("next");
    }
    CHECK(std::holds_alternative<Thanks>(others.session.screen));
}

TEST_CASE("every tap target is at least 90 px on a portrait 1080x1920 screen too") {
    Kiosk kiosk(demo_survey(), ImVec2(1080, 1920));
    check_target_sizes(kiosk, "portrait attract");
    kiosk.tap("start");
    kiosk.tap("agree");
    for (const char* answer : {"smiley:1", "option:housing", "scale:10", "key:z", "", ""}) {
        check_target_sizes(kiosk, std::string("portrait ") + kiosk.question_id());
        if (*answer != '\0') kiosk.tap(answer);
        kiosk.tap("next");
    }
    CHECK(std::holds_alternative<Thanks>(kiosk.session.screen));
}

TEST_CASE("a multi question with a maximum says so and stops at it") {
    Survey survey = other_types_survey();
    Question pick;
    pick.id = "pick";
    pick.type = QuestionType::multi;
    pick.prompt = words("Pick two");
    pick.max_choices = 2;
    for (const char* id : {"a", "b", "c"}) pick.options.push_back(Option{id, words(id), false});
    survey.questions.insert(survey.questions.begin(), pick);
    Kiosk kiosk(std::move(survey));
    kiosk.tap("start");
    REQUIRE(kiosk.question_id() == "pick");
    kiosk.tap("option:c");
    kiosk.tap("option:a");
    kiosk.tap("option:b");  // a third: refused, the hint says why
    CHECK(nlohmann::json::parse(kiosk.draft_json()) ==
          nlohmann::json::parse(R"({"pick": ["a", "c"]})"));
    kiosk.tap("option:c");
    kiosk.tap("option:b");  // room again after unticking
    CHECK(nlohmann::json::parse(kiosk.draft_json()) ==
          nlohmann::json::parse(R"({"pick": ["a", "b"]})"));
}

TEST_CASE("the next question starts at the top of its list, not where the last was scrolled") {
    Survey survey = other_types_survey();
    for (const char* id : {"first", "second"}) {
        Question list;
        list.id = id;
        list.type = QuestionType::single;
        list.prompt = words(std::string("A long list: ") + id);
        for (int i = 0; i < 40; ++i)
            list.options.push_back(Option{"o" + std::to_string(i), words("Option"), false});
        survey.questions.insert(survey.questions.begin() + (id[0] == 'f' ? 0 : 1), list);
    }
    Kiosk kiosk(std::move(survey));
    kiosk.tap("start");
    REQUIRE(kiosk.question_id() == "first");
    const float top_y = kiosk.target("option:o0")->y;
    const ui::TapTarget* row = kiosk.target("option:o2");
    kiosk.drag(ImVec2(row->centre_x(), row->centre_y()), -500, 20);
    kiosk.idle(120);
    REQUIRE_FALSE(kiosk.has("option:o0"));
    kiosk.tap("next");  // optional: leave it
    REQUIRE(kiosk.question_id() == "second");
    REQUIRE(kiosk.has("option:o0"));
    CHECK(kiosk.target("option:o0")->y == top_y);
}

TEST_CASE("No thanks on the privacy notice goes back to the start with nothing kept") {
    TempDir dir;
    Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path());
    REQUIRE(opened.ok());
    Kiosk kiosk(demo_survey());
    kiosk.store = opened.value().get();
    kiosk.tap("start");
    kiosk.tap("decline");
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK_FALSE(kiosk.last_saved.has_value());
    const Result<std::int64_t> count = kiosk.store->count();
    REQUIRE(count.ok());
    CHECK(count.value() == 0);
}

TEST_CASE("stars, yes/no, number and consent answers reach the session") {
    Kiosk kiosk(other_types_survey());
    kiosk.tap("start");
    kiosk.tap("star:3");
    kiosk.tap("next");
    kiosk.tap("no");
    kiosk.tap("next");
    kiosk.tap("key:4");
    kiosk.tap("key:2");
    kiosk.tap("next");
    kiosk.tap("yes");
    CHECK(nlohmann::json::parse(kiosk.draft_json()) ==
          nlohmann::json::parse(R"({"stars": 3, "yesno": false, "number": 42, "consent": true})"));
}

TEST_CASE("the store being unavailable is said in words and offers nothing to tap") {
    Kiosk kiosk(demo_survey());
    kiosk.apply(SaveFailed{"disk full", kiosk.now});
    kiosk.idle();
    CHECK(std::holds_alternative<Unavailable>(kiosk.session.screen));
    CHECK(kiosk.view.targets.empty());
}

TEST_CASE("the attract screen offers each language in its own name") {
    Kiosk kiosk(demo_survey());
    CHECK(kiosk.has("language:en"));
    CHECK(kiosk.has("language:cy"));
    CHECK(kiosk.text.native_name("cy") == "Cymraeg");
    kiosk.tap("language:cy");
    CHECK(session_language(kiosk.session) == "cy");
}
