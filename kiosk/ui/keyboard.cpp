// The on-screen keyboard and number pad (keyboard.hpp).
//
// Index:
//   [Tables]  the keys of each layout and page
//   [Layout]  rows per layout/page, the postcode guess
//   [Editing] UTF-8 buffer edits, what a key press does
//   [Draw]    key sizes and the keys as touch buttons
#include "kiosk/ui/keyboard.hpp"

#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "kiosk/core/utf8.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

// ----------------------------------------------------------------------------------- [Tables]

// Each key types `lower`, or `upper` after Shift; its TapTarget is "key:" + lower on every page
// and layout, so tests and xdotool scripts name a key the same way whatever the case.
struct KeyCap {
    const char* lower;
    const char* upper;
};
using CapRow = std::vector<KeyCap>;

// One keyboard row per line, so the table reads like the keyboard.
// clang-format off
const std::vector<CapRow> letter_rows = {
    {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
     {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
    {{"q", "Q"}, {"w", "W"}, {"e", "E"}, {"r", "R"}, {"t", "T"},
     {"y", "Y"}, {"u", "U"}, {"i", "I"}, {"o", "O"}, {"p", "P"}},
    {{"a", "A"}, {"s", "S"}, {"d", "D"}, {"f", "F"}, {"g", "G"},
     {"h", "H"}, {"j", "J"}, {"k", "K"}, {"l", "L"}, {"'", "'"}},
    {{"z", "Z"}, {"x", "X"}, {"c", "C"}, {"v", "V"}, {"b", "B"},
     {"n", "N"}, {"m", "M"}, {",", ","}, {".", "."}, {"-", "-"}},
};
// Welsh (circumflex, acute, diaeresis, grave: ŵ and ŷ take all four) and Polish letters.
const std::vector<CapRow> accent_rows = {
    {{"â", "Â"}, {"ê", "Ê"}, {"î", "Î"}, {"ô", "Ô"}, {"û", "Û"},
     {"ŵ", "Ŵ"}, {"ŷ", "Ŷ"}, {"?", "?"}, {"!", "!"}, {"@", "@"}},
    {{"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"},
     {"ẃ", "Ẃ"}, {"ý", "Ý"}, {"à", "À"}, {"è", "È"}, {"ò", "Ò"}},
    {{"ä", "Ä"}, {"ë", "Ë"}, {"ï", "Ï"}, {"ö", "Ö"}, {"ü", "Ü"},
     {"ẅ", "Ẅ"}, {"ÿ", "Ÿ"}, {"ẁ", "Ẁ"}, {"ỳ", "Ỳ"}, {"&", "&"}},
    {{"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
     {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}, {"(", "("}, {")", ")"}},
};
const std::vector<CapRow> symbol_rows = {
    {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
     {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
    {{"@", "@"}, {"#", "#"}, {"£", "£"}, {"€", "€"}, {"%", "%"},
     {"&", "&"}, {"*", "*"}, {"(", "("}, {")", ")"}, {"/", "/"}},
    {{"-", "-"}, {"+", "+"}, {"=", "="}, {"_", "_"}, {":", ":"},
     {";", ";"}, {"\"", "\""}, {"'", "'"}, {"!", "!"}, {"?", "?"}},
    {{",", ","}, {".", "."}, {"<", "<"}, {">", ">"}, {"[", "["},
     {"]", "]"}, {"{", "{"}, {"}", "}"}, {"~", "~"}, {"^", "^"}},
};
// Postcodes are written in capitals: the keys show and type capitals without Shift.
const std::vector<CapRow> postcode_rows = {
    {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
     {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
    {{"q", "Q"}, {"w", "W"}, {"e", "E"}, {"r", "R"}, {"t", "T"},
     {"y", "Y"}, {"u", "U"}, {"i", "I"}, {"o", "O"}, {"p", "P"}},
    {{"a", "A"}, {"s", "S"}, {"d", "D"}, {"f", "F"}, {"g", "G"},
     {"h", "H"}, {"j", "J"}, {"k", "K"}, {"l", "L"}},
    {{"z", "Z"}, {"x", "X"}, {"c", "C"}, {"v", "V"}, {"b", "B"},
     {"n", "N"}, {"m", "M"}},
};
// Urdu phonetic, after the CRULP phonetic layout common in Pakistan and among UK Urdu speakers:
// each Urdu letter on the Latin key that sounds like it (ق on q, ر on r, ت on t, ی on i...),
// the retroflex and aspirated letters with Shift (ٹ on T, ڈ on D, ڑ on R, ھ on H, ں on N).
// The TapTarget names the Latin key ("key:t" types ت, shifted ٹ), as on a real keyboard.
const std::vector<CapRow> urdu_rows = {
    {{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"},
     {"6", "6"}, {"7", "7"}, {"8", "8"}, {"9", "9"}, {"0", "0"}},
    {{"ق", "ق"}, {"و", "ؤ"}, {"ع", "ع"}, {"ر", "ڑ"}, {"ت", "ٹ"},
     {"ے", "ۓ"}, {"ء", "ئ"}, {"ی", "ی"}, {"ہ", "ۃ"}, {"پ", "پ"}},
    {{"ا", "آ"}, {"س", "ص"}, {"د", "ڈ"}, {"ف", "ف"}, {"گ", "غ"},
     {"ح", "ھ"}, {"ج", "ض"}, {"ک", "خ"}, {"ل", "ل"}, {"؟", "!"}},
    {{"ز", "ذ"}, {"ش", "ژ"}, {"چ", "ث"}, {"ط", "ظ"}, {"ب", "ب"},
     {"ن", "ں"}, {"م", "م"}, {"،", "،"}, {"۔", "۔"}, {"-", "-"}},
};
// The Latin key each Urdu key sits on, for its TapTarget name.
const std::vector<std::vector<const char*>> urdu_key_names = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
    {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
    {"a", "s", "d", "f", "g", "h", "j", "k", "l", "?"},
    {"z", "x", "c", "v", "b", "n", "m", ",", ".", "-"},
};
// clang-format on

std::vector<Key> typing_row(const CapRow& caps, bool is_upper) {
    std::vector<Key> row;
    for (const KeyCap& cap : caps)
        row.push_back(Key{std::string("key:") + cap.lower, is_upper ? cap.upper : cap.lower,
                          KeyAction::insert, 1});
    return row;
}

Key special(const char* name, KeyAction action, float width) {
    return Key{name, "", action, width};
}

}  // namespace

// ----------------------------------------------------------------------------------- [Layout]

namespace {

KeyboardLayout postcode_layout(const Question& question) {
    const bool has_space = question.pattern.find(' ') != std::string::npos ||
                           question.pattern.find("\\s") != std::string::npos;
    return question.max_length > 0 && question.max_length <= 4 && !has_space
               ? KeyboardLayout::postcode_part
               : KeyboardLayout::postcode;
}

KeyboardLayout shape_layout(const Question& question) {
    if (question.id.find("postcode") != std::string::npos) return KeyboardLayout::postcode;
    // A UK postcode (district) pattern: a letter class, then a digit class, and a short answer.
    // A phone number (digits only) or free text keeps the full keyboard.
    const std::string& p = question.pattern;
    const std::size_t letters = std::min(p.find("A-Z"), p.find("a-z"));
    const std::size_t digits = std::min(p.find("0-9"), p.find("\\d"));
    const bool is_short = question.max_length > 0 && question.max_length <= 8;
    return letters != std::string::npos && digits != std::string::npos && letters < digits &&
                   is_short
               ? KeyboardLayout::postcode
               : KeyboardLayout::text;
}

}  // namespace

KeyboardLayout layout_for(const Question& question, const std::string& language) {
    const KeyboardLayout shape = shape_layout(question);
    if (shape == KeyboardLayout::postcode) return postcode_layout(question);
    return language == "ur" ? KeyboardLayout::urdu : KeyboardLayout::text;
}

std::vector<std::vector<Key>> keyboard_rows(KeyboardLayout layout, KeyModes modes) {
    std::vector<std::vector<Key>> rows;
    if (layout == KeyboardLayout::postcode || layout == KeyboardLayout::postcode_part) {
        for (const CapRow& caps : postcode_rows) rows.push_back(typing_row(caps, true));
        if (layout == KeyboardLayout::postcode)
            rows.push_back({special("key:space", KeyAction::space, 3),
                            special("key:backspace", KeyAction::backspace, 3),
                            special("key:done", KeyAction::done, 4)});
        else
            rows.push_back({special("key:backspace", KeyAction::backspace, 5),
                            special("key:done", KeyAction::done, 5)});
        return rows;
    }
    // Urdu: the Urdu letters first, QWERTY on the second page (an address, a brand name).
    const bool is_urdu = layout == KeyboardLayout::urdu;
    const std::vector<CapRow>& caps = modes.page == KeyPage::symbols ? symbol_rows
                                      : modes.page == KeyPage::accents
                                          ? (is_urdu ? letter_rows : accent_rows)
                                      : is_urdu ? urdu_rows
                                                : letter_rows;
    for (const CapRow& row : caps) rows.push_back(typing_row(row, modes.is_shifted));
    if (is_urdu && modes.page == KeyPage::letters)
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (std::size_t k = 0; k < rows[r].size(); ++k)
                rows[r][k].name = std::string("key:") + urdu_key_names[r][k];
    // Ten key widths, like the rows above: space gets the most, Done is the widest of the rest.
    rows.push_back({special("key:shift", KeyAction::shift, 1.4f),
                    special("key:accents", KeyAction::accents, 1.5f),
                    special("key:symbols", KeyAction::symbols, 1.3f),
                    special("key:space", KeyAction::space, 2.5f),
                    special("key:backspace", KeyAction::backspace, 1.5f),
                    special("key:done", KeyAction::done, 1.8f)});
    return rows;
}

std::vector<std::vector<Key>> number_pad_rows(bool allows_negative) {
    std::vector<std::vector<Key>> rows;
    for (int r = 0; r < 3; ++r) {
        std::vector<Key> row;
        for (int c = 1; c <= 3; ++c) {
            const std::string digit = std::to_string(r * 3 + c);
            row.push_back(Key{"key:" + digit, digit, KeyAction::insert, 1});
        }
        rows.push_back(std::move(row));
    }
    rows.push_back({allows_negative ? Key{"key:-", "", KeyAction::minus, 1}
                                    : special("clear", KeyAction::clear, 1),
                    Key{"key:0", "0", KeyAction::insert, 1},
                    special("key:backspace", KeyAction::backspace, 1)});
    return rows;
}

std::string keyboard_glyphs() {
    std::string glyphs;
    for (const auto* table : {&letter_rows, &accent_rows, &symbol_rows, &postcode_rows})
        for (const CapRow& row : *table)
            for (const KeyCap& cap : row) (glyphs += cap.lower) += cap.upper;
    return glyphs;
}

// ---------------------------------------------------------------------------------- [Editing]

bool insert_text(std::string& utf8, std::string_view typed, std::size_t max_code_points) {
    if (typed.empty() || code_points_in(utf8) + code_points_in(typed) > max_code_points)
        return false;
    utf8 += typed;
    return true;
}

KeyResult press_key(const Key& key, std::string& buffer, KeyModes& modes,
                    std::size_t max_code_points) {
    KeyResult result;
    switch (key.action) {
        case KeyAction::insert:
            result.is_edited = insert_text(buffer, key.typed, max_code_points);
            if (result.is_edited) modes.is_shifted = false;
            break;
        case KeyAction::shift:
            modes.is_shifted = !modes.is_shifted;
            break;
        case KeyAction::accents:
            modes.page = modes.page == KeyPage::accents ? KeyPage::letters : KeyPage::accents;
            break;
        case KeyAction::symbols:
            modes.page = modes.page == KeyPage::symbols ? KeyPage::letters : KeyPage::symbols;
            break;
        case KeyAction::space:
            result.is_edited = !buffer.empty() && insert_text(buffer, " ", max_code_points);
            break;
        case KeyAction::backspace:
            result.is_edited = !buffer.empty();
            pop_code_point(buffer);
            break;
        case KeyAction::clear:
            result.is_edited = !buffer.empty();
            buffer.clear();
            break;
        case KeyAction::minus:
            if (!buffer.empty() && buffer.front() == '-') {
                buffer.erase(0, 1);
                result.is_edited = true;
            } else if (code_points_in(buffer) < max_code_points) {
                buffer.insert(0, "-");
                result.is_edited = true;
            }
            break;
        case KeyAction::done:
            result.is_done = true;
            break;
    }
    return result;
}

std::optional<std::int64_t> parse_number(const std::string& buffer) {
    std::int64_t value = 0;
    const char* begin = buffer.data();
    const char* end = begin + buffer.size();
    const auto parsed = std::from_chars(begin, end, value);
    if (buffer.empty() || parsed.ec != std::errc() || parsed.ptr != end) return std::nullopt;
    return value;
}

// ------------------------------------------------------------------------------------- [Draw]

KeyMetrics key_metrics(std::size_t rows, int per_row, float width, float max_height, float unit,
                       float tallest) {
    KeyMetrics m;
    m.rows = rows;
    const float per = static_cast<float>(per_row);
    // Apart enough for a finger; narrower only where keys of 90 px would not fit otherwise.
    m.gap = std::floor(std::clamp((width - per * 90 * unit) / std::max(1.0f, per - 1),
                                  std::max(min_target_gap_px, 4 * unit),
                                  std::max(min_target_gap_px, 14 * unit)));
    m.row_gap = std::max(min_target_gap_px, std::min(m.gap, std::round(10 * unit)));
    const float n = static_cast<float>(std::max<std::size_t>(rows, 1));
    const float fits = (max_height - (n - 1) * m.row_gap) / n;
    const float smallest = std::max(min_target_px, 70 * unit);
    m.key_h = std::floor(std::clamp(fits, smallest, std::max(smallest, tallest * unit)));
    m.key_w = std::floor(std::min((width - (per - 1) * m.gap) / per, m.key_h * 1.7f));
    return m;
}

std::optional<Key> draw_keys(ViewState& view, const std::vector<std::vector<Key>>& rows,
                             const KeyLabels& labels, const KeyModes& modes, float left, float top,
                             float width, const KeyMetrics& metrics) {
    std::optional<Key> tapped;
    float y = top;
    for (const std::vector<Key>& row : rows) {
        float units = 0;
        for (const Key& key : row) units += key.width;
        const float row_w = units * metrics.key_w + (units - 1) * metrics.gap;
        float x = left + (width - row_w) / 2;
        for (const Key& key : row) {
            const float w = key.width * metrics.key_w + (key.width - 1) * metrics.gap;
            std::string label = key.typed;
            bool is_selected = false;
            switch (key.action) {
                case KeyAction::insert:
                    break;
                case KeyAction::shift:
                    label = labels.shift;
                    is_selected = modes.is_shifted;
                    break;
                case KeyAction::accents:
                    label = modes.page == KeyPage::accents ? labels.letters : labels.accents;
                    break;
                case KeyAction::symbols:
                    label = modes.page == KeyPage::symbols ? labels.letters : labels.symbols;
                    break;
                case KeyAction::space:
                    label = labels.space;
                    break;
                case KeyAction::backspace:
                    label = labels.backspace;
                    break;
                case KeyAction::clear:
                    label = labels.clear;
                    break;
                case KeyAction::minus:
                    label = "+/-";
                    break;
                case KeyAction::done:
                    label = labels.done;
                    break;
            }
            const bool is_typing = key.action == KeyAction::insert;
            ImGui::SetCursorScreenPos(ImVec2(std::round(x), std::round(y)));
            if (big_button(view, key.name, label, ImVec2(std::round(w), metrics.key_h),
                           Look::option, is_selected,
                           is_typing ? FontRole::heading : FontRole::body))
                tapped = key;
            x += w + metrics.gap;
        }
        y += metrics.key_h + metrics.row_gap;
    }
    return tapped;
}

}  // namespace standpoint::ui
