#include "sync/protocol/batch.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch_fields.hpp"
#include "sync/protocol/json_limits.hpp"
#include "sync/protocol/json_text.hpp"

namespace standpoint {

using nlohmann::json;

namespace {
bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

namespace batch_fields {

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!is_lower_hex(c)) return false;
    }
    return true;
}

bool is_language_tag(std::string_view text) {
    if (text.size() < 2 || text.size() > 35) return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Survey ids follow the loader's rule loosely.
bool is_survey_id(std::string_view text) {
    if (text.empty() || text.size() > 100) return false;
    for (char c : text) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

const json* Reader::member(const char* key) {
    if (!error.empty()) return nullptr;
    const auto found = object.find(key);
    if (found == object.end()) {
        error = where + " has no \"" + key + "\".";
        return nullptr;
    }
    return &*found;
}

std::string Reader::text(const char* key) {
    const json* value = member(key);
    if (value == nullptr) return {};
    if (!value->is_string()) {
        error = where + " \"" + key + "\" must be a string.";
        return {};
    }
    return value->get<std::string>();
}

std::int64_t Reader::integer(const char* key, std::int64_t min, std::int64_t max) {
    const json* value = member(key);
    if (value == nullptr) return 0;
    if (!value->is_number_integer()) {
        error = where + " \"" + key + "\" must be an integer.";
        return 0;
    }
    // Unsigned values above int64 max arrive as number_unsigned: they are out of range.
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        error = where + " \"" + key + "\" is out of range.";
        return 0;
    }
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) {
        error = where + " \"" + key + "\" is out of range.";
        return 0;
    }
    return number;
}

json survey_ref_to_json(const SurveyRef& ref) {
    return json{{"id", ref.id}, {"version", ref.version}, {"sha256", ref.sha256}};
}

Status read_survey_definitions(const json& surveys, std::vector<SurveyDefinition>& out) {
    for (const json& entry : surveys) {
        if (!entry.is_object()) return Error{"batch surveys must hold objects."};
        Reader survey_reader{entry, "survey"};
        SurveyDefinition survey;
        survey.ref.id = survey_reader.text("id");
        survey.ref.version = static_cast<int>(survey_reader.integer("version", 1, 1'000'000));
        survey.ref.sha256 = survey_reader.text("sha256");
        survey.definition = survey_reader.text("definition");
        if (!survey_reader.error.empty()) return Error{survey_reader.error};
        out.push_back(std::move(survey));
    }
    return ok_status();
}

SurveyRef survey_ref_from_json(Reader& parent, const char* key) {
    SurveyRef ref;
    const json* value = parent.member(key);
    if (value == nullptr) return ref;
    if (!value->is_object()) {
        parent.error = parent.where + " \"" + key + "\" must be an object.";
        return ref;
    }
    Reader reader{*value, parent.where + " " + key};
    ref.id = reader.text("id");
    reader.check(is_survey_id(ref.id), "id is not a survey id.");
    ref.version = static_cast<int>(reader.integer("version", 1, 1'000'000));
    ref.sha256 = reader.text("sha256");
    reader.check(is_sha256_hex(ref.sha256), "sha256 is not 64 lower-case hex digits.");
    if (!reader.error.empty()) parent.error = reader.error;
    return ref;
}

namespace {

Status check_record(const ResponseRecord& record, const std::string& where, RecordHash hash) {
    auto bad = [&](const std::string& message) -> Status { return Error{where + " " + message}; };
    if (!is_uuid(record.id)) return bad("id is not a lower-case UUID.");
    if (record.seq < 1 || record.seq > max_seq) return bad("seq is out of range.");
    if (!is_uuid(record.device_id)) return bad("device_id is not a lower-case UUID.");
    if (!is_survey_id(record.survey.id)) return bad("survey id is not a survey id.");
    if (record.survey.version < 1) return bad("survey version is out of range.");
    if (!is_sha256_hex(record.survey.sha256)) return bad("survey sha256 is not 64 hex digits.");
    if (record.event_id.size() > max_event_id_bytes) return bad("event is too long.");
    if (!is_utc_timestamp(record.started_at)) return bad("started_at is not a UTC timestamp.");
    if (!is_utc_timestamp(record.completed_at)) return bad("completed_at is not a UTC timestamp.");
    if (record.utc_offset_minutes < -24 * 60 || record.utc_offset_minutes > 24 * 60) {
        return bad("utc_offset is out of range.");
    }
    if (!is_language_tag(record.language)) return bad("language is not a language tag.");
    if (record.status != "complete" && record.status != "partial") {
        return bad("status must be \"complete\" or \"partial\".");
    }
    if (record.answers_json.size() > max_answers_json_bytes) return bad("answers_json is too large.");
    if (!is_sha256_hex(record.sha256)) return bad("sha256 is not 64 lower-case hex digits.");
    if (hash == RecordHash::compare && sha256_hex(record.answers_json) != record.sha256) {
        return bad("sha256 does not match the answers_json bytes.");
    }
    // The answers must be a JSON object: a valid JSON text whose first token is "{". Checked
    // without building it (nesting is capped by the size limit above).
    const auto first = record.answers_json.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || record.answers_json[first] != '{' ||
        !json::accept(record.answers_json)) {
        return bad("answers_json is not a JSON object.");
    }
    return ok_status();
}

}  // namespace

}  // namespace batch_fields

