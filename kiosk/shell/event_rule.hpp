// The one rule for which event a response is filed under, used by the resident side, the staff
// screen's "Today" and its export alike (docs/staff.md, "Events and dates"):
//   the event staff set; without one, the local date on which the response was started.
// So a kiosk left running past midnight files the second day's responses under the second day.
#pragma once

#include <string>

#include "kiosk/core/response.hpp"
#include "kiosk/shell/kiosk_state.hpp"

namespace standpoint {

std::string event_for(const KioskState& state, TimePoint started_at);

}  // namespace standpoint
