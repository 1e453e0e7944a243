// Test forms: workbooks written with libxlsxwriter from rows of cells, and zips of hand-made parts
// (libzip) for damaged and hostile files.
#pragma once

#include <xlsxwriter.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "tests/temp_dir.hpp"

namespace standpoint::testing {

using Rows = std::vector<std::vector<std::string>>;

struct Form {
    Rows survey;
    Rows choices;
    Rows settings;
};

inline std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A cell "#5" is written as the number 5, "?1"/"?0" as a boolean, anything else as text.
inline void write_rows(lxw_worksheet* sheet, const Rows& rows) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::string& cell = rows[r][c];
            const auto row = static_cast<lxw_row_t>(r);
            const auto col = static_cast<lxw_col_t>(c);
            if (cell.empty()) continue;
            if (cell[0] == '#') {
                worksheet_write_number(sheet, row, col, std::atof(cell.c_str() + 1), nullptr);
            } else if (cell[0] == '?') {
                worksheet_write_boolean(sheet, row, col, cell == "?1", nullptr);
            } else {
                worksheet_write_string(sheet, row, col, cell.c_str(), nullptr);
            }
        }
    }
}

// The workbook's bytes, written by libxlsxwriter (shared strings, as Excel writes them).
inline std::string xlsx_bytes(const Form& form) {
    TempDir dir("xlsform-test");
    const auto path = dir.path() / "form.xlsx";
    lxw_workbook* workbook = workbook_new(path.string().c_str());
    for (const auto& [name, rows] : {std::pair<const char*, const Rows*>{"survey", &form.survey},
                                     {"choices", &form.choices},
                                     {"settings", &form.settings}}) {
        if (rows->empty()) continue;
        write_rows(workbook_add_worksheet(workbook, name), *rows);
    }
    workbook_close(workbook);
    return read_bytes(path);
}

// A zip of the given parts (name, bytes), deflated, or stored as they are (quicker, for the fuzz).
inline std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& parts,
                             bool is_stored = false) {
    TempDir dir("xlsform-zip");
    const auto path = dir.path() / "parts.zip";
    int error = 0;
    zip_t* archive = zip_open(path.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& [name, bytes] : parts) {
        zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
        if (is_stored)
            zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    zip_close(archive);
    return read_bytes(path);
}

// Every part of a zip, in order.
inline std::vector<std::pair<std::string, std::string>> zip_parts(const std::string& bytes) {
    std::vector<std::pair<std::string, std::string>> parts;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t stat;
        zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
        std::string content(stat.size, '\0');
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        zip_fread(file, content.data(), content.size());
        zip_fclose(file);
        parts.emplace_back(stat.name, std::move(content));
    }
    zip_discard(archive);
    zip_error_fini(&error);
    return parts;
}

}  // namespace standpoint::testing
