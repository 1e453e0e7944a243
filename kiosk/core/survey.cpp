#include "kiosk/core/survey.hpp"

#include <array>
#include <utility>

namespace standpoint {

const std::string& Text::in(const std::string& language, const std::string& fallback) const {
    // A missing translation must never blank a screen or throw in the frame loop, so fall back
    // step by step down to "".
    static const std::string empty_text;
    if (auto it = by_language.find(language); it != by_language.end()) return it->second;
    if (auto it = by_language.find(fallback); it != by_language.end()) return it->second;
    if (!by_language.empty()) return by_language.begin()->second;
    return empty_text;
}

int text_max_length(const Question& question) {
    return question.max_length > 0 ? question.max_length : default_text_max_length;
}

namespace {

constexpr std::array<std::pair<QuestionType, const char*>, 10> type_names{{
    {QuestionType::smiley, "smiley"},
    {QuestionType::stars, "stars"},
    {QuestionType::scale, "scale"},
    {QuestionType::yesno, "yesno"},
    {QuestionType::single, "single"},
    {QuestionType::multi, "multi"},
    {QuestionType::text, "text"},
    {QuestionType::number, "number"},
    {QuestionType::consent, "consent"},
    {QuestionType::info, "info"},
}};

}  // namespace

const char* to_string(QuestionType type) {
    for (const auto& [value, name] : type_names) {
        if (value == type) return name;
    }
    return "unknown";  // only reachable through a cast from a bad integer
}

std::optional<QuestionType> question_type_from_string(const std::string& name) {
    for (const auto& [value, type_name] : type_names) {
        if (name == type_name) return value;
    }
    return std::nullopt;
}

bool has_options(QuestionType type) {
    return type == QuestionType::single || type == QuestionType::multi;
}

const Question* Survey::find(const std::string& question_id) const {
    for (const auto& question : questions) {
        if (question.id == question_id) return &question;
    }
    return nullptr;
}

int Survey::index_of(const std::string& question_id) const {
    for (std::size_t i = 0; i < questions.size(); ++i) {
        if (questions[i].id == question_id) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace standpoint
