// Field checks and the member reader shared by the two batch formats' decoders (batch.cpp,
// batch_v2.cpp). Internal to sync/protocol.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint::batch_fields {

using nlohmann::json;

inline constexpr std::int64_t max_seq = std::int64_t{1} << 53;  // exact in every JSON reader

bool is_sha256_hex(std::string_view text);
bool is_language_tag(std::string_view text);  // letters, digits and '-', 2..35 bytes
bool is_survey_id(std::string_view text);     // printable ASCII without spaces, 1..100 bytes

// Member lookups that say which field is wrong; `where` names the object for the message.
struct Reader {
    const json& object;
    std::string where;
    std::string error = {};

    const json* member(const char* key);
    std::string text(const char* key);
    std::int64_t integer(const char* key, std::int64_t min, std::int64_t max);
    void check(bool condition, const std::string& message) {
        if (error.empty() && !condition) error = where + " " + message;
    }
};

SurveyRef survey_ref_from_json(Reader& parent, const char* key);
// The "surveys" array both formats carry: each definition sent with a batch, appended to `out`.
Status read_survey_definitions(const json& surveys, std::vector<SurveyDefinition>& out);
json survey_ref_to_json(const SurveyRef& ref);
// What both formats open with: device_id, batch_id, first_seq and last_seq into `batch`, the
// "surveys" array read into batch.surveys, and the array named `rows_key` ("responses" in
// batch/1, "rows" in batch/2), each within its limit. Returns that array.
Result<const json*> read_batch_head(const json& body, const char* rows_key, Batch& batch);

// How validate_batch treats each record's sha256: `compare` recomputes it from answers_json and
// requires a match (batch/1, where the kiosk sends it); `given` trusts it because the decoder has
// just computed it from the same bytes (batch/2, which sends no hash).
enum class RecordHash { compare, given };
Status validate_batch(const Batch& batch, RecordHash hash);

// batch/2 (batch_v2.cpp): the body from a Batch, and a Batch from the parsed body.
std::string encode_batch_v2(const Batch& batch);
Result<Batch> decode_batch_v2(const json& body);

}  // namespace standpoint::batch_fields
