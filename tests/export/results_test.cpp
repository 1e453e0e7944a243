#include "kiosk/export/results.hpp"

#include <doctest/doctest.h>

#include "results_fixture.hpp"

using namespace standpoint;
using namespace standpoint::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::int64_t> numbers(const QuestionResult& result) {
    std::vector<std::int64_t> values;
    for (const auto& count : result.counts) values.push_back(count.count);
    return values;
}

std::vector<std::string> keys(const QuestionResult& result) {
    std::vector<std::string> values;
    for (const auto& count : result.counts) values.push_back(count.key);
    return values;
}

// Three residents answering every type.
std::vector<Response> three_residents() {
    std::vector<Response> responses;
    responses.push_back(
        response("every", {
                              {"smiley", NumberAnswer{5}},
                              {"stars", NumberAnswer{4}},
                              {"scale", NumberAnswer{10}},
                              {"yesno", YesNoAnswer{true}},
                              {"consent", YesNoAnswer{true}},
                              {"single", ChoiceAnswer{"red"}},
                              {"multi", ChoicesAnswer{{"a", "c"}}},
                              {"number", NumberAnswer{3}},
                              {"text", TextAnswer{"Mwy o feinciau, os gwelwch yn dda"}},
                          }));
    responses.push_back(response("every", {
                                              {"smiley", NumberAnswer{1}},
                                              {"stars", NumberAnswer{1}},
                                              {"scale", NumberAnswer{0}},
                                              {"yesno", YesNoAnswer{false}},
                                              {"consent", YesNoAnswer{true}},
                                              {"single", ChoiceAnswer{"blue"}},
                                              {"multi", ChoicesAnswer{{"c"}}},
                                              {"number", NumberAnswer{40}},
                                              {"text", TextAnswer{"ok"}},
                                          }));
    responses.push_back(response("every", {
                                              {"smiley", NumberAnswer{5}},
                                              {"stars", NumberAnswer{2}},
                                              {"scale", NumberAnswer{7}},
                                              {"single", ChoiceAnswer{"red"}},
                                              {"multi", ChoicesAnswer{{"a", "b", "c"}}},
                                              {"number", NumberAnswer{-2}},
                                          }));
    responses.back().status = ResponseStatus::partial;
    return responses;
}

}  // namespace

TEST_CASE("every question type is counted, in survey order, info left out") {
    const auto results = summarise(every_type_survey(), three_residents(), "en");
    CHECK(results.survey_id == "every");
    CHECK(results.survey_version == 2);
    CHECK(results.title == "Every type");
    CHECK(results.complete == 2);
    CHECK(results.partial == 1);
    REQUIRE(results.questions.size() == 9);
    CHECK(results.questions.front().question_id == "smiley");
    CHECK(results.questions.back().question_id == "text");

    const auto& smiley = result_of(results, "smiley");
    CHECK(keys(smiley) == std::vector<std::string>{"1", "2", "3", "4", "5"});
    CHECK(numbers(smiley) == std::vector<std::int64_t>{1, 0, 0, 0, 2});
    CHECK(smiley.answered == 3);
    CHECK(smiley.unanswered == 0);
    REQUIRE(smiley.mean);
    CHECK(*smiley.mean == doctest::Approx(11.0 / 3));
    CHECK_FALSE(smiley.nps);

    const auto& stars = result_of(results, "stars");
    CHECK(keys(stars) == std::vector<std::string>{"1", "2", "3", "4"});
    CHECK(numbers(stars) == std::vector<std::int64_t>{1, 1, 0, 1});
    CHECK(*stars.mean == doctest::Approx(7.0 / 3));

    const auto& scale = result_of(results, "scale");
    CHECK(scale.counts.size() == 11);
    CHECK(numbers(scale) == std::vector<std::int64_t>{1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1});
    CHECK(scale.min_label == "Not likely");
    CHECK(scale.max_label == "Very likely");
    CHECK(scale.nps == 0);  // one promoter, one detractor, one passive

    const auto& yesno = result_of(results, "yesno");
    CHECK(keys(yesno) == std::vector<std::string>{"yes", "no"});
    CHECK(yesno.counts[0].label == "Yes");
    CHECK(numbers(yesno) == std::vector<std::int64_t>{1, 1});
    CHECK(yesno.answered == 2);
    CHECK(yesno.unanswered == 1);
    CHECK_FALSE(yesno.mean);

    CHECK(numbers(result_of(results, "consent")) == std::vector<std::int64_t>{2, 0});

    const auto& single = result_of(results, "single");
    CHECK(keys(single) == std::vector<std::string>{"red", "blue"});
    CHECK(single.counts[0].label == "Red");
    CHECK(numbers(single) == std::vector<std::int64_t>{2, 1});

    const auto& multi = result_of(results, "multi");
    CHECK(numbers(multi) == std::vector<std::int64_t>{2, 1, 3});
    CHECK(multi.answered == 3);

    const auto& number = result_of(results, "number");
    CHECK(number.counts.empty());
    CHECK(*number.mean == doctest::Approx(41.0 / 3));
    CHECK(number.min == -2);
    CHECK(number.max == 40);

    const auto& text = result_of(results, "text");
    CHECK(text.counts.empty());
    CHECK(text.answered == 2);
    CHECK(text.unanswered == 1);
    CHECK_FALSE(text.mean);
}

