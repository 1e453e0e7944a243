// The staff controller's inside, shared by the files that each hold one part of it:
// staff_controller.cpp (intents, actions, entry), staff_reads.cpp (today's results, store
// health, survey files) and staff_export_flow.cpp (drives, export, safely remove).
//
// Threads: the frame thread draws and applies intents; store work runs on the StoreWorker's
// thread (run_on_store); file reads, drive listing and the export run on threads of their own.
// Every background job ends by posting one completion to the mailbox, which the frame thread runs
// at the start of its next frame: the model is only ever touched on the frame thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "kiosk/app/staff_controller.hpp"
#include "kiosk/app/staff_words.hpp"
#include "kiosk/shell/event_rule.hpp"
#include "kiosk/ui/staff_view.hpp"

namespace standpoint::app {

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

    // Runs `work` on the store's thread, then `apply` with its result on the frame thread:
    // exactly once, even when `work` throws (StoreWorker answers every job). False: no store.
    template <class T>
    bool run_on_store(std::function<Result<T>(ResponseStore&)> work,
                      std::function<void(const Result<T>&)> apply) {
        if (context.worker == nullptr) return false;
        ++jobs_running;
        context.worker->run_on_store<T>(
            std::move(work), [mailbox = mailbox, apply = std::move(apply)](Result<T> result) {
                auto shared = std::make_shared<Result<T>>(std::move(result));
                mailbox->post([apply, shared] { apply(*shared); });
            });
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

    // The event a response started now is filed under (kiosk/shell/event_rule.hpp).
    std::string event_id(TimePoint now) const { return event_for(state, now); }

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
        model.personal_questions =
            context.survey ? personal_question_names(*context.survey) : std::string();
        if (model.personal_questions.empty()) model.include_personal = false;
        // With no sync, nothing ever reaches the collector: a checked stick copy is the copy.
        model.safe_wipe_label = context.sync ? "Delete responses that are synced and exported"
                                             : "Delete responses that are in a checked export";
        model.safe_wipe_words =
            context.sync ? "Responses that were sent to the collector and are in a checked USB "
                           "export can be deleted safely: there are copies elsewhere."
                         : "Sync is not set up, so a checked USB export is the copy that counts: "
                           "responses in one can be deleted safely. The rest stay.";
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
    void read_only_here();  // model.only_here: responses with no copy anywhere else
    void read_damaged();    // model.damaged_lines
    void list_surveys();
    void choose_survey(std::size_t index);

    // ------------------------------------------------------------------------------ [Actions]

    void save_event(const ui::StaffSaveEventIntent& intent);
    void set_paused(bool is_paused);
    void confirm_survey();
    void wipe(bool only_safe, const std::string& typed);
    WipeScope safe_wipe_scope() const {
        return context.sync ? WipeScope::synced_and_exported : WipeScope::exported;
    }
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

}  // namespace standpoint::app
