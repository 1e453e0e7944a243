// responses.csv and questions.csv (docs/export.md): UTF-8 with BOM, RFC 4180, formula injection
// neutralised. Pure.
#pragma once

#include <string>
#include <vector>

#include "kiosk/export/export_table.hpp"

namespace standpoint {

// One row per response, in the order given, under a header row of column names.
std::string responses_csv(const ExportTable& table,
                          const std::vector<const StoredResponse*>& responses);

// The same file a row at a time, for the export that streams it: the BOM and header row, then
// one row per response, each appended to `out`. `cells` is scratch reused row to row.
void append_csv_header(const ExportTable& table, std::string& out);
void append_csv_row(const ExportTable& table, const StoredResponse& stored,
                    std::vector<Cell>& cells, std::string& out);

// One row per column of `table`: what it means.
std::string questions_csv(const ExportTable& table);

}  // namespace standpoint
