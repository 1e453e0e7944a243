// The staff screen's view: draws what StaffModel holds and returns what staff tapped as
// StaffIntents. Immediate mode like the resident views: nothing here owns results, blocks, or
// does I/O; the controller (kiosk/app/staff_controller.cpp) fills the model and acts on intents.
// English only: staff are the organisers, not the public (docs/staff.md).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::ui {

// Everything the staff screen shows, already in words. The controller owns it.
struct StaffModel {
    std::string title = "Staff";
};

// Things staff asked for in a frame.
struct StaffCloseIntent {};
using StaffIntent = std::variant<StaffCloseIntent>;

// What the staff view keeps between frames.
struct StaffViewState {
    ViewState touch;  // targets, drag-scroll, the keyboard's buffer and modes
    bool was_touched = false;  // a finger was down in the last frame (staff are still there)
};

std::vector<StaffIntent> draw_staff(const StaffModel& model, const UiText& text,
                                    StaffViewState& view, TimePoint now);

}  // namespace standpoint::ui
