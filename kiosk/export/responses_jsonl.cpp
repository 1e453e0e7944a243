#include "kiosk/export/responses_jsonl.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "kiosk/core/sha256.hpp"
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

Status append_jsonl_line(const StoredResponse& stored, const std::set<std::string>& withheld,
                         std::string& out) {
    // The hash stored at save time travels, never one recomputed from the bytes read back (a row
    // changed on disk is in damaged.jsonl, not here). Only bytes the export itself rewrote, to
    // withhold personal answers, get a hash of their own.
    std::string answers_json = stored.answers_json;
    std::string sha256 = stored.answers_sha256;
    if (!withheld.empty() && may_hold_withheld(stored, withheld)) {
        auto kept = withhold_answers(answers_json, withheld);
        if (!kept) return Error{"Response " + stored.response.id + ": " + kept.error().message};
        if (*kept != answers_json) {
            answers_json = std::move(kept).value();
            sha256 = sha256_hex(answers_json);
        }
    }
    const auto record = make_response_record(stored.seq, stored.response, std::move(answers_json),
                                             std::move(sha256));
    const std::size_t line_start = out.size();
    try {
        append_response_record_text(out, record);
    } catch (const std::invalid_argument& error) {
        out.resize(line_start);
        return Error{"Response " + stored.response.id +
                     " cannot be written as JSON (is its text valid UTF-8?): " + error.what()};
    }
    out += '\n';
    return ok_status();
}

Result<std::string> responses_jsonl(const std::vector<const StoredResponse*>& responses,
                                    const std::set<std::string>& withheld) {
    std::string out;
    out.reserve(responses.size() * 700);
    for (const StoredResponse* stored : responses) {
        if (Status added = append_jsonl_line(*stored, withheld, out); !added) return added.error();
    }
    return out;
}

std::string damaged_jsonl(const std::vector<const StoredResponse*>& damaged, bool include_answers) {
    using nlohmann::ordered_json;
    std::string out;
    for (const StoredResponse* stored : damaged) {
        const Response& response = stored->response;
        ordered_json line;
        line["id"] = response.id;
        line["seq"] = stored->seq;
        line["device_id"] = response.device_id;
        line["survey"] = {{"id", response.survey.id},
                          {"version", response.survey.version},
                          {"sha256", response.survey.sha256}};
        line["event"] = response.event_id;
        line["started_at"] = format_utc(response.started_at);
        line["completed_at"] = format_utc(response.completed_at);
        line["utc_offset"] = response.utc_offset_minutes;
        line["language"] = response.language;
        line["status"] = to_string(response.status);
        line["stored_sha256"] = stored->answers_sha256;
        line["found_sha256"] = sha256_hex(stored->answers_json);
        // Damaged bytes cannot be sorted into personal and other answers, so they come only
        // when staff include personal data.
        line["answers_json"] =
            include_answers ? ordered_json(stored->answers_json) : ordered_json(nullptr);
        // Damaged bytes need not be UTF-8: an invalid sequence becomes U+FFFD rather than stop.
        out += line.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
        out += '\n';
    }
    return out;
}

}  // namespace standpoint
