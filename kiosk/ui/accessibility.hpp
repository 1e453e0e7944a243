// The resident's own display choices (larger text, high contrast) as the drawing code sees them,
// and the two palettes. Internal to kiosk/ui: includes ImGui (style.hpp).
//
// Why globals: colour:: and font_for are read by every widget; a choice is applied once at the
// start of draw_kiosk (use_palette, use_large_text) and holds for the whole frame. The choices
// themselves live in ViewState, which the app keeps per kiosk.
#pragma once

#include <imgui.h>

#include <string>

#include "kiosk/core/session.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::ui {

inline constexpr int font_role_count = 3;  // body, heading, title (FontRole)
// "A+" text is this much larger. 1.4 x 36 px = 50 px body text at 1080: about 10 mm on a 22"
// panel, readable from two metres; wrapping absorbs the width it costs.
inline constexpr float large_text_scale = 1.4f;
// Buttons keep their size: 108 px at 1080 holds a 1.4x label (heading 66 px, one line) and the
// answers and keyboard still fit on the screen without scrolling.

struct Palette {
    ImU32 background, text, muted, primary, primary_pressed, on_primary, option, option_border,
        selected, pressed, problem_background, problem_text, star, dim;
    // Very bad .. very good: a colour each, >= 3:1 against the background and against the
    // features drawn on them in `face_ink` (WCAG 1.4.11 for the parts that are not text).
    ImU32 faces[5];
    ImU32 face_ink;
};

// Dark text on warm white (the default look; text >= 7:1 as well).
const Palette& standard_palette();
// White and yellow on black: >= 7:1 for every text on every button face (WCAG AAA), thick
// outlines for selection, so nothing depends on telling two hues apart.
const Palette& high_contrast_palette();

// Rewrites colour:: and ImGui's window and text colours. Call before ImGui::Begin.
void use_palette(bool is_high_contrast);
bool is_high_contrast_in_use();

// Makes font_for() hand out the large set (when the atlas has it).
void use_large_text(bool is_large);
bool is_large_text_in_use();

// ---- drawing (accessibility.cpp) -----------------------------------------------------------

// Start of every frame, before any size or colour is used: follows the attract screen (arrived,
// touched, dimmed), resets the resident's choices when a response is over, and applies them.
void begin_display_choices(ViewState& view, const Session& session, TimePoint now);

// The row of big toggles at (x, y): "text_size" (A+), "contrast", "read_aloud" (a speaker). Each
// is h tall and wider than tall; a chosen toggle has the thick outline, not just another colour.
// A tap on the speaker sets view.to_speak to `spoken()` in `language`. Returns the right edge.
// While the app reports speech (view.is_speaking), the speaker button widens up to `max_right`
// into "Reading aloud — tap to stop" (`reading_words`) with a stop mark; a tap on it sets
// view.is_stop_wanted instead.
template <class Spoken>
float accessibility_row(ViewState& view, float x, float y, float h, float gap,
                        const std::string& language, const std::string& reading_words,
                        float max_right, Spoken&& spoken);
float accessibility_row_width(float h, float gap);

// What the speaker reads on a question screen: the prompt, its help, then the answers a resident
// can choose (options, face names, the scale's ends, yes/no), in `language`.
std::string spoken_question(const Question& question, const UiText& text,
                            const std::string& language, const std::string& fallback);
// Joins sentences so espeak-ng pauses between them ("Title. Intro. Tap to start.").
void add_sentence(std::string& spoken, const std::string& sentence);

// Attract: a soft ring that grows and fades around `min`..`max` (the start button) while the
// screen is awake; asks for ~15 frames a second, never more.
void attract_glow(ViewState& view, ImVec2 min, ImVec2 max, TimePoint now);
// How long one "resting" look of the attract screen lasts once the glow has stopped: it then
// changes (the second language, the ring) and asks for one frame per period.
inline constexpr double attract_rest_period_s = 5.0;
// Which of `count` things the resting attract screen shows now (changes every rest period).
std::size_t attract_turn(TimePoint now, std::size_t count);

// A QR code for `url` with its 4-module quiet zone, light on dark never (phones expect dark
// modules on light), `side` pixels square at `top_left`. Caches the matrix in the view.
void draw_qr(ViewState& view, const std::string& url, ImVec2 top_left, float side);

// The three buttons; true when the speaker was tapped. accessibility_row wraps it so the text
// to speak is only put together on that tap, not every frame.
bool accessibility_toggles(ViewState& view, float x, float y, float h, float gap,
                           const std::string& reading_words, float max_right, float* right);

template <class Spoken>
float accessibility_row(ViewState& view, float x, float y, float h, float gap,
                        const std::string& language, const std::string& reading_words,
                        float max_right, Spoken&& spoken) {
    float right = x;
    if (accessibility_toggles(view, x, y, h, gap, reading_words, max_right, &right))
        view.to_speak = ViewState::SpeakRequest{spoken(), language};
    return right;
}

}  // namespace standpoint::ui
