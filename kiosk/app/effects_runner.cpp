#include "kiosk/app/effects_runner.hpp"

#include <iostream>

#include "kiosk/app/store_advice.hpp"

namespace standpoint::app {

void CompletionQueue::post(shell::ShellEvent event) {
    {
        const std::lock_guard lock(mutex_);
        ready_.push_back(std::move(event));
    }
    if (wake_) wake_();  // the frame loop sleeps until input or a deadline: wake it
}

std::vector<shell::ShellEvent> CompletionQueue::take() {
    const std::lock_guard lock(mutex_);
    std::vector<shell::ShellEvent> taken;
    taken.swap(ready_);
    return taken;
}

EffectsRunner::EffectsRunner(EffectsSetup setup)
    : setup_(std::move(setup)),
      completions_(std::make_shared<CompletionQueue>(setup_.wake)),
      pin_worker_(std::make_unique<PinWorker>(setup_.wake)) {}

EffectsRunner::~EffectsRunner() { pin_worker_.reset(); }

void EffectsRunner::run(std::vector<shell::Effect> effects) {
    for (shell::Effect& effect : effects) {
        std::visit(
            [&](auto& each) {
                using T = std::decay_t<decltype(each)>;
                if constexpr (std::is_same_v<T, shell::SaveResponse>) {
                    setup_.worker->save(std::move(each.response));  // the shell saves only with one
                } else if constexpr (std::is_same_v<T, shell::SaveState>) {
                    if (setup_.save_state) setup_.save_state(each.state);
                } else if constexpr (std::is_same_v<T, shell::CheckPin>) {
                    std::string pin = each.digits.reveal();
                    pin_worker_->check(each.pin_hash, pin);  // wipes pin
                } else if constexpr (std::is_same_v<T, shell::HashPin>) {
                    std::string pin = each.digits.reveal();
                    pin_worker_->hash(pin);  // wipes pin
                } else if constexpr (std::is_same_v<T, shell::OpenStaffScreen>) {
                    if (setup_.open_staff_screen) setup_.open_staff_screen(each.at);
                } else if constexpr (std::is_same_v<T, shell::CheckStore>) {
                    setup_.worker->run_on_store<StoreHealth>(
                        [](ResponseStore& store) { return store.health(); },
                        [queue = completions_](Result<StoreHealth> health) {
                            const bool is_ok = health.ok() && health->quick_check == "ok";
                            queue->post(shell::StoreChecked{
                                is_ok,
                                health.ok() ? health->quick_check
                                            : store_problem_in_words(health.error()),
                                Clock::now()});
                        });
                } else if constexpr (std::is_same_v<T, shell::RememberSurvey>) {
                    const SurveyRef ref{each.survey->id, each.survey->version, each.survey->sha256};
                    setup_.worker->run_on_store<Done>(
                        [ref, kept = std::move(each.kept)](ResponseStore& store) {
                            return store.remember_survey(ref, kept);
                        },
                        [](const Status& kept) {
                            if (!kept) std::cerr << "standpoint: " << kept.error().message << '\n';
                        });
                } else if constexpr (std::is_same_v<T, shell::RebuildFonts>) {
                    if (setup_.rebuild_fonts) setup_.rebuild_fonts();
                } else if constexpr (std::is_same_v<T, shell::SwitchSurvey>) {
                    if (setup_.switch_survey) setup_.switch_survey(std::move(each.staged));
                } else if constexpr (std::is_same_v<T, shell::ForgetStagedSurvey>) {
                    if (setup_.forget_staged) setup_.forget_staged(each.sha256);
                } else if constexpr (std::is_same_v<T, shell::SyncNow>) {
                    if (setup_.sync) setup_.sync->nudge();
                } else if constexpr (std::is_same_v<T, shell::CancelPress>) {
                    if (setup_.cancel_press) setup_.cancel_press();
                } else if constexpr (std::is_same_v<T, shell::Quit>) {
                    // The frame loop reads Shell::wants_quit.
                } else if constexpr (std::is_same_v<T, shell::Log>) {
                    std::cerr << "standpoint: " << each.line << '\n';
                }
            },
            effect);
    }
}

std::vector<shell::ShellEvent> EffectsRunner::take_completions(TimePoint now) {
    std::vector<shell::ShellEvent> events = completions_->take();
    if (setup_.worker) {
        for (SaveOutcome& outcome : setup_.worker->take_outcomes()) {
            shell::ResponseSaved saved{outcome.response_id, std::nullopt, "", now};
            if (outcome.seq)
                saved.seq = *outcome.seq;
            else
                saved.problem = store_problem_in_words(outcome.seq.error());
            events.emplace_back(std::move(saved));
        }
    }
    if (std::optional<PinWorker::Answer> answer = pin_worker_->take_answer()) {
        if (answer->is_check)
            events.emplace_back(shell::PinChecked{answer->is_right, now});
        else if (answer->new_hash)
            events.emplace_back(shell::PinHashed{*answer->new_hash, "", now});
        else
            events.emplace_back(
                shell::PinHashed{std::nullopt, answer->new_hash.error().message, now});
    }
    return events;
}

}  // namespace standpoint::app