using namespace batch_fields;

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_place ? text[i] != '-' : !is_lower_hex(text[i])) return false;
    }
    return true;
}

bool is_utc_timestamp(std::string_view text) {
    // "YYYY-MM-DDTHH:MM:SS.mmmZ"
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (text.size() != shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 'd' ? !is_digit(text[i]) : text[i] != shape[i]) return false;
    }
    auto two = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
    const int month = two(5), day = two(8), hour = two(11), minute = two(14), second = two(17);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 &&
           second <= 60;
}

ResponseRecord make_response_record(std::int64_t seq, const Response& response,
                                    std::string answers_json, std::string answers_sha256) {
    ResponseRecord record;
    record.id = response.id;
    record.seq = seq;
    record.device_id = response.device_id;
    record.survey = response.survey;
    record.event_id = response.event_id;
    record.started_at = format_utc(response.started_at);
    record.completed_at = format_utc(response.completed_at);
    record.utc_offset_minutes = response.utc_offset_minutes;
    record.language = response.language;
    record.status = to_string(response.status);
    record.sha256 = std::move(answers_sha256);
    record.answers_json = std::move(answers_json);
    return record;
}

json response_record_to_json(const ResponseRecord& record, bool include_parsed_answers) {
    json out = {{"id", record.id},
                {"seq", record.seq},
                {"device_id", record.device_id},
                {"survey", survey_ref_to_json(record.survey)},
                {"event", record.event_id},
                {"started_at", record.started_at},
                {"completed_at", record.completed_at},
                {"utc_offset", record.utc_offset_minutes},
                {"language", record.language},
                {"status", record.status},
                {"answers_json", record.answers_json},
                {"sha256", record.sha256}};
    if (include_parsed_answers) {
        json answers = json::parse(record.answers_json, nullptr, false);
        if (!answers.is_discarded()) out["answers"] = std::move(answers);
    }
    return out;
}

void append_response_record_text(std::string& out, const ResponseRecord& record) {
    // The members in dump()'s order: nlohmann::json keeps an object's keys sorted.
    const auto text = [&out](const char* key, std::string_view value) {
        out += key;
        append_json_string(out, value, NonAscii::as_is);
    };
    out += "{\"answers\":";
    out += record.answers_json;
    text(",\"answers_json\":", record.answers_json);
    text(",\"completed_at\":", record.completed_at);
    text(",\"device_id\":", record.device_id);
    text(",\"event\":", record.event_id);
    text(",\"id\":", record.id);
    text(",\"language\":", record.language);
    out += ",\"seq\":" + std::to_string(record.seq);
    text(",\"sha256\":", record.sha256);
    text(",\"started_at\":", record.started_at);
    text(",\"status\":", record.status);
    text(",\"survey\":{\"id\":", record.survey.id);
    text(",\"sha256\":", record.survey.sha256);
    out += ",\"version\":" + std::to_string(record.survey.version);
    out += "},\"utc_offset\":" + std::to_string(record.utc_offset_minutes) + '}';
}

Result<ResponseRecord> response_record_from_json(const json& value) {
    if (!value.is_object()) return Error{"A response must be a JSON object."};
    ResponseRecord record;
    Reader reader{value, "response"};
    record.id = reader.text("id");
    if (reader.error.empty() && is_uuid(record.id)) reader.where = "response " + record.id;
    record.seq = reader.integer("seq", 1, max_seq);
    record.device_id = reader.text("device_id");
    record.survey = survey_ref_from_json(reader, "survey");
    record.event_id = reader.text("event");
    record.started_at = reader.text("started_at");
    record.completed_at = reader.text("completed_at");
    record.utc_offset_minutes = static_cast<int>(reader.integer("utc_offset", -24 * 60, 24 * 60));
    record.language = reader.text("language");
    record.status = reader.text("status");
    record.answers_json = reader.text("answers_json");
    record.sha256 = reader.text("sha256");
    if (!reader.error.empty()) return Error{reader.error};
    if (const auto answers = value.find("answers"); answers != value.end()) {
        // Only a convenience copy: it must agree with the bytes that the hash covers.
        const json parsed = json::parse(record.answers_json, nullptr, false);
        if (parsed.is_discarded() || parsed != *answers) {
            return Error{reader.where + " \"answers\" does not match \"answers_json\"."};
        }
    }
    if (Status checked = check_record(record, reader.where, RecordHash::compare); !checked)
        return checked.error();
    return record;
}

