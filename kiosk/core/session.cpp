// Session state machine (session.hpp). Sections:
//   [SECTION] Skip logic        is_visible, visible_questions
//   [SECTION] Helpers           navigation, building a Response
//   [SECTION] Screens           one handler per screen: (screen, event) -> Step
//   [SECTION] Entry points      start_session, advance, next_deadline, session_language
//
// Rules kept here that the header leaves open (docs and tests say the same):
// - Every way back to Attract (thanks over, declined, timed out, recovered) returns to the
//   survey's default language: the next person at the stand is a stranger.
// - Back on the first question goes to the privacy notice if there is one, else stays put; Back on
//   the privacy notice stays put. A resident can go back everywhere except past the start.
// - SaveFailed puts any screen into Unavailable: the store is broken, whatever was on screen.
// - A partial response is stamped completed_at = the resident's last activity (when they left).
// - An attract screen left in another language returns to the default after idle_timeout_s.
// - A wall clock that jumps back restarts the idle and thank-you countdowns from now.
// - Auto-advance (when the survey asks for it) moves on after a valid single-choice, smiley or
//   scale answer, except from the last question; Back returns to the answer, which stays.
#include "kiosk/core/session.hpp"

#include <algorithm>
#include <utility>

#include "kiosk/core/expression_eval.hpp"

