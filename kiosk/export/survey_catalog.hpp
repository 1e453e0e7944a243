// The survey files an export's responses were answered on, parsed: what labels the columns and
// says which questions are personal data. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint {

struct CatalogSurvey {
    SurveyRef ref;
    std::string definition;  // the exact file bytes
    // The file staff chose when it was not the definition (an XLSForm workbook), kept beside it
    // by the store: its name and exact bytes, or "" (StoredSurvey).
    std::string source_name;
    std::string source_bytes;
    Survey survey;
    std::int64_t response_count = 0;  // exported responses answered on this file
};

struct SurveyCatalog {
    std::vector<CatalogSurvey> surveys;  // by id, then version (then sha256)
    std::map<std::string, std::size_t> index_by_sha256;
    // Every question marked personal data in any of the surveys (a question id marked so in one
    // version is treated as personal in all: the safe side).
    std::set<std::string> personal_question_ids;

    const CatalogSurvey* find(const std::string& sha256) const;
    std::vector<std::string> survey_ids() const;  // distinct, ascending
    // The survey's files newest version first (the order columns are made in).
    std::vector<const CatalogSurvey*> versions_newest_first(const std::string& survey_id) const;
};

// Finds and parses the survey file (by SHA-256) of every response. A response whose file the
// store did not keep, or a kept file that no longer parses, is an Error naming it: without the
// file the export cannot know which answers are personal data.
Result<SurveyCatalog> make_survey_catalog(const std::vector<const StoredResponse*>& responses,
                                          const std::vector<StoredSurvey>& stored);

// The same from counts gathered as the responses went by: per survey file SHA-256, its ref and
// how many responses name it.
struct NamedSurvey {
    SurveyRef ref;
    std::int64_t responses = 0;
};
Result<SurveyCatalog> make_survey_catalog(const std::map<std::string, NamedSurvey>& named,
                                          const std::vector<StoredSurvey>& stored);

}  // namespace standpoint
