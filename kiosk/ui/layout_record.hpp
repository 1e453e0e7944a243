// The layout audit's hook (tests/ui/layout_audit_test.cpp): while a LayoutRecord is set, the
// views note, for the frame they draw, every box they draw text into and the box of the text
// itself, the option lists and how they were laid out, and where the focused text field and the
// keys are. Nothing is drawn differently; with no record set the cost is one pointer check per
// text and box. No ImGui here, so the audit reads plain numbers.
#pragma once

#include <string>
#include <vector>

namespace standpoint::ui {

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
    bool contains(const Rect& inner, float slack = 1.0f) const {
        return inner.x0 >= x0 - slack && inner.y0 >= y0 - slack && inner.x1 <= x1 + slack &&
               inner.y1 <= y1 + slack;
    }
};

struct LayoutRecord {
    // A box text is drawn into: a button, an option row, a panel, the text field.
    struct Box {
        std::string name;
        Rect rect;
        bool clips = false;  // a window onto longer text (the tail of a long answer)
    };
    // Text as drawn: the box of its ink (lines as wide as they came out, not as asked for),
    // and the box it belongs in (an index into `boxes`, or -1: the window, or the visible part
    // of a scroll area when `is_scrolled` — text below a scroll area's fold is reachable).
    struct Text {
        std::string text;
        Rect rect;
        int box = -1;
        bool is_scrolled = false;
        Rect clip;  // the scroll area's visible rectangle when is_scrolled
    };
    // An answer list laid out in `columns` columns of rows `row_h` tall (the tallest row).
    struct OptionList {
        std::string question;
        int count = 0;
        int columns = 1;
        int max_columns = 1;  // the most columns the width allows (each at least min width)
        float row_h = 0;
        float row_gap = 0;
        float needed_h = 0;   // the whole answer widget
        float visible_h = 0;  // the scroll area it is in
        float above_h = 0;    // what the widget draws before the rows (a hint)
        // The height each column count (1, 2, ... max_columns) would need, its rows measured
        // at that column's width: what the audit weighs the choice against.
        std::vector<float> needed_by_columns;
    };
    std::vector<Box> boxes;
    std::vector<Text> texts;
    std::vector<OptionList> option_lists;
    bool has_field = false;
    Rect field;          // the text field being typed into (whole, as laid out)
    Rect field_clip;     // the part of the screen it may show in (its scroll area)
    float keys_top = 0;  // 0: no keyboard on screen
    Rect counter;        // "N characters left" (has_field only)

    void clear() { *this = LayoutRecord{}; }
};

// The record the views write to, or null (the kiosk: nothing is recorded).
void set_layout_record(LayoutRecord* record);
LayoutRecord* layout_record();

}  // namespace standpoint::ui
