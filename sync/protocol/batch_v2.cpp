// "standpoint-batch/2" (docs/sync-protocol.md "Batch body, standpoint-batch/2"): what every
// record of a batch shares is written once (device, and each survey reference + event pair as a
// "context"), each response is one array row, and no row carries a sha256: the decoder computes
// it from the answer bytes, exactly as the kiosk did when it saved them.
#include <map>
#include <tuple>
#include <utility>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch_fields.hpp"
#include "sync/protocol/json_text.hpp"

namespace standpoint {

bool names_batch_format_v2(std::string_view accepted) {
    // A space-separated list; a token, not a substring ("standpoint-batch/20" is not /2).
    std::size_t at = 0;
    while (at < accepted.size()) {
        const std::size_t end = std::min(accepted.find(' ', at), accepted.size());
        if (accepted.substr(at, end - at) == batch_format_v2) return true;
        at = end + 1;
    }
    return false;
}

namespace batch_fields {

namespace {

// The row's columns, in order.
enum Column : std::size_t {
    column_context,
    column_id,
    column_seq,
    column_started_at,
    column_completed_at,
    column_utc_offset,
    column_language,
    column_status,
    column_answers_json,
    column_count
};

// ASCII only, as batch/1 writes: no proxy or log can alter the encoding.
void append_string(std::string& out, std::string_view text) {
    append_json_string(out, text, NonAscii::escaped);
}

void append_ref(std::string& out, const SurveyRef& ref) {
    out += "{\"id\":";
    append_string(out, ref.id);
    out += ",\"version\":" + std::to_string(ref.version) + ",\"sha256\":";
    append_string(out, ref.sha256);
    out += '}';
}

}  // namespace

std::string encode_batch_v2(const Batch& batch) {
    // Contexts in order of first use; a row names its context by index.
    std::map<std::tuple<std::string, int, std::string, std::string>, std::size_t> context_index;
    std::vector<const ResponseRecord*> context_of;
    std::vector<std::size_t> row_context;
    row_context.reserve(batch.responses.size());
    for (const ResponseRecord& record : batch.responses) {
        const auto key = std::make_tuple(record.survey.id, record.survey.version,
                                         record.survey.sha256, record.event_id);
        const auto [found, added] = context_index.emplace(key, context_of.size());
        if (added) context_of.push_back(&record);
        row_context.push_back(found->second);
    }

    std::string out;
    out.reserve(256 + batch.responses.size() * 200);
    out += "{\"format\":";
    append_string(out, batch_format_v2);
    out += ",\"device_id\":";
    append_string(out, batch.device_id);
    out += ",\"batch_id\":";
    append_string(out, batch.batch_id);
    out += ",\"first_seq\":" + std::to_string(batch.first_seq);
    out += ",\"last_seq\":" + std::to_string(batch.last_seq);
    out += ",\"surveys\":[";
    for (std::size_t i = 0; i < batch.surveys.size(); ++i) {
        const SurveyDefinition& survey = batch.surveys[i];
        if (i > 0) out += ',';
        out += "{\"id\":";
        append_string(out, survey.ref.id);
        out += ",\"version\":" + std::to_string(survey.ref.version) + ",\"sha256\":";
        append_string(out, survey.ref.sha256);
        out += ",\"definition\":";
        append_string(out, survey.definition);
        out += '}';
    }
    out += "],\"contexts\":[";
    for (std::size_t i = 0; i < context_of.size(); ++i) {
        if (i > 0) out += ',';
        out += "{\"survey\":";
        append_ref(out, context_of[i]->survey);
        out += ",\"event\":";
        append_string(out, context_of[i]->event_id);
        out += '}';
    }
    out += "],\"rows\":[";
    for (std::size_t i = 0; i < batch.responses.size(); ++i) {
        const ResponseRecord& r = batch.responses[i];
        if (i > 0) out += ',';
        out += '[' + std::to_string(row_context[i]) + ',';
        append_string(out, r.id);
        out += ',' + std::to_string(r.seq) + ',';
        append_string(out, r.started_at);
        out += ',';
        append_string(out, r.completed_at);
        out += ',' + std::to_string(r.utc_offset_minutes) + ',';
        append_string(out, r.language);
        out += ',';
        append_string(out, r.status);
        out += ',';
        append_string(out, r.answers_json);
        out += ']';
    }
    out += "]}";
    return out;
}

namespace {

struct Context {
    SurveyRef survey;
    std::string event_id;
};

// One row: [context, id, seq, started_at, completed_at, utc_offset, language, status,
// answers_json]. Types checked here; values by validate_batch.
Result<ResponseRecord> row_from_json(const json& row, std::size_t n, const std::string& device_id,
                                     const std::vector<Context>& contexts) {
    const std::string where = "batch row " + std::to_string(n);
    if (!row.is_array() || row.size() != column_count) {
        return Error{where + " must be an array of " + std::to_string(column_count) + " values."};
    }
    auto integer = [&](Column column, std::int64_t min, std::int64_t max,
                       std::int64_t& out) -> bool {
        const json& value = row[column];
        if (!value.is_number_integer()) return false;
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
            return false;
        out = value.get<std::int64_t>();
        return out >= min && out <= max;
    };
    auto text = [&](Column column, std::string& out) -> bool {
        if (!row[column].is_string()) return false;
        out = row[column].get<std::string>();
        return true;
    };
    std::int64_t context = 0, offset = 0;
    ResponseRecord record;
    if (!integer(column_context, 0, static_cast<std::int64_t>(contexts.size()) - 1, context))
        return Error{where + " names no context of the batch."};
    if (!text(column_id, record.id)) return Error{where + " id must be a string."};
    if (!integer(column_seq, 1, max_seq, record.seq)) return Error{where + " seq is out of range."};
    if (!text(column_started_at, record.started_at) ||
        !text(column_completed_at, record.completed_at))
        return Error{where + " times must be strings."};
    if (!integer(column_utc_offset, -24 * 60, 24 * 60, offset))
        return Error{where + " utc_offset is out of range."};
    record.utc_offset_minutes = static_cast<int>(offset);
    if (!text(column_language, record.language) || !text(column_status, record.status))
        return Error{where + " language and status must be strings."};
    if (!text(column_answers_json, record.answers_json))
        return Error{where + " answers_json must be a string."};
    if (record.answers_json.size() > max_answers_json_bytes)
        return Error{where + " answers_json is too large."};
    record.device_id = device_id;
    record.survey = contexts[static_cast<std::size_t>(context)].survey;
    record.event_id = contexts[static_cast<std::size_t>(context)].event_id;
    // The hash the kiosk stored at save time is the SHA-256 of these bytes; the collector stores
    // it as batch/1 would have carried it.
    record.sha256 = sha256_hex(record.answers_json);
    return record;
}

}  // namespace

Result<Batch> decode_batch_v2(const json& body) {
    Batch batch;
    batch.format_version = 2;
    auto head = read_batch_head(body, "rows", batch);
    if (!head) return head.error();
    const json* rows = *head;
    Reader reader{body, "batch"};
    const json* contexts = reader.member("contexts");
    reader.check(contexts == nullptr || contexts->is_array(), "\"contexts\" must be an array.");
    if (!reader.error.empty()) return Error{reader.error};
    if (contexts->size() > rows->size()) return Error{"batch has more contexts than rows."};
    std::vector<Context> shared;
    for (const json& entry : *contexts) {
        if (!entry.is_object()) return Error{"batch contexts must hold objects."};
        Reader context_reader{entry, "batch context"};
        Context context;
        context.survey = survey_ref_from_json(context_reader, "survey");
        context.event_id = context_reader.text("event");
        if (!context_reader.error.empty()) return Error{context_reader.error};
        shared.push_back(std::move(context));
    }
    batch.responses.reserve(rows->size());
    for (std::size_t n = 0; n < rows->size(); ++n) {
        auto record = row_from_json((*rows)[n], n, batch.device_id, shared);
        if (!record) return record.error();
        batch.responses.push_back(std::move(record).value());
    }
    if (Status valid = validate_batch(batch, RecordHash::given); !valid) return valid.error();
    return batch;
}

}  // namespace batch_fields

}  // namespace standpoint
