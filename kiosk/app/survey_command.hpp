// `standpoint survey import FORM.xlsx [-o survey.json]` and
// `standpoint survey export survey.json -o FORM.xlsx`: XLSForm in and out (docs/xlsform.md).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

struct SurveyCommand {
    bool is_import = true;  // false: export
    std::string input;
    std::optional<std::string> output;  // import: stdout when absent; export: required
};

// `args` starts with "survey". An Error is a usage error.
Result<SurveyCommand> parse_survey_command(const std::vector<std::string>& args);

// Exit code: 0 done, 1 the survey has problems (one line each on `err`) or cannot be written.
int run_survey_command(const SurveyCommand& command, std::ostream& out, std::ostream& err);

}  // namespace standpoint::app
