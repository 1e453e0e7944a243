#include "sync/protocol/export_folder.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/json_limits.hpp"

namespace standpoint {

using nlohmann::json;

namespace {

bool is_sha256_hex(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// A name that stays inside the folder: no separators, not "." or "..", printable ASCII.
bool is_plain_file_name(const std::string& name) {
    if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
    for (char c : name) {
        if (c == '/' || c == '\\' || c <= ' ' || c > '~') return false;
    }
    return true;
}

// A syntax error is reported by the parse itself, with the message users already know.
bool is_syntax_error(const Status& shape) { return shape.error().kind == ErrorKind::damaged; }

const json* find(const json& object, const char* key) {
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::string optional_text(const json& object, const char* key) {
    const json* value = find(object, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

// Text or absent: null (or a member of another type) reads as absent.
std::optional<std::string> text_or_null(const json& object, const char* key) {
    const json* value = find(object, key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return value->get<std::string>();
}

std::int64_t count_or_zero(const json& object, const char* key) {
    const json* value = find(object, key);
    return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : 0;
}

using ordered_json = nlohmann::ordered_json;

ordered_json json_text_or_null(const std::optional<std::string>& text) {
    return text ? ordered_json(*text) : ordered_json(nullptr);
}

// The parts of the manifest only people read (what, when, how many of each): taken as they
// are when well-formed; the import checks the parts it relies on.
void read_descriptive_parts(const json& body, ExportManifest& manifest) {
    if (const json* events = find(body, "events"); events != nullptr && events->is_array()) {
        for (const json& event : *events) {
            if (event.is_string()) manifest.events.push_back(event.get<std::string>());
        }
    }
    manifest.from_date = text_or_null(body, "from_date");
    manifest.to_date = text_or_null(body, "to_date");
    manifest.first_completed_at = text_or_null(body, "first_completed_at");
    manifest.last_completed_at = text_or_null(body, "last_completed_at");
    if (const json* counts = find(body, "counts"); counts != nullptr && counts->is_object()) {
        manifest.complete = count_or_zero(*counts, "complete");
        manifest.partial = count_or_zero(*counts, "partial");
        manifest.damaged = count_or_zero(*counts, "damaged");
    }
    if (const json* surveys = find(body, "surveys"); surveys != nullptr && surveys->is_array()) {
        for (const json& entry : *surveys) {
            if (!entry.is_object()) continue;
            ExportManifestSurvey survey;
            survey.ref.id = optional_text(entry, "id");
            survey.ref.version = static_cast<int>(count_or_zero(entry, "version"));
            survey.ref.sha256 = optional_text(entry, "sha256");
            survey.responses = count_or_zero(entry, "responses");
            manifest.surveys.push_back(std::move(survey));
        }
    }
}

}  // namespace

Result<ExportManifest> parse_export_manifest(std::string_view text) {
    if (text.size() > max_manifest_bytes) {
        return Error{
            "manifest.json is larger than any export writes (1 MiB); it is not an export's."};
    }
    if (Status shape = check_json_limits(text, export_json_limits(), "manifest.json");
        !shape && !is_syntax_error(shape)) {
        return Error{shape.error().message + " The export is damaged or not a kiosk's."};
    }
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return Error{"manifest.json is not a JSON object: the export is damaged or incomplete."};
    }
    const std::string format = optional_text(body, "format");
    if (format != export_format) {
        return Error{"manifest.json has format \"" + format + "\", not \"" +
                     std::string(export_format) +
                     "\": it was not written by a kiosk this collector understands."};
    }
    ExportManifest manifest;
    manifest.created_at = optional_text(body, "created_at");
    manifest.device_id = optional_text(body, "device_id");
    if (!is_uuid(manifest.device_id)) {
        return Error{"manifest.json \"device_id\" is not a kiosk's device id (a lower-case UUID)."};
    }
    manifest.event_id = optional_text(body, "event_id");

    const json* counts = find(body, "counts");
    const json* responses =
        counts != nullptr && counts->is_object() ? find(*counts, "responses") : nullptr;
    if (responses == nullptr || !responses->is_number_integer() ||
        responses->get<std::int64_t>() < 0) {
        return Error{"manifest.json has no \"counts\": {\"responses\": N}."};
    }
    manifest.responses = responses->get<std::int64_t>();
    read_descriptive_parts(body, manifest);

    // Without the member the export made no promise to withhold anything.
    if (const json* personal = find(body, "personal_data"); personal != nullptr) {
        const json* included = personal->is_object() ? find(*personal, "included") : nullptr;
        if (included == nullptr || !included->is_boolean()) {
            return Error{"manifest.json \"personal_data\" has no \"included\": true|false."};
        }
        manifest.personal_data_included = included->get<bool>();
        if (const json* withheld = find(*personal, "withheld_questions"); withheld != nullptr) {
            if (!withheld->is_array()) {
                return Error{
                    "manifest.json \"withheld_questions\" must be a list of question ids."};
            }
            for (const json& id : *withheld) {
                if (!id.is_string()) {
                    return Error{"manifest.json \"withheld_questions\" must hold question ids."};
                }
                manifest.withheld_questions.push_back(id.get<std::string>());
            }
        }
        // {"file": "personal.jsonl.sealed", "collector_key": "<hex>"} or null (docs/export.md).
        if (const json* sealed = find(*personal, "sealed");
            sealed != nullptr && !sealed->is_null()) {
            manifest.sealed_file = sealed->is_object() ? optional_text(*sealed, "file") : "";
            manifest.sealed_to = sealed->is_object() ? optional_text(*sealed, "collector_key") : "";
            if (!is_plain_file_name(manifest.sealed_file) || !is_sha256_hex(manifest.sealed_to)) {
                return Error{
                    "manifest.json \"personal_data\".\"sealed\" must name a file in the "
                    "folder and the 64-hex-digit collector key it is sealed to."};
            }
        }
    }

    const json* files = find(body, "files");
    if (files == nullptr || !files->is_array()) {
        return Error{"manifest.json has no \"files\" list."};
    }
    std::set<std::string> names;
    for (const json& entry : *files) {
        ExportManifestFile file;
        if (entry.is_object()) {
            file.name = optional_text(entry, "name");
            file.sha256 = optional_text(entry, "sha256");
        }
        const json* bytes = entry.is_object() ? find(entry, "bytes") : nullptr;
        if (!is_plain_file_name(file.name) || file.name == export_file::manifest_json) {
            return Error{"manifest.json lists a file without a plain name (\"" + file.name +
                         "\"): only files inside the export folder can be listed."};
        }
        if (bytes == nullptr || !bytes->is_number_unsigned()) {
            return Error{"manifest.json entry for " + file.name + " has no byte count."};
        }
        file.bytes = bytes->get<std::uint64_t>();
        if (!is_sha256_hex(file.sha256)) {
            return Error{"manifest.json entry for " + file.name +
                         " has no SHA-256 (64 lower-case hex digits)."};
        }
        if (!names.insert(file.name).second) {
            return Error{"manifest.json lists " + file.name + " twice."};
        }
        manifest.files.push_back(std::move(file));
    }
    if (!manifest.sealed_file.empty() && names.count(manifest.sealed_file) == 0) {
        return Error{"manifest.json does not list " + manifest.sealed_file +
                     ", which holds the export's personal data: the export is incomplete."};
    }
    for (const char* needed : {export_file::responses_jsonl, export_file::surveys_json}) {
        if (names.count(needed) == 0) {
            return Error{std::string("manifest.json does not list ") + needed +
                         ", which the import reads: the export is incomplete or not a kiosk's."};
        }
    }
    return manifest;
}

std::string export_manifest_json(const ExportManifest& m) {
    ordered_json manifest;
    manifest["format"] = std::string(export_format);
    manifest["created_at"] = m.created_at;
    manifest["device_id"] = m.device_id;
    manifest["event_id"] = m.event_id.empty() ? ordered_json(nullptr) : ordered_json(m.event_id);
    manifest["events"] = m.events;
    manifest["from_date"] = json_text_or_null(m.from_date);
    manifest["to_date"] = json_text_or_null(m.to_date);
    manifest["first_completed_at"] = json_text_or_null(m.first_completed_at);
    manifest["last_completed_at"] = json_text_or_null(m.last_completed_at);
    manifest["counts"] = {{"responses", m.responses},
                          {"complete", m.complete},
                          {"partial", m.partial},
                          {"damaged", m.damaged}};
    manifest["surveys"] = ordered_json::array();
    for (const ExportManifestSurvey& survey : m.surveys) {
        manifest["surveys"].push_back({{"id", survey.ref.id},
                                       {"version", survey.ref.version},
                                       {"sha256", survey.ref.sha256},
                                       {"responses", survey.responses}});
    }
    manifest["personal_data"] = {
        {"included", m.personal_data_included},
        {"withheld_questions", m.withheld_questions},
        {"sealed", m.sealed_to.empty()
                       ? ordered_json(nullptr)
                       : ordered_json{{"file", m.sealed_file}, {"collector_key", m.sealed_to}}}};
    manifest["files"] = ordered_json::array();
    for (const ExportManifestFile& file : m.files) {
        manifest["files"].push_back(
            {{"name", file.name}, {"bytes", file.bytes}, {"sha256", file.sha256}});
    }
    // Event ids and question ids are valid UTF-8 (they came through the JSON parser); replace
    // rather than throw, should one not be.
    return manifest.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string kept_workbook_file_name(const SurveyRef& survey) {
    std::string name = "survey-" + survey.id + "-v" + std::to_string(survey.version) + "-" +
                       survey.sha256.substr(0, 8);
    for (char& c : name) {
        const bool is_plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!is_plain) c = '_';  // survey ids are plain already; FAT-safe whatever comes
    }
    return name + ".xlsx";
}

bool is_kept_workbook_file_name(std::string_view name) {
    constexpr std::string_view prefix = "survey-";
    constexpr std::string_view suffix = ".xlsx";
    if (name.size() > 100 || name.size() <= prefix.size() + suffix.size()) return false;
    if (name.substr(0, prefix.size()) != prefix) return false;
    if (name.substr(name.size() - suffix.size()) != suffix) return false;
    const std::string_view middle =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    for (const char c : middle) {
        const bool is_plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!is_plain) return false;
    }
    return true;
}

Result<std::string> export_surveys_json(const std::vector<SurveyDefinition>& surveys) {
    return export_surveys_json(surveys, {});
}

Result<std::string> export_surveys_json(const std::vector<SurveyDefinition>& surveys,
                                        const std::vector<ExportSurveySource>& sources) {
    ordered_json list = ordered_json::array();
    for (std::size_t i = 0; i < surveys.size(); ++i) {
        const SurveyDefinition& survey = surveys[i];
        ordered_json entry = {{"id", survey.ref.id},
                              {"version", survey.ref.version},
                              {"sha256", survey.ref.sha256},
                              {"definition", survey.definition}};
        if (i < sources.size() && !sources[i].file.empty()) {
            entry["source"] = {{"file", sources[i].file},
                               {"name", sources[i].name},
                               {"sha256", sources[i].sha256}};
        }
        list.push_back(std::move(entry));
    }
    try {
        return list.dump(2) + "\n";
    } catch (const nlohmann::json::exception& error) {
        return Error{std::string("A kept survey file is not valid UTF-8: ") + error.what()};
    }
}

Status check_manifest_lists_every_file(const ExportManifest& manifest,
                                       const std::vector<std::string>& folder_entries) {
    std::set<std::string> listed;
    for (const ExportManifestFile& file : manifest.files) listed.insert(file.name);
    for (const char* name : files_not_in_manifest) listed.insert(name);
    for (const std::string& name : folder_entries) {
        if (name.empty() || name[0] == '.' || listed.count(name) != 0) continue;
        return Error{name +
                     " is in the export folder but manifest.json does not list it: the "
                     "folder holds more than the kiosk wrote (or the manifest was rewritten to "
                     "leave a file out). Copy the folder again, or export again from the kiosk."};
    }
    return ok_status();
}

Result<std::vector<SurveyDefinition>> parse_export_surveys(std::string_view text) {
    if (text.size() > max_surveys_file_bytes) {
        return Error{"surveys.json is larger than any export writes (32 MiB)."};
    }
    if (Status shape = check_json_limits(text, export_json_limits(), "surveys.json"); !shape) {
        return shape.error();
    }
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_array()) {
        return Error{"surveys.json is not a JSON list of surveys."};
    }
    std::vector<SurveyDefinition> surveys;
    std::size_t number = 0;
    for (const json& entry : body) {
        ++number;
        const std::string where = "surveys.json entry " + std::to_string(number);
        if (!entry.is_object()) return Error{where + " is not an object."};
        SurveyDefinition survey;
        survey.ref.id = optional_text(entry, "id");
        survey.ref.sha256 = optional_text(entry, "sha256");
        survey.definition = optional_text(entry, "definition");
        const json* version = find(entry, "version");
        if (survey.ref.id.empty() || survey.ref.id.size() > 100) {
            return Error{where + " has no survey \"id\"."};
        }
        if (version == nullptr || !version->is_number_integer() ||
            version->get<std::int64_t>() < 1 || version->get<std::int64_t>() > 1'000'000) {
            return Error{where + " (" + survey.ref.id + ") has no \"version\" of 1 or more."};
        }
        survey.ref.version = static_cast<int>(version->get<std::int64_t>());
        if (survey.definition.size() > max_survey_definition_bytes) {
            return Error{where + " (" + survey.ref.id + ") is larger than 2 MiB."};
        }
        if (!is_sha256_hex(survey.ref.sha256) ||
            sha256_hex(survey.definition) != survey.ref.sha256) {
            return Error{where + " (" + survey.ref.id +
                         ") \"sha256\" is not the SHA-256 of its \"definition\"."};
        }
        surveys.push_back(std::move(survey));
    }
    return surveys;
}

Result<ResponseRecord> parse_export_line(std::string_view line, const std::string& device_id) {
    if (line.size() > max_export_line_bytes) {
        return Error{"longer than any response the protocol allows (4 MiB)."};
    }
    // Checked before it is built: 4 MiB of "[{},{},...]" would otherwise take a hundred MiB.
    if (Status shape = check_json_limits(line, export_json_limits(), "the line");
        !shape && !is_syntax_error(shape)) {
        return shape.error();
    }
    json value;
    try {
        value = json::parse(line);
    } catch (const json::parse_error& error) {
        return Error{"not valid JSON (the parser stopped at byte " + std::to_string(error.byte) +
                     " of the line)."};
    }
    auto record = response_record_from_json(value);
    if (!record) return record.error();
    if (record->device_id != device_id) {
        return Error{"response " + record->id + " is from device " + record->device_id +
                     ", not the manifest's " + device_id + "."};
    }
    return record;
}

}  // namespace standpoint
