// Whether answers fit a survey's questions: the check made before the session moves on, and
// answers read back from JSON against the survey they were given on. Pure.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

// Why an answer cannot be taken. The session adds `required` (an empty answer to a required
// question) and `constraint` (the survey's own rule); the screens say each in the resident's
// language.
enum class AnswerProblem {
    none,
    empty,             // nothing chosen or typed
    required,          // empty, and the question must be answered
    wrong_type,        // e.g. text for a scale
    out_of_range,      // a number outside the question's range
    unknown_option,    // an option the question does not have
    duplicate_option,  // the same option twice in a multi answer
    too_many,          // more options than max_choices
    too_long,          // more characters than the question allows
    invalid_text,      // not valid UTF-8, or a NUL
    pattern,           // the text does not match the question's pattern
    constraint,        // the survey's constraint expression says no
};
// A stable key for logs and tests ("out_of_range").
const char* to_string(AnswerProblem problem);

// Whether `answer` is a valid answer to `question`, by the question's own rules (type, range,
// options, length, pattern); not `required` or `constraint`, which need the whole session.
AnswerProblem check_answer(const Question& question, const Answer& answer);

// The reverse of answers_to_json, using the survey to know each question's type. Unknown
// question ids are an error.
Result<Answers> answers_from_json(const nlohmann::json& json, const Survey& survey);

// A stored response's answers (its answers_json) read back against `survey` for an export: an
// Error naming `response_id` when they are not JSON or do not fit the survey.
Result<Answers> stored_answers_for_export(const std::string& response_id,
                                          const std::string& answers_json, const Survey& survey);

}  // namespace standpoint
