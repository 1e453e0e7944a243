// `standpoint check-survey FILE...`: the same checks the kiosk makes at start, for whoever writes
// a survey file. Problems go to stderr, one per line; "FILE: ok (...)" to stdout.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace standpoint::app {

// Returns the exit code: 0 if every file is a survey the kiosk can run, else 1.
int run_check_survey(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace standpoint::app
