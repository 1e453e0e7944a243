// Text that ImGui 1.86 cannot draw itself (Urdu, Arabic, Bengali...: joined, reordered, right to
// left) is laid out and rasterised by Pango (HarfBuzz shaping, FriBidi direction, fontconfig
// fallback, line breaking) into a bitmap, which the app uploads as a texture and the views draw
// with ImGui's image quads. No GL here: uploading is behind TextureUploader.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace standpoint::ui {

struct ShapeRequest {
    std::string text;         // UTF-8
    std::string font_family;  // e.g. "Noto Nastaliq Urdu"; fontconfig falls back per character
    int px = 36;              // font size in pixels (the atlas role's size)
    int wrap_width_px = -1;   // wrap lines at this width; -1 = one line per paragraph
    bool is_rtl = false;      // the screen is right to left: lines align to the right
    bool is_bold = false;
    bool operator==(const ShapeRequest&) const = default;
};

// White text in straight (not premultiplied) RGBA, cropped to the text's logical extent, so the
// caller tints it with any colour and places it by its own alignment.
struct ShapedBitmap {
    int width_px = 0;
    int height_px = 0;
    std::vector<std::uint8_t> rgba;
};
ShapedBitmap render_shaped_text(const ShapeRequest& request);

// Set by the app at start (GL in kiosk/app/gl_textures.cpp); headless tests set a fake that only
// records sizes. With none set, shaped text is still measured (layout stays right) but not drawn.
struct TextureUploader {
    std::function<ImTextureID(int width_px, int height_px, const std::uint8_t* rgba)> upload;
    std::function<void(ImTextureID)> release;
};
void set_texture_uploader(TextureUploader uploader);  // releases what the old one uploaded

struct ShapedImage {
    ImTextureID texture = nullptr;  // null when there is no uploader
    float width = 0;
    float height = 0;
};

// Cached by the whole request: a string is shaped and uploaded once per (text, font, size, wrap
// width, direction). The least recently used images go once the cache holds more than
// `max_cached_bytes` of pixels.
const ShapedImage& shaped_image(const ShapeRequest& request);

// Called by the views at the start of every frame: a new language or text size throws away
// every cached image (none of them will be drawn again soon, and textures are memory).
void begin_shaped_text_frame(const std::string& language, float body_px);
void clear_shaped_text_cache();
std::size_t shaped_text_cache_count();

inline constexpr std::size_t max_cached_bytes = 48u * 1024 * 1024;

}  // namespace standpoint::ui

namespace standpoint::ui {

// Why `language`'s texts (all of them in `utf8`, any separator) cannot be shown correctly on
// this machine, in words; "" when they can. Text that is shaped needs some installed font with
// each letter (fontconfig); atlas text needs each letter in `atlas_font_file` and below U+10000
// (ImGui 1.86's 16-bit glyph index).
std::string language_render_problem(const std::string& language, const std::string& utf8,
                                    const std::string& atlas_font_file);

}  // namespace standpoint::ui
