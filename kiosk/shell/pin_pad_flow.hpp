// The PIN pad's rules, for shell.cpp: keys, the answers of the PIN thread, and what the pad shows.
#pragma once

#include <vector>

#include "kiosk/shell/shell.hpp"

namespace standpoint::shell {

void press_pad_key(Shell& shell, const PadKeyPressed& press, std::vector<Effect>& effects);
void take_pin_checked(Shell& shell, const PinChecked& checked, std::vector<Effect>& effects);
void take_pin_hashed(Shell& shell, const PinHashed& hashed, std::vector<Effect>& effects);

// Into staff mode (after the right PIN, or once a first PIN is set).
void open_staff(Shell& shell, TimePoint at, std::vector<Effect>& effects);
// Back to where the pad was opened from.
void leave_pad(Shell& shell);

}  // namespace standpoint::shell
