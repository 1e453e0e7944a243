// The export opened as a user would: LibreOffice Calc converts responses.csv and responses.xlsx
// back to CSV, and the cells must show the resident's Welsh, Polish and Urdu text intact, text
// that looks like a formula as text (never a computed value), times read as dates and numbers as
// numbers. Registered as export_office_tests; skipped with a message when soffice is not installed.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "export_test_support.hpp"

namespace standpoint {

using namespace standpoint::test;

namespace {

// A cell of LibreOffice's CSV output. Asked to "quote all text cells", Calc quotes text and
// leaves numbers (and dates, which are numbers with a date format) bare: `is_quoted` is how a
// test tells a text cell from a number cell.
struct OfficeCell {
    std::string value;
    bool is_quoted = false;
};
using OfficeRows = std::vector<std::vector<OfficeCell>>;

OfficeRows parse_office_csv(const std::string& text) {
    OfficeRows rows(1);
    OfficeCell cell;
    bool in_quotes = false;
    bool row_has_content = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell.value += '"';
                ++i;
            } else if (c == '"') {
                in_quotes = false;
            } else {
                cell.value += c;
            }
        } else if (c == '"') {
            in_quotes = true;
            cell.is_quoted = true;
            row_has_content = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(cell));
            cell = {};
            row_has_content = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            rows.back().push_back(std::move(cell));
            cell = {};
            rows.emplace_back();
            row_has_content = false;
        } else {
            cell.value += c;
            row_has_content = true;
        }
    }
    if (row_has_content) rows.back().push_back(std::move(cell));
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

// soffice --headless --convert-to ... with a profile of its own, so parallel runs do not collide.
std::map<std::string, std::string> convert(const std::filesystem::path& input,
                                           const std::string& convert_to,
                                           const std::string& infilter = "") {
    const auto out_dir = unique_temp_dir("export-office-out");
    const auto profile = unique_temp_dir("export-office-profile");
    std::string command = std::string(STANDPOINT_SOFFICE) + " -env:UserInstallation=file://" +
                          profile.string() + " --headless --norestore";
    if (!infilter.empty()) command += " '--infilter=" + infilter + "'";
    command += " --convert-to '" + convert_to + "' --outdir '" + out_dir.string() + "' '" +
               input.string() + "' 2>&1";
    int status = 0;
    const std::string output = run(command, &status);
    INFO(command);
    INFO(output);
    CHECK(status == 0);
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir)) {
        files[entry.path().filename().string()] = read_file(entry.path());
    }
    std::filesystem::remove_all(out_dir);
    std::filesystem::remove_all(profile);
    CHECK_FALSE(files.empty());
    return files;
}

// Finds a row by its first cell and a cell in it by its header.
struct Sheet {
    OfficeRows rows;
    std::size_t id_row = 0;  // the row of column ids (a survey sheet: under the questions' text)
    const OfficeCell& at(const std::string& row_key, const std::string& column) const {
        const auto& header = rows.at(id_row);
        std::size_t col = 0;
        while (col < header.size() && header[col].value != column) ++col;
        REQUIRE_MESSAGE(col < header.size(), "no column " << column);
        for (const auto& row : rows) {
            if (!row.empty() && row[0].value == row_key) {
                REQUIRE(col < row.size());
                return row[col];
            }
        }
        FAIL("no row " << row_key);
        return rows[0][0];
    }
};

void check_text(const OfficeCell& cell, const std::string& expected) {
    CHECK(cell.value == expected);
    CHECK_MESSAGE(cell.is_quoted, "a text cell: " << expected);
}

void check_number(const OfficeCell& cell, const std::string& expected) {
    CHECK(cell.value == expected);
    CHECK_FALSE_MESSAGE(cell.is_quoted, "a number cell: " << expected);
}

// Export options: comma, double quote, UTF-8 (76), first line 1, language 0, quote all text
// cells, detect special numbers, cells as shown (with "false" there Calc quotes numbers too),
// no formulas, no space trimming.
constexpr const char* csv_out =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false";

}  // namespace

