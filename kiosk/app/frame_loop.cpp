// Index:
//   [Helpers]     response ids, UTC offset, session wake time
//   [StateSaver]  the kiosk state written off the frame loop
//   [Shell]       resident session, modes, hidden gesture
//   [Pad]         the PIN pad and the first-start "set a staff PIN"
//   [Staff]       the staff screen's outcomes, survey switch
//   [Loop]        run_frame_loop
#include "kiosk/app/frame_loop.hpp"

#include <imgui.h>
#include <sys/random.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <random>

#include "kiosk/app/speech.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/ui/pin_pad.hpp"
#include "kiosk/ui/staff_view.hpp"

namespace standpoint::app {
namespace {

// Frames drawn after any input: the 1.86 backend polls the pointer once per frame, and a tap's
// press, release and the hover that follows each need a frame to show (research §2.1).
constexpr int frames_after_input = 3;

// While the view animates, the targets file waits for it to settle, but never longer than this.
constexpr auto targets_settle_limit = std::chrono::milliseconds(500);

std::optional<TimePoint> earliest(std::optional<TimePoint> a, std::optional<TimePoint> b) {
    if (!a) return b;
    if (!b) return a;
    return std::min(*a, *b);
}

// "45 s", "2 min 30 s": how long the pad stays locked.
std::string spoken_duration(std::chrono::milliseconds left) {
    const long long seconds = (left.count() + 999) / 1000;
    if (seconds < 60) return std::to_string(seconds) + " s";
    const long long rest = seconds % 60;
    return std::to_string(seconds / 60) + " min" + (rest ? " " + std::to_string(rest) + " s" : "");
}

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

// ---------------------------------------------------------------------------------- [Helpers]

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

std::optional<TimePoint> session_wake_time(const Session& session, const Survey& survey,
                                           TimePoint now) {
    std::optional<TimePoint> wake = next_deadline(session, survey);
    if (session.still_there_until && *session.still_there_until > now) {
        const auto left = *session.still_there_until - now;
        wake = earliest(wake, now + left % std::chrono::seconds(1));
    }
    return wake;
}

std::optional<double> seconds_until_wake(const Session& session, const Survey& survey,
                                         TimePoint now) {
    const std::optional<TimePoint> wake = session_wake_time(session, survey, now);
    if (!wake) return std::nullopt;
    // Just after the moment, not just before: a Tick a hair early changes nothing and the loop
    // would sleep again for ~0 s.
    return std::max(std::chrono::duration<double>(*wake - now).count(), 0.0) + 0.005;
}

int utc_offset_minutes_at(TimePoint time) {
    const std::time_t seconds = Clock::to_time_t(time);
    std::tm local{};
    if (!localtime_r(&seconds, &local)) return 0;
    return static_cast<int>(local.tm_gmtoff / 60);
}

// ---------------------------------------------------------------------------------- [StateSaver]

StateSaver::StateSaver(std::filesystem::path data_dir)
    : data_dir_(std::move(data_dir)), thread_([this] { run(); }) {}

StateSaver::~StateSaver() {
    {
        std::lock_guard lock(mutex_);
        is_stopping_ = true;
    }
    wanted_.notify_one();
    thread_.join();
}

void StateSaver::save(const KioskState& state) {
    {
        std::lock_guard lock(mutex_);
        pending_ = state;  // a newer state replaces one not yet written: only the last counts
    }
    wanted_.notify_one();
}

void StateSaver::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wanted_.wait(lock, [&] { return pending_.has_value() || is_stopping_; });
        if (!pending_) return;  // stopping, everything written
        const KioskState state = std::move(*pending_);
        pending_.reset();
        lock.unlock();
        if (Status saved = save_kiosk_state(data_dir_, state); !saved)
            std::cerr << "standpoint: " << saved.error().message << '\n';
        lock.lock();
    }
}

// ---------------------------------------------------------------------------------- [Shell]

struct KioskShell::Pad {
    std::string entered;      // the digits typed; wiped on every way out
    std::string first_entry;  // setting a PIN: the first entry, waiting for the second
    bool is_confirming = false;
    std::string message;
    bool is_problem = false;
    TimePoint last_touch{};

    void clear_digits() {
        wipe_secret(entered);
        wipe_secret(first_entry);
        is_confirming = false;
    }
    ~Pad() { clear_digits(); }
};

