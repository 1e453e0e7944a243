// The kiosk's shell in the app: the pure shell (kiosk/shell/shell.hpp) as a value, the effects
// runner that carries out what it returns, the staff screen, and drawing the mode on screen.
// No window: tests drive it in a headless ImGui context.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/app/effects_runner.hpp"
#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/staff_controller.hpp"
#include "kiosk/app/survey_inbox.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/shell/shell.hpp"
#include "kiosk/store/store_worker.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::app {

enum class AppMode { resident, pin_pad, staff, paused, set_pin_first };

// Everything the shell needs; no window.
struct ShellSetup {
    Survey survey;            // the shell owns it: staff may switch it
    std::string survey_path;  // saved in the state after a switch
    UiText text;
    KioskState state;               // as loaded at start (event and survey already resolved)
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
    // Surveys from the collector (kiosk/app/survey_inbox.hpp); nullptr: sync is not set up.
    SurveyMailbox* survey_mailbox = nullptr;
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
    // Outcomes of background work (saves, PIN checks, store checks) into the shell.
    void collect_store_outcomes(TimePoint now);

    // When the shell next needs a frame without input (the staff screen's deadlines included).
    std::optional<TimePoint> next_deadline(TimePoint now) const;

    AppMode mode() const;
    bool wants_quit() const { return shell_.wants_quit; }
    const Session& session() const { return shell_.session; }
    const Survey& survey() const { return *shell_.survey; }
    const KioskState& state() const { return shell_.state; }
    bool is_pin_worker_busy() const { return runner_->is_pin_busy(); }  // "Checking…" is shown
    // What the last frame showed, for the targets file: the resident screen_name(), or "pin_pad",
    // "set_pin", "set_pin:confirm", "staff", "paused".
    const std::string& drawn_screen() const { return drawn_screen_; }
    const std::string& drawn_language() const { return drawn_language_; }

private:
    void feed(const shell::ShellEvent& event);
    void pad_frame(ui::ViewState& view, TimePoint now);
    void staff_frame(ui::ViewState& view, TimePoint now);
    void switch_survey(StaffSwitchSurvey change, TimePoint now);

    ShellSetup setup_;
    shell::Shell shell_;
    UiText text_;
    bool are_fonts_stale_ = false;
    std::unique_ptr<StaffController> staff_;
    std::unique_ptr<EffectsRunner> runner_;  // last: its threads may call wake while they stop
    std::string drawn_screen_;
    std::string drawn_language_;
    std::optional<shell::StagedSurvey> switch_now_;  // SwitchSurvey, carried out after its feed
    std::string staged_shown_;                        // what the staff screen says is waiting
};

}  // namespace standpoint::app
