#include "kiosk/core/answer.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <type_traits>

namespace standpoint {
namespace {

constexpr int default_stars = 5;

// Code points in `text`, or nullopt if it is not valid UTF-8 (overlong forms, surrogates and
// values past U+10FFFF are invalid too: they would break the JSON and the exports later).
std::optional<std::size_t> count_code_points(const std::string& text) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            code_point = lead & 0x1Fu;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            code_point = lead & 0x0Fu;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            code_point = lead & 0x07u;
        } else {
            return std::nullopt;
        }
        if (i + length > text.size()) return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return std::nullopt;
            code_point = (code_point << 6) | (next & 0x3Fu);
        }
        static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < smallest[length]) return std::nullopt;
        if (code_point >= 0xD800 && code_point <= 0xDFFF) return std::nullopt;
        if (code_point > 0x10FFFF) return std::nullopt;
        if (code_point == 0) return std::nullopt;  // a NUL would cut the text short in C APIs
        i += length;
        ++count;
    }
    return count;
}

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

std::string check_text(const Question& question, const std::string& text) {
    if (text.empty() || is_blank(text)) return "empty";
    const auto code_points = count_code_points(text);
    if (!code_points) return "invalid_text";
    const int max_length = text_max_length(question);
    if (*code_points > static_cast<std::size_t>(max_length)) return "too_long";
    if (!question.pattern.empty()) {
        // The loader has compiled the pattern already; if it still fails here, accepting the
        // answer is kinder than a question nobody can ever get past.
        try {
            const std::regex pattern(question.pattern, std::regex::ECMAScript);
            if (!std::regex_match(text, pattern)) return "pattern";
        } catch (const std::regex_error&) {
            return "";
        }
    }
    return "";
}

}  // namespace

std::string check_answer(const Question& question, const Answer& answer) {
    const QuestionType type = question.type;
    if (const auto* number = std::get_if<NumberAnswer>(&answer)) {
        if (!is_number_type(type)) return "wrong_type";
        const auto [low, high] = number_range(question);
        return number->value < low || number->value > high ? "out_of_range" : "";
    }
    if (std::holds_alternative<YesNoAnswer>(answer)) {
        return type == QuestionType::yesno || type == QuestionType::consent ? "" : "wrong_type";
    }
    if (const auto* choice = std::get_if<ChoiceAnswer>(&answer)) {
        if (type != QuestionType::single) return "wrong_type";
        if (choice->option_id.empty()) return "empty";
        return has_option(question, choice->option_id) ? "" : "unknown_option";
    }
    if (const auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
        if (type != QuestionType::multi) return "wrong_type";
        if (choices->option_ids.empty()) return "empty";
        std::set<std::string> seen;
        for (const auto& option_id : choices->option_ids) {
            if (!has_option(question, option_id)) return "unknown_option";
            if (!seen.insert(option_id).second) return "duplicate_option";
        }
        if (question.max_choices > 0 &&
            choices->option_ids.size() > static_cast<std::size_t>(question.max_choices)) {
            return "too_many";
        }
        return "";
    }
    if (const auto* text = std::get_if<TextAnswer>(&answer)) {
        if (type != QuestionType::text) return "wrong_type";
        return check_text(question, text->value);
    }
    return "wrong_type";
}

nlohmann::json answers_to_json(const Answers& answers) {
    // nlohmann::json objects are std::maps, so keys come out sorted: equal answers, equal bytes.
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [question_id, answer] : answers) {
        json[question_id] = std::visit(
            [](const auto& value) -> nlohmann::json {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, NumberAnswer>) return value.value;
                if constexpr (std::is_same_v<T, YesNoAnswer>) return value.value;
                if constexpr (std::is_same_v<T, ChoiceAnswer>) return value.option_id;
                if constexpr (std::is_same_v<T, ChoicesAnswer>) return value.option_ids;
                if constexpr (std::is_same_v<T, TextAnswer>) return value.value;
            },
            answer);
    }
    return json;
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
            if (shown.size() > 60) {
                std::size_t cut = 57;  // step back to a character boundary
                while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
                shown = shown.substr(0, cut) + "...";
            }
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

}  // namespace standpoint
