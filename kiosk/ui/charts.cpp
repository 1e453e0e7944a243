#include "kiosk/ui/charts.hpp"

#include <algorithm>
#include <cmath>

#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

std::int64_t largest(const std::vector<ChartBar>& bars) {
    std::int64_t most = 0;
    for (const ChartBar& bar : bars) most = std::max(most, bar.value);
    return most;
}

// A suppressed group is a hatched box of fixed size: its length must not hint at the number.
void draw_suppressed(ImDrawList* draw_list, ImVec2 min, ImVec2 max, float unit) {
    draw_list->AddRect(min, max, colour::muted, 4 * unit, 0, 2 * unit);
    const float step = 14 * unit;
    draw_list->PushClipRect(min, max, true);
    for (float x = min.x - (max.y - min.y); x < max.x; x += step)
        draw_list->AddLine(ImVec2(x, max.y), ImVec2(x + (max.y - min.y), min.y), colour::muted,
                           2 * unit);
    draw_list->PopClipRect();
}

float draw_bars(ImDrawList* draw_list, ImVec2 origin, float width, const QuestionChart& chart,
                DrawnNumbers* drawn) {
    const float unit = display_unit();
    const float gap = std::round(12 * unit);
    const float label_w = std::round(width * 0.34f);
    const float number_w = text_width(FontRole::body, "00000") + gap;
    const float bar_x = origin.x + label_w + gap;
    const float bar_room = std::max(width - label_w - gap - number_w, 40 * unit);
    const float bar_h = std::round(34 * unit);
    const std::int64_t most = largest(chart.bars);
    float y = origin.y;
    for (const ChartBar& bar : chart.bars) {
        const float label_h = text_height(FontRole::body, label_w, bar.label);
        const float row_h = std::max(label_h, bar_h);
        if (draw_list != nullptr) {
            draw_text(draw_list, FontRole::body, ImVec2(origin.x, y), label_w, bar.label,
                      colour::text, Align::right);
            const float bar_y = y + (text_height(FontRole::body, label_w, "Ag") - bar_h) / 2;
            float bar_end = bar_x;
            if (bar.is_suppressed) {
                bar_end = bar_x + 60 * unit;
                draw_suppressed(draw_list, ImVec2(bar_x, bar_y), ImVec2(bar_end, bar_y + bar_h),
                                unit);
            } else if (bar.value > 0 && most > 0) {
                bar_end = bar_x + std::max(4 * unit, bar_room * static_cast<float>(bar.value) /
                                                         static_cast<float>(most));
                draw_list->AddRectFilled(ImVec2(bar_x, bar_y), ImVec2(bar_end, bar_y + bar_h),
                                         colour::primary, 4 * unit);
            }
            draw_text(draw_list, FontRole::heading, ImVec2(bar_end + gap, y - 4 * unit), number_w,
                      bar.shown, colour::text);
            if (drawn != nullptr) (*drawn)[chart.question_id + ":" + bar.key] = bar.shown;
        }
        y += row_h + gap;
    }
    return y - origin.y;
}

// Columns side by side: a scale reads left to right like the resident saw it.
float draw_columns(ImDrawList* draw_list, ImVec2 origin, float width,
                   const std::vector<ChartBar>& bars, const std::string& name_prefix,
                   DrawnNumbers* drawn) {
    if (bars.empty()) return 0;
    const float unit = display_unit();
    const float column_room = width / static_cast<float>(bars.size());
    const float column_w = std::min(column_room * 0.7f, 90 * unit);
    const float number_h = text_height(FontRole::body, column_room, "0");
    const float plot_h = std::round(170 * unit);
    const float label_h = text_height(FontRole::body, column_room, "0");
    const std::int64_t most = largest(bars);
    if (draw_list != nullptr) {
        const float base_y = origin.y + number_h + plot_h;
        draw_list->AddLine(ImVec2(origin.x, base_y), ImVec2(origin.x + width, base_y),
                           colour::muted, 2 * unit);
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const ChartBar& bar = bars[i];
            const float x = origin.x + column_room * static_cast<float>(i);
            const float column_x = x + (column_room - column_w) / 2;
            float top = base_y;
            if (bar.is_suppressed) {
                top = base_y - 40 * unit;
                draw_suppressed(draw_list, ImVec2(column_x, top),
                                ImVec2(column_x + column_w, base_y), unit);
            } else if (bar.value > 0 && most > 0) {
                top = base_y - std::max(4 * unit, plot_h * static_cast<float>(bar.value) /
                                                      static_cast<float>(most));
                draw_list->AddRectFilled(ImVec2(column_x, top), ImVec2(column_x + column_w, base_y),
                                         colour::primary, 4 * unit);
            }
            draw_text(draw_list, FontRole::body, ImVec2(x, top - number_h), column_room, bar.shown,
                      colour::text, Align::centre);
            draw_text(draw_list, FontRole::body, ImVec2(x, base_y + 4 * unit), column_room,
                      bar.label, colour::muted, Align::centre);
            if (drawn != nullptr) (*drawn)[name_prefix + bar.key] = bar.shown;
        }
    }
    return number_h + plot_h + 4 * unit + label_h;
}

}  // namespace

float draw_question_chart(ImDrawList* draw_list, ImVec2 origin, float width,
                          const QuestionChart& chart, DrawnNumbers* drawn) {
    const float unit = display_unit();
    const float gap = std::round(14 * unit);
    float y = origin.y;
    y += draw_text(draw_list, FontRole::heading, ImVec2(origin.x, y), width, chart.prompt,
                   colour::text) +
         gap;
    switch (chart.kind) {
        case ChartKind::bars:
            y += draw_bars(draw_list, ImVec2(origin.x, y), width, chart, drawn);
            break;
        case ChartKind::distribution:
            y += draw_columns(draw_list, ImVec2(origin.x, y), width, chart.bars,
                              chart.question_id + ":", drawn) +
                 gap;
            break;
        case ChartKind::words:
            break;
    }
    if (!chart.words.empty()) {
        y += draw_text(draw_list, FontRole::body, ImVec2(origin.x, y), width, chart.words,
                       colour::muted);
        if (draw_list != nullptr && drawn != nullptr)
            (*drawn)[chart.question_id + ":words"] = chart.words;
    }
    return y - origin.y;
}

float draw_hour_chart(ImDrawList* draw_list, ImVec2 origin, float width,
                      const std::array<std::int64_t, 24>& per_hour, DrawnNumbers* drawn) {
    int first = 9;
    int last = 17;
    for (int hour = 0; hour < 24; ++hour) {
        if (per_hour[static_cast<std::size_t>(hour)] == 0) continue;
        first = std::min(first, hour);
        last = std::max(last, hour);
    }
    std::vector<ChartBar> bars;
    for (int hour = first; hour <= last; ++hour) {
        const std::int64_t count = per_hour[static_cast<std::size_t>(hour)];
        bars.push_back(ChartBar{std::to_string(hour), std::to_string(hour), std::to_string(count),
                                count, false});
    }
    return draw_columns(draw_list, origin, width, bars, "hour:", drawn);
}

}  // namespace standpoint::ui
