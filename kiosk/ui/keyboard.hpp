// The on-screen keyboard and number pad. Two halves:
//   - pure: which keys a layout and page has, and what pressing one does to a UTF-8 buffer
//     (insert a code point, delete one code point, max length in code points). No ImGui; the
//     unit tests drive it directly (tests/ui/keyboard_test.cpp).
//   - draw: the keys as big touch buttons with TapTargets (keyboard.cpp, [Draw]), called by
//     kiosk_view.cpp below a text or number question.
// The keyboard edits its own buffer (ViewState::edit_buffer); the text box only shows it. An
// ImGui::InputText would lose focus on every key tap and drop the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/survey.hpp"
#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::ui {

// ----------------------------------------------------------------------------------- pure

enum class KeyboardLayout {
    text,           // QWERTY with digits, a Welsh/Polish letters page and a symbols page
    postcode,       // capital letters, digits and a space, bigger keys
    postcode_part,  // the first part of a postcode ("CF10"): no space to type
    urdu,           // Urdu phonetic (after CRULP's, docs/languages.md); its second page is QWERTY
};
enum class KeyPage { letters, accents, symbols };

enum class KeyAction {
    insert,   // types Key::typed
    shift,    // one-shot capitals
    accents,  // letters <-> Welsh/Polish page
    symbols,  // letters <-> numbers and symbols page
    space,
    backspace,  // removes one code point
    clear,      // number pad: empties the buffer
    minus,      // number pad: toggles a leading '-'
    done,       // moves on (Next)
};

struct Key {
    std::string name;   // TapTarget name: "key:" + the lower-case letter ("key:w", "key:ŵ"),
                        // "key:shift", "key:space", "key:backspace", "key:done", ...
    std::string typed;  // what `insert` adds, already in the page's case; "" for other actions
    KeyAction action = KeyAction::insert;
    float width = 1;  // in key widths; every row adds up to `keys_per_row`
};

inline constexpr int keys_per_row = 10;
// 15 mm at 96 dpi: the smallest key or button on any screen.
inline constexpr float min_target_px = 57.0f;
inline constexpr float min_target_gap_px = 8.0f;

// What the keyboard remembers between taps besides the buffer.
struct KeyModes {
    bool is_shifted = false;
    KeyPage page = KeyPage::letters;
};

// The postcode layout for a question whose pattern looks like a UK postcode (letters then a
// digit), or whose id names one (without a space key when the answer is at most 4 characters
// and the pattern has no space); the full keyboard otherwise, in Urdu for an Urdu speaker.
KeyboardLayout layout_for(const Question& question, const std::string& language = "");

// The rows of keys, top to bottom, for a layout and its page; capitals when `is_shifted`.
std::vector<std::vector<Key>> keyboard_rows(KeyboardLayout layout, KeyModes modes);
// The number pad: 1-9, then [minus or clear] 0 backspace.
std::vector<std::vector<Key>> number_pad_rows(bool allows_negative);

// Every character any key of the atlas layouts can type (for the font atlas). The Urdu keys
// are shaped text, never in the atlas.
std::string keyboard_glyphs();

// Appends `typed` if the result stays within `max_code_points`; returns whether it did.
bool insert_text(std::string& utf8, std::string_view typed, std::size_t max_code_points);

struct KeyResult {
    bool is_edited = false;  // the buffer changed: send it to the session
    bool is_done = false;    // Done: move on
};
// Applies one key press. Shift lasts for one typed character. Space is not typed at the start
// (a leading space is invisible and only looks like an empty answer).
KeyResult press_key(const Key& key, std::string& buffer, KeyModes& modes,
                    std::size_t max_code_points);

// The number pad's buffer as a number, if it is one ("", "-" and overflow are not).
std::optional<std::int64_t> parse_number(const std::string& buffer);

// ----------------------------------------------------------------------------------- draw

// Key sizes for `rows` rows of `per_row` keys in `width` that may take at most `max_height`:
// 96 px keys at 1080p (or `tallest`), smaller where the screen has no room, never under 70 px at
// 1080p nor under 15 mm at 96 dpi (`unit` = display height / 1080), and at least 8 px apart.
// Below that the scroll area above gives way instead.
struct KeyMetrics {
    float key_w = 0;
    float key_h = 0;
    float gap = 0;      // between keys in a row
    float row_gap = 0;  // between rows: a little less, the rows' height is what is scarce
    std::size_t rows = 0;
    float height() const {
        return rows == 0
                   ? 0
                   : static_cast<float>(rows) * key_h + static_cast<float>(rows - 1) * row_gap;
    }
};
// `tallest` (in 1080p pixels) lets the short layouts (postcode, number pad) have bigger keys.
KeyMetrics key_metrics(std::size_t rows, int per_row, float width, float max_height, float unit,
                       float tallest = 96);

// The words on the keys that do not type (from the kiosk's UI texts, in the screen's language).
struct KeyLabels {
    std::string shift, accents, letters, symbols, space, backspace, clear, done;
};

// Draws `rows` with their top at `top`, each row centred in [left, left + width], registering a
// TapTarget per key. Returns the key tapped in this frame, if any. Between ImGui::NewFrame and
// ImGui::Render only.
std::optional<Key> draw_keys(ViewState& view, const std::vector<std::vector<Key>>& rows,
                             const KeyLabels& labels, const KeyModes& modes, float left, float top,
                             float width, const KeyMetrics& metrics);

}  // namespace standpoint::ui
