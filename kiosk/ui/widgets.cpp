#include "kiosk/ui/widgets.hpp"

#include <imgui_internal.h>  // ClearActiveID, SetScrollY(window): pinned to 1.86 anyway

#include <cfloat>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "kiosk/core/script.hpp"
#include "kiosk/ui/shaped_text.hpp"

namespace standpoint::ui {
namespace {

struct Line {
    const char* begin;
    const char* end;
    float width;
};

int utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

float font_px(FontRole role) { return font_for(role)->FontSize; }
float line_px(FontRole role) { return std::round(font_px(role) * 1.2f); }

std::vector<Line> wrap_lines(FontRole role, const std::string& text, float width) {
    ImFont* font = font_for(role);
    const float size = font->FontSize;
    std::vector<Line> lines;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p <= end) {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        const char* paragraph_end = newline ? static_cast<const char*>(newline) : end;
        const char* q = p;
        if (q == paragraph_end) lines.push_back({q, q, 0});
        while (q < paragraph_end) {
            const char* cut = font->CalcWordWrapPositionA(1.0f, q, paragraph_end, width);
            // One word wider than the line: ImGui returns the start; cut a code point at least.
            if (cut <= q) cut = q + utf8_length(static_cast<unsigned char>(*q));
            if (cut > paragraph_end) cut = paragraph_end;
            const char* line_end = cut;
            while (line_end > q && line_end[-1] == ' ') --line_end;
            lines.push_back({q, line_end, font->CalcTextSizeA(size, FLT_MAX, 0, q, line_end).x});
            q = cut;
            while (q < paragraph_end && *q == ' ') ++q;
        }
        if (!newline) break;
        p = paragraph_end + 1;
    }
    return lines;
}

}  // namespace

// The shorter side sets the scale, so a portrait screen keeps 11 scale buttons >= 90 px wide.
void begin_full_screen_window(const char* name) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();
}

float display_unit() {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    return std::fmax(std::fmin(size.x, size.y), 240.0f) / 1080.0f;
}

namespace {

struct TextContext {
    std::string screen_language;
    std::string text_language;
    bool is_mirrored = false;
};

TextContext& text_context() {
    static TextContext context;
    return context;
}

Align mirrored(Align align) {
    if (!text_context().is_mirrored || align == Align::centre) return align;
    return align == Align::left ? Align::right : Align::left;
}

const ShapedImage& shaped(FontRole role, float wrap_width, const std::string& text) {
    const TextContext& context = text_context();
    ShapeRequest request;
    request.text = text;
    request.font_family = std::string(shaping_font_family(context.text_language));
    // Nastaliq's letters stack in a slanting cascade: a line's ink is about 2.5 times the font
    // size, against 1.2 for Latin. A little smaller keeps the keyboard question on one screen
    // and still reads as large as the Latin text beside it.
    const bool is_nastaliq = request.font_family == "Noto Nastaliq Urdu";
    request.px = static_cast<int>(std::lround(font_px(role) * (is_nastaliq ? 0.85f : 1.0f)));
    request.wrap_width_px = wrap_width < 0 ? -1 : std::max(1, static_cast<int>(wrap_width));
    request.is_rtl = context.is_mirrored;
    // Noto Nastaliq Urdu Bold (fonts-noto-core 20201225) loses the dots under پ and چ when
    // shaped: Urdu headings stay regular and stand out by size.
    request.is_bold = role != FontRole::body && !is_nastaliq;
    return shaped_image(request);
}

}  // namespace

void set_screen_language(const std::string& language) {
    TextContext& context = text_context();
    context.screen_language = language;
    context.text_language = language;
    context.is_mirrored = is_rtl(language);
    begin_shaped_text_frame(language, font_px(FontRole::body));
}

bool is_mirrored() { return text_context().is_mirrored; }

TextLanguage::TextLanguage(const std::string& language)
    : previous_(std::exchange(text_context().text_language, language)) {}

TextLanguage::~TextLanguage() { text_context().text_language = std::move(previous_); }

