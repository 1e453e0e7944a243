// The sync wire formats "standpoint-batch/1" and "/2" (docs/design.md "Sync protocol",
// docs/sync-protocol.md).
// Pure: JSON text in, JSON text out, no I/O. Shared by the kiosk's sync client, the collector and
// the USB export (responses.jsonl holds the same response objects).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"

namespace standpoint {

inline constexpr std::string_view batch_format = "standpoint-batch/1";
// What every record shares once per batch, rows as arrays, no per-response sha256 (the collector
// computes it from the answer bytes; the batch signature covers the body).
inline constexpr std::string_view batch_format_v2 = "standpoint-batch/2";
// What a collector names in its ping answer (http_surface::batch_formats_header).
inline constexpr std::string_view accepted_batch_formats = "standpoint-batch/1 standpoint-batch/2";
// Whether a ping answer's list of formats names batch/2 (a collector from before /2 names none).
bool names_batch_format_v2(std::string_view accepted);

// Limits both sides keep. The collector answers 413 above the compressed limit; the decompressed
// limit stops a gzip bomb (a few KiB that inflate to gigabytes).
inline constexpr std::size_t max_batch_compressed_bytes = 8u * 1024u * 1024u;
inline constexpr std::size_t max_batch_json_bytes = 64u * 1024u * 1024u;
inline constexpr std::size_t max_batch_responses = 5000;
inline constexpr std::size_t max_batch_surveys = 64;
inline constexpr std::size_t max_answers_json_bytes = 256u * 1024u;
inline constexpr std::size_t max_survey_definition_bytes = 2u * 1024u * 1024u;
inline constexpr std::size_t max_event_id_bytes = 200;

// One response as it travels and as the export writes it. Times stay text (format_utc's form):
// the collector stores them as sent and never needs to re-format them.
struct ResponseRecord {
    std::string id;  // UUID, the permanent key
    std::int64_t seq = 0;
    std::string device_id;
    SurveyRef survey;
    std::string event_id;
    std::string started_at;    // "2026-11-23T14:05:09.123Z"
    std::string completed_at;  // same form
    int utc_offset_minutes = 0;
    std::string language;
    std::string status;        // "complete" | "partial"
    std::string answers_json;  // the exact stored answer bytes (a JSON object)
    std::string sha256;        // hex SHA-256 of answers_json
    bool operator==(const ResponseRecord&) const = default;
};

// A survey definition sent along, so the collector can label the answers.
struct SurveyDefinition {
    SurveyRef ref;           // ref.sha256 is the SHA-256 of `definition`
    std::string definition;  // the exact survey file bytes
    bool operator==(const SurveyDefinition&) const = default;
};

struct Batch {
    int format_version = 1;  // 1 or 2: how encode_batch writes it, what decode_batch read
    std::string device_id;  // UUID
    std::string batch_id;   // UUID, also the Idempotency-Key header
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;  // every seq in [first_seq, last_seq] the kiosk holds is in `responses`
    std::vector<SurveyDefinition> surveys;
    std::vector<ResponseRecord> responses;
    bool operator==(const Batch&) const = default;
};

// Builds the wire record from what the kiosk stored: `answers_json` the exact stored bytes and
// `answers_sha256` the hash stored with them at save time. The hash is never recomputed here: it
// is the authority, so bytes changed on disk travel with the old hash and are refused by
// decode_batch, never accepted with a fresh, matching one.
ResponseRecord make_response_record(std::int64_t seq, const Response& response,
                                    std::string answers_json, std::string answers_sha256);

// Response object <-> JSON. With `include_parsed_answers`, an extra "answers" member holds the
// answers as a JSON value for people and tools (the export uses it); the hash is always over
// "answers_json". Decoding checks every field (see docs/sync-protocol.md) and the hash.
nlohmann::json response_record_to_json(const ResponseRecord& record,
                                       bool include_parsed_answers = false);
Result<ResponseRecord> response_record_from_json(const nlohmann::json& json);

// Appends the bytes response_record_to_json(record, true).dump() writes, without building the
// value (the export writes 100,000 of them). The parsed "answers" copy is `answers_json` as it
// is: equal to the dump of its parse when it is the store's own serialisation
// (answers_to_json(...).dump(), sorted keys, no spaces), which an export has checked by its hash
// and parsed before it gets here. Throws std::invalid_argument on text that is not UTF-8.
void append_response_record_text(std::string& out, const ResponseRecord& record);

// The batch body (uncompressed JSON text), in the format `batch.format_version` names.
// encode_batch does not validate; decode_batch takes either format and checks everything:
// shape limits (in the same single parse), format, ids, seq range, duplicates, sizes, every hash
// (batch/2: each record's sha256 is computed from its answer bytes).
std::string encode_batch(const Batch& batch);
Result<Batch> decode_batch(std::string_view json_text);

// Whether `batch` would pass decode_batch (the same checks, without the text).
Status validate_batch(const Batch& batch);

// Checks shared with the collector (URL path, Idempotency-Key).
bool is_uuid(std::string_view text);              // canonical lower-case 8-4-4-4-12
bool is_utc_timestamp(std::string_view text);     // format_utc's form

// ---- the 200 reply ----

// ItemStatus (created, duplicate, conflict, rejected) is in kiosk/core/response.hpp: the store
// keeps the same word.

struct ItemResult {
    std::string id;
    ItemStatus status = ItemStatus::created;
    std::string reason;  // empty for created / duplicate
    bool operator==(const ItemResult&) const = default;
};

struct BatchReply {
    std::string batch_id;
    std::string server_epoch;
    std::vector<ItemResult> results;
    std::int64_t max_contiguous_seq = 0;  // the device's watermark after this batch
    bool operator==(const BatchReply&) const = default;
};

std::string encode_reply(const BatchReply& reply);
Result<BatchReply> decode_reply(std::string_view json_text);

// An error body: {"error": "<reason>"} (every 4xx/5xx from the collector).
std::string encode_error(std::string_view reason);

}  // namespace standpoint
