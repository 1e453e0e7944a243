#include "kiosk/export/summary_html.hpp"

namespace standpoint {

// First version: a valid, empty document; the report follows.
std::string summary_html(const std::vector<SurveyResults>& surveys, const SummaryHeading& heading) {
    (void)surveys;
    (void)heading;
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<title>Summary</title></head><body></body></html>\n";
}

}  // namespace standpoint
