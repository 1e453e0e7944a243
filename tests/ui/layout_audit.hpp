// The layout audit's rules (tests/ui/layout_audit_test.cpp, staff_layout_audit_test.cpp): one
// frame's LayoutRecord and tap targets in, the failures in words out.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>

#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/layout_record.hpp"

namespace standpoint::layout_audit {

inline constexpr float min_target_px = 15.0f / 25.4f * 96.0f;  // 15 mm at 96 dpi: 56.7 px
inline constexpr float min_gap_px = 8.0f;

inline std::string describe(const ui::Rect& r) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "(%.0f,%.0f)-(%.0f,%.0f)", static_cast<double>(r.x0),
                  static_cast<double>(r.y0), static_cast<double>(r.x1), static_cast<double>(r.y1));
    return buffer;
}

inline std::string shortened(const std::string& text) {
    if (text.size() <= 40) return text;
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "…";
}

inline ui::Rect rect_of(const ui::TapTarget& target) {
    return ui::Rect{target.x, target.y, target.x + target.w, target.y + target.h};
}

// The failures in one frame, in words. `every_option_fits`: an answer list that needs scrolling
// at all fails (the demo survey's lists must show whole); otherwise only one that another
// column count would have shown whole.
inline std::vector<std::string> audit_frame(const ui::LayoutRecord& record,
                                            const std::vector<ui::TapTarget>& targets,
                                            ImVec2 display, bool every_option_fits = false) {
    std::vector<std::string> problems;
    const ui::Rect window{0, 0, display.x, display.y};
    for (const ui::LayoutRecord::Text& text : record.texts) {
        if (text.box >= 0) {
            const ui::LayoutRecord::Box& box = record.boxes[static_cast<std::size_t>(text.box)];
            if (!box.rect.contains(text.rect))
                problems.push_back("text \"" + shortened(text.text) + "\" " + describe(text.rect) +
                                   " leaves its box " + box.name + " " + describe(box.rect));
        }
        ui::Rect bounds = window;
        if (text.is_scrolled) {  // below or above the fold is reachable; sideways is not
            bounds.x0 = text.clip.x0;
            bounds.x1 = text.clip.x1;
            bounds.y0 = -FLT_MAX;
            bounds.y1 = FLT_MAX;
        }
        if (!bounds.contains(text.rect))
            problems.push_back("text \"" + shortened(text.text) + "\" " + describe(text.rect) +
                               " is outside the window");
    }
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const ui::TapTarget& a = targets[i];
        if (std::min(a.w, a.h) < min_target_px - 0.5f)
            problems.push_back("target " + a.name + " is " + std::to_string(int(a.w)) + "x" +
                               std::to_string(int(a.h)) + " px, under 15 mm");
        if (!window.contains(rect_of(a)))
            problems.push_back("target " + a.name + " " + describe(rect_of(a)) +
                               " is outside the window");
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const ui::TapTarget& b = targets[j];
            const float dx = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
            const float dy = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
            const float gap = std::max(dx, dy);
            if (gap < min_gap_px - 0.5f)
                problems.push_back(
                    "targets " + a.name + " and " + b.name +
                    (gap < 0 ? " overlap" : " are " + std::to_string(int(gap)) + " px apart"));
        }
    }
    for (const ui::LayoutRecord::OptionList& list : record.option_lists) {
        if (list.needed_h <= list.visible_h + 1) continue;
        if (every_option_fits) {  // none below the fold, however many columns it takes
            char sizes[64];
            std::snprintf(sizes, sizeof sizes, " (%.0f px needed, %.0f shown)",
                          static_cast<double>(list.needed_h), static_cast<double>(list.visible_h));
            problems.push_back("the options of " + list.question + " need scrolling in " +
                               std::to_string(list.columns) + " column(s)" + sizes);
            continue;
        }
        for (std::size_t i = 0; i < list.needed_by_columns.size(); ++i)
            if (list.needed_by_columns[i] <= list.visible_h) {
                problems.push_back("the options of " + list.question + " need scrolling in " +
                                   std::to_string(list.columns) + " column(s), " +
                                   std::to_string(i + 1) + " would show them all");
                break;
            }
    }
    if (record.has_field) {
        if (!record.field_clip.contains(record.field))
            problems.push_back("the text field " + describe(record.field) +
                               " is not all visible in " + describe(record.field_clip));
        if (record.keys_top > 0 && record.field.y1 > record.keys_top + 0.5f)
            problems.push_back("the text field " + describe(record.field) +
                               " is under the keys at y=" + std::to_string(int(record.keys_top)));
        if (!window.contains(record.counter) ||
            (record.keys_top > 0 && record.counter.y1 > record.keys_top + 0.5f))
            problems.push_back("the counter " + describe(record.counter) + " is not visible");
    }
    return problems;
}

}  // namespace standpoint::layout_audit