TEST_CASE("texts come in the report language, else the survey's default") {
    const auto welsh = summarise(every_type_survey(), three_residents(), "cy");
    CHECK(welsh.language == "cy");
    CHECK(welsh.title == "Pob math");
    CHECK(result_of(welsh, "single").counts[1].label == "Glas");
    CHECK(result_of(welsh, "scale").prompt == "Cwestiwn scale");
    CHECK(result_of(welsh, "scale").min_label == "Ddim yn debygol");

    const auto klingon = summarise(every_type_survey(), three_residents(), "tlh");
    CHECK(klingon.language == "en");
    CHECK(klingon.title == "Every type");
}

TEST_CASE("no responses: zero counts, no mean, no NPS") {
    const auto results = summarise(every_type_survey(), {}, "en");
    CHECK(results.complete == 0);
    for (const auto& question : results.questions) {
        CHECK(question.answered == 0);
        CHECK_FALSE(question.mean);
        CHECK_FALSE(question.nps);
        for (const auto& count : question.counts) CHECK(count.count == 0);
    }
}

TEST_CASE("another survey's responses are ignored; other versions of the same survey count") {
    auto responses = three_residents();
    responses.push_back(response("other", {{"smiley", NumberAnswer{3}}}));
    auto old_version = response("every", {{"smiley", NumberAnswer{3}}});
    old_version.survey.version = 1;
    responses.push_back(old_version);
    const auto results = summarise(every_type_survey(), responses, "en");
    CHECK(results.complete == 3);
    CHECK(numbers(result_of(results, "smiley")) == std::vector<std::int64_t>{1, 0, 1, 0, 2});
}

TEST_CASE("answers the survey can no longer hold are ignored, the rest of the response counts") {
    std::vector<Response> responses;
    responses.push_back(response(
        "every",
        {
            {"dropped_question", NumberAnswer{3}},    // question removed in this version
            {"single", ChoiceAnswer{"green"}},        // option removed
            {"multi", ChoicesAnswer{{"gone", "b"}}},  // one option removed, one still there
            {"stars", NumberAnswer{5}},               // stars went from 5 to 4
            {"yesno", NumberAnswer{1}},               // question changed type
            {"number", NumberAnswer{500}},            // outside today's 0..100: was valid then
            {"text", TextAnswer{""}},                 // empty text is no answer
            {"smiley", NumberAnswer{4}},
        }));
    const auto results = summarise(every_type_survey(), responses, "en");
    CHECK(results.complete == 1);
    CHECK(result_of(results, "single").answered == 0);
    CHECK(result_of(results, "single").unanswered == 1);
    CHECK(numbers(result_of(results, "multi")) == std::vector<std::int64_t>{0, 1, 0});
    CHECK(result_of(results, "multi").answered == 1);
    CHECK(result_of(results, "stars").answered == 0);
    CHECK_FALSE(result_of(results, "stars").mean);
    CHECK(result_of(results, "yesno").answered == 0);
    CHECK(result_of(results, "number").max == 500);
    CHECK(result_of(results, "text").answered == 0);
    CHECK(numbers(result_of(results, "smiley")) == std::vector<std::int64_t>{0, 0, 0, 1, 0});
}

