// check_answer's rules and the answers' JSON form, one behaviour per case.
#include "kiosk/core/answer.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/answer_check.hpp"

namespace standpoint {
namespace {

Question question(QuestionType type) {
    Question q;
    q.id = "q";
    q.type = type;
    q.prompt = Text{{{"en", "?"}}};
    return q;
}

Question with_options(QuestionType type) {
    Question q = question(type);
    for (const char* id : {"library", "parks", "housing", "prefer_not"}) {
        q.options.push_back(Option{id, Text{{{"en", id}}}, false});
    }
    return q;
}

Survey survey_of_every_type() {
    Survey survey;
    survey.id = "all";
    survey.languages = {"en"};
    const auto add = [&](const std::string& id, Question q) {
        q.id = id;
        survey.questions.push_back(q);
    };
    add("visit", question(QuestionType::smiley));
    add("agree", question(QuestionType::yesno));
    add("age", with_options(QuestionType::single));
    add("services", with_options(QuestionType::multi));
    add("better", question(QuestionType::text));
    add("count", question(QuestionType::number));
    add("welcome", question(QuestionType::info));
    return survey;
}

}  // namespace

// ---- Numbers -----------------------------------------------------------------------------------

TEST_CASE("a smiley answer runs from 1 to 5") {
    const Question q = question(QuestionType::smiley);
    CHECK(check_answer(q, NumberAnswer{1}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{5}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{0}) == AnswerProblem::out_of_range);
    CHECK(check_answer(q, NumberAnswer{6}) == AnswerProblem::out_of_range);
}

TEST_CASE("a stars answer runs from 1 to max_value, 5 when unset") {
    Question q = question(QuestionType::stars);
    CHECK(check_answer(q, NumberAnswer{5}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{6}) == AnswerProblem::out_of_range);
    q.max_value = 10;
    CHECK(check_answer(q, NumberAnswer{10}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{0}) == AnswerProblem::out_of_range);
}

TEST_CASE("a scale answer runs from min_value to max_value") {
    Question q = question(QuestionType::scale);
    q.min_value = 1;
    q.max_value = 7;
    CHECK(check_answer(q, NumberAnswer{1}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{7}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{0}) == AnswerProblem::out_of_range);
    CHECK(check_answer(q, NumberAnswer{8}) == AnswerProblem::out_of_range);
}

TEST_CASE("a number answer runs from min_value to max_value") {
    Question q = question(QuestionType::number);
    q.min_value = -5;
    q.max_value = 120;
    CHECK(check_answer(q, NumberAnswer{-5}) == AnswerProblem::none);
    CHECK(check_answer(q, NumberAnswer{121}) == AnswerProblem::out_of_range);
}

// ---- Types -------------------------------------------------------------------------------------

TEST_CASE("an answer of the wrong kind for the question is 'wrong_type'") {
    CHECK(check_answer(question(QuestionType::smiley), TextAnswer{"3"}) ==
          AnswerProblem::wrong_type);
    CHECK(check_answer(question(QuestionType::yesno), NumberAnswer{1}) ==
          AnswerProblem::wrong_type);
    CHECK(check_answer(with_options(QuestionType::single), ChoicesAnswer{{"parks"}}) ==
          AnswerProblem::wrong_type);
    CHECK(check_answer(with_options(QuestionType::multi), ChoiceAnswer{"parks"}) ==
          AnswerProblem::wrong_type);
    CHECK(check_answer(question(QuestionType::text), ChoiceAnswer{"parks"}) ==
          AnswerProblem::wrong_type);
}

TEST_CASE("an information screen takes no answer at all") {
    CHECK(check_answer(question(QuestionType::info), YesNoAnswer{true}) ==
          AnswerProblem::wrong_type);
}

TEST_CASE("yes/no and consent questions take either answer") {
    CHECK(check_answer(question(QuestionType::yesno), YesNoAnswer{false}) == AnswerProblem::none);
    CHECK(check_answer(question(QuestionType::consent), YesNoAnswer{true}) == AnswerProblem::none);
}

// ---- Options -----------------------------------------------------------------------------------

TEST_CASE("a single answer must name one of the question's options") {
    const Question q = with_options(QuestionType::single);
    CHECK(check_answer(q, ChoiceAnswer{"parks"}) == AnswerProblem::none);
    CHECK(check_answer(q, ChoiceAnswer{"zoo"}) == AnswerProblem::unknown_option);
    CHECK(check_answer(q, ChoiceAnswer{""}) == AnswerProblem::empty);
}

TEST_CASE("a multi answer must name only the question's options") {
    const Question q = with_options(QuestionType::multi);
    CHECK(check_answer(q, ChoicesAnswer{{"library", "parks"}}) == AnswerProblem::none);
    CHECK(check_answer(q, ChoicesAnswer{{"library", "zoo"}}) == AnswerProblem::unknown_option);
}

TEST_CASE("a multi answer with nothing ticked is 'empty'") {
    CHECK(check_answer(with_options(QuestionType::multi), ChoicesAnswer{}) == AnswerProblem::empty);
}

TEST_CASE("a multi answer may not name an option twice") {
    const Question q = with_options(QuestionType::multi);
    CHECK(check_answer(q, ChoicesAnswer{{"parks", "parks"}}) == AnswerProblem::duplicate_option);
}

TEST_CASE("a multi answer may tick at most max_choices options") {
    Question q = with_options(QuestionType::multi);
    q.max_choices = 2;
    CHECK(check_answer(q, ChoicesAnswer{{"library", "parks"}}) == AnswerProblem::none);
    CHECK(check_answer(q, ChoicesAnswer{{"library", "parks", "housing"}}) ==
          AnswerProblem::too_many);
}

// ---- Text --------------------------------------------------------------------------------------

TEST_CASE("an empty or blank text answer is 'empty'") {
    const Question q = question(QuestionType::text);
    CHECK(check_answer(q, TextAnswer{""}) == AnswerProblem::empty);
    CHECK(check_answer(q, TextAnswer{"  \n "}) == AnswerProblem::empty);
}

TEST_CASE("text length is counted in code points, not bytes") {
    Question q = question(QuestionType::text);
    q.max_length = 4;
    CHECK(check_answer(q, TextAnswer{"\xC5\xB5\xC5\xB5\xC5\xB5\xC5\xB5"}) ==
          AnswerProblem::none);  // ŵŵŵŵ: 8 bytes
    CHECK(check_answer(q, TextAnswer{"\xC5\xB5\xC5\xB5\xC5\xB5\xC5\xB5x"}) ==
          AnswerProblem::too_long);
}

TEST_CASE("a text answer is limited to 500 code points when max_length is unset") {
    const Question q = question(QuestionType::text);
    CHECK(check_answer(q, TextAnswer{std::string(500, 'a')}) == AnswerProblem::none);
    CHECK(check_answer(q, TextAnswer{std::string(501, 'a')}) == AnswerProblem::too_long);
}

TEST_CASE("a text answer must match the whole pattern") {
    Question q = question(QuestionType::text);
    q.pattern = "[A-Za-z]{1,2}[0-9][0-9A-Za-z]?";
    CHECK(check_answer(q, TextAnswer{"CF10"}) == AnswerProblem::none);
    CHECK(check_answer(q, TextAnswer{"sa1"}) == AnswerProblem::none);
    CHECK(check_answer(q, TextAnswer{"CF10 1AA"}) ==
          AnswerProblem::pattern);  // a prefix match is not enough
    CHECK(check_answer(q, TextAnswer{"10"}) == AnswerProblem::pattern);
}

TEST_CASE("a text answer that is not valid UTF-8 is 'invalid_text'") {
    const Question q = question(QuestionType::text);
    CHECK(check_answer(q, TextAnswer{"caf\xE9"}) ==
          AnswerProblem::invalid_text);  // Latin-1, not UTF-8
    CHECK(check_answer(q, TextAnswer{"\xC0\xAF"}) == AnswerProblem::invalid_text);  // overlong '/'
    CHECK(check_answer(q, TextAnswer{"\xED\xA0\x80"}) ==
          AnswerProblem::invalid_text);  // a surrogate
    CHECK(check_answer(q, TextAnswer{"\xF4\x90\x80\x80"}) ==
          AnswerProblem::invalid_text);                                             // past U+10FFFF
    CHECK(check_answer(q, TextAnswer{"\xE2\x82"}) == AnswerProblem::invalid_text);  // cut short
    CHECK(check_answer(q, TextAnswer{std::string("a\0b", 3)}) == AnswerProblem::invalid_text);
}

TEST_CASE("any well-formed Unicode is a valid text answer") {
    const Question q = question(QuestionType::text);
    CHECK(check_answer(
              q, TextAnswer{"Diolch \xF0\x9F\x98\x80 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"}) ==
          AnswerProblem::none);
}

TEST_CASE("a pattern of nested repeats answers at once on a long answer that does not match") {
    // The attack: std::regex backtracked for 11 s on 29 letters (4x per 2 more); RE2 is linear.
    Question q = question(QuestionType::text);
    q.pattern = "^([a-zA-Z]+ ?)+$";
    q.max_length = 5000;
    CHECK(check_answer(q, TextAnswer{std::string(29, 'a') + "!"}) == AnswerProblem::pattern);
    CHECK(check_answer(q, TextAnswer{std::string(4000, 'a') + "!"}) == AnswerProblem::pattern);
    CHECK(check_answer(q, TextAnswer{"Jane Smith"}) == AnswerProblem::none);
}

TEST_CASE("a pattern like (.|\\s)* takes 5000 characters without running out of stack") {
    // std::regex recursed once per character and crashed the kiosk.
    Question q = question(QuestionType::text);
    q.pattern = "(.|\\s)*";
    q.max_length = 5000;
    std::string long_answer;
    for (int i = 0; i < 1000; ++i) long_answer += "ab\ncd";
    REQUIRE(long_answer.size() == 5000);
    CHECK(check_answer(q, TextAnswer{long_answer}) == AnswerProblem::none);
}

TEST_CASE("a pattern counts characters, not bytes, in Welsh and Polish answers") {
    Question q = question(QuestionType::text);
    q.pattern = "^.{3}$";
    CHECK(check_answer(q, TextAnswer{"\xC5\xB5\xC5\x82"
                                     "a"}) == AnswerProblem::none);  // ŵła
    CHECK(check_answer(q, TextAnswer{"abcd"}) == AnswerProblem::pattern);
}

TEST_CASE("a broken pattern accepts the answer instead of blocking the question forever") {
    Question q = question(QuestionType::text);
    q.pattern = "([a-z";
    CHECK(check_answer(q, TextAnswer{"anything"}) == AnswerProblem::none);
}

// ---- JSON --------------------------------------------------------------------------------------

TEST_CASE("answers_to_json writes each kind of answer in its documented form") {
    const Answers answers{{"visit", NumberAnswer{4}},
                          {"agree", YesNoAnswer{true}},
                          {"age", ChoiceAnswer{"prefer_not"}},
                          {"services", ChoicesAnswer{{"library", "parks"}}},
                          {"better", TextAnswer{"More benches"}}};
    CHECK(
        answers_to_json(answers).dump() ==
        R"({"age":"prefer_not","agree":true,"better":"More benches","services":["library","parks"],"visit":4})");
}

TEST_CASE("answers_to_json of no answers is an empty object") {
    CHECK(answers_to_json({}).dump() == "{}");
}

TEST_CASE("answers_from_json reads back what answers_to_json wrote") {
    const Answers answers{{"visit", NumberAnswer{4}},
                          {"agree", YesNoAnswer{false}},
                          {"age", ChoiceAnswer{"parks"}},
                          {"services", ChoicesAnswer{{"library", "parks"}}},
                          {"better", TextAnswer{"Ll\xC5\xB5yd"}},
                          {"count", NumberAnswer{-3}}};
    const auto read = answers_from_json(answers_to_json(answers), survey_of_every_type());
    REQUIRE(read.ok());
    CHECK(*read == answers);
}

TEST_CASE("answers_from_json refuses an answer to a question the survey does not have") {
    const auto read =
        answers_from_json(nlohmann::json::parse(R"({"zoo": 1})"), survey_of_every_type());
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message.find("'zoo'") != std::string::npos);
}

