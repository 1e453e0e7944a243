// The kiosk's local time of a response (UTC + the offset it recorded), as the export shows it:
// dates for the filters and the folder name, "YYYY-MM-DD HH:MM:SS" for spreadsheets.
// Pure, and cheap enough to call for every cell of 100,000 rows (no snprintf, no locale).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/response.hpp"

namespace standpoint {

// Seconds since 1970-01-01 00:00:00 of the local wall clock (UTC + offset), rounded down.
std::int64_t local_seconds(TimePoint time, int utc_offset_minutes);

// "YYYY-MM-DD" of local seconds.
std::string local_date(std::int64_t local_seconds);
// "YYYY-MM-DD HH:MM:SS" of local seconds, appended to `out`.
void append_local_datetime(std::string& out, std::int64_t local_seconds);

// Whether `text` is a real calendar date written "YYYY-MM-DD" (2026-02-30 is not).
bool is_iso_date(std::string_view text);

}  // namespace standpoint
