// The kiosk's views: one function draws the whole screen for the current session state and
// returns the resident's intents as session events. Immediate mode: nothing here owns survey
// data, blocks, or does I/O. Only kiosk/ui includes ImGui.
#pragma once

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
};

// Draws one full-screen frame (between ImGui::NewFrame and ImGui::Render) and returns the
// events the resident caused in it, stamped with `now`.
std::vector<Event> draw_kiosk(const Session& session, const Survey& survey, const UiText& text,
                              ViewState& view, TimePoint now);

}  // namespace standpoint::ui
