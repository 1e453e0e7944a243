// The layout audit: every resident screen of the demo survey, and of a survey with long labels,
// in every language x {1920x1080, 1280x800, 1080x1920, 1024x768} x {normal, A+} x {normal, high
// contrast}, drawn headless by the real views with a LayoutRecord set (kiosk/ui/layout_record.hpp).
// Nobody has to look at a screenshot: a frame fails when
//   - text leaves the box it is drawn in (a button, an option, a panel), or the window;
//   - a tap target is smaller than 15 mm at 96 dpi (57 px), or smaller with A+ than without
//     (and then under a standard button's size);
//   - two targets overlap or are less than 8 px apart;
//   - an answer option can only be reached by scrolling while another column count would show
//     every option (each count measured at its own column width); for the demo and one-question
//     surveys, an answer option below the fold at all (1024x768 excepted: see Size);
//   - the text field being typed into is covered by the keys, or its counter is off screen;
//   - a target is outside the window.
// The matrix is printed as a table (failures per cell), then the first failures in words.
#include "tests/ui/layout_audit.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/session.hpp"
#include "kiosk/ui/layout_record.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;
using standpoint::layout_audit::audit_frame;

namespace {

struct Size {
    const char* name;
    ImVec2 display;
    // Every answer list shows whole (when the survey asks it of the audit). Not on 1024x768:
    // Urdu with A+ there leaves 241 px for six options, and labels are never made smaller than
    // without A+ (kiosk_view.cpp option_grid); the column rule still holds there.
    bool shows_every_option;
};
const Size sizes[] = {{"1920x1080", ImVec2(1920, 1080), true},
                      {"1280x800", ImVec2(1280, 800), true},
                      {"1080x1920", ImVec2(1080, 1920), true},
                      {"1024x768", ImVec2(1024, 768), false}};

struct Look {
    const char* name;
    bool is_large;
    bool is_high_contrast;
};
const Look looks[] = {{"normal", false, false},
                      {"A+", true, false},
                      {"contrast", false, true},
                      {"A+ contrast", true, true}};


// The demo survey with every option label and prompt three times as long, and a nine-option
// question: what a council's own survey may well bring.
Survey long_label_survey() {
    Survey survey = headless::demo_survey();
    survey.id = "long-labels";
    for (Question& question : survey.questions) {
        for (auto& [language, words] : question.prompt.by_language)
            words = words + " " + words + " " + words;
        for (Option& option : question.options)
            for (auto& [language, words] : option.label.by_language)
                words = words + " — " + words + " " + words;
    }
    Question many;
    many.id = "travel";
    many.type = QuestionType::single;
    for (const std::string& language : survey.languages)
        many.prompt.by_language[language] = survey.questions[0].prompt.in(language);
    for (int i = 1; i <= 9; ++i) {
        Option option;
        option.id = "way_" + std::to_string(i);
        for (const std::string& language : survey.languages)
            option.label.by_language[language] =
                survey.questions[4].options[static_cast<std::size_t>(i % 7)].label.in(language) +
                " " + std::to_string(i);
        many.options.push_back(option);
    }
    survey.questions.push_back(many);
    return survey;
}

struct Screen {
    std::string name;
    Session session;
    bool is_reviewing = false;  // a text question after Done: the keys away, the answer in full
};

// Every screen a resident can meet, in `language`: the text questions twice (empty, and with a
// full-length answer being reviewed).
std::vector<Screen> resident_screens(const Survey& survey, const std::string& language,
                                     TimePoint now) {
    std::vector<Screen> screens;
    const Draft draft{"0190a4c2-0000-7000-8000-000000000001", language, now, {}};
    screens.push_back({"attract", Session{Attract{language}, now, std::nullopt}});
    if (!survey.privacy_notice.empty())
        screens.push_back({"privacy", Session{PrivacyNotice{draft}, now, std::nullopt}});
    for (std::size_t i = 0; i < survey.questions.size(); ++i) {
        const Question& question = survey.questions[i];
        screens.push_back(
            {question.id, Session{Asking{draft, i, AnswerProblem::none}, now, std::nullopt}});
        if (question.type == QuestionType::text) {
            Draft full = draft;
            const int length = text_max_length(question);
            std::string typed;
            const std::string words = language == "ur" ? "ہم نے پارک میں " : "we went to the park ";
            while (static_cast<int>(typed.size()) < length) typed += words;
            // Cut on a code point boundary within the length (Urdu letters are 2 bytes).
            std::string cut;
            int points = 0;
            for (std::size_t b = 0; b < typed.size() && points < length; ++points) {
                std::size_t n = 1;
                while (b + n < typed.size() &&
                       (static_cast<unsigned char>(typed[b + n]) & 0xC0) == 0x80)
                    ++n;
                cut += typed.substr(b, n);
                b += n;
            }
            if (question.pattern.empty()) {
                full.answers[question.id] = TextAnswer{cut};
                screens.push_back(
                    {question.id + " (full)",
                     Session{Asking{full, i, AnswerProblem::none}, now, std::nullopt}});
                screens.push_back({question.id + " (review)",
                                   Session{Asking{full, i, AnswerProblem::none}, now, std::nullopt},
                                   true});
            }
        }
    }
    screens.push_back(
        {"refused", Session{Asking{draft, 0, AnswerProblem::required}, now, std::nullopt}});
    screens.push_back(
        {"still there", Session{Asking{draft, 0, AnswerProblem::none}, now, now + 20s}});
    screens.push_back({"saving", Session{Saving{draft}, now, std::nullopt}});
    screens.push_back({"thanks", Session{Thanks{language, now + 15s}, now, std::nullopt}});
    screens.push_back(
        {"unavailable", Session{Unavailable{"the disk is full", language}, now, std::nullopt}});
    return screens;
}

struct Cell {
    int frames = 0;
    int failures = 0;
};

// Audits every screen of `survey` in every language, size and look; returns false on any failure.
bool audit_survey(const Survey& survey, const UiText& text, bool every_option_fits) {
    std::map<std::string, Cell> cells;  // "language size|look"
    std::vector<std::string> failures;
    const TimePoint now = TimePoint(std::chrono::seconds(1'795'000'000));
    for (const Size& size : sizes) {
        ImGuiContext* context = headless::create_context(survey, text, size.display);
        for (const std::string& language : survey.languages) {
            // name@look -> the targets' smaller sides without A+. A+ must never shrink a target
            // below a standard button (a tenth of the shorter side, 108 px at 1080); an option
            // row laid out in more columns with A+ may be less tall and still far above that.
            std::map<std::string, float> normal_sides;
            const float standard_side = 0.1f * std::min(size.display.x, size.display.y) - 1;
            for (const Look& look : looks) {
                Cell& cell = cells[language + " " + size.name + "|" + look.name];
                for (const Screen& screen : resident_screens(survey, language, now)) {
                    ui::ViewState view;
                    view.is_large_text = look.is_large;
                    view.is_high_contrast = look.is_high_contrast;
                    ui::LayoutRecord record;
                    // Two frames: ImGui sizes a scroll area's content from the frame before.
                    for (int frame = 0; frame < 3; ++frame) {
                        record.clear();
                        ui::set_layout_record(&record);
                        headless::draw_frame(context, ImVec2(-FLT_MAX, -FLT_MAX), false,
                                             screen.session, survey, text, view, now);
                        ui::set_layout_record(nullptr);
                        view.is_reviewing = screen.is_reviewing;  // as if Done was tapped
                        if (std::holds_alternative<Attract>(screen.session.screen)) {
                            view.is_large_text = look.is_large;  // the attract screen resets them
                            view.is_high_contrast = look.is_high_contrast;
                        }
                    }
                    std::vector<std::string> problems =
                        audit_frame(record, view.targets, size.display,
                                    every_option_fits && size.shows_every_option);
                    for (const ui::TapTarget& target : view.targets) {
                        const std::string key =
                            screen.name + "/" + target.name + (look.is_high_contrast ? "/hc" : "");
                        const float side = std::min(target.w, target.h);
                        if (!look.is_large) {
                            normal_sides[key] = side;
                        } else if (const auto found = normal_sides.find(key);
                                   found != normal_sides.end() && side < found->second - 1 &&
                                   side < standard_side) {
                            problems.push_back("target " + target.name + " shrinks with A+ (" +
                                               std::to_string(int(found->second)) + " -> " +
                                               std::to_string(int(side)) + " px)");
                        }
                    }
                    ++cell.frames;
                    cell.failures += static_cast<int>(problems.size());
                    for (const std::string& problem : problems)
                        failures.push_back(survey.id + " " + language + " " + size.name + " " +
                                           look.name + " [" + screen.name + "] " + problem);
                }
            }
        }
        ImGui::DestroyContext(context);
    }
    // The matrix: one row per language and size, one column per look.
    std::printf("\nlayout audit: %s (screens per cell: %d)\n", survey.id.c_str(),
                cells.begin()->second.frames);
    std::printf("%-16s", "language size");
    for (const Look& look : looks) std::printf(" %-12s", look.name);
    std::printf("\n");
    for (const std::string& language : survey.languages)
        for (const Size& size : sizes) {
            std::printf("%-16s", (language + " " + size.name).c_str());
            for (const Look& look : looks) {
                const Cell& cell = cells[language + " " + size.name + "|" + look.name];
                const std::string shown =
                    cell.failures == 0 ? "ok" : std::to_string(cell.failures) + " fail";
                std::printf(" %-12s", shown.c_str());
            }
            std::printf("\n");
        }
    // STANDPOINT_AUDIT_ALL=1 prints every failure (to sort and count), else the first 60.
    const std::size_t shown = std::getenv("STANDPOINT_AUDIT_ALL") != nullptr
                                  ? failures.size()
                                  : std::min<std::size_t>(failures.size(), 60);
    for (std::size_t i = 0; i < shown; ++i) std::printf("  %s\n", failures[i].c_str());
    if (failures.size() > shown) std::printf("  ... and %zu more\n", failures.size() - shown);
    std::fflush(stdout);
    return failures.empty();
}

}  // namespace

TEST_CASE("every screen of the demo survey fits every size, language, text size and contrast") {
    const UiText text = headless::all_ui_texts();
    CHECK(audit_survey(headless::demo_survey(), text, true));
}

TEST_CASE("the one-question kiosk (the attract screen is the question) fits everywhere") {
    const UiText text = headless::all_ui_texts();
    CHECK(
        audit_survey(headless::load_survey("assets/surveys/quick-smiley.json", "quick-smiley.json"),
                     text, true));
}

TEST_CASE("a survey with labels three times as long still fits everywhere") {
    const UiText text = headless::all_ui_texts();
    CHECK(audit_survey(long_label_survey(), text, false));
}
