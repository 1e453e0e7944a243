// summary.html: a one-page report per survey for the USB export, readable on screen and printed
// in black and white: counts, responses by hour, and a chart per question (bars for choices,
// a distribution for scales with the NPS, smileys and stars), drawn as inline SVG: dark bars on
// white with every number written out, nothing told by colour. Equality questions show small
// groups as "<10" (and a group hidden to cover one as "10+"; results.hpp).
// Pure: results in, one self-contained HTML document out (no scripts, no external files).
#pragma once

#include <string>
#include <vector>

#include "kiosk/export/results.hpp"

namespace standpoint {

struct SummaryHeading {
    std::string event_id;  // "" = several events (then `events` names them)
    std::string device_id;
    std::string date_range;  // e.g. "2026-11-23" or "2026-11-20 to 2026-11-23"
    std::string created_at;  // format_utc form
    bool includes_personal_data = false;
    std::vector<std::string> events;  // the events the responses are filed under
    std::string event_name;           // as staff set it ("" = not known)
    std::string venue;
    bool personal_data_sealed = false;  // personal.jsonl.sealed is beside it, for the collector
};

std::string summary_html(const std::vector<SurveyResults>& surveys, const SummaryHeading& heading);

}  // namespace standpoint
