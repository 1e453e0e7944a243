// The event-driven frame loop (docs/architecture.md, "Frame loop"): an untouched kiosk draws
// nothing. The loop sleeps in glfwWaitEvents until input, a background outcome (workers post an
// empty event), a stop signal, or the shell's next deadline.
#pragma once

#include <chrono>

#include "kiosk/app/kiosk_shell.hpp"
#include "kiosk/app/stop_signals.hpp"
#include "kiosk/app/targets_file.hpp"
#include "kiosk/app/window.hpp"

namespace standpoint::app {

const char* to_string(AppMode mode);

struct FrameLoopContext {
    Window& window;
    TargetsFile* targets = nullptr;  // only when STANDPOINT_TARGETS_FILE is set
    const StopSignals& stop;
    std::chrono::steady_clock::time_point process_started;  // for "first frame after N ms"
};

// Runs until the window may close (--windowed), a stop signal arrives, or staff quit.
void run_frame_loop(FrameLoopContext& context, KioskShell& shell);

}  // namespace standpoint::app
