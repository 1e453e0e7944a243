// The charts of summary.html as inline SVG (with HTML for survey text, which wraps and keeps its
// own direction there). Black and white: dark bars on white, every number written as text,
// hidden groups as a dashed stub with "<10", nothing told by colour alone. Pure.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "kiosk/export/results.hpp"

namespace standpoint {

// single, multi, yesno, consent: one row per count, the label (survey text in `language`), a
// horizontal bar, and the number (with its share of `answered`) at the end of the bar.
std::string bar_chart(const QuestionResult& question, const std::string& language);

// smiley, stars, scale: a column per value, the count above it and the value (a face for a
// smiley) below; for a 0..10 scale with an NPS, the detractor/passive/promoter ranges marked.
std::string column_chart(const QuestionResult& question);

// Responses by the kiosk's local hour, from the first hour with any to the last.
std::string hour_chart(const std::array<std::int64_t, 24>& per_hour);

}  // namespace standpoint