TEST_CASE("LibreOffice reads responses.csv and responses.xlsx with every text intact") {
    // Personal answers never reach these files (they travel only sealed: docs/security.md).
    ExportOptions options;
    const auto scratch = unique_temp_dir("export-office-scratch");
    auto plan = build_export(small_snapshot(), options, scratch);
    REQUIRE_MESSAGE(plan.ok(), plan.error().message);
    std::filesystem::remove_all(scratch);
    const auto dir = unique_temp_dir("export-office-in");
    for (const auto& file : plan->files) write_file(dir / file.name, file.bytes);
    const std::string r1 = response_id(1), r2 = response_id(2), r3 = response_id(3),
                      r4 = response_id(4), r5 = response_id(5), r6 = response_id(6);

    SUBCASE("responses.csv, imported as UTF-8 CSV") {
        const auto files = convert(dir / "responses.csv", csv_out, "CSV:44,34,76,1");
        REQUIRE(files.contains("responses.csv"));
        const Sheet sheet{parse_office_csv(files.at("responses.csv"))};
        REQUIRE(sheet.rows.size() == 7);
        check_text(sheet.at(r1, "comments"), resident_texts[0]);  // Welsh ŵ ŷ
        check_text(sheet.at(r4, "comments"), resident_texts[2]);  // Urdu
        check_text(sheet.at(r6, "comments"), resident_texts[8]);  // Polish, two lines, quotes
        check_text(sheet.at(r1, "travel"), "On foot");
        // Formula-looking text keeps its guard apostrophe and is shown, never computed.
        check_text(sheet.at(r2, "comments"), "'" + resident_texts[3]);
        check_text(sheet.at(r3, "comments"), "'-1+2");
        check_text(sheet.at(r5, "comments"), "'@SUM(A1)");
        // Numbers are numbers, negative ones too; times are read as dates (numbers shown in
        // their date format).
        check_number(sheet.at(r2, "household"), "-5");
        check_number(sheet.at(r2, "recommend"), "9");
        check_number(sheet.at(r2, "use:computers"), "1");
        check_number(sheet.at(r2, "survey_version"), "2");
        check_number(sheet.at(r2, "utc_offset"), "60");
        check_number(sheet.at(r1, "completed_at"), "2026-11-23 11:00:00");
        check_text(sheet.at(r2, "first_time"), "yes");
    }

    SUBCASE("responses.xlsx, every sheet") {
        const auto files = convert(dir / "responses.xlsx", std::string(csv_out) + ",-1");
        REQUIRE(files.contains("responses-Summary.csv"));
        REQUIRE(files.contains("responses-library.csv"));
        REQUIRE(files.contains("responses-fair.csv"));
        CHECK(files.size() == 3);

        const Sheet library{parse_office_csv(files.at("responses-library.csv")), 1};
        REQUIRE(library.rows.size() == 7);    // the questions' text, their ids, 5 responses
        CHECK(library.rows[0].size() == 22);  // no email column
        // The first row is what a reader reads: the question's text over its id.
        std::size_t comments_col = 0;
        while (comments_col < library.rows[1].size() &&
               library.rows[1][comments_col].value != "comments")
            ++comments_col;
        REQUIRE(comments_col < library.rows[0].size());
        CHECK(library.rows[0][comments_col].value == "Anything else?");
        check_text(library.at(r1, "comments"), resident_texts[0]);
        check_text(library.at(r6, "comments"), resident_texts[8]);
        // String cells: the text itself, no apostrophe needed, never a formula.
        check_text(library.at(r2, "comments"), resident_texts[3]);
        check_text(library.at(r3, "comments"), "-1+2");
        check_text(library.at(r5, "comments"), "@SUM(A1)");
        check_number(library.at(r2, "household"), "-5");
        check_number(library.at(r1, "visit"), "4");
        check_number(library.at(r5, "use:events"), "1");
        check_number(library.at(r1, "started_at"), "2026-11-23 10:58:44");
        check_text(library.at(r1, "use"), "Books; Events");
        CHECK(library.at(r1, "use:computers").value.empty());

        const Sheet fair{parse_office_csv(files.at("responses-fair.csv")), 1};
        REQUIRE(fair.rows.size() == 3);
        check_text(fair.at(r4, "comments"), resident_texts[2]);
        check_number(fair.at(r4, "rating"), "5");

        // Summary: small equality groups are the text "<10", other counts numbers.
        const OfficeRows summary = parse_office_csv(files.at("responses-Summary.csv"));
        int suppressed = 0;
        for (const auto& row : summary) {
            if (row.size() < 5 || row[0].value != "age") continue;
            if (row[2].value == "25_64" || row[2].value == "prefer_not") {
                check_text(row[4], "<10");
                ++suppressed;
            }
        }
        CHECK(suppressed == 2);
        bool saw_visit_count = false;
        for (const auto& row : summary) {
            if (row.size() >= 5 && row[0].value == "visit" && row[2].value == "answered") {
                check_number(row[4], "4");
                saw_visit_count = true;
            }
        }
        CHECK(saw_visit_count);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace standpoint
