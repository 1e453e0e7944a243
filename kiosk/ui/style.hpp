// Kiosk palette and fonts, shared by theme.cpp (which builds the atlas) and the views. Internal to
// kiosk/ui: includes ImGui.
#pragma once

#include <imgui.h>

namespace standpoint::ui {

// Fonts in the atlas, in the order load_fonts adds them (an atlas without them falls back to
// the default font, which keeps the views drawable in a bare ImGui context).
enum class FontRole { body = 0, heading = 1, title = 2 };
ImFont* font_for(FontRole role);

// High contrast on a warm white: dark text >= 7:1; selection is shown by outline and a mark,
// never by colour alone. Not constexpr: the resident can switch the whole screen to the
// high-contrast palette (accessibility.hpp: use_palette rewrites these at the start of a frame).
namespace colour {
inline ImU32 background = IM_COL32(0xF6, 0xF5, 0xF0, 0xFF);
inline ImU32 text = IM_COL32(0x14, 0x14, 0x14, 0xFF);
inline ImU32 muted = IM_COL32(0x44, 0x44, 0x44, 0xFF);
inline ImU32 primary = IM_COL32(0x0B, 0x4F, 0x8A, 0xFF);
inline ImU32 primary_pressed = IM_COL32(0x06, 0x33, 0x5C, 0xFF);
inline ImU32 on_primary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline ImU32 option = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline ImU32 option_border = IM_COL32(0x7A, 0x7A, 0x7A, 0xFF);
inline ImU32 selected = IM_COL32(0xDC, 0xEB, 0xFA, 0xFF);
inline ImU32 pressed = IM_COL32(0xBB, 0xD6, 0xF2, 0xFF);
inline ImU32 problem_background = IM_COL32(0xFC, 0xE8, 0xE6, 0xFF);
inline ImU32 problem_text = IM_COL32(0x8A, 0x1C, 0x12, 0xFF);
inline ImU32 star = IM_COL32(0xE8, 0xA3, 0x00, 0xFF);
inline ImU32 dim = IM_COL32(0x00, 0x00, 0x00, 0x99);
// The five faces, very bad .. very good, and their eyes and mouths (accessibility.cpp).
inline ImU32 faces[5] = {};
inline ImU32 face_ink = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
}  // namespace colour

}  // namespace standpoint::ui
