#include "kiosk/app/export_command.hpp"

namespace standpoint::app {

int run_export_command(const ExportCommand&, std::ostream&, std::ostream& err) {
    err << "standpoint: export is not built yet\n";
    return exit_failure;
}

}  // namespace standpoint::app
