#include "kiosk/ui/shaped_text.hpp"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "kiosk/core/script.hpp"

namespace standpoint::ui {
namespace {

// RAII for the C objects, so every early return frees them.
struct SurfaceFree {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct ObjectFree {
    void operator()(void* o) const { g_object_unref(o); }
};
struct FontFree {
    void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using Cairo = std::unique_ptr<cairo_t, CairoFree>;
using Layout = std::unique_ptr<PangoLayout, ObjectFree>;
using Font = std::unique_ptr<PangoFontDescription, FontFree>;

void configure(PangoLayout* layout, const ShapeRequest& request) {
    Font font(pango_font_description_new());
    // A family list: the script's font first, Noto Sans for the Latin, digits and punctuation
    // mixed into it; fontconfig finds anything else.
    const std::string families = request.font_family.empty()
                                     ? std::string("Noto Sans,DejaVu Sans")
                                     : request.font_family + ",Noto Sans,DejaVu Sans";
    pango_font_description_set_family(font.get(), families.c_str());
    pango_font_description_set_absolute_size(font.get(), request.px * PANGO_SCALE);
    pango_font_description_set_weight(font.get(),
                                      request.is_bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font.get());
    if (request.wrap_width_px > 0) {
        pango_layout_set_width(layout, request.wrap_width_px * PANGO_SCALE);
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    // Each paragraph takes its direction from its first strong letter (FriBidi), and with
    // auto-dir on, ALIGN_LEFT means "at the start" (Pango swaps it for a right-to-left line):
    // wrapped Urdu lines line up at the right edge. Where the whole block goes on screen is the
    // caller's alignment (the bitmap is cropped to the text).
    // On a right-to-left screen the base direction is RTL too (a paragraph with no strong
    // letter reads right to left) and "start" is then ALIGN_RIGHT.
    pango_layout_set_auto_dir(layout, TRUE);
    if (request.is_rtl) {
        pango_context_set_base_dir(pango_layout_get_context(layout), PANGO_DIRECTION_RTL);
        pango_layout_context_changed(layout);
    }
    pango_layout_set_alignment(layout, request.is_rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, request.text.c_str(), static_cast<int>(request.text.size()));
}

}  // namespace

ShapedBitmap render_shaped_text(const ShapeRequest& request) {
    ShapedBitmap bitmap;
    if (request.text.empty()) return bitmap;
    Surface probe(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
    Cairo probe_cairo(cairo_create(probe.get()));
    Layout layout(pango_cairo_create_layout(probe_cairo.get()));
    // Greyscale antialiasing: the bitmap is tinted later, so no colour fringes.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout.get()), options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout.get());
    configure(layout.get(), request);

    PangoRectangle ink{};
    PangoRectangle logical{};
    pango_layout_get_pixel_extents(layout.get(), &ink, &logical);
    // Across: the logical box (advance widths, so spaces count) and the ink where Nastaliq's
    // swashes reach past it. Down: the ink only, plus a pixel; Nastaliq's line box is about
    // twice the font size, and on a logical box the keyboard question no longer fits 1080 px.
    const int left = std::min(logical.x, ink.x);
    const int right = std::max(logical.x + logical.width, ink.x + ink.width);
    const int top = ink.height > 0 ? ink.y - 1 : logical.y;
    const int bottom = ink.height > 0 ? ink.y + ink.height + 1 : logical.y + logical.height;
    bitmap.width_px = std::max(1, right - left);
    bitmap.height_px = std::max(1, bottom - top);

    Surface surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, bitmap.width_px, bitmap.height_px));
    Cairo cairo(cairo_create(surface.get()));
    cairo_set_source_rgba(cairo.get(), 1, 1, 1, 1);
    cairo_move_to(cairo.get(), -left, -top);
    pango_cairo_update_layout(cairo.get(), layout.get());
    pango_cairo_show_layout(cairo.get(), layout.get());
    cairo_surface_flush(surface.get());

