// The staff screen's numbers and states put into words and charts (pure, no I/O, no ImGui
// calls): what kiosk/ui/staff_view.hpp draws, made from results.hpp, the store's reports and the
// sync status. Tested on values in tests/app.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/local_time.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/charts.hpp"
#include "kiosk/ui/staff_view.hpp"
#include "sync/client/sync_client.hpp"

namespace standpoint::app {

// One chart per question of `results` (bars for choices, columns for scales, words for numbers
// and free text), with the numbers as results.hpp lets them out ("<10" stays "<10").
std::vector<ui::QuestionChart> charts_for(const SurveyResults& results);

// The free-text answers of `responses` (oldest first, as the store reads them) to each text
// question of `survey` that is not personal data, newest first, at most staff_comments_shown
// each: what staff read on the kiosk. Personal data (a postcode) stays off the screen.
inline constexpr std::size_t staff_comments_shown = 200;
std::vector<ui::StaffComments> comments_for(const Survey& survey,
                                            const std::vector<Response>& responses,
                                            const UiText& text);

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

// The questions of `survey` marked personal data, by their English prompt (else the default
// language's), joined with "; ". "" when there are none.
std::string personal_question_names(const Survey& survey);

// A response set aside as damaged, by seq and id, for the staff screen's store section.
std::string damaged_in_words(const DamagedResponse& damaged);

// How many responses have no copy anywhere else (neither synced nor exported), for the Quit and
// Delete everything confirmations. "" when not known (negative).
std::string only_here_in_words(std::int64_t only_here);

// A wipe in words, for the log and the outcome line.
std::string wipe_in_words(const WipeReport& report);

}  // namespace standpoint::app
