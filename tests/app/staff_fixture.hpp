// The staff screen under test: a real ImGui context (headless, no GL), a real SQLite store in a
// temporary folder owned by a real StoreWorker, and the real StaffController, tapped by the names
// of its TapTargets. SQL counts come from the sqlite3 command-line shell over the same file, so
// the numbers on the screen are checked against a path that shares no code with the kiosk.
#pragma once

#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "kiosk/app/staff_controller.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/store_worker.hpp"
#include "kiosk/ui/staff_view.hpp"
#include "kiosk/ui/theme.hpp"
#include "tests/ui/headless_kiosk.hpp"
#include "tests/temp_dir.hpp"

namespace standpoint::staff_test {

using testing::TempDir;

// One value from the sqlite3 shell (read-only, alongside the store's own connection: WAL).
inline std::string sql_value(const std::filesystem::path& db, const std::string& sql) {
    const std::string command = "sqlite3 -readonly '" + db.string() + "' \"" + sql + "\"";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    REQUIRE(::pclose(pipe) == 0);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

inline std::int64_t sql_count(const std::filesystem::path& db, const std::string& sql) {
    return std::stoll(sql_value(db, sql));
}

class StaffScreen {
public:
    // Opens a real store in a temporary folder, lets `seed` fill it, then hands it to the worker.
    explicit StaffScreen(const std::function<void(ResponseStore&)>& seed = {},
                         bool is_crash_restart = false,
                         std::function<std::vector<app::RemovableDrive>()> list_drives = {})
        : survey_(headless::demo_survey()) {
        headless::add_i18n(text_, "en");
        context_ = headless::create_context(survey_, text_, ImVec2(1920, 1080));
        Result<std::unique_ptr<ResponseStore>> opened = ResponseStore::open(data_.path());
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
        std::unique_ptr<ResponseStore> store = std::move(opened).value();
        // As the kiosk does at start: the store keeps the survey file its responses are read with.
        const std::string bytes = headless::read_file(std::string(STANDPOINT_SOURCE_DIR) +
                                                      "/assets/surveys/gala-feedback.json");
        REQUIRE(
            store->remember_survey(SurveyRef{survey_.id, survey_.version, survey_.sha256}, bytes)
                .ok());
        if (seed) seed(*store);
        db_ = store->file_path();
        worker_ = std::make_unique<StoreWorker>(std::move(store), nullptr);
        assets_ = data_.path() / "assets";
        std::filesystem::create_directories(assets_ / "surveys");
        app::StaffContext context;
        context.survey = &survey_;
        context.text = &text_;
        context.worker = worker_.get();
        context.data_dir = data_.path();
        context.assets_dir = assets_;
        context.restarted_after_crash = is_crash_restart;
        context.list_drives = std::move(list_drives);
        staff_ = std::make_unique<app::StaffController>(std::move(context));
    }
    ~StaffScreen() {
        staff_.reset();  // before the worker: its jobs post to the controller's mailbox
        worker_.reset();
        ImGui::DestroyContext(context_);
    }
    StaffScreen(const StaffScreen&) = delete;
    StaffScreen& operator=(const StaffScreen&) = delete;

    void open(const app::KioskState& state) { staff_->open(state, now); }

    // One frame with the finger at `pointer`; advances the clock by a frame.
    app::StaffOutcome frame(ImVec2 pointer = ImVec2(-1, -1), bool is_down = false) {
        app::StaffOutcome outcome =
            headless::headless_frame(context_, pointer, is_down, [&] { return staff_->draw(now); });
        now += std::chrono::milliseconds(16);
        return outcome;
    }

    const ui::StaffViewState& view() const {
        const ui::StaffViewState* view = ui::last_staff_view();
        REQUIRE(view != nullptr);
        return *view;
    }

    const ui::TapTarget* target(const std::string& name) const {
        return headless::find_target(view().touch, name);
    }

    // Presses and lifts a finger on the target `name` (drawn in the last frame). Returns what the
    // release frame asked of the loop.
    app::StaffOutcome tap(const std::string& name) {
        const ui::TapTarget* found = target(name);
        REQUIRE_MESSAGE(found != nullptr, "no target '", name, "' on the staff screen");
        const ImVec2 at(found->centre_x(), found->centre_y());
        frame(at, true);
        app::StaffOutcome outcome = frame(at, false);
        frame();  // the pointer leaves (park_pointer_after_release)
        return outcome;
    }

    void type(const std::string& keys) {
        for (const char c : keys) {
            if (c >= 'A' && c <= 'Z' && target("key:shift") != nullptr) tap("key:shift");
            const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            tap(c == ' ' ? std::string("key:space") : std::string("key:") + lower);
        }
    }

    // Draws frames (the jobs' results arrive at frame starts) until `name` was drawn.
    std::string wait_for(const std::string& name, double seconds = 20) {
        const auto until = std::chrono::steady_clock::now() +
                           std::chrono::milliseconds(static_cast<int>(seconds * 1000));
        while (std::chrono::steady_clock::now() < until) {
            frame();
            const auto found = view().drawn.find(name);
            if (found != view().drawn.end()) return found->second;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        FAIL("'", name, "' was never drawn on the staff screen (today: ", drawn("today:note"), ")");
        return "";
    }

    // Draws frames until what is drawn under `name` is no longer `old`.
    std::string wait_for_change(const std::string& name, const std::string& old,
                                double seconds = 20) {
        const auto until = std::chrono::steady_clock::now() +
                           std::chrono::milliseconds(static_cast<int>(seconds * 1000));
        while (std::chrono::steady_clock::now() < until) {
            frame();
            const auto found = view().drawn.find(name);
            if (found != view().drawn.end() && found->second != old) return found->second;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        FAIL("'", name, "' stayed '", old, "'");
        return "";
    }

    std::string drawn(const std::string& name) const {
        const auto found = view().drawn.find(name);
        return found == view().drawn.end() ? std::string() : found->second;
    }

    app::StaffController& staff() { return *staff_; }
    const Survey& survey() const { return survey_; }
    const std::filesystem::path& db() const { return db_; }
    const std::filesystem::path& assets() const { return assets_; }
    const std::filesystem::path& data_dir() const { return data_.path(); }

    TimePoint now = Clock::now();

private:
    TempDir data_;
    Survey survey_;
    UiText text_;
    ImGuiContext* context_ = nullptr;
    std::filesystem::path db_;
    std::filesystem::path assets_;
    std::unique_ptr<StoreWorker> worker_;
    std::unique_ptr<app::StaffController> staff_;
};

template <class T>
bool is(const app::StaffOutcome& outcome) {
    return std::holds_alternative<T>(outcome);
}

}  // namespace standpoint::staff_test
