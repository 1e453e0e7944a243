// The staff screen's behaviour (staff_controller.hpp, docs/staff.md).
//
// Threads: the frame thread draws and applies intents; store work runs on the StoreWorker's
// thread (run_on_store); file reads, drive listing and the export run on threads of their own.
// Every background job ends by posting a completion to the mailbox, which the frame thread runs
// at the start of its next frame: the model is only ever touched on the frame thread.
//
// Index:
//   [Jobs]     mailbox and background threads
//   [Impl]     the controller's state
//   [Reads]    today's results, store health, survey files
//   [Actions]  event, pause, survey switch, wipe
//   [Export]   drive list, the export pipeline, safely remove
//   [Entry]    the public functions
#include "kiosk/app/staff_controller.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/staff_export.hpp"
#include "kiosk/app/staff_words.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/ui/staff_view.hpp"

namespace standpoint::app {
namespace {

// ---------------------------------------------------------------------------------- [Jobs]

// Completions from background jobs, run on the frame thread. Shared with the jobs, so a job that
// finishes after the controller is gone posts into a mailbox nobody reads, never into freed memory.
class Mailbox {
public:
    explicit Mailbox(std::function<void()> wake) : wake_(std::move(wake)) {}

    struct Posted {
        std::function<void()> apply;
        bool finishes_job = true;  // false: progress of a job still running
    };

    void post(std::function<void()> completion, bool finishes_job = true) {
        {
            const std::lock_guard lock(mutex_);
            ready_.push_back(Posted{std::move(completion), finishes_job});
        }
        if (wake_) wake_();  // the frame loop sleeps until input or a deadline: wake it
    }

    std::vector<Posted> take() {
        const std::lock_guard lock(mutex_);
        std::vector<Posted> taken;
        taken.swap(ready_);
        return taken;
    }

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<Posted> ready_;
};

struct BackgroundThread {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> is_done;
};

constexpr auto busy_redraw = std::chrono::milliseconds(250);

std::string survey_title(const Survey& survey) {
    return survey.title.in("en", survey.default_language());
}

std::string survey_description(const Survey& survey) {
    return "\"" + survey_title(survey) + "\" (" + survey.id + ", version " +
           std::to_string(survey.version) + ", " + std::to_string(survey.questions.size()) +
           " questions)";
}

// The survey files of a folder, top level only, by name.
std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
        std::error_code type_error;
        if (it->path().extension() == ".json" && it->is_regular_file(type_error))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

// ---------------------------------------------------------------------------------- [Impl]

struct StaffController::Impl {
    StaffContext context;
    std::shared_ptr<Mailbox> mailbox;
    std::vector<BackgroundThread> threads;  // joined when finished, and all at destruction
    int jobs_running = 0;                   // posted completions not yet applied

    KioskState state;
    bool is_open = false;
    TimePoint opened_at{};
    TimePoint last_input{};
    TimePoint last_frame{};
    TimePoint started_at = Clock::now();  // the kiosk's start, for "restarted at"

    ui::StaffModel model;
    ui::StaffViewState view;
    std::optional<StaffOutcome> outcome;  // what this frame's intents ask of the loop

    struct SurveyFile {
        std::filesystem::path path;
        std::string where;
    };
    std::vector<SurveyFile> survey_files;
    std::optional<StaffSwitchSurvey> survey_to_switch;

    std::vector<RemovableDrive> drives;
    std::optional<RemovableDrive> written_drive;  // holds a verified export, not yet removed

    explicit Impl(StaffContext given)
        : context(std::move(given)), mailbox(std::make_shared<Mailbox>(context.wake)) {}

    ~Impl() {
        ui::forget_staff_view(&view);
        for (BackgroundThread& each : threads)
            if (each.thread.joinable()) each.thread.join();
    }

    // Runs `work` on a thread of its own; `work` posts exactly one completion to the mailbox.
    void run_elsewhere(std::function<void()> work) {
        ++jobs_running;
        auto is_done = std::make_shared<std::atomic<bool>>(false);
        threads.push_back(BackgroundThread{std::thread([work = std::move(work), is_done] {
                                               work();
                                               is_done->store(true);
                                           }),
                                           is_done});
    }