std::string encode_batch(const Batch& batch) {
    if (batch.format_version == 2) return encode_batch_v2(batch);
    json surveys = json::array();
    for (const SurveyDefinition& survey : batch.surveys) {
        json entry = survey_ref_to_json(survey.ref);
        entry["definition"] = survey.definition;
        surveys.push_back(std::move(entry));
    }
    json responses = json::array();
    for (const ResponseRecord& record : batch.responses) {
        responses.push_back(response_record_to_json(record));
    }
    const json body = {{"format", batch_format},       {"device_id", batch.device_id},
                       {"batch_id", batch.batch_id},   {"first_seq", batch.first_seq},
                       {"last_seq", batch.last_seq},   {"surveys", std::move(surveys)},
                       {"responses", std::move(responses)}};
    // ensure_ascii: the body is plain ASCII, so no proxy or logger can mangle its encoding.
    return body.dump(-1, ' ', true);
}

Status validate_batch(const Batch& batch) { return validate_batch(batch, RecordHash::compare); }

namespace batch_fields {

Status validate_batch(const Batch& batch, RecordHash hash) {
    if (!is_uuid(batch.device_id)) return Error{"batch device_id is not a lower-case UUID."};
    if (!is_uuid(batch.batch_id)) return Error{"batch batch_id is not a lower-case UUID."};
    if (batch.first_seq < 1 || batch.last_seq > max_seq || batch.first_seq > batch.last_seq) {
        return Error{"batch first_seq..last_seq is not a range of positive numbers."};
    }
    if (batch.responses.empty()) return Error{"batch has no responses."};
    if (batch.responses.size() > max_batch_responses) return Error{"batch has too many responses."};
    if (batch.surveys.size() > max_batch_surveys) return Error{"batch has too many surveys."};
    std::set<std::string> survey_keys;
    for (const SurveyDefinition& survey : batch.surveys) {
        const std::string where = "survey " + survey.ref.id;
        if (!is_survey_id(survey.ref.id)) return Error{where + " id is not a survey id."};
        if (survey.ref.version < 1) return Error{where + " version is out of range."};
        if (!is_sha256_hex(survey.ref.sha256)) return Error{where + " sha256 is not 64 hex digits."};
        if (survey.definition.size() > max_survey_definition_bytes) {
            return Error{where + " definition is too large."};
        }
        if (sha256_hex(survey.definition) != survey.ref.sha256) {
            return Error{where + " sha256 does not match the definition bytes."};
        }
        if (!survey_keys.insert(survey.ref.sha256).second) {
            return Error{where + " is listed twice."};
        }
    }
    std::set<std::string> ids;
    std::set<std::int64_t> seqs;
    for (const ResponseRecord& record : batch.responses) {
        const std::string where = "response " + record.id;
        if (Status checked = check_record(record, where, hash); !checked) return checked;
        if (record.device_id != batch.device_id) {
            return Error{where + " device_id differs from the batch's."};
        }
        if (record.seq < batch.first_seq || record.seq > batch.last_seq) {
            return Error{where + " seq is outside first_seq..last_seq."};
        }
        if (!ids.insert(record.id).second) return Error{where + " appears twice in the batch."};
        if (!seqs.insert(record.seq).second) {
            return Error{where + " seq " + std::to_string(record.seq) + " appears twice."};
        }
    }
    return ok_status();
}

Result<const json*> read_batch_head(const json& body, const char* rows_key, Batch& batch) {
    Reader reader{body, "batch"};
    batch.device_id = reader.text("device_id");
    batch.batch_id = reader.text("batch_id");
    batch.first_seq = reader.integer("first_seq", 1, max_seq);
    batch.last_seq = reader.integer("last_seq", 1, max_seq);
    const json* surveys = reader.member("surveys");
    reader.check(surveys == nullptr || surveys->is_array(), "\"surveys\" must be an array.");
    const json* rows = reader.member(rows_key);
    reader.check(rows == nullptr || rows->is_array(),
                 "\"" + std::string(rows_key) + "\" must be an array.");
    if (!reader.error.empty()) return Error{reader.error};
    if (surveys->size() > max_batch_surveys) return Error{"batch has too many surveys."};
    if (rows->size() > max_batch_responses) return Error{"batch has too many responses."};
    if (Status read = read_survey_definitions(*surveys, batch.surveys); !read) return read.error();
    return rows;
}

}  // namespace batch_fields

