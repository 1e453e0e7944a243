// Headless tests of the resident's accessibility choices (docs/accessibility.md): larger text,
// high contrast, read-aloud intents, the attract screen's dim, and the thank-you screen's "you
// said, we did" message and QR code. A real ImGui context with the real fonts, no window, no GL;
// taps are a press frame and a release frame at the centre of a named TapTarget.
#include "kiosk/ui/accessibility.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>

#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/qr_code.hpp"
#include "kiosk/ui/style.hpp"
#include "kiosk/ui/theme.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;
using headless::demo_survey;

namespace {

UiText kiosk_texts(const Survey& survey) {
    UiText text;
    for (const std::string& language : survey.languages) {
        if (std::filesystem::exists(headless::i18n_path(language)))
            headless::add_i18n(text, language);
    }
    return text;
}

Text words(const std::string& english) { return Text{{{"en", english}}}; }

// One ImGui context per test with the kiosk's fonts and theme. Completed responses are not
// stored here (the view tests do that): Saved follows at once.
struct Kiosk : headless::Kiosk {
    explicit Kiosk(Survey s, ImVec2 display = ImVec2(1920, 1080))
        : headless::Kiosk(s, kiosk_texts(s), display) {}
};

void check_target_sizes(const Kiosk& kiosk, const std::string& screen) {
    CHECK_MESSAGE(!kiosk.view.targets.empty(), screen);
    for (const ui::TapTarget& target : kiosk.view.targets) {
        CHECK_MESSAGE(target.h >= 90.0f, screen, ": ", target.name, " is ", target.h, " px tall");
        CHECK_MESSAGE(target.w >= 90.0f, screen, ": ", target.name, " is ", target.w, " px wide");
    }
}

// Every target lies inside the screen (the larger text must not push buttons off it). A target
// pushed off the screen is not registered at all, so the ones every screen has are named too.
void check_on_screen(const Kiosk& kiosk, const std::string& screen) {
    for (const std::string& language : kiosk.survey.languages)
        CHECK_MESSAGE(kiosk.has("language:" + language), screen, ": language:", language);
    for (const char* name : {"text_size", "contrast", "read_aloud"})
        CHECK_MESSAGE(kiosk.has(name), screen, ": ", name);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    for (const ui::TapTarget& target : kiosk.view.targets) {
        CHECK_MESSAGE(target.x >= 0, screen, ": ", target.name);
        CHECK_MESSAGE(target.y >= 0, screen, ": ", target.name);
        CHECK_MESSAGE(target.x + target.w <= display.x + 1, screen, ": ", target.name);
        CHECK_MESSAGE(target.y + target.h <= display.y + 1, screen, ": ", target.name);
    }
}

// WCAG 2.x relative luminance of an ImGui colour (alpha ignored: every face is opaque).
double luminance(ImU32 colour) {
    const auto channel = [](unsigned value) {
        const double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel((colour >> IM_COL32_R_SHIFT) & 0xFF) +
           0.7152 * channel((colour >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * channel((colour >> IM_COL32_B_SHIFT) & 0xFF);
}

double contrast_ratio(ImU32 a, ImU32 b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the A+, contrast and speaker toggles are on the attract screen and every question") {
    Kiosk kiosk(demo_survey());
    for (const char* name : {"text_size", "contrast", "read_aloud"}) CHECK(kiosk.has(name));
    kiosk.tap("start");
    kiosk.tap("agree");
    for (const char* answer : {"smiley:4", "", "scale:7", "", "", ""}) {
        INFO(kiosk.question_id());
        for (const char* name : {"text_size", "contrast", "read_aloud"}) CHECK(kiosk.has(name));
        if (*answer != '\0') kiosk.tap(answer);
        kiosk.tap("next");
    }
    CHECK(std::holds_alternative<Thanks>(kiosk.session.screen));
}

TEST_CASE("A+ makes every text larger and A+ again puts it back") {
    Kiosk kiosk(demo_survey());
    const float body_px = ui::font_for(ui::FontRole::body)->FontSize;
    const float title_px = ui::font_for(ui::FontRole::title)->FontSize;
    kiosk.tap("text_size");
    CHECK(kiosk.view.is_large_text);
    CHECK(ui::font_for(ui::FontRole::body)->FontSize >= body_px * 1.35f);
    CHECK(ui::font_for(ui::FontRole::title)->FontSize >= title_px * 1.35f);
    kiosk.tap("text_size");
    CHECK_FALSE(kiosk.view.is_large_text);
    CHECK(ui::font_for(ui::FontRole::body)->FontSize == body_px);
}

TEST_CASE("at the largest text every target is still at least 90 px and on the screen") {
    for (const ImVec2 display : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 720)}) {
        const std::string where = std::to_string(static_cast<int>(display.x)) + "x" +
                                  std::to_string(static_cast<int>(display.y)) + " ";
        INFO(where);
        Kiosk kiosk(demo_survey(), display);
        kiosk.tap("text_size");
        kiosk.tap("contrast");
        if (display.y >= 1000) check_target_sizes(kiosk, where + "attract");
        check_on_screen(kiosk, where + "attract");
        kiosk.tap("start");
        kiosk.tap("agree");
        for (const char* answer : {"smiley:1", "option:library", "scale:10", "key:z", "", ""}) {
            REQUIRE(kiosk.view.is_large_text);  // the choice holds through the response
            // 90 px is 15 mm on a 22" 1080p panel; a 720p screen is scaled down as a whole.
            if (display.y >= 1000) check_target_sizes(kiosk, where + kiosk.question_id());
            check_on_screen(kiosk, where + kiosk.question_id());
            if (*answer != '\0') kiosk.tap(answer);
            kiosk.tap("next");
        }
        CHECK(std::holds_alternative<Thanks>(kiosk.session.screen));
    }
}

TEST_CASE("at the largest text the other question types keep 90 px targets") {
    Survey survey;
    survey.id = "types";
    survey.languages = {"en"};
    survey.title = words("Types");
    survey.intro = words("All the other widgets");
    survey.thanks = words("Thanks");
    for (const auto& [id, type] :
         {std::pair{"stars", QuestionType::stars}, std::pair{"yesno", QuestionType::yesno},
          std::pair{"number", QuestionType::number}, std::pair{"consent", QuestionType::consent}}) {
        Question question;
        question.id = id;
        question.type = type;
        question.prompt = words(std::string("Question ") + id);
        question.max_value = type == QuestionType::stars ? 5 : 120;
        survey.questions.push_back(question);
    }
    Kiosk kiosk(std::move(survey));
    kiosk.tap("text_size");
    kiosk.tap("start");
    for (int i = 0; i < 4; ++i) {
        check_target_sizes(kiosk, kiosk.question_id());
        check_on_screen(kiosk, kiosk.question_id());
        kiosk.tap("next");
    }
}

TEST_CASE("the contrast toggle switches the whole screen to the high-contrast palette") {
    Kiosk kiosk(demo_survey());
    CHECK(ui::colour::background == ui::standard_palette().background);
    kiosk.tap("contrast");
    CHECK(kiosk.view.is_high_contrast);
    CHECK(ui::colour::background == ui::high_contrast_palette().background);
    CHECK(ui::colour::text == ui::high_contrast_palette().text);
    CHECK(ImGui::ColorConvertFloat4ToU32(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]) ==
          ui::high_contrast_palette().background);
    kiosk.tap("contrast");
    CHECK(ui::colour::background == ui::standard_palette().background);
}

TEST_CASE("high-contrast text on every button face and background is at least 7:1") {
    const ui::Palette& p = ui::high_contrast_palette();
    const std::pair<ImU32, ImU32> pairs[] = {
        {p.text, p.background},
        {p.muted, p.background},
        {p.text, p.option},
        {p.text, p.selected},
        {p.text, p.pressed},
        {p.on_primary, p.primary},
        {p.on_primary, p.primary_pressed},
        {p.problem_text, p.problem_background},
    };
    for (const auto& [ink, face] : pairs) {
        INFO(std::hex, ink, " on ", face);
        CHECK(contrast_ratio(ink, face) >= 7.0);
    }
    // The selection outline against the unselected face, so "chosen" is visible without colour
    // vision (it is also 6 px thick and comes with a tick or a dot).
    CHECK(contrast_ratio(p.primary, p.option) >= 7.0);
}

TEST_CASE("the standard palette's text also meets 7:1 on every face") {
    const ui::Palette& p = ui::standard_palette();
    for (const auto& [ink, face] :
         {std::pair{p.text, p.background}, std::pair{p.text, p.option},
          std::pair{p.text, p.selected}, std::pair{p.text, p.pressed},
          std::pair{p.on_primary, p.primary}, std::pair{p.muted, p.background}}) {
        INFO(std::hex, ink, " on ", face);
        CHECK(contrast_ratio(ink, face) >= 7.0);
    }
}

TEST_CASE("the five faces differ in colour, each at least 3:1 against the card and its features") {
    for (const ui::Palette* p : {&ui::standard_palette(), &ui::high_contrast_palette()}) {
        for (int i = 0; i < 5; ++i) {
            INFO("face ", i + 1, " in the ",
                 p == &ui::standard_palette() ? "standard" : "high-contrast", " palette");
            CHECK(contrast_ratio(p->faces[i], p->background) >= 3.0);
            CHECK(contrast_ratio(p->faces[i], p->option) >= 3.0);
            CHECK(contrast_ratio(p->faces[i], p->selected) >= 3.0);
            CHECK(contrast_ratio(p->face_ink, p->faces[i]) >= 3.0);
            for (int j = 0; j < i; ++j) CHECK(p->faces[i] != p->faces[j]);
        }
    }
}

TEST_CASE("the speaker reads the question and its options in the resident's language") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "services");
    kiosk.tap("language:cy");
    const ui::ViewState on_release = kiosk.tap("read_aloud");
    REQUIRE(on_release.to_speak.has_value());
    CHECK(on_release.to_speak->language == "cy");
    const Question& question = *kiosk.survey.find("services");
    const std::string& spoken = on_release.to_speak->text;
    CHECK(spoken.rfind(question.prompt.in("cy"), 0) == 0);
    for (const Option& option : question.options)
        CHECK_MESSAGE(contains(spoken, option.label.in("cy")), option.id);
    CHECK_FALSE(contains(spoken, question.prompt.in("en")));
    CHECK_FALSE(kiosk.view.to_speak.has_value());  // one frame only: it is an intent
}

