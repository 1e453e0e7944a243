// Local time, in one place: a response's local time (UTC + the offset it recorded), as the export
// and the staff screen show it, and the machine's offset from UTC at a moment (from its time
// zone, the one function here that reads the system). The rest is pure, and cheap enough to call
// for every cell of 100,000 rows (no snprintf, no locale).
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

// The machine's offset from UTC at `time` in minutes (BST: 60), from the local time zone.
int utc_offset_minutes_at(TimePoint time);
// "YYYY-MM-DD" of `time` on this machine's wall clock.
std::string local_date(TimePoint time);

// Whether `text` is a real calendar date written "YYYY-MM-DD" (2026-02-30 is not).
bool is_iso_date(std::string_view text);

}  // namespace standpoint
