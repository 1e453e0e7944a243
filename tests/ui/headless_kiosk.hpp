// The headless kiosk harness the UI tests share: a real ImGui context with the kiosk's fonts and
// theme, no window and no GL (docs/architecture.md, "Testing layers"), the demo survey and i18n files
// read from the source tree, one frame of the real views at a given pointer, and `Kiosk`: the
// resident's side driven by taps, saving into a real store when given one.
#pragma once

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/session.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/core/uuid.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/ui/accessibility.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/layout_record.hpp"
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

// The kiosk's words in `languages` ("en", "cy", "pl", "ur"), from assets/i18n.
inline UiText ui_texts(std::initializer_list<const char*> languages) {
    UiText text;
    for (const char* language : languages) add_i18n(text, language);
    return text;
}
inline UiText all_ui_texts() { return ui_texts({"en", "cy", "pl", "ur"}); }

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

// The resident's side of one kiosk in its own ImGui context: taps go through the real views and
// the real session; the app's jobs (a response id at Start, the save, Saved) are done here as the
// app does them. Saves go into `store` when one is set, filed under `event_id`.
struct Kiosk {
    Survey survey;
    UiText text;
    Session session;
    ui::ViewState view;
    TimePoint now = TimePoint(std::chrono::seconds(1'795'000'000));
    ImVec2 pointer = ImVec2(-FLT_MAX, -FLT_MAX);
    ResponseStore* store = nullptr;
    std::string event_id = "test-gala";
    std::optional<Response> last_saved;
    int responses_started = 0;
    ui::LayoutRecord* record = nullptr;  // when set, each frame's boxes and texts land here
    ImGuiContext* context = nullptr;

    Kiosk(Survey chosen, UiText words, ImVec2 display = ImVec2(1920, 1080))
        : survey(std::move(chosen)), text(std::move(words)) {
        context = create_context(survey, text, display);
        session = start_session(survey, now);
        frame(false);
    }
    ~Kiosk() {
        ui::use_palette(false);  // the palette and text size are process-wide
        ui::use_large_text(false);
        ImGui::DestroyContext(context);
    }
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    void apply(const Event& event) {
        Step step = advance(session, event, survey);
        session = std::move(step.session);
        if (!step.to_save) return;
        Response response = std::move(*step.to_save);
        response.event_id = event_id;
        if (store != nullptr) {
            response.device_id = store->device_id();
            const Result<std::int64_t> seq = store->save(response);
            REQUIRE_MESSAGE(seq.ok(), (seq.ok() ? "" : seq.error().message));
        }
        const bool is_complete = response.status == ResponseStatus::complete;
        last_saved = std::move(response);
        if (is_complete) apply(Saved{now});
    }

    void frame(bool is_down) {
        if (record != nullptr) record->clear();
        ui::set_layout_record(record);
        std::vector<Event> events =
            draw_frame(context, pointer, is_down, session, survey, text, view, now);
        ui::set_layout_record(nullptr);
        for (Event& event : events) {
            if (auto* start = std::get_if<Start>(&event)) {
                CHECK(start->response_id.empty());  // the app's job; we stand in for it here
                const auto ms =
                    std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
                UuidRandom random{};
                random[0] = static_cast<std::uint8_t>(++responses_started);
                start->response_id = make_uuid_v7(static_cast<std::uint64_t>(ms.count()), random);
            }
            apply(event);
        }
        now += std::chrono::milliseconds(16);
        apply(Tick{now});
    }
    void idle(int frames = 2) {
        for (int i = 0; i < frames; ++i) frame(false);
    }

    const ui::TapTarget* target(const std::string& name) const { return find_target(view, name); }
    bool has(const std::string& name) const { return target(name) != nullptr; }

    // Taps `name` and returns the view state as it was on the release frame (intents such as
    // "open the accessibility panel" last one frame).
    ui::ViewState tap(const std::string& name) {
        idle();
        const ui::TapTarget* found = target(name);
        REQUIRE_MESSAGE(found != nullptr, "no target named ", name);
        pointer = ImVec2(found->centre_x(), found->centre_y());
        frame(true);
        frame(false);
        ui::ViewState on_release = view;
        idle();
        return on_release;
    }

    void drag(ImVec2 from, float dy, int steps) {
        pointer = from;
        frame(true);
        for (int i = 1; i <= steps; ++i) {
            pointer =
                ImVec2(from.x, from.y + dy * static_cast<float>(i) / static_cast<float>(steps));
            frame(true);
        }
        frame(false);
    }

    const Asking& asking() const {
        const auto* screen = std::get_if<Asking>(&session.screen);
        REQUIRE(screen != nullptr);
        return *screen;
    }
    // "" when no question is showing.
    std::string question_id() const {
        const auto* screen = std::get_if<Asking>(&session.screen);
        return screen != nullptr ? survey.questions[screen->index].id : "";
    }
    std::string draft_json() const { return answers_to_json(asking().draft.answers).dump(); }
};

}  // namespace standpoint::headless
