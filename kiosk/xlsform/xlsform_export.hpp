// XLSForm out: a survey written as an XLSForm workbook (survey, choices and settings sheets), so
// staff can start from an existing survey in their spreadsheet program. Importing the file gives
// back an equivalent survey (docs/xlsform.md). libxlsxwriter can only write to a file.
#pragma once

#include <filesystem>

#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

Status write_xlsform(const Survey& survey, const std::filesystem::path& path);

}  // namespace standpoint