TEST_CASE("the speaker reads a smiley question with the faces' names, a scale with its ends") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("start");
    kiosk.tap("agree");
    ui::ViewState on_release = kiosk.tap("read_aloud");
    REQUIRE(on_release.to_speak.has_value());
    CHECK(contains(on_release.to_speak->text, kiosk.text.get("en", "smiley.1")));
    CHECK(contains(on_release.to_speak->text, kiosk.text.get("en", "smiley.5")));
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "recommend");
    on_release = kiosk.tap("read_aloud");
    REQUIRE(on_release.to_speak.has_value());
    const Question& question = *kiosk.survey.find("recommend");
    CHECK(contains(on_release.to_speak->text, "0, " + question.min_label.in("en")));
    CHECK(contains(on_release.to_speak->text, "10, " + question.max_label.in("en")));
}

TEST_CASE("the speaker on the attract screen reads the title and how to start") {
    Kiosk kiosk(demo_survey());
    const ui::ViewState on_release = kiosk.tap("read_aloud");
    REQUIRE(on_release.to_speak.has_value());
    CHECK(on_release.to_speak->language == "en");
    CHECK(on_release.to_speak->text == kiosk.survey.title.in("en") + ". " +
                                           kiosk.survey.intro.in("en") + " " +
                                           kiosk.text.get("en", "start.tap"));
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));  // it did not start
}

