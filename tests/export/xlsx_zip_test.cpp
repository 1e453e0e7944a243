// The workbook's own writers: cell text as OOXML wants it, and the zip whose sheet is several
// deflate pieces joined into one stream (kiosk/export/xlsx_parts, kiosk/export/zip_writer).
#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "kiosk/export/xlsx_parts.hpp"
#include "kiosk/export/zip_writer.hpp"
#include "tests/export/export_test_support.hpp"

namespace standpoint {

namespace {

std::string cell_text(std::string_view text) {
    std::string out;
    xlsx::append_cell_text(out, text);
    return out;
}

// Raw inflate of a deflate stream, as a zip reader does.
std::string inflate_raw(const std::string& compressed) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char buffer[4096];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    CHECK(rc == Z_STREAM_END);  // the last piece ends the stream
    return out;
}

// Text with long repeats (so back-references would reach across pieces if they could) and noise.
std::string varied_text(std::mt19937& random, std::size_t bytes) {
    std::string text;
    while (text.size() < bytes) {
        text += "<row r=\"" + std::to_string(random() % 100000) + "\"><c t=\"inlineStr\"><is><t>";
        for (int i = 0; i < 20; ++i) text += static_cast<char>('a' + random() % 26);
        text += "</t></is></c></row>";
    }
    return text;
}

}  // namespace

TEST_CASE("cell text: XML's specials escaped, characters XML cannot hold as _xHHHH_") {
    CHECK(cell_text("a & b < c > d \"quoted\" 'single'") ==
          "a &amp; b &lt; c &gt; d \"quoted\" 'single'");
    CHECK(cell_text("tab\tline\nreturn\r") == "tab\tline\nreturn\r");  // allowed in XML
    CHECK(cell_text(std::string("nul\0bell\x07"
                                "esc\x1b",
                                13)) == "nul_x0000_bell_x0007_esc_x001B_");
    // A literal escape-shaped text is guarded, so Excel reads it back as typed.
    CHECK(cell_text("_x0041_ and _x00") == "_x005F_x0041_ and _x00");
    CHECK(cell_text("Dŵr a ŷd, żółw, بہت اچھا") == "Dŵr a ŷd, żółw, بہت اچھا");
    CHECK(cell_text("\xef\xbf\xbe\xef\xbf\xbf") == "_xFFFE__xFFFF_");  // not XML characters
}

TEST_CASE("cells: text is an inline string (never a formula), numbers their shortest form") {
    std::string row;
    xlsx::append_text_cell(row, 0, 0, xlsx::Style::plain, "=SUM(A1)");
    xlsx::append_text_cell(row, 2, 27, xlsx::Style::wrapped, " spaced ");
    xlsx::append_number_cell(row, 9, 701, xlsx::Style::datetime, 46349.416666666664);
    xlsx::append_number_cell(row, 1, 1, xlsx::Style::plain, -5);
    CHECK(row ==
          "<c r=\"A1\" t=\"inlineStr\"><is><t>=SUM(A1)</t></is></c>"
          "<c r=\"AB3\" s=\"5\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> spaced </t></is></c>"
          "<c r=\"ZZ10\" s=\"2\"><v>46349.416666666664</v></c>"
          "<c r=\"B2\"><v>-5</v></c>");
}

TEST_CASE("a sheet's name is escaped in workbook.xml") {
    const std::string book = xlsx::workbook({"Summary", "Tom & Jerry's <fair>"});
    CHECK(book.find("<sheet name=\"Summary\" sheetId=\"1\" r:id=\"rId1\"/>") !=
          std::string::npos);
    CHECK(book.find("<sheet name=\"Tom &amp; Jerry&#39;s &lt;fair&gt;\" sheetId=\"2\"") !=
          std::string::npos);
}

TEST_CASE("pieces compressed apart and joined decode as the one text, with the joined CRC") {
    std::mt19937 random(20261205);
    const std::string head = varied_text(random, 3000);
    const std::string rows = varied_text(random, 400'000);
    const std::string tail = varied_text(random, 500);
    const CompressedPiece a = compress_piece(head, false);
    // The middle piece handed over in uneven parts, as rows arrive.
    CompressedPiece b;
    DeflatePiece middle([&b](std::string_view bytes) { b.bytes.append(bytes); });
    for (std::size_t at = 0; at < rows.size(); at += 7919) middle.add(rows.substr(at, 7919));
    middle.end(false);
    b.crc = middle.crc();
    b.text_bytes = middle.text_bytes();
    b.compressed_bytes = middle.compressed_bytes();
    const CompressedPiece c = compress_piece(tail, true);
    CHECK(b.compressed_bytes == b.bytes.size());
    CHECK(b.compressed_bytes < rows.size() / 2);

    CHECK(inflate_raw(a.bytes + b.bytes + c.bytes) == head + rows + tail);

    const auto dir = test::unique_temp_dir("zip-writer");
    const std::string path = (dir / "joined.zip").string();
    b.path = (dir / "rows.deflate").string();
    std::ofstream(b.path, std::ios::binary) << b.bytes;
    b.bytes.clear();
    auto zip = ZipWriter::create(path, 1'795'428'000);
    REQUIRE(zip.ok());
    REQUIRE((*zip)->add("small.xml", std::string_view("<small/>")).ok());
    REQUIRE((*zip)->add("xl/worksheets/sheet2.xml", {&a, &b, &c}).ok());
    REQUIRE((*zip)->finish().ok());
    // Python's zipfile checks every entry's CRC and size as it reads it.
    const std::string read = test::run(
        "python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
        "assert z.testzip() is None; d=z.read('xl/worksheets/sheet2.xml'); "
        "print(len(d), z.read('small.xml').decode(), z.getinfo('small.xml').date_time)\" '" +
        path + "'");
    CHECK(read == std::to_string(head.size() + rows.size() + tail.size()) +
                      " <small/> (2026, 11, 23, 10, 0, 0)\n");
    std::filesystem::remove_all(dir);
}

}  // namespace standpoint
