#include "kiosk/export/export_manifest.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

std::string manifest_json(const ManifestFacts& facts,
                          const std::vector<const StoredResponse*>& responses,
                          const SurveyCatalog& catalog, const std::vector<ExportFile>& files) {
    std::set<std::string> events;
    ExportManifest manifest;
    std::optional<TimePoint> first, last;
    for (const StoredResponse* stored : responses) {
        const Response& response = stored->response;
        events.insert(response.event_id);
        if (response.status == ResponseStatus::complete) ++manifest.complete;
        if (!first || response.completed_at < *first) first = response.completed_at;
        if (!last || response.completed_at > *last) last = response.completed_at;
    }
    manifest.created_at = format_utc(facts.created_at);
    manifest.device_id = facts.device_id;
    manifest.event_id = facts.event_id;
    manifest.events.assign(events.begin(), events.end());
    manifest.from_date = facts.from_date;
    manifest.to_date = facts.to_date;
    if (first) manifest.first_completed_at = format_utc(*first);
    if (last) manifest.last_completed_at = format_utc(*last);
    manifest.responses = static_cast<std::int64_t>(responses.size());
    manifest.partial = manifest.responses - manifest.complete;
    manifest.damaged = facts.damaged;
    for (const auto& survey : catalog.surveys) {
        manifest.surveys.push_back({survey.ref, survey.response_count});
    }
    manifest.personal_data_included = facts.include_personal;
    manifest.withheld_questions.assign(facts.withheld_questions.begin(),
                                       facts.withheld_questions.end());
    if (!facts.sealed_to.empty()) {
        manifest.sealed_file = export_file::personal_sealed;
        manifest.sealed_to = facts.sealed_to;
    }
    for (const auto& file : files) {
        manifest.files.push_back({file.name, file.bytes.size(), sha256_hex(file.bytes)});
    }
    return export_manifest_json(manifest);
}

Result<std::string> surveys_json(const SurveyCatalog& catalog) {
    std::vector<SurveyDefinition> surveys;
    for (const auto& survey : catalog.surveys) surveys.push_back({survey.ref, survey.definition});
    return export_surveys_json(surveys);
}

}  // namespace standpoint
