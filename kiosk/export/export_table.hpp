// The table both responses.csv and the XLSX sheets show: its columns (docs/export.md
// "responses.csv") and, per response, its cells. Pure; cells are reused row to row so 100,000
// rows cost no allocation per cell.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/export/survey_catalog.hpp"

namespace standpoint {

enum class ColumnKind {
    response_id,
    survey_id,
    survey_version,
    event_id,
    device_id,
    status,
    language,
    started_at,
    completed_at,
    utc_offset,
    answer,       // one per question: the number, yes/no, label(s) or text
    option_flag,  // one per option of a multi question: 1 ticked, 0 not
};

struct ExportColumn {
    std::string name;  // header: "completed_at", "<qid>", "<qid>:<option id>"
    ColumnKind kind = ColumnKind::response_id;
    std::string question_id;   // answer, option_flag
    std::string option_id;     // option_flag
    std::string survey_id;     // the survey that defines it (answer, option_flag)
    std::string type;          // question type name; "" for the fixed columns
    std::string prompt;        // report language; fixed columns: a short English description
    std::string option_label;  // option_flag
    bool is_personal = false;
    bool is_equality = false;
};

struct Cell {
    enum class Kind { empty, number, text, local_time };
    Kind kind = Kind::empty;
    std::int64_t number = 0;  // number; local_time: local_seconds()
    std::string text;         // text
};

class ExportTable {
public:
    // Columns for the surveys `survey_ids` of `catalog` (ids ascending, versions newest first,
    // questions in survey order, a question id once). Personal-data questions only when
    // `include_personal`. Labels in `language`, else each survey's default language.
    ExportTable(const SurveyCatalog& catalog, const std::vector<std::string>& survey_ids,
                bool include_personal, std::string language);

    const std::vector<ExportColumn>& columns() const { return columns_; }

    // The cells of one response, one per column (resized to fit). The response's survey must be
    // in the catalog.
    void fill_row(const StoredResponse& stored, std::vector<Cell>& cells) const;

private:
    const SurveyCatalog& catalog_;
    std::string language_;
    std::vector<ExportColumn> columns_;
    // Per catalog survey, per column: that survey file's question for it (nullptr: none).
    std::vector<std::vector<const Question*>> questions_;
};

}  // namespace standpoint
