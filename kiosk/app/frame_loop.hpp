// The event-driven frame loop (research/imgui-touch-kiosk.md §2.2) and the app shell around the
// session: the one place where a session Step has effects (saving, logging, response ids), and
// where staff mode is wired in (docs/staff.md).
//
// An untouched kiosk draws nothing: the loop sleeps in glfwWaitEvents until input, a store
// outcome (the worker posts an empty event), a stop signal, or the shell's next deadline.
//
// The shell is a set of app modes around the resident Session:
//
//   SetPinFirst --(PIN set)--> Staff <--(right PIN)-- PinPad <--(hidden gesture)-- Resident
//                                |                      |                          Paused
//                                +--(close)--> Resident or Paused <--(cancel)------+
//
// The hidden gesture is watched only on the attract and "not available" screens and on the paused
// screen, so a resident in the middle of a survey can never be interrupted by staff mode, and the
// PIN pad never covers someone's half-given answers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/pin_hash.hpp"
#include "kiosk/app/staff_controller.hpp"
#include "kiosk/app/stop_signals.hpp"
#include "kiosk/app/targets_file.hpp"
#include "kiosk/app/window.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/staff_gate.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/store/store_worker.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::app {

enum class AppMode { resident, pin_pad, staff, paused, set_pin_first };
const char* to_string(AppMode mode);

// The PIN pad closes itself after this long untouched (not the first-start one).
inline constexpr std::chrono::seconds pin_pad_idle_close{60};

// Saves KioskState off the frame loop: the newest state wins, a thread of its own writes it
// (fsync, rename, folder fsync) and reports a failure on stderr. Not the StoreWorker: the kiosk
// state must be saved even when the store could not be opened.
class StateSaver {
public:
    explicit StateSaver(std::filesystem::path data_dir);
    ~StateSaver();  // writes what is pending, then joins
    StateSaver(const StateSaver&) = delete;
    StateSaver& operator=(const StateSaver&) = delete;

    void save(const KioskState& state);  // never blocks on disk

private:
    void run();

    std::filesystem::path data_dir_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::optional<KioskState> pending_;
    bool is_stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

// Everything the shell needs; no window, so tests drive it in a headless ImGui context.
struct ShellSetup {
    Survey survey;            // the shell owns it: staff may switch it
    std::string survey_path;  // saved in the state after a switch
    UiText text;
    KioskState state;               // as loaded at start (event and survey already resolved)
    std::string default_event_id;   // responses' event when state.event_id is "" (today's date)
    StoreWorker* worker = nullptr;  // nullptr: the store could not be opened
    std::string store_problem;      // why worker is nullptr
    std::string device_id;
    StaffContext staff;  // survey and text are filled in by the shell
    std::function<void(const KioskState&)> save_state;  // must not block (StateSaver::save)
    // A survey staff switched to: drop languages this machine cannot show and load its UI texts
    // (an Error keeps the old survey). Called on the frame loop; reads small files only.
    std::function<Result<UiText>(Survey&, const std::string& path)> prepare_survey;
    // Rebuilds the font atlas for a new survey; called between frames, never inside one.
    std::function<void(const Survey&, const UiText&)> rebuild_fonts;
    std::function<void()> wake;  // from any thread: a background answer is ready
};

class KioskShell {
public:
    KioskShell(ShellSetup setup, TimePoint now);
    ~KioskShell();
    KioskShell(const KioskShell&) = delete;
    KioskShell& operator=(const KioskShell&) = delete;

    // One frame, between ImGui::NewFrame and ImGui::Render: reads the finger from ImGui's io,
    // draws the current mode and applies what was tapped.
    void frame(ui::ViewState& view, TimePoint now);
    // Between frames (outside NewFrame..Render): the font rebuild after a survey switch.
    void after_frame();
    // Responses the store worker has saved (or could not): Saved / SaveFailed into the session.
    void collect_store_outcomes(TimePoint now);

    // When the shell next needs a frame without input: the session's deadlines, the gesture's 3 s
    // mark, the PIN lock's countdown, the pad's and the staff screen's idle close.
    std::optional<TimePoint> next_deadline(TimePoint now) const;

    AppMode mode() const { return mode_; }
    bool wants_quit() const { return wants_quit_; }
    const Session& session() const { return session_; }
    const Survey& survey() const { return survey_; }
    const KioskState& state() const { return state_; }
    bool is_pin_worker_busy() const { return pin_worker_->is_busy(); }  // "Checking…" is shown
    // What the last frame showed, for the targets file: the resident screen_name(), or "pin_pad",
    // "set_pin", "set_pin:confirm", "staff", "paused".
    const std::string& drawn_screen() const { return drawn_screen_; }
    const std::string& drawn_language() const { return drawn_language_; }
    const std::string& drawn_answers() const { return drawn_answers_; }

private:
    struct Pad;

    void apply(Event event);
    void save_response(Response response);
    Session fresh_session(TimePoint now) const;
    bool watches_gesture() const;
    void feed_gesture(TimePoint now);
    void open_pad(TimePoint now);
    void leave_pad();
    void pad_frame(ui::ViewState& view, TimePoint now);
    void take_pin_answer(TimePoint now);
    void open_staff(TimePoint now);
    void staff_frame(ui::ViewState& view, TimePoint now);
    void switch_survey(StaffSwitchSurvey change, TimePoint now);
    void save_state() const;
    std::string event_id() const;

    ShellSetup setup_;
    Survey& survey_;
    UiText& text_;
    KioskState& state_;
    Session session_;
    AppMode mode_ = AppMode::resident;
    AppMode pad_returns_to_ = AppMode::resident;
    bool wants_quit_ = false;
    bool are_fonts_stale_ = false;
    CornerGesture gesture_;
    std::unique_ptr<Pad> pad_;
    std::unique_ptr<StaffController> staff_;
    std::unique_ptr<PinWorker> pin_worker_;  // last: its thread may call wake while it stops
    std::string drawn_screen_;
    std::string drawn_language_;
    std::string drawn_answers_;
};

struct FrameLoopContext {
    Window& window;
    TargetsFile* targets = nullptr;  // only when STANDPOINT_TARGETS_FILE is set
    const StopSignals& stop;
    std::chrono::steady_clock::time_point process_started;  // for "first frame after N ms"
};

// Runs until the window may close (--windowed), a stop signal arrives, or staff quit.
void run_frame_loop(FrameLoopContext& context, KioskShell& shell);

// When the session next needs a frame by itself: its next deadline, and while "Are you still
// there?" counts down, the moment the number of seconds shown changes. nullopt = until input.
std::optional<TimePoint> session_wake_time(const Session& session, const Survey& survey,
                                           TimePoint now);

// How long the loop may sleep until `session_wake_time`: slightly after the moment, never
// before. nullopt = until input.
std::optional<double> seconds_until_wake(const Session& session, const Survey& survey,
                                         TimePoint now);

// A fresh UUIDv7 for a response, from the clock and getrandom().
std::string make_response_id();

// The kiosk's offset from UTC at `time` in minutes (BST: 60), from the local time zone.
int utc_offset_minutes_at(TimePoint time);

}  // namespace standpoint::app
