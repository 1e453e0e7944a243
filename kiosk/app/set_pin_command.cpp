#include "kiosk/app/set_pin_command.hpp"

namespace standpoint::app {

int run_set_pin_command(const SetPinCommand&, std::istream&, std::ostream&, std::ostream& err) {
    err << "standpoint: set-pin is not built yet\n";
    return exit_failure;
}

}  // namespace standpoint::app
