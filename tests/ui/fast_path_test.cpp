// The resident's fast path, tapped headlessly (real ImGui context and fonts, no window, no GL)
// through to a real ResponseStore in a temp folder and read back: Skip on optional questions,
// auto-advance, the privacy notice as a line, the one-question kiosk, the thank-you time, Done
// putting the keys away for review, and the Urdu keyboard typing a sentence stored byte-exact.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cfloat>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "kiosk/core/session.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/keyboard.hpp"
#include "kiosk/ui/layout_record.hpp"
#include "tests/temp_dir.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;

namespace {


// One kiosk on a real store: events go through the real Session, saved responses into SQLite.
struct Kiosk : headless::Kiosk {
    testing::TempDir dir{"standpoint-fast-path"};
    std::unique_ptr<ResponseStore> owned_store;
    ui::LayoutRecord last_frame;  // the last frame's texts, to read what a button says

    explicit Kiosk(Survey s) : headless::Kiosk(std::move(s), headless::all_ui_texts()) {
        Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(dir.path());
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        owned_store = std::move(opened).value();
        store = owned_store.get();
        event_id = "fast-path";
        record = &last_frame;
        idle();
    }
    // The words drawn inside the box of the target `name` in the last frame.
    std::string words_on(const std::string& name) const {
        std::string words;
        for (const ui::LayoutRecord::Text& each : last_frame.texts)
            if (each.box >= 0 && last_frame.boxes[static_cast<std::size_t>(each.box)].name == name)
                words += each.text;
        return words;
    }
    bool shows_words(const std::string& words) const {
        for (const ui::LayoutRecord::Text& each : last_frame.texts)
            if (each.text == words) return true;
        return false;
    }
    std::vector<StoredResponse> stored() {
        Result<std::vector<StoredResponse>> all = store->responses_after(0, 100);
        REQUIRE(all.ok());
        return std::move(all).value();
    }
};

Survey demo() { return headless::demo_survey(); }

}  // namespace

TEST_CASE("an optional question not yet answered offers Skip, which becomes Next once answered") {
    Kiosk kiosk(demo());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    CHECK(kiosk.words_on("next") == "Next");  // required: never Skip
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "services");
    CHECK(kiosk.words_on("next") == "Skip");
    kiosk.tap("option:parks");
    CHECK(kiosk.words_on("next") == "Next");
    kiosk.tap("option:parks");  // untick: unanswered again
    CHECK(kiosk.words_on("next") == "Skip");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "recommend");
}

TEST_CASE("skipping every optional question saves a complete response with only the answers") {
    Kiosk kiosk(demo());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:5");
    kiosk.tap("next");
    kiosk.tap("next");  // Skip services
    kiosk.tap("scale:10");
    kiosk.tap("next");
    for (const char* optional : {"better", "age", "postcode"}) {
        REQUIRE(kiosk.question_id() == optional);
        CHECK(kiosk.words_on("next") == (std::string(optional) == "postcode" ? "Finish" : "Skip"));
        kiosk.tap("next");
    }
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    const std::vector<StoredResponse> stored = kiosk.stored();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].response.status == ResponseStatus::complete);
    CHECK(stored[0].answers_json == R"({"recommend":10,"visit":5})");
}

TEST_CASE("with auto_advance a face or an option moves on by itself, and Back returns to it") {
    Survey survey = demo();
    survey.auto_advance = true;
    Kiosk kiosk(survey);
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:2");
    CHECK(kiosk.question_id() == "services");  // multi: not a one-tap answer
    kiosk.tap("option:library");
    CHECK(kiosk.question_id() == "services");
    kiosk.tap("next");
    kiosk.tap("scale:7");
    CHECK(kiosk.question_id() == "better");
    kiosk.tap("back");
    CHECK(kiosk.question_id() == "recommend");
    CHECK(kiosk.has("scale:7"));
    const auto& asking = std::get<Asking>(kiosk.session.screen);
    CHECK(asking.draft.answers.count("recommend") == 1);  // the answer is still there
    kiosk.tap("next");
    kiosk.tap("next");  // Skip better
    kiosk.tap("option:25_44");
    CHECK(kiosk.question_id() == "postcode");
    kiosk.tap("next");  // Finish: never automatic
    const std::vector<StoredResponse> stored = kiosk.stored();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].answers_json ==
          R"({"age":"25_44","recommend":7,"services":["library"],"visit":2})");
}

TEST_CASE("auto_advance off (the default): a tapped face waits for Next") {
    Kiosk kiosk(demo());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:2");
    CHECK(kiosk.question_id() == "visit");
}

