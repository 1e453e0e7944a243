#include "kiosk/app/frame_loop.hpp"

#include <sys/random.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <random>

#include "kiosk/app/speech.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::app {
namespace {

// Frames drawn after any input: the 1.86 backend polls the pointer once per frame, and a tap's
// press, release and the hover that follows each need a frame to show (research §2.1).
constexpr int frames_after_input = 3;

// While the view animates, the targets file waits for it to settle, but never longer than this.
constexpr auto targets_settle_limit = std::chrono::milliseconds(500);

class KioskShell {
public:
    KioskShell(FrameLoopContext& context, Session session)
        : context_(context), session_(std::move(session)) {}

    const Session& session() const { return session_; }

    // Applies one event; a Step's response is handed to the store worker.
    void apply(Event event) {
        if (auto* start = std::get_if<Start>(&event); start && start->response_id.empty())
            start->response_id = make_response_id();
        Step step = advance(session_, event, context_.survey);
        session_ = std::move(step.session);
        if (step.to_save) save(std::move(*step.to_save));
    }

    void collect_store_outcomes(TimePoint now) {
        if (!context_.worker) return;
        for (SaveOutcome& outcome : context_.worker->take_outcomes()) {
            if (outcome.seq) {
                // The id and seq only, never answer contents: stderr ends up in system logs.
                std::cerr << "saved " << outcome.response_id << " seq " << *outcome.seq << '\n';
                apply(Saved{now});
            } else {
                std::cerr << "standpoint: could not save response " << outcome.response_id << ": "
                          << outcome.seq.error().message << '\n';
                apply(SaveFailed{outcome.seq.error().message, now});
            }
        }
    }

private:
    void save(Response response) {
        response.event_id = context_.event_id;
        response.device_id = context_.device_id;
        response.utc_offset_minutes = utc_offset_minutes_at(response.completed_at);
        if (!context_.worker) {
            apply(SaveFailed{"the response store is not open", Clock::now()});
            return;
        }
        context_.worker->save(std::move(response));
    }

    FrameLoopContext& context_;
    Session session_;
};

}  // namespace

std::string make_response_id() {
    UuidRandom random{};
    std::size_t filled = 0;
    while (filled < random.size()) {
        const ssize_t got = getrandom(random.data() + filled, random.size() - filled, 0);
        if (got <= 0) break;
        filled += static_cast<std::size_t>(got);
    }
    if (filled < random.size()) {  // getrandom cannot really fail here; never hand out zeros
        std::random_device device;
        for (auto& byte : random) byte = static_cast<std::uint8_t>(device());
    }
    const auto unix_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
            .count();
    return make_uuid_v7(static_cast<std::uint64_t>(unix_ms), random);
}

std::optional<double> seconds_until_wake(const Session& session, const Survey& survey,
                                         TimePoint now) {
    using std::chrono::duration;
    std::optional<TimePoint> wake = next_deadline(session, survey);
    if (session.still_there_until && *session.still_there_until > now) {
        const auto left = *session.still_there_until - now;
        const TimePoint second_ends = now + left % std::chrono::seconds(1);
        if (!wake || second_ends < *wake) wake = second_ends;
    }
    if (!wake) return std::nullopt;
    // Just after the moment, not just before: a Tick a hair early changes nothing and the loop
    // would sleep again for ~0 s.
    return std::max(duration<double>(*wake - now).count(), 0.0) + 0.005;
}

int utc_offset_minutes_at(TimePoint time) {
    const std::time_t seconds = Clock::to_time_t(time);
    std::tm local{};
    if (!localtime_r(&seconds, &local)) return 0;
    return static_cast<int>(local.tm_gmtoff / 60);
}

void run_frame_loop(FrameLoopContext& context, Session session) {
    KioskShell shell(context, std::move(session));
    ui::ViewState view;
    Speech speech;  // the speaker button's espeak-ng, a separate process (kiosk/app/speech.hpp)
    unsigned seen_inputs = context.window.input_count();
    int frames_left = frames_after_input;
    bool is_first_frame = true;
    bool was_animating = false;
    std::chrono::steady_clock::time_point animating_since{};

    while (!context.window.should_close() && !context.stop.is_stop_requested()) {
        if (frames_left > 0 || (view.is_animating && view.animation_frame_s <= 0)) {
            context.window.poll_events();
        } else if (view.is_animating) {
            // A gentle animation (the attract screen's glow) paces itself; input still wakes.
            context.window.wait_events(view.animation_frame_s);
        } else {
            const std::optional<double> timeout_s =
                seconds_until_wake(shell.session(), context.survey, Clock::now());
            context.window.wait_events(timeout_s);
            frames_left = 1;  // a wake-up (deadline, store outcome) draws one frame
        }
        if (context.stop.is_stop_requested()) break;
        // Restart the countdown on every input, including input during the extra frames: else
        // a release that lands in them leaves a stale "pressed" frame on screen (research §2.1).
        if (const unsigned inputs = context.window.input_count(); inputs != seen_inputs) {
            seen_inputs = inputs;
            frames_left = frames_after_input;
        }
        --frames_left;

        const TimePoint now = Clock::now();
        shell.collect_store_outcomes(now);
        shell.apply(Tick{now});
        const std::string drawn_name = screen_name(shell.session(), context.survey);
        const std::string drawn_language = session_language(shell.session());
        const std::string drawn_answers =
            context.targets ? draft_answers_json(shell.session()) : std::string();

        context.window.begin_frame();
        std::vector<Event> events =
            ui::draw_kiosk(shell.session(), context.survey, context.text, view, now);
        context.window.end_frame();

        if (is_first_frame) {
            is_first_frame = false;
            const auto elapsed = std::chrono::steady_clock::now() - context.process_started;
            std::cerr << "first frame after "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                      << " ms\n";
        }
        if (context.targets) {
            const auto steady_now = std::chrono::steady_clock::now();
            if (view.is_animating && !was_animating) animating_since = steady_now;
            was_animating = view.is_animating;
            if (!view.is_animating || steady_now - animating_since >= targets_settle_limit)
                context.targets->publish(drawn_name, drawn_language, drawn_answers, view.targets);
        }

        if (view.to_speak) speech.say(view.to_speak->text, view.to_speak->language);

        for (Event& event : events) shell.apply(std::move(event));
        // A new screen needs frames of its own: its first frame lays out, the next is settled.
        if (screen_name(shell.session(), context.survey) != drawn_name) {
            frames_left = std::max(frames_left, 2);
            speech.stop();  // reading out the last screen's question over the next one confuses
        }
    }
}

}  // namespace standpoint::app
