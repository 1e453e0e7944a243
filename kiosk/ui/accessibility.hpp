// The resident's own display choices (larger text, high contrast) as the drawing code sees them,
// and the two palettes. Internal to kiosk/ui: includes ImGui (style.hpp).
//
// Why globals: colour:: and font_for are read by every widget; a choice is applied once at the
// start of draw_kiosk (use_palette, use_large_text) and holds for the whole frame. The choices
// themselves live in ViewState, which the app keeps per kiosk.
#pragma once

#include <imgui.h>

namespace standpoint::ui {

inline constexpr int font_role_count = 3;  // body, heading, title (FontRole)
// "A+" text is this much larger. 1.4 x 36 px = 50 px body text at 1080: about 10 mm on a 22"
// panel, readable from two metres; wrapping absorbs the width it costs.
inline constexpr float large_text_scale = 1.4f;
// Buttons grow less than text: enough to hold the larger label, small enough that a question's
// answers still fit without scrolling at 1080 (every target was >= 90 px already).
inline constexpr float large_button_scale = 1.2f;

struct Palette {
    ImU32 background, text, muted, primary, primary_pressed, on_primary, option, option_border,
        selected, pressed, problem_background, problem_text, face, star, dim;
};

// Dark text on warm white (the default look; text >= 7:1 as well).
const Palette& standard_palette();
// White and yellow on black: >= 7:1 for every text on every button face (WCAG AAA), thick
// outlines for selection, so nothing depends on telling two hues apart.
const Palette& high_contrast_palette();

// Rewrites colour:: and ImGui's window and text colours. Call before ImGui::Begin.
void use_palette(bool is_high_contrast);
bool is_high_contrast_in_use();

// Makes font_for() hand out the large set (when the atlas has it).
void use_large_text(bool is_large);
bool is_large_text_in_use();

}  // namespace standpoint::ui
