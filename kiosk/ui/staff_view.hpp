// The staff screen's view: draws what StaffModel holds and returns what staff tapped as
// StaffIntents. Immediate mode like the resident views: nothing here owns results, blocks, or
// does I/O; the controller (kiosk/app/staff_controller.cpp) fills the model and acts on intents.
// Touch first: big section buttons instead of tabs (ImGui 1.86 tabs want two taps on a touch
// screen), drag to scroll, nothing that needs hover. English only: the staff screen is for the
// organisers, not the public (docs/staff.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/ui/charts.hpp"
#include "kiosk/ui/keyboard.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::ui {

enum class StaffSection { today, sync_store, event, survey, export_usb, wipe, pause_quit };

// A line of the screen that may be tapped to pick something (a survey file, a USB stick).
struct StaffChoice {
    std::string title;   // "gala-feedback.json"
    std::string detail;  // "in the kiosk's surveys" / "USB stick KINGSTON, 3.2 GB free"
};

// What residents wrote in one free-text question, newest first, for staff to read on the kiosk.
struct StaffComment {
    std::string when;      // "14:05, Cymraeg"
    std::string text;      // as typed
    std::string language;  // the resident's language: the text is drawn in its script
};
struct StaffComments {
    std::string question_id;
    std::string prompt;
    std::vector<StaffComment> comments;
    std::string note;  // "Showing the newest 200 of 340." or ""
};

// Everything the staff screen shows, already in words. The controller owns it.
struct StaffModel {
    // Header
    std::string event_line;    // "Summer Gala · Riverside Park" ("" = not set)
    std::string survey_line;   // "Survey: Gala feedback (gala-feedback, version 3)"
    std::string restart_note;  // "Restarted after an unexpected stop at 14:02." or ""
    bool is_paused = false;

    // Today
    bool is_loading_today = false;
    std::string today_note;  // "Today, 23 Nov, event summer-gala. Updated 14:05." or a problem
    bool has_today = false;
    std::int64_t complete = 0;
    std::int64_t partial = 0;
    std::array<std::int64_t, 24> per_hour{};
    std::vector<QuestionChart> charts;
    std::vector<StaffComments> comments;  // free-text questions that are not personal data

    // Sync and store health
    std::vector<std::string> sync_lines;  // plain words; "Sync is not set up ..." when off
    bool can_sync_now = false;
    std::vector<std::string> health_lines;
    bool is_checking_health = false;
    std::vector<std::string> damaged_lines;  // responses set aside as damaged, by id

    // Event set-up
    std::string event_name;
    std::string venue;
    std::string event_id;       // what responses are filed under now
    std::string event_message;  // after Save: what was saved, or why not

    // Switch survey
    bool is_listing_surveys = false;
    std::vector<StaffChoice> survey_choices;
    std::string survey_problem;     // a broken file's message, in words ("" = none)
    std::string survey_to_confirm;  // a good file read and checked: "Gala feedback, 7 questions"
    std::string survey_message;     // after a switch
    // A survey the collector sent, waiting for the attract screen: "Gala feedback, 7 questions,
    // from the collector (event gala-2026)" ("" = none). Staff may refuse it.
    std::string staged_survey;

    // Export to USB
    bool is_listing_drives = false;
    // The survey asks for personal data (e.g. a postcode): staff may include it in the export.
    std::string personal_questions;  // "Postcode" ("" = the survey asks for none)
    bool include_personal = false;
    std::vector<StaffChoice> drives;
    bool is_exporting = false;       // a step is running: no new choice
    std::string export_progress;     // what is happening or happened, in words
    std::string export_problem;      // why it failed ("" = none); staff may try again
    bool can_safely_remove = false;  // written and verified, stick still mounted
    std::string take_out_message;    // "You can take the stick out now." once unmounted

