// Small text helpers for summary.html: escaping survey text (untrusted) for HTML and SVG, and
// writing numbers the way a printed report does. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace standpoint {

// Text safe inside an element or a quoted attribute: & < > " ' become entities. Everything from
// a survey file, the store or the heading goes through this.
std::string escape_html(std::string_view text);

// A resident's language for an English report: "Welsh (cy)"; a code it does not know stays as
// given ("xx"). (The kiosk's own screens name each language in itself, from assets/i18n.)
std::string language_in_english(const std::string& code);

// 100000 -> "100,000".
std::string format_count(std::int64_t count);

// One decimal place, e.g. 3.8; "-0.0" never appears.
std::string format_decimal(double value);

// `part` of `whole` as a whole percentage, e.g. "41%"; "0%" when whole is 0.
std::string format_percent(std::int64_t part, std::int64_t whole);

// A fraction of a length as an SVG percentage attribute value, e.g. "57.25%".
std::string svg_percent(double fraction);

// A plain number for SVG coordinates, e.g. "12.5".
std::string svg_number(double value);

}  // namespace standpoint
