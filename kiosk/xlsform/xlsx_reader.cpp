// Reading an .xlsx (xlsx_reader.hpp). Sections:
//   [SECTION] Container   what kind of file it is, the zip (libzip) and its parts, with limits
//   [SECTION] Parts       workbook.xml and its relationships, sharedStrings.xml, worksheets
//   [SECTION] Entry point read_xlsx
#include "kiosk/xlsform/xlsx_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <optional>

#include "kiosk/xlsform/xml_events.hpp"

namespace standpoint {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

const Sheet* Workbook::find(std::string_view name) const {
    for (const auto& sheet : sheets) {
        if (equals_ignoring_case(sheet.name, name)) return &sheet;
    }
    return nullptr;
}

std::string column_letters(int column) {
    std::string letters;
    while (column > 0) {
        const int digit = (column - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + digit));
        column = (column - 1) / 26;
    }
    return letters;
}

std::string cell_name(int column, int row) { return column_letters(column) + std::to_string(row); }

namespace {

const char* const save_as_xlsx =
    "open it in your spreadsheet program and save it as an Excel workbook (.xlsx)";

// [SECTION] Container --------------------------------------------------------------------------

bool starts_with(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

using ZipArchive = std::unique_ptr<zip_t, decltype(&zip_discard)>;

class Zip {
public:
    Zip(zip_t* archive, const XlsxLimits& limits)
        : archive_(archive, &zip_discard), limits_(limits) {}

    bool has(const std::string& name) const {
        return zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE) >= 0;
    }

    // The unpacked part. Its size, as the zip declares it, is checked before anything is
    // inflated, and no more than that is ever read, so a zip bomb stops at the first number.
    Result<std::string> read(const std::string& name) const {
        const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return Error{"the workbook has no part " + name + "; " + save_as_xlsx};
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
            (stat.valid & ZIP_STAT_SIZE) == 0) {
            return Error{"the workbook is damaged (its part " + name + " cannot be read); " +
                         save_as_xlsx};
        }
        if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 &&
            stat.encryption_method != ZIP_EM_NONE) {
            return Error{"the workbook is password-protected; save a copy without a password"};
        }
        if (stat.size > limits_.max_part_bytes) {
            return Error{"the workbook's part " + name + " would unpack to " +
                         std::to_string(stat.size / (1024 * 1024)) + " MB, more than the " +
                         std::to_string(limits_.max_part_bytes / (1024 * 1024)) +
                         " MB a survey form can need; this is not a survey form"};
        }
        const std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
            zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0), &zip_fclose);
        if (!file) {
            const int code = zip_error_code_zip(zip_get_error(archive_.get()));
            if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
                return Error{"the workbook is password-protected; save a copy without a password"};
            return Error{"the workbook is damaged (its part " + name + " cannot be opened); " +
                         save_as_xlsx};
        }
        std::string bytes(static_cast<std::size_t>(stat.size) + 1, '\0');
        std::size_t filled = 0;
        while (filled < bytes.size()) {
            const zip_int64_t got =
                zip_fread(file.get(), bytes.data() + filled, bytes.size() - filled);
            if (got < 0) {
                return Error{"the workbook is damaged (its part " + name +
                             " does not unpack cleanly); " + save_as_xlsx};
            }
            if (got == 0) break;
            filled += static_cast<std::size_t>(got);
        }
        if (filled != stat.size) {
            return Error{"the workbook is damaged (its part " + name +
                         " is not the size the file says); " + save_as_xlsx};
        }
        bytes.resize(filled);
        return bytes;
    }

private:
    ZipArchive archive_;
    const XlsxLimits& limits_;
};

Result<Zip> open_zip(std::string_view bytes, const XlsxLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return Error{"out of memory while opening the workbook"};
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        zip_error_fini(&error);
        return Error{std::string("the workbook is damaged (it is not a readable zip file); ") +
                     save_as_xlsx};
    }
    zip_error_fini(&error);
    Zip zip(archive, limits);
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries < 0 || static_cast<std::size_t>(entries) > limits.max_zip_entries) {
        return Error{"the file holds " + std::to_string(entries) + " parts, more than the " +
                     std::to_string(limits.max_zip_entries) +
                     " a workbook has; this is not a survey form"};
    }
    return zip;
}

// [SECTION] Parts --------------------------------------------------------------------------------

struct SheetEntry {
    std::string name;
    std::string part;  // zip entry name, e.g. xl/worksheets/sheet1.xml
};

// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml".
std::string resolve_target(const std::string& target) {
    if (!target.empty() && target.front() == '/') return target.substr(1);
    std::string resolved = "xl/" + target;
    if (starts_with(target, "../")) resolved = target.substr(3);
    return resolved;
}

