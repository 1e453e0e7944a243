// The XML of responses.xlsx's parts (docs/export.md "responses.xlsx"): SpreadsheetML with inline
// strings, written as text. Pure; responses_xlsx.cpp puts the parts in a zip.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace standpoint::xlsx {

// The cell formats of styles.xml, by index.
enum class Style : int { plain = 0, bold, datetime, header, id, wrapped };

// Excel's sheet limits.
constexpr std::uint32_t max_rows = 1'048'576;
constexpr std::size_t max_cell_text_bytes = 32767;

// A cell, appended to a row's XML: text as an inline string (never a formula, whatever it starts
// with), a number as its shortest exact decimal. Rows and columns count from 0.
void append_text_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style,
                      std::string_view text);
void append_number_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style,
                        double value);
void append_empty_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style);

// Text as XML character data, with what XML 1.0 cannot hold written as OOXML's _xHHHH_ escape
// (and a literal "_xHHHH_" guarded by _x005F_, so it reads back as itself).
void append_cell_text(std::string& out, std::string_view text);

// A sheet's XML before its rows (views, a frozen pane below `frozen_rows` rows, the column
// widths) and after them.
std::string sheet_head(bool is_selected, std::uint32_t frozen_rows,
                       const std::vector<double>& column_widths);
std::string sheet_tail();

std::string content_types(std::size_t sheet_count);
std::string package_relationships();
std::string core_properties(std::string_view title, std::string_view created_utc);
std::string workbook(const std::vector<std::string>& sheet_names);
std::string workbook_relationships(std::size_t sheet_count);
std::string styles();

}  // namespace standpoint::xlsx
