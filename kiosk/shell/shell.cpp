// advance_shell: one function for every event, each event's rule in one place (shell.hpp).
#include "kiosk/shell/shell.hpp"

#include <algorithm>

#include "kiosk/core/local_time.hpp"
#include "kiosk/shell/event_rule.hpp"
#include "kiosk/shell/pin_pad_flow.hpp"

namespace standpoint::shell {
namespace {

std::optional<TimePoint> earliest(std::optional<TimePoint> a, std::optional<TimePoint> b) {
    if (!a) return b;
    if (!b) return a;
    return std::min(*a, *b);
}

// Residents start afresh: the attract screen, or "not available" when there is no store.
Session fresh_session(const Shell& shell, TimePoint now) {
    Session session = start_session(*shell.survey, now);
    if (!shell.has_store)
        session.screen = Unavailable{shell.store_problem, shell.survey->default_language()};
    return session;
}

bool is_unavailable(const Session& session) {
    return std::holds_alternative<Unavailable>(session.screen);
}

void apply_to_session(Shell& shell, const Event& event, std::vector<Effect>& effects);

// The shell is where a completed response gets what the session does not know: the event (one
// rule, event_rule.hpp), the device and the UTC offset.
void save_response(Shell& shell, Response response, std::vector<Effect>& effects) {
    response.event_id = event_for(shell.state, response.started_at);
    response.device_id = shell.device_id;
    response.utc_offset_minutes = utc_offset_minutes_at(response.completed_at);
    if (!shell.has_store) {
        apply_to_session(shell, SaveFailed{"the response store is not open", response.completed_at},
                         effects);
        return;
    }
    effects.push_back(SaveResponse{std::move(response)});
}

void apply_to_session(Shell& shell, const Event& event, std::vector<Effect>& effects) {
    Step step = advance(shell.session, event, *shell.survey);
    shell.session = std::move(step.session);
    if (step.to_save) save_response(shell, std::move(*step.to_save), effects);
}

void sample_pointer(Shell& shell, const PointerSample& pointer, std::vector<Effect>& effects) {
    if (auto* pad = std::get_if<PinPadMode>(&shell.mode); pad && pointer.is_down)
        pad->pad.last_touch = pointer.at;
    if (!watches_gesture(shell)) {
        shell.gesture.reset();
        return;
    }
    shell.gesture.set_screen(pointer.width, pointer.height, pointer.drag_threshold_px);
    if (shell.gesture.feed(pointer.is_down, pointer.x, pointer.y, pointer.at)) {
        PinPadMode pad;
        pad.returns_to_paused = std::holds_alternative<PausedMode>(shell.mode);
        pad.pad.last_touch = pointer.at;
        shell.mode = std::move(pad);
        shell.gesture.reset();
    } else if (shell.gesture.is_hold_complete()) {
        effects.push_back(CancelPress{});
    }
}

// A staged survey replaces the running one only on the attract screen with nobody at it: never
// in the middle of someone's answers, never under the staff screen or the PIN pad.
void switch_when_ready(Shell& shell, std::vector<Effect>& effects) {
    if (!shell.staged || !std::holds_alternative<ResidentMode>(shell.mode) ||
        !std::holds_alternative<Attract>(shell.session.screen) || shell.session.still_there_until)
        return;
    effects.push_back(Log{"switching at the attract screen to the survey staged from " +
                          shell.staged->origin + ": " + shell.staged->path});
    effects.push_back(SwitchSurvey{std::move(*shell.staged)});
    shell.staged.reset();
}

void tick(Shell& shell, TimePoint now, std::vector<Effect>& effects) {
    apply_to_session(shell, standpoint::Tick{now}, effects);
    if (const auto* pad = std::get_if<PinPadMode>(&shell.mode);
        pad && now - pad->pad.last_touch >= pin_pad_idle_close)
        leave_pad(shell);
    switch_when_ready(shell, effects);
}

void refuse_staged(Shell& shell, std::vector<Effect>& effects) {
    if (!shell.staged) return;
    effects.push_back(Log{"staff refused the survey staged from " + shell.staged->origin});
    effects.push_back(ForgetStagedSurvey{shell.staged->survey->sha256});
    shell.staged.reset();
}

void take_saved(Shell& shell, const ResponseSaved& saved, std::vector<Effect>& effects) {
    if (saved.seq) {
        // The id and seq only, never answer contents: the log ends up in system logs.
        effects.push_back(Log{"saved " + saved.response_id + " seq " + std::to_string(*saved.seq)});
        apply_to_session(shell, Saved{saved.at}, effects);
        effects.push_back(SyncNow{});
        return;
    }
    effects.push_back(Log{"could not save response " + saved.response_id + ": " + saved.problem});
    apply_to_session(shell, SaveFailed{saved.problem, saved.at}, effects);
}

// Residents start afresh, except that "not available" is left only when the store can write
// again (StoreRecovered), never because staff looked at the staff screen.
void close_staff(Shell& shell, TimePoint now, std::vector<Effect>& effects) {
    if (shell.state.is_paused)
        shell.mode = PausedMode{};
    else
        shell.mode = ResidentMode{};
    if (is_unavailable(shell.session)) {
        if (shell.has_store) effects.push_back(CheckStore{});
        return;
    }
    shell.session = fresh_session(shell, now);
}

void take_store_checked(Shell& shell, const StoreChecked& checked, std::vector<Effect>& effects) {
    if (!is_unavailable(shell.session)) return;
    if (checked.can_write) {
        effects.push_back(Log{"the store takes responses again"});
        apply_to_session(shell, StoreRecovered{checked.at}, effects);
    } else {
        apply_to_session(shell, SaveFailed{checked.problem, checked.at}, effects);
    }
}

void switch_survey(Shell& shell, const SurveySwitched& change, std::vector<Effect>& effects) {
    shell.survey = change.survey;
    if (!is_unavailable(shell.session) || !shell.has_store)
        shell.session = fresh_session(shell, change.at);
    shell.state.survey_path = change.path;
    effects.push_back(RememberSurvey{change.survey, change.kept});
    effects.push_back(RebuildFonts{});
    effects.push_back(SaveState{shell.state});
    effects.push_back(Log{"switched to the survey " + change.path});
}

}  // namespace

const char* mode_name(const Mode& mode) {
    static constexpr const char* names[] = {"resident", "pin_pad", "set_pin", "staff", "paused"};
    return names[mode.index()];
}

Shell start_shell(std::shared_ptr<const Survey> survey, KioskState state, bool has_store,
                  std::string store_problem, std::string device_id, TimePoint now) {
    Shell shell;
    shell.survey = std::move(survey);
    shell.state = std::move(state);
    shell.has_store = has_store;
    shell.store_problem = std::move(store_problem);
    shell.device_id = std::move(device_id);
    shell.session = fresh_session(shell, now);
    // The kiosk goes live for residents only once staff have a way in. Without a store it is not
    // live anyway: residents see "not available" (a PIN could not be saved there either).
    if (shell.state.pin_hash.empty() && has_store) {
        SetPinMode setting;
        setting.pad.last_touch = now;
        shell.mode = std::move(setting);
    } else if (shell.state.is_paused) {
        shell.mode = PausedMode{};
    }
    return shell;
}

ShellStep advance_shell(Shell shell, const ShellEvent& event) {
    std::vector<Effect> effects;
    std::visit(
        [&](const auto& each) {
            using T = std::decay_t<decltype(each)>;
            if constexpr (std::is_same_v<T, Tick>) {
                tick(shell, each.now, effects);
            } else if constexpr (std::is_same_v<T, PointerSample>) {
                sample_pointer(shell, each, effects);
            } else if constexpr (std::is_same_v<T, ResidentInput>) {
                if (std::holds_alternative<ResidentMode>(shell.mode))
                    apply_to_session(shell, each.event, effects);
            } else if constexpr (std::is_same_v<T, PadKeyPressed>) {
                press_pad_key(shell, each, effects);
            } else if constexpr (std::is_same_v<T, PinChecked>) {
                take_pin_checked(shell, each, effects);
            } else if constexpr (std::is_same_v<T, PinHashed>) {
                take_pin_hashed(shell, each, effects);
            } else if constexpr (std::is_same_v<T, ResponseSaved>) {
                take_saved(shell, each, effects);
            } else if constexpr (std::is_same_v<T, StoreChecked>) {
                take_store_checked(shell, each, effects);
            } else if constexpr (std::is_same_v<T, StaffClosed>) {
                if (std::holds_alternative<StaffMode>(shell.mode))
                    close_staff(shell, each.at, effects);
            } else if constexpr (std::is_same_v<T, StaffQuit>) {
                shell.wants_quit = true;
                effects.push_back(Quit{});
            } else if constexpr (std::is_same_v<T, EventSet>) {
                shell.state.event_name = each.event_name;
                shell.state.venue = each.venue;
                shell.state.event_id = each.event_id;
                effects.push_back(SaveState{shell.state});
            } else if constexpr (std::is_same_v<T, PausedSet>) {
                shell.state.is_paused = each.is_paused;
                effects.push_back(SaveState{shell.state});
            } else if constexpr (std::is_same_v<T, SurveySwitched>) {
                switch_survey(shell, each, effects);
            } else if constexpr (std::is_same_v<T, StagedSurveyReady>) {
                shell.staged = each.staged;  // a newer one replaces one still waiting
                effects.push_back(Log{"staged a survey from " + each.staged.origin +
                                      "; it starts at the next attract screen"});
                switch_when_ready(shell, effects);
            } else if constexpr (std::is_same_v<T, StagedSurveyRefused>) {
                if (std::holds_alternative<StaffMode>(shell.mode)) refuse_staged(shell, effects);
            }
        },
        event);
    return ShellStep{std::move(shell), std::move(effects)};
}

bool watches_gesture(const Shell& shell) {
    if (std::holds_alternative<PausedMode>(shell.mode)) return true;
    if (!std::holds_alternative<ResidentMode>(shell.mode) || shell.session.still_there_until)
        return false;
    // The attract screen's bottom-right corner holds no button, and the top-left hold is
    // cancelled before it can press the A+ button it may overlap; "not available" has none.
    return std::holds_alternative<Attract>(shell.session.screen) || is_unavailable(shell.session);
}

std::optional<TimePoint> session_wake_time(const Session& session, const Survey& survey,
                                           TimePoint now) {
    std::optional<TimePoint> wake = standpoint::next_deadline(session, survey);
    if (session.still_there_until && *session.still_there_until > now) {
        const auto left = *session.still_there_until - now;
        wake = earliest(wake, now + left % std::chrono::seconds(1));  // the seconds shown change
    }
    return wake;
}

std::optional<TimePoint> next_deadline(const Shell& shell, TimePoint now) {
    std::optional<TimePoint> wake = shell.gesture.next_deadline();
    if (std::holds_alternative<ResidentMode>(shell.mode))
        wake = earliest(wake, session_wake_time(shell.session, *shell.survey, now));
    if (const auto* pad = std::get_if<PinPadMode>(&shell.mode)) {
        wake = earliest(wake, pad->pad.last_touch + pin_pad_idle_close);
        const PinLockout lockout{shell.state.failed_pin_attempts, shell.state.pin_locked_until_ms};
        const auto left = pin_lock_remaining(lockout, unix_ms(now));
        if (left.count() > 0) wake = earliest(wake, now + left % std::chrono::seconds(1));
    }
    return wake;
}

}  // namespace standpoint::shell
