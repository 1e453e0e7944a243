// The export's small pure parts: FAT-safe names, local time, CSV fields, sheet names.
#include <doctest/doctest.h>

#include "kiosk/export/csv_writer.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/export/responses_xlsx.hpp"

namespace standpoint {

TEST_CASE("fat_safe_name keeps [A-Za-z0-9._-] and turns every other run into one '_'") {
    CHECK(fat_safe_name("Gala 2026") == "Gala_2026");
    CHECK(fat_safe_name("standpoint-all-events-2026-11-23-3f2a9c1e") ==
          "standpoint-all-events-2026-11-23-3f2a9c1e");
    CHECK(fat_safe_name("Gŵyl Caerdydd: haf/2026") == "G_yl_Caerdydd_haf_2026");
    CHECK(fat_safe_name("Łódź żółw") == "_d_w");
    CHECK(fat_safe_name("میلہ") == "_");
    CHECK(fat_safe_name("a<b>c\"d|e?f*g\\h") == "a_b_c_d_e_f_g_h");
}

TEST_CASE("fat_safe_name has no leading dot or dash, no trailing dot, and no device names") {
    CHECK(fat_safe_name(".hidden") == "hidden");
    CHECK(fat_safe_name("--rm -rf") == "rm_-rf");
    CHECK(fat_safe_name("name...") == "name");
    CHECK(fat_safe_name("CON") == "_CON");
    CHECK(fat_safe_name("con.txt") == "_con.txt");
    CHECK(fat_safe_name("Lpt1") == "_Lpt1");
    CHECK(fat_safe_name("COM0") == "COM0");
    CHECK(fat_safe_name("CONSOLE") == "CONSOLE");
    CHECK(fat_safe_name("") == "unnamed");
    CHECK(fat_safe_name("...") == "unnamed");
}

TEST_CASE("fat_safe_name cuts to the length asked for") {
    const std::string long_name(100, 'x');
    CHECK(fat_safe_name(long_name).size() == 64);
    CHECK(fat_safe_name(long_name, 10) == "xxxxxxxxxx");
    CHECK(fat_safe_name("abcdefghi.jpg", 10) == "abcdefghi");  // "abcdefghi." minus the dot
}

TEST_CASE("local time is UTC plus the kiosk's offset, also across midnight and before 1970") {
    const TimePoint utc = TimePoint{} + std::chrono::seconds(1795476600);  // 2026-11-23 23:30:00Z
    CHECK(local_date(local_seconds(utc, 0)) == "2026-11-23");
    CHECK(local_date(local_seconds(utc, 60)) == "2026-11-24");
    std::string text;
    append_local_datetime(text, local_seconds(utc + std::chrono::milliseconds(999), -300));
    CHECK(text == "2026-11-23 18:30:00");
    text.clear();
    append_local_datetime(text, local_seconds(TimePoint{} - std::chrono::seconds(1), 0));
    CHECK(text == "1969-12-31 23:59:59");
}

TEST_CASE("is_iso_date accepts real YYYY-MM-DD dates only") {
    CHECK(is_iso_date("2026-11-23"));
    CHECK(is_iso_date("2024-02-29"));
    CHECK_FALSE(is_iso_date("2026-02-29"));
    CHECK_FALSE(is_iso_date("2026-13-01"));
    CHECK_FALSE(is_iso_date("2026-1-01"));
    CHECK_FALSE(is_iso_date("23/11/2026"));
    CHECK_FALSE(is_iso_date("2026-11-23T00"));
    CHECK_FALSE(is_iso_date(""));
}

TEST_CASE("a CSV row quotes every field, doubles quotes, keeps newlines and ends in CRLF") {
    std::string out;
    CsvRow row(out);
    row.text("plain");
    row.text("say \"hi\", \"twice\"");
    row.text("two\nlines");
    row.text("");
    row.number(-42);
    row.produced("2026-11-23 10:00:00");
    row.end();
    row.text("next");
    row.end();
    CHECK(out ==
          "\"plain\",\"say \"\"hi\"\", \"\"twice\"\"\",\"two\nlines\",\"\",\"-42\","
          "\"2026-11-23 10:00:00\"\r\n\"next\"\r\n");
}

TEST_CASE("text that starts like a formula gets a leading apostrophe; numbers we made do not") {
    const auto cell = [](const std::string& text) {
        std::string out;
        CsvRow(out).text(text);
        return out;
    };
    CHECK(cell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(cell("-1+2") == "\"'-1+2\"");
    CHECK(cell("+44 20") == "\"'+44 20\"");
    CHECK(cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(cell("\tx") == "\"'\tx\"");
    CHECK(cell("\rx") == "\"'\rx\"");
    CHECK(cell("a=b") == "\"a=b\"");
    CHECK(cell("-") == "\"'-\"");
    std::string number;
    CsvRow(number).number(-5);
    CHECK(number == "\"-5\"");
}

TEST_CASE("sheet names are short, legal and unique, and never Summary") {
    const auto names = xlsx_sheet_names({"library", "a[b]:c*d?e/f\\g", "summary", "Library",
                                         "'quoted'", std::string(40, 'x'), std::string(40, 'x')});
    REQUIRE(names.size() == 7);
    CHECK(names[0] == "library");
    CHECK(names[1] == "a_b__c_d_e_f_g");
    CHECK(names[2] == "summary~2");
    CHECK(names[3] == "Library~2");
    CHECK(names[4] == "quoted");
    CHECK(names[5] == std::string(31, 'x'));
    CHECK(names[6] == std::string(29, 'x') + "~2");
}

TEST_CASE("Excel serial numbers count days from 1899-12-30") {
    CHECK(excel_serial(0) == doctest::Approx(25569.0));
    CHECK(excel_serial(1795428000) == doctest::Approx(46349.41666667));  // 2026-11-23 10:00
}

}  // namespace standpoint
