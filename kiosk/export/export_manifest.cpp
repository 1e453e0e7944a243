#include "kiosk/export/export_manifest.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

std::string manifest_json(const ManifestFacts& facts, const SurveyCatalog& catalog,
                          const std::vector<ExportManifestFile>& files) {
    ExportManifest manifest;
    manifest.complete = facts.complete;
    const std::set<std::string>& events = facts.events;
    const std::optional<TimePoint>& first = facts.first_completed_at;
    const std::optional<TimePoint>& last = facts.last_completed_at;
    manifest.created_at = format_utc(facts.created_at);
    manifest.device_id = facts.device_id;
    manifest.event_id = facts.event_id;
    manifest.events.assign(events.begin(), events.end());
    manifest.from_date = facts.from_date;
    manifest.to_date = facts.to_date;
    if (first) manifest.first_completed_at = format_utc(*first);
    if (last) manifest.last_completed_at = format_utc(*last);
    manifest.responses = facts.responses;
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
    manifest.files = files;
    return export_manifest_json(manifest);
}

std::string source_file_name(const CatalogSurvey& survey) {
    return survey.source_name.empty() ? "" : kept_workbook_file_name(survey.ref);
}

Result<std::string> surveys_json(const SurveyCatalog& catalog) {
    std::vector<SurveyDefinition> surveys;
    std::vector<ExportSurveySource> sources;
    for (const auto& survey : catalog.surveys) {
        surveys.push_back({survey.ref, survey.definition});
        sources.push_back(survey.source_name.empty()
                              ? ExportSurveySource{}
                              : ExportSurveySource{source_file_name(survey), survey.source_name,
                                                   sha256_hex(survey.source_bytes)});
    }
    return export_surveys_json(surveys, sources);
}

}  // namespace standpoint
