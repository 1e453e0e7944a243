#include "kiosk/app/frame_loop.hpp"

#include <malloc.h>

#include <algorithm>
#include <iostream>

#include "kiosk/app/speech.hpp"
#include "kiosk/app/start_trace.hpp"
#include "kiosk/ui/theme.hpp"

namespace standpoint::app {
namespace {

// Frames drawn after any input: the 1.86 backend polls the pointer once per frame, and a tap's
// press, release and the hover that follows each need a frame to show (docs/architecture.md).
constexpr int frames_after_input = 3;

// While the view animates, the targets file waits for it to settle, but never longer than this.
constexpr auto targets_settle_limit = std::chrono::milliseconds(500);

}  // namespace

const char* to_string(AppMode mode) {
    switch (mode) {
        case AppMode::resident:
            return "resident";
        case AppMode::pin_pad:
            return "pin_pad";
        case AppMode::staff:
            return "staff";
        case AppMode::paused:
            return "paused";
        case AppMode::set_pin_first:
            return "set_pin";
    }
    return "?";
}

void run_frame_loop(FrameLoopContext& context, KioskShell& shell) {
    ui::ViewState view;
    Speech speech;  // the speaker button's espeak-ng, a separate process (kiosk/app/speech.hpp)
    unsigned seen_inputs = context.window.input_count();
    int frames_left = frames_after_input;
    bool is_first_frame = true;
    bool was_animating = false;
    std::chrono::steady_clock::time_point animating_since{};

    while (!context.window.should_close() && !context.stop.is_stop_requested() &&
           !shell.wants_quit()) {
        if (frames_left > 0 || (view.is_animating && view.animation_frame_s <= 0)) {
            context.window.poll_events();
        } else if (view.is_animating) {
            // A gentle animation (the attract screen's glow) paces itself; input still wakes.
            context.window.wait_events(view.animation_frame_s);
        } else {
            std::optional<double> timeout_s;
            const TimePoint now = Clock::now();
            if (const std::optional<TimePoint> wake = shell.next_deadline(now))
                timeout_s =
                    std::max(std::chrono::duration<double>(*wake - now).count(), 0.0) + 0.005;
            context.window.wait_events(timeout_s);
            frames_left = 1;  // a wake-up (deadline, store outcome) draws one frame
        }
        if (context.stop.is_stop_requested()) break;
        // Restart the countdown on every input, including input during the extra frames: else
        // a release that lands in them leaves a stale "pressed" frame on screen
        // (docs/architecture.md).
        if (const unsigned inputs = context.window.input_count(); inputs != seen_inputs) {
            seen_inputs = inputs;
            frames_left = frames_after_input;
        }
        --frames_left;

        const TimePoint now = Clock::now();
        shell.collect_store_outcomes(now);
        const AppMode mode_before = shell.mode();
        const std::string screen_before = shell.drawn_screen();

        context.window.begin_frame();
        if (is_first_frame)
            start_trace_mark("first frame begun (shaders compiled, atlas uploaded)");
        view.is_speaking = speech.is_speaking();  // "Reading aloud — tap to stop" while it is
        shell.frame(view, now);
        if (is_first_frame) start_trace_mark("first frame laid out");
        context.window.end_frame();
        shell.after_frame();

        if (is_first_frame) {
            is_first_frame = false;
            const auto elapsed = std::chrono::steady_clock::now() - context.process_started;
            std::cerr << "first frame after "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                      << " ms\n";
            // What only the start needed: the first frame made the atlas's GL texture, so its
            // pixels in memory can go, and the start's freed buffers (survey and font files,
            // the atlas) go back to the system rather than staying in the heap.
            ui::release_font_pixels();
            malloc_trim(0);
            start_trace_mark("memory only the start needed released");
        }
        if (context.targets) {
            const auto steady_now = std::chrono::steady_clock::now();
            if (view.is_animating && !was_animating) animating_since = steady_now;
            was_animating = view.is_animating;
            if (!view.is_animating || steady_now - animating_since >= targets_settle_limit)
                // The draft's answers only for a tester who asked for the file.
                context.targets->publish(shell.drawn_screen(), shell.drawn_language(),
                                         shell.mode() == AppMode::resident
                                             ? draft_answers_json(shell.session())
                                             : std::string(),
                                         view.targets);
        }

        if (view.is_stop_wanted) speech.stop();
        if (view.to_speak) speech.say(view.to_speak->text, view.to_speak->language);

        // A new screen needs frames of its own: its first frame lays out, the next is settled.
        if (shell.mode() != mode_before || shell.drawn_screen() != screen_before ||
            (shell.mode() == AppMode::resident &&
             screen_name(shell.session(), shell.survey()) != shell.drawn_screen())) {
            frames_left = std::max(frames_left, 2);
            speech.stop();  // reading out the last screen's question over the next one confuses
        }
    }
}

}  // namespace standpoint::app
