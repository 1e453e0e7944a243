// Which languages the font atlas can draw and which need a shaping engine: a small pure table
// keyed by language code (BCP 47 primary subtag, "ur", "pa-Arab" looks at "pa" unless a script
// subtag says otherwise). No I/O: whether a font is installed is the app's question.
#pragma once

#include <string>
#include <string_view>

namespace standpoint {

// Written right to left (Urdu, Arabic, Persian, Pashto, Sindhi, Uyghur, Hebrew, Yiddish...): the
// screen is laid out mirrored.
bool is_rtl(std::string_view language);

// Its script joins or reorders letters (Arabic script, Hebrew marks, the Indic scripts, Thai,
// Khmer, Lao, Myanmar, Sinhala): ImGui 1.86 draws one glyph per code point, left to right, so
// such text is shaped with Pango (HarfBuzz + FriBidi) instead of drawn from the font atlas.
bool needs_shaping(std::string_view language);

// The ISO 15924 code of the language's usual script ("Arab", "Beng", "Latn"); "" if the table
// does not know the language (then the app checks each code point against its fonts).
std::string_view script_of(std::string_view language);

// The font family to shape the language with ("Noto Nastaliq Urdu" for Urdu, the style Urdu
// readers expect; "Noto Naskh Arabic" for Arabic and Persian). "" for atlas languages.
std::string_view shaping_font_family(std::string_view language);

// True if `utf8` has a code point the atlas cannot place correctly on its own: one from a script
// that needs shaping or runs right to left. Such text is shaped whatever the screen's language
// (the language picker shows "اردو" on the English screen too).
bool text_needs_shaping(std::string_view utf8);

}  // namespace standpoint