TEST_CASE("privacy_as_line puts the notice on the first question instead of its own screen") {
    Survey survey = demo();
    survey.privacy_as_line = true;
    survey.privacy_notice = Text{{{"en", "Anonymous. Kept by the council."},
                                  {"cy", "Dienw."},
                                  {"pl", "Anonimowo."},
                                  {"ur", "گمنام۔"}}};
    Kiosk kiosk(survey);
    kiosk.tap("start");
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.shows_words("Anonymous. Kept by the council."));
    CHECK_FALSE(kiosk.has("back"));  // nothing before the first question now
    kiosk.tap("smiley:3");
    kiosk.tap("next");
    CHECK_FALSE(kiosk.shows_words("Anonymous. Kept by the council."));
}

TEST_CASE("the one-question kiosk: one tap on the attract screen is a saved response") {
    Kiosk kiosk(headless::load_survey("assets/surveys/quick-smiley.json", "quick-smiley.json"));
    REQUIRE(kiosk.survey.is_one_question);
    CHECK_FALSE(kiosk.has("start"));
    CHECK(kiosk.shows_words("How was your visit today?"));
    CHECK(kiosk.shows_words("Anonymous: we keep only the face you tap and the time."));
    kiosk.tap("smiley:5");
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    CHECK(std::get<Thanks>(kiosk.session.screen).until - kiosk.now <= 4s);  // a short thanks
    // The next resident, in Welsh, taps straight away.
    kiosk.now += 5s;
    kiosk.idle();
    REQUIRE(std::holds_alternative<Attract>(kiosk.session.screen));
    kiosk.tap("language:cy");
    kiosk.tap("smiley:1");
    const std::vector<StoredResponse> stored = kiosk.stored();
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].answers_json == R"({"today":5})");
    CHECK(stored[1].answers_json == R"({"today":1})");
    CHECK(stored[1].response.language == "cy");
    CHECK(stored[0].response.status == ResponseStatus::complete);
    CHECK(stored[0].response.id != stored[1].response.id);
}

TEST_CASE("a one-question survey is refused with two questions or a privacy screen") {
    const std::string base = R"({"format": "standpoint-survey/1", "id": "q", "version": 1,
        "mode": "one_question", "languages": ["en"], "title": {"en": "T"}, "intro": {"en": "I"},
        "thanks": {"en": "Thanks"}, )";
    const std::string smiley =
        R"({"id": "a", "type": "smiley", "required": true, "prompt": {"en": "How?"}})";
    const Result<Survey> two =
        parse_survey(base + R"("questions": [)" + smiley + "," +
                         R"({"id": "b", "type": "smiley", "prompt": {"en": "B"}}]})",
                     "two.json");
    REQUIRE_FALSE(two.ok());
    CHECK(two.error().message.find("exactly one question") != std::string::npos);
    const Result<Survey> privacy = parse_survey(
        base + R"("privacy_notice": {"en": "P"}, "questions": [)" + smiley + "]}", "privacy.json");
    REQUIRE_FALSE(privacy.ok());
    CHECK(privacy.error().message.find("privacy_as_line") != std::string::npos);
    const Result<Survey> good = parse_survey(base + R"("questions": [)" + smiley + "]}", "ok.json");
    REQUIRE_MESSAGE(good.ok(), (good.ok() ? "" : good.error().message));
    CHECK(good.value().thanks_s == 4);
}

TEST_CASE("the thank-you screen stays for the survey's thanks_s, 15 s by default") {
    Kiosk kiosk(demo());
    CHECK(kiosk.survey.thanks_s == 15);
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:8");
    for (int i = 0; i < 4; ++i) kiosk.tap("next");
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    const TimePoint thanked = kiosk.now;
    CHECK(std::get<Thanks>(kiosk.session.screen).until - thanked >= 14s);
    kiosk.now += 10s;
    kiosk.idle();
    CHECK(std::holds_alternative<Thanks>(kiosk.session.screen));  // 8 s was too short to scan
    CHECK(kiosk.shows_words("Scan with your phone camera to read more"));
    kiosk.now += 6s;
    kiosk.idle();
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
}

TEST_CASE("Done puts the keys away and shows the whole answer; tapping it brings them back") {
    Kiosk kiosk(demo());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:8");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "better");
    CHECK(kiosk.words_on("key:done") == "Done");
    kiosk.tap("key:o");
    kiosk.tap("key:k");
    CHECK(kiosk.shows_words("498 characters left"));
    kiosk.tap("key:done");
    CHECK(kiosk.question_id() == "better");  // Done is not a second Next
    CHECK_FALSE(kiosk.has("key:o"));
    CHECK(kiosk.shows_words("ok"));  // no caret: it is not being typed
    CHECK(kiosk.shows_words("498 characters left"));
    kiosk.tap("text_field");
    CHECK(kiosk.has("key:o"));
    kiosk.view.edit_buffer = std::string(498, 'a');  // as if typed: the counter counts it
    kiosk.tap("key:b");
    CHECK(kiosk.shows_words("1 character left"));
}

