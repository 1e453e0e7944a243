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

// One row per column of `table`: what it means.
std::string questions_csv(const ExportTable& table);

}  // namespace standpoint