float draw_text(ImDrawList* draw_list, FontRole role, ImVec2 top_left, float width,
                const std::string& text, ImU32 colour, Align align) {
    if (text.empty()) return 0;
    align = mirrored(align);
    if (text_needs_shaping(text)) {
        const ShapedImage& image = shaped(role, width, text);
        if (draw_list != nullptr && image.texture != nullptr) {
            float x = top_left.x;
            if (align == Align::centre) x += (width - image.width) / 2;
            if (align == Align::right) x += width - image.width;
            const ImVec2 min(std::round(x), std::round(top_left.y));
            draw_list->AddImage(image.texture, min,
                                ImVec2(min.x + image.width, min.y + image.height), ImVec2(0, 0),
                                ImVec2(1, 1), colour);
        }
        return image.height;
    }
    const std::vector<Line> lines = wrap_lines(role, text, width);
    const float line_height = line_px(role);
    if (draw_list != nullptr) {
        ImFont* font = font_for(role);
        float y = top_left.y;
        for (const Line& line : lines) {
            float x = top_left.x;
            if (align == Align::centre) x += (width - line.width) / 2;
            if (align == Align::right) x += width - line.width;
            draw_list->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(y)), colour,
                               line.begin, line.end);
            y += line_height;
        }
    }
    return line_height * static_cast<float>(lines.size());
}

float text_height(FontRole role, float width, const std::string& text) {
    return draw_text(nullptr, role, ImVec2(0, 0), width, text, 0);
}

float text_width(FontRole role, const std::string& text) {
    if (text_needs_shaping(text)) return shaped(role, -1, text).width;
    ImFont* font = font_for(role);
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size())
        .x;
}

void register_target(ViewState& view, const std::string& name, ImVec2 min, ImVec2 max) {
    // Only what a finger can reach now: a row scrolled half out of view is not a target until
    // it is scrolled in (tests and the xdotool script tap by these rectangles).
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = draw_list->GetClipRectMin();
    const ImVec2 clip_max = draw_list->GetClipRectMax();
    constexpr float slack = 1.5f;  // ImGui floors content sizes
    if (min.x < clip_min.x - slack || min.y < clip_min.y - slack || max.x > clip_max.x + slack ||
        max.y > clip_max.y + slack)
        return;
    view.targets.push_back(TapTarget{name, min.x, min.y, max.x - min.x, max.y - min.y});
}

void draw_box(ImDrawList* draw_list, ImVec2 min, ImVec2 max, Look look, bool is_held,
              bool is_selected) {
    const float unit = display_unit();
    const float rounding = 14 * unit;
    switch (look) {
        case Look::primary:
            draw_list->AddRectFilled(min, max, is_held ? colour::primary_pressed : colour::primary,
                                     rounding);
            break;
        case Look::option:
        case Look::quiet: {
            const ImU32 fill = is_held                ? colour::pressed
                               : is_selected          ? colour::selected
                               : look == Look::option ? colour::option
                                                      : colour::background;
            draw_list->AddRectFilled(min, max, fill, rounding);
            break;
        }
    }
    if (is_selected) {
        const float thickness = 6 * unit;
        const ImVec2 inset(thickness / 2, thickness / 2);
        draw_list->AddRect(ImVec2(min.x + inset.x, min.y + inset.y),
                           ImVec2(max.x - inset.x, max.y - inset.y), colour::primary, rounding, 0,
                           thickness);
    } else if (look != Look::primary) {
        draw_list->AddRect(min, max, colour::option_border, rounding, 0, 2 * unit);
    }
}

bool big_button(ViewState& view, const std::string& name, const std::string& label, ImVec2 size,
                Look look, bool is_selected, FontRole role) {
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), size);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    register_target(view, name, min, max);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, max, look, ImGui::IsItemActive(), is_selected);
    const float padding = 16 * display_unit();
    const float width = size.x - 2 * padding;
    const float height = text_height(role, width, label);
    draw_text(draw_list, role, ImVec2(min.x + padding, min.y + (size.y - height) / 2), width, label,
              look == Look::primary ? colour::on_primary : colour::text, Align::centre);
    return is_tapped;
}

