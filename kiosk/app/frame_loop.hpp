// The event-driven frame loop (research/imgui-touch-kiosk.md §2.2) and the app shell around the
// session: the one place where a session Step has effects (saving, logging, response ids).
//
// An untouched kiosk draws nothing: the loop sleeps in glfwWaitEvents until input, a store
// outcome (the worker posts an empty event), a stop signal, or the session's next deadline.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kiosk/app/stop_signals.hpp"
#include "kiosk/app/targets_file.hpp"
#include "kiosk/app/window.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/store/store_worker.hpp"

namespace standpoint::app {

struct FrameLoopContext {
    const Survey& survey;
    const UiText& text;
    Window& window;
    StoreWorker* worker = nullptr;  // nullptr: the store could not be opened (session Unavailable)
    std::string event_id;
    std::string device_id;
    TargetsFile* targets = nullptr;  // only when STANDPOINT_TARGETS_FILE is set
    const StopSignals& stop;
    std::chrono::steady_clock::time_point process_started;  // for "first frame after N ms"
};

// Runs until the window may close (--windowed) or a stop signal arrives.
void run_frame_loop(FrameLoopContext& context, Session session);

// How long the loop may sleep: until the session's next deadline, and while "Are you still
// there?" counts down, until the number of seconds shown changes (one frame a second, not a
// frame loop). Slightly after the moment, never before. nullopt = until input.
std::optional<double> seconds_until_wake(const Session& session, const Survey& survey,
                                         TimePoint now);

// A fresh UUIDv7 for a response, from the clock and getrandom().
std::string make_response_id();

// The kiosk's offset from UTC at `time` in minutes (BST: 60), from the local time zone.
int utc_offset_minutes_at(TimePoint time);

}  // namespace standpoint::app
