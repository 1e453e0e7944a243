#include "kiosk/ui/accessibility.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "kiosk/ui/qr_code.hpp"
#include "kiosk/ui/style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace standpoint::ui {
namespace {

bool is_large_text = false;
bool is_high_contrast = false;

}  // namespace

const Palette& standard_palette() {
    static const Palette palette{
        IM_COL32(0xF6, 0xF5, 0xF0, 0xFF),  // background
        IM_COL32(0x14, 0x14, 0x14, 0xFF),  // text
        IM_COL32(0x44, 0x44, 0x44, 0xFF),  // muted
        IM_COL32(0x0B, 0x4F, 0x8A, 0xFF),  // primary
        IM_COL32(0x06, 0x33, 0x5C, 0xFF),  // primary_pressed
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // on_primary
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // option
        IM_COL32(0x7A, 0x7A, 0x7A, 0xFF),  // option_border
        IM_COL32(0xDC, 0xEB, 0xFA, 0xFF),  // selected
        IM_COL32(0xBB, 0xD6, 0xF2, 0xFF),  // pressed
        IM_COL32(0xFC, 0xE8, 0xE6, 0xFF),  // problem_background
        IM_COL32(0x8A, 0x1C, 0x12, 0xFF),  // problem_text
        IM_COL32(0xE8, 0xA3, 0x00, 0xFF),  // star
        IM_COL32(0x00, 0x00, 0x00, 0x99),  // dim
        // faces: red, orange, dark gold, olive green, green; white features on each
        {IM_COL32(0xC6, 0x28, 0x28, 0xFF), IM_COL32(0xC4, 0x4E, 0x00, 0xFF),
         IM_COL32(0x8A, 0x6D, 0x00, 0xFF), IM_COL32(0x4E, 0x7D, 0x1E, 0xFF),
         IM_COL32(0x1B, 0x6E, 0x35, 0xFF)},
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // face_ink
    };
    return palette;
}

const Palette& high_contrast_palette() {
    static const Palette palette{
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // background: black
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // text: white, 21:1
        IM_COL32(0xE6, 0xE6, 0xE6, 0xFF),  // muted: still 16:1, only a shade off the text
        IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // primary: yellow, the one accent
        IM_COL32(0xFF, 0xF2, 0xA8, 0xFF),  // primary_pressed: paler yellow
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // on_primary: black on yellow, 15:1
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // option: black face, white outline
        IM_COL32(0xFF, 0xFF, 0xFF, 0xFF),  // option_border
        IM_COL32(0x00, 0x2B, 0x55, 0xFF),  // selected: dark blue under white text, 14:1
        IM_COL32(0x33, 0x33, 0x33, 0xFF),  // pressed: 12:1 under white
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // problem_background: the band is an outline here
        IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // problem_text: yellow, with the "!" mark
        IM_COL32(0xFF, 0xE0, 0x3D, 0xFF),  // star
        IM_COL32(0x00, 0x00, 0x00, 0xB3),  // dim
        // faces: the same five hues made light for a black background; black features
        {IM_COL32(0xFF, 0x7A, 0x7A, 0xFF), IM_COL32(0xFF, 0xA6, 0x4D, 0xFF),
         IM_COL32(0xFF, 0xE0, 0x3D, 0xFF), IM_COL32(0xB5, 0xE6, 0x6E, 0xFF),
         IM_COL32(0x5E, 0xE0, 0x8A, 0xFF)},
        IM_COL32(0x00, 0x00, 0x00, 0xFF),  // face_ink
    };
    return palette;
}

void use_palette(bool high_contrast) {
    is_high_contrast = high_contrast;
    const Palette& p = high_contrast ? high_contrast_palette() : standard_palette();
    colour::background = p.background;
    colour::text = p.text;
    colour::muted = p.muted;
    colour::primary = p.primary;
    colour::primary_pressed = p.primary_pressed;
    colour::on_primary = p.on_primary;
    colour::option = p.option;
    colour::option_border = p.option_border;
    colour::selected = p.selected;
    colour::pressed = p.pressed;
    colour::problem_background = p.problem_background;
    colour::problem_text = p.problem_text;
    colour::star = p.star;
    colour::dim = p.dim;
    for (int i = 0; i < 5; ++i) colour::faces[i] = p.faces[i];
    colour::face_ink = p.face_ink;
    if (ImGui::GetCurrentContext() == nullptr) return;
    ImGuiStyle& style = ImGui::GetStyle();
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.muted);
}