void draw_face(ImDrawList* draw_list, ImVec2 centre, float radius, int value) {
    draw_list->AddCircleFilled(centre, radius, colour::face, 48);
    draw_list->AddCircle(centre, radius, colour::text, 48, radius * 0.06f);
    const float eye_y = centre.y - radius * 0.25f;
    const float eye_radius = radius * 0.11f;
    draw_list->AddCircleFilled(ImVec2(centre.x - radius * 0.33f, eye_y), eye_radius, colour::text);
    draw_list->AddCircleFilled(ImVec2(centre.x + radius * 0.33f, eye_y), eye_radius, colour::text);
    // Mouth: a quadratic curve whose middle drops for a smile and rises for a frown.
    const float curve = static_cast<float>(value - 3) / 2.0f;  // -1 very sad .. +1 very happy
    const float mouth_y = centre.y + radius * 0.38f - curve * radius * 0.1f;
    const float half_width = radius * 0.45f;
    draw_list->AddBezierQuadratic(
        ImVec2(centre.x - half_width, mouth_y), ImVec2(centre.x, mouth_y + curve * radius * 0.45f),
        ImVec2(centre.x + half_width, mouth_y), colour::text, radius * 0.09f, 24);
}

void draw_star(ImDrawList* draw_list, ImVec2 centre, float radius, bool is_filled) {
    ImVec2 points[10];
    for (int i = 0; i < 10; ++i) {
        const float angle = -IM_PI / 2 + static_cast<float>(i) * IM_PI / 5;
        const float r = (i % 2 == 0) ? radius : radius * 0.45f;
        points[i] = ImVec2(centre.x + std::cos(angle) * r, centre.y + std::sin(angle) * r);
    }
    if (is_filled)  // star-shaped around its centre, so a fan of triangles fills it
        for (int i = 0; i < 10; ++i)
            draw_list->AddTriangleFilled(centre, points[i], points[(i + 1) % 10], colour::star);
    draw_list->AddPolyline(points, 10, colour::text, ImDrawFlags_Closed, radius * 0.07f);
}

void draw_tick(ImDrawList* draw_list, ImVec2 min, ImVec2 max, ImU32 colour) {
    const float w = max.x - min.x;
    const float h = max.y - min.y;
    const ImVec2 points[3] = {ImVec2(min.x + w * 0.18f, min.y + h * 0.52f),
                              ImVec2(min.x + w * 0.42f, min.y + h * 0.76f),
                              ImVec2(min.x + w * 0.84f, min.y + h * 0.26f)};
    draw_list->AddPolyline(points, 3, colour, 0, w * 0.13f);
}

void touch_scroll(ViewState& view) {
    ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const bool is_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (ImGui::IsMouseClicked(0) && is_hovered) {
        view.is_tracking_press = true;
        view.is_dragging = false;
        view.scroll_velocity = 0;
    }
    if (view.is_tracking_press && io.MouseDown[0]) {
        if (!view.is_dragging && ImGui::IsMouseDragging(0, io.MouseDragThreshold)) {
            view.is_dragging = true;
            ImGui::ClearActiveID();  // the button the finger started on must not click
        }
        if (view.is_dragging) {
            ImGui::SetScrollY(window, window->Scroll.y - io.MouseDelta.y);
            if (io.DeltaTime > 0)
                view.scroll_velocity =
                    0.8f * view.scroll_velocity + 0.2f * (-io.MouseDelta.y / io.DeltaTime);
        }
    } else {
        view.is_tracking_press = false;
        view.is_dragging = false;
        if (std::fabs(view.scroll_velocity) > 5.0f) {  // coasting: exponential decay
            ImGui::SetScrollY(window, window->Scroll.y + view.scroll_velocity * io.DeltaTime);
            view.scroll_velocity *= std::pow(0.02f, io.DeltaTime);  // ~98% lost per second
            const bool is_at_end = window->Scroll.y <= 0 || window->Scroll.y >= window->ScrollMax.y;
            if (is_at_end && window->ScrollMax.y > 0 &&
                ((view.scroll_velocity < 0 && window->Scroll.y <= 0) ||
                 (view.scroll_velocity > 0 && window->Scroll.y >= window->ScrollMax.y)))
                view.scroll_velocity = 0;  // hit an end: stop asking for frames
        } else {
            view.scroll_velocity = 0;
        }
    }
    if (view.is_dragging || view.scroll_velocity != 0) view.is_animating = true;
}

}  // namespace standpoint::ui