TEST_CASE("answers_from_json refuses a value of the wrong JSON type for the question") {
    const Survey survey = survey_of_every_type();
    for (const char* json :
         {R"({"visit": "4"})", R"({"visit": 4.5})", R"({"agree": 1})", R"({"age": ["parks"]})",
          R"({"services": "parks"})", R"({"services": ["parks", 2]})", R"({"better": null})",
          R"({"visit": 18446744073709551615})"}) {
        CAPTURE(json);
        const auto read = answers_from_json(nlohmann::json::parse(json), survey);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().message.find("should be") != std::string::npos);
    }
}

TEST_CASE("answers_from_json refuses an answer to an information screen") {
    const auto read =
        answers_from_json(nlohmann::json::parse(R"({"welcome": true})"), survey_of_every_type());
    CHECK_FALSE(read.ok());
}

TEST_CASE("answers_from_json refuses anything but an object") {
    CHECK_FALSE(answers_from_json(nlohmann::json::parse("[1, 2]"), survey_of_every_type()).ok());
    CHECK_FALSE(answers_from_json(nlohmann::json(), survey_of_every_type()).ok());
}

TEST_CASE("answers_from_json does not throw on a value that cannot be printed as UTF-8") {
    nlohmann::json json = nlohmann::json::object();
    json["visit"] = std::string("\xFF\xFE");
    const auto read = answers_from_json(json, survey_of_every_type());
    CHECK_FALSE(read.ok());
}

}  // namespace standpoint