TEST_CASE("a multi answer counts once per option ticked, a repeated option once") {
    std::vector<Response> responses;
    responses.push_back(response("every", {{"multi", ChoicesAnswer{{"a", "a", "b"}}}}));
    const auto results = summarise(every_type_survey(), responses, "en");
    CHECK(numbers(result_of(results, "multi")) == std::vector<std::int64_t>{1, 1, 0});
}

TEST_CASE("a survey built without ranges gets the usual columns") {
    Survey survey = every_type_survey();
    for (auto& question : survey.questions) {
        question.min_value = 0;
        question.max_value = 0;
    }
    const auto results = summarise(survey, {}, "en");
    CHECK(result_of(results, "smiley").counts.size() == 5);
    CHECK(result_of(results, "stars").counts.size() == 5);
    CHECK(result_of(results, "scale").counts.size() == 11);
}

TEST_CASE("responses by the kiosk's local hour: completion time plus its UTC offset") {
    std::vector<Response> responses;
    const TimePoint noon = midnight_utc() + 12h;
    responses.push_back(response("every", {}, noon, 0));                      // 12
    responses.push_back(response("every", {}, noon, 60));                     // 13 (BST)
    responses.push_back(response("every", {}, noon + 59min, 0));              // 12
    responses.push_back(response("every", {}, midnight_utc() + 30min, -60));  // 23 the day before
    responses.push_back(response("every", {}, midnight_utc() + 23h, 330));    // 04:30 next day
    responses.push_back(response("every", {}, TimePoint{} - 30min, 0));       // 1969: 23
    auto partial = response("every", {}, noon, 0);
    partial.status = ResponseStatus::partial;
    responses.push_back(partial);  // a partial response counts when it was abandoned
    const auto results = summarise(every_type_survey(), responses, "en");
    std::array<std::int64_t, 24> expected{};
    expected[12] = 3;
    expected[13] = 1;
    expected[23] = 2;
    expected[4] = 1;
    CHECK(results.per_hour == expected);
}

TEST_CASE("NPS: % of 9-10 minus % of 0-6, rounded") {
    auto nps_of = [](const std::vector<int>& answers) {
        std::vector<Response> responses;
        for (int value : answers) {
            responses.push_back(response("every", {{"scale", NumberAnswer{value}}}));
        }
        const auto results = summarise(every_type_survey(), responses, "en");
        return result_of(results, "scale").nps;
    };
    CHECK(nps_of({10, 9, 10}) == 100);
    CHECK(nps_of({0, 6, 3}) == -100);
    CHECK(nps_of({7, 8}) == 0);
    CHECK(nps_of({10, 9, 8, 7, 6, 0}) == 0);
    CHECK(nps_of({10, 10, 8}) == 67);  // 66.67
    CHECK(nps_of({0, 0, 8}) == -67);
    CHECK(nps_of({10, 8, 8, 8, 8, 8, 8, 8}) == 13);  // 12.5 rounds away from zero
    CHECK(nps_of({0, 8, 8, 8, 8, 8, 8, 8}) == -13);
    CHECK_FALSE(nps_of({}));
}

TEST_CASE("NPS only for a 0..10 scale") {
    Survey survey = every_type_survey();
    survey.questions[2].min_value = 1;
    survey.questions[2].max_value = 10;
    std::vector<Response> responses{response("every", {{"scale", NumberAnswer{10}}})};
    const auto results = summarise(survey, responses, "en");
    CHECK_FALSE(result_of(results, "scale").nps);
    CHECK_FALSE(result_of(results, "smiley").nps);
}

TEST_CASE("equality question: a group under 10 is '<10', its number kept nowhere") {
    const auto survey = equality_survey({"young", "middle", "old", "prefer_not"});
    std::vector<Response> responses;
    add_choices(responses, "equality", "age", "young", 23);
    add_choices(responses, "equality", "age", "middle", 41);
    add_choices(responses, "equality", "age", "old", 7);
    add_choices(responses, "equality", "age", "prefer_not", 12);  // a normal group
    const auto results = summarise(survey, responses, "en");
    const auto& age = result_of(results, "age");
    CHECK(age.is_equality);
    CHECK(age.answered == 83);
    CHECK(age.counts[2].is_suppressed);
    CHECK_FALSE(age.counts[2].is_at_least_limit);
    CHECK(age.counts[2].count == 0);
    CHECK(shown(age)[2] == "<10");
    CHECK_FALSE(age.mean);
    // 83 - 23 - 41 - 12 would give the 7 back, so the smallest other group (12) is hidden too.
    CHECK(shown(age) == std::vector<std::string>{"23", "41", "<10", "10+"});
    CHECK(age.counts[3].count == 0);
    for (const auto& count : age.counts) CHECK(count.count != 7);
}

