// The app shell, pure: the app modes around the resident Session, as a value driven by events
// and a clock (docs/architecture.md, "The shell"). kiosk/app runs the effects it returns
// (threads, files, the store, the PIN hash, sync) and feeds their outcomes back as events.
//
//   SetPin --(PIN set)--> Staff <--(right PIN)-- PinPad <--(hidden gesture)-- Resident
//                           |                      |                          Paused
//                           +--(close)--> Resident or Paused <--(cancel)------+
//
// The hidden gesture is watched only on the attract and "not available" screens and on the
// paused screen, so a resident in the middle of a survey is never interrupted by staff mode and
// the PIN pad never covers someone's half-given answers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/kept_survey.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/staff_gate.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/shell/kiosk_state.hpp"
#include "kiosk/shell/pin_digits.hpp"

namespace standpoint::shell {

// The PIN pad closes itself after this long untouched (not the first-start one).
inline constexpr std::chrono::seconds pin_pad_idle_close{60};

// ------------------------------------------------------------------------------ Modes

struct PadEntry {
    PinDigits entered;
    PinDigits first_entry;  // setting a PIN: the first entry, waiting for the second
    bool is_confirming = false;
    bool is_waiting = false;  // a check or a hash runs on the PIN thread
    std::string message;
    bool is_problem = false;
    TimePoint last_touch{};
};

struct ResidentMode {};
struct PausedMode {};
struct PinPadMode {
    PadEntry pad;
    bool returns_to_paused = false;
};
struct SetPinMode {  // first start: residents wait until staff have a PIN
    PadEntry pad;
};
struct StaffMode {};
// A survey the collector sent, checked and on disk, waiting for the attract screen
// (kiosk/app/survey_inbox.hpp). Residents never lose a response to it: the switch happens only
// when no one is answering.
struct StagedSurvey {
    std::shared_ptr<const Survey> survey;
    std::string path;    // where it is kept (DATA/collector-surveys/<sha256>.json)
    std::string bytes;   // the exact definition, for the store's copy
    std::string origin;  // for staff: "the collector (event gala-2026)"
};
using Mode = std::variant<ResidentMode, PinPadMode, SetPinMode, StaffMode, PausedMode>;

// "resident", "pin_pad", "set_pin", "staff", "paused"
const char* mode_name(const Mode& mode);

struct Shell {
    Mode mode;
    KioskState state;
    std::shared_ptr<const Survey> survey;
    Session session;
    CornerGesture gesture;
    bool has_store = true;      // false: the store could not be opened at start
    std::string store_problem;  // why not
    std::string device_id;
    bool wants_quit = false;
    std::optional<StagedSurvey> staged;  // switched to at the next attract screen
};

Shell start_shell(std::shared_ptr<const Survey> survey, KioskState state, bool has_store,
                  std::string store_problem, std::string device_id, TimePoint now);

// ------------------------------------------------------------------------------ Events

enum class PinKey { digit, erase, cancel, ok };

struct Tick {  // every frame, before anything else
    TimePoint now;
};
struct PointerSample {  // every frame: the finger, for the gesture and the pad's idle close
    bool is_down = false;
    float x = 0, y = 0;
    float width = 0, height = 0, drag_threshold_px = 0;
    TimePoint at;
};
struct ResidentInput {  // from the resident views (a Start already carries its response id)
    Event event;
};
struct PadKeyPressed {
    PinKey key = PinKey::digit;
    char digit = '0';
    TimePoint at;
};
struct PinChecked {
    bool is_right = false;
    TimePoint at;
};
struct PinHashed {
    std::optional<std::string> hash;
    std::string problem;  // when hash is empty
    TimePoint at;
};
struct ResponseSaved {
    std::string response_id;
    std::optional<std::int64_t> seq;  // empty: not saved
    std::string problem;
    TimePoint at;
};
struct StoreChecked {  // the outcome of CheckStore
    bool can_write = false;
    std::string problem;
    TimePoint at;
};
struct StaffClosed {
    TimePoint at;
};
struct StaffQuit {};
struct EventSet {  // the event id is made from the name by the staff screen (FAT-safe)
    std::string event_name, venue, event_id;
};
struct PausedSet {
    bool is_paused = false;
};
// The one way a running kiosk changes survey, whoever asks (staff screen, a survey sent from
// the collector): already read, checked and prepared (fonts, texts) by the app.
struct SurveySwitched {
    std::shared_ptr<const Survey> survey;
    std::string path;
    KeptSurvey kept;  // the definition and the file chosen, for the store's copy
    TimePoint at;
};

struct StagedSurveyReady {  // the sync thread staged a survey from the collector
    StagedSurvey staged;
    TimePoint at;
};
struct StagedSurveyRefused {  // staff refused the waiting survey on the staff screen
    TimePoint at;
};

using ShellEvent = std::variant<Tick, PointerSample, ResidentInput, PadKeyPressed, PinChecked,
                                PinHashed, ResponseSaved, StoreChecked, StaffClosed, StaffQuit,
                                EventSet, PausedSet, SurveySwitched, StagedSurveyReady,
                                StagedSurveyRefused>;

// ------------------------------------------------------------------------------ Effects

struct SaveResponse {  // event, device and UTC offset filled in
    Response response;
};
struct SaveState {
    KioskState state;
};
struct CheckPin {
    std::string pin_hash;
    PinDigits digits;
};
struct HashPin {
    PinDigits digits;
};
struct OpenStaffScreen {
    TimePoint at;
};
struct CheckStore {};  // may residents leave "not available"? answered with StoreChecked
struct RememberSurvey {  // the store keeps `kept` (ResponseStore::remember_survey)
    std::shared_ptr<const Survey> survey;
    KeptSurvey kept;
};
struct RebuildFonts {};
// The attract screen is up and a staged survey waits: the app prepares it (texts, fonts) as for
// staff's "Switch survey" and answers with SurveySwitched (or keeps the old one if it cannot).
struct SwitchSurvey {
    StagedSurvey staged;
};
struct ForgetStagedSurvey {  // staff refused it: never staged again
    std::string sha256;
};
struct SyncNow {};      // a response was saved: the sync thread should not wait for its next poll
struct CancelPress {};  // the corner hold is staff's: the press under the finger must not act
struct Quit {};
struct Log {  // one line for the system log; never answers or PINs
    std::string line;
};

using Effect = std::variant<SaveResponse, SaveState, CheckPin, HashPin, OpenStaffScreen, CheckStore,
                            RememberSurvey, RebuildFonts, SwitchSurvey, ForgetStagedSurvey, SyncNow,
                            CancelPress, Quit, Log>;

struct ShellStep {
    Shell shell;
    std::vector<Effect> effects;
};

ShellStep advance_shell(Shell shell, const ShellEvent& event);

// ------------------------------------------------------------------------------ Queries

bool watches_gesture(const Shell& shell);

// When the shell next needs a Tick without input: the session's deadlines (and the seconds of
// "Are you still there?"), the gesture's marks, the pad's idle close and lock countdown.
// The staff screen's own deadlines are the app's.
std::optional<TimePoint> next_deadline(const Shell& shell, TimePoint now);

// When the session alone next needs a frame.
std::optional<TimePoint> session_wake_time(const Session& session, const Survey& survey,
                                           TimePoint now);

// What the PIN pad shows (PinPadMode or SetPinMode).
struct PadView {
    std::string title, hint, message;
    bool is_problem = false;
    bool can_cancel = true;
    bool takes_digits = true;
    std::size_t digit_count = 0;
    std::string screen;  // "pin_pad", "set_pin", "set_pin:confirm" (the targets file's name)
};
PadView pad_view(const Shell& shell, TimePoint now);

}  // namespace standpoint::shell
