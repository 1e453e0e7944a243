// The kiosk's views: one function draws the whole screen for the current session state and
// returns the resident's intents as session events. Immediate mode: nothing here owns survey
// data, blocks, or does I/O. Only kiosk/ui includes ImGui.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/session.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"

namespace standpoint::ui {

// A rectangle a resident can tap, in screen pixels, named for tests ("start", "next", "back",
// "option:library", "smiley:4", "scale:9", "yes", "no", "language:cy", "still_here", ...).
struct TapTarget {
    std::string name;
    float x = 0, y = 0, w = 0, h = 0;
    float centre_x() const { return x + w / 2; }
    float centre_y() const { return y + h / 2; }
};

// What the views keep between frames that is not session state (drag-scroll, keyboard page...).
struct ViewState {
    std::vector<TapTarget> targets;  // rebuilt every frame: what could be tapped in the last frame
    float scroll_velocity = 0;       // drag-to-scroll momentum
    bool is_animating = false;       // set by the views when they need another frame soon
    std::string problem_text;        // the refusal drawn in the last frame, in words ("" = none)

    // Drag-to-scroll: a press that travels past the drag threshold scrolls and never taps.
    bool is_tracking_press = false;
    bool is_dragging = false;
    std::string scroll_key;  // what the scroll area shows; a new screen starts at the top

    // The on-screen keyboard edits this string, not an ImGui::InputText (tapping a key button
    // deactivates an InputText and the key is lost). `edit_key` says which response and
    // question it belongs to; each edit is sent to the session as SetAnswer.
    std::string edit_buffer;
    std::string edit_key;
    bool is_shifted = false;     // one-shot Shift
    bool shows_accents = false;  // the Welsh/Polish letter page
    bool shows_symbols = false;  // the numbers and symbols page (keyboard.hpp)
    bool is_reviewing = false;   // Done put the keys away: the whole answer shows

    // Accessibility (docs/accessibility.md). The resident's display choices last for one
    // response: they reset when the kiosk returns to the attract screen, or when it dims.
    bool is_large_text = false;
    bool is_high_contrast = false;
    // Set for one frame when the speaker button is tapped: what to read aloud, in which survey
    // language. The app hands it to espeak-ng (kiosk/app/speech.hpp); nothing here blocks.
    struct SpeakRequest {
        std::string text;
        std::string language;
    };
    std::optional<SpeakRequest> to_speak;
    // Read-aloud as the app last saw it (set before each frame: espeak-ng still running). While
    // it is, the speaker button says "Reading aloud — tap to stop"; a tap sets is_stop_wanted
    // for one frame and the app stops the speech.
    bool is_speaking = false;
    bool is_stop_wanted = false;

    // Attract: animate for a while after it appears or is touched, then rest: a slow change
    // every few seconds (attract_rest_period_s), one frame each, so it never looks switched off.
    std::optional<TimePoint> attract_awake_since;  // nullopt: not on the attract screen
    bool is_dimmed = false;                        // resting (the resident's choices are reset)
    // While animating, the next frame is wanted this many seconds after the last (0 = at once):
    // a gentle animation does not need every vsync, and an idle mini-PC should stay cool.
    double animation_frame_s = 0;

    // Thank-you screen: the QR code of Survey::more_info_url, computed once per URL.
    std::string qr_url;
    std::vector<bool> qr_is_dark;
    int qr_size = 0;
    int qr_modules_drawn = 0;  // dark modules drawn in the last frame (tests)
    std::string message_text;  // the "you said, we did" message drawn in the last frame
};

// How long the attract screen animates after it appears or is touched before it rests.
inline constexpr std::chrono::seconds attract_animate_for{12};

// Draws one full-screen frame (between ImGui::NewFrame and ImGui::Render) and returns the
// events the resident caused in it, stamped with `now`. A Start event has an empty
// response_id: making a UUIDv7 needs randomness, so the app fills it in before advancing.
// Any press on a privacy or question screen also yields a Touch (keeps the session alive and
// dismisses "Are you still there?").
std::vector<Event> draw_kiosk(const Session& session, const Survey& survey, const UiText& text,
                              ViewState& view, TimePoint now);

}  // namespace standpoint::ui
