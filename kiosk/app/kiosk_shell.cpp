#include "kiosk/app/kiosk_shell.hpp"

#include <imgui.h>

#include <iostream>

#include "kiosk/app/targets_file.hpp"
#include "kiosk/core/random_bytes.hpp"
#include "kiosk/shell/event_rule.hpp"
#include "kiosk/ui/pin_pad.hpp"
#include "kiosk/ui/staff_view.hpp"

namespace standpoint::app {

KioskShell::KioskShell(ShellSetup setup, TimePoint now)
    : setup_(std::move(setup)),
      shell_(shell::start_shell(std::make_shared<const Survey>(std::move(setup_.survey)),
                                setup_.state, setup_.worker != nullptr, setup_.store_problem,
                                setup_.device_id, now)),
      text_(std::move(setup_.text)) {
    StaffContext staff = setup_.staff;
    staff.survey = shell_.survey.get();
    staff.text = &text_;
    staff.worker = setup_.worker;
    staff.store_problem = setup_.store_problem;
    if (!staff.wake) staff.wake = setup_.wake;
    staff_ = std::make_unique<StaffController>(std::move(staff));

    EffectsSetup effects;
    effects.worker = setup_.worker;
    effects.sync = setup_.staff.sync;
    effects.save_state = setup_.save_state;
    effects.open_staff_screen = [this](TimePoint at) { staff_->open(shell_.state, at); };
    effects.rebuild_fonts = [this] { are_fonts_stale_ = true; };
    effects.cancel_press = [] { ui::cancel_press(); };
    effects.switch_survey = [this](shell::StagedSurvey staged) { switch_now_ = std::move(staged); };
    effects.forget_staged = [this](const std::string& sha256) {
        if (setup_.survey_mailbox) setup_.survey_mailbox->refuse(sha256);  // written off the loop
    };
    effects.wake = setup_.wake;
    runner_ = std::make_unique<EffectsRunner>(std::move(effects));
}

KioskShell::~KioskShell() {
    runner_.reset();  // joins the PIN thread before the rest goes
}

AppMode KioskShell::mode() const {
    static constexpr AppMode modes[] = {AppMode::resident, AppMode::pin_pad, AppMode::set_pin_first,
                                        AppMode::staff, AppMode::paused};
    return modes[shell_.mode.index()];
}

void KioskShell::feed(const shell::ShellEvent& event) {
    shell::ShellStep step = shell::advance_shell(std::move(shell_), event);
    shell_ = std::move(step.shell);
    runner_->run(std::move(step.effects));
    // A staged survey switches through the same path as staff's "Switch survey", before any
    // other event (a tap on Start) can reach the old one.
    if (std::optional<shell::StagedSurvey> staged = std::move(switch_now_)) {
        switch_now_.reset();
        switch_survey(StaffSwitchSurvey{staged->path, KeptSurvey{std::move(staged->bytes), "", ""},
                                        *staged->survey},
                      Clock::now());
    }
    const std::string waiting = shell_.staged ? survey_description(*shell_.staged->survey) +
                                                    ", from " + shell_.staged->origin
                                              : std::string();
    if (waiting != staged_shown_) {
        staged_shown_ = waiting;
        staff_->set_staged_survey(waiting);
    }
}

void KioskShell::collect_store_outcomes(TimePoint now) {
    for (const shell::ShellEvent& event : runner_->take_completions(now)) feed(event);
    if (SurveyMailbox* mailbox = setup_.survey_mailbox) {
        if (std::optional<shell::StagedSurvey> staged = mailbox->take_staged())
            feed(shell::StagedSurveyReady{std::move(*staged), now});
        mailbox->set_running(shell_.survey->sha256, event_for(shell_.state, now));
    }
}

void KioskShell::frame(ui::ViewState& view, TimePoint now) {
    feed(shell::Tick{now});
    const ImGuiIO& io = ImGui::GetIO();
    feed(shell::PointerSample{io.MouseDown[0], io.MousePos.x, io.MousePos.y, io.DisplaySize.x,
                              io.DisplaySize.y, io.MouseDragThreshold, now});
    drawn_language_ = session_language(shell_.session);
    switch (mode()) {
        case AppMode::resident: {
            drawn_screen_ = screen_name(shell_.session, *shell_.survey);
            for (Event& event : ui::draw_kiosk(shell_.session, *shell_.survey, text_, view, now)) {
                if (auto* start = std::get_if<Start>(&event); start && start->response_id.empty())
                    start->response_id = new_uuid_v7();  // the shell is pure: ids come from here
                feed(shell::ResidentInput{std::move(event)});
            }
            break;
        }
        case AppMode::paused:
            drawn_screen_ = "paused";
            drawn_language_ = shell_.survey->default_language();
            ui::draw_back_soon(text_, drawn_language_, view);
            break;
        case AppMode::pin_pad:
        case AppMode::set_pin_first:
            pad_frame(view, now);
            break;
        case AppMode::staff:
            staff_frame(view, now);
            break;
    }
}

void KioskShell::pad_frame(ui::ViewState& view, TimePoint now) {
    const shell::PadView pad = shell::pad_view(shell_, now);
    ui::PinPadModel model;
    model.title = pad.title;
    model.hint = pad.hint;
    model.can_cancel = pad.can_cancel;
    model.digit_count = pad.digit_count;
    model.takes_digits = pad.takes_digits;
    model.message = pad.message;
    model.is_problem = pad.is_problem;
    drawn_screen_ = pad.screen;
    drawn_language_ = "en";
    const ui::PinPadPress press = ui::draw_pin_pad(model, view);
    std::optional<shell::PinKey> key;
    switch (press.key) {
        case ui::PinKey::none:
            break;
        case ui::PinKey::digit:
            key = shell::PinKey::digit;
            break;
        case ui::PinKey::erase:
            key = shell::PinKey::erase;
            break;
        case ui::PinKey::ok:
            key = shell::PinKey::ok;
            break;
        case ui::PinKey::cancel:
            key = shell::PinKey::cancel;
            break;
    }
    if (key) feed(shell::PadKeyPressed{*key, press.digit, now});
}

void KioskShell::staff_frame(ui::ViewState& view, TimePoint now) {
    drawn_screen_ = "staff";
    drawn_language_ = "en";
    view.is_animating = false;
    StaffOutcome outcome = staff_->draw(now);
    // The staff screen keeps its own targets; copied here so the targets file (xdotool tests)
    // lists the staff screen's buttons rather than the resident's, which are not on screen.
    const ui::StaffViewState* staff_view = ui::last_staff_view();
    view.targets = staff_view ? staff_view->touch.targets : std::vector<ui::TapTarget>{};
    std::visit(
        [&](auto& each) {
            using T = std::decay_t<decltype(each)>;
            if constexpr (std::is_same_v<T, StaffSwitchSurvey>)
                switch_survey(std::move(each), now);
            else if constexpr (!std::is_same_v<T, StaffStay>)
                feed(each);
        },
        outcome);
}

void KioskShell::switch_survey(StaffSwitchSurvey change, TimePoint now) {
    Survey next = std::move(change.survey);
    const std::string path = change.path.string();
    Result<UiText> text = setup_.prepare_survey ? setup_.prepare_survey(next, path) : text_;
    if (!text) {
        std::cerr << "standpoint: kept the survey in use: " << text.error().message << '\n';
        return;
    }
    text_ = std::move(*text);
    auto survey = std::make_shared<const Survey>(std::move(next));
    staff_->set_survey(survey.get(), &text_);
    feed(shell::SurveySwitched{survey, path, std::move(change.kept), now});
}

void KioskShell::after_frame() {
    if (!are_fonts_stale_) return;
    are_fonts_stale_ = false;
    if (setup_.rebuild_fonts) setup_.rebuild_fonts(*shell_.survey, text_);
}

std::optional<TimePoint> KioskShell::next_deadline(TimePoint now) const {
    std::optional<TimePoint> wake = shell::next_deadline(shell_, now);
    if (mode() == AppMode::staff) {
        if (const std::optional<TimePoint> staff = staff_->next_deadline())
            wake = wake ? std::min(*wake, *staff) : *staff;
    }
    return wake;
}

}  // namespace standpoint::app