Result<std::vector<SheetEntry>> read_sheet_list(const Zip& zip) {
    Result<std::string> workbook = zip.read("xl/workbook.xml");
    if (!workbook) return workbook.error();
    std::vector<std::pair<std::string, std::string>> named;  // name, relationship id
    XmlHandlers on_workbook;
    on_workbook.start = [&](const std::string& element, const XmlAttributes& attributes) {
        if (element != "sheet") return;
        named.emplace_back(attribute(attributes, "name"), attribute(attributes, "id"));
        if (named.size() > 1000) on_workbook.stop_reason = "it lists more than 1000 sheets";
    };
    if (auto parsed = parse_xml(*workbook, "xl/workbook.xml", on_workbook); !parsed)
        return parsed.error();

    std::map<std::string, std::string> targets;  // relationship id -> part
    if (zip.has("xl/_rels/workbook.xml.rels")) {
        Result<std::string> rels = zip.read("xl/_rels/workbook.xml.rels");
        if (!rels) return rels.error();
        XmlHandlers on_rels;
        on_rels.start = [&](const std::string& element, const XmlAttributes& attributes) {
            if (element == "Relationship")
                targets[attribute(attributes, "Id")] =
                    resolve_target(attribute(attributes, "Target"));
        };
        if (auto parsed = parse_xml(*rels, "xl/_rels/workbook.xml.rels", on_rels); !parsed)
            return parsed.error();
    }
    std::vector<SheetEntry> sheets;
    for (std::size_t i = 0; i < named.size(); ++i) {
        const auto found = targets.find(named[i].second);
        // Without a relationship, the conventional name is the best guess.
        sheets.push_back(
            {named[i].first, found != targets.end()
                                 ? found->second
                                 : "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml"});
    }
    return sheets;
}

Result<std::vector<std::string>> read_shared_strings(const Zip& zip, const XlsxLimits& limits) {
    std::vector<std::string> strings;
    const std::string part = "xl/sharedStrings.xml";
    if (!zip.has(part)) return strings;
    Result<std::string> xml = zip.read(part);
    if (!xml) return xml.error();
    bool in_item = false;
    bool in_text = false;
    int phonetic_depth = 0;  // <rPh> holds reading aids for East Asian text, not the text itself
    XmlHandlers handlers;
    handlers.start = [&](const std::string& element, const XmlAttributes&) {
        if (element == "si") {
            in_item = true;
            strings.emplace_back();
            if (strings.size() > limits.max_cells)
                handlers.stop_reason = "it holds more texts than a survey form can need";
        } else if (element == "rPh") {
            ++phonetic_depth;
        } else if (element == "t" && in_item && phonetic_depth == 0) {
            in_text = true;
        }
    };
    handlers.end = [&](const std::string& element) {
        if (element == "si") in_item = false;
        if (element == "rPh") --phonetic_depth;
        if (element == "t") in_text = false;
    };
    handlers.text = [&](std::string_view text) {
        if (!in_text || strings.empty()) return;
        strings.back().append(text);
        if (strings.back().size() > limits.max_cell_bytes)
            handlers.stop_reason = "one of its texts is longer than a spreadsheet cell can hold";
    };
    if (auto parsed = parse_xml(*xml, part, handlers); !parsed) return parsed.error();
    return strings;
}

// "C14" -> column 3 and row 14; nullopt if it is not a cell reference.
std::optional<std::pair<int, int>> parse_reference(const std::string& reference) {
    int column = 0;
    std::size_t i = 0;
    while (i < reference.size() && std::isupper(static_cast<unsigned char>(reference[i]))) {
        column = column * 26 + (reference[i] - 'A' + 1);
        if (column > 16384) return std::nullopt;  // past Excel's last column, XFD
        ++i;
    }
    if (i == 0 || i == reference.size()) return std::nullopt;
    int row = 0;
    const auto [end, error] =
        std::from_chars(reference.data() + i, reference.data() + reference.size(), row);
    if (error != std::errc{} || end != reference.data() + reference.size() || row < 1)
        return std::nullopt;
    return std::pair{column, row};
}

