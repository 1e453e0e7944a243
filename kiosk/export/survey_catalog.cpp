#include "kiosk/export/survey_catalog.hpp"

#include <algorithm>
#include <tuple>

#include "kiosk/core/survey_loader.hpp"

namespace standpoint {

const CatalogSurvey* SurveyCatalog::find(const std::string& sha256) const {
    const auto found = index_by_sha256.find(sha256);
    return found == index_by_sha256.end() ? nullptr : &surveys[found->second];
}

std::vector<std::string> SurveyCatalog::survey_ids() const {
    std::vector<std::string> ids;
    for (const auto& survey : surveys) {
        if (ids.empty() || ids.back() != survey.ref.id) ids.push_back(survey.ref.id);
    }
    return ids;
}

std::vector<const CatalogSurvey*> SurveyCatalog::versions_newest_first(
    const std::string& survey_id) const {
    std::vector<const CatalogSurvey*> versions;
    for (auto it = surveys.rbegin(); it != surveys.rend(); ++it) {
        if (it->ref.id == survey_id) versions.push_back(&*it);
    }
    return versions;
}

Result<SurveyCatalog> make_survey_catalog(const std::vector<const StoredResponse*>& responses,
                                          const std::vector<StoredSurvey>& stored) {
    std::map<std::string, NamedSurvey> named;
    for (const StoredResponse* stored_response : responses) {
        const SurveyRef& ref = stored_response->response.survey;
        ++named.emplace(ref.sha256, NamedSurvey{ref, 0}).first->second.responses;
    }
    return make_survey_catalog(named, stored);
}

Result<SurveyCatalog> make_survey_catalog(const std::map<std::string, NamedSurvey>& named,
                                          const std::vector<StoredSurvey>& stored) {
    std::map<std::string, const StoredSurvey*> stored_by_sha256;
    for (const auto& survey : stored) stored_by_sha256.emplace(survey.ref.sha256, &survey);

    SurveyCatalog catalog;
    for (const auto& [sha256, each] : named) {
        const SurveyRef& ref = each.ref;
        const auto kept = stored_by_sha256.find(sha256);
        if (kept == stored_by_sha256.end()) {
            return Error{"Responses were answered on survey '" + ref.id + "' version " +
                         std::to_string(ref.version) + " (file SHA-256 " + sha256.substr(0, 12) +
                         "...), but the kiosk has no copy of that survey file, so it cannot tell "
                         "which answers are personal data. Start the kiosk once with that survey "
                         "file so it is kept, then export again."};
        }
        auto parsed = parse_survey(kept->second->definition, ref.id + ".json (kept copy)");
        if (!parsed) {
            return Error{"The kiosk's copy of survey '" + ref.id + "' version " +
                         std::to_string(ref.version) + " does not load: " + parsed.error().message};
        }
        CatalogSurvey entry;
        entry.ref = ref;
        entry.definition = kept->second->definition;
        entry.source_name = kept->second->source_name;
        entry.source_bytes = kept->second->source_bytes;
        entry.survey = std::move(parsed).value();
        entry.response_count = each.responses;
        catalog.surveys.push_back(std::move(entry));
    }
    std::sort(catalog.surveys.begin(), catalog.surveys.end(),
              [](const CatalogSurvey& a, const CatalogSurvey& b) {
                  return std::tie(a.ref.id, a.ref.version, a.ref.sha256) <
                         std::tie(b.ref.id, b.ref.version, b.ref.sha256);
              });
    for (std::size_t i = 0; i < catalog.surveys.size(); ++i) {
        catalog.index_by_sha256.emplace(catalog.surveys[i].ref.sha256, i);
        for (const auto& question : catalog.surveys[i].survey.questions) {
            if (question.is_personal_data) catalog.personal_question_ids.insert(question.id);
        }
    }
    return catalog;
}

}  // namespace standpoint
