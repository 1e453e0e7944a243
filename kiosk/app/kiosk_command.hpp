// `standpoint [options]`: loads the survey and texts, opens the store, the window and the worker,
// and runs the frame loop. Everything that can be checked without a display is checked first,
// so a bad survey is reported the same way on a desk as on the kiosk.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "kiosk/app/cli.hpp"

namespace standpoint::app {

// `command_line` is argv as typed (for the xvfb-run hint). Returns the exit code.
int run_kiosk(const KioskOptions& options, const std::vector<std::string>& command_line,
              std::chrono::steady_clock::time_point process_started);

}  // namespace standpoint::app
