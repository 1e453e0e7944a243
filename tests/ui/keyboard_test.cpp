// The keyboard's pure half (kiosk/ui/keyboard.hpp): layouts, pages and what a key press does to
// the UTF-8 buffer. No ImGui context needed.
#include "kiosk/ui/keyboard.hpp"

#include "kiosk/core/utf8.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace standpoint;
using namespace standpoint::ui;

namespace {

using Rows = std::vector<std::vector<Key>>;

const Key& key_named(const Rows& rows, const std::string& name) {
    for (const auto& row : rows)
        for (const Key& key : row)
            if (key.name == name) return key;
    FAIL("no key named ", name);
    throw;  // unreachable: FAIL throws
}

bool has_key(const Rows& rows, const std::string& name) {
    return std::any_of(rows.begin(), rows.end(), [&](const std::vector<Key>& row) {
        return std::any_of(row.begin(), row.end(), [&](const Key& k) { return k.name == name; });
    });
}

// Presses the named keys on the text keyboard, re-reading the rows after each (pages change).
void press(std::string& buffer, KeyModes& modes, const std::vector<std::string>& names,
           std::size_t max = 500, KeyboardLayout layout = KeyboardLayout::text) {
    for (const std::string& name : names)
        press_key(key_named(keyboard_rows(layout, modes), name), buffer, modes, max);
}

Question text_question(const std::string& id, const std::string& pattern, int max_length) {
    Question question;
    question.id = id;
    question.type = QuestionType::text;
    question.pattern = pattern;
    question.max_length = max_length;
    return question;
}

}  // namespace

TEST_CASE(
    "the keyboard types Welsh w-circumflex and Polish l-stroke and z-dot from the accents page") {
    std::string buffer;
    KeyModes modes;
    press(buffer, modes, {"key:accents", "key:ŵ", "key:ł", "key:ż"});
    CHECK(buffer == "ŵłż");
    CHECK(code_points_in(buffer) == 3);
}

TEST_CASE(
    "Shift gives one capital, including accented ones, then the keyboard is lower case again") {
    std::string buffer;
    KeyModes modes;
    press(buffer, modes, {"key:shift", "key:d", "key:d"});
    CHECK(buffer == "Dd");
    press(buffer, modes, {"key:accents", "key:shift", "key:ŵ", "key:shift", "key:ł", "key:ż"});
    CHECK(buffer == "DdŴŁż");
    CHECK_FALSE(modes.is_shifted);
}

TEST_CASE("every Welsh and Polish letter the brief names is on the accents page in both cases") {
    const Rows lower = keyboard_rows(KeyboardLayout::text, {false, KeyPage::accents});
    const Rows upper = keyboard_rows(KeyboardLayout::text, {true, KeyPage::accents});
    for (const char* letter :
         {"ŵ", "ŷ", "â", "ê", "î", "ô", "û", "ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż"}) {
        CHECK_MESSAGE(key_named(lower, std::string("key:") + letter).typed == letter, letter);
        CHECK_MESSAGE(key_named(upper, std::string("key:") + letter).typed != letter, letter);
    }
    CHECK(key_named(upper, "key:ż").typed == "Ż");
    CHECK(key_named(upper, "key:ŵ").typed == "Ŵ");
}

TEST_CASE("max length in code points stops input, counting a two-byte letter as one") {
    std::string buffer;
    KeyModes modes;
    press(buffer, modes, {"key:accents", "key:ł", "key:ł", "key:ł", "key:ł"}, 3);
    CHECK(buffer == "łłł");
    CHECK(buffer.size() == 6);
    press(buffer, modes, {"key:accents", "key:a", "key:space"}, 3);
    CHECK(buffer == "łłł");
}

TEST_CASE("delete removes one code point, all bytes of a two-byte letter") {
    std::string buffer = "aŵ";
    KeyModes modes;
    press(buffer, modes, {"key:backspace"});
    CHECK(buffer == "a");
    press(buffer, modes, {"key:backspace", "key:backspace"});
    CHECK(buffer.empty());
}

TEST_CASE("pop_code_point removes a three-byte and a four-byte character whole") {
    std::string buffer = "x€\U0001F600";
    pop_code_point(buffer);
    CHECK(buffer == "x€");
    pop_code_point(buffer);
    CHECK(buffer == "x");
}

TEST_CASE("space is not typed into an empty answer") {
    std::string buffer;
    KeyModes modes;
    const KeyResult result = press_key(
        key_named(keyboard_rows(KeyboardLayout::text, modes), "key:space"), buffer, modes, 500);
    CHECK_FALSE(result.is_edited);
    CHECK(buffer.empty());
}