TEST_CASE("text size and contrast last one response and reset at the attract screen") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("text_size");
    kiosk.tap("contrast");
    kiosk.tap("start");
    kiosk.tap("decline");  // back to attract: the next resident starts from the defaults
    REQUIRE(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK_FALSE(kiosk.view.is_large_text);
    CHECK_FALSE(kiosk.view.is_high_contrast);
    CHECK(ui::colour::background == ui::standard_palette().background);
}

TEST_CASE("choices made on the attract screen are dropped when it dims with nobody starting") {
    Kiosk kiosk(demo_survey());
    kiosk.tap("text_size");
    kiosk.now += ui::attract_animate_for + 1s;
    kiosk.idle();
    CHECK(kiosk.view.is_dimmed);
    CHECK_FALSE(kiosk.view.is_large_text);
}

TEST_CASE("the attract screen animates gently, then dims and stops asking for frames") {
    Kiosk kiosk(demo_survey());
    kiosk.idle();
    CHECK(kiosk.view.is_animating);
    CHECK(kiosk.view.animation_frame_s >= 1.0 / 30);  // paced, not every vsync
    CHECK_FALSE(kiosk.view.is_dimmed);
    kiosk.now += ui::attract_animate_for - 1s;
    kiosk.idle();
    CHECK(kiosk.view.is_animating);
    kiosk.now += 2s;
    kiosk.idle();
    CHECK(kiosk.view.is_dimmed);  // resting: never a grey veil, one frame every few seconds
    CHECK(kiosk.view.is_animating);
    CHECK(kiosk.view.animation_frame_s >= ui::attract_rest_period_s);
    kiosk.now += 10min;
    kiosk.idle();
    CHECK(kiosk.view.animation_frame_s >= ui::attract_rest_period_s);  // still resting
    CHECK(kiosk.has("start"));  // and can still be started in one tap
}

