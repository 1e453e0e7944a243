// The staff screen's behaviour (docs/staff.md): opened by the frame loop after the hidden gesture
// and the right PIN, it shows today's results, sync and store health, and runs the staff's
// actions off the frame loop (store work on the StoreWorker's thread, export on its own thread).
// It draws with kiosk/ui/staff_view.hpp and tells the frame loop what to do next.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/removable_drives.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/shell/shell.hpp"
#include "kiosk/store/store_worker.hpp"
#include "sync/client/sync_client.hpp"

namespace standpoint::app {

struct StaffContext {
    const Survey* survey = nullptr;  // the survey running now
    const UiText* text = nullptr;
    StoreWorker* worker = nullptr;  // nullptr: the store could not be opened
    SyncThread* sync = nullptr;     // nullptr: sync not configured
    std::filesystem::path data_dir;
    std::filesystem::path assets_dir;    // for the surveys staff may switch to
    std::string store_problem;           // why worker is nullptr ("" otherwise)
    bool restarted_after_crash = false;  // the last run did not end cleanly
    std::function<void()> wake;          // glfwPostEmptyEvent: a background result is ready
    // Where USB sticks are looked for; empty = list_removable_drives(). Tests give a folder.
    std::function<std::vector<RemovableDrive>()> list_drives;
};

// What a staff frame asks of the shell: staff intents translated into shell events
// (kiosk/shell/shell.hpp), or a survey to switch to, which the app prepares first.
struct StaffStay {};
using StaffClose = shell::StaffClosed;  // back to the resident screens
using StaffQuit = shell::StaffQuit;     // staff chose to quit the kiosk
using StaffEventSet = shell::EventSet;
using StaffPausedSet = shell::PausedSet;
using StaffRefuseStaged = shell::StagedSurveyRefused;
struct StaffSwitchSurvey {  // already read and validated by the controller
    std::filesystem::path path;
    KeptSurvey kept;  // what the store keeps: the definition, and the workbook if it was one
    Survey survey;
};
using StaffOutcome = std::variant<StaffStay, StaffClose, StaffQuit, StaffSwitchSurvey,
                                  StaffEventSet, StaffPausedSet, StaffRefuseStaged>;

inline constexpr std::chrono::seconds staff_idle_close{120};

// "Gala feedback" (gala, version 3, 6 questions): how staff see a survey named.
std::string survey_description(const Survey& survey);

class StaffController {
public:
    explicit StaffController(StaffContext context);
    ~StaffController();  // waits for an export in progress to finish writing its current file
    StaffController(const StaffController&) = delete;
    StaffController& operator=(const StaffController&) = delete;

    // After the right PIN: starts reading today's results (off the frame loop).
    void open(const KioskState& state, TimePoint now);
    bool is_open() const;

    // Draws the staff screen (between ImGui::NewFrame and ImGui::Render). Any input counts as
    // activity; 2 minutes untouched -> StaffClose.
    StaffOutcome draw(TimePoint now);

    // When the loop must wake without input: the idle close, or while a background job runs.
    std::optional<TimePoint> next_deadline() const;

    // The survey the controller switched to (after the loop applied StaffSwitchSurvey).
    void set_survey(const Survey* survey, const UiText* text);
    // The survey staged from the collector, described for staff ("" = none).
    void set_staged_survey(const std::string& description);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace standpoint::app
