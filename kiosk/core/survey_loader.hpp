// Reading and validating survey files (docs/survey-format.md). Pure: takes the file's bytes, so
// the caller does the I/O. Never throws, never crashes, whatever the bytes are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

// Every problem found in a survey file, each one line for a person, starting with the file and
// the place: "gala.json:12:5: ..." for JSON syntax, "gala.json: question 'age': ..." for meaning.
// Empty when the file is a survey the kiosk can run.
std::vector<std::string> check_survey(std::string_view bytes, const std::string& source_name);

// The survey, or an Error whose message is all of check_survey's lines joined by newlines.
// Survey::sha256 is the SHA-256 of `bytes`.
Result<Survey> parse_survey(std::string_view bytes, const std::string& source_name);

}  // namespace standpoint
