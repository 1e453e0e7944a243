#include "kiosk/core/answer_check.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "kiosk/core/text_pattern.hpp"
#include "kiosk/core/utf8.hpp"

namespace standpoint {
namespace {

constexpr int default_stars = 5;

bool is_blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool is_number_type(QuestionType type) {
    return type == QuestionType::smiley || type == QuestionType::stars ||
           type == QuestionType::scale || type == QuestionType::number;
}

// The inclusive range of a numeric question. A validated survey fills min/max; the fallbacks
// keep a hand-built or defaulted Question sensible (scale 0..10, stars 1..5, number unbounded).
std::pair<std::int64_t, std::int64_t> number_range(const Question& question) {
    const bool has_bounds = question.min_value != 0 || question.max_value != 0;
    switch (question.type) {
        case QuestionType::smiley:
            return {1, 5};
        case QuestionType::stars:
            return {1, question.max_value > 0 ? question.max_value : default_stars};
        case QuestionType::scale:
            return has_bounds ? std::pair{question.min_value, question.max_value}
                              : std::pair<std::int64_t, std::int64_t>{0, 10};
        default:
            return has_bounds ? std::pair{question.min_value, question.max_value}
                              : std::pair{std::numeric_limits<std::int64_t>::min(),
                                          std::numeric_limits<std::int64_t>::max()};
    }
}

bool has_option(const Question& question, const std::string& option_id) {
    return std::any_of(question.options.begin(), question.options.end(),
                       [&](const Option& option) { return option.id == option_id; });
}

AnswerProblem check_text(const Question& question, const std::string& text) {
    if (text.empty() || is_blank(text)) return AnswerProblem::empty;
    const auto code_points = count_code_points(text);
    if (!code_points) return AnswerProblem::invalid_text;
    const int max_length = text_max_length(question);
    if (*code_points > static_cast<std::size_t>(max_length)) return AnswerProblem::too_long;
    if (!question.pattern.empty() && !matches_text_pattern(question.pattern, text))
        return AnswerProblem::pattern;
    return AnswerProblem::none;
}

}  // namespace

const char* to_string(AnswerProblem problem) {
    switch (problem) {
        case AnswerProblem::none:
            return "none";
        case AnswerProblem::empty:
            return "empty";
        case AnswerProblem::required:
            return "required";
        case AnswerProblem::wrong_type:
            return "wrong_type";
        case AnswerProblem::out_of_range:
            return "out_of_range";
        case AnswerProblem::unknown_option:
            return "unknown_option";
        case AnswerProblem::duplicate_option:
            return "duplicate_option";
        case AnswerProblem::too_many:
            return "too_many";
        case AnswerProblem::too_long:
            return "too_long";
        case AnswerProblem::invalid_text:
            return "invalid_text";
        case AnswerProblem::pattern:
            return "pattern";
        case AnswerProblem::constraint:
            return "constraint";
    }
    return "unknown";
}

AnswerProblem check_answer(const Question& question, const Answer& answer) {
    const QuestionType type = question.type;
    if (const auto* number = std::get_if<NumberAnswer>(&answer)) {
        if (!is_number_type(type)) return AnswerProblem::wrong_type;
        const auto [low, high] = number_range(question);
        return number->value < low || number->value > high ? AnswerProblem::out_of_range
                                                           : AnswerProblem::none;
    }
    if (std::holds_alternative<YesNoAnswer>(answer)) {
        return type == QuestionType::yesno || type == QuestionType::consent
                   ? AnswerProblem::none
                   : AnswerProblem::wrong_type;
    }
    if (const auto* choice = std::get_if<ChoiceAnswer>(&answer)) {
        if (type != QuestionType::single) return AnswerProblem::wrong_type;
        if (choice->option_id.empty()) return AnswerProblem::empty;
        return has_option(question, choice->option_id) ? AnswerProblem::none
                                                       : AnswerProblem::unknown_option;
    }
    if (const auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
        if (type != QuestionType::multi) return AnswerProblem::wrong_type;
        if (choices->option_ids.empty()) return AnswerProblem::empty;
        std::set<std::string> seen;
        for (const auto& option_id : choices->option_ids) {
            if (!has_option(question, option_id)) return AnswerProblem::unknown_option;
            if (!seen.insert(option_id).second) return AnswerProblem::duplicate_option;
        }
        if (question.max_choices > 0 &&
            choices->option_ids.size() > static_cast<std::size_t>(question.max_choices)) {
            return AnswerProblem::too_many;
        }
        return AnswerProblem::none;
    }
    if (const auto* text = std::get_if<TextAnswer>(&answer)) {
        if (type != QuestionType::text) return AnswerProblem::wrong_type;
        return check_text(question, text->value);
    }
    return AnswerProblem::wrong_type;
}

Result<Answers> answers_from_json(const nlohmann::json& json, const Survey& survey) {
    if (!json.is_object()) {
        return Error{"The answers are not a JSON object of question id to answer."};
    }
    Answers answers;
    for (const auto& [question_id, value] : json.items()) {
        const Question* question = survey.find(question_id);
        if (question == nullptr) {
            return Error{"The answers name question '" + question_id + "', which survey '" +
                         survey.id + "' version " + std::to_string(survey.version) +
                         " does not have."};
        }
        const auto wrong = [&](const char* expected) {
            // replace, not strict: an error message must not itself throw on bad UTF-8.
            std::string shown =
                value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            if (shown.size() > 60) shown = std::string(prefix_within_bytes(shown, 57)) + "...";
            return Error{"The answer to question '" + question_id + "' should be " + expected +
                         ", but it is " + shown + "."};
        };
        switch (question->type) {
            case QuestionType::smiley:
            case QuestionType::stars:
            case QuestionType::scale:
            case QuestionType::number:
                if (value.is_number_unsigned() &&
                    value.get<std::uint64_t>() >
                        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                    return wrong("a whole number");
                }
                if (!value.is_number_integer()) return wrong("a whole number");
                answers[question_id] = NumberAnswer{value.get<std::int64_t>()};
                break;
            case QuestionType::yesno:
            case QuestionType::consent:
                if (!value.is_boolean()) return wrong("true or false");
                answers[question_id] = YesNoAnswer{value.get<bool>()};
                break;
            case QuestionType::single:
                if (!value.is_string()) return wrong("an option id");
                answers[question_id] = ChoiceAnswer{value.get<std::string>()};
                break;
            case QuestionType::multi: {
                if (!value.is_array()) return wrong("a list of option ids");
                ChoicesAnswer choices;
                for (const auto& item : value) {
                    if (!item.is_string()) return wrong("a list of option ids");
                    choices.option_ids.push_back(item.get<std::string>());
                }
                answers[question_id] = std::move(choices);
                break;
            }
            case QuestionType::text:
                if (!value.is_string()) return wrong("text");
                answers[question_id] = TextAnswer{value.get<std::string>()};
                break;
            case QuestionType::info:
                return Error{"The answers include question '" + question_id +
                             "', which is an information screen and takes no answer."};
        }
    }
    return answers;
}

Result<Answers> stored_answers_for_export(const std::string& response_id,
                                          const std::string& answers_json, const Survey& survey) {
    try {
        auto answers = answers_from_json(nlohmann::json::parse(answers_json), survey);
        if (!answers) {
            return Error{"The answers of response " + response_id +
                             " do not fit their survey, so the export stopped: " +
                             answers.error().message,
                         ErrorKind::damaged};
        }
        return answers;
    } catch (const std::exception& error) {
        return Error{"The stored answers of response " + response_id +
                         " are not valid JSON, so the export stopped (" + error.what() + ").",
                     ErrorKind::damaged};
    }
}

}  // namespace standpoint
