#include "kiosk/shell/event_rule.hpp"

#include "kiosk/core/local_time.hpp"

namespace standpoint {

std::string event_for(const KioskState& state, TimePoint started_at) {
    return state.event_id.empty() ? local_date(started_at) : state.event_id;
}

}  // namespace standpoint
