// Fonts and style for a touch kiosk: sizes scale with the screen so targets stay >= 15 mm.
#pragma once

#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"

namespace standpoint::ui {

// Pixel height of body text for a screen `display_height` pixels tall (readable from a metre).
// Every `display_height` here means the screen's shorter side: its height in landscape, its
// width in portrait (the views scale with the shorter side too, so text and buttons agree).
float body_text_px(float display_height);

// The font file the atlas's regular text comes from (the first of Noto Sans, DejaVu Sans that is
// installed), for checking a language's letters against it.
std::string atlas_font_file();

// Loads the fonts (FreeType, from Debian's Noto/DejaVu files) into the current ImGui context's
// atlas with only the glyphs the survey, the UI texts and the keyboard need. Call before the
// first frame (and again after a survey or text-size change, then re-upload the texture).
Status load_fonts(const Survey& survey, const UiText& text, float display_height);

// Frees the atlas's own copy of its pixels (ImGui keeps them as 8-bit alpha and as the 32-bit
// RGBA the GL3 backend uploads: 10 MiB for a 1024x2048 atlas) once the renderer has its texture.
// Call outside a frame, after the texture is made; load_fonts makes the pixels again.
void release_font_pixels();

// Colours, rounding and spacing for the kiosk, scaled for `display_height`.
void apply_theme(float display_height);

// Touch leaves the pointer where the finger lifted, so the last tapped button would stay
// "hovered". Call after the platform backend's NewFrame and before ImGui::NewFrame: once the
// button has been up for a frame, the pointer is parked off-screen.
void park_pointer_after_release();

}  // namespace standpoint::ui
