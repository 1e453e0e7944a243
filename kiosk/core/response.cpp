#include "kiosk/core/response.hpp"

#include <cstdio>

namespace standpoint {

const char* to_string(ResponseStatus status) {
    switch (status) {
        case ResponseStatus::complete:
            return "complete";
        case ResponseStatus::partial:
            return "partial";
    }
    return "unknown";  // only reachable through a cast from a bad integer
}

std::string format_utc(TimePoint time) {
    using namespace std::chrono;
    // floor, not duration_cast: times before 1970 must round down, not towards zero.
    const auto ms = floor<milliseconds>(time);
    const auto day = floor<days>(ms);
    const year_month_day date{day};
    const hh_mm_ss clock_time{ms - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock_time.hours().count()),
                  static_cast<int>(clock_time.minutes().count()),
                  static_cast<int>(clock_time.seconds().count()),
                  static_cast<int>(clock_time.subseconds().count()));
    return text;
}

const char* to_string(ItemStatus status) {
    switch (status) {
        case ItemStatus::created:
            return "created";
        case ItemStatus::duplicate:
            return "duplicate";
        case ItemStatus::conflict:
            return "conflict";
        case ItemStatus::rejected:
            return "rejected";
    }
    return "unknown";
}

}  // namespace standpoint
