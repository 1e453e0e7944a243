#include "kiosk/ui/widgets.hpp"

#include <imgui_internal.h>  // ClearActiveID, SetScrollY(window): pinned to 1.86 anyway

#include <algorithm>
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

// TextScale's factor: 1 except inside a label squeezed into a small key.
float text_scale = 1.0f;

float font_px(FontRole role) { return font_for(role)->FontSize * text_scale; }
float line_px(FontRole role) { return std::round(font_px(role) * 1.2f); }

std::vector<Line> wrap_lines(FontRole role, const std::string& text, float width) {
    ImFont* font = font_for(role);
    const float size = font->FontSize * text_scale;
    std::vector<Line> lines;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p <= end) {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        const char* paragraph_end = newline ? static_cast<const char*>(newline) : end;
        const char* q = p;
        if (q == paragraph_end) lines.push_back({q, q, 0});
        while (q < paragraph_end) {
            const char* cut = font->CalcWordWrapPositionA(text_scale, q, paragraph_end, width);
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
    // The layout audit's view of where text is going (layout_record.hpp).
    int box = -1;
    bool is_scrolled = false;
    Rect clip;
};

LayoutRecord* current_record = nullptr;

void record_text(const std::string& text, Rect ink);

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

void record_text(const std::string& text, Rect ink) {
    const TextContext& context = text_context();
    if (context.box >= 0) {
        const LayoutRecord::Box& box = current_record->boxes[static_cast<std::size_t>(context.box)];
        if (box.clips) {
            ink.x0 = std::max(ink.x0, box.rect.x0);
            ink.y0 = std::max(ink.y0, box.rect.y0);
            ink.x1 = std::min(ink.x1, box.rect.x1);
            ink.y1 = std::min(ink.y1, box.rect.y1);
        }
    }
    current_record->texts.push_back(
        LayoutRecord::Text{text, ink, context.box, context.is_scrolled, context.clip});
}

}  // namespace

void set_layout_record(LayoutRecord* record) { current_record = record; }
LayoutRecord* layout_record() { return current_record; }

Rect rect_of(ImVec2 min, ImVec2 max) { return Rect{min.x, min.y, max.x, max.y}; }

TextBox::TextBox(const std::string& name, ImVec2 min, ImVec2 max, bool clips) {
    if (current_record == nullptr) return;
    previous_ = text_context().box;
    current_record->boxes.push_back(LayoutRecord::Box{name, rect_of(min, max), clips});
    text_context().box = static_cast<int>(current_record->boxes.size()) - 1;
}

TextBox::~TextBox() {
    if (current_record != nullptr) text_context().box = previous_;
}

ScrolledText::ScrolledText(ImVec2 min, ImVec2 max)
    : was_scrolled_(text_context().is_scrolled), previous_(text_context().clip) {
    text_context().is_scrolled = true;
    text_context().clip = rect_of(min, max);
}

ScrolledText::~ScrolledText() {
    text_context().is_scrolled = was_scrolled_;
    text_context().clip = previous_;
}

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
        // Pango may overhang the wrap width a little (Nastaliq's swashes): shape once more,
        // narrower by the overhang, so the image stays in the width it was given.
        const ShapedImage* fitted = &shaped(role, width, text);
        float wrap = width;
        for (int attempt = 0; attempt < 3 && width > 0 && fitted->width > width + 0.5f; ++attempt) {
            wrap = std::max(1.0f, wrap - (fitted->width - width) - width * 0.03f);
            fitted = &shaped(role, wrap, text);
        }
        const ShapedImage& image = *fitted;
        if (draw_list != nullptr && image.texture != nullptr) {
            float x = top_left.x;
            if (align == Align::centre) x += (width - image.width) / 2;
            if (align == Align::right) x += width - image.width;
            const ImVec2 min(std::round(x), std::round(top_left.y));
            draw_list->AddImage(image.texture, min,
                                ImVec2(min.x + image.width, min.y + image.height), ImVec2(0, 0),
                                ImVec2(1, 1), colour);
        }
        if (draw_list != nullptr && current_record != nullptr) {
            float x = top_left.x;
            if (align == Align::centre) x += (width - image.width) / 2;
            if (align == Align::right) x += width - image.width;
            record_text(text, Rect{x, top_left.y, x + image.width, top_left.y + image.height});
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
            draw_list->AddText(font, font->FontSize * text_scale,
                               ImVec2(std::round(x), std::round(y)), colour, line.begin, line.end);
            y += line_height;
        }
        if (current_record != nullptr) {
            Rect ink{FLT_MAX, top_left.y, -FLT_MAX, y};
            for (const Line& line : lines) {
                float x = top_left.x;
                if (align == Align::centre) x += (width - line.width) / 2;
                if (align == Align::right) x += width - line.width;
                ink.x0 = std::min(ink.x0, x);
                ink.x1 = std::max(ink.x1, x + line.width);
            }
            record_text(text, ink);
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
    return font
        ->CalcTextSizeA(font->FontSize * text_scale, FLT_MAX, 0, text.data(),
                        text.data() + text.size())
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
        case Look::danger:  // dark red under white words; held: darker still
            draw_list->AddRectFilled(min, max, is_held ? colour::text : colour::problem_text,
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
        // A chosen filled button (the scale's number) is ringed in the text colour instead.
        draw_list->AddRect(
            ImVec2(min.x + inset.x, min.y + inset.y), ImVec2(max.x - inset.x, max.y - inset.y),
            look == Look::primary ? colour::text : colour::primary, rounding, 0, thickness);
    } else if (look != Look::primary && look != Look::danger) {
        draw_list->AddRect(min, max, colour::option_border, rounding, 0, 2 * unit);
    }
}

