#include "kiosk/export/responses_jsonl.hpp"

#include <nlohmann/json.hpp>

#include "sync/protocol/batch.hpp"

namespace standpoint {

namespace {

// Whether the answers may hold a withheld one. Response::answers mirrors answers_json (the
// snapshot parses it), so most responses need no second parse; an unparsed one is parsed to be
// sure.
bool may_hold_withheld(const StoredResponse& stored, const std::set<std::string>& withheld) {
    const Response& response = stored.response;
    if (response.answers.empty()) return stored.answers_json != "{}";
    for (const auto& question_id : withheld) {
        if (response.answers.contains(question_id)) return true;
    }
    return false;
}

}  // namespace

Result<std::string> withhold_answers(const std::string& answers_json,
                                     const std::set<std::string>& question_ids) {
    // ordered_json keeps the stored key order, so what remains is byte for byte what was stored.
    auto answers = nlohmann::ordered_json::parse(answers_json, nullptr, false);
    if (answers.is_discarded() || !answers.is_object()) {
        return Error{"Stored answers are not a JSON object: " + answers_json.substr(0, 80)};
    }
    bool is_changed = false;
    for (const auto& question_id : question_ids)
        is_changed = answers.erase(question_id) > 0 || is_changed;
    if (!is_changed) return answers_json;
    return answers.dump();
}

Result<std::string> responses_jsonl(const std::vector<const StoredResponse*>& responses,
                                    const std::set<std::string>& withheld) {
    std::string out;
    out.reserve(responses.size() * 700);
    for (const StoredResponse* stored : responses) {
        std::string answers_json = stored->answers_json;
        if (!withheld.empty() && may_hold_withheld(*stored, withheld)) {
            auto kept = withhold_answers(answers_json, withheld);
            if (!kept)
                return Error{"Response " + stored->response.id + ": " + kept.error().message};
            answers_json = std::move(kept).value();
        }
        const auto record =
            make_response_record(stored->seq, stored->response, std::move(answers_json));
        try {
            out += response_record_to_json(record, true).dump();
        } catch (const nlohmann::json::exception& error) {
            return Error{"Response " + stored->response.id +
                         " cannot be written as JSON (is its text valid UTF-8?): " + error.what()};
        }
        out += '\n';
    }
    return out;
}

}  // namespace standpoint
