#include "kiosk/core/answer.hpp"

#include <nlohmann/json.hpp>
#include <type_traits>

namespace standpoint {

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

}  // namespace standpoint
