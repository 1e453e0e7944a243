// Export then import gives back the same survey: every question, option, language and rule.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "kiosk/core/survey_loader.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "kiosk/xlsform/xlsform_export.hpp"
#include "tests/xlsform/form_builder.hpp"

using namespace standpoint;
using namespace standpoint::testing;

namespace {

void check_same_text(const Text& a, const Text& b, const std::string& what) {
    INFO(what);
    CHECK(a.by_language == b.by_language);
}

void check_same_survey(const Survey& a, const Survey& b) {
    CHECK(a.id == b.id);
    CHECK(a.version == b.version);
    CHECK(a.languages == b.languages);
    check_same_text(a.title, b.title, "title");
    check_same_text(a.intro, b.intro, "intro");
    check_same_text(a.privacy_notice, b.privacy_notice, "privacy_notice");
    check_same_text(a.thanks, b.thanks, "thanks");
    check_same_text(a.you_said_we_did, b.you_said_we_did, "you_said_we_did");
    CHECK(a.more_info_url == b.more_info_url);
    CHECK(a.keeps_partial == b.keeps_partial);
    CHECK(a.idle_timeout_s == b.idle_timeout_s);
    REQUIRE(a.questions.size() == b.questions.size());
    for (std::size_t i = 0; i < a.questions.size(); ++i) {
        const Question& x = a.questions[i];
        const Question& y = b.questions[i];
        INFO("question " << x.id);
        CHECK(x.id == y.id);
        CHECK(x.type == y.type);
        check_same_text(x.prompt, y.prompt, "prompt");
        check_same_text(x.help, y.help, "help");
        CHECK(x.is_required == y.is_required);
        CHECK(x.is_personal_data == y.is_personal_data);
        CHECK(x.is_equality == y.is_equality);
        CHECK(show_if_text(x, a) == show_if_text(y, b));
        CHECK(x.max_choices == y.max_choices);
        CHECK(x.min_value == y.min_value);
        CHECK(x.max_value == y.max_value);
        check_same_text(x.min_label, y.min_label, "min_label");
        check_same_text(x.max_label, y.max_label, "max_label");
        CHECK(x.max_length == y.max_length);
        CHECK(x.pattern == y.pattern);
        check_same_text(x.pattern_hint, y.pattern_hint, "pattern_hint");
        CHECK(x.constraint.has_value() == y.constraint.has_value());
        if (x.constraint && y.constraint) CHECK(to_text(*x.constraint) == to_text(*y.constraint));
        check_same_text(x.constraint_hint, y.constraint_hint, "constraint_hint");
        REQUIRE(x.options.size() == y.options.size());
        for (std::size_t k = 0; k < x.options.size(); ++k) {
            CHECK(x.options[k].id == y.options[k].id);
            check_same_text(x.options[k].label, y.options[k].label, "option " + x.options[k].id);
            CHECK(x.options[k].is_prefer_not_to_say == y.options[k].is_prefer_not_to_say);
        }
    }
}

Survey round_trip(const std::string& json_path) {
    const std::string bytes = read_bytes(json_path);
    Result<Survey> original = parse_survey(bytes, json_path);
    REQUIRE_MESSAGE(original.ok(), (original.ok() ? "" : original.error().message));
    TempDir dir("xlsform-round-trip");
    const auto xlsx = dir.path() / "form.xlsx";
    const Status written = write_xlsform(*original, xlsx);
    REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
    Result<LoadedSurvey> imported = load_survey_file(xlsx);
    REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
    CHECK(imported->is_xlsform);
    check_same_survey(*original, imported->survey);
    return imported->survey;
}

}  // namespace

TEST_CASE("the demo survey exported to XLSForm and imported again is the same in every language") {
    const Survey survey = round_trip(STANDPOINT_SOURCE_DIR "/assets/surveys/gala-feedback.json");
    CHECK(survey.languages.size() == 4);
}

TEST_CASE("a survey of every question type and skip logic survives the round trip") {
    round_trip(STANDPOINT_SOURCE_DIR "/tests/data/surveys/good-every-type.json");
    round_trip(STANDPOINT_SOURCE_DIR "/tests/data/surveys/good-touch-types.json");
}

TEST_CASE("skip logic and constraints written as expressions survive the round trip") {
    TempDir dir("xlsform-expressions");
    const auto json = dir.path() / "expressions.json";
    std::ofstream(json) << R"json({"format": "standpoint-survey/1", "id": "x", "version": 2,
      "languages": ["en", "cy"], "title": {"en": "T", "cy": "T"}, "intro": {"en": "I", "cy": "I"},
      "thanks": {"en": "D", "cy": "D"},
      "questions": [
        {"id": "used", "type": "yesno", "prompt": {"en": "Used?", "cy": "Wedi?"}},
        {"id": "want", "type": "multi", "prompt": {"en": "Want?", "cy": "Eisiau?"},
         "options": [{"id": "a", "label": {"en": "A", "cy": "A"}}, {"id": "b", "label": {"en": "B", "cy": "B"}}]},
        {"id": "n", "type": "number", "min": 1, "max": 9, "prompt": {"en": "N?", "cy": "N?"},
         "show_if": "${used} = 'yes' or (selected(${want}, 'b') and count-selected(${want}) >= 2)",
         "constraint": ". != 4", "constraint_hint": {"en": "Not 4", "cy": "Nid 4"}}
      ]})json";
    round_trip(json.string());
}
