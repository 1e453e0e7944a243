// UTF-8 rules, one per case (kiosk/core/utf8.hpp).
#include "kiosk/core/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace standpoint;

TEST_CASE("valid UTF-8 is counted in code points, whatever the script") {
    CHECK(count_code_points("") == 0u);
    CHECK(count_code_points("Diolch") == 6u);
    CHECK(count_code_points("Gŵyl") == 4u);
    CHECK(count_code_points("شکریہ") == 5u);
    CHECK(count_code_points("\xf0\x9f\x98\x80") == 1u);  // an emoji: four bytes, one code point
}

TEST_CASE("overlong forms, surrogates, values past U+10FFFF, stray bytes and NUL are refused") {
    for (const std::string& bad :
         {std::string("\xc0\xaf"), std::string("\xe0\x80\xaf"), std::string("\xed\xa0\x80"),
          std::string("\xf4\x90\x80\x80"), std::string("\x80"), std::string("\xe2\x82"),
          std::string("a\0b", 3)}) {
        CAPTURE(bad);
        CHECK_FALSE(count_code_points(bad).has_value());
    }
    CHECK(is_valid_utf8("\xe2\x82\xac"));
    CHECK_FALSE(is_valid_utf8("\xe2\x82"));
}

TEST_CASE("decoding goes on past bad bytes, one U+FFFD each") {
    const std::string text = "a\xff\xe2\x82\xac";
    std::size_t i = 0;
    CHECK(next_code_point(text, i) == U'a');
    CHECK(next_code_point(text, i) == U'\uFFFD');
    CHECK(next_code_point(text, i) == U'\u20AC');
    CHECK(i == text.size());
}

TEST_CASE("valid text is cut only on code point boundaries") {
    const std::string text = "Gŵyl Haf";
    CHECK(code_points_in(text) == 8u);
    CHECK(first_code_points(text, 2) == "Gŵ");
    CHECK(first_code_points(text, 50) == text);
    CHECK(prefix_within_bytes(text, 2) == "G");  // "ŵ" is two bytes: not cut in half
    std::string typed = "aŵ";
    pop_code_point(typed);
    CHECK(typed == "a");
}
