#include "kiosk/ui/staff_view.hpp"

#include <imgui.h>

#include <cmath>

#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {

std::vector<StaffIntent> draw_staff(const StaffModel& model, const UiText& /*text*/,
                                    StaffViewState& view, TimePoint /*now*/) {
    std::vector<StaffIntent> intents;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float unit = display_unit();
    const float margin = std::round(32 * unit);
    const float button_h = std::round(108 * unit);
    view.touch.targets.clear();
    view.touch.is_animating = false;
    set_screen_language("en");
    view.was_touched = ImGui::GetIO().MouseDown[0] || ImGui::IsMouseReleased(0);

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("staff", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();
    draw_text(ImGui::GetWindowDrawList(), FontRole::title, ImVec2(margin, margin),
              display.x - 2 * margin, model.title, colour::text);
    const float close_w = std::round(260 * unit);
    ImGui::SetCursorScreenPos(ImVec2(display.x - margin - close_w, margin));
    if (big_button(view.touch, "staff:close", "Close", ImVec2(close_w, button_h), Look::primary,
                   false, FontRole::heading))
        intents.push_back(StaffCloseIntent{});
    ImGui::End();
    return intents;
}

}  // namespace standpoint::ui