TEST_CASE("the symbols page has digits and punctuation and goes back to letters") {
    std::string buffer;
    KeyModes modes;
    press(buffer, modes, {"key:symbols", "key:£", "key:5", "key:?"});
    CHECK(buffer == "£5?");
    CHECK(modes.page == KeyPage::symbols);
    press(buffer, modes, {"key:symbols", "key:a"});
    CHECK(modes.page == KeyPage::letters);
    CHECK(buffer == "£5?a");
}

TEST_CASE("Done asks to move on and changes nothing") {
    std::string buffer = "hi";
    KeyModes modes;
    const KeyResult result = press_key(
        key_named(keyboard_rows(KeyboardLayout::text, modes), "key:done"), buffer, modes, 500);
    CHECK(result.is_done);
    CHECK_FALSE(result.is_edited);
    CHECK(buffer == "hi");
}

TEST_CASE("every text keyboard row is ten key widths, so the rows line up") {
    for (const KeyPage page : {KeyPage::letters, KeyPage::accents, KeyPage::symbols}) {
        for (const auto& row : keyboard_rows(KeyboardLayout::text, {false, page})) {
            float units = 0;
            for (const Key& key : row) units += key.width;
            CHECK(units == doctest::Approx(keys_per_row));
        }
    }
}

TEST_CASE("a postcode pattern or a postcode id chooses the postcode layout") {
    // The first part only (4 characters, no space in the pattern): no space key.
    CHECK(layout_for(text_question("district", "^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$", 4)) ==
          KeyboardLayout::postcode_part);
    CHECK(layout_for(text_question("postcode", "", 0)) == KeyboardLayout::postcode);
    CHECK(layout_for(text_question("phone", "^0[0-9]{10}$", 11)) == KeyboardLayout::text);
    CHECK(layout_for(text_question("better", "", 500)) == KeyboardLayout::text);
}

TEST_CASE("the postcode layout types capitals and digits only, without Shift") {
    const Rows rows = keyboard_rows(KeyboardLayout::postcode, {});
    CHECK_FALSE(has_key(rows, "key:shift"));
    CHECK_FALSE(has_key(rows, "key:accents"));
    CHECK_FALSE(has_key(rows, "key:symbols"));
    int letters = 0;
    int digits = 0;
    for (const auto& row : rows)
        for (const Key& key : row) {
            if (key.action != KeyAction::insert) continue;
            REQUIRE(key.typed.size() == 1);
            const char c = key.typed[0];
            CHECK(((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')));
            (c >= 'A' && c <= 'Z' ? letters : digits) += 1;
        }
    CHECK(letters == 26);
    CHECK(digits == 10);
    std::string buffer;
    KeyModes modes;
    press(buffer, modes, {"key:c", "key:f", "key:1", "key:0", "key:x"}, 4,
          KeyboardLayout::postcode);
    CHECK(buffer == "CF10");
}

TEST_CASE("the number pad has a sign key only when the range allows a negative number") {
    CHECK_FALSE(has_key(number_pad_rows(false), "key:-"));
    CHECK(has_key(number_pad_rows(false), "clear"));
    const Rows rows = number_pad_rows(true);
    std::string buffer;
    KeyModes modes;
    press_key(key_named(rows, "key:4"), buffer, modes, 12);
    press_key(key_named(rows, "key:-"), buffer, modes, 12);
    CHECK(buffer == "-4");
    CHECK(parse_number(buffer) == -4);
    press_key(key_named(rows, "key:-"), buffer, modes, 12);
    CHECK(parse_number(buffer) == 4);
}

TEST_CASE("the number pad's buffer is a number only when it is all digits") {
    CHECK_FALSE(parse_number("").has_value());
    CHECK_FALSE(parse_number("-").has_value());
    CHECK_FALSE(parse_number("99999999999999999999").has_value());
    CHECK(parse_number("042") == 42);
}

TEST_CASE("keys are 96 px at 1080p with room and never under 70 px when squeezed") {
    const KeyMetrics roomy = key_metrics(5, keys_per_row, 1856, 900, 1.0f);
    CHECK(roomy.key_h == doctest::Approx(96));
    CHECK(roomy.height() <= 900);
    const KeyMetrics snug = key_metrics(5, keys_per_row, 1856, 5 * 90 + 4 * 14, 1.0f);
    CHECK(snug.key_h >= 90);
    const KeyMetrics squeezed = key_metrics(5, keys_per_row, 1856, 200, 1.0f);
    CHECK(squeezed.key_h == doctest::Approx(70));
    const KeyMetrics small_screen = key_metrics(5, keys_per_row, 1230, 480, 800.0f / 1080);
    CHECK(small_screen.height() <= 480);
    CHECK(10 * small_screen.key_w + 9 * small_screen.gap <= 1230);
}
