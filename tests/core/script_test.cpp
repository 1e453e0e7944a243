#include "kiosk/core/script.hpp"

#include <doctest/doctest.h>

using namespace standpoint;

TEST_CASE("Urdu, Arabic, Persian and Hebrew are right to left; English, Welsh, Bengali are not") {
    for (const char* rtl : {"ur", "ar", "fa", "ps", "he", "ur-PK"}) CHECK_MESSAGE(is_rtl(rtl), rtl);
    for (const char* ltr : {"en", "cy", "pl", "bn", "hi", "uk", "xx"})
        CHECK_MESSAGE(!is_rtl(ltr), ltr);
}

TEST_CASE("Arabic-script and Indic languages need shaping; Latin, Cyrillic and Greek do not") {
    for (const char* shaped : {"ur", "ar", "bn", "hi", "pa", "ta", "th"})
        CHECK_MESSAGE(needs_shaping(shaped), shaped);
    for (const char* plain : {"en", "cy", "pl", "ro", "uk", "el", "xx"})
        CHECK_MESSAGE(!needs_shaping(plain), plain);
}

TEST_CASE("a script subtag overrides the language's usual script") {
    CHECK(script_of("pa") == "Guru");
    CHECK(script_of("pa-Arab") == "Arab");
    CHECK(is_rtl("pa-Arab"));
    CHECK(!is_rtl("pa"));
}

TEST_CASE("Urdu is shaped in Nastaliq, Arabic in Naskh, atlas languages with no shaping font") {
    CHECK(shaping_font_family("ur") == "Noto Nastaliq Urdu");
    CHECK(shaping_font_family("ar") == "Noto Naskh Arabic");
    CHECK(shaping_font_family("bn") == "Noto Sans Bengali");
    CHECK(shaping_font_family("cy").empty());
}

TEST_CASE("text needs shaping when it has a letter from a shaped script, whatever its language") {
    CHECK(text_needs_shaping("اردو"));
    CHECK(text_needs_shaping("Question 2 — পরিদর্শন"));
    CHECK(!text_needs_shaping("Ym mha grŵp oedran ydych chi?"));
    CHECK(!text_needs_shaping("Dziękujemy! 16–24 lata…"));
    CHECK(!text_needs_shaping(""));
    CHECK(!text_needs_shaping("\xff\xfe broken bytes"));
}
