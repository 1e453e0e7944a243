#include "kiosk/export/xlsx_parts.hpp"

#include <charconv>
#include <cmath>

#include "kiosk/export/summary_markup.hpp"

namespace standpoint::xlsx {

namespace {

constexpr std::string_view xml_declaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view main_namespace =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view relationships_namespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "_x" + four hex digits + "_": what Excel would read as an escape.
bool looks_like_escape(std::string_view text, std::size_t at) {
    if (at + 7 > text.size() || text[at + 1] != 'x' || text[at + 6] != '_') return false;
    for (std::size_t i = at + 2; i < at + 6; ++i)
        if (!is_hex(text[i])) return false;
    return true;
}

void append_escape(std::string& out, unsigned code) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out += "_x";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(code >> shift) & 0xFu];
    out += '_';
}

void append_column_name(std::string& out, std::uint32_t col) {
    char letters[4];
    int count = 0;
    for (std::uint32_t n = col + 1; n > 0 && count < 4; n = (n - 1) / 26)
        letters[count++] = static_cast<char>('A' + (n - 1) % 26);
    while (count > 0) out += letters[--count];
}

void append_cell_start(std::string& out, std::uint32_t row, std::uint32_t col, Style style) {
    out += "<c r=\"";
    append_column_name(out, col);
    out += std::to_string(row + 1);
    out += '"';
    if (style != Style::plain) {
        out += " s=\"";
        out += std::to_string(static_cast<int>(style));
        out += '"';
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void append_cell_text(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            append_escape(out, byte);
        } else if (c == '_' && looks_like_escape(text, i)) {
            append_escape(out, '_');
        } else if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
                   (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            append_escape(out, text[i + 2] == '\xBE' ? 0xFFFEu : 0xFFFFu);  // not XML characters
            i += 2;
        } else {
            out += c;
        }
    }
}

void append_text_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style,
                      std::string_view text) {
    append_cell_start(out, row, col, style);
    const bool keeps_spaces = !text.empty() && (is_space(text.front()) || is_space(text.back()));
    out += keeps_spaces ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                        : " t=\"inlineStr\"><is><t>";
    append_cell_text(out, text);
    out += "</t></is></c>";
}

void append_number_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style,
                        double value) {
    if (!std::isfinite(value)) return append_empty_cell(out, row, col, style);
    append_cell_start(out, row, col, style);
    char digits[32];
    const auto written = std::to_chars(digits, digits + sizeof digits, value);
    out += "><v>";
    out.append(digits, written.ptr);
    out += "</v></c>";
}

void append_empty_cell(std::string& out, std::uint32_t row, std::uint32_t col, Style style) {
    append_cell_start(out, row, col, style);
    out += "/>";
}

std::string sheet_head(bool is_selected, std::uint32_t frozen_rows,
                       const std::vector<double>& column_widths) {
    std::string out(xml_declaration);
    out += "<worksheet xmlns=\"";
    out += main_namespace;
    out += "\" xmlns:r=\"";
    out += relationships_namespace;
    out += "\"><sheetViews><sheetView";
    if (is_selected) out += " tabSelected=\"1\"";
    out += " workbookViewId=\"0\">";
    if (frozen_rows > 0) {
        const std::string below = "A" + std::to_string(frozen_rows + 1);
        out += "<pane ySplit=\"" + std::to_string(frozen_rows) + "\" topLeftCell=\"" + below +
               "\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" "
               "activeCell=\"" +
               below + "\" sqref=\"" + below + "\"/>";
    }
    out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
    if (!column_widths.empty()) {
        out += "<cols>";
        for (std::size_t col = 0; col < column_widths.size(); ++col) {
            char width[32];
            const auto written = std::to_chars(width, width + sizeof width, column_widths[col]);
            const std::string n = std::to_string(col + 1);
            out += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"";
            out.append(width, written.ptr);
            out += "\" customWidth=\"1\"/>";
        }
        out += "</cols>";
    }
    out += "<sheetData>";
    return out;
}

std::string sheet_tail() {
    return "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
           "header=\"0.3\" footer=\"0.3\"/></worksheet>";
}

std::string content_types(std::size_t sheet_count) {
    std::string out(xml_declaration);
    out +=
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" "
        "ContentType=\"application/"
        "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
    for (std::size_t i = 1; i <= sheet_count; ++i) {
        out += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i) +
               ".xml\" ContentType=\"application/"
               "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    }
    out +=
        "<Override PartName=\"/xl/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" "
        "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "</Types>";
    return out;
}

std::string package_relationships() {
    std::string out(xml_declaration);
    out +=
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"xl/workbook.xml\"/>"
        "<Relationship Id=\"rId2\" "
        "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
        "core-properties\" Target=\"docProps/core.xml\"/>"
        "</Relationships>";
    return out;
}

std::string core_properties(std::string_view title, std::string_view created_utc) {
    std::string out(xml_declaration);
    out +=
        "<cp:coreProperties "
        "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>";
    append_cell_text(out, title);
    out += "</dc:title><dcterms:created xsi:type=\"dcterms:W3CDTF\">";
    append_cell_text(out, created_utc);
    out += "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">";
    append_cell_text(out, created_utc);
    out += "</dcterms:modified></cp:coreProperties>";
    return out;
}

std::string workbook(const std::vector<std::string>& sheet_names) {
    std::string out(xml_declaration);
    out += "<workbook xmlns=\"";
    out += main_namespace;
    out += "\" xmlns:r=\"";
    out += relationships_namespace;
    out += "\"><bookViews><workbookView/></bookViews><sheets>";
    for (std::size_t i = 0; i < sheet_names.size(); ++i) {
        out += "<sheet name=\"";
        out += escape_html(sheet_names[i]);  // & < > " ' as entities: XML's too
        out += "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" + std::to_string(i + 1) +
               "\"/>";
    }
    out += "</sheets></workbook>";
    return out;
}

std::string workbook_relationships(std::size_t sheet_count) {
    std::string out(xml_declaration);
    out += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (std::size_t i = 1; i <= sheet_count; ++i) {
        out += "<Relationship Id=\"rId" + std::to_string(i) +
               "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "worksheet\" Target=\"worksheets/sheet" +
               std::to_string(i) + ".xml\"/>";
    }
    out += "<Relationship Id=\"rId" + std::to_string(sheet_count + 1) +
           "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "styles\" Target=\"styles.xml\"/></Relationships>";
    return out;
}

std::string styles() {
    // The cellXfs are in Style's order.
    std::string out(xml_declaration);
    out += "<styleSheet xmlns=\"";
    out += main_namespace;
    out +=
        "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
        "</numFmts><fonts count=\"3\">"
        "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        "<font><i/><sz val=\"11\"/><color rgb=\"FF555555\"/><name val=\"Calibri\"/>"
        "<family val=\"2\"/></font></fonts>"
        "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        "</borders><cellStyleXfs count=\"1\">"
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        "<cellXfs count=\"6\">"
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
        "applyNumberFormat=\"1\"/>"
        "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" "
        "applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
        "applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
        "</cellStyles><dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>";
    return out;
}

}  // namespace standpoint::xlsx
