// The survey model's own helpers (loading is tested in survey_loader_test.cpp).
#include "kiosk/core/survey.hpp"

#include <doctest/doctest.h>

#include <string>

namespace standpoint {

TEST_CASE("Text::in gives the asked language when present") {
    const Text text{{{"en", "Thank you"}, {"cy", "Diolch"}}};
    CHECK(text.in("cy") == "Diolch");
}

TEST_CASE("Text::in falls back to the fallback language, then to any, then to empty") {
    const Text text{{{"en", "Thank you"}, {"cy", "Diolch"}}};
    CHECK(text.in("pl") == "Thank you");
    CHECK(text.in("pl", "cy") == "Diolch");
    const Text welsh_only{{{"cy", "Diolch"}}};
    CHECK(welsh_only.in("pl") == "Diolch");
    CHECK(Text{}.in("en").empty());
}

TEST_CASE("every question type name reads back as the same type") {
    for (QuestionType type :
         {QuestionType::smiley, QuestionType::stars, QuestionType::scale, QuestionType::yesno,
          QuestionType::single, QuestionType::multi, QuestionType::text, QuestionType::number,
          QuestionType::consent, QuestionType::info}) {
        CAPTURE(to_string(type));
        CHECK(question_type_from_string(to_string(type)) == type);
    }
    CHECK(std::string(to_string(QuestionType::smiley)) == "smiley");
}

TEST_CASE("an unknown question type name is not a type") {
    CHECK_FALSE(question_type_from_string("Smiley").has_value());
    CHECK_FALSE(question_type_from_string("").has_value());
}

TEST_CASE("only single and multi questions have options") {
    CHECK(has_options(QuestionType::single));
    CHECK(has_options(QuestionType::multi));
    CHECK_FALSE(has_options(QuestionType::yesno));
    CHECK_FALSE(has_options(QuestionType::text));
}

TEST_CASE("Survey::find and index_of locate questions by id") {
    Survey survey;
    survey.questions.resize(2);
    survey.questions[0].id = "visit";
    survey.questions[1].id = "age";
    REQUIRE(survey.find("age") != nullptr);
    CHECK(survey.find("age") == &survey.questions[1]);
    CHECK(survey.find("zoo") == nullptr);
    CHECK(survey.index_of("visit") == 0);
    CHECK(survey.index_of("age") == 1);
    CHECK(survey.index_of("zoo") == -1);
}

}  // namespace standpoint
