// Touch widgets for the kiosk views: wrapped text, big buttons that register TapTargets, drawn
// faces and stars, and drag-to-scroll. Internal to kiosk/ui.
#pragma once

#include <imgui.h>

#include <string>

#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/layout_record.hpp"
#include "kiosk/ui/style.hpp"

namespace standpoint::ui {

enum class Align { left, centre, right };
// danger: the one button on a screen that cannot be undone (staff's Delete everything).
enum class Look { primary, option, quiet, danger };

// Word-wrapped text drawn at `top_left`, `width` wide; returns its height. Draws nothing (only
// measures) when `draw_list` is null.
float draw_text(ImDrawList* draw_list, FontRole role, ImVec2 top_left, float width,
                const std::string& text, ImU32 colour, Align align = Align::left);
// Every survey and UI text goes through these three: text the atlas can draw comes from the
// atlas; text in a script that must be shaped (text_needs_shaping: Urdu, Bengali...) is a
// Pango-shaped image (shaped_text.hpp), so the atlas never holds those scripts.
float text_height(FontRole role, float width, const std::string& text);
float text_width(FontRole role, const std::string& text);

// The screen's language, set by draw_kiosk at the start of each frame. A right-to-left language
// mirrors every Align (left <-> right) and gives shaped text its font; is_mirrored() tells the
// views to swap sides (Next on the left, option marks on the right).
void set_screen_language(const std::string& language);
bool is_mirrored();
// Within its scope, text is in `language` (each language picker button names itself in its own
// language, so "اردو" is set in Nastaliq on the English screen too).
class TextLanguage {
public:
    explicit TextLanguage(const std::string& language);
    ~TextLanguage();
    TextLanguage(const TextLanguage&) = delete;
    TextLanguage& operator=(const TextLanguage&) = delete;

private:
    std::string previous_;
};

// Within its scope, text drawn belongs inside `min`..`max` (a button, an option, a panel): the
// layout audit (layout_record.hpp) checks that it stays there. Costs a pointer check otherwise.
class TextBox {
public:
    // `clips`: the box is a window onto text that may be longer (drawn under a clip rect), and
    // only what shows in it counts.
    TextBox(const std::string& name, ImVec2 min, ImVec2 max, bool clips = false);
    ~TextBox();
    TextBox(const TextBox&) = delete;
    TextBox& operator=(const TextBox&) = delete;

private:
    int previous_ = -1;
};
// Within its scope, text is in a scroll area showing `min`..`max`: below the fold is allowed.
class ScrolledText {
public:
    ScrolledText(ImVec2 min, ImVec2 max);
    ~ScrolledText();
    ScrolledText(const ScrolledText&) = delete;
    ScrolledText& operator=(const ScrolledText&) = delete;

private:
    bool was_scrolled_ = false;
    Rect previous_;
};
Rect rect_of(ImVec2 min, ImVec2 max);

// Adds `name` to the frame's targets if the whole rectangle is on screen in the current window.
void register_target(ViewState& view, const std::string& name, ImVec2 min, ImVec2 max);

// A big button at the cursor: registers its TapTarget, returns true on the release of a tap.
// `is_selected` draws a thick outline (not colour alone).
bool big_button(ViewState& view, const std::string& name, const std::string& label, ImVec2 size,
                Look look, bool is_selected = false, FontRole role = FontRole::body);

// Within its scope every text is drawn and measured `scale` times its role's size (a label
// squeezed onto a key). Shaped text is cached per size, so only a few scales should be used.
class TextScale {
public:
    explicit TextScale(float scale);
    ~TextScale();
    TextScale(const TextScale&) = delete;
    TextScale& operator=(const TextScale&) = delete;

private:
    float previous_;
};

// The label's font: `role`, or a smaller one when the label would not fit `room` in it.
FontRole fitting_role(FontRole role, ImVec2 room, const std::string& label);
// A button's height for `label` wrapped in `width` in `role`: `at_least`, or taller when the
// label needs it (Nastaliq lines are over twice as tall as Latin ones).
float button_height(FontRole role, float width, const std::string& label, float at_least);

// Draws the background of a tappable box in its state.
void draw_box(ImDrawList* draw_list, ImVec2 min, ImVec2 max, Look look, bool is_held,
              bool is_selected);

// A face for smiley value 1 (very sad) .. 5 (very happy): each its own colour (colour::faces,
// >= 3:1 against the background in both palettes) and shape (brows, flat mouth, open grin).
void draw_face(ImDrawList* draw_list, ImVec2 centre, float radius, int value);
// A five-pointed star, filled or as an outline.
void draw_star(ImDrawList* draw_list, ImVec2 centre, float radius, bool is_filled);
// A tick mark inside the square `min`..`max`.
void draw_tick(ImDrawList* draw_list, ImVec2 min, ImVec2 max, ImU32 colour);

// Call just before EndChild() of the scroll area: a press that travels past the drag threshold
// cancels the button under the finger (ClearActiveID) and scrolls; on release it coasts.
void touch_scroll(ViewState& view);

float display_unit();  // display height / 1080: every size is a multiple of this

// Begins the one window that covers the whole display, without padding, decoration, scrolling by
// wheel or keyboard navigation (each screen is one such window). End it with ImGui::End().
void begin_full_screen_window(const char* name);

}  // namespace standpoint::ui
