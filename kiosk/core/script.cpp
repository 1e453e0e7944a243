#include "kiosk/core/script.hpp"

#include <array>
#include <cstdint>

#include "kiosk/core/utf8.hpp"

namespace standpoint {
namespace {

struct LanguageScript {
    std::string_view language;
    std::string_view script;
};

// Languages a UK council or NHS board most often translates into, plus their neighbours. Anything
// not here is treated by its code points (text_needs_shaping) and checked against the fonts.
constexpr std::array<LanguageScript, 52> table{{
    // Latin: the atlas draws them.
    {"en", "Latn"},
    {"cy", "Latn"},
    {"ga", "Latn"},
    {"gd", "Latn"},
    {"kw", "Latn"},
    {"pl", "Latn"},
    {"ro", "Latn"},
    {"lt", "Latn"},
    {"lv", "Latn"},
    {"pt", "Latn"},
    {"es", "Latn"},
    {"fr", "Latn"},
    {"de", "Latn"},
    {"it", "Latn"},
    {"sk", "Latn"},
    {"cs", "Latn"},
    {"hu", "Latn"},
    {"so", "Latn"},
    {"tr", "Latn"},
    {"sq", "Latn"},
    {"nl", "Latn"},
    {"sw", "Latn"},
    {"yo", "Latn"},
    {"ti", "Ethi"},
    {"am", "Ethi"},
    // Cyrillic and Greek: atlas, if the font has them (the app checks).
    {"uk", "Cyrl"},
    {"ru", "Cyrl"},
    {"bg", "Cyrl"},
    {"el", "Grek"},
    // Right to left.
    {"ur", "Arab"},
    {"ar", "Arab"},
    {"fa", "Arab"},
    {"ps", "Arab"},
    {"sd", "Arab"},
    {"ug", "Arab"},
    {"ku", "Arab"},
    {"ckb", "Arab"},
    {"he", "Hebr"},
    {"yi", "Hebr"},
    // Indic and South-East Asian: shaped, left to right.
    {"bn", "Beng"},
    {"as", "Beng"},
    {"hi", "Deva"},
    {"mr", "Deva"},
    {"ne", "Deva"},
    {"pa", "Guru"},
    {"gu", "Gujr"},
    {"ta", "Taml"},
    {"te", "Telu"},
    {"ml", "Mlym"},
    {"si", "Sinh"},
    {"th", "Thai"},
    {"my", "Mymr"},
}};

bool is_rtl_script(std::string_view script) { return script == "Arab" || script == "Hebr"; }

bool is_shaped_script(std::string_view script) {
    return !script.empty() && script != "Latn" && script != "Cyrl" && script != "Grek" &&
           script != "Ethi";  // Ethiopic syllables are precomposed: one glyph per code point
}

// "pa-Arab" -> script "Arab"; "ur-PK" -> primary "ur".
std::string_view primary_subtag(std::string_view language) {
    const std::size_t dash = language.find_first_of("-_");
    return dash == std::string_view::npos ? language : language.substr(0, dash);
}

std::string_view script_subtag(std::string_view language) {
    std::size_t start = language.find_first_of("-_");
    while (start != std::string_view::npos) {
        const std::size_t end = language.find_first_of("-_", start + 1);
        const std::string_view part = language.substr(
            start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1);
        if (part.size() == 4 && part[0] >= 'A' && part[0] <= 'Z') return part;
        start = end;
    }
    return {};
}

bool is_shaped_code_point(std::uint32_t c) {
    return (c >= 0x0590 &&
            c <= 0x08FF) ||  // Hebrew, Arabic, Syriac, Thaana, N'Ko, ... Arabic Ext-A
           (c >= 0x0900 && c <= 0x0DFF) ||  // Devanagari .. Sinhala
           (c >= 0x0E00 && c <= 0x0EFF) ||  // Thai, Lao
           (c >= 0x0F00 && c <= 0x109F) ||  // Tibetan, Myanmar
           (c >= 0x1780 && c <= 0x17FF) ||  // Khmer
           (c >= 0xA8E0 && c <= 0xA8FF) ||  // Devanagari Extended
           (c >= 0xFB1D && c <= 0xFDFF) ||  // Hebrew and Arabic presentation forms
           (c >= 0xFE70 && c <= 0xFEFF && c != 0xFEFF) ||
           (c >= 0x200E && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||  // bidi marks
           (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string_view script_of(std::string_view language) {
    if (const std::string_view explicit_script = script_subtag(language); !explicit_script.empty())
        return explicit_script;
    const std::string_view primary = primary_subtag(language);
    for (const LanguageScript& entry : table)
        if (entry.language == primary) return entry.script;
    return {};
}

bool is_rtl(std::string_view language) { return is_rtl_script(script_of(language)); }

bool needs_shaping(std::string_view language) { return is_shaped_script(script_of(language)); }

std::string_view shaping_font_family(std::string_view language) {
    const std::string_view script = script_of(language);
    if (!is_shaped_script(script)) return {};
    if (script == "Arab")
        return primary_subtag(language) == "ur" ? "Noto Nastaliq Urdu" : "Noto Naskh Arabic";
    if (script == "Hebr") return "Noto Sans Hebrew";
    if (script == "Beng") return "Noto Sans Bengali";
    if (script == "Deva") return "Noto Sans Devanagari";
    if (script == "Guru") return "Noto Sans Gurmukhi";
    if (script == "Gujr") return "Noto Sans Gujarati";
    if (script == "Taml") return "Noto Sans Tamil";
    if (script == "Telu") return "Noto Sans Telugu";
    if (script == "Mlym") return "Noto Sans Malayalam";
    if (script == "Sinh") return "Noto Sans Sinhala";
    if (script == "Thai") return "Noto Sans Thai";
    if (script == "Mymr") return "Noto Sans Myanmar";
    return "Noto Sans";
}

bool text_needs_shaping(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();)
        if (is_shaped_code_point(next_code_point(utf8, i))) return true;
    return false;
}

}  // namespace standpoint
