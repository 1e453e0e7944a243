// responses.jsonl (docs/export.md): the sync protocol's response objects, one per line, with the
// answers to personal-data questions removed unless staff include them. Pure.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint {

// `answers_json` without the keys in `question_ids`, re-serialised compactly with the remaining
// keys in their stored order; the exact same bytes when none of them is there. An answers_json
// that is not a JSON object is an Error.
Result<std::string> withhold_answers(const std::string& answers_json,
                                     const std::set<std::string>& question_ids);

// One line per response: response_record_to_json(make_response_record(...), true), compact UTF-8,
// each ended by "\n". `withheld` (empty = nothing withheld) names the questions whose answers are
// removed first (the record's sha256 is then over the new bytes).
Result<std::string> responses_jsonl(const std::vector<const StoredResponse*>& responses,
                                    const std::set<std::string>& withheld);

}  // namespace standpoint
