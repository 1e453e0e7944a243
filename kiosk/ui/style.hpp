// Kiosk palette, fonts and the on-screen keyboard's letters, shared by theme.cpp (which builds the
// atlas from them) and the views. Internal to kiosk/ui: includes ImGui.
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
inline ImU32 face = IM_COL32(0xFF, 0xD3, 0x4D, 0xFF);
inline ImU32 star = IM_COL32(0xE8, 0xA3, 0x00, 0xFF);
inline ImU32 dim = IM_COL32(0x00, 0x00, 0x00, 0x99);
}  // namespace colour

// The on-screen keyboard: each key types `lower`, or `upper` after Shift. Its name in TapTargets
// is "key:" + lower. Free text can only hold what these keys type, so the font atlas gets them all.
struct KeyCap {
    const char* lower;
    const char* upper;
};
// One keyboard row per line, so the table reads like the keyboard.
// clang-format off
inline constexpr KeyCap letter_rows[4][10] = {
    {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
     {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
    {{"q", "Q"}, {"w", "W"}, {"e", "E"}, {"r", "R"}, {"t", "T"},
     {"y", "Y"}, {"u", "U"}, {"i", "I"}, {"o", "O"}, {"p", "P"}},
    {{"a", "A"}, {"s", "S"}, {"d", "D"}, {"f", "F"}, {"g", "G"},
     {"h", "H"}, {"j", "J"}, {"k", "K"}, {"l", "L"}, {"'", "'"}},
    {{"z", "Z"}, {"x", "X"}, {"c", "C"}, {"v", "V"}, {"b", "B"},
     {"n", "N"}, {"m", "M"}, {",", ","}, {".", "."}, {"-", "-"}},
};
// Welsh (circumflex, acute, diaeresis, grave) and Polish letters.
inline constexpr KeyCap accent_rows[4][10] = {
    {{"â", "Â"}, {"ê", "Ê"}, {"î", "Î"}, {"ô", "Ô"}, {"û", "Û"},
     {"ŵ", "Ŵ"}, {"ŷ", "Ŷ"}, {"?", "?"}, {"!", "!"}, {"@", "@"}},
    {{"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"},
     {"ẃ", "Ẃ"}, {"ý", "Ý"}, {"à", "À"}, {"è", "È"}, {"ò", "Ò"}},
    {{"ä", "Ä"}, {"ë", "Ë"}, {"ï", "Ï"}, {"ö", "Ö"}, {"ü", "Ü"},
     {"ẅ", "Ẅ"}, {"ÿ", "Ÿ"}, {"ẁ", "Ẁ"}, {"ỳ", "Ỳ"}, {"&", "&"}},
    {{"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
     {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}, {"(", "("}, {")", ")"}},
};
// clang-format on

}  // namespace standpoint::ui