KioskShell::KioskShell(ShellSetup setup, TimePoint now)
    : setup_(std::move(setup)),
      survey_(setup_.survey),
      text_(setup_.text),
      state_(setup_.state),
      pad_(std::make_unique<Pad>()) {
    session_ = fresh_session(now);
    StaffContext staff = setup_.staff;
    staff.survey = &survey_;
    staff.text = &text_;
    staff.worker = setup_.worker;
    staff.store_problem = setup_.store_problem;
    if (!staff.wake) staff.wake = setup_.wake;
    staff_ = std::make_unique<StaffController>(std::move(staff));
    pin_worker_ = std::make_unique<PinWorker>(setup_.wake);
    // The kiosk goes live for residents only once staff have a way in. Without a store it is not
    // live anyway: residents see "not available" (a PIN could not be saved there either).
    if (state_.pin_hash.empty() && setup_.worker) {
        mode_ = AppMode::set_pin_first;
        pad_->last_touch = now;
    } else if (state_.is_paused) {
        mode_ = AppMode::paused;
    }
}

KioskShell::~KioskShell() {
    pin_worker_.reset();  // joins before the pad's digits and the rest go
}

std::string KioskShell::event_id() const {
    return state_.event_id.empty() ? setup_.default_event_id : state_.event_id;
}

void KioskShell::save_state() const {
    if (setup_.save_state) setup_.save_state(state_);
}

Session KioskShell::fresh_session(TimePoint now) const {
    Session session = start_session(survey_, now);
    if (!setup_.worker)
        session.screen = Unavailable{setup_.store_problem, survey_.default_language()};
    return session;
}

void KioskShell::apply(Event event) {
    if (auto* start = std::get_if<Start>(&event); start && start->response_id.empty())
        start->response_id = make_response_id();
    Step step = advance(session_, event, survey_);
    session_ = std::move(step.session);
    if (step.to_save) save_response(std::move(*step.to_save));
}

void KioskShell::save_response(Response response) {
    response.event_id = event_id();
    response.device_id = setup_.device_id;
    response.utc_offset_minutes = utc_offset_minutes_at(response.completed_at);
    if (!setup_.worker) {
        apply(SaveFailed{"the response store is not open", Clock::now()});
        return;
    }
    setup_.worker->save(std::move(response));
}

