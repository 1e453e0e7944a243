// One way in for a survey file, whatever it is written in: survey JSON (docs/survey-format.md) or
// an XLSForm workbook (docs/xlsform.md). What the kiosk's start, check-survey and the staff
// screen's "Switch survey" use.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/kept_survey.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

struct LoadedSurvey {
    Survey survey;  // survey.sha256 is the SHA-256 of `kept.definition`
    // What the store keeps (kiosk/core/kept_survey.hpp). kept.definition is the survey as
    // survey-format JSON: the file itself for a .json, the conversion for an .xlsx; that is what
    // the answers are given on and what exports and sync carry. For an .xlsx, kept.source_bytes
    // is the workbook byte for byte and kept.source_name its file name, kept beside it.
    KeptSurvey kept;
    std::string source_sha256;  // of the file as read, .json or .xlsx
    bool is_xlsform = false;
    // Rows skipped because skipping loses nothing ("FORM.xlsx: survey!A3: skipped 'start'...").
    std::vector<std::string> warnings;
};

// The file's kind is told from its bytes, not its name: a workbook starts like a zip (or, when
// password-protected, like an old Office file); anything else is read as JSON. `source_name`
// starts every message.
Result<LoadedSurvey> load_survey_bytes(std::string bytes, const std::string& source_name);

// Reads `path` (at most 4 MiB) and loads it. The Error's message is one line per problem, each
// starting with the file name and the place ("FORM.xlsx: survey!C14: ...", "gala.json:3:5: ..."),
// in words for the person who wrote the survey.
Result<LoadedSurvey> load_survey_file(const std::filesystem::path& path);

}  // namespace standpoint
