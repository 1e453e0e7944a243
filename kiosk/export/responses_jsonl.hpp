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
// each ended by "\n", with the answers_sha256 stored at save time. `withheld` (empty = nothing
// withheld) names the questions whose answers are removed first (only a record whose bytes that
// changed gets a sha256 over its new bytes). Every response must be intact (answers_are_intact).
Result<std::string> responses_jsonl(const std::vector<const StoredResponse*>& responses,
                                    const std::set<std::string>& withheld);

// One line of responses.jsonl (the same rules), appended to `out`: the export streams the file a
// line at a time.
Status append_jsonl_line(const StoredResponse& stored, const std::set<std::string>& withheld,
                         std::string& out);

// damaged.jsonl (docs/export.md): one line per response whose answers no longer match their
// stored hash, with both hashes, for support. The damaged bytes themselves only when
// `include_answers` (staff included personal data); otherwise "answers_json" is null.
std::string damaged_jsonl(const std::vector<const StoredResponse*>& damaged, bool include_answers);

}  // namespace standpoint
