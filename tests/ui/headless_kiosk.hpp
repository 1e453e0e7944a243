// The headless kiosk harness the UI tests share: a real ImGui context with the kiosk's fonts and
// theme, no window and no GL (docs/architecture.md, "Testing layers"), the demo survey and i18n files
// read from the source tree, and one frame of the real views at a given pointer. Each test file
// keeps its own Kiosk struct, because they differ in what happens to a saved response.
#pragma once

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/theme.hpp"

namespace standpoint::headless {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot read ", path.string());
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

// A survey file under the source tree, e.g. "assets/surveys/gala-feedback.json".
inline Survey load_survey(const std::string& relative_path, const std::string& name) {
    const std::string path = std::string(STANDPOINT_SOURCE_DIR) + "/" + relative_path;
    Result<Survey> survey = parse_survey(read_file(path), name);
    REQUIRE_MESSAGE(survey.ok(), (survey.ok() ? "" : survey.error().message));
    return std::move(survey).value();
}

inline Survey demo_survey() {
    return load_survey("assets/surveys/gala-feedback.json", "gala-feedback.json");
}

inline std::string i18n_path(const std::string& language) {
    return std::string(STANDPOINT_SOURCE_DIR) + "/assets/i18n/" + language + ".json";
}

inline void add_i18n(UiText& text, const std::string& language) {
    const std::string path = i18n_path(language);
    REQUIRE(text.add_language(language, read_file(path), path).ok());
}

// Makes a context current with the kiosk's fonts for `survey` and theme, and builds the font
// atlas (as alpha, which needs no GL). The caller destroys the context.
inline ImGuiContext* create_context(const Survey& survey, const UiText& text, ImVec2 display) {
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);  // CreateContext keeps an existing one current
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display;
    const float shorter_side = std::min(display.x, display.y);
    const Status fonts = ui::load_fonts(survey, text, shorter_side);
    REQUIRE_MESSAGE(fonts.ok(), (fonts.ok() ? "" : fonts.error().message));
    ui::apply_theme(shorter_side);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    return context;
}

// One frame with the pointer where the finger is (the GLFW backend keeps reporting the last
// position after a lift, which is why park_pointer_after_release exists). Returns the views'
// events for the caller to apply.
// One headless frame with the finger at `pointer` (down or not): `draw()` runs between NewFrame
// and Render, as in the app's loop, and its result is returned.
template <class Draw>
auto headless_frame(ImGuiContext* context, ImVec2 pointer, bool is_down, Draw&& draw) {
    ImGui::SetCurrentContext(context);  // a test may hold two kiosks
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = pointer;
    io.MouseDown[0] = is_down;
    ui::park_pointer_after_release();
    ImGui::NewFrame();
    auto result = draw();
    ImGui::Render();
    return result;
}

inline std::vector<Event> draw_frame(ImGuiContext* context, ImVec2 pointer, bool is_down,
                                     const Session& session, const Survey& survey,
                                     const UiText& text, ui::ViewState& view, TimePoint now) {
    return headless_frame(context, pointer, is_down,
                          [&] { return ui::draw_kiosk(session, survey, text, view, now); });
}

inline const ui::TapTarget* find_target(const ui::ViewState& view, const std::string& name) {
    for (const ui::TapTarget& each : view.targets)
        if (each.name == name) return &each;
    return nullptr;
}

}  // namespace standpoint::headless
