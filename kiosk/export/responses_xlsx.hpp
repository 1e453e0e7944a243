// responses.xlsx (docs/export.md): a "Summary" sheet, then a sheet per survey with the columns of
// responses.csv as typed cells. libxlsxwriter can only write a file, so this is the export's one
// piece of I/O: a private folder under `scratch_dir`, removed before returning.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/export/survey_catalog.hpp"

namespace standpoint {

struct XlsxInput {
    const SurveyCatalog* catalog = nullptr;
    const std::vector<const StoredResponse*>* responses = nullptr;  // seq order
    const std::vector<SurveyResults>* results = nullptr;  // the summary, one per survey id
    bool include_personal = false;
    std::string language = "en";
    TimePoint created_at;
};

// The workbook's bytes.
Result<std::string> responses_xlsx(const XlsxInput& input,
                                   const std::filesystem::path& scratch_dir);

// Sheet names for the surveys, in order: at most 31 characters, none of []:*?/\ (each becomes
// '_'), no leading or trailing apostrophe, unique ignoring case, never "Summary". Pure.
std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& survey_ids);

// Excel's date-time serial number (days since 1899-12-30) of local seconds. Pure.
double excel_serial(std::int64_t local_seconds);

}  // namespace standpoint