    // Delete responses
    bool is_wiping = false;
    // What the safe delete deletes, in words: synced and exported, or (no sync set up) exported.
    std::string safe_wipe_label;
    std::string safe_wipe_words;
    // Responses with no copy anywhere else (neither synced nor exported), every event; -1 = not
    // read yet. Told before Quit and before Delete everything.
    std::int64_t only_here = -1;
    std::string only_here_words;  // "12 responses were never exported or synced: ..."
    std::string wipe_message;     // the last wipe's outcome or refusal
    std::vector<std::string> wipe_log;
};

// Things staff asked for in a frame; the controller decides what they do.
struct StaffCloseIntent {};
struct StaffRefreshIntent {};  // read today's results and the store's health again
struct StaffOpenSectionIntent {
    StaffSection section;
};
struct StaffSyncNowIntent {};
struct StaffSaveEventIntent {
    std::string event_name;
    std::string venue;
};
struct StaffChooseSurveyIntent {
    std::size_t index;
};
struct StaffConfirmSurveyIntent {};
struct StaffRefuseStagedIntent {};  // the survey from the collector must not start
struct StaffCancelSurveyIntent {};
struct StaffSetPausedIntent {
    bool is_paused;
};
struct StaffListDrivesIntent {};
struct StaffIncludePersonalIntent {
    bool include;
};
struct StaffChooseDriveIntent {
    std::size_t index;
};
struct StaffSafelyRemoveIntent {};
struct StaffWipeSafeIntent {};
struct StaffWipeAllIntent {
    std::string typed;  // must be wipe_confirmation_word
};
struct StaffQuitIntent {};  // already confirmed on screen
using StaffIntent =
    std::variant<StaffCloseIntent, StaffRefreshIntent, StaffOpenSectionIntent, StaffSyncNowIntent,
                 StaffSaveEventIntent, StaffChooseSurveyIntent, StaffConfirmSurveyIntent,
                 StaffCancelSurveyIntent, StaffRefuseStagedIntent, StaffSetPausedIntent,
                 StaffListDrivesIntent, StaffIncludePersonalIntent, StaffChooseDriveIntent,
                 StaffSafelyRemoveIntent, StaffWipeSafeIntent, StaffWipeAllIntent, StaffQuitIntent>;

// What staff must type before every response is deleted.
inline constexpr const char* wipe_confirmation_word = "DELETE";

enum class StaffField { none, event_name, venue, wipe_word };

// What the staff view keeps between frames.
struct StaffViewState {
    ViewState touch;           // targets, drag-scroll
    bool was_touched = false;  // a finger was down or lifted in the last frame
    StaffSection section = StaffSection::today;
    bool is_new_section = true;  // the first frame of a section opens it (StaffOpenSectionIntent)
    // The on-screen keyboard edits these, never an ImGui::InputText (a key tap would take the
    // focus and drop the key).
    StaffField editing = StaffField::none;
    bool is_new_edit = false;  // typing just started: scroll the box into view above the keys
    std::string event_name;
    std::string venue;
    std::string wipe_word;
    KeyModes key_modes;
    bool is_asking_quit = false;      // "Quit the kiosk?" is showing
    bool is_asking_wipe_all = false;  // "Delete every response?" is showing
    std::string reading_comments;     // the question whose comments are open ("" = the charts)
    // The survey refusal or switch to confirm last shown at the section's top: a new one scrolls
    // there (the file was tapped in a list that may be scrolled far down).
    std::string survey_at_top;
    DrawnNumbers drawn;  // the numbers drawn in the last frame (tests)
};

// Draws the staff screen for one frame (between ImGui::NewFrame and ImGui::Render).
std::vector<StaffIntent> draw_staff(const StaffModel& model, const UiText& text,
                                    StaffViewState& view, TimePoint now);

// The view state of the last draw_staff call (nullptr before the first, or after `view` is gone):
// where the frame loop's targets file and the headless tests find the staff screen's TapTargets
// and drawn numbers without reaching into the controller.
const StaffViewState* last_staff_view();
void forget_staff_view(const StaffViewState* view);  // `view` is being destroyed

}  // namespace standpoint::ui
