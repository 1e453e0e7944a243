// Session: one resident's journey through a survey, as a pure state machine.
//
//   Attract -> (PrivacyNotice) -> Asking(question i) ... -> Saving -> Thanks -> Attract
//                                     \-> "Are you still there?" -> (timeout) -> Attract
//
// Depends on std and the survey only: no ImGui, SQLite, clocks or threads. Time and ids arrive in
// events, so every rule is a unit test. The app shell is the one place a Step has effects: it
// commits `Step::to_save` and then feeds back Saved or SaveFailed.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/answer_check.hpp"
#include "kiosk/core/response.hpp"
#include "kiosk/core/survey.hpp"

namespace standpoint {

struct Timing {
    std::chrono::seconds still_there_for{20};  // countdown on "Are you still there?"
    // Thank-you screen, then back to attract; 0 = the survey's thanks_s (default 15 s).
    std::chrono::seconds thanks_for{0};
    // The idle time before "Are you still there?" comes from Survey::idle_timeout_s.
};

// What a resident has said so far.
struct Draft {
    std::string response_id;
    std::string language;
    TimePoint started_at;
    Answers answers;
};

// Screens. Each holds exactly the data that exists while it is shown.
struct Attract {
    std::string language;
};
struct PrivacyNotice {
    Draft draft;
};
struct Asking {
    Draft draft;
    std::size_t index = 0;  // into Survey::questions; always a question visible under show_if
    // Why the last Next was refused, for the screen to put into words (none = not refused).
    AnswerProblem problem = AnswerProblem::none;
};
struct Saving {  // the completed response is being committed; Thanks shows only after Saved
    Draft draft;
};
struct Thanks {
    std::string language;
    TimePoint until;
};
struct Unavailable {     // the store could not save: never pretend otherwise
    std::string reason;  // for staff
    std::string language;
};

using Screen = std::variant<Attract, PrivacyNotice, Asking, Saving, Thanks, Unavailable>;

struct Session {
    Screen screen;
    TimePoint last_activity;
    // Set while "Are you still there?" is shown over PrivacyNotice or Asking: when it runs out,
    // the draft is dropped (or kept as partial when the survey allows it).
    std::optional<TimePoint> still_there_until;
};

Session start_session(const Survey& survey, TimePoint now);  // Attract in the default language

// Events. Resident intents come from the UI; Tick from the main loop; Saved/SaveFailed from the
// app once the store has answered.
struct Start {                // tap on the attract screen
    std::string response_id;  // a fresh UUIDv7, made by the app
    TimePoint at;
};
struct AcceptPrivacy {
    TimePoint at;
};
struct DeclinePrivacy {  // back to attract, nothing kept
    TimePoint at;
};
struct SetAnswer {  // the answer to the current question (replaces any earlier one)
    Answer answer;
    TimePoint at;
};
struct ClearAnswer {
    TimePoint at;
};
struct Next {
    TimePoint at;
};
struct Back {
    TimePoint at;
};
struct ChangeLanguage {
    std::string language;
    TimePoint at;
};
struct Touch {  // any other tap: keeps the session alive, dismisses "Are you still there?"
    TimePoint at;
};
struct Dismiss {  // tap on the thank-you screen
    TimePoint at;
};
struct Tick {
    TimePoint now;
};
struct Saved {
    TimePoint at;
};
struct SaveFailed {
    std::string reason;
    TimePoint at;
};
struct StoreRecovered {  // staff fixed the store: Unavailable -> Attract
    TimePoint at;
};

using Event = std::variant<Start, AcceptPrivacy, DeclinePrivacy, SetAnswer, ClearAnswer, Next, Back,
                           ChangeLanguage, Touch, Dismiss, Tick, Saved, SaveFailed, StoreRecovered>;

struct Step {
    Session session;
    // A response for the app to commit: `complete` when the last Next is accepted (the session
    // is then in Saving), `partial` when a timed-out draft is kept. The app fills in event_id,
    // device_id and utc_offset_minutes.
    std::optional<Response> to_save;
};

Step advance(const Session& session, const Event& event, const Survey& survey,
             const Timing& timing = {});

// When the session next needs a Tick to change by itself (idle prompt, countdown, thanks), or
// nullopt if it can wait for input forever. The frame loop sleeps until then.
std::optional<TimePoint> next_deadline(const Session& session, const Survey& survey,
                                       const Timing& timing = {});

// Skip logic helpers, also used by the UI for progress dots.
bool is_visible(const Question& question, const Answers& answers);
std::vector<std::size_t> visible_questions(const Survey& survey, const Answers& answers);

const std::string& session_language(const Session& session);

}  // namespace standpoint