bool is_high_contrast_in_use() { return is_high_contrast; }

void use_large_text(bool is_large) { is_large_text = is_large; }
bool is_large_text_in_use() { return is_large_text; }

}  // namespace standpoint::ui

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

namespace standpoint::ui {
namespace {

constexpr double attract_frame_s = 1.0 / 15;  // gentle: 15 frames a second is plenty
constexpr float glow_period_s = 2.4f;
constexpr float pi = 3.14159265f;

void draw_list_ring(ImVec2 min, ImVec2 max, float unit) {
    const float grow = 14 * unit;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - grow, min.y - grow),
                                        ImVec2(max.x + grow, max.y + grow), colour::primary,
                                        14 * unit + grow, 0, 5 * unit);
}

void reset_choices(ViewState& view) {
    view.is_large_text = false;
    view.is_high_contrast = false;
}

// A loudspeaker: a box, a cone and two sound arcs, in `ink`.
void draw_speaker(ImDrawList* draw_list, ImVec2 min, ImVec2 max, ImU32 ink) {
    const float side = std::min(max.x - min.x, max.y - min.y) * 0.62f;
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
    const float left = centre.x - side * 0.5f;
    const float box_w = side * 0.2f;
    const float box_h = side * 0.34f;
    draw_list->AddRectFilled(ImVec2(left, centre.y - box_h / 2),
                             ImVec2(left + box_w, centre.y + box_h / 2), ink);
    const float cone_x = left + side * 0.46f;
    draw_list->AddQuadFilled(
        ImVec2(left + box_w, centre.y - box_h / 2), ImVec2(cone_x, centre.y - side * 0.42f),
        ImVec2(cone_x, centre.y + side * 0.42f), ImVec2(left + box_w, centre.y + box_h / 2), ink);
    const float thickness = std::max(2.0f, side * 0.07f);
    for (const float radius : {side * 0.22f, side * 0.4f}) {
        draw_list->PathArcTo(ImVec2(cone_x, centre.y), radius, -0.8f, 0.8f, 16);
        draw_list->PathStroke(ink, 0, thickness);
    }
}

// Contrast: a ring with its left half filled (the usual "contrast" sign).
void draw_contrast(ImDrawList* draw_list, ImVec2 min, ImVec2 max, ImU32 ink) {
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
    const float radius = std::min(max.x - min.x, max.y - min.y) * 0.3f;
    draw_list->PathArcTo(centre, radius, pi / 2, pi * 1.5f, 24);
    draw_list->PathFillConvex(ink);
    draw_list->AddCircle(centre, radius, ink, 32, std::max(2.0f, radius * 0.16f));
}

}  // namespace

void begin_display_choices(ViewState& view, const Session& session, TimePoint now) {
    view.to_speak.reset();
    view.is_stop_wanted = false;
    view.animation_frame_s = 0;
    view.qr_modules_drawn = 0;
    view.message_text.clear();
    if (!std::holds_alternative<Attract>(session.screen)) {
        view.attract_awake_since.reset();
        view.is_dimmed = false;
    } else if (!view.attract_awake_since) {
        // Back at the start: the last resident's choices go with them.
        view.attract_awake_since = now;
        view.is_dimmed = false;
        reset_choices(view);
    } else if (ImGui::IsMouseClicked(0)) {
        view.attract_awake_since = now;  // a touch wakes it; the tap itself still counts
        view.is_dimmed = false;
    }
    if (view.attract_awake_since && !view.is_dimmed &&
        now - *view.attract_awake_since >= attract_animate_for) {
        view.is_dimmed = true;
        reset_choices(view);  // chosen on attract, then nobody started: not for the next person
    }
    use_palette(view.is_high_contrast);
    use_large_text(view.is_large_text);
}

