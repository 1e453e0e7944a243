// Reading the cells of an .xlsx workbook (Office Open XML: a zip of XML parts) from its bytes.
// Only what a form needs: each sheet's name and the text of its cells, as a spreadsheet shows it.
// Every size is checked before anything is inflated or parsed, so a hostile or damaged file costs
// bounded memory and time and ends in one line for a person.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint {

struct XlsxLimits {
    std::size_t max_file_bytes = 4 * 1024 * 1024;
    std::size_t max_zip_entries = 1000;
    std::size_t max_part_bytes = 16 * 1024 * 1024;  // one XML part, unpacked
    int max_rows = 5000;
    int max_columns = 256;  // cells further right are ignored
    std::size_t max_cells = 200000;
    std::size_t max_cell_bytes = 32767 * 4;  // Excel's 32767 characters, in UTF-8
};

struct Sheet {
    std::string name;
    // row (1-based) -> column (1-based, A = 1) -> text. Blank cells are absent.
    std::map<int, std::map<int, std::string>> rows;
};

struct Workbook {
    std::vector<Sheet> sheets;  // in the workbook's order

    const Sheet* find(std::string_view name) const;  // case-insensitive
};

// The workbook's sheets, or an Error whose message is one sentence for a person (without the
// file name: the caller puts it in front). Cells hold text as shown: shared and inline strings
// as written, numbers as the file stores them ("3", "2.5"), booleans as "true"/"false".
Result<Workbook> read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

// "C14" for column 3, row 14.
std::string cell_name(int column, int row);
std::string column_letters(int column);

}  // namespace standpoint
