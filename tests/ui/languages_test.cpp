// Right-to-left and shaped languages on the kiosk views, headless: Urdu text is drawn as Pango
// images (through a fake TextureUploader that records sizes), never from the font atlas, and the
// question screen is mirrored. A real ImGui context with the real fonts, no window, no GL.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/shaped_text.hpp"
#include "kiosk/ui/theme.hpp"
#include "tests/ui/headless_kiosk.hpp"

using namespace standpoint;
using namespace std::chrono_literals;
using headless::demo_survey;

namespace {

UiText kiosk_texts() { return headless::all_ui_texts(); }

// Stands in for kiosk/app/gl_textures.cpp: hands out ids and remembers what is alive.
struct FakeUploader {
    std::vector<ImVec2> uploaded_sizes;
    std::vector<std::uintptr_t> alive;
    std::uintptr_t next_id = 1000;

    void install() {
        ui::set_texture_uploader(ui::TextureUploader{
            [this](int w, int h, const std::uint8_t* rgba) {
                REQUIRE(rgba != nullptr);
                uploaded_sizes.emplace_back(static_cast<float>(w), static_cast<float>(h));
                alive.push_back(++next_id);
                return reinterpret_cast<ImTextureID>(next_id);
            },
            [this](ImTextureID id) { std::erase(alive, reinterpret_cast<std::uintptr_t>(id)); }});
    }
};

struct Rect {
    ImVec2 min, max;
};

// The fake uploader is installed before the first frame: the kiosk's base is built after it.
struct InstalledUploader {
    FakeUploader uploader;
    InstalledUploader() { uploader.install(); }
    ~InstalledUploader() { ui::set_texture_uploader({}); }
    InstalledUploader(const InstalledUploader&) = delete;
    InstalledUploader& operator=(const InstalledUploader&) = delete;
};

// One ImGui context with the kiosk's fonts at 1920x1080, driven by taps on named targets.
struct Kiosk : InstalledUploader, headless::Kiosk {
    Kiosk() : headless::Kiosk(demo_survey(), kiosk_texts()) {}

    std::string draft_answers() const { return draft_json(); }
    // The target `name`; a missing one fails the test and lists what the screen has.
    const ui::TapTarget& target(const std::string& name) const {
        if (const ui::TapTarget* found = headless::Kiosk::target(name)) return *found;
        for (const ui::TapTarget& each : view.targets)
            MESSAGE(each.name, " ", each.x, " ", each.y, " ", each.w, " ", each.h);
        FAIL("no target named ", name);
        return view.targets.front();
    }

    // Every quad of the last frame drawn with a texture other than the font atlas.
    std::vector<Rect> images() const {
        std::vector<Rect> found;
        const ImDrawData* data = ImGui::GetDrawData();
        const ImTextureID atlas = ImGui::GetIO().Fonts->TexID;
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImDrawList* list = data->CmdLists[l];
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                if (cmd.TextureId == atlas || cmd.UserCallback != nullptr) continue;
                Rect rect{ImVec2(FLT_MAX, FLT_MAX), ImVec2(-FLT_MAX, -FLT_MAX)};
                for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                    const ImVec2 p =
                        list->VtxBuffer[list->IdxBuffer[cmd.IdxOffset + i] + cmd.VtxOffset].pos;
                    rect.min = ImVec2(std::min(rect.min.x, p.x), std::min(rect.min.y, p.y));
                    rect.max = ImVec2(std::max(rect.max.x, p.x), std::max(rect.max.y, p.y));
                }
                // ImGui batches consecutive images with one texture; ours are one per string.
                if (cmd.ElemCount == 6) found.push_back(rect);
            }
        }
        return found;
    }
    std::vector<Rect> images_inside(const ui::TapTarget& t) const {
        std::vector<Rect> inside;
        for (const Rect& r : images())
            if (r.min.x >= t.x - 0.5f && r.max.x <= t.x + t.w + 0.5f && r.min.y >= t.y - 0.5f &&
                r.max.y <= t.y + t.h + 0.5f)
                inside.push_back(r);
        return inside;
    }
    void to_services_in_urdu() {
        tap("language:ur");
        REQUIRE(session_language(session) == "ur");
        tap("start");
        tap("agree");
        tap("smiley:4");
        tap("next");
        REQUIRE(question_id() == "services");
    }
};

}  // namespace

