#include "kiosk/export/responses_csv.hpp"

#include "kiosk/export/csv_writer.hpp"
#include "kiosk/core/local_time.hpp"

namespace standpoint {

void append_csv_header(const ExportTable& table, std::string& out) {
    out += utf8_bom;
    CsvRow row(out);
    for (const auto& column : table.columns()) row.text(column.name);
    row.end();
}

void append_csv_row(const ExportTable& table, const StoredResponse& stored, std::vector<Cell>& cells,
                    std::string& out) {
    table.fill_row(stored, cells);
    CsvRow row(out);
    for (const Cell& cell : cells) {
        switch (cell.kind) {
            case Cell::Kind::empty:
                row.produced("");
                break;
            case Cell::Kind::number:
                row.number(cell.number);
                break;
            case Cell::Kind::text:
                row.text(cell.text);
                break;
            case Cell::Kind::local_time:
                row.local_datetime(cell.number);
                break;
        }
    }
    row.end();
}

std::string responses_csv(const ExportTable& table,
                          const std::vector<const StoredResponse*>& responses) {
    std::string out;
    out.reserve(64 + responses.size() * (table.columns().size() * 12 + 200));
    append_csv_header(table, out);
    std::vector<Cell> cells;
    for (const StoredResponse* stored : responses) append_csv_row(table, *stored, cells, out);
    return out;
}

std::string questions_csv(const ExportTable& table) {
    std::string out(utf8_bom);
    CsvRow row(out);
    for (const char* name : {"column", "question_id", "survey_id", "type", "prompt", "option",
                             "personal", "equality"}) {
        row.text(name);
    }
    row.end();
    for (const auto& column : table.columns()) {
        row.text(column.name);
        row.text(column.question_id);
        row.text(column.survey_id);
        row.text(column.type);
        row.text(column.prompt);
        row.text(column.option_label);
        row.text(column.is_personal ? "yes" : "no");
        row.text(column.is_equality ? "yes" : "no");
        row.end();
    }
    return out;
}

}  // namespace standpoint
