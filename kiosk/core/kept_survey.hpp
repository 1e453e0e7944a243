// What the kiosk keeps of a survey it switches to (docs/survey-files.md): the definition the
// answers are given on and, when the file chosen was not that definition (an XLSForm workbook,
// converted), the exact file beside it. One value from load_survey_file to the store, whoever
// asks for the switch (the kiosk's start, the staff screen, a survey sent from the collector).
#pragma once

#include <string>

namespace standpoint {

struct KeptSurvey {
    std::string definition;    // survey-format JSON; its SHA-256 is the survey's sha256
    std::string source_name;   // the file chosen, without its folder ("gala.xlsx"); "" = none
    std::string source_bytes;  // that file byte for byte, when it is not `definition`

    bool has_source() const { return !source_name.empty(); }
};

}  // namespace standpoint
