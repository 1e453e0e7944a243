// CSV as spreadsheets read it: RFC 4180 with every field quoted, CRLF rows, and text that a
// spreadsheet would run as a formula neutralised (OWASP "CSV injection"). Pure, appends to a
// string the caller keeps, so a file of 100,000 rows is built without per-cell allocations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace standpoint {

// The byte order mark that makes Excel read a CSV file as UTF-8.
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Whether a spreadsheet could take `text` for a formula: it starts with = + - @ TAB or CR.
bool starts_like_formula(std::string_view text);

// One row being appended to `out`. Fields are separated by commas; end() adds CRLF.
class CsvRow {
public:
    explicit CsvRow(std::string& out) : out_(out) {}
    // Text from anyone (answers, ids, labels): quoted, and prefixed with ' when it
    // starts_like_formula, so the spreadsheet shows it instead of running it.
    void text(std::string_view value);
    // A number the export produced itself: written as it is, "-5" included.
    void number(std::int64_t value);
    // Text the export produced itself that can never start like a formula (dates): as it is.
    void produced(std::string_view value);
    // A local time the export produced ("YYYY-MM-DD HH:MM:SS"), written straight into the row.
    void local_datetime(std::int64_t local_seconds);
    void end();

private:
    void separate();
    std::string& out_;
    bool is_first_ = true;
};

}  // namespace standpoint