namespace standpoint {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

// [SECTION] Skip logic ---------------------------------------------------------------------------

bool is_visible(const Question& question, const Answers& answers) {
    if (question.show_if_expression) return evaluate(*question.show_if_expression, answers);
    if (!question.show_if) return true;
    const ShowIf& rule = *question.show_if;
    const auto found = answers.find(rule.question_id);
    if (found == answers.end()) return false;
    const Answer& answer = found->second;

    if (!rule.any_of.empty()) {
        const auto listed = [&](const std::string& value) {
            return std::find(rule.any_of.begin(), rule.any_of.end(), value) != rule.any_of.end();
        };
        const bool matches =
            std::visit(Overloaded{
                           [&](const ChoiceAnswer& a) { return listed(a.option_id); },
                           [&](const ChoicesAnswer& a) {
                               return std::any_of(a.option_ids.begin(), a.option_ids.end(), listed);
                           },
                           [&](const YesNoAnswer& a) { return listed(a.value ? "yes" : "no"); },
                           [&](const NumberAnswer& a) { return listed(std::to_string(a.value)); },
                           [&](const TextAnswer& a) { return listed(a.value); },
                       },
                       answer);
        if (!matches) return false;
    }
    if (rule.at_least || rule.at_most) {
        const auto* number = std::get_if<NumberAnswer>(&answer);
        if (number == nullptr) return false;
        if (rule.at_least && number->value < *rule.at_least) return false;
        if (rule.at_most && number->value > *rule.at_most) return false;
    }
    return true;
}

std::vector<std::size_t> visible_questions(const Survey& survey, const Answers& answers) {
    // Visibility is transitive: an answer to a question that is now hidden must not keep a later
    // question visible. show_if points only backwards, so one pass in order is enough.
    Answers seen;
    std::vector<std::size_t> visible;
    for (std::size_t i = 0; i < survey.questions.size(); ++i) {
        const Question& question = survey.questions[i];
        if (!is_visible(question, seen)) continue;
        visible.push_back(i);
        if (auto it = answers.find(question.id); it != answers.end()) seen.insert(*it);
    }
    return visible;
}

// [SECTION] Helpers ------------------------------------------------------------------------------

namespace {

bool has_language(const Survey& survey, const std::string& language) {
    return std::find(survey.languages.begin(), survey.languages.end(), language) !=
           survey.languages.end();
}

std::optional<std::size_t> first_visible(const Survey& survey, const Answers& answers) {
    const auto visible = visible_questions(survey, answers);
    if (visible.empty()) return std::nullopt;
    return visible.front();
}

std::optional<std::size_t> next_visible(const Survey& survey, const Answers& answers,
                                        std::size_t index) {
    for (std::size_t i : visible_questions(survey, answers)) {
        if (i > index) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> previous_visible(const Survey& survey, const Answers& answers,
                                            std::size_t index) {
    std::optional<std::size_t> previous;
    for (std::size_t i : visible_questions(survey, answers)) {
        if (i >= index) break;
        previous = i;
    }
    return previous;
}

// check_answer, then the question's constraint, which may read the other answers given so far.
AnswerProblem answer_problem(const Question& question, const Answer& answer,
                             const Answers& answers) {
    const AnswerProblem problem = check_answer(question, answer);
    if (problem == AnswerProblem::none && question.constraint &&
        !evaluate(*question.constraint, answers, &answer))
        return AnswerProblem::constraint;
    return problem;
}

// What goes into a Response: answers to questions still visible that pass check_answer. Answers
// left behind on a branch the resident backed out of are dropped, and so is a half-typed answer a
// partial response was abandoned on.
Answers kept_answers(const Survey& survey, const Answers& answers) {
    Answers kept;
    for (std::size_t i : visible_questions(survey, answers)) {
        const Question& question = survey.questions[i];
        auto it = answers.find(question.id);
        if (it != answers.end() &&
            answer_problem(question, it->second, answers) == AnswerProblem::none)
            kept.insert(*it);
    }
    return kept;
}

Response make_response(const Survey& survey, const Draft& draft, TimePoint completed_at,
                       ResponseStatus status) {
    Response response;
    response.id = draft.response_id;
    response.survey = SurveyRef{survey.id, survey.version, survey.sha256};
    response.started_at = draft.started_at;
    response.completed_at = completed_at;
    response.language = draft.language;
    response.status = status;
    response.answers = kept_answers(survey, draft.answers);
    return response;
}

// A multi answer is stored in the survey's option order (answer.hpp), whatever order the
// resident tapped in. Unknown ids go last so check_answer still sees and reports them.
Answer normalised(const Question& question, Answer answer) {
    if (auto* choices = std::get_if<ChoicesAnswer>(&answer)) {
        const auto rank = [&](const std::string& option_id) {
            std::size_t i = 0;
            while (i < question.options.size() && question.options[i].id != option_id) ++i;
            return i;
        };
        std::stable_sort(
            choices->option_ids.begin(), choices->option_ids.end(),
            [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    }
    return answer;
}

// A resident did something: the screen changes (or not) and the idle clock restarts.
Step active(Screen screen, TimePoint at) {
    return Step{Session{std::move(screen), at, std::nullopt}, std::nullopt};
}

Step unchanged(const Session& session) { return Step{session, std::nullopt}; }

Step to_attract(const Survey& survey, TimePoint at, std::optional<Response> to_save = {}) {
    return Step{Session{Attract{survey.default_language()}, at, std::nullopt}, std::move(to_save)};
}

Screen first_question_or_stay(const Survey& survey, const Draft& draft, const Screen& otherwise) {
    if (auto first = first_visible(survey, draft.answers))
        return Asking{draft, *first, AnswerProblem::none};
    return otherwise;  // a survey with no visible question cannot pass the loader
}

std::chrono::seconds idle_timeout(const Survey& survey) {
    return std::chrono::seconds(survey.idle_timeout_s);
}

std::chrono::seconds thanks_time(const Survey& survey, const Timing& timing) {
    return timing.thanks_for.count() > 0 ? timing.thanks_for
                                         : std::chrono::seconds(survey.thanks_s);
}

// Auto-advance (a survey setting): one tap is the whole answer for these, so it moves on. Never
// from the last question: finishing stays the resident's own tap.
bool advances_by_itself(const Survey& survey, const Question& question) {
    return survey.auto_advance &&
           (question.type == QuestionType::single || question.type == QuestionType::smiley ||
            question.type == QuestionType::scale);
}

// Idle handling shared by the screens that hold a draft. nullopt = not a Tick.
std::optional<Step> on_idle_tick(const Session& session, const Draft& draft, const Event& event,
                                 const Survey& survey, const Timing& timing) {
    const auto* tick = std::get_if<Tick>(&event);
    if (tick == nullptr) return std::nullopt;
    // The wall clock can go back (staff set it, NTP corrects it). Waiting for the old time to
    // come round again would leave a half-done survey on screen for as long as the jump, so count
    // again from now instead.
    const bool clock_went_back = tick->now < session.last_activity ||
                                 (session.still_there_until &&
                                  *session.still_there_until - tick->now > timing.still_there_for);
    if (clock_went_back) {
        Session rebased = session;
        rebased.last_activity = std::min(session.last_activity, tick->now);
        if (rebased.still_there_until)
            rebased.still_there_until = tick->now + timing.still_there_for;
        return Step{std::move(rebased), std::nullopt};
    }
    if (session.still_there_until) {
        if (tick->now < *session.still_there_until) return unchanged(session);
        std::optional<Response> partial;
        if (survey.keeps_partial) {
            Response response =
                make_response(survey, draft, session.last_activity, ResponseStatus::partial);
            if (!response.answers.empty()) partial = std::move(response);
        }
        return to_attract(survey, tick->now, std::move(partial));
    }
    if (tick->now - session.last_activity >= idle_timeout(survey)) {
        Session prompting = session;
        prompting.still_there_until = tick->now + timing.still_there_for;
        return Step{std::move(prompting), std::nullopt};
    }
    return unchanged(session);
}

// [SECTION] Screens ------------------------------------------------------------------------------

Step on_attract(const Session& session, const Attract&, const Event& event, const Survey& survey) {
    return std::visit(Overloaded{
                          [&](const Start& e) -> Step {
                              Draft draft{e.response_id, session_language(session), e.at, {}};
                              if (survey.has_privacy_screen())
                                  return active(PrivacyNotice{draft}, e.at);
                              return active(first_question_or_stay(survey, draft, session.screen),
                                            e.at);
                          },
                          [&](const ChangeLanguage& e) -> Step {
                              if (!has_language(survey, e.language)) return unchanged(session);
                              return active(Attract{e.language}, e.at);
                          },
                          // Someone picked a language and walked off without starting: the next
                          // person should not find the kiosk in it.
                          [&](const Tick& e) -> Step {
                              if (session_language(session) != survey.default_language() &&
                                  (e.now - session.last_activity >= idle_timeout(survey) ||
                                   e.now < session.last_activity)) {  // or the clock went back
                                  return to_attract(survey, e.now);
                              }
                              return unchanged(session);
                          },
                          [&](const auto&) { return unchanged(session); },
                      },
                      event);
}

Step on_privacy(const Session& session, const PrivacyNotice& screen, const Event& event,
                const Survey& survey, const Timing& timing) {
    if (auto step = on_idle_tick(session, screen.draft, event, survey, timing)) return *step;
    return std::visit(
        Overloaded{
            [&](const AcceptPrivacy& e) -> Step {
                return active(first_question_or_stay(survey, screen.draft, session.screen), e.at);
            },
            [&](const DeclinePrivacy& e) -> Step { return to_attract(survey, e.at); },
            [&](const ChangeLanguage& e) -> Step {
                if (!has_language(survey, e.language)) return unchanged(session);
                PrivacyNotice changed = screen;
                changed.draft.language = e.language;
                return active(std::move(changed), e.at);
            },
            // Back here would go past the start: it only counts as a sign of life.
            [&](const Back& e) -> Step { return active(screen, e.at); },
            [&](const Touch& e) -> Step { return active(screen, e.at); },
            [&](const auto&) { return unchanged(session); },
        },
        event);
}

Step on_asking(const Session& session, const Asking& screen, const Event& event,
               const Survey& survey, const Timing& timing) {
    // Only a survey swapped under a live session could break this; start over rather than crash.
    if (screen.index >= survey.questions.size()) return to_attract(survey, session.last_activity);
    if (auto step = on_idle_tick(session, screen.draft, event, survey, timing)) return *step;
    const Question& question = survey.questions[screen.index];
    return std::visit(
        Overloaded{
            [&](const SetAnswer& e) -> Step {
                Asking changed = screen;
                changed.draft.answers[question.id] = normalised(question, e.answer);
                changed.problem = AnswerProblem::none;
                if (advances_by_itself(survey, question) &&
                    check_answer(question, changed.draft.answers[question.id]) ==
                        AnswerProblem::none) {
                    if (auto next = next_visible(survey, changed.draft.answers, screen.index))
                        return active(Asking{changed.draft, *next, AnswerProblem::none}, e.at);
                }
                return active(std::move(changed), e.at);
            },
            [&](const ClearAnswer& e) -> Step {
                Asking changed = screen;
                changed.draft.answers.erase(question.id);
                changed.problem = AnswerProblem::none;
                return active(std::move(changed), e.at);
            },
            [&](const Next& e) -> Step {
                // An empty answer (no text, nothing ticked) counts as no answer at all.
                const auto it = screen.draft.answers.find(question.id);
                AnswerProblem problem =
                    it == screen.draft.answers.end()
                        ? AnswerProblem::empty
                        : answer_problem(question, it->second, screen.draft.answers);
                if (problem == AnswerProblem::empty)
                    problem = question.is_required ? AnswerProblem::required : AnswerProblem::none;
                if (problem != AnswerProblem::none) {
                    Asking refused = screen;
                    refused.problem = problem;
                    return active(std::move(refused), e.at);
                }
                if (auto next = next_visible(survey, screen.draft.answers, screen.index)) {
                    return active(Asking{screen.draft, *next, AnswerProblem::none}, e.at);
                }
                Response response =
                    make_response(survey, screen.draft, e.at, ResponseStatus::complete);
                return Step{Session{Saving{screen.draft}, e.at, std::nullopt}, std::move(response)};
            },
            [&](const Back& e) -> Step {
                if (auto previous = previous_visible(survey, screen.draft.answers, screen.index)) {
                    return active(Asking{screen.draft, *previous, AnswerProblem::none}, e.at);
                }
                if (survey.has_privacy_screen()) return active(PrivacyNotice{screen.draft}, e.at);
                Asking stay = screen;
                stay.problem = AnswerProblem::none;
                return active(std::move(stay), e.at);
            },
            [&](const ChangeLanguage& e) -> Step {
                if (!has_language(survey, e.language)) return unchanged(session);
                Asking changed = screen;
                changed.draft.language = e.language;
                return active(std::move(changed), e.at);
            },
            [&](const Touch& e) -> Step { return active(screen, e.at); },
            [&](const auto&) { return unchanged(session); },
        },
        event);
}

Step on_saving(const Session& session, const Saving& screen, const Event& event,
               const Survey& survey, const Timing& timing) {
    // Nothing the resident taps matters now: the response is already on its way to disk.
    if (const auto* saved = std::get_if<Saved>(&event)) {
        return Step{Session{Thanks{screen.draft.language, saved->at + thanks_time(survey, timing)},
                            saved->at, std::nullopt},
                    std::nullopt};
    }
    return unchanged(session);
}

Step on_thanks(const Session& session, const Thanks& screen, const Event& event,
               const Survey& survey, const Timing& timing) {
    return std::visit(
        Overloaded{
            [&](const Tick& e) -> Step {
                if (e.now >= screen.until) return to_attract(survey, e.now);
                if (screen.until - e.now > thanks_time(survey, timing)) {  // the clock went back
                    Session rebased = session;
                    std::get<Thanks>(rebased.screen).until = e.now + thanks_time(survey, timing);
                    return Step{std::move(rebased), std::nullopt};
                }
                return unchanged(session);
            },
            [&](const Dismiss& e) -> Step { return to_attract(survey, e.at); },
            [&](const ChangeLanguage& e) -> Step {
                if (!has_language(survey, e.language)) return unchanged(session);
                Thanks changed = screen;
                changed.language = e.language;
                return active(std::move(changed), e.at);
            },
            [&](const auto&) { return unchanged(session); },
        },
        event);
}

}  // namespace

// [SECTION] Entry points -------------------------------------------------------------------------

Session start_session(const Survey& survey, TimePoint now) {
    return Session{Attract{survey.default_language()}, now, std::nullopt};
}

Step advance(const Session& session, const Event& event, const Survey& survey,
             const Timing& timing) {
    if (std::holds_alternative<Unavailable>(session.screen)) {
        if (const auto* recovered = std::get_if<StoreRecovered>(&event)) {
            return to_attract(survey, recovered->at);
        }
        return unchanged(session);
    }
    // A store that cannot save is a fact about the kiosk, not about one screen. It usually answers
    // a Saving screen, but a partial response fails after the session is back on Attract.
    if (const auto* failed = std::get_if<SaveFailed>(&event)) {
        return Step{Session{Unavailable{failed->reason, session_language(session)}, failed->at,
                            std::nullopt},
                    std::nullopt};
    }
    return std::visit(
        Overloaded{
            [&](const Attract& s) { return on_attract(session, s, event, survey); },
            [&](const PrivacyNotice& s) { return on_privacy(session, s, event, survey, timing); },
            [&](const Asking& s) { return on_asking(session, s, event, survey, timing); },
            [&](const Saving& s) { return on_saving(session, s, event, survey, timing); },
            [&](const Thanks& s) { return on_thanks(session, s, event, survey, timing); },
            [&](const Unavailable&) { return unchanged(session); },
        },
        session.screen);
}

std::optional<TimePoint> next_deadline(const Session& session, const Survey& survey,
                                       const Timing&) {
    const bool holds_draft = std::holds_alternative<PrivacyNotice>(session.screen) ||
                             std::holds_alternative<Asking>(session.screen);
    if (holds_draft) {
        if (session.still_there_until) return session.still_there_until;
        return session.last_activity + idle_timeout(survey);
    }
    if (const auto* attract = std::get_if<Attract>(&session.screen);
        attract && attract->language != survey.default_language()) {
        return session.last_activity + idle_timeout(survey);
    }
    if (const auto* thanks = std::get_if<Thanks>(&session.screen)) return thanks->until;
    return std::nullopt;
}

const std::string& session_language(const Session& session) {
    return std::visit(
        Overloaded{
            [](const Attract& s) -> const std::string& { return s.language; },
            [](const PrivacyNotice& s) -> const std::string& { return s.draft.language; },
            [](const Asking& s) -> const std::string& { return s.draft.language; },
            [](const Saving& s) -> const std::string& { return s.draft.language; },
            [](const Thanks& s) -> const std::string& { return s.language; },
            [](const Unavailable& s) -> const std::string& { return s.language; },
        },
        session.screen);
}

}  // namespace standpoint
