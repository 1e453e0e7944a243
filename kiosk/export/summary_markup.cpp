#include "kiosk/export/summary_markup.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

namespace standpoint {

std::string escape_html(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string language_in_english(const std::string& code) {
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"en", "English"},    {"cy", "Welsh"},      {"ga", "Irish"},   {"gd", "Scottish Gaelic"},
        {"pl", "Polish"},     {"ur", "Urdu"},       {"pa", "Punjabi"}, {"bn", "Bengali"},
        {"ar", "Arabic"},     {"ro", "Romanian"},   {"so", "Somali"},  {"gu", "Gujarati"},
        {"lt", "Lithuanian"}, {"pt", "Portuguese"}, {"es", "Spanish"}, {"fr", "French"}};
    for (const auto& [each, name] : names)
        if (each == code) return std::string(name) + " (" + code + ")";
    return code;
}

std::string format_count(std::int64_t count) {
    const bool is_negative = count < 0;
    const std::string digits = std::to_string(count).substr(is_negative ? 1 : 0);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return is_negative ? "-" + grouped : grouped;
}

namespace {

std::string printf_double(const char* format, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

}  // namespace

std::string format_decimal(double value) {
    const double rounded = std::round(value * 10.0) / 10.0;
    return printf_double("%.1f", rounded == 0.0 ? 0.0 : rounded);
}

std::string format_percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return "0%";
    const double percent = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    return std::to_string(std::lround(percent)) + "%";
}

std::string svg_percent(double fraction) { return printf_double("%.2f", fraction * 100.0) + "%"; }

std::string svg_number(double value) { return printf_double("%.1f", value); }

}  // namespace standpoint
