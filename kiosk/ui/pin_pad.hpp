// The staff PIN pad and the paused kiosk's "Back soon" screen (docs/staff.md). Immediate mode:
// the app decides what the pad says (PinPadModel, already in words) and acts on the key that was
// tapped; nothing here holds the PIN, checks it, or waits.
//
// Targets, for tests and xdotool: "pin:0".."pin:9", "pin:delete", "pin:ok", "pin:cancel".
#pragma once

#include <cstddef>
#include <string>

#include "kiosk/core/ui_text.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::ui {

struct PinPadModel {
    std::string title;            // "Staff PIN", "Set a staff PIN", "Enter the same PIN again"
    std::string hint;             // a line under the title ("" = none)
    std::size_t digit_count = 0;  // one dot per digit typed, never the digits
    std::string message;          // "Wrong PIN, 3 tries left", "Locked for 45 s", "Checking…"
    bool is_problem = false;      // the message is drawn as a problem
    bool takes_digits = true;     // false while checking or locked: the keys are inert and grey
    bool can_cancel = true;       // first start has no Cancel: the kiosk needs a PIN to go live
};

enum class PinKey { none, digit, erase, ok, cancel };
struct PinPadPress {
    PinKey key = PinKey::none;
    char digit = 0;  // '0'..'9' for PinKey::digit
};

// Draws the whole screen (between ImGui::NewFrame and ImGui::Render); returns the key tapped in
// this frame. Keys are 120 px tall and 180 px wide at 1080 (>= 90 px, like the resident screens),
// in a phone's layout: 1 2 3 / 4 5 6 / 7 8 9 / Delete 0 OK, with Cancel below, away from the
// screen's corners.
PinPadPress draw_pin_pad(const PinPadModel& model, ViewState& view);

// The paused kiosk: a friendly "Back soon" in `language` (the survey's default). The words come
// from the UI texts "paused.title" and "paused.body" when a language has them, else English.
// Nothing on it can be tapped: only the hidden gesture leads away from it.
void draw_back_soon(const UiText& text, const std::string& language, ViewState& view);

// Text for `key` in `language`, or `english` when no language file has the key.
std::string text_or(const UiText& text, const std::string& language, const std::string& key,
                    const std::string& english);

// The press under the finger will not count as a tap when it lifts (ImGui's ClearActiveID): the
// hidden gesture's corner hold must not also press whatever resident button is under it.
void cancel_press();

}  // namespace standpoint::ui