float accessibility_row_width(float h, float gap) { return 3 * h * 1.25f + 2 * gap; }

// Stop: a filled square.
void draw_stop(ImDrawList* draw_list, ImVec2 centre, float side, ImU32 ink) {
    draw_list->AddRectFilled(ImVec2(centre.x - side / 2, centre.y - side / 2),
                             ImVec2(centre.x + side / 2, centre.y + side / 2), ink, side * 0.12f);
}

bool accessibility_toggles(ViewState& view, float x, float y, float h, float gap,
                           const std::string& reading_words, float max_right, float* right) {
    const ImVec2 size(std::round(h * 1.25f), h);
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    // "A+" in the large text when it is on: the button shows what it did.
    if (big_button(view, "text_size", "A+", size, Look::option, view.is_large_text,
                   FontRole::heading))
        view.is_large_text = !view.is_large_text;
    ImGui::SetCursorScreenPos(ImVec2(x + size.x + gap, y));
    if (big_button(view, "contrast", "", size, Look::option, view.is_high_contrast))
        view.is_high_contrast = !view.is_high_contrast;
    draw_contrast(ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                  colour::text);
    const float speaker_x = x + 2 * (size.x + gap);
    ImGui::SetCursorScreenPos(ImVec2(speaker_x, y));
    if (view.is_speaking) {
        // The button says what is happening, so a kiosk without sound does not seem dead.
        const float words_w = text_width(FontRole::body, reading_words) + h + 32 * display_unit();
        const float w = std::max(size.x, std::min(max_right - speaker_x, words_w));
        if (ImGui::InvisibleButton("read_aloud", ImVec2(w, h))) view.is_stop_wanted = true;
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        register_target(view, "read_aloud", min, max);
        ImDrawList* draw_list = ImGui::GetWindowDrawList();
        draw_box(draw_list, min, max, Look::option, ImGui::IsItemActive(), true);
        const bool is_rtl = is_mirrored();
        draw_stop(draw_list, ImVec2(is_rtl ? max.x - h / 2 : min.x + h / 2, (min.y + max.y) / 2),
                  h * 0.32f, colour::text);
        const TextBox box("read_aloud", min, max);
        const float text_w = w - h - 16 * display_unit();
        const FontRole role = fitting_role(FontRole::body, ImVec2(text_w, h), reading_words);
        const float text_h = text_height(role, text_w, reading_words);
        draw_text(draw_list, role,
                  ImVec2(is_rtl ? min.x + 8 * display_unit() : min.x + h, min.y + (h - text_h) / 2),
                  text_w, reading_words, colour::text);
        *right = speaker_x + w;
        // Ask for a frame now and then, so the state goes when the speech ends.
        view.is_animating = true;
        if (view.animation_frame_s <= 0 || view.animation_frame_s > 0.5)
            view.animation_frame_s = 0.5;
        return false;
    }
    const bool is_speaker_tapped = big_button(view, "read_aloud", "", size, Look::option, false);
    draw_speaker(ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                 colour::text);
    *right = x + 3 * size.x + 2 * gap;
    return is_speaker_tapped;
}

void add_sentence(std::string& spoken, const std::string& sentence) {
    if (sentence.empty()) return;
    if (!spoken.empty()) {
        const char last = spoken.back();
        if (last != '.' && last != '?' && last != '!' && last != ':') spoken += '.';
        spoken += ' ';
    }
    spoken += sentence;
}