TEST_CASE(
    "an Urdu speaker types on the Urdu phonetic keyboard and the sentence is stored exactly") {
    Kiosk kiosk(demo());
    kiosk.tap("language:ur");
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:8");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "better");
    // پارک اچھا ہے — "the park is good": p a r k, space, a c h(Shift) a, space, o(ہ) y(ے)
    for (const char* key : {"key:p", "key:a", "key:r", "key:k", "key:space", "key:a", "key:c",
                            "key:shift", "key:h", "key:a", "key:space", "key:o", "key:y"})
        kiosk.tap(key);
    CHECK(kiosk.view.edit_buffer == "پارک اچھا ہے");
    kiosk.tap("next");
    kiosk.tap("next");  // Skip age
    kiosk.tap("next");  // Finish, postcode left blank
    const std::vector<StoredResponse> stored = kiosk.stored();
    REQUIRE(stored.size() == 1);
    const nlohmann::json answers = nlohmann::json::parse(stored[0].answers_json);
    CHECK(answers.at("better").get<std::string>() == "پارک اچھا ہے");
    CHECK(stored[0].answers_json.find("پارک اچھا ہے") != std::string::npos);  // byte-exact
    CHECK(stored[0].response.language == "ur");
}

TEST_CASE("the postcode's first part has no space key; a full postcode does") {
    Question district;
    district.id = "postcode";
    district.type = QuestionType::text;
    district.max_length = 4;
    district.pattern = "^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$";
    CHECK(ui::layout_for(district) == ui::KeyboardLayout::postcode_part);
    bool has_space = false;
    for (const auto& row : ui::keyboard_rows(ui::KeyboardLayout::postcode_part, {}))
        for (const ui::Key& key : row) has_space = has_space || key.name == "key:space";
    CHECK_FALSE(has_space);
    district.max_length = 8;
    CHECK(ui::layout_for(district) == ui::KeyboardLayout::postcode);
    CHECK(ui::layout_for(district, "ur") == ui::KeyboardLayout::postcode);  // letters stay Latin
}

TEST_CASE("the counter says 1 character, 2 znaki, 5 znaków: each language's plural") {
    const UiText text = headless::all_ui_texts();
    CHECK(text.plural("en", "text.left", 1) == "{n} character left");
    CHECK(text.plural("en", "text.left", 2) == "{n} characters left");
    CHECK(text.plural("pl", "text.left", 1) == "Pozostał {n} znak");
    CHECK(text.plural("pl", "text.left", 3) == "Pozostały {n} znaki");
    CHECK(text.plural("pl", "text.left", 5) == "Pozostało {n} znaków");
    CHECK(text.plural("pl", "text.left", 22) == "Pozostały {n} znaki");
    CHECK(text.plural("pl", "text.left", 12) == "Pozostało {n} znaków");
    CHECK(text.plural("cy", "text.left", 1) == "{n} nod ar ôl");  // Welsh: singular after numbers
    CHECK(text.plural("ur", "text.left", 1) == "{n} حرف باقی ہے");
    CHECK(text.plural("ur", "text.left", 7) == "{n} حروف باقی ہیں");
}

TEST_CASE("reading aloud shows 'tap to stop', and a tap asks the app to stop") {
    Kiosk kiosk(demo());
    kiosk.view.is_speaking = true;  // as the app reports espeak-ng running
    kiosk.idle();
    CHECK(kiosk.words_on("read_aloud") == "Reading aloud — tap to stop");
    CHECK(kiosk.view.is_animating);  // frames keep coming, so the state goes when speech ends
    const ui::TapTarget* button = headless::find_target(kiosk.view, "read_aloud");
    REQUIRE(button != nullptr);
    kiosk.pointer = ImVec2(button->centre_x(), button->centre_y());
    kiosk.frame(true);
    kiosk.frame(false);
    CHECK(kiosk.view.is_stop_wanted);
    CHECK_FALSE(kiosk.view.to_speak.has_value());  // stopping does not start again
}

TEST_CASE("the resting attract screen shows a second language and changes every few seconds") {
    Kiosk kiosk(demo());
    kiosk.now += 13s;  // past the glow
    kiosk.idle();
    CHECK(kiosk.view.is_animating);
    CHECK(kiosk.view.animation_frame_s >= 4.0);  // one frame per few seconds: idle stays cool
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        for (const char* words :
             {"Dywedwch eich barn wrthym", "Powiedz nam, co myślisz", "ہمیں اپنی رائے بتائیں"})
            if (kiosk.shows_words(words)) seen.push_back(words);
        kiosk.now += 5s;
        kiosk.idle();
    }
    CHECK(seen.size() == 3);
    CHECK(seen[0] != seen[1]);
    CHECK(seen[1] != seen[2]);
}
