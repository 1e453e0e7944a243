#include "kiosk/ui/theme.hpp"

#include <imgui.h>
#include <imgui_freetype.h>

#include <cfloat>
#include <cmath>
#include <filesystem>
#include <string>

#include "kiosk/core/script.hpp"
#include "kiosk/ui/accessibility.hpp"
#include "kiosk/ui/keyboard.hpp"
#include "kiosk/ui/style.hpp"

namespace standpoint::ui {
namespace {

// Debian's fonts-noto-core first (wide Latin, Welsh and Polish), DejaVu (fonts-dejavu-core) as
// the fallback that every Debian desktop has.
constexpr const char* regular_font_paths[] = {
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};
constexpr const char* bold_font_paths[] = {
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};

template <std::size_t N>
const char* first_existing(const char* const (&paths)[N]) {
    for (const char* path : paths) {
        std::error_code error;
        if (std::filesystem::is_regular_file(path, error)) return path;
    }
    return nullptr;
}

// Shaped text (Urdu, Bengali...) is drawn as Pango images, never from the atlas: its letters
// would only make the atlas bigger (docs/languages.md).
void add_text(ImFontGlyphRangesBuilder& builder, const Text& text) {
    for (const auto& [language, value] : text.by_language)
        if (!needs_shaping(language) && !text_needs_shaping(value)) builder.AddText(value.c_str());
}

// UiText::all_text() is one string per line.
void add_lines(ImFontGlyphRangesBuilder& builder, const std::string& lines) {
    std::size_t start = 0;
    while (start < lines.size()) {
        std::size_t end = lines.find('\n', start);
        if (end == std::string::npos) end = lines.size();
        const std::string line = lines.substr(start, end - start);
        if (!text_needs_shaping(line)) builder.AddText(line.c_str());
        start = end + 1;
    }
}

// The atlas keeps a pointer to the ranges until it is rebuilt, so they live here.
ImVector<ImWchar>& glyph_ranges() {
    static ImVector<ImWchar> ranges;
    return ranges;
}

}  // namespace

ImFont* font_for(FontRole role) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    int index = static_cast<int>(role);
    // The large set follows the standard one (load_fonts bakes both: docs/accessibility.md).
    if (is_large_text_in_use() && atlas->Fonts.Size >= 2 * font_role_count)
        index += font_role_count;
    if (index < atlas->Fonts.Size) return atlas->Fonts[index];
    return ImGui::GetFont();
}

float body_text_px(float display_height) {
    // 36 px at 1080: about 7 mm on a 22" panel, comfortable from a metre.
    return std::round(std::fmax(display_height, 240.0f) / 30.0f);
}

std::string atlas_font_file() {
    const char* regular = first_existing(regular_font_paths);
    return regular == nullptr ? regular_font_paths[0] : regular;
}

Status load_fonts(const Survey& survey, const UiText& text, float display_height) {
    const char* regular = first_existing(regular_font_paths);
    if (regular == nullptr)
        return Error{std::string("No font file found (looked for ") + regular_font_paths[0] +
                     " and " + regular_font_paths[1] +
                     "). Install fonts-noto-core or fonts-dejavu-core."};
    const char* bold = first_existing(bold_font_paths);
    if (bold == nullptr) bold = regular;

    // Only the glyphs the kiosk can show: the survey, the UI texts, the keyboard, and the
    // punctuation typography brings in. GetGlyphRangesDefault() alone is just U+0020-U+00FF,
    // which would draw Welsh ŵ and Polish ł as '?'.
    ImFontGlyphRangesBuilder builder;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    builder.AddRanges(atlas->GetGlyphRangesDefault());
    builder.AddText("…–—‘’“”€£•✓");
    add_text(builder, survey.title);
    add_text(builder, survey.intro);
    add_text(builder, survey.privacy_notice);
    add_text(builder, survey.thanks);
    add_text(builder, survey.you_said_we_did);
    builder.AddText(survey.more_info_url.c_str());
    for (const Question& question : survey.questions) {
        add_text(builder, question.prompt);
        add_text(builder, question.help);
        add_text(builder, question.min_label);
        add_text(builder, question.max_label);
        add_text(builder, question.pattern_hint);
        for (const Option& option : question.options) add_text(builder, option.label);
    }
    add_lines(builder, text.all_text());
    builder.AddText(keyboard_glyphs().c_str());
    ImVector<ImWchar>& ranges = glyph_ranges();
    ranges.clear();
    builder.BuildRanges(&ranges);

    atlas->Clear();
    atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // Order matters: FontRole indexes the atlas's fonts, standard sizes first, then the resident's
    // "A+" sizes. Both are baked now (about as fast as one set, see docs/accessibility.md), so the
    // toggle is instant and needs no texture upload mid-survey.
    for (const float scale : {1.0f, large_text_scale}) {
        const float body_px = std::round(body_text_px(display_height) * scale);
        const float sizes[] = {body_px, std::round(body_px * 1.3f), std::round(body_px * 1.9f)};
        const char* files[] = {regular, bold, bold};
        for (int i = 0; i < font_role_count; ++i) {
            ImFontConfig config;
            config.OversampleH =
                1;  // ignored by FreeType; keeps stb small if someone switches back
            if (atlas->AddFontFromFileTTF(files[i], sizes[i], &config, ranges.Data) == nullptr)
                return Error{std::string("Could not load the font ") + files[i] +
                             ". Reinstall fonts-noto-core or fonts-dejavu-core."};
        }
    }
    if (!atlas->Build())
        return Error{std::string("Could not build the font atlas from ") + regular +
                     " (FreeType failed). Reinstall the font package."};
    return ok_status();
}

void release_font_pixels() { ImGui::GetIO().Fonts->ClearTexData(); }

void apply_theme(float display_height) {
    const float unit = std::fmax(display_height, 240.0f) / 1080.0f;
    ImGuiStyle style;  // fresh defaults, so a second call does not scale twice
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = 0;
    style.WindowRounding = 0;
    style.FrameRounding = 14 * unit;
    style.ItemSpacing = ImVec2(18 * unit, 18 * unit);
    style.ItemInnerSpacing = ImVec2(12 * unit, 12 * unit);
    style.ScrollbarSize = 18 * unit;  // a visible hint that there is more; drag the content itself
    style.ScrollbarRounding = 9 * unit;
    style.GrabMinSize = 40 * unit;
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(colour::background);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(colour::text);
    ImGui::GetStyle() = style;

    ImGuiIO& io = ImGui::GetIO();
    // A finger wobbles more than a mouse: 18 px at 1080 before a press counts as a drag.
    io.MouseDragThreshold = 18 * unit;
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
}

void park_pointer_after_release() {
    ImGuiIO& io = ImGui::GetIO();
    // MouseDownDuration still holds the value from the previous NewFrame: < 0 means the button
    // was already up in the last frame, so that frame delivered the release (and the click) at
    // the finger's position. Now the pointer can leave, taking the hover with it.
    if (!io.MouseDown[0] && io.MouseDownDuration[0] < 0.0f)
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace standpoint::ui