TEST_CASE("a touch wakes the dimmed attract screen, and a tap on Start still starts") {
    Kiosk kiosk(demo_survey());
    kiosk.now += ui::attract_animate_for + 1s;
    kiosk.idle();
    REQUIRE(kiosk.view.is_dimmed);
    kiosk.tap("start");
    CHECK(std::holds_alternative<PrivacyNotice>(kiosk.session.screen));
    kiosk.tap("decline");
    CHECK(kiosk.view.is_animating);  // back at attract: awake again for the next passer-by
    CHECK_FALSE(kiosk.view.is_dimmed);
}

TEST_CASE("the thanks screen draws the you-said-we-did message and a QR code of the page") {
    Kiosk kiosk(demo_survey());
    REQUIRE_FALSE(kiosk.survey.more_info_url.empty());
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.tap("next");
    kiosk.tap("scale:9");
    for (int i = 0; i < 4; ++i) kiosk.tap("next");
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    kiosk.idle();
    CHECK(kiosk.view.message_text == kiosk.survey.you_said_we_did.in("en"));
    const ui::QrCode code = ui::make_qr_code(kiosk.survey.more_info_url);
    REQUIRE(code.size > 0);
    CHECK(kiosk.view.qr_size == code.size);
    CHECK(kiosk.view.qr_url == kiosk.survey.more_info_url);
    const auto dark = std::count(code.is_dark.begin(), code.is_dark.end(), true);
    CHECK(kiosk.view.qr_modules_drawn == dark);
    CHECK(kiosk.has("dismiss"));
}

TEST_CASE("a QR code is a square matrix with its three finder patterns") {
    const ui::QrCode code = ui::make_qr_code("https://www.example.gov.uk/you-said-we-did");
    REQUIRE(code.size >= 21);
    CHECK((code.size - 17) % 4 == 0);  // versions are 21, 25, 29 ... modules
    // Each finder is a 7x7 dark ring around a 3x3 dark core; its top-left corner is dark.
    for (const auto& [x, y] :
         {std::pair{0, 0}, std::pair{code.size - 7, 0}, std::pair{0, code.size - 7}}) {
        CHECK(code.dark(x, y));
        CHECK(code.dark(x + 6, y + 6));
        CHECK_FALSE(code.dark(x + 1, y + 1));
        CHECK(code.dark(x + 3, y + 3));
    }
    CHECK(ui::make_qr_code("").size == 0);
}

TEST_CASE("a thanks screen without the optional fields draws neither message nor code") {
    Survey survey;
    survey.id = "plain";
    survey.languages = {"en"};
    survey.title = words("Plain");
    survey.intro = words("Intro");
    survey.thanks = words("Thanks");
    Question question;
    question.id = "q";
    question.type = QuestionType::yesno;
    question.prompt = words("Yes?");
    survey.questions.push_back(question);
    Kiosk kiosk(std::move(survey));
    kiosk.tap("start");
    kiosk.tap("next");
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    kiosk.idle();
    CHECK(kiosk.view.message_text.empty());
    CHECK(kiosk.view.qr_modules_drawn == 0);
}
