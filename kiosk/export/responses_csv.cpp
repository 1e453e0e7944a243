#include "kiosk/export/responses_csv.hpp"

#include "kiosk/export/csv_writer.hpp"
#include "kiosk/core/local_time.hpp"

namespace standpoint {

std::string responses_csv(const ExportTable& table,
                          const std::vector<const StoredResponse*>& responses) {
    const auto& columns = table.columns();
    std::string out;
    out.reserve(64 + responses.size() * (columns.size() * 12 + 200));
    out += utf8_bom;
    CsvRow row(out);
    for (const auto& column : columns) row.text(column.name);
    row.end();

    std::vector<Cell> cells;
    std::string time_text;
    for (const StoredResponse* stored : responses) {
        table.fill_row(*stored, cells);
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
                    time_text.clear();
                    append_local_datetime(time_text, cell.number);
                    row.produced(time_text);
                    break;
            }
        }
        row.end();
    }
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
