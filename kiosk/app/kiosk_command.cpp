#include "kiosk/app/kiosk_command.hpp"

#include <backends/imgui_impl_opengl3.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <utility>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/device_key.hpp"
#include "kiosk/app/frame_loop.hpp"
#include "kiosk/app/gl_textures.hpp"
#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/language_check.hpp"
#include "kiosk/app/removable_drives.hpp"
#include "kiosk/app/start_trace.hpp"
#include "kiosk/app/state_saver.hpp"
#include "kiosk/app/stop_signals.hpp"
#include "kiosk/app/store_advice.hpp"
#include "kiosk/app/sync_command.hpp"
#include "kiosk/app/targets_file.hpp"
#include "kiosk/app/window.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/core/ui_text.hpp"
#include "kiosk/shell/event_rule.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/store_worker.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"

namespace standpoint::app {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t max_text_file_bytes = 1024 * 1024;

std::string shell_quote(const std::string& word) {
    const bool is_plain =
        !word.empty() && word.find_first_not_of(
                             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789-_./=:,+@%") == std::string::npos;
    if (is_plain) return word;
    std::string quoted = "'";
    for (char c : word) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

void print_no_display_help(const std::vector<std::string>& command_line, const std::string& why) {
    std::string command;
    for (const std::string& word : command_line)
        command += (command.empty() ? "" : " ") + shell_quote(word);
    std::cerr << "standpoint: there is no display to show the kiosk on (" << why << ").\n"
              << "To run it without a screen, for a test or a demo, start it under Xvfb:\n"
              << "  xvfb-run -s \"-screen 0 1920x1080x24\" " << command << '\n'
              << "On a Wayland desktop it needs Xwayland (DISPLAY set), e.g. inside cage.\n";
}

bool has_env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

// English always, then each survey language. A missing file only costs translations (UiText
// falls back to English, then to the key); a broken one is a packaging fault and stops the start.
Result<UiText> load_ui_text(const fs::path& assets_dir, const Survey& survey) {
    UiText text;
    std::vector<std::string> languages{"en"};
    for (const std::string& language : survey.languages)
        if (language != "en") languages.push_back(language);
    for (const std::string& language : languages) {
        const fs::path path = assets_dir / "i18n" / (language + ".json");
        std::error_code error;
        if (assets_dir.empty() || !fs::exists(path, error)) {
            std::cerr << "standpoint: no kiosk texts for language '" << language << "' ("
                      << (assets_dir.empty() ? fs::path("assets/i18n") / (language + ".json")
                                             : path)
                             .string()
                      << "): its buttons and messages fall back to English\n";
            continue;
        }
        Result<std::string> bytes = read_file_capped(path, max_text_file_bytes);
        if (!bytes) return bytes.error();
        if (Status added = text.add_language(language, *bytes, path.string()); !added)
            return added.error();
    }
    return text;
}

// Drops the languages this machine cannot show (`problems`, with a word to staff on stderr) and
// loads the survey's UI texts; an Error when its first language cannot be shown at all.
Result<UiText> texts_for_survey(const fs::path& assets_dir, Survey& survey,
                                const std::string& survey_path,
                                const std::vector<LanguageProblem>& problems) {
    // A language this machine cannot show leaves the picker (with a word to staff) rather than
    // showing boxes; if that is the default language, the kiosk cannot run the survey at all.
    for (const LanguageProblem& problem : problems) {
        std::cerr << problem.message << '\n';
        if (problem.language == survey.default_language())
            return Error{"the first language of " + survey_path + " cannot be shown here"};
        std::erase(survey.languages, problem.language);
        std::cerr << "standpoint: the kiosk runs without '" << problem.language << "'.\n";
    }
    return load_ui_text(assets_dir, survey);
}

Result<UiText> prepare_survey(const fs::path& assets_dir, Survey& survey,
                              const std::string& survey_path) {
    return texts_for_survey(assets_dir, survey, survey_path,
                            language_problems(survey, survey_path));
}

}  // namespace

int run_kiosk(const KioskOptions& options, const std::vector<std::string>& command_line,
              std::chrono::steady_clock::time_point process_started) {
    // 1. What the kiosk remembers (event, survey, PIN), the survey and texts: no display needed,
    // so a bad file fails the same way everywhere.
    start_trace_begin(process_started);
    start_trace_mark("run_kiosk (after the loader, static init and the command line)");
    const fs::path data_dir = options.data_dir ? fs::path(*options.data_dir) : default_data_dir();
    Result<KioskState> loaded_state = load_kiosk_state(data_dir);
    start_trace_mark("kiosk state read");
    if (!loaded_state) {
        // Not started without it: a kiosk that forgot its PIN would let anyone set a new one.
        std::cerr << "standpoint: " << loaded_state.error().message << '\n'
                  << "standpoint: the kiosk did not start.\n";
        return exit_failure;
    }
    KioskState state = std::move(*loaded_state);
    // The command line wins over what was remembered, and is remembered from now on.
    bool is_state_changed = false;
    if (options.survey_path) {
        std::error_code error;
        const fs::path absolute = fs::absolute(*options.survey_path, error);
        const std::string given = error ? *options.survey_path : absolute.string();
        is_state_changed = is_state_changed || state.survey_path != given;
        state.survey_path = given;
    }
    if (options.event_id) {
        is_state_changed = is_state_changed || state.event_id != *options.event_id;
        state.event_id = *options.event_id;
    }
    const fs::path assets_dir = find_assets_dir();
    std::string survey_path;
    if (!state.survey_path.empty()) {
        survey_path = state.survey_path;
    } else if (!assets_dir.empty()) {
        survey_path = (assets_dir / "surveys" / "gala-feedback.json").string();
    } else {
        std::cerr
            << "standpoint: cannot find the assets folder with the demo survey; name a survey "
               "with --survey FILE, or set STANDPOINT_ASSETS to the assets folder\n";
        return exit_failure;
    }
    const bool is_remembered_survey = !options.survey_path && !state.survey_path.empty();
    // Survey JSON or an XLSForm workbook; the store keeps the definition (converted, for a
    // workbook) that the answers are given on.
    Result<LoadedSurvey> loaded = load_survey_file(survey_path);
    if (!loaded) {
        std::cerr << loaded.error().message << '\n';
        if (is_remembered_survey)
            std::cerr << "standpoint: that is the survey staff last chose (" << data_dir.string()
                      << "/kiosk-state.json); start with --survey FILE to choose another.\n";
        std::cerr << "standpoint: the kiosk did not start: fix the survey " << survey_path
                  << " (check it with: standpoint check-survey " << shell_quote(survey_path)
                  << ")\n";
        return exit_failure;
    }
    start_trace_mark("survey read and checked");
    for (const std::string& warning : loaded->warnings) std::cerr << warning << '\n';
    const KeptSurvey kept_survey = std::move(loaded->kept);
    std::optional<Survey> survey = std::move(loaded->survey);
    const std::string loaded_sha256 = survey->sha256;

    // Before any thread starts (the language check, the store worker, Mesa's): every thread
    // inherits the blocked signals.
    StopSignals stop;
    // Whether this machine's fonts show every survey language. fontconfig first reads its whole
    // configuration and font caches (~0.1 s from a cold disk, docs/performance.md), which the
    // store and the window do not need, so the check runs beside them. Its answer is in before
    // anything uses the languages: the texts, the atlas and the shell.
    std::future<std::vector<LanguageProblem>> language_check =
        std::async(std::launch::async, [&checked = std::as_const(*survey), &survey_path] {
            return language_problems(checked, survey_path);
        });
    // The survey's texts (and what the kiosk remembers) once the check is in; an empty result
    // means the kiosk cannot run this survey and has said why.
    auto take_survey_text = [&]() -> std::optional<UiText> {
        Result<UiText> text =
            texts_for_survey(assets_dir, *survey, survey_path, language_check.get());
        start_trace_mark("languages checked against the fonts (fontconfig), UI texts read");
        if (!text) {
            std::cerr << "standpoint: " << text.error().message << '\n'
                      << "standpoint: the kiosk did not start.\n";
            return std::nullopt;
        }
        if (is_state_changed) {
            if (Status saved = save_kiosk_state(data_dir, state); !saved)
                std::cerr << "standpoint: " << saved.error().message << '\n';
        }
        return std::move(*text);
    };

    // 2. Somewhere to show it. A survey whose first language cannot be shown is reported first,
    // as on a machine with a display.
    if (!has_env("DISPLAY") && !has_env("WAYLAND_DISPLAY")) {
        if (!take_survey_text()) return exit_failure;
        print_no_display_help(command_line, "$DISPLAY and $WAYLAND_DISPLAY are not set");
        return exit_no_display;
    }

    // 3. The store. A store that cannot be written still gets a window: the resident sees an
    // honest "not available" screen instead of a kiosk that pretends to save. Opening it reads
    // the whole file (quick_check: 0.3-0.9 s for 20,000 responses from a cold disk,
    // docs/performance.md), which the window does not need, so it opens beside the window and
    // is in hand, checked as before, before the worker and the shell are made.
    struct OpenedStore {
        std::unique_ptr<ResponseStore> store;
        std::string problem;
        std::string device_id;
        std::string key_problem;
    };
    std::future<OpenedStore> store_opening = std::async(
        std::launch::async,
        [&data_dir, &kept_survey, ref = SurveyRef{survey->id, survey->version, survey->sha256}] {
            OpenedStore opened;
            if (Result<std::unique_ptr<ResponseStore>> store = ResponseStore::open(data_dir)) {
                opened.store = std::move(*store);
                if (Status kept = opened.store->remember_survey(ref, kept_survey); !kept) {
                    opened.problem = store_problem_in_words(kept.error());
                    opened.store.reset();
                } else {
                    opened.device_id = opened.store->device_id();
                }
            } else {
                opened.problem = store_problem_in_words(store.error());
            }
            start_trace_mark("store opened (quick_check, migrations, a first commit), survey kept");
            // The kiosk's key pair for signed batches and exports (docs/security.md), made at
            // first start; after the store, which makes the data folder.
            if (Result<SigningKey> key = load_or_make_device_key(data_dir); !key)
                opened.key_problem = key.error().message;
            return opened;
        });

    // 4. The window.
    Result<std::unique_ptr<GlfwLibrary>> glfw = GlfwLibrary::start();
    if (!glfw) {
        if (!take_survey_text()) return exit_failure;
        print_no_display_help(command_line,
                              "the window system did not start: " + glfw.error().message);
        return exit_no_display;
    }
    start_trace_mark("GLFW started (X connection)");
    WindowConfig window_config;
    window_config.is_windowed = options.is_windowed;
    window_config.size = options.size;
    Result<std::unique_ptr<Window>> window = Window::open(window_config);
    if (!window) {
        std::cerr << "standpoint: " << window.error().message << '\n';
        return exit_failure;
    }
    std::optional<UiText> text = take_survey_text();
    if (!text) return exit_failure;
    // theme.hpp: every display_height there means the shorter side (portrait screens too).
    const float shorter_side_px = (*window)->framebuffer_shorter_side();
    start_trace_mark("window open, GL context current, ImGui set up");
    if (Status fonts = ui::load_fonts(*survey, *text, shorter_side_px); !fonts)
        std::cerr << "standpoint: " << fonts.error().message << '\n';
    start_trace_mark("font atlas built (FreeType)");
    ui::apply_theme(shorter_side_px);
    install_gl_texture_uploader();  // shaped text (Urdu, Bengali...) becomes GL textures

    OpenedStore opened_store = store_opening.get();
    std::unique_ptr<ResponseStore> store = std::move(opened_store.store);
    const std::string& store_problem = opened_store.problem;
    const std::string& device_id = opened_store.device_id;
    if (!store)
        std::cerr << "standpoint: responses cannot be saved, so the kiosk shows \"not available\": "
                  << store_problem << '\n';
    if (!opened_store.key_problem.empty())
        std::cerr << "standpoint: " << opened_store.key_problem << '\n';
    start_trace_mark("store in hand");

    // 5. The worker owns the store from here on: the frame loop never waits on disk.
    std::unique_ptr<StoreWorker> worker;
    if (store)
        worker = std::make_unique<StoreWorker>(std::move(store), &GlfwLibrary::post_empty_event);
    stop.set_wake(&GlfwLibrary::post_empty_event);
    // Background sync when DATA/sync.json exists; its store work runs on the worker's thread.
    std::unique_ptr<SyncThread> sync;
    SurveyMailbox survey_mailbox(&GlfwLibrary::post_empty_event);
    if (worker) sync = start_kiosk_sync(data_dir, *worker, survey_mailbox, std::cerr);
    // A survey the collector sent before (a restart, or `standpoint sync --once`) still waits.
    if (auto staged = SurveyInbox(data_dir).staged(loaded_sha256); !staged)
        std::cerr << "standpoint: the survey staged from the collector is not used: "
                  << staged.error().message << '\n';
    else if (*staged)
        survey_mailbox.post_staged(std::move(**staged));

    start_trace_mark("store worker, sync thread, staged survey");
    std::unique_ptr<TargetsFile> targets;
    if (const char* path = std::getenv("STANDPOINT_TARGETS_FILE"); path && *path)
        targets = std::make_unique<TargetsFile>(path);

    // A marker left by the last run means it did not end cleanly (crash, power cut, kill -9).
    bool restarted_after_crash = false;
    if (Result<bool> crashed = mark_running(data_dir); crashed) {
        restarted_after_crash = *crashed;
    } else {
        std::cerr << "standpoint: " << crashed.error().message << '\n';
    }
    if (restarted_after_crash)
        std::cerr << "standpoint: the last run did not end cleanly (a crash or a power cut); "
                     "restarted into event '"
                  << event_for(state, Clock::now()) << "' and the survey " << survey_path << '\n';

    StateSaver state_saver(data_dir);
    ShellSetup setup;
    setup.survey = std::move(*survey);
    setup.survey_path = survey_path;
    setup.text = std::move(*text);
    setup.state = state;
    setup.worker = worker.get();
    setup.store_problem = store_problem;
    setup.device_id = device_id;
    setup.staff.sync = sync.get();
    setup.staff.data_dir = data_dir;
    setup.staff.assets_dir = assets_dir;
    setup.staff.restarted_after_crash = restarted_after_crash;
    setup.staff.wake = &GlfwLibrary::post_empty_event;
    // A folder stands in for a mounted USB stick: for the end-to-end tests and for a demo on a
    // machine without one (docs/usb-sticks.md). Unset, the real sticks are listed.
    if (const char* stick = std::getenv("STANDPOINT_STICK_DIR"); stick != nullptr && *stick) {
        setup.staff.list_drives = [folder = fs::path(stick)] {
            RemovableDrive drive;
            drive.device = folder.string();
            drive.label = "STAND-IN";
            drive.filesystem = "folder";
            drive.mount_point = folder;
            std::error_code error;
            const fs::space_info space = fs::space(folder, error);
            if (!error) {
                drive.free_bytes = space.available;
                drive.size_bytes = space.capacity;
            }
            return std::vector<RemovableDrive>{drive};
        };
    }
    setup.save_state = [&state_saver](const KioskState& changed) { state_saver.save(changed); };
    setup.prepare_survey = [assets_dir](Survey& next, const std::string& path) {
        return prepare_survey(assets_dir, next, path);
    };
    setup.rebuild_fonts = [shorter_side_px](const Survey& next, const UiText& next_text) {
        if (Status fonts = ui::load_fonts(next, next_text, shorter_side_px); !fonts)
            std::cerr << "standpoint: " << fonts.error().message << '\n';
        // The atlas is new: the GL texture must be uploaded again.
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        ui::release_font_pixels();
    };
    setup.wake = &GlfwLibrary::post_empty_event;
    setup.survey_mailbox = &survey_mailbox;
    {
        KioskShell shell(std::move(setup), Clock::now());
        start_trace_mark("shell made");
        FrameLoopContext context{**window, targets.get(), stop, process_started};
        run_frame_loop(context, shell);
        if (shell.wants_quit()) std::cerr << "standpoint: staff quit the kiosk\n";
    }  // the shell (and its staff screen, which may be exporting) goes before the store

    // Closing order: the worker saves what is queued (it may still wake GLFW, which is alive),
    // then the signal thread stops waking, then the window and GLFW go.
    const bool had_store = worker != nullptr;
    sync.reset();  // before the worker it sends jobs to
    worker.reset();
    mark_stopped(data_dir);  // a clean end: staff quit, a stop signal, or the window closed
    stop.set_wake({});
    uninstall_gl_texture_uploader();  // while the GL context still exists
    window->reset();
    glfw->reset();
    if (stop.is_stop_requested())
        std::cerr << "standpoint: stopped by a signal"
                  << (had_store ? " after saving every response it had" : "") << '\n';
    return exit_ok;
}

}  // namespace standpoint::app