    // Runs `work` on the store's thread; it posts exactly one completion. False: no store.
    bool run_on_store(std::function<void(ResponseStore&)> work) {
        if (context.worker == nullptr) return false;
        ++jobs_running;
        context.worker->run_on_store(std::move(work));
        return true;
    }

    void apply_completions() {
        for (Mailbox::Posted& posted : mailbox->take()) {
            if (posted.finishes_job) --jobs_running;
            posted.apply();
        }
        for (auto it = threads.begin(); it != threads.end();) {
            if (it->is_done->load()) {
                it->thread.join();
                it = threads.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::string no_store_words() const {
        return "The store could not be opened: " + (context.store_problem.empty()
                                                        ? std::string("no reason given.")
                                                        : context.store_problem);
    }

    // The event responses are filed under now: the one staff set, else today's date.
    std::string event_id(TimePoint now) const {
        return state.event_id.empty() ? local_date(now) : state.event_id;
    }

    void refresh_header(TimePoint now) {
        std::string line = state.event_name;
        if (!state.venue.empty()) line += (line.empty() ? "" : ", ") + state.venue;
        model.event_line = line;
        model.survey_line =
            context.survey ? "Survey: " + survey_description(*context.survey) : "No survey loaded.";
        model.is_paused = state.is_paused;
        model.restart_note = context.restarted_after_crash
                                 ? "The kiosk restarted at " + local_clock_time(started_at) +
                                       " after an unexpected stop (a crash or a power cut), with "
                                       "the same event and survey."
                                 : "";
        model.event_name = state.event_name;
        model.venue = state.venue;
        model.event_id = event_id(now);
        if (context.sync == nullptr) {
            model.sync_lines = {
                "Sync is not set up (DATA/sync.json): responses stay on this "
                "kiosk until they are exported to a USB stick."};
            model.can_sync_now = false;
        } else {
            model.sync_lines = sync_lines(context.sync->status());
            model.can_sync_now = true;
        }
    }

    // ------------------------------------------------------------------------------ [Reads]

    void read_today(TimePoint now);
    void read_health(TimePoint now);
    void list_surveys();
    void choose_survey(std::size_t index);

    // ------------------------------------------------------------------------------ [Actions]

    void save_event(const ui::StaffSaveEventIntent& intent);
    void set_paused(bool is_paused);
    void confirm_survey();
    void wipe(bool only_safe, const std::string& typed);
    void read_wipe_log();

    // ------------------------------------------------------------------------------ [Export]

    // Called off the frame thread: looking at a slow stick can take a while.
    static std::vector<RemovableDrive> find_drives(
        const std::function<std::vector<RemovableDrive>()>& list_drives) {
        return list_drives ? list_drives() : list_removable_drives();
    }
    void list_drives();
    void export_to(std::size_t index, TimePoint now);
    void safely_remove_drive();

    void apply(const ui::StaffIntent& intent, TimePoint now);
};

void StaffController::Impl::read_today(TimePoint now) {
    if (context.worker == nullptr) {
        model.today_note = no_store_words();
        return;
    }
    if (context.survey == nullptr || model.is_loading_today) return;
    model.is_loading_today = true;
    const ExportFilter filter = local_day_filter(event_id(now), now);
    auto survey = std::make_shared<const Survey>(*context.survey);  // may be switched meanwhile
    const std::string note = "Today (" + local_date(now) + "), event " + filter.event_id;
    run_on_store([this, mailbox = mailbox, filter, survey, note](ResponseStore& store) {
        Result<DayCounts> counts = store.counts_for(filter);
        Result<std::vector<StoredResponse>> stored = store.responses_for_export(filter);
        auto results = std::make_shared<std::optional<SurveyResults>>();
        std::string problem;
        if (!counts.ok()) problem = counts.error().message;
        if (!stored.ok()) problem = stored.error().message;
        if (problem.empty()) {
            std::vector<Response> responses;
            responses.reserve(stored->size());
            for (StoredResponse& each : *stored) responses.push_back(std::move(each.response));
            *results = summarise(*survey, responses, "en");
        }
        const DayCounts day = counts.ok() ? *counts : DayCounts{};
        const TimePoint read_at = Clock::now();
        mailbox->post([this, results, problem, day, note, read_at] {
            model.is_loading_today = false;
            if (!problem.empty()) {
                model.today_note = "Could not read today's responses: " + problem;
                return;
            }
            model.has_today = true;
            model.complete = day.complete;
            model.partial = day.partial;
            model.per_hour = (*results)->per_hour;
            model.charts = charts_for(**results);
            model.today_note = note + ". Read at " + local_clock_time(read_at) + ". " +
                               std::to_string(day.unsynced) + " not sent to the collector yet, " +
                               std::to_string(day.unexported) + " not in a USB export yet.";
        });
    });
}

void StaffController::Impl::read_health(TimePoint /*now*/) {
    if (context.worker == nullptr) {
        model.health_lines = {no_store_words()};
        return;
    }
    if (model.is_checking_health) return;
    model.is_checking_health = true;
    run_on_store([this, mailbox = mailbox, data_dir = context.data_dir](ResponseStore& store) {
        Result<StoreHealth> health = store.health();
        std::error_code error;
        const std::filesystem::path& file = store.file_path();
        std::uint64_t size = std::filesystem::file_size(file, error);
        if (error) size = 0;
        const std::uint64_t wal =
            std::filesystem::file_size(file.string() + "-wal", error);  // WAL not folded in yet
        if (!error) size += wal;
        struct statvfs disk {};
        const bool has_disk = ::statvfs(data_dir.c_str(), &disk) == 0;
        const std::uint64_t free_bytes =
            has_disk ? static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize : 0;
        const TimePoint checked_at = Clock::now();
        std::vector<std::string> lines;
        lines.push_back(has_disk ? "Disk free: " + bytes_in_words(free_bytes) + " (" +
                                       data_dir.string() + ")"
                                 : "Disk free: unknown (cannot read " + data_dir.string() + ")");
        lines.push_back("Database size: " + bytes_in_words(size) + " (" + file.string() + ")");
        if (!health.ok()) {
            lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                            " failed: " + health.error().message);
        } else if (health->quick_check == "ok") {
            lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                            ": no problems found.");
        } else {
            lines.push_back("Integrity check at " + local_clock_time(checked_at) +
                            " found damage: " + health->quick_check +
                            ". Export what you can and call for help.");
        }
        if (has_disk && free_bytes < 200ull * 1000 * 1000)
            lines.push_back("The disk is nearly full: export and delete responses soon.");
        mailbox->post([this, lines] {
            model.is_checking_health = false;
            model.health_lines = lines;
        });
    });
}

void StaffController::Impl::list_surveys() {
    if (model.is_listing_surveys) return;
    model.is_listing_surveys = true;
    const std::filesystem::path own = context.assets_dir / "surveys";
    run_elsewhere([this, mailbox = mailbox, own, lister = context.list_drives] {
        const std::vector<RemovableDrive> drives_now = find_drives(lister);
        std::vector<SurveyFile> files;
        for (const std::filesystem::path& path : json_files_in(own))
            files.push_back(SurveyFile{path, "in the kiosk's own surveys"});
        // Only sticks already open: the top level of each, where staff put a survey to bring.
        for (const RemovableDrive& drive : drives_now)
            if (!drive.mount_point.empty())
                for (const std::filesystem::path& path : json_files_in(drive.mount_point))
                    files.push_back(SurveyFile{path, "on " + drive_title(drive)});
        mailbox->post([this, files] {
            model.is_listing_surveys = false;
            survey_files = files;
            model.survey_choices.clear();
            for (const SurveyFile& file : files)
                model.survey_choices.push_back(
                    ui::StaffChoice{file.path.filename().string(), file.where});
        });
    });
}

void StaffController::Impl::choose_survey(std::size_t index) {
    if (index >= survey_files.size() || model.is_listing_surveys) return;
    const std::filesystem::path path = survey_files[index].path;
    model.survey_problem.clear();
    model.survey_message = "Reading " + path.filename().string() + "...";
    model.is_listing_surveys = true;  // no second choice while this one is read
    run_elsewhere([this, mailbox = mailbox, path] {
        // Read and checked here, off the frame thread: a stick can be slow, a file can be huge.
        Result<std::string> bytes = read_file_capped(path, max_survey_file_bytes);
        auto chosen = std::make_shared<std::optional<StaffSwitchSurvey>>();
        std::string problem;
        if (!bytes.ok()) {
            problem = bytes.error().message;
        } else {
            Result<Survey> survey = parse_survey(*bytes, path.filename().string());
            if (survey.ok())
                *chosen =
                    StaffSwitchSurvey{path, std::move(bytes).value(), std::move(survey).value()};
            else
                problem = survey.error().message;
        }
        mailbox->post([this, chosen, problem] {
            model.is_listing_surveys = false;
            model.survey_message.clear();
            if (!problem.empty()) {
                model.survey_problem =
                    "This file cannot be used, so the kiosk keeps the survey "
                    "it runs now.\n" +
                    problem;
                return;
            }
            survey_to_switch = std::move(**chosen);
            model.survey_to_confirm = survey_description(survey_to_switch->survey);
        });
    });
}

void StaffController::Impl::save_event(const ui::StaffSaveEventIntent& intent) {
    auto trimmed = [](std::string text) {
        const auto first = text.find_first_not_of(' ');
        if (first == std::string::npos) return std::string();
        return text.substr(first, text.find_last_not_of(' ') - first + 1);
    };
    state.event_name = trimmed(intent.event_name);
    state.venue = trimmed(intent.venue);
    state.event_id = event_id_from_name(state.event_name);
    model.event_message =
        state.event_id.empty()
            ? "Saved. Without an event name, new responses are filed under today's date."
            : "Saved. New responses are filed under " + state.event_id + ".";
    outcome = StaffStateChanged{state};
}

void StaffController::Impl::set_paused(bool is_paused) {
    state.is_paused = is_paused;
    outcome = StaffStateChanged{state};
}

void StaffController::Impl::confirm_survey() {
    if (!survey_to_switch) return;
    model.survey_message = "Switched to " + survey_description(survey_to_switch->survey) + ".";
    model.survey_to_confirm.clear();
    state.survey_path = survey_to_switch->path.string();
    outcome = std::move(*survey_to_switch);
    survey_to_switch.reset();
}

void StaffController::Impl::read_wipe_log() {
    run_on_store([this, mailbox = mailbox](ResponseStore& store) {
        Result<std::vector<WipeReport>> log = store.wipes();
        std::vector<std::string> lines;
        if (!log.ok())
            lines.push_back("Could not read the deletion log: " + log.error().message);
        else
            for (const WipeReport& report : *log) lines.push_back(wipe_in_words(report));
        mailbox->post([this, lines] { model.wipe_log = lines; });
    });
}

void StaffController::Impl::wipe(bool only_safe, const std::string& typed) {
    if (model.is_wiping) return;
    if (!only_safe && typed != ui::wipe_confirmation_word) {
        model.wipe_message = std::string("Nothing was deleted: to delete everything, type ") +
                             ui::wipe_confirmation_word + " in capitals first.";
        return;
    }
    if (context.worker == nullptr) {
        model.wipe_message = no_store_words();
        return;
    }
    model.is_wiping = true;
    model.wipe_message = "Deleting...";
    const std::string reason = only_safe ? "staff screen: synced and exported only"
                                         : "staff screen: everything, confirmed by typing DELETE";
    run_on_store([this, mailbox = mailbox, only_safe, reason](ResponseStore& store) {
        Result<WipeReport> report = store.wipe(only_safe, reason);
        const std::string words =
            report.ok() ? wipe_in_words(*report) : "Nothing was deleted: " + report.error().message;
        mailbox->post([this, words] {
            model.is_wiping = false;
            model.wipe_message = words;
            model.has_today = false;  // the counts changed: read again
        });
    });
    read_wipe_log();
}

// ---------------------------------------------------------------------------------- [Export]

void StaffController::Impl::list_drives() {
    if (model.is_listing_drives || model.is_exporting) return;
    model.is_listing_drives = true;
    run_elsewhere([this, mailbox = mailbox, lister = context.list_drives] {
        std::vector<RemovableDrive> found = find_drives(lister);
        mailbox->post([this, found] {
            model.is_listing_drives = false;
            drives = found;
            model.drives.clear();
            for (const RemovableDrive& drive : drives)
                model.drives.push_back(ui::StaffChoice{drive_title(drive), drive_detail(drive)});
        });
    });
}

void StaffController::Impl::export_to(std::size_t index, TimePoint now) {
    if (index >= drives.size() || model.is_exporting || model.is_listing_drives) return;
    model.export_problem.clear();
    model.take_out_message.clear();
    model.can_safely_remove = false;
    if (context.worker == nullptr) {
        model.export_problem = no_store_words();
        return;
    }
    if (drives[index].is_read_only) {
        model.export_problem = drive_title(drives[index]) +
                               " is read-only (its lock switch, or a damaged stick): nothing can "
                               "be written to it. Use another stick.";
        return;
    }
    model.is_exporting = true;
    model.export_progress = "Starting...";
    ExportOptions options;
    options.event_id = event_id(now);
    options.report_language = "en";
    run_elsewhere([this, mailbox = mailbox, drive = drives[index], options, worker = context.worker,
                   scratch = context.data_dir / "export-scratch"]() mutable {
        auto progress = [&](const std::string& words) {
            mailbox->post([this, words] { model.export_progress = words; }, false);
        };
        Result<ExportReport> report = export_to_drive(drive, options, *worker, scratch, progress);
        mailbox->post([this, report, drive] {
            model.is_exporting = false;
            if (!report.ok()) {
                model.export_progress = "The export did not finish.";
                model.export_problem = report.error().message +
                                       " Nothing on the stick counts as a finished export. Fix "
                                       "this and choose the stick again to try again.";
                return;
            }
            written_drive = drive;
            model.can_safely_remove = true;
            model.export_progress =
                "Written and checked: " + std::to_string(report->response_count) +
                " responses in the folder " + report->folder.filename().string() + " (" +
                std::to_string(report->files.size()) +
                " files). Tap Safely remove before you "
                "take the stick out.";
        });
    });
}

void StaffController::Impl::safely_remove_drive() {
    if (!written_drive || model.is_exporting) return;
    model.is_exporting = true;
    model.export_problem.clear();
    model.export_progress = "Finishing writing and closing the stick...";
    run_elsewhere([this, mailbox = mailbox, drive = *written_drive] {
        const Status removed = safely_remove(drive);
        mailbox->post([this, removed] {
            model.is_exporting = false;
            if (!removed.ok()) {
                model.export_problem = removed.error().message;
                model.export_progress = "Do not take the stick out yet.";
                return;  // Safely remove stays offered: staff may try again
            }
            written_drive.reset();
            model.can_safely_remove = false;
            model.export_progress.clear();
            model.take_out_message = "You can take the stick out now.";
            drives.clear();
            model.drives.clear();
        });
    });
}

void StaffController::Impl::apply(const ui::StaffIntent& intent, TimePoint now) {
    std::visit(
        [&](const auto& each) {
            using T = std::decay_t<decltype(each)>;
            if constexpr (std::is_same_v<T, ui::StaffCloseIntent>) {
                outcome = StaffClose{};
            } else if constexpr (std::is_same_v<T, ui::StaffRefreshIntent>) {
                read_today(now);
                read_health(now);
            } else if constexpr (std::is_same_v<T, ui::StaffOpenSectionIntent>) {
                switch (each.section) {
                    case ui::StaffSection::today:
                        if (!model.has_today) read_today(now);
                        break;
                    case ui::StaffSection::sync_store:
                        read_health(now);
                        break;
                    case ui::StaffSection::survey:
                        list_surveys();
                        break;
                    case ui::StaffSection::wipe:
                        read_wipe_log();
                        break;
                    case ui::StaffSection::export_usb:
                        list_drives();
                        break;
                    default:
                        break;
                }
            } else if constexpr (std::is_same_v<T, ui::StaffSyncNowIntent>) {
                if (context.sync) context.sync->nudge();
            } else if constexpr (std::is_same_v<T, ui::StaffSaveEventIntent>) {
                save_event(each);
            } else if constexpr (std::is_same_v<T, ui::StaffChooseSurveyIntent>) {
                choose_survey(each.index);
            } else if constexpr (std::is_same_v<T, ui::StaffConfirmSurveyIntent>) {
                confirm_survey();
            } else if constexpr (std::is_same_v<T, ui::StaffCancelSurveyIntent>) {
                survey_to_switch.reset();
                model.survey_to_confirm.clear();
                model.survey_message = "Kept the survey that runs now.";
            } else if constexpr (std::is_same_v<T, ui::StaffSetPausedIntent>) {
                set_paused(each.is_paused);
            } else if constexpr (std::is_same_v<T, ui::StaffListDrivesIntent>) {
                list_drives();
            } else if constexpr (std::is_same_v<T, ui::StaffChooseDriveIntent>) {
                export_to(each.index, now);
            } else if constexpr (std::is_same_v<T, ui::StaffSafelyRemoveIntent>) {
                safely_remove_drive();
            } else if constexpr (std::is_same_v<T, ui::StaffWipeSafeIntent>) {
                wipe(true, "");
            } else if constexpr (std::is_same_v<T, ui::StaffWipeAllIntent>) {
                wipe(false, each.typed);
            } else if constexpr (std::is_same_v<T, ui::StaffQuitIntent>) {
                outcome = StaffQuit{};
            }
        },
        intent);
}

// ---------------------------------------------------------------------------------- [Entry]

StaffController::StaffController(StaffContext context)
    : impl_(std::make_unique<Impl>(std::move(context))) {}

StaffController::~StaffController() = default;

void StaffController::open(const KioskState& state, TimePoint now) {
    Impl& self = *impl_;
    self.state = state;
    self.is_open = true;
    self.opened_at = now;
    self.last_input = now;
    self.last_frame = now;
    self.view = ui::StaffViewState{};
    self.model.event_message.clear();
    self.model.survey_message.clear();
    self.model.survey_problem.clear();
    self.model.wipe_message.clear();
    if (!self.model.is_exporting) {  // an earlier visit's outcome is old news now
        self.model.export_problem.clear();
        self.model.take_out_message.clear();
        if (!self.written_drive) self.model.export_progress.clear();
    }
    self.refresh_header(now);
    self.read_today(now);
}

bool StaffController::is_open() const { return impl_->is_open; }

StaffOutcome StaffController::draw(TimePoint now) {
    Impl& self = *impl_;
    self.apply_completions();
    if (!self.is_open) return StaffClose{};
    self.last_frame = now;
    // Not while an export or a wipe runs: staff are waiting for its outcome, and get two
    // minutes to read it once it is there.
    if (self.model.is_exporting || self.model.is_wiping) self.last_input = now;
    if (now - self.last_input >= staff_idle_close) {
        self.is_open = false;
        return StaffClose{};
    }
    self.refresh_header(now);
    static const UiText no_text;
    const UiText& text = self.context.text ? *self.context.text : no_text;
    const std::vector<ui::StaffIntent> intents = ui::draw_staff(self.model, text, self.view, now);
    if (self.view.was_touched) self.last_input = now;
    self.outcome.reset();
    for (const ui::StaffIntent& intent : intents) self.apply(intent, now);
    if (!self.outcome) return StaffStay{};
    if (std::holds_alternative<StaffClose>(*self.outcome) ||
        std::holds_alternative<StaffQuit>(*self.outcome))
        self.is_open = false;
    StaffOutcome outcome = std::move(*self.outcome);
    self.outcome.reset();
    return outcome;
}

std::optional<TimePoint> StaffController::next_deadline() const {
    const Impl& self = *impl_;
    if (!self.is_open) return std::nullopt;
    TimePoint deadline = self.last_input + staff_idle_close;
    // A job's completion wakes the loop too; this is the fallback if a wake is lost.
    if (self.jobs_running > 0) deadline = std::min(deadline, self.last_frame + busy_redraw);
    // A flicked list coasts to a stop: one frame after another until it does.
    if (self.view.touch.is_animating)
        deadline = std::min(deadline, self.last_frame + std::chrono::milliseconds(16));
    return deadline;
}

void StaffController::set_survey(const Survey* survey, const UiText* text) {
    impl_->context.survey = survey;
    impl_->context.text = text;
    impl_->model.has_today = false;  // charts of another survey: read them again
    if (impl_->is_open) impl_->read_today(Clock::now());
}

}  // namespace standpoint::app
