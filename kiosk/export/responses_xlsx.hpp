// responses.xlsx (docs/export.md): a "Summary" sheet, then a sheet per survey with the columns of
// responses.csv as typed cells. The workbook is written here as SpreadsheetML text in a zip
// (xlsx_parts, zip_writer); its one piece of I/O is a private folder under `scratch_dir` for the
// compressed rows and the finished file, removed with the builder.
#pragma once

#include <filesystem>
#include <memory>
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

// The same workbook built a response at a time, for the export that streams its responses past
// once: start() makes the Summary sheet and a sheet per survey of `input.catalog`
// (`input.responses` and `input.results` are not used), add() writes one response's row to its
// survey's sheet (in seq order), finish() writes the summary and closes the workbook into a file
// under `scratch_dir`, whose path it returns. The scratch folder goes when the builder does.
// Each sheet's rows are compressed as they come into a scratch file (the column widths, which go
// ahead of them in the sheet, are known only at the end), so the workbook costs little memory
// however many rows it has. The rows are written on a thread of the builder's own: add() hands
// them over in chunks through a bounded queue (waiting while it is full) and returns the first
// error the thread met; finish() waits for the workbook.
class XlsxBuilder {
public:
    static Result<std::unique_ptr<XlsxBuilder>> start(const XlsxInput& input,
                                                      const std::filesystem::path& scratch_dir);
    ~XlsxBuilder();
    XlsxBuilder(const XlsxBuilder&) = delete;
    XlsxBuilder& operator=(const XlsxBuilder&) = delete;

    Status add(StoredResponse stored);
    Result<std::filesystem::path> finish(const std::vector<SurveyResults>& results);

private:
    struct Workbook;
    Status hand_over_chunk();
    explicit XlsxBuilder(std::unique_ptr<Workbook> workbook);
    std::unique_ptr<Workbook> workbook_;
};

// Sheet names for the surveys, in order: at most 31 characters, none of []:*?/\ (each becomes
// '_'), no leading or trailing apostrophe, unique ignoring case, never "Summary". Pure.
std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& survey_ids);

// Excel's date-time serial number (days since 1899-12-30) of local seconds. Pure.
double excel_serial(std::int64_t local_seconds);

}  // namespace standpoint
