#include "kiosk/ui/pin_pad.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID

#include <algorithm>
#include <cmath>

#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

// A full-screen window, as the resident views use.
void begin_screen(const char* name, ViewState& view, const std::string& language) {
    view.targets.clear();
    view.is_animating = false;
    view.problem_text.clear();
    set_screen_language(language);
    begin_full_screen_window(name);
}

}  // namespace

std::string text_or(const UiText& text, const std::string& language, const std::string& key,
                    const std::string& english) {
    const std::string& found = text.get(language, key);
    return found == key ? english : found;  // UiText answers a missing key with the key itself
}

void cancel_press() { ImGui::ClearActiveID(); }

PinPadPress draw_pin_pad(const PinPadModel& model, ViewState& view) {
    begin_screen("pin_pad", view, "en");  // for staff: English, like the staff screen
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float unit = display_unit();
    const float gap = std::round(18 * unit);
    const float key_w = std::round(180 * unit);
    const float key_h = std::round(120 * unit);
    const float cancel_h = std::round(108 * unit);
    const float grid_w = 3 * key_w + 2 * gap;
    const float keys_h = 4 * key_h + 3 * gap + (model.can_cancel ? 2 * gap + cancel_h : 0);
    // Wide screens: words on the left, keys on the right, both in view at 1080 lines. Tall
    // screens: words above the keys.
    const bool is_wide = display.x >= display.y * 1.2f;
    const float text_w =
        is_wide ? std::round(display.x * 0.42f) : std::min(display.x - 2 * gap, 1080 * unit);
    const float text_x = is_wide ? std::round(display.x * 0.05f) : (display.x - text_w) / 2;
    const float grid_x = is_wide ? std::round(display.x * 0.55f + (display.x * 0.45f - grid_w) / 2)
                                 : std::round((display.x - grid_w) / 2);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    PinPadPress press;

    float y = is_wide ? std::round((display.y - keys_h) / 2) : std::round(display.y * 0.05f);
    const float top = y;
    y += draw_text(draw_list, FontRole::title, ImVec2(text_x, y), text_w, model.title, colour::text,
                   Align::centre);
    if (!model.hint.empty())
        y += gap / 2 + draw_text(draw_list, FontRole::body, ImVec2(text_x, y + gap / 2), text_w,
                                 model.hint, colour::muted, Align::centre);
    y += gap;

    // The dots: a box, a filled dot per digit typed.
    const float dots_h = std::round(70 * unit);
    const float dots_w = std::min(text_w, grid_w);
    const float dots_x = text_x + (text_w - dots_w) / 2;
    draw_list->AddRectFilled(ImVec2(dots_x, y), ImVec2(dots_x + dots_w, y + dots_h), colour::option,
                             14 * unit);
    draw_list->AddRect(ImVec2(dots_x, y), ImVec2(dots_x + dots_w, y + dots_h),
                       colour::option_border, 14 * unit, 0, 2 * unit);
    const float radius = std::round(12 * unit);
    const float pitch = radius * 4;
    const float row_w = static_cast<float>(model.digit_count) * pitch;
    for (std::size_t i = 0; i < model.digit_count; ++i)
        draw_list->AddCircleFilled(
            ImVec2(dots_x + (dots_w - row_w) / 2 + pitch * (static_cast<float>(i) + 0.5f),
                   y + dots_h / 2),
            radius, colour::text);
    y += dots_h + gap;

    // The message keeps its place when empty, so on a tall screen the keys never jump.
    const float message_h = std::round(text_height(FontRole::body, text_w, "Ag") * 3 + gap);
    if (!model.message.empty()) {
        const float h = text_height(FontRole::body, text_w - 2 * gap, model.message);
        if (model.is_problem) {
            view.problem_text = model.message;
            draw_list->AddRectFilled(ImVec2(text_x, y), ImVec2(text_x + text_w, y + h + gap),
                                     colour::problem_background, 10 * unit);
        }
        draw_text(draw_list, FontRole::body, ImVec2(text_x + gap, y + gap / 2), text_w - 2 * gap,
                  model.message, model.is_problem ? colour::problem_text : colour::text,
                  Align::centre);
    }
    y += message_h + gap;
    const float grid_y = is_wide ? top : y;

    const Look key_look = model.takes_digits ? Look::option : Look::quiet;
    const char* const rows[] = {"123", "456", "789"};
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            const char digit = rows[row][column];
            ImGui::SetCursorScreenPos(ImVec2(grid_x + static_cast<float>(column) * (key_w + gap),
                                             grid_y + static_cast<float>(row) * (key_h + gap)));
            if (big_button(view, std::string("pin:") + digit, std::string(1, digit),
                           ImVec2(key_w, key_h), key_look, false, FontRole::title) &&
                model.takes_digits)
                press = {PinKey::digit, digit};
        }
    }
    const float last_row_y = grid_y + 3 * (key_h + gap);
    ImGui::SetCursorScreenPos(ImVec2(grid_x, last_row_y));
    if (big_button(view, "pin:delete", "Delete", ImVec2(key_w, key_h), key_look) &&
        model.takes_digits)
        press = {PinKey::erase, 0};
    ImGui::SetCursorScreenPos(ImVec2(grid_x + key_w + gap, last_row_y));
    if (big_button(view, "pin:0", "0", ImVec2(key_w, key_h), key_look, false, FontRole::title) &&
        model.takes_digits)
        press = {PinKey::digit, '0'};
    ImGui::SetCursorScreenPos(ImVec2(grid_x + 2 * (key_w + gap), last_row_y));
    if (big_button(view, "pin:ok", "OK", ImVec2(key_w, key_h),
                   model.takes_digits ? Look::primary : Look::quiet, false, FontRole::heading) &&
        model.takes_digits)
        press = {PinKey::ok, 0};
    if (model.can_cancel) {
        // Cancel works even while locked or checking: staff can always leave the pad.
        ImGui::SetCursorScreenPos(ImVec2(grid_x, last_row_y + key_h + 2 * gap));
        if (big_button(view, "pin:cancel", "Cancel", ImVec2(grid_w, cancel_h), Look::option, false,
                       FontRole::heading))
            press = {PinKey::cancel, 0};
    }
    ImGui::End();
    return press;
}

void draw_back_soon(const UiText& text, const std::string& language, ViewState& view) {
    begin_screen("back_soon", view, language);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float unit = display_unit();
    const float gap = std::round(18 * unit);
    const float w = display.x * 0.8f;
    const float x = (display.x - w) / 2;
    const std::string title = text_or(text, language, "paused.title", "Back soon");
    const std::string body = text_or(text, language, "paused.body",
                                     "This kiosk is taking a short break. Please come back in a "
                                     "little while: we would love to hear from you.");
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const float total =
        text_height(FontRole::title, w, title) + 2 * gap + text_height(FontRole::heading, w, body);
    float y = std::max(gap, (display.y - total) / 2 - display.y * 0.05f);
    y += draw_text(draw_list, FontRole::title, ImVec2(x, y), w, title, colour::text, Align::centre);
    draw_text(draw_list, FontRole::heading, ImVec2(x, y + 2 * gap), w, body, colour::muted,
              Align::centre);
    ImGui::End();
}

}  // namespace standpoint::ui