TEST_CASE("in Urdu the question's prompt and option labels are shaped images, not atlas text") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    kiosk.idle();
    const std::vector<Rect> images = kiosk.images();
    // The prompt: an image above the first option, ending at the right margin (right-aligned).
    const ui::TapTarget library = kiosk.target("option:library");
    const bool has_prompt = std::any_of(images.begin(), images.end(), [&](const Rect& r) {
        return r.max.y <= library.y && r.min.y > 100 && r.max.x > 1920 - 32 - 4 &&
               r.max.x - r.min.x > 400;
    });
    CHECK(has_prompt);
    for (const char* option : {"option:library", "option:leisure", "option:parks"})
        CHECK_MESSAGE(kiosk.images_inside(kiosk.target(option)).size() == 1, option);
    CHECK(kiosk.uploader.uploaded_sizes.size() >= 5);
}

TEST_CASE("the font atlas holds no Urdu letters: shaped languages never reach it") {
    Kiosk kiosk;
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    CHECK(font->FindGlyphNoFallback(0x06A9) == nullptr);  // ک, in many Urdu texts
    CHECK(font->FindGlyphNoFallback(0x06D4) == nullptr);  // ۔, the Urdu full stop
    CHECK(font->FindGlyphNoFallback(0x0175) != nullptr);  // ŵ, Welsh, still there
}

TEST_CASE("in Urdu the question screen is mirrored: Next left of Back, option mark on the right") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    kiosk.idle();
    const ui::TapTarget next = kiosk.target("next");
    const ui::TapTarget back = kiosk.target("back");
    CHECK(next.x + next.w <= back.x);
    // The label is right-aligned and ends left of the mark, which takes the row's right end.
    const ui::TapTarget row = kiosk.target("option:library");
    const std::vector<Rect> label = kiosk.images_inside(row);
    REQUIRE(label.size() == 1);
    CHECK(label[0].max.x < row.x + row.w - 0.7f * row.h);
    CHECK(label[0].max.x > row.x + row.w - 1.3f * row.h);
}

TEST_CASE("the same question in English is not mirrored and draws its words from the atlas") {
    Kiosk kiosk;
    kiosk.tap("start");
    kiosk.tap("agree");
    kiosk.tap("smiley:4");
    kiosk.tap("next");
    kiosk.idle();
    CHECK(kiosk.target("back").x + kiosk.target("back").w <= kiosk.target("next").x);
    CHECK(kiosk.images_inside(kiosk.target("option:library")).empty());
    // Only the picker's "اردو" is an image on an English screen.
    CHECK(kiosk.images_inside(kiosk.target("language:ur")).size() == 1);
}

TEST_CASE("a resident taps through the whole survey in Urdu and the same option ids are stored") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    kiosk.tap("option:library");
    kiosk.tap("option:parks");
    kiosk.tap("next");
    kiosk.tap("scale:9");
    kiosk.tap("next");
    CHECK(kiosk.question_id() == "better");
    // The Urdu keys first; "ABC" (the second page) for an answer in Latin letters.
    for (const char* key : {"key:accents", "key:m", "key:o", "key:r", "key:e"}) kiosk.tap(key);
    kiosk.tap("next");
    kiosk.tap("option:25_44");
    kiosk.tap("next");
    for (const char* key : {"key:c", "key:f", "key:1", "key:0"}) kiosk.tap(key);
    kiosk.tap("next");
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    REQUIRE(kiosk.last_saved.has_value());
    CHECK(kiosk.last_saved->language == "ur");
    CHECK(answers_to_json(kiosk.last_saved->answers) == nlohmann::json::parse(R"({
        "visit": 4, "services": ["library", "parks"], "recommend": 9, "better": "more",
        "age": "25_44", "postcode": "CF10"})"));
}

TEST_CASE("changing language back to English releases the Urdu images") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    const std::size_t urdu_images = kiosk.uploader.alive.size();
    CHECK(urdu_images >= 5);
    kiosk.tap("language:en");
    CHECK(kiosk.uploader.alive.size() < urdu_images);
    CHECK(kiosk.uploader.alive.size() == ui::shaped_text_cache_count());
}

