#include "kiosk/app/staff_controller.hpp"

#include <utility>

#include "kiosk/ui/staff_view.hpp"

namespace standpoint::app {

struct StaffController::Impl {
    StaffContext context;
    KioskState state;
    bool is_open = false;
    TimePoint last_input{};
    ui::StaffModel model;
    ui::StaffViewState view;
};

StaffController::StaffController(StaffContext context) : impl_(std::make_unique<Impl>()) {
    impl_->context = std::move(context);
}

StaffController::~StaffController() = default;

void StaffController::open(const KioskState& state, TimePoint now) {
    impl_->state = state;
    impl_->is_open = true;
    impl_->last_input = now;
    impl_->view = ui::StaffViewState{};
}

bool StaffController::is_open() const { return impl_->is_open; }

StaffOutcome StaffController::draw(TimePoint now) {
    Impl& self = *impl_;
    if (!self.is_open) return StaffClose{};
    if (now - self.last_input >= staff_idle_close) {
        self.is_open = false;
        return StaffClose{};
    }
    static const UiText no_text;
    const UiText& text = self.context.text ? *self.context.text : no_text;
    const std::vector<ui::StaffIntent> intents = ui::draw_staff(self.model, text, self.view, now);
    if (self.view.was_touched) self.last_input = now;
    for (const ui::StaffIntent& intent : intents) {
        if (std::holds_alternative<ui::StaffCloseIntent>(intent)) {
            self.is_open = false;
            return StaffClose{};
        }
    }
    return StaffStay{};
}

std::optional<TimePoint> StaffController::next_deadline() const {
    if (!impl_->is_open) return std::nullopt;
    return impl_->last_input + staff_idle_close;
}

void StaffController::set_survey(const Survey* survey, const UiText* text) {
    impl_->context.survey = survey;
    impl_->context.text = text;
}

}  // namespace standpoint::app