TEST_CASE("equality question: exactly 10 is shown, and groups of 0 are shown when safe") {
    const auto survey = equality_survey({"a", "b", "c", "d"});
    std::vector<Response> responses;
    add_choices(responses, "equality", "age", "a", 10);
    add_choices(responses, "equality", "age", "b", 3);
    add_choices(responses, "equality", "age", "c", 4);
    const auto results = summarise(survey, responses, "en");
    const auto& age = result_of(results, "age");
    // Two small groups (3 + 4 = 7): each could be 1..6, so nothing more is hidden.
    CHECK(shown(age) == std::vector<std::string>{"10", "<10", "<10", "0"});
}

TEST_CASE("complementary disclosure: a lone small group takes an empty group with it") {
    const auto survey = equality_survey({"a", "b", "c"});
    std::vector<Response> responses;
    add_choices(responses, "equality", "age", "a", 30);
    add_choices(responses, "equality", "age", "b", 4);
    const auto results = summarise(survey, responses, "en");
    const auto& age = result_of(results, "age");
    // "<10" is true of 0, so the empty group is the cheapest cover: b + c = 4, each 0..9.
    CHECK(shown(age) == std::vector<std::string>{"30", "<10", "<10"});
}

TEST_CASE("equality yes/no and scale groups are suppressed too, with no mean or NPS") {
    Survey survey = every_type_survey();
    for (auto& question : survey.questions) question.is_equality = true;
    std::vector<Response> responses;
    for (int i = 0; i < 25; ++i) {
        responses.push_back(response("every", {{"yesno", YesNoAnswer{i < 3}},
                                               {"scale", NumberAnswer{10}},
                                               {"number", NumberAnswer{i}},
                                               {"multi", ChoicesAnswer{{"a"}}}}));
    }
    responses.push_back(response("every", {{"scale", NumberAnswer{0}}}));
    const auto results = summarise(survey, responses, "en");
    CHECK(shown(result_of(results, "yesno")) == std::vector<std::string>{"<10", "10+"});
    const auto& scale = result_of(results, "scale");
    CHECK(shown(scale)[0] == "<10");
    CHECK(shown(scale)[1] == "<10");  // an empty column covers the lone 1
    CHECK(shown(scale)[2] == "0");
    CHECK(shown(scale)[10] == "25");
    CHECK_FALSE(scale.nps);
    CHECK_FALSE(scale.mean);
    const auto& number = result_of(results, "number");
    CHECK_FALSE(number.mean);
    CHECK_FALSE(number.min);
    CHECK_FALSE(number.max);
    CHECK(shown(result_of(results, "multi")) == std::vector<std::string>{"25", "0", "0"});
}

TEST_CASE("equality multi-choice: a small group everyone answering ticked is covered too") {
    Survey survey = every_type_survey();
    survey.questions[6].is_equality = true;
    std::vector<Response> responses;
    for (int i = 0; i < 3; ++i) {
        responses.push_back(response("every", {{"multi", ChoicesAnswer{{"a"}}}}));
    }
    // Shown alone, "answered by 3" would say the "<10" is 3.
    const auto results = summarise(survey, responses, "en");
    CHECK(shown(result_of(results, "multi")) == std::vector<std::string>{"<10", "<10", "0"});
}

TEST_CASE("shown_count: the number, '<10' or '10+'") {
    CHECK(shown_count(Count{"a", "A", 1234, false, false}) == "1234");
    CHECK(shown_count(Count{"a", "A", 0, false, false}) == "0");
    CHECK(shown_count(Count{"a", "A", 0, true, false}) == "<10");
    CHECK(shown_count(Count{"a", "A", 0, true, true}) == "10+");
}