float label_padding() { return 16 * display_unit(); }

TextScale::TextScale(float scale) : previous_(std::exchange(text_scale, scale)) {}
TextScale::~TextScale() { text_scale = previous_; }

FontRole fitting_role(FontRole role, ImVec2 room, const std::string& label) {
    // Title, then heading, then body: the first in which the label wraps inside the room.
    for (int r = static_cast<int>(role); r >= 0; --r) {
        const auto candidate = static_cast<FontRole>(r);
        if (text_height(candidate, room.x, label) <= room.y) return candidate;
    }
    return FontRole::body;
}

float button_height(FontRole role, float width, const std::string& label, float at_least) {
    const float padding = label_padding();
    return std::max(at_least,
                    std::ceil(text_height(role, width - 2 * padding, label) + 2 * padding));
}

bool big_button(ViewState& view, const std::string& name, const std::string& label, ImVec2 size,
                Look look, bool is_selected, FontRole role) {
    const bool is_tapped = ImGui::InvisibleButton(name.c_str(), size);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    register_target(view, name, min, max);
    const TextBox box(name, min, max);
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    draw_box(draw_list, min, max, look, ImGui::IsItemActive(), is_selected);
    const float padding = label_padding();
    const float width = size.x - 2 * padding;
    const ImVec2 room(width, size.y - padding);
    const FontRole fitted = fitting_role(role, room, label);
    // Still too big in the body face (a tall Nastaliq word on a key): smaller, down to 70%.
    float scale = 1.0f;
    for (; scale > 0.65f; scale -= 0.1f) {
        const TextScale trying(scale);
        if (text_height(fitted, width, label) <= room.y) break;
    }
    const TextScale scaled(scale);
    const float height = text_height(fitted, width, label);
    draw_text(draw_list, fitted, ImVec2(min.x + padding, min.y + (size.y - height) / 2), width,
              label,
              look == Look::primary || look == Look::danger ? colour::on_primary : colour::text,
              Align::centre);
    return is_tapped;
}

void draw_face(ImDrawList* draw_list, ImVec2 centre, float radius, int value) {
    const int v = std::clamp(value, 1, 5);
    draw_list->AddCircleFilled(centre, radius, colour::faces[v - 1], 48);
    draw_list->AddCircle(centre, radius, colour::text, 48, radius * 0.06f);
    const ImU32 ink = colour::face_ink;
    const float eye_y = centre.y - radius * 0.25f;
    const float eye_radius = radius * 0.11f;
    draw_list->AddCircleFilled(ImVec2(centre.x - radius * 0.33f, eye_y), eye_radius, ink);
    draw_list->AddCircleFilled(ImVec2(centre.x + radius * 0.33f, eye_y), eye_radius, ink);
    const float stroke = radius * 0.09f;
    // Shape as well as colour: frowning brows on the two sad faces, a flat mouth in the middle,
    // an open grin on the happiest.
    if (v <= 2) {
        const float lift = radius * (v == 1 ? 0.14f : 0.07f);
        for (const float side : {-1.0f, 1.0f})
            draw_list->AddLine(
                ImVec2(centre.x + side * radius * 0.48f, eye_y - radius * 0.2f - lift),
                ImVec2(centre.x + side * radius * 0.18f, eye_y - radius * 0.2f), ink,
                stroke * 0.8f);
    }
    const float half_width = radius * 0.45f;
    const float mouth_y = centre.y + radius * 0.38f;
    if (v == 3) {
        draw_list->AddLine(ImVec2(centre.x - half_width, mouth_y),
                           ImVec2(centre.x + half_width, mouth_y), ink, stroke);
        return;
    }
    if (v == 5) {  // an open smile: a filled half disc
        draw_list->PathArcTo(ImVec2(centre.x, mouth_y - radius * 0.12f), half_width * 1.05f, 0,
                             IM_PI, 24);
        draw_list->PathFillConvex(ink);
        return;
    }
    // A curve whose middle drops for a smile and rises for a frown.
    const float curve = v == 1 ? -1.0f : v == 2 ? -0.5f : 0.6f;
    draw_list->AddBezierQuadratic(ImVec2(centre.x - half_width, mouth_y - curve * radius * 0.1f),
                                  ImVec2(centre.x, mouth_y + curve * radius * 0.4f),
                                  ImVec2(centre.x + half_width, mouth_y - curve * radius * 0.1f),
                                  ink, stroke, 24);
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
