#include "kiosk/export/results.hpp"

namespace standpoint {

// First version: counts only complete/partial; the per-question counts follow.
SurveyResults summarise(const Survey& survey, const std::vector<Response>& responses,
                        const std::string& language) {
    SurveyResults results;
    results.survey_id = survey.id;
    results.survey_version = survey.version;
    results.title = survey.title.in(language, survey.default_language());
    for (const auto& response : responses) {
        if (response.survey.id != survey.id) continue;
        if (response.status == ResponseStatus::complete) {
            ++results.complete;
        } else {
            ++results.partial;
        }
    }
    return results;
}

std::string shown_count(const Count& count) {
    if (count.is_suppressed) return "<10";
    return std::to_string(count.count);
}

}  // namespace standpoint
