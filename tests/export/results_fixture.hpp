// Hand-built surveys and responses for the results tests: one question of every type.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/export/results.hpp"

namespace standpoint::testing {

inline Text text(const std::string& en, const std::string& cy = "") {
    Text result;
    result.by_language["en"] = en;
    if (!cy.empty()) result.by_language["cy"] = cy;
    return result;
}

inline Option option(const std::string& id, const std::string& en, const std::string& cy = "") {
    return Option{id, text(en, cy), false};
}

inline Question question(const std::string& id, QuestionType type) {
    Question q;
    q.id = id;
    q.type = type;
    q.prompt = text("Prompt " + id, "Cwestiwn " + id);
    return q;
}

// Every type once: smiley, stars (max 4), scale 0..10, yesno, consent, single, multi, number,
// text, info.
inline Survey every_type_survey() {
    Survey survey;
    survey.id = "every";
    survey.version = 2;
    survey.languages = {"en", "cy"};
    survey.title = text("Every type", "Pob math");
    survey.questions.push_back(question("smiley", QuestionType::smiley));
    auto stars = question("stars", QuestionType::stars);
    stars.min_value = 1;
    stars.max_value = 4;
    survey.questions.push_back(stars);
    auto scale = question("scale", QuestionType::scale);
    scale.min_value = 0;
    scale.max_value = 10;
    scale.min_label = text("Not likely", "Ddim yn debygol");
    scale.max_label = text("Very likely", "Hynod o debygol");
    survey.questions.push_back(scale);
    survey.questions.push_back(question("yesno", QuestionType::yesno));
    survey.questions.push_back(question("consent", QuestionType::consent));
    auto single = question("single", QuestionType::single);
    single.options = {option("red", "Red", "Coch"), option("blue", "Blue", "Glas")};
    survey.questions.push_back(single);
    auto multi = question("multi", QuestionType::multi);
    multi.options = {option("a", "A"), option("b", "B"), option("c", "C")};
    survey.questions.push_back(multi);
    auto number = question("number", QuestionType::number);
    number.min_value = 0;
    number.max_value = 100;
    survey.questions.push_back(number);
    survey.questions.push_back(question("text", QuestionType::text));
    survey.questions.push_back(question("info", QuestionType::info));
    return survey;
}

// A survey with one equality single-choice question `age` with the given option ids.
inline Survey equality_survey(const std::vector<std::string>& option_ids) {
    Survey survey;
    survey.id = "equality";
    survey.languages = {"en"};
    survey.title = text("Equality");
    auto age = question("age", QuestionType::single);
    age.is_equality = true;
    for (const auto& id : option_ids) age.options.push_back(option(id, "Group " + id));
    survey.questions.push_back(age);
    return survey;
}

// 2026-11-23 00:00:00 UTC.
inline TimePoint midnight_utc() { return TimePoint{std::chrono::seconds{1795392000}}; }

inline Response response(const std::string& survey_id, Answers answers,
                         TimePoint completed_at = midnight_utc() + std::chrono::hours{12},
                         int utc_offset_minutes = 0) {
    Response r;
    r.id = "r";
    r.survey = SurveyRef{survey_id, 1, ""};
    r.completed_at = completed_at;
    r.started_at = completed_at - std::chrono::minutes{1};
    r.utc_offset_minutes = utc_offset_minutes;
    r.language = "en";
    r.answers = std::move(answers);
    return r;
}

// `count` responses to `survey_id` answering single question `question_id` with `option_id`.
inline void add_choices(std::vector<Response>& responses, const std::string& survey_id,
                        const std::string& question_id, const std::string& option_id, int count) {
    for (int i = 0; i < count; ++i) {
        responses.push_back(response(survey_id, {{question_id, ChoiceAnswer{option_id}}}));
    }
}

inline const QuestionResult& result_of(const SurveyResults& results, const std::string& id) {
    for (const auto& question : results.questions) {
        if (question.question_id == id) return question;
    }
    throw std::runtime_error("no result for question " + id);
}

// A result of a temporary would dangle.
const QuestionResult& result_of(SurveyResults&& results, const std::string& id) = delete;

inline std::vector<std::string> shown(const QuestionResult& result) {
    std::vector<std::string> texts;
    for (const auto& count : result.counts) texts.push_back(shown_count(count));
    return texts;
}

}  // namespace standpoint::testing
