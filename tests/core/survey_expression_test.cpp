// show_if written as an expression and constraint in survey JSON: loading, checking and the
// session obeying them.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"

using namespace standpoint;

namespace {

std::string survey_json(const std::string& questions) {
    return R"j({"format": "standpoint-survey/1", "id": "t", "version": 1, "languages": ["en"],
      "title": {"en": "T"}, "intro": {"en": "I"}, "thanks": {"en": "D"}, "questions": )j" +
           questions + "}";
}

const std::string used_and_want = R"j(
  {"id": "used", "type": "yesno", "prompt": {"en": "Used?"}},
  {"id": "want", "type": "multi", "prompt": {"en": "Want?"},
   "options": [{"id": "a", "label": {"en": "A"}}, {"id": "b", "label": {"en": "B"}}]})j";

std::string problems_of(const std::string& questions) {
    std::string all;
    for (const auto& line : check_survey(survey_json(questions), "t.json")) all += line + "\n";
    return all;
}

}  // namespace

TEST_CASE("show_if as an expression decides visibility from several answers") {
    Result<Survey> survey = parse_survey(survey_json("[" + used_and_want + R"j(,
      {"id": "why", "type": "text", "prompt": {"en": "Why?"},
       "show_if": "${used} = 'yes' and (selected(${want}, 'b') or count-selected(${want}) = 0)"}])j"),
                                         "t.json");
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? "" : survey.error().message));
    const Question& why = survey->questions[2];
    REQUIRE(why.show_if_expression.has_value());
    CHECK(is_visible(why, {{"used", YesNoAnswer{true}}}));
    CHECK(is_visible(why, {{"used", YesNoAnswer{true}}, {"want", ChoicesAnswer{{"b"}}}}));
    CHECK_FALSE(is_visible(why, {{"used", YesNoAnswer{true}}, {"want", ChoicesAnswer{{"a"}}}}));
    CHECK_FALSE(is_visible(why, {{"used", YesNoAnswer{false}}}));
}

TEST_CASE("an expression show_if is checked like the block form") {
    CHECK(problems_of("[" + used_and_want + R"j(, {"id": "x", "type": "text", "prompt": {"en": "X"},
      "show_if": "${later} = 'a'"}, {"id": "later", "type": "yesno", "prompt": {"en": "L"}}])j")
              .find("t.json: question 'x': show_if: points at 'later', which comes later") !=
          std::string::npos);
    CHECK(problems_of("[" + used_and_want + R"j(, {"id": "x", "type": "text", "prompt": {"en": "X"},
      "show_if": "selected(${want}, 'c')"}])j")
              .find("t.json: question 'x': show_if: 'c' is not an option of 'want'") !=
          std::string::npos);
    CHECK(problems_of("[" + used_and_want + R"j(, {"id": "x", "type": "text", "prompt": {"en": "X"},
      "show_if": "${used} = 'true'"}])j")
              .find("'used' is answered 'yes' or 'no', not 'true'") != std::string::npos);
    CHECK(problems_of("[" + used_and_want + R"j(, {"id": "x", "type": "text", "prompt": {"en": "X"},
      "show_if": "${used} + 1"}])j")
              .find("t.json: question 'x': show_if: '+ 1' is not understood here") !=
          std::string::npos);
    CHECK(problems_of("[" + used_and_want + R"j(, {"id": "x", "type": "text", "prompt": {"en": "X"},
      "show_if": ". = 'a'"}])j")
              .find("only a constraint has") != std::string::npos);
}

TEST_CASE("a constraint refuses an answer at Next with its own words, and needs them") {
    Result<Survey> survey = parse_survey(survey_json(R"j([
      {"id": "first", "type": "single", "prompt": {"en": "1st?"},
       "options": [{"id": "a", "label": {"en": "A"}}, {"id": "b", "label": {"en": "B"}}]},
      {"id": "second", "type": "single", "prompt": {"en": "2nd?"},
       "options": [{"id": "a", "label": {"en": "A"}}, {"id": "b", "label": {"en": "B"}}],
       "constraint": ". != ${first}", "constraint_hint": {"en": "Pick another"}}])j"),
                                         "t.json");
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? "" : survey.error().message));
    const TimePoint t0{};
    Session session = start_session(*survey, t0);
    session = advance(session, Start{"r1", t0}, *survey).session;
    session = advance(session, SetAnswer{ChoiceAnswer{"a"}, t0}, *survey).session;
    session = advance(session, Next{t0}, *survey).session;
    session = advance(session, SetAnswer{ChoiceAnswer{"a"}, t0}, *survey).session;
    session = advance(session, Next{t0}, *survey).session;
    REQUIRE(std::holds_alternative<Asking>(session.screen));
    CHECK(std::get<Asking>(session.screen).problem == AnswerProblem::constraint);
    session = advance(session, SetAnswer{ChoiceAnswer{"b"}, t0}, *survey).session;
    const Step done = advance(session, Next{t0}, *survey);
    REQUIRE(done.to_save.has_value());
    CHECK(done.to_save->answers.size() == 2);

    CHECK(problems_of(R"j([{"id": "w", "type": "text", "prompt": {"en": "W"},
      "constraint": "string-length(.) > 2"}])j")
              .find("a \"constraint\" needs a \"constraint_hint\"") != std::string::npos);
    CHECK(problems_of(R"j([{"id": "w", "type": "text", "prompt": {"en": "W"},
      "constraint": "regex(., 'x')", "constraint_hint": {"en": "h"}}])j")
              .find("give a text question a \"pattern\" instead") != std::string::npos);
    CHECK(problems_of(R"j([{"id": "w", "type": "info", "prompt": {"en": "W"},
      "constraint": ". = 1", "constraint_hint": {"en": "h"}}])j")
              .find("an info question has no answer to check") != std::string::npos);
}
