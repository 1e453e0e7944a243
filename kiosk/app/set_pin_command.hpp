// `standpoint set-pin [--data DIR]`: sets the staff PIN (stored only as an Argon2id hash in
// DATA/kiosk-state.json, see pin_hash.hpp). Reads the PIN twice; without echo on a terminal.
#pragma once

#include <istream>
#include <ostream>

#include "kiosk/app/cli.hpp"

namespace standpoint::app {

int run_set_pin_command(const SetPinCommand& command, std::istream& in, std::ostream& out,
                        std::ostream& err);

}  // namespace standpoint::app