namespace {

// batch/1 from its parsed body (docs/sync-protocol.md "Batch body").
Result<Batch> decode_batch_v1(const json& body) {
    Batch batch;
    auto responses = read_batch_head(body, "responses", batch);
    if (!responses) return responses.error();
    for (const json& entry : **responses) {
        Result<ResponseRecord> record = response_record_from_json(entry);
        if (!record) return record.error();
        batch.responses.push_back(std::move(record).value());
    }
    if (Status valid = validate_batch(batch, RecordHash::compare); !valid) return valid.error();
    return batch;
}

}  // namespace

Result<Batch> decode_batch(std::string_view json_text) {
    if (json_text.size() > max_batch_json_bytes) return Error{"The batch is too large."};
    // One pass: the shape limits are counted while the value is built, so a hostile body stops
    // at the first value over a limit instead of being parsed twice.
    auto parsed = parse_json_within(json_text, batch_json_limits(), "The batch");
    if (!parsed) return parsed.error();
    const json& body = *parsed;
    if (!body.is_object()) return Error{"The batch must be a JSON object."};
    Reader reader{body, "batch"};
    const std::string format = reader.text("format");
    if (!reader.error.empty()) return Error{reader.error};
    if (format == batch_format) return decode_batch_v1(body);
    if (format == batch_format_v2) return decode_batch_v2(body);
    return Error{"batch format must be \"" + std::string(batch_format) + "\" or \"" +
                 std::string(batch_format_v2) + "\"."};
}

std::string encode_reply(const BatchReply& reply) {
    json results = json::array();
    for (const ItemResult& item : reply.results) {
        json entry = {{"id", item.id}, {"status", to_string(item.status)}};
        if (!item.reason.empty()) entry["reason"] = item.reason;
        results.push_back(std::move(entry));
    }
    const json body = {{"batch_id", reply.batch_id},
                       {"server_epoch", reply.server_epoch},
                       {"results", std::move(results)},
                       {"watermark", {{"max_contiguous_seq", reply.max_contiguous_seq}}}};
    return body.dump(-1, ' ', true);
}

Result<BatchReply> decode_reply(std::string_view json_text) {
    if (json_text.size() > max_batch_json_bytes) return Error{"The collector's reply is too large."};
    const json body = json::parse(json_text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return Error{"The collector's reply is not a JSON object."};
    }
    BatchReply reply;
    Reader reader{body, "reply"};
    reply.batch_id = reader.text("batch_id");
    reply.server_epoch = reader.text("server_epoch");
    reader.check(!reply.server_epoch.empty() && reply.server_epoch.size() <= 100,
                 "server_epoch must be 1..100 bytes.");
    const json* results = reader.member("results");
    reader.check(results == nullptr || results->is_array(), "\"results\" must be an array.");
    const json* watermark = reader.member("watermark");
    reader.check(watermark == nullptr || watermark->is_object(), "\"watermark\" must be an object.");
    if (!reader.error.empty()) return Error{reader.error};
    Reader watermark_reader{*watermark, "reply watermark"};
    reply.max_contiguous_seq = watermark_reader.integer("max_contiguous_seq", 0, max_seq);
    if (!watermark_reader.error.empty()) return Error{watermark_reader.error};
    for (const json& entry : *results) {
        if (!entry.is_object()) return Error{"reply results must hold objects."};
        Reader item_reader{entry, "reply result"};
        ItemResult item;
        item.id = item_reader.text("id");
        const std::string status = item_reader.text("status");
        if (!item_reader.error.empty()) return Error{item_reader.error};
        if (status == "created") {
            item.status = ItemStatus::created;
        } else if (status == "duplicate") {
            item.status = ItemStatus::duplicate;
        } else if (status == "conflict") {
            item.status = ItemStatus::conflict;
        } else if (status == "rejected") {
            item.status = ItemStatus::rejected;
        } else {
            return Error{"reply result status \"" + status + "\" is unknown."};
        }
        if (const auto reason = entry.find("reason"); reason != entry.end()) {
            if (!reason->is_string()) return Error{"reply result reason must be a string."};
            item.reason = reason->get<std::string>();
        }
        reply.results.push_back(std::move(item));
    }
    return reply;
}

std::string encode_error(std::string_view reason) {
    return json{{"error", reason}}.dump(-1, ' ', true);
}

}  // namespace standpoint
