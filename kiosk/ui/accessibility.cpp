#include "kiosk/ui/accessibility.hpp"

#include "kiosk/ui/style.hpp"

namespace standpoint::ui {
namespace {

bool is_large_text = false;
bool is_high_contrast = false;

}  // namespace

const Palette& standard_palette() {
    static const Palette palette{
        IM_COL32(0xF6, 0xF5, 0xF0, 0xFF),  // background
        IM_COL32(0x14, 0x14, 0x14, 0xFF),  // text
        IM_COL32(0x44, 0x44, 0x44, 0xFF),  // muted
        IM_COL32(0x0B, 0x4F, 0x8A, 0xFF),  // primary
        IM_COL32(0x06, 0x33, 0x5C, 0xFF),  // primary_pressed
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // on_primary
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // option
        IM_COL32(0x7A, 0x7A, 0x7A, 0xFF),  // option_border
        IM_COL32(0xDC, 0xEB, 0xFA, 0xFF),  // selected
        IM_COL32(0xBB, 0xD6, 0xF2, 0xFF),  // pressed
        IM_COL32(0xFC, 0xE8, 0xE6, 0xFF),  // problem_background
        IM_COL32(0x8A, 0x1C, 0x12, 0xFF),  // problem_text
        IM_COL32(0xFF, 0xD3, 0x4D, 0xFF),  // face
        IM_COL32(0xE8, 0xA3, 0x00, 0xFF),  // star
        IM_COL32(0x00, 0x00, 0x00, 0x99),  // dim
    };
    return palette;
}

const Palette& high_contrast_palette() {
    static const Palette palette{
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // background: black
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // text: white, 21:1
        IM_COL32(0xE6, 0xE6, 0xE6, 0xFF),  // muted: still 16:1, only a shade off the text
        IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // primary: yellow, the one accent
        IM_COL32(0xFF, 0xF2, 0xA8, 0xFF),  // primary_pressed: paler yellow
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // on_primary: black on yellow, 15:1
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // option: black face, white outline
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // option_border
        IM_COL32(0x00, 0x2B, 0x55, 0xFF),  // selected: dark blue under white text, 14:1
        IM_COL32(0x33, 0x33, 0x33, 0xFF),  // pressed: 12:1 under white
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // problem_background: the band is an outline here
        IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // problem_text: yellow, with the "!" mark
        // face: the features are drawn in the text colour (white here), so the face is dark
        IM_COL32(0x1F, 0x3A, 0x93, 0xFF), IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // star
        IM_COL32(0x00, 0x00, 0x00, 0xB3),                                    // dim
    };
    return palette;
}

void use_palette(bool high_contrast) {
    is_high_contrast = high_contrast;
    const Palette& p = high_contrast ? high_contrast_palette() : standard_palette();
    colour::background = p.background;
    colour::text = p.text;
    colour::muted = p.muted;
    colour::primary = p.primary;
    colour::primary_pressed = p.primary_pressed;
    colour::on_primary = p.on_primary;
    colour::option = p.option;
    colour::option_border = p.option_border;
    colour::selected = p.selected;
    colour::pressed = p.pressed;
    colour::problem_background = p.problem_background;
    colour::problem_text = p.problem_text;
    colour::face = p.face;
    colour::star = p.star;
    colour::dim = p.dim;
    if (ImGui::GetCurrentContext() == nullptr) return;
    ImGuiStyle& style = ImGui::GetStyle();
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.muted);
}

bool is_high_contrast_in_use() { return is_high_contrast; }

void use_large_text(bool is_large) { is_large_text = is_large; }
bool is_large_text_in_use() { return is_large_text; }

}  // namespace standpoint::ui
