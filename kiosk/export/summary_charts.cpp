// Index: [bars] horizontal bars for choices, [columns] distributions, [hours] responses by hour.
// SVG lengths: bars use percentages of the chart's width (the label column takes the rest); the
// column and hour charts draw on a fixed viewBox that the page scales to the card's width, so text
// keeps one size from chart to chart.
#include "kiosk/export/summary_charts.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "kiosk/export/summary_markup.hpp"

namespace standpoint {

namespace {

std::int64_t largest_shown(const QuestionResult& question) {
    std::int64_t largest = 0;
    for (const auto& count : question.counts) {
        if (!count.is_suppressed) largest = std::max(largest, count.count);
    }
    return largest;
}

// A count over a column, short enough for a narrow column: 123,456 -> "123k".
std::string column_count_text(const Count& count) {
    if (count.is_suppressed || count.count < 100'000) {
        return count.is_suppressed ? shown_count(count) : format_count(count.count);
    }
    return format_count(count.count / 1000) + "k";
}

}  // namespace

// [bars] ---------------------------------------------------------------------------------------

std::string bar_chart(const QuestionResult& question, const std::string& language) {
    // The longest bar takes 60% of the bar column, leaving room for "12,345 (100%)" after it.
    constexpr double longest_bar = 0.60;
    const std::int64_t largest = std::max<std::int64_t>(1, largest_shown(question));
    std::string html = "<div class=\"bars\">\n";
    for (const auto& count : question.counts) {
        html += "<div class=\"bar-label\" lang=\"" + escape_html(language) + "\" dir=\"auto\">" +
                escape_html(count.label) + "</div>";
        html += "<svg class=\"bar\" height=\"16\" width=\"100%\">";
        if (count.is_suppressed) {
            // A fixed stub, the same for every hidden group: its size must not hint at a number.
            html +=
                "<rect class=\"hidden\" x=\"0.5\" y=\"2.5\" width=\"14\" height=\"11\"/>"
                "<text x=\"14\" dx=\"5\" y=\"12.5\">" +
                escape_html(shown_count(count)) + "</text>";
        } else {
            const double fraction =
                longest_bar * static_cast<double>(count.count) / static_cast<double>(largest);
            std::string number = format_count(count.count);
            if (question.answered > 0) {
                number += " (" + format_percent(count.count, question.answered) + ")";
            }
            html += "<rect class=\"fill\" x=\"0\" y=\"2\" width=\"" + svg_percent(fraction) +
                    "\" height=\"12\"/><text x=\"" + svg_percent(fraction) +
                    "\" dx=\"5\" y=\"12.5\">" + number + "</text>";
        }
        html += "</svg>\n";
    }
    html += "</div>\n";
    return html;
}

// [columns] ------------------------------------------------------------------------------------

namespace {

constexpr double chart_width = 400;
constexpr double count_top = 14;  // room for the count over the tallest column
constexpr double column_height = 78;
constexpr double axis_y = count_top + column_height;

// A face for smiley value 1..5: mouth from a frown (1) to a smile (5), outline only.
std::string smiley_face(double centre_x, double centre_y, std::int64_t value) {
    const double curve = (static_cast<double>(value) - 3.0) * 2.6;  // -5.2 .. 5.2
    const double mouth_y = centre_y + 3.5 - curve / 2;
    return "<g class=\"face\"><circle cx=\"" + svg_number(centre_x) + "\" cy=\"" +
           svg_number(centre_y) + "\" r=\"10\"/><circle class=\"eye\" cx=\"" +
           svg_number(centre_x - 3.2) + "\" cy=\"" + svg_number(centre_y - 2.5) +
           "\" r=\"1.3\"/><circle class=\"eye\" cx=\"" + svg_number(centre_x + 3.2) + "\" cy=\"" +
           svg_number(centre_y - 2.5) + "\" r=\"1.3\"/><path d=\"M" + svg_number(centre_x - 4.5) +
           " " + svg_number(mouth_y) + " Q" + svg_number(centre_x) + " " +
           svg_number(mouth_y + curve) + " " + svg_number(centre_x + 4.5) + " " +
           svg_number(mouth_y) + "\"/></g>";
}

// Under a 0..10 scale: which values make detractors, passives and promoters.
std::string nps_ranges(double pitch, double top) {
    struct Range {
        int first, last;
        const char* name;
    };
    const Range ranges[] = {
        {0, 6, "Detractors 0-6"}, {7, 8, "Passives 7-8"}, {9, 10, "Promoters 9-10"}};
    std::string svg;
    for (const auto& range : ranges) {
        const double left = pitch * range.first + 3;
        const double right = pitch * (range.last + 1) - 3;
        svg += "<path class=\"range\" d=\"M" + svg_number(left) + " " + svg_number(top) + " v4 H" +
               svg_number(right) + " v-4\"/><text class=\"range-name\" x=\"" +
               svg_number((left + right) / 2) + "\" y=\"" + svg_number(top + 15) +
               "\" text-anchor=\"middle\">" + range.name + "</text>";
    }
    return svg;
}

}  // namespace

std::string column_chart(const QuestionResult& question) {
    const std::size_t columns = std::max<std::size_t>(1, question.counts.size());
    const double pitch = chart_width / static_cast<double>(columns);
    const double bar_width = std::min(pitch * 0.7, 44.0);
    const std::int64_t largest = std::max<std::int64_t>(1, largest_shown(question));
    const bool is_smiley = question.type == QuestionType::smiley;
    const double label_y = axis_y + (is_smiley ? 15 : 13);
    double height = axis_y + (is_smiley ? 28 : 20);
    if (question.nps) height += 22;

    std::string svg = "<svg class=\"columns\" viewBox=\"0 0 " + svg_number(chart_width) + " " +
                      svg_number(height) + "\" width=\"100%\">";
    for (std::size_t i = 0; i < question.counts.size(); ++i) {
        const Count& count = question.counts[i];
        const double centre = pitch * (static_cast<double>(i) + 0.5);
        const double left = centre - bar_width / 2;
        double top = axis_y;
        if (count.is_suppressed) {
            top = axis_y - 10;
            svg += "<rect class=\"hidden\" x=\"" + svg_number(left + 0.5) + "\" y=\"" +
                   svg_number(top + 0.5) + "\" width=\"" + svg_number(bar_width - 1) +
                   "\" height=\"9\"/>";
        } else if (count.count > 0) {
            const double bar_height =
                std::max(1.0, column_height * static_cast<double>(count.count) /
                                  static_cast<double>(largest));
            top = axis_y - bar_height;
            svg += "<rect class=\"fill\" x=\"" + svg_number(left) + "\" y=\"" + svg_number(top) +
                   "\" width=\"" + svg_number(bar_width) + "\" height=\"" + svg_number(bar_height) +
                   "\"/>";
        }
        // "18,224" fills a column of an 11-point scale: a size smaller keeps neighbours apart.
        const std::string count_text = column_count_text(count);
        const bool is_crowded = static_cast<double>(count_text.size()) * 6.0 > pitch - 4;
        svg += "<text class=\"count\" x=\"" + svg_number(centre) + "\" y=\"" + svg_number(top - 3) +
               "\" text-anchor=\"middle\"" + (is_crowded ? " style=\"font-size: 8px\"" : "") + ">" +
               escape_html(count_text) + "</text>";
        if (is_smiley) {
            svg += smiley_face(centre, label_y, static_cast<std::int64_t>(i) + 1);
        } else {
            const std::string star = question.type == QuestionType::stars ? "\u2605" : "";
            svg += "<text class=\"value\" x=\"" + svg_number(centre) + "\" y=\"" +
                   svg_number(label_y) + "\" text-anchor=\"middle\">" + escape_html(count.label) +
                   star + "</text>";
        }
    }
    svg += "<line class=\"axis\" x1=\"0\" x2=\"" + svg_number(chart_width) + "\" y1=\"" +
           svg_number(axis_y + 0.5) + "\" y2=\"" + svg_number(axis_y + 0.5) + "\"/>";
    if (question.nps) svg += nps_ranges(pitch, axis_y + 19);
    svg += "</svg>\n";
    return svg;
}

// [hours] --------------------------------------------------------------------------------------

std::string hour_chart(const std::array<std::int64_t, 24>& per_hour) {
    int first = -1;
    int last = -1;
    std::int64_t largest = 1;
    for (int hour = 0; hour < 24; ++hour) {
        if (per_hour[static_cast<std::size_t>(hour)] == 0) continue;
        if (first < 0) first = hour;
        last = hour;
        largest = std::max(largest, per_hour[static_cast<std::size_t>(hour)]);
    }
    if (first < 0) return "<p class=\"none\">No responses.</p>\n";
    // At least six hours wide, so one busy hour does not become one giant block.
    while (last - first < 5) {
        if (last < 23) ++last;
        if (last - first < 5 && first > 0) --first;
    }
    const double width = 720;
    const double bar_area = 64;
    const double top = 14;
    const double axis = top + bar_area;
    const int hours = last - first + 1;
    const double pitch = width / hours;
    const double bar_width = std::min(pitch * 0.72, 48.0);
    std::string svg = "<svg class=\"hours\" viewBox=\"0 0 " + svg_number(width) + " " +
                      svg_number(axis + 18) + "\" width=\"100%\">";
    for (int hour = first; hour <= last; ++hour) {
        const std::int64_t count = per_hour[static_cast<std::size_t>(hour)];
        const double centre = pitch * (hour - first + 0.5);
        double bar_top = axis;
        if (count > 0) {
            const double bar_height =
                std::max(1.0, bar_area * static_cast<double>(count) / static_cast<double>(largest));
            bar_top = axis - bar_height;
            svg += "<rect class=\"fill\" x=\"" + svg_number(centre - bar_width / 2) + "\" y=\"" +
                   svg_number(bar_top) + "\" width=\"" + svg_number(bar_width) + "\" height=\"" +
                   svg_number(bar_height) + "\"/>";
        }
        svg += "<text class=\"count\" x=\"" + svg_number(centre) + "\" y=\"" +
               svg_number(bar_top - 3) + "\" text-anchor=\"middle\">" + format_count(count) +
               "</text>";
        const std::string label = (hour < 10 ? "0" : "") + std::to_string(hour) + ":00";
        svg += "<text class=\"value\" x=\"" + svg_number(centre) + "\" y=\"" +
               svg_number(axis + 13) + "\" text-anchor=\"middle\">" + label + "</text>";
    }
    svg += "<line class=\"axis\" x1=\"0\" x2=\"" + svg_number(width) + "\" y1=\"" +
           svg_number(axis + 0.5) + "\" y2=\"" + svg_number(axis + 0.5) + "\"/>";
    svg += "</svg>\n";
    return svg;
}

}  // namespace standpoint
