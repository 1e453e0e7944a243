// Charts for the staff screen, drawn with ImGui's draw lists: horizontal bars with their numbers
// for choices, a distribution of columns for scales, counts by hour, and a line of words (mean,
// NPS) under each. The numbers arrive as text already ("<10" for a suppressed group), so no chart
// can show more than results.hpp let out. Internal to kiosk/ui: includes ImGui.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace standpoint::ui {

// One bar: `value` sets its length against the chart's largest, `shown` is what is written.
struct ChartBar {
    std::string key;         // option id, "yes", "0".."10": names the number for tests
    std::string label;       // "Library", "Yes", "9"
    std::string shown;       // "42", or "<10" when suppressed
    std::int64_t value = 0;  // 0 when suppressed: the bar is drawn hatched, not to scale
    bool is_suppressed = false;
};

enum class ChartKind {
    bars,          // one horizontal bar per choice, label on the left, number at the end
    distribution,  // one column per value of a scale, value under it, number above it
    words,         // no bars (free text, numbers): only the words
};

struct QuestionChart {
    std::string question_id;
    std::string prompt;
    ChartKind kind = ChartKind::bars;
    std::vector<ChartBar> bars;
    std::string words;  // "Answered by 120 of 130. Average 4.2 of 5." / "NPS +32 ..."
};

// What a chart wrote, by name ("<question>:<key>", "hour:14"), for tests: the numbers on the
// screen, as text. Filled while drawing; the caller clears it each frame.
using DrawnNumbers = std::map<std::string, std::string>;

// Draws `chart` with its top-left at `origin`, `width` wide; returns its height. With a null
// draw list it only measures (and records nothing).
float draw_question_chart(ImDrawList* draw_list, ImVec2 origin, float width,
                          const QuestionChart& chart, DrawnNumbers* drawn);

// Responses per hour of the day as columns, from the first hour with any to the last (at least
// a working day's span, 9 to 17), with the count above each column.
float draw_hour_chart(ImDrawList* draw_list, ImVec2 origin, float width,
                      const std::array<std::int64_t, 24>& per_hour, DrawnNumbers* drawn);

}  // namespace standpoint::ui
