// Answers: what a resident said to each question, keyed by question id. Pure data plus JSON form;
// whether answers fit a survey is kiosk/core/answer_check.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>


namespace standpoint {

struct NumberAnswer {  // smiley 1..5, stars, scale, number
    std::int64_t value = 0;
    bool operator==(const NumberAnswer&) const = default;
};
struct YesNoAnswer {  // yesno, consent
    bool value = false;
    bool operator==(const YesNoAnswer&) const = default;
};
struct ChoiceAnswer {  // single
    std::string option_id;
    bool operator==(const ChoiceAnswer&) const = default;
};
struct ChoicesAnswer {  // multi, in the order of the survey's options
    std::vector<std::string> option_ids;
    bool operator==(const ChoicesAnswer&) const = default;
};
struct TextAnswer {  // text, exactly as typed (any Unicode)
    std::string value;
    bool operator==(const TextAnswer&) const = default;
};

using Answer = std::variant<NumberAnswer, YesNoAnswer, ChoiceAnswer, ChoicesAnswer, TextAnswer>;
using Answers = std::map<std::string, Answer>;  // question id -> answer; absent = not answered

// JSON form used in the store and the protocol: number -> 7, yes/no -> true, single -> "opt",
// multi -> ["a","b"], text -> "text". Deterministic: keys sorted, so equal answers give equal bytes.
nlohmann::json answers_to_json(const Answers& answers);

}  // namespace standpoint