std::string spoken_question(const Question& question, const UiText& text,
                            const std::string& language, const std::string& fallback) {
    std::string spoken;
    const auto in = [&](const Text& value) { return value.in(language, fallback); };
    add_sentence(spoken, in(question.prompt));
    add_sentence(spoken, in(question.help));
    switch (question.type) {
        case QuestionType::single:
        case QuestionType::multi:
            for (const Option& option : question.options) add_sentence(spoken, in(option.label));
            break;
        case QuestionType::smiley:
            for (int v = 1; v <= 5; ++v)
                add_sentence(spoken, text.get(language, "smiley." + std::to_string(v)));
            break;
        case QuestionType::scale:
            add_sentence(spoken,
                         std::to_string(question.min_value) + ", " + in(question.min_label));
            add_sentence(spoken,
                         std::to_string(question.max_value) + ", " + in(question.max_label));
            break;
        case QuestionType::yesno:
            add_sentence(spoken, text.get(language, "yesno.yes"));
            add_sentence(spoken, text.get(language, "yesno.no"));
            break;
        case QuestionType::consent:
            add_sentence(spoken, text.get(language, "consent.yes"));
            add_sentence(spoken, text.get(language, "consent.no"));
            break;
        case QuestionType::text:
            add_sentence(spoken, in(question.pattern_hint));
            break;
        case QuestionType::stars:
        case QuestionType::number:
        case QuestionType::info:
            break;
    }
    return spoken;
}

void attract_glow(ViewState& view, ImVec2 min, ImVec2 max, TimePoint now) {
    if (!view.attract_awake_since) return;
    const float unit = display_unit();
    if (view.is_dimmed) {
        // Resting: one still ring, on every other period, and one frame per period. Cheap (a
        // frame every few seconds) and still visibly alive from across a field.
        if (attract_turn(now, 2) == 0) draw_list_ring(min, max, unit);
        view.is_animating = true;
        view.animation_frame_s = attract_rest_period_s;
        return;
    }
    const float elapsed_s = std::chrono::duration<float>(now - *view.attract_awake_since).count();
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    for (const float offset : {0.0f, 0.5f}) {  // two rings, half a period apart
        const float phase = std::fmod(elapsed_s / glow_period_s + offset, 1.0f);
        const float grow = phase * 34 * unit;
        const auto alpha = static_cast<int>((1 - phase) * 150);
        const ImU32 ring =
            (colour::primary & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
        draw_list->AddRect(ImVec2(min.x - grow, min.y - grow), ImVec2(max.x + grow, max.y + grow),
                           ring, 14 * unit + grow, 0, 5 * unit);
    }
    view.is_animating = true;
    view.animation_frame_s = attract_frame_s;
}

std::size_t attract_turn(TimePoint now, std::size_t count) {
    if (count == 0) return 0;
    const auto periods =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() /
        static_cast<long long>(attract_rest_period_s * 1000);
    return static_cast<std::size_t>(periods % static_cast<long long>(count));
}

void draw_qr(ViewState& view, const std::string& url, ImVec2 top_left, float side) {
    if (view.qr_url != url) {
        const QrCode code = make_qr_code(url);
        view.qr_url = url;
        view.qr_size = code.size;
        view.qr_is_dark = code.is_dark;
    }
    if (view.qr_size <= 0) return;
    const int modules = view.qr_size + 8;  // 4 light modules each side: the quiet zone
    // Whole pixels per module: blurred edges between modules cost phones their lock.
    const float module = std::floor(side / static_cast<float>(modules));
    if (module < 1) return;
    const float drawn = module * static_cast<float>(modules);
    const ImVec2 origin(std::round(top_left.x + (side - drawn) / 2),
                        std::round(top_left.y + (side - drawn) / 2));
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_list->AddRectFilled(origin, ImVec2(origin.x + drawn, origin.y + drawn),
                             IM_COL32(0xFF, 0xFF, 0xFF, 0xFF));
    for (int y = 0; y < view.qr_size; ++y)
        for (int x = 0; x < view.qr_size; ++x) {
            if (!view.qr_is_dark[static_cast<std::size_t>(y * view.qr_size + x)]) continue;
            const ImVec2 min(origin.x + static_cast<float>(x + 4) * module,
                             origin.y + static_cast<float>(y + 4) * module);
            draw_list->AddRectFilled(min, ImVec2(min.x + module, min.y + module),
                                     IM_COL32(0x00, 0x00, 0x00, 0xFF));
            ++view.qr_modules_drawn;
        }
}

}  // namespace standpoint::ui