    // ARGB32 is premultiplied, native-endian: for white text every colour channel equals alpha,
    // so straight RGBA is white with the coverage as alpha.
    const unsigned char* source = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    bitmap.rgba.assign(
        static_cast<std::size_t>(bitmap.width_px) * static_cast<std::size_t>(bitmap.height_px) * 4,
        255);
    for (int y = 0; y < bitmap.height_px; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(source + y * stride);
        for (int x = 0; x < bitmap.width_px; ++x) {
            const std::size_t at =
                (static_cast<std::size_t>(y) * static_cast<std::size_t>(bitmap.width_px) +
                 static_cast<std::size_t>(x)) *
                    4 +
                3;
            bitmap.rgba[at] = static_cast<std::uint8_t>(row[x] >> 24);
        }
    }
    return bitmap;
}

namespace {

struct Entry {
    ShapedImage image;
    std::size_t bytes = 0;
    std::uint64_t last_used = 0;
};

struct Cache {
    TextureUploader uploader;
    std::map<std::string, Entry> entries;
    std::size_t bytes = 0;
    std::uint64_t clock = 0;
    std::string language;
    float body_px = 0;
};

Cache& cache() {
    static Cache instance;
    return instance;
}

std::string key_of(const ShapeRequest& r) {
    return r.font_family + '\x1f' + std::to_string(r.px) + '\x1f' +
           std::to_string(r.wrap_width_px) + '\x1f' + (r.is_rtl ? 'r' : 'l') +
           (r.is_bold ? 'b' : 'n') + '\x1f' + r.text;
}

void release(Cache& c, Entry& entry) {
    if (entry.image.texture != nullptr && c.uploader.release)
        c.uploader.release(entry.image.texture);
    entry.image.texture = nullptr;
}

}  // namespace

void set_texture_uploader(TextureUploader uploader) {
    clear_shaped_text_cache();
    cache().uploader = std::move(uploader);
}

void clear_shaped_text_cache() {
    Cache& c = cache();
    for (auto& [key, entry] : c.entries) release(c, entry);
    c.entries.clear();
    c.bytes = 0;
}

std::size_t shaped_text_cache_count() { return cache().entries.size(); }

void begin_shaped_text_frame(const std::string& language, float body_px) {
    Cache& c = cache();
    if (language != c.language || body_px != c.body_px) {
        clear_shaped_text_cache();
        c.language = language;
        c.body_px = body_px;
    }
}

const ShapedImage& shaped_image(const ShapeRequest& request) {
    Cache& c = cache();
    const std::string key = key_of(request);
    ++c.clock;
    if (const auto found = c.entries.find(key); found != c.entries.end()) {
        found->second.last_used = c.clock;
        return found->second.image;
    }
    const ShapedBitmap bitmap = render_shaped_text(request);
    Entry entry;
    entry.image.width = static_cast<float>(bitmap.width_px);
    entry.image.height = static_cast<float>(bitmap.height_px);
    entry.bytes = bitmap.rgba.size();
    entry.last_used = c.clock;
    if (c.uploader.upload && !bitmap.rgba.empty())
        entry.image.texture =
            c.uploader.upload(bitmap.width_px, bitmap.height_px, bitmap.rgba.data());
    // Room first, then insert: the new entry is never the one evicted.
    while (!c.entries.empty() && c.bytes + entry.bytes > max_cached_bytes) {
        auto oldest = c.entries.begin();
        for (auto it = c.entries.begin(); it != c.entries.end(); ++it)
            if (it->second.last_used < oldest->second.last_used) oldest = it;
        c.bytes -= oldest->second.bytes;
        release(c, oldest->second);
        c.entries.erase(oldest);
    }
    c.bytes += entry.bytes;
    return c.entries.emplace(key, std::move(entry)).first->second.image;
}

namespace {

std::set<std::uint32_t> code_points_of(const std::string& utf8) {
    std::set<std::uint32_t> points;
    for (std::size_t i = 0; i < utf8.size();) {
        FcChar32 point = 0;
        const int used = FcUtf8ToUcs4(reinterpret_cast<const FcChar8*>(utf8.data() + i), &point,
                                      static_cast<int>(utf8.size() - i));
        if (used <= 0) {
            points.insert(0xFFFD);
            ++i;
            continue;
        }
        i += static_cast<std::size_t>(used);
        // Spaces, controls and bidi/joiner marks are not glyphs a font must have.
        if (point < 0x21 || (point >= 0x7F && point < 0xA0) ||
            (point >= 0x200B && point <= 0x200F) || (point >= 0x202A && point <= 0x202E) ||
            (point >= 0x2066 && point <= 0x2069))
            continue;
        points.insert(point);
    }
    return points;
}

bool any_font_has(FcChar32 point) {
    FcCharSet* wanted = FcCharSetCreate();
    FcCharSetAddChar(wanted, point);
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
    FcObjectSet* fields = FcObjectSetBuild(FC_FAMILY, nullptr);
    FcFontSet* fonts = FcFontList(nullptr, pattern, fields);
    const bool found = fonts != nullptr && fonts->nfont > 0;
    if (fonts != nullptr) FcFontSetDestroy(fonts);
    FcObjectSetDestroy(fields);
    FcPatternDestroy(pattern);
    FcCharSetDestroy(wanted);
    return found;
}

// The letters of the font file the atlas is built from; null if it cannot be read.
FcCharSet* charset_of_file(const std::string& path) {
    int count = 0;
    FcPattern* pattern =
        FcFreeTypeQuery(reinterpret_cast<const FcChar8*>(path.c_str()), 0, nullptr, &count);
    if (pattern == nullptr) return nullptr;
    FcCharSet* charset = nullptr;
    FcCharSet* copy = nullptr;
    if (FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch)
        copy = FcCharSetCopy(charset);
    FcPatternDestroy(pattern);
    return copy;
}

std::string describe(const std::string& utf8_letter, std::uint32_t point) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(point));
    return "\"" + utf8_letter + "\" (" + code + ")";
}

std::string utf8_of(std::uint32_t point) {
    FcChar8 bytes[FC_UTF8_MAX_LEN];
    const int length = FcUcs4ToUtf8(point, bytes);
    return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

std::string listed(const std::vector<std::uint32_t>& missing) {
    std::string words;
    const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
    for (std::size_t i = 0; i < shown; ++i)
        words += (i > 0 ? ", " : "") + describe(utf8_of(missing[i]), missing[i]);
    if (missing.size() > shown) words += " and " + std::to_string(missing.size() - shown) + " more";
    return words;
}

}  // namespace

std::string language_render_problem(const std::string& language, const std::string& utf8,
                                    const std::string& atlas_font_file) {
    const std::set<std::uint32_t> points = code_points_of(utf8);
    const bool is_shaped = needs_shaping(language) || text_needs_shaping(utf8);
    if (is_shaped) {
        // Pango shapes any script HarfBuzz knows; what can be missing is a font with the letters.
        if (FcInit() == FcFalse)
            return "fontconfig could not start, so no shaped text can be shown";
        std::vector<std::uint32_t> missing;
        for (const std::uint32_t point : points)
            if (!any_font_has(point)) missing.push_back(point);
        if (missing.empty()) return "";
        const std::string_view family = shaping_font_family(language);
        return "no installed font has the letters " + listed(missing) + "; install a font for it" +
               (family.empty() ? std::string(" (Debian: fonts-noto-core has most scripts)")
                               : " (" + std::string(family) + ", Debian: fonts-noto-core)");
    }
    std::vector<std::uint32_t> too_high;
    for (const std::uint32_t point : points)
        if (point > 0xFFFF) too_high.push_back(point);
    if (!too_high.empty())
        return "this build draws only letters below U+10000 (ImGui's 16-bit glyph index), not " +
               listed(too_high);
    FcCharSet* charset = charset_of_file(atlas_font_file);
    if (charset == nullptr) return "the kiosk's font " + atlas_font_file + " cannot be read";
    std::vector<std::uint32_t> missing;
    for (const std::uint32_t point : points)
        if (FcCharSetHasChar(charset, point) == FcFalse) missing.push_back(point);
    FcCharSetDestroy(charset);
    if (missing.empty()) return "";
    return "the kiosk's font " + atlas_font_file + " has no " + listed(missing) +
           ", and this language is not one the kiosk shapes (kiosk/core/script.cpp)";
}

}  // namespace standpoint::ui
