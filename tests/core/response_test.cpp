// format_utc and the response status names, which appear in the store, exports and protocol.
#include "kiosk/core/response.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace standpoint {

TEST_CASE("format_utc writes ISO 8601 UTC with milliseconds") {
    const TimePoint time =
        Clock::from_time_t(1795442709) + std::chrono::milliseconds(123);  // 2026-11-23 14:05:09
    CHECK(format_utc(time) == "2026-11-23T14:05:09.123Z");
}

TEST_CASE("format_utc truncates below a millisecond instead of rounding up") {
    const TimePoint time = Clock::from_time_t(1795442709) + std::chrono::microseconds(999999);
    CHECK(format_utc(time) == "2026-11-23T14:05:09.999Z");
}

TEST_CASE("format_utc of the epoch and of a time before it") {
    CHECK(format_utc(TimePoint{}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_utc(TimePoint{} - std::chrono::milliseconds(1)) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("response statuses are named 'complete' and 'partial'") {
    CHECK(std::string(to_string(ResponseStatus::complete)) == "complete");
    CHECK(std::string(to_string(ResponseStatus::partial)) == "partial");
}

}  // namespace standpoint
