// XLSForm in: the mapping rule by rule, the messages at their cells, and what a kiosk refuses.
// Forms are written for each test with libxlsxwriter (tests/xlsform/form_builder.hpp).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/sha256.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "kiosk/xlsform/xlsx_reader.hpp"
#include "tests/xlsform/form_builder.hpp"

using namespace standpoint;
using namespace standpoint::testing;

namespace {

const Rows bilingual_settings = {
    {"form_title", "form_title::Cymraeg (cy)", "form_id", "version", "default_language",
     "intro::English (en)", "intro::Cymraeg (cy)", "thanks::English (en)", "thanks::Cymraeg (cy)"},
    {"Library survey", "Arolwg llyfrgell", "library", "#3", "English (en)", "A minute.", "Munud.",
     "Thank you", "Diolch"},
};

const Rows bilingual_choices = {
    {"list_name", "name", "label::English (en)", "label::Cymraeg (cy)", "prefer_not_to_say"},
    {"travel", "bus", "Bus", "Bws"},
    {"travel", "car", "Car", "Car"},
    {"want", "books", "Books", "Llyfrau"},
    {"want", "events", "Events", "Digwyddiadau"},
    {"want", "none", "Prefer not to say", "Gwell gennyf beidio", "yes"},
    {"yn", "yes", "Yes", "Ie"},
    {"yn", "no", "No", "Na"},
};

Form form_with(Rows survey) {
    return Form{std::move(survey), bilingual_choices, bilingual_settings};
}

Result<LoadedSurvey> load(const Form& form) {
    return load_survey_bytes(xlsx_bytes(form), "FORM.xlsx");
}

Survey loaded_survey(const Form& form) {
    Result<LoadedSurvey> result = load(form);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return result->survey;
}

std::string problems(const Form& form) {
    Result<LoadedSurvey> result = load(form);
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

const std::vector<std::string> survey_header = {"type",
                                                "name",
                                                "label::English (en)",
                                                "label::Cymraeg (cy)",
                                                "relevant",
                                                "constraint",
                                                "constraint_message::English (en)",
                                                "constraint_message::Cymraeg (cy)",
                                                "required",
                                                "appearance",
                                                "parameters"};

}  // namespace

TEST_CASE("a bilingual form maps each XLSForm type to a kiosk question") {
    const Survey survey = loaded_survey(form_with({
        survey_header,
        {"start", "start"},
        {"range", "visit", "How was it?", "Sut oedd hi?", "", "", "", "", "yes", "smileys"},
        {"range", "rating", "Stars?", "Sêr?", "", "", "", "", "", "stars", "start=1 end=5"},
        {"range", "recommend", "Recommend?", "Argymell?", "", "", "", "", "", "", "start=0 end=10"},
        {"select_one travel", "travel", "How?", "Sut?"},
        {"select_multiple want", "want", "Want?", "Eisiau?", "", "count-selected(.) <= 2"},
        {"select_one yn", "used", "Used it?", "Wedi defnyddio?", "", "", "", "", "", "yes-no"},
        {"integer", "household", "How many?", "Sawl un?", "", ". >= 1 and . <= 20"},
        {"text", "postcode", "Postcode?", "Cod post?", "${used} = 'yes'",
         "regex(., '^[A-Z]{1,2}[0-9]$') and string-length(.) <= 4", "Like CF10", "Fel CF10"},
        {"note", "bye", "Nearly done", "Bron wedi gorffen"},
        {"acknowledge", "agree", "I agree", "Rwy'n cytuno", "", "", "", "", "yes"},
    }));
    CHECK(survey.id == "library");
    CHECK(survey.version == 3);
    CHECK(survey.languages == std::vector<std::string>{"en", "cy"});
    CHECK(survey.title.in("cy") == "Arolwg llyfrgell");
    CHECK(survey.thanks.in("cy") == "Diolch");
    REQUIRE(survey.questions.size() == 10);
    const auto& q = survey.questions;
    CHECK(q[0].type == QuestionType::smiley);
    CHECK(q[0].is_required);
    CHECK(q[1].type == QuestionType::stars);
    CHECK(q[1].max_value == 5);
    CHECK(q[2].type == QuestionType::scale);
    CHECK(q[2].min_value == 0);
    CHECK(q[2].max_value == 10);
    CHECK(q[3].type == QuestionType::single);
    REQUIRE(q[3].options.size() == 2);
    CHECK(q[3].options[0].label.in("cy") == "Bws");
    CHECK(q[4].type == QuestionType::multi);
    CHECK(q[4].max_choices == 2);
    CHECK(q[4].options[2].is_prefer_not_to_say);
    CHECK(q[5].type == QuestionType::yesno);
    CHECK(q[6].type == QuestionType::number);
    CHECK(q[6].min_value == 1);
    CHECK(q[6].max_value == 20);
    CHECK(q[7].type == QuestionType::text);
    CHECK(q[7].pattern == "^[A-Z]{1,2}[0-9]$");
    CHECK(q[7].max_length == 4);
    CHECK(q[7].pattern_hint.in("cy") == "Fel CF10");
    CHECK(show_if_text(q[7], survey) == "${used} = 'yes'");
    CHECK(q[8].type == QuestionType::info);
    CHECK(q[9].type == QuestionType::consent);
}

TEST_CASE("metadata rows are skipped with a warning that says nothing is lost") {
    Result<LoadedSurvey> result = load(form_with({
        survey_header,
        {"start", "start"},
        {"deviceid", "device"},
        {"text", "better", "Better?", "Gwell?"},
    }));
    REQUIRE(result.ok());
    REQUIRE(result->warnings.size() == 2);
    CHECK(result->warnings[0] ==
          "FORM.xlsx: survey!A2: skipped 'start': the kiosk records when each response started "
          "and ended by itself");
    CHECK(result->is_xlsform);
    CHECK(result->survey.sha256.size() == 64);
    CHECK(result->source_sha256 != result->survey.sha256);
    CHECK(nlohmann::json::parse(result->kept.definition)["questions"].size() == 1);
    // The workbook itself is kept beside its conversion, byte for byte.
    CHECK(result->kept.has_source());
    CHECK(result->kept.source_name == "FORM.xlsx");
    CHECK(result->kept.source_bytes.rfind("PK", 0) == 0);
    CHECK(sha256_hex(result->kept.source_bytes) == result->source_sha256);
}

TEST_CASE("what a kiosk cannot ask is refused with the cell and the reason") {
    const std::string said = problems(form_with({
        survey_header,
        {"text", "name_q", "Name?", "Enw?"},
        {"image", "photo", "A photo", "Llun"},
        {"geopoint", "where", "Where?", "Ble?"},
        {"begin_repeat", "people", "People", "Pobl"},
        {"decimal", "height", "Height?", "Taldra?"},
        {"calculate", "sum", ""},
        {"date", "when", "When?", "Pryd?"},
    }));
    CHECK(said.find("FORM.xlsx: survey!A3: a kiosk cannot take a photo (type image); remove this "
                    "row or change its type") != std::string::npos);
    CHECK(said.find("FORM.xlsx: survey!A4: a kiosk does not know where it is") !=
          std::string::npos);
    CHECK(said.find("FORM.xlsx: survey!A5: a kiosk cannot repeat a set of questions (type "
                    "begin_repeat)") != std::string::npos);
    CHECK(said.find("survey!A6: the kiosk's number pad takes whole numbers only") !=
          std::string::npos);
    CHECK(said.find("survey!A7: a calculation is not a question") != std::string::npos);
    CHECK(said.find("survey!A8: a kiosk has no date picker") != std::string::npos);
}

TEST_CASE("choice_filter, or_other and an unknown list are refused at their cells") {
    const std::string said =
        problems(form_with({survey_header,
                            {"select_one travel or_other", "travel", "How?", "Sut?"},
                            {"select_one nolist", "other", "How?", "Sut?"}}));
    CHECK(said.find("FORM.xlsx: survey!A2: 'select_one travel or_other': or_other is not "
                    "supported") != std::string::npos);
    CHECK(said.find("FORM.xlsx: survey!A3: the list 'nolist' is not in the choices sheet") !=
          std::string::npos);
    Rows filtered = {
        {"type", "name", "label::English (en)", "label::Cymraeg (cy)", "choice_filter"},
        {"select_one travel", "t", "How?", "Sut?", "${x} = 'y'"}};
    CHECK(problems(form_with(filtered)).find("survey!E2: a kiosk shows every choice of a list") !=
          std::string::npos);
}

TEST_CASE("a label missing in a declared language is named at its cell") {
    const std::string said = problems(form_with({
        survey_header,
        {"text", "better", "Better?", ""},
    }));
    CHECK(said ==
          "FORM.xlsx: survey!D2: question 'better' has no label in 'cy'; fill in this cell");
}

TEST_CASE("an option's missing label is named in the choices sheet") {
    Form form = form_with({survey_header, {"select_one travel", "travel", "How?", "Sut?"}});
    form.choices[2][3] = "";
    CHECK(problems(form) ==
          "FORM.xlsx: choices!D3: option 'car' has no label in 'cy'; fill in this cell");
}

TEST_CASE("an expression outside the subset is refused at its cell with the part not understood") {
    const std::string said = problems(form_with({
        survey_header,
        {"integer", "age", "Age?", "Oed?"},
        {"text", "why", "Why?", "Pam?", "${age} + 1 > 18"},
        {"text", "other", "Other?", "Arall?", "", "", "", "", "pulldata('x', 'y', 'z', 'w')"},
    }));
    CHECK(said.find("FORM.xlsx: survey!E3: '+ 1 > 18' is not understood here") !=
          std::string::npos);
    CHECK(said.find("FORM.xlsx: survey!I4: required must be yes or no") != std::string::npos);
}

TEST_CASE("the survey checker's own findings are placed at the question's row") {
    const std::string said = problems(form_with({
        survey_header,
        {"text", "why", "Why?", "Pam?", "${later} = 'x'"},
        {"select_one travel", "later", "How?", "Sut?"},
        {"range", "wide", "Wide?", "Llydan?", "", "", "", "", "", "", "start=0 end=20"},
    }));
    CHECK(said.find("FORM.xlsx: survey!B2: question 'why': show_if: points at 'later', which comes "
                    "later") != std::string::npos);
    CHECK(said.find("FORM.xlsx: survey!B4: question 'wide': a scale needs") != std::string::npos);
}

TEST_CASE("a group is a heading screen, and its relevant applies to every question in it") {
    const Survey survey = loaded_survey(form_with({
        survey_header,
        {"select_one yn", "used", "Used?", "Wedi?", "", "", "", "", "", "yes-no"},
        {"begin group", "about", "About your visit", "Am eich ymweliad", "${used} = 'yes'"},
        {"text", "best", "Best part?", "Gorau?", "${used} != ''"},
        {"end group"},
        {"text", "last", "Anything else?", "Unrhyw beth arall?"},
    }));
    REQUIRE(survey.questions.size() == 4);
    CHECK(survey.questions[1].type == QuestionType::info);
    CHECK(survey.questions[1].id == "about");
    CHECK(show_if_text(survey.questions[1], survey) == "${used} = 'yes'");
    CHECK(show_if_text(survey.questions[2], survey) == "${used} = 'yes' and ${used} != ''");
    CHECK(show_if_text(survey.questions[3], survey).empty());
}

TEST_CASE("a general constraint keeps its message as the refusal's words") {
    const Survey survey = loaded_survey(form_with({
        survey_header,
        {"select_one travel", "first", "First?", "Cyntaf?"},
        {"select_one travel", "second", "Second?", "Ail?", "", ". != ${first}", "Pick another",
         "Dewiswch un arall"},
    }));
    REQUIRE(survey.questions[1].constraint.has_value());
    CHECK(to_text(*survey.questions[1].constraint) == ". != ${first}");
    CHECK(survey.questions[1].constraint_hint.in("cy") == "Dewiswch un arall");
    const std::string said = problems(form_with({
        survey_header,
        {"text", "word", "Word?", "Gair?", "", "string-length(.) > 2"},
    }));
    CHECK(said.find("survey!F2: this constraint needs a constraint_message") != std::string::npos);
}

TEST_CASE(
    "columns in any order and case, extra columns and sheets, empty rows, numbers and "
    "booleans as cells") {
    Form form = form_with({
        {"Label::Cymraeg (cy)", "NAME", "notes", "Type", "Label::English (en)", "Required"},
        {},
        {"Faint?", "count", "ignored", "integer", "How many?", "?1"},
        {},
        {"Pam?", "why", "", "text", "Why?", "?0"},
    });
    form.choices = {{"list_name", "name", "label::English (en)", "label::Cymraeg (cy)"},
                    {"n", "#1", "One", "Un"}};
    const Survey survey = loaded_survey(form);
    REQUIRE(survey.questions.size() == 2);
    CHECK(survey.questions[0].is_required);
    CHECK_FALSE(survey.questions[1].is_required);
    CHECK(survey.questions[0].prompt.in("cy") == "Faint?");
    CHECK(survey.version == 3);  // a number cell
}

TEST_CASE("a single-language form with plain label columns is in English by default") {
    const Survey survey = loaded_survey(Form{
        {{"type", "name", "label"}, {"text", "why", "Why?"}},
        {},
        {{"form_title", "form_id", "intro", "thanks"}, {"Fair", "fair", "Hi", "Thanks"}},
    });
    CHECK(survey.languages == std::vector<std::string>{"en"});
    CHECK(survey.intro.in("en") == "Hi");
}

TEST_CASE("default_language decides which language comes first") {
    Form form = form_with({survey_header, {"text", "why", "Why?", "Pam?"}});
    form.settings[0][0] = "form_title::English (en)";
    form.settings[1][4] = "Cymraeg (cy)";
    CHECK(loaded_survey(form).languages == std::vector<std::string>{"cy", "en"});
}

TEST_CASE("a settings sheet without the texts a kiosk shows says which column to add") {
    const std::string said = problems(Form{
        {{"type", "name", "label"}, {"text", "why", "Why?"}},
        {},
        {{"form_title", "form_id"}, {"Fair", "fair"}},
    });
    CHECK(said.find("FORM.xlsx: settings!2: the survey has no intro in 'en'; add a column "
                    "intro::English (en) to the settings sheet and fill it in") !=
          std::string::npos);
    CHECK(said.find("the survey has no thanks in 'en'") != std::string::npos);
}

TEST_CASE("a version that is not a whole number is refused at its cell") {
    Form form = form_with({survey_header, {"text", "why", "Why?", "Pam?"}});
    form.settings[1][3] = "vK3x2";
    CHECK(problems(form).find("FORM.xlsx: settings!D2: version 'vK3x2' must be a whole number") ==
          0);
}

TEST_CASE("a workbook without a survey sheet is not an XLSForm") {
    CHECK(
        problems(Form{{}, {{"list_name"}, {"x"}}, {{"form_id"}, {"x"}}}) ==
        "FORM.xlsx: this workbook has no sheet named survey, so it is not an XLSForm; a form has a "
        "survey sheet (and usually choices and settings)");
    CHECK(problems(Form{{{"question", "answer"}, {"a", "b"}}, {}, {}})
              .find("FORM.xlsx: survey!1: the first row has no 'type' column") == 0);
}
