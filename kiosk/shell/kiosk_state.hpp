// What the kiosk remembers across restarts besides responses (docs/staff.md): the event, the
// survey in use, whether it is paused, the staff PIN's hash and lockout. A plain value owned by
// the shell; kiosk/app/kiosk_state.hpp reads and writes it as DATA/kiosk-state.json.
#pragma once

#include <cstdint>
#include <string>

namespace standpoint {

struct KioskState {
    std::string event_id;    // FAT-safe id staff set ("" = none: see event_for in event_rule.hpp)
    std::string event_name;  // as staff typed it, any language
    std::string venue;
    std::string survey_path;  // "" = the command line's or the demo survey
    bool is_paused = false;   // the "back soon" screen
    std::string pin_hash;     // Argon2id string from libsodium ("" = no PIN set yet)
    int failed_pin_attempts = 0;
    std::int64_t pin_locked_until_ms = 0;  // Unix ms; 0 = not locked
};

}  // namespace standpoint
