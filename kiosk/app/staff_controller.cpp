// The staff screen's behaviour (staff_controller.hpp, docs/staff.md): intents in, shell events
// out, and the actions that are not reads or the export (event, pause, survey switch, wipe).
// The parts: staff_controller_impl.hpp.
#include "kiosk/app/staff_controller_impl.hpp"

namespace standpoint::app {

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
            ? "Saved. Without an event name, new responses are filed under the date they are "
              "given on."
            : "Saved. New responses are filed under " + state.event_id + ".";
    outcome = StaffEventSet{state.event_name, state.venue, state.event_id};
}

void StaffController::Impl::set_paused(bool is_paused) {
    state.is_paused = is_paused;
    outcome = StaffPausedSet{is_paused};
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
    run_on_store<std::vector<WipeReport>>(
        [](ResponseStore& store) { return store.wipes(); },
        [this](const Result<std::vector<WipeReport>>& log) {
            model.wipe_log.clear();
            if (!log)
                model.wipe_log.push_back("Could not read the deletion log: " + log.error().message);
            else
                for (const WipeReport& report : *log)
                    model.wipe_log.push_back(wipe_in_words(report));
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
    const WipeScope scope = only_safe ? safe_wipe_scope() : WipeScope::everything;
    const std::string reason =
        scope == WipeScope::synced_and_exported ? "staff screen: synced and exported only"
        : scope == WipeScope::exported          ? "staff screen: exported only (no sync set up)"
                                       : "staff screen: everything, confirmed by typing DELETE";
    run_on_store<WipeReport>(
        [scope, reason](ResponseStore& store) { return store.wipe(scope, reason); },
        [this](const Result<WipeReport>& report) {
            model.is_wiping = false;
            model.wipe_message =
                report ? wipe_in_words(*report) : "Nothing was deleted: " + report.error().message;
            model.has_today = false;  // the counts changed: read again
        });
    read_wipe_log();
    read_only_here();
}

void StaffController::Impl::apply(const ui::StaffIntent& intent, TimePoint now) {
    std::visit(
        [&](const auto& each) {
            using T = std::decay_t<decltype(each)>;
            if constexpr (std::is_same_v<T, ui::StaffCloseIntent>) {
                outcome = StaffClose{now};
            } else if constexpr (std::is_same_v<T, ui::StaffRefreshIntent>) {
                read_today(now);
                read_health(now);
                read_damaged();
            } else if constexpr (std::is_same_v<T, ui::StaffOpenSectionIntent>) {
                switch (each.section) {
                    case ui::StaffSection::today:
                        if (!model.has_today) read_today(now);
                        break;
                    case ui::StaffSection::sync_store:
                        read_health(now);
                        read_damaged();
                        break;
                    case ui::StaffSection::survey:
                        list_surveys();
                        break;
                    case ui::StaffSection::wipe:
                        read_wipe_log();
                        read_only_here();
                        break;
                    case ui::StaffSection::pause_quit:
                        read_only_here();
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
            } else if constexpr (std::is_same_v<T, ui::StaffRefuseStagedIntent>) {
                outcome = StaffRefuseStaged{now};
                model.survey_message = "Refused: the kiosk keeps the survey that runs now.";
            } else if constexpr (std::is_same_v<T, ui::StaffSetPausedIntent>) {
                set_paused(each.is_paused);
            } else if constexpr (std::is_same_v<T, ui::StaffIncludePersonalIntent>) {
                model.include_personal = each.include && !model.personal_questions.empty();
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
    self.model.include_personal = false;  // a choice for one export, never left on
    self.refresh_header(now);
    self.read_today(now);
    self.read_only_here();
}

bool StaffController::is_open() const { return impl_->is_open; }

StaffOutcome StaffController::draw(TimePoint now) {
    Impl& self = *impl_;
    self.apply_completions();
    if (!self.is_open) return StaffClose{now};
    self.last_frame = now;
    // Not while an export or a wipe runs: staff are waiting for its outcome, and get two
    // minutes to read it once it is there.
    if (self.model.is_exporting || self.model.is_wiping) self.last_input = now;
    if (now - self.last_input >= staff_idle_close) {
        self.is_open = false;
        return StaffClose{now};
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

void StaffController::set_staged_survey(const std::string& description) {
    impl_->model.staged_survey = description;
}

void StaffController::set_survey(const Survey* survey, const UiText* text) {
    impl_->context.survey = survey;
    impl_->context.text = text;
    impl_->model.has_today = false;  // charts of another survey: read them again
    if (impl_->is_open) impl_->read_today(Clock::now());
}

}  // namespace standpoint::app