void KioskShell::collect_store_outcomes(TimePoint now) {
    if (!setup_.worker) return;
    for (SaveOutcome& outcome : setup_.worker->take_outcomes()) {
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

// The gesture is watched where no resident is in the middle of something: the attract screen
// (its bottom-right corner holds no button, and the top-left hold is cancelled before it can
// press the A+ button it may overlap) and the "not available" screen (no buttons at all), and
// the paused screen. Never on a question, the privacy notice or the thank-you screen.
bool KioskShell::watches_gesture() const {
    if (mode_ == AppMode::paused) return true;
    if (mode_ != AppMode::resident || session_.still_there_until) return false;
    return std::holds_alternative<Attract>(session_.screen) ||
           std::holds_alternative<Unavailable>(session_.screen);
}

void KioskShell::feed_gesture(TimePoint now) {
    if (!watches_gesture()) {
        gesture_.reset();
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    gesture_.set_screen(io.DisplaySize.x, io.DisplaySize.y, io.MouseDragThreshold);
    if (gesture_.feed(io.MouseDown[0], io.MousePos.x, io.MousePos.y, now)) {
        open_pad(now);
    } else if (gesture_.is_hold_complete()) {
        ui::cancel_press();  // the 3 s corner hold is staff's, not a tap on what lies under it
    }
}

void KioskShell::frame(ui::ViewState& view, TimePoint now) {
    apply(Tick{now});
    take_pin_answer(now);
    feed_gesture(now);
    drawn_language_ = session_language(session_);
    drawn_answers_.clear();
    switch (mode_) {
        case AppMode::resident: {
            drawn_screen_ = screen_name(session_, survey_);
            drawn_answers_ = draft_answers_json(session_);
            std::vector<Event> events = ui::draw_kiosk(session_, survey_, text_, view, now);
            for (Event& event : events) apply(std::move(event));
            break;
        }
        case AppMode::paused:
            drawn_screen_ = "paused";
            drawn_language_ = survey_.default_language();
            ui::draw_back_soon(text_, drawn_language_, view);
            break;
        case AppMode::pin_pad:
        case AppMode::set_pin_first:
            pad_frame(view, now);
            break;
        case AppMode::staff:
            staff_frame(view, now);
            break;
    }
}

void KioskShell::after_frame() {
    if (!are_fonts_stale_) return;
    are_fonts_stale_ = false;
    if (setup_.rebuild_fonts) setup_.rebuild_fonts(survey_, text_);
}

std::optional<TimePoint> KioskShell::next_deadline(TimePoint now) const {
    std::optional<TimePoint> wake = gesture_.next_deadline();
    switch (mode_) {
        case AppMode::resident:
            wake = earliest(wake, session_wake_time(session_, survey_, now));
            break;
        case AppMode::paused:
            break;
        case AppMode::pin_pad: {
            wake = earliest(wake, pad_->last_touch + pin_pad_idle_close);
            // While locked, the countdown changes once a second.
            const PinLockout lockout{state_.failed_pin_attempts, state_.pin_locked_until_ms};
            const auto left = pin_lock_remaining(lockout, unix_ms(now));
            if (left.count() > 0) wake = earliest(wake, now + left % std::chrono::seconds(1));
            break;
        }
        case AppMode::set_pin_first:
            break;
        case AppMode::staff:
            wake = earliest(wake, staff_->next_deadline());
            break;
    }
    return wake;
}

// ---------------------------------------------------------------------------------- [Pad]

void KioskShell::open_pad(TimePoint now) {
    pad_returns_to_ = mode_;
    mode_ = AppMode::pin_pad;
    pad_->clear_digits();
    pad_->message.clear();
    pad_->is_problem = false;
    pad_->last_touch = now;
    gesture_.reset();
}

void KioskShell::leave_pad() {
    pad_->clear_digits();
    pad_->message.clear();
    mode_ = pad_returns_to_;
}

void KioskShell::take_pin_answer(TimePoint now) {
    std::optional<PinWorker::Answer> answer = pin_worker_->take_answer();
    if (!answer) return;
    if (answer->is_check) {
        // A wrong PIN counts even when the pad was cancelled while it was checked: else
        // cancelling every try would dodge the lockout.
        if (answer->is_right) {
            const PinLockout cleared = after_right_pin();
            state_.failed_pin_attempts = cleared.failed_attempts;
            state_.pin_locked_until_ms = cleared.locked_until_ms;
            save_state();
            pad_->message.clear();
            if (mode_ == AppMode::pin_pad) open_staff(now);
            return;
        }
        const PinLockout lockout =
            after_wrong_pin({state_.failed_pin_attempts, state_.pin_locked_until_ms}, unix_ms(now));
        state_.failed_pin_attempts = lockout.failed_attempts;
        state_.pin_locked_until_ms = lockout.locked_until_ms;
        save_state();  // before anything else: pulling the plug must not reset the count
        const int left = pin_tries_left(lockout);
        pad_->is_problem = true;
        pad_->message = left > 0 ? "Wrong PIN, " + std::to_string(left) +
                                       (left == 1 ? " try left." : " tries left.")
                                 : "Wrong PIN.";
        return;
    }
    if (mode_ != AppMode::set_pin_first) return;
    if (!answer->new_hash) {
        pad_->is_problem = true;
        pad_->message = answer->new_hash.error().message;
        return;
    }
    state_.pin_hash = *answer->new_hash;
    state_.failed_pin_attempts = 0;
    state_.pin_locked_until_ms = 0;
    save_state();
    std::cerr << "standpoint: the staff PIN was set on the kiosk\n";
    pad_->message.clear();
    open_staff(now);  // whoever set it is staff: the event can be set up before residents come
}

void KioskShell::pad_frame(ui::ViewState& view, TimePoint now) {
    Pad& pad = *pad_;
    const bool is_setting = mode_ == AppMode::set_pin_first;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0]) pad.last_touch = now;
    if (!is_setting && now - pad.last_touch >= pin_pad_idle_close) {
        leave_pad();
        frame(view, now);  // draw where it went back to, in this frame
        return;
    }
    const PinLockout lockout{state_.failed_pin_attempts, state_.pin_locked_until_ms};
    const auto locked_for =
        is_setting ? std::chrono::milliseconds(0) : pin_lock_remaining(lockout, unix_ms(now));
    const bool is_busy = pin_worker_->is_busy();

    ui::PinPadModel model;
    if (is_setting) {
        model.title = pad.is_confirming ? "Enter the same PIN again" : "Set a staff PIN";
        model.hint = pad.is_confirming
                         ? "To be sure it is the one you meant."
                         : "The kiosk starts taking answers once staff have a PIN. Choose 4 to "
                           "8 digits, not 1234 or 0000.";
        model.can_cancel = false;
    } else {
        model.title = "Staff PIN";
    }
    model.digit_count = pad.entered.size();
    model.takes_digits = !is_busy && locked_for.count() == 0;
    if (is_busy) {
        model.message = is_setting ? "Saving…" : "Checking…";
    } else if (locked_for.count() > 0) {
        model.message =
            "Too many wrong PINs. The pad is locked for " + spoken_duration(locked_for) + ".";
        model.is_problem = true;
    } else {
        model.message = pad.message;
        model.is_problem = pad.is_problem;
    }
    drawn_screen_ = is_setting ? (pad.is_confirming ? "set_pin:confirm" : "set_pin") : "pin_pad";
    drawn_language_ = "en";

    const ui::PinPadPress press = ui::draw_pin_pad(model, view);
    switch (press.key) {
        case ui::PinKey::none:
            break;
        case ui::PinKey::digit:
            if (pad.entered.size() < longest_pin) pad.entered.push_back(press.digit);
            pad.message.clear();
            break;
        case ui::PinKey::erase:
            if (!pad.entered.empty()) {
                pad.entered.back() = '\0';
                pad.entered.pop_back();
            }
            break;
        case ui::PinKey::cancel:
            leave_pad();
            break;
        case ui::PinKey::ok:
            pad.is_problem = true;
            if (!is_setting) {
                if (pad.entered.size() < shortest_pin) {
                    pad.message = "A staff PIN has 4 to 8 digits.";
                    break;
                }
                pad.message.clear();
                pin_worker_->check(state_.pin_hash, pad.entered);  // wipes pad.entered
            } else if (!pad.is_confirming) {
                if (Status rules = check_new_pin(pad.entered); !rules) {
                    pad.message = rules.error().message;
                    wipe_secret(pad.entered);
                    break;
                }
                pad.message.clear();
                pad.first_entry = pad.entered;
                wipe_secret(pad.entered);
                pad.is_confirming = true;
            } else if (pad.entered != pad.first_entry) {
                pad.clear_digits();
                pad.message = "The two PINs were different. Choose the PIN again.";
            } else {
                pad.message.clear();
                pin_worker_->hash(pad.entered);  // wipes pad.entered
                wipe_secret(pad.first_entry);
                pad.is_confirming = false;
            }
            break;
    }
}

// ---------------------------------------------------------------------------------- [Staff]

void KioskShell::open_staff(TimePoint now) {
    mode_ = AppMode::staff;
    pad_->clear_digits();
    staff_->open(state_, now);
}

void KioskShell::staff_frame(ui::ViewState& view, TimePoint now) {
    drawn_screen_ = "staff";
    drawn_language_ = "en";
    view.is_animating = false;
    StaffOutcome outcome = staff_->draw(now);
    // The staff screen keeps its own targets; copied here so the targets file (xdotool tests)
    // lists the staff screen's buttons rather than the resident's, which are not on screen.
    const ui::StaffViewState* staff_view = ui::last_staff_view();
    view.targets = staff_view ? staff_view->touch.targets : std::vector<ui::TapTarget>{};
    if (std::holds_alternative<StaffClose>(outcome)) {
        // Residents start afresh on the attract screen (or the paused one).
        mode_ = state_.is_paused ? AppMode::paused : AppMode::resident;
        session_ = fresh_session(now);
    } else if (std::holds_alternative<StaffQuit>(outcome)) {
        wants_quit_ = true;
    } else if (auto* change = std::get_if<StaffSwitchSurvey>(&outcome)) {
        switch_survey(std::move(*change), now);
    } else if (auto* changed = std::get_if<StaffStateChanged>(&outcome)) {
        // The PIN and its lockout are the shell's: the staff screen's copy may be older.
        KioskState next = std::move(changed->state);
        next.pin_hash = state_.pin_hash;
        next.failed_pin_attempts = state_.failed_pin_attempts;
        next.pin_locked_until_ms = state_.pin_locked_until_ms;
        state_ = std::move(next);
        save_state();
    }
}

void KioskShell::switch_survey(StaffSwitchSurvey change, TimePoint now) {
    Survey next = std::move(change.survey);
    const std::string path = change.path.string();
    Result<UiText> text = setup_.prepare_survey ? setup_.prepare_survey(next, path) : text_;
    if (!text) {
        std::cerr << "standpoint: kept the survey in use: " << text.error().message << '\n';
        return;
    }
    if (setup_.worker) {
        const SurveyRef ref{next.id, next.version, next.sha256};
        setup_.worker->run_on_store([ref, bytes = std::move(change.bytes)](ResponseStore& store) {
            if (Status kept = store.remember_survey(ref, bytes); !kept)
                std::cerr << "standpoint: " << kept.error().message << '\n';
        });
    }
    survey_ = std::move(next);
    text_ = std::move(*text);
    staff_->set_survey(&survey_, &text_);
    session_ = fresh_session(now);
    are_fonts_stale_ = true;
    state_.survey_path = path;
    save_state();
    std::cerr << "standpoint: staff switched to the survey " << path << '\n';
}

// ---------------------------------------------------------------------------------- [Loop]

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
        // a release that lands in them leaves a stale "pressed" frame on screen (research §2.1).
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
        view.is_speaking = speech.is_speaking();  // "Reading aloud — tap to stop" while it is
        shell.frame(view, now);
        context.window.end_frame();
        shell.after_frame();

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
                context.targets->publish(shell.drawn_screen(), shell.drawn_language(),
                                         shell.drawn_answers(), view.targets);
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