Result<Sheet> read_sheet(const Zip& zip, const SheetEntry& entry,
                         const std::vector<std::string>& shared, const XlsxLimits& limits) {
    Result<std::string> xml = zip.read(entry.part);
    if (!xml) return xml.error();
    Sheet sheet;
    sheet.name = entry.name;
    int row = 0;
    int column = 0;
    std::string type;
    std::string value;
    bool in_value = false;  // <v>, or <t> inside an inline string <is>
    bool in_inline = false;
    bool has_value = false;
    std::size_t cells = 0;
    XmlHandlers handlers;
    const auto fail = [&](std::string reason) {
        if (handlers.stop_reason.empty()) handlers.stop_reason = std::move(reason);
    };
    handlers.start = [&](const std::string& element, const XmlAttributes& attributes) {
        if (element == "row") {
            const std::string r = attribute(attributes, "r");
            int number = row + 1;
            if (!r.empty()) {
                const auto [end, error] = std::from_chars(r.data(), r.data() + r.size(), number);
                if (error != std::errc{} || end != r.data() + r.size() || number < 1)
                    return fail("a row has the number '" + r + "'");
            }
            row = number;
            column = 0;
            if (row > limits.max_rows)
                return fail("it has text below row " + std::to_string(limits.max_rows) +
                            ", more than a survey form can need");
        } else if (element == "c") {
            const std::string r = attribute(attributes, "r");
            if (r.empty()) {
                ++column;
            } else if (const auto at = parse_reference(r)) {
                column = at->first;
                row = at->second;
                if (row > limits.max_rows)
                    return fail("it has text below row " + std::to_string(limits.max_rows) +
                                ", more than a survey form can need");
            } else {
                return fail("a cell has the name '" + r.substr(0, 20) + "'");
            }
            type = attribute(attributes, "t");
            value.clear();
            has_value = false;
            if (++cells > limits.max_cells)
                return fail("it has more cells than a survey form can need");
        } else if (element == "v" || (element == "t" && in_inline)) {
            in_value = true;
            has_value = true;
        } else if (element == "is") {
            in_inline = true;
        }
    };
    handlers.text = [&](std::string_view text) {
        if (!in_value) return;
        value.append(text);
        if (value.size() > limits.max_cell_bytes)
            fail("cell " + cell_name(column, row) + " holds more text than a cell can");
    };
    handlers.end = [&](const std::string& element) {
        if (element == "v" || element == "t") in_value = false;
        if (element == "is") in_inline = false;
        if (element != "c" || !has_value || column < 1 || column > limits.max_columns) return;
        std::string shown = value;
        if (type == "s") {
            std::size_t index = 0;
            const auto [end, error] =
                std::from_chars(value.data(), value.data() + value.size(), index);
            if (error != std::errc{} || end != value.data() + value.size() ||
                index >= shared.size())
                return fail("cell " + cell_name(column, row) + " points at a text that is missing");
            shown = shared[index];
        } else if (type == "b") {
            shown = value == "1" ? "true" : "false";
        }
        if (!shown.empty()) sheet.rows[row][column] = std::move(shown);
    };
    if (auto parsed = parse_xml(*xml, entry.part, handlers); !parsed) return parsed.error();
    return sheet;
}

}  // namespace

// [SECTION] Entry point
// ----------------------------------------------------------------------------

Result<Workbook> read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
    if (bytes.empty()) return Error{"the file is empty"};
    if (bytes.size() > limits.max_file_bytes) {
        return Error{"the file is " + std::to_string(bytes.size() / 1024) + " KB, more than the " +
                     std::to_string(limits.max_file_bytes / (1024 * 1024)) +
                     " MB a survey form may be; is this the right file?"};
    }
    // Excel keeps a password-protected workbook, and the old .xls format, in an OLE container.
    if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return Error{
            "this is a password-protected workbook or an old Excel 97-2003 (.xls) file; "
            "open it, remove any password and save it as an Excel workbook (.xlsx)"};
    }
    if (!starts_with(bytes, "PK\x03\x04") && !starts_with(bytes, "PK\x05\x06")) {
        return Error{std::string("this is not an Excel workbook (.xlsx); ") + save_as_xlsx};
    }
    Result<Zip> zip = open_zip(bytes, limits);
    if (!zip) return zip.error();
    if (zip->has("mimetype") && !zip->has("xl/workbook.xml")) {
        Result<std::string> mimetype = zip->read("mimetype");
        if (mimetype && mimetype->find("opendocument.spreadsheet") != std::string::npos) {
            return Error{
                "this is an OpenDocument spreadsheet (.ods); in LibreOffice choose File, "
                "Save As, and the type Excel 2007-365 (.xlsx)"};
        }
    }
    if (!zip->has("xl/workbook.xml")) {
        return Error{std::string("this zip file is not an Excel workbook (it has no "
                                 "xl/workbook.xml); ") +
                     save_as_xlsx};
    }
    Result<std::vector<SheetEntry>> entries = read_sheet_list(*zip);
    if (!entries) return entries.error();
    Result<std::vector<std::string>> shared = read_shared_strings(*zip, limits);
    if (!shared) return shared.error();
    Workbook workbook;
    for (const auto& entry : *entries) {
        // Only the sheets a form uses are read: a big sheet of notes beside them costs nothing.
        static const char* const used[] = {"survey", "choices", "settings"};
        const bool is_used = std::any_of(std::begin(used), std::end(used), [&](const char* name) {
            return equals_ignoring_case(entry.name, name);
        });
        if (!is_used) {
            workbook.sheets.push_back({entry.name, {}});
            continue;
        }
        Result<Sheet> sheet = read_sheet(*zip, entry, *shared, limits);
        if (!sheet) return sheet.error();
        workbook.sheets.push_back(std::move(sheet.value()));
    }
    return workbook;
}

}  // namespace standpoint
