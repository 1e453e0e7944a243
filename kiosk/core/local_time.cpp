#include "kiosk/core/local_time.hpp"

#include <chrono>
#include <ctime>

namespace standpoint {

namespace {

constexpr std::int64_t seconds_per_day = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

void append_digits(std::string& out, unsigned value, int width) {
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

void append_date(std::string& out, std::int64_t local_seconds) {
    const std::chrono::sys_days day{std::chrono::days{floor_div(local_seconds, seconds_per_day)}};
    const std::chrono::year_month_day date{day};
    append_digits(out, static_cast<unsigned>(static_cast<int>(date.year())), 4);
    out += '-';
    append_digits(out, static_cast<unsigned>(date.month()), 2);
    out += '-';
    append_digits(out, static_cast<unsigned>(date.day()), 2);
}

}  // namespace

std::int64_t local_seconds(TimePoint time, int utc_offset_minutes) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time).time_since_epoch();
    return seconds.count() + static_cast<std::int64_t>(utc_offset_minutes) * 60;
}

std::string local_date(std::int64_t local_seconds) {
    std::string out;
    append_date(out, local_seconds);
    return out;
}

void append_local_datetime(std::string& out, std::int64_t local_seconds) {
    append_date(out, local_seconds);
    const auto in_day = static_cast<unsigned>(
        local_seconds - floor_div(local_seconds, seconds_per_day) * seconds_per_day);
    out += ' ';
    append_digits(out, in_day / 3600, 2);
    out += ':';
    append_digits(out, in_day / 60 % 60, 2);
    out += ':';
    append_digits(out, in_day % 60, 2);
}

int utc_offset_minutes_at(TimePoint time) {
    const std::time_t seconds = Clock::to_time_t(time);
    std::tm local{};
    if (!localtime_r(&seconds, &local)) return 0;
    return static_cast<int>(local.tm_gmtoff / 60);
}

std::string local_date(TimePoint time) {
    return local_date(local_seconds(time, utc_offset_minutes_at(time)));
}

bool is_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    const auto number = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                           std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                           std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    return date.ok();
}

}  // namespace standpoint
