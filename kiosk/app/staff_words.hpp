// The staff screen's numbers and states put into words and charts (pure, no I/O, no ImGui
// calls): what kiosk/ui/staff_view.hpp draws, made from results.hpp, the store's reports and the
// sync status. Tested on values in tests/staff_ui.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/local_time.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/charts.hpp"
#include "sync/client/sync_client.hpp"

namespace standpoint::app {

// One chart per question of `results` (bars for choices, columns for scales, words for numbers
// and free text), with the numbers as results.hpp lets them out ("<10" stays "<10").
std::vector<ui::QuestionChart> charts_for(const SurveyResults& results);

// The event id responses are filed under for an event named `name`: lower-case ASCII letters and
// digits, anything else one '-', at most 48 characters ("Gŵyl Haf 2026" -> "g-yl-haf-2026").
// "" when nothing usable is left (the kiosk then files under the date). Always passes
// is_valid_event_id when not empty.
std::string event_id_from_name(const std::string& name);

// The local calendar day containing `now`, as a store filter for `event_id`.
ExportFilter local_day_filter(const std::string& event_id, TimePoint now);
std::string local_clock_time(TimePoint time);  // "14:05"

std::string bytes_in_words(std::uint64_t bytes);  // "3.2 GB", "812 MB", "12 KB"

// The sync panel: pending, last success, last error, in plain words.
std::vector<std::string> sync_lines(const SyncStatus& status);

// A wipe in words, for the log and the outcome line.
std::string wipe_in_words(const WipeReport& report);

}  // namespace standpoint::app
