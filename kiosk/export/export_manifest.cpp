#include "kiosk/export/export_manifest.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/sealed_box.hpp"

namespace standpoint {

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json text_or_null(const std::optional<std::string>& text) {
    return text ? ordered_json(*text) : ordered_json(nullptr);
}

}  // namespace

std::string manifest_json(const ManifestFacts& facts,
                          const std::vector<const StoredResponse*>& responses,
                          const SurveyCatalog& catalog, const std::vector<ExportFile>& files) {
    std::set<std::string> events;
    std::int64_t complete = 0;
    std::optional<TimePoint> first, last;
    for (const StoredResponse* stored : responses) {
        const Response& response = stored->response;
        events.insert(response.event_id);
        if (response.status == ResponseStatus::complete) ++complete;
        if (!first || response.completed_at < *first) first = response.completed_at;
        if (!last || response.completed_at > *last) last = response.completed_at;
    }
    const auto total = static_cast<std::int64_t>(responses.size());

    ordered_json manifest;
    manifest["format"] = "standpoint-export/1";
    manifest["created_at"] = format_utc(facts.created_at);
    manifest["device_id"] = facts.device_id;
    manifest["event_id"] =
        facts.event_id.empty() ? ordered_json(nullptr) : ordered_json(facts.event_id);
    manifest["events"] = ordered_json(std::vector<std::string>(events.begin(), events.end()));
    manifest["from_date"] = text_or_null(facts.from_date);
    manifest["to_date"] = text_or_null(facts.to_date);
    manifest["first_completed_at"] =
        first ? ordered_json(format_utc(*first)) : ordered_json(nullptr);
    manifest["last_completed_at"] = last ? ordered_json(format_utc(*last)) : ordered_json(nullptr);
    manifest["counts"] = {{"responses", total},
                          {"complete", complete},
                          {"partial", total - complete},
                          {"damaged", facts.damaged}};
    manifest["surveys"] = ordered_json::array();
    for (const auto& survey : catalog.surveys) {
        manifest["surveys"].push_back({{"id", survey.ref.id},
                                       {"version", survey.ref.version},
                                       {"sha256", survey.ref.sha256},
                                       {"responses", survey.response_count}});
    }
    manifest["personal_data"] = {
        {"included", facts.include_personal},
        {"withheld_questions", std::vector<std::string>(facts.withheld_questions.begin(),
                                                        facts.withheld_questions.end())},
        {"sealed", facts.sealed_to.empty()
                       ? ordered_json(nullptr)
                       : ordered_json{{"file", sealed_personal_file_name},
                                      {"collector_key", facts.sealed_to}}}};
    manifest["files"] = ordered_json::array();
    for (const auto& file : files) {
        manifest["files"].push_back({{"name", file.name},
                                     {"bytes", file.bytes.size()},
                                     {"sha256", sha256_hex(file.bytes)}});
    }
    // Event ids and question ids are valid UTF-8 (they came through the JSON parser); replace
    // rather than throw, should one not be.
    return manifest.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string source_file_name(const CatalogSurvey& survey) {
    if (survey.source_name.empty()) return "";
    std::string extension = std::filesystem::path(survey.source_name).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".xlsx") extension = ".xlsx";  // the only kind kept beside a definition
    const std::string stem = fat_safe_name("survey-" + survey.ref.id + "-v" +
                                               std::to_string(survey.ref.version) + "-" +
                                               survey.ref.sha256.substr(0, 8),
                                           100);
    return stem + extension;
}

Result<std::string> surveys_json(const SurveyCatalog& catalog) {
    ordered_json surveys = ordered_json::array();
    for (const auto& survey : catalog.surveys) {
        ordered_json entry = {{"id", survey.ref.id},
                              {"version", survey.ref.version},
                              {"sha256", survey.ref.sha256},
                              {"definition", survey.definition}};
        if (!survey.source_name.empty()) {
            entry["source"] = {{"file", source_file_name(survey)},
                               {"name", survey.source_name},
                               {"sha256", sha256_hex(survey.source_bytes)}};
        }
        surveys.push_back(std::move(entry));
    }
    try {
        return surveys.dump(2) + "\n";
    } catch (const nlohmann::json::exception& error) {
        return Error{std::string("A kept survey file is not valid UTF-8: ") + error.what()};
    }
}

}  // namespace standpoint