TEST_CASE("a shaped string is rendered and uploaded once, then drawn from the cache") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    const std::size_t uploads = kiosk.uploader.uploaded_sizes.size();
    kiosk.idle();
    kiosk.idle();
    CHECK(kiosk.uploader.uploaded_sizes.size() == uploads);
}

TEST_CASE("Pango shapes Urdu into a wrapped, non-empty bitmap no wider than asked") {
    ui::ShapeRequest request;
    request.text =
        "اس کا کتنا امکان ہے کہ آپ کسی دوست یا گھر کے فرد کو ہماری خدمات کا مشورہ دیں گے؟";
    request.font_family = "Noto Nastaliq Urdu";
    request.px = 36;
    request.wrap_width_px = 400;
    request.is_rtl = true;
    const ui::ShapedBitmap one_line = [&] {
        ui::ShapeRequest wide = request;
        wide.wrap_width_px = -1;
        return ui::render_shaped_text(wide);
    }();
    const ui::ShapedBitmap wrapped = ui::render_shaped_text(request);
    CHECK(wrapped.width_px <= 400 + 20);  // Nastaliq swashes may reach a little past the box
    CHECK(wrapped.height_px > one_line.height_px);
    CHECK(one_line.width_px > 400);
    std::size_t opaque = 0;
    for (std::size_t i = 3; i < wrapped.rgba.size(); i += 4) opaque += wrapped.rgba[i] > 128;
    CHECK(opaque > 2000);
}

TEST_CASE("a language whose letters no installed font has is reported, naming a letter") {
    // U+0860.. (Syriac Supplement): shaped, right to left, and no Debian font here covers it.
    const std::string problem =
        ui::language_render_problem("syc", "\u0860\u0861\u0862", ui::atlas_font_file());
    CHECK(problem.find("no installed font") != std::string::npos);
    CHECK(problem.find("U+0860") != std::string::npos);
}

TEST_CASE("Urdu, Welsh and Polish texts can all be shown on this machine") {
    CHECK(ui::language_render_problem("ur", "ہمیں اپنی رائے بتائیں", ui::atlas_font_file()) == "");
    CHECK(ui::language_render_problem("cy", "Ym mha grŵp oedran ydych chi?",
                                      ui::atlas_font_file()) == "");
    CHECK(ui::language_render_problem("pl", "Powiedz nam, co myślisz", ui::atlas_font_file()) ==
          "");
}

TEST_CASE("letters beyond U+FFFF in an atlas language are reported: ImGui 1.86 cannot draw them") {
    const std::string problem =
        ui::language_render_problem("en", "Hello \U0001F600", ui::atlas_font_file());
    CHECK(problem.find("U+1F600") != std::string::npos);
    CHECK(problem.find("16-bit") != std::string::npos);
}

// Nastaliq lines are about twice as tall as Latin ones; the keyboard sits outside the scroll
// area (kiosk/ui/keyboard.hpp), so the prompt pushes only the text box, never the keys' last row.
// An Urdu speaker gets the Urdu phonetic keys: "m" types م.
TEST_CASE("in Urdu the keyboard's last row is on screen without a drag") {
    Kiosk kiosk;
    kiosk.to_services_in_urdu();
    kiosk.tap("next");
    kiosk.tap("scale:9");
    kiosk.tap("next");
    REQUIRE(kiosk.question_id() == "better");
    kiosk.idle();
    for (const char* key :
         {"key:q", "key:z", "key:shift", "key:space", "key:backspace", "key:done"})
        CHECK_MESSAGE(kiosk.has(key), key);
    kiosk.tap("key:m");
    kiosk.tap("key:space");
    kiosk.tap("key:backspace");
    CHECK(kiosk.draft_answers().find(R"("better":"م")") != std::string::npos);
}

TEST_CASE(
    "in Urdu the smiley row runs from the right: very bad on the right, very good on the left") {
    Kiosk kiosk;
    kiosk.tap("language:ur");
    kiosk.tap("start");
    kiosk.tap("agree");
    REQUIRE(kiosk.question_id() == "visit");
    CHECK(kiosk.target("smiley:5").x < kiosk.target("smiley:1").x);
    kiosk.tap("smiley:2");
    CHECK(kiosk.draft_answers() == R"({"visit":2})");
    kiosk.tap("language:en");
    CHECK(kiosk.target("smiley:1").x < kiosk.target("smiley:5").x);
}
