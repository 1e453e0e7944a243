#include "kiosk/app/start_trace.hpp"

#include <cstdio>
#include <cstdlib>

namespace standpoint::app {
namespace {

bool g_is_on = false;
std::chrono::steady_clock::time_point g_started{};

}  // namespace

void start_trace_begin(std::chrono::steady_clock::time_point process_started) {
    const char* value = std::getenv("STANDPOINT_START_TRACE");
    g_is_on = value != nullptr && *value != '\0';
    g_started = process_started;
}

void start_trace_mark(const char* step) {
    if (!g_is_on) return;
    const auto elapsed = std::chrono::steady_clock::now() - g_started;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    // stdio, not iostream: one unbuffered write per line, never interleaved with another thread's.
    std::fprintf(stderr, "start: %s at %.1f ms\n", step, static_cast<double>(us) / 1000.0);
}

}  // namespace standpoint::app
