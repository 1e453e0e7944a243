// XLSForm in: a workbook's survey, choices and settings sheets turned into a survey in the format
// of docs/survey-format.md. docs/xlsform.md is the mapping, rule by rule. Pure: takes the cells.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiosk/xlsform/xlsx_reader.hpp"

namespace standpoint {

struct XlsformConversion {
    std::string json_text;  // the survey as survey-format JSON; "" when there are problems
    // One line each, for a person: "FORM.xlsx: survey!C14: a kiosk cannot take a photo (type
    // image); remove this row". Empty when the form converted.
    std::vector<std::string> problems;
    // Rows skipped because nothing is lost by skipping them (start, end, deviceid...).
    std::vector<std::string> warnings;
    // Where each question came from ("survey!B14"), to place the survey checker's messages.
    std::map<std::string, std::string> cell_of_question;
};

// `source` names the file in messages; `fallback_id` is the survey id when settings has no
// form_id (the file name without its extension).
XlsformConversion convert_xlsform(const Workbook& workbook, const std::string& source,
                                  const std::string& fallback_id);

// Language columns: "English (en)" -> "en", "cy" -> "cy", "Welsh" -> "cy"; "" if not known.
std::string language_code_from_header(const std::string& name);
// The column suffix for a language code: "en" -> "English (en)", "cy" -> "Cymraeg (cy)".
std::string language_header(const std::string& code);

}  // namespace standpoint
