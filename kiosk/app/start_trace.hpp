// Where the kiosk's start goes (docs/performance.md "Cold start"): with STANDPOINT_START_TRACE
// set, each step of the start prints "start: STEP at N ms" (from main()) on stderr. Unset, a
// mark costs one branch, so the marks stay in the shipped binary.
#pragma once

#include <chrono>

namespace standpoint::app {

// Remembers main()'s time point and reads the environment once.
void start_trace_begin(std::chrono::steady_clock::time_point process_started);

// "start: `step` at N ms" when tracing is on.
void start_trace_mark(const char* step);

}  // namespace standpoint::app
