// Session rules, one per case. The survey is built here so each rule's data is in view, and time
// is a counter of seconds from a fixed start: the injected clock.
#include "kiosk/core/session.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

namespace standpoint {
namespace {

using std::chrono::seconds;

const TimePoint t0 = Clock::from_time_t(1795000000);  // 2026-11-18 11:06:40 UTC
TimePoint at(int s) { return t0 + seconds(s); }

Text text(const std::string& en, const std::string& cy) { return Text{{{"en", en}, {"cy", cy}}}; }

Option option(const std::string& id) { return Option{id, text(id, id), false}; }

Question question(const std::string& id, QuestionType type, Text prompt = {}) {
    Question q;
    q.id = id;
    q.type = type;
    q.prompt = std::move(prompt);
    return q;
}

ShowIf show_if(const std::string& question_id, std::vector<std::string> any_of = {},
               std::optional<std::int64_t> at_least = {},
               std::optional<std::int64_t> at_most = {}) {
    return ShowIf{question_id, std::move(any_of), at_least, at_most};
}

// visit (smiley, required) -> services (multi) -> parks_detail (text, only if "parks" ticked)
// -> recommend (scale 0..10, required) -> postcode (text with a pattern, optional).
Survey test_survey(bool with_privacy = true) {
    Survey survey;
    survey.id = "gala-feedback";
    survey.version = 3;
    survey.languages = {"en", "cy"};
    survey.title = text("Gala", "Gala");
    if (with_privacy) survey.privacy_notice = text("We keep your answers", "Rydym yn cadw");
    survey.thanks = text("Thank you", "Diolch");
    survey.keeps_partial = true;
    survey.idle_timeout_s = 60;
    survey.sha256 = std::string(64, 'a');

    Question visit = question("visit", QuestionType::smiley, text("Visit?", "Ymweliad?"));
    visit.is_required = true;
    Question services = question("services", QuestionType::multi, text("Used?", "Defnyddio?"));
    services.options = {option("library"), option("leisure"), option("parks")};
    Question parks_detail =
        question("parks_detail", QuestionType::text, text("Parks?", "Parciau?"));
    parks_detail.show_if = show_if("services", {"parks"});
    Question recommend =
        question("recommend", QuestionType::scale, text("Recommend?", "Argymell?"));
    recommend.is_required = true;
    recommend.min_value = 0;
    recommend.max_value = 10;
    Question postcode = question("postcode", QuestionType::text, text("Postcode?", "Cod post?"));
    postcode.max_length = 4;
    postcode.pattern = "^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$";
    survey.questions = {visit, services, parks_detail, recommend, postcode};
    return survey;
}

// Drives one session and remembers the last Step, so a case reads as the resident's taps.
struct Kiosk {
    Survey survey = test_survey();
    Timing timing{seconds(20), seconds(8)};
    Session session = start_session(survey, t0);
    std::optional<Response> saved;

    Kiosk& operator()(const Event& event) {
        Step step = advance(session, event, survey, timing);
        session = std::move(step.session);
        saved = std::move(step.to_save);
        return *this;
    }
    // Attract -> privacy accepted (if any) -> first question, all at time 0.
    Kiosk& begin() {
        (*this)(Start{"0190f3b2-7c1a-7def-8abc-0123456789ab", at(0)});
        if (std::holds_alternative<PrivacyNotice>(session.screen)) (*this)(AcceptPrivacy{at(0)});
        return *this;
    }
    const Asking& asking() const { return std::get<Asking>(session.screen); }
    std::string question_id() const { return survey.questions[asking().index].id; }
};

// Everything observable about a session, for "returns the session unchanged" checks.
std::string describe(const Session& session) {
    std::string out = std::to_string(session.screen.index()) + " " + session_language(session);
    out += " last=" + format_utc(session.last_activity);
    out += " still=" + (session.still_there_until ? format_utc(*session.still_there_until) : "-");
    std::visit(
        [&](const auto& screen) {
            using T = std::decay_t<decltype(screen)>;
            if constexpr (requires { screen.draft; }) {
                out += " id=" + screen.draft.response_id;
                out += " answers=" + answers_to_json(screen.draft.answers).dump();
            }
            if constexpr (std::is_same_v<T, Asking>) {
                out += " index=" + std::to_string(screen.index) +
                       " problem=" + to_string(screen.problem);
            }
            if constexpr (std::is_same_v<T, Thanks>) out += " until=" + format_utc(screen.until);
            if constexpr (std::is_same_v<T, Unavailable>) out += " reason=" + screen.reason;
        },
        session.screen);
    return out;
}

}  // namespace

// ---- Attract, privacy, first question ---------------------------------------------------------

TEST_CASE("a new session shows the attract screen in the survey's default language") {
    const Survey survey = test_survey();
    const Session session = start_session(survey, t0);
    REQUIRE(std::holds_alternative<Attract>(session.screen));
    CHECK(session_language(session) == "en");
}

TEST_CASE("Start shows the privacy notice first when the survey has one") {
    Kiosk kiosk;
    kiosk(Start{"id-1", at(5)});
    REQUIRE(std::holds_alternative<PrivacyNotice>(kiosk.session.screen));
    const Draft& draft = std::get<PrivacyNotice>(kiosk.session.screen).draft;
    CHECK(draft.response_id == "id-1");
    CHECK(draft.language == "en");
    CHECK(draft.started_at == at(5));
    CHECK(draft.answers.empty());
}

TEST_CASE("Start goes straight to the first question when there is no privacy notice") {
    Kiosk kiosk;
    kiosk.survey = test_survey(false);
    kiosk(Start{"id-1", at(5)});
    REQUIRE(std::holds_alternative<Asking>(kiosk.session.screen));
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.asking().draft.response_id == "id-1");
}

TEST_CASE("Start keeps the language the resident picked on the attract screen") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(1)})(Start{"id-1", at(2)});
    CHECK(std::get<PrivacyNotice>(kiosk.session.screen).draft.language == "cy");
}

TEST_CASE("accepting the privacy notice shows the first question") {
    Kiosk kiosk;
    kiosk(Start{"id-1", at(0)})(AcceptPrivacy{at(3)});
    REQUIRE(std::holds_alternative<Asking>(kiosk.session.screen));
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.session.last_activity == at(3));
}

TEST_CASE(
    "declining the privacy notice returns to attract in the default language and saves nothing") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(0)})(Start{"id-1", at(1)})(DeclinePrivacy{at(2)});
    REQUIRE(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK(session_language(kiosk.session) == "en");
    CHECK_FALSE(kiosk.saved.has_value());
}

// ---- Answering ---------------------------------------------------------------------------------

TEST_CASE("SetAnswer replaces the answer to the current question") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{2}, at(1)})(SetAnswer{NumberAnswer{4}, at(2)});
    CHECK(kiosk.asking().draft.answers.at("visit") == Answer{NumberAnswer{4}});
    CHECK(kiosk.asking().draft.answers.size() == 1);
}

TEST_CASE("ClearAnswer removes the answer to the current question") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{2}, at(1)})(ClearAnswer{at(2)});
    CHECK(kiosk.asking().draft.answers.empty());
}

TEST_CASE("a required question blocks Next until answered") {
    Kiosk kiosk;
    kiosk.begin()(Next{at(1)});
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.asking().problem == AnswerProblem::required);
    kiosk(SetAnswer{NumberAnswer{5}, at(2)})(Next{at(3)});
    CHECK(kiosk.question_id() == "services");
}

TEST_CASE("an empty answer to a required question counts as not answered") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});  // -> services
    kiosk.survey.questions[1].is_required = true;
    kiosk(SetAnswer{ChoicesAnswer{{}}, at(2)})(Next{at(3)});
    CHECK(kiosk.question_id() == "services");
    CHECK(kiosk.asking().problem == AnswerProblem::required);
}

TEST_CASE("an optional question can be passed with Next without an answer") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)})(Next{at(2)});
    CHECK(kiosk.question_id() == "recommend");
    CHECK(kiosk.asking().problem == AnswerProblem::none);
}

TEST_CASE("an empty answer to an optional question is passed, not refused") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{}}, at(2)})(Next{at(3)});
    CHECK(kiosk.question_id() == "recommend");
}

TEST_CASE("an answer that fails its check blocks Next with the reason") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{9}, at(1)})(Next{at(2)});
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.asking().problem == AnswerProblem::out_of_range);
}

TEST_CASE("a postcode that does not match the pattern is refused as 'pattern'") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{7}, at(2)})(Next{at(2)});
    REQUIRE(kiosk.question_id() == "postcode");
    kiosk(SetAnswer{TextAnswer{"99"}, at(3)})(Next{at(4)});
    CHECK(kiosk.question_id() == "postcode");
    CHECK(kiosk.asking().problem == AnswerProblem::pattern);
}

TEST_CASE("changing the answer clears the problem shown for the last Next") {
    Kiosk kiosk;
    kiosk.begin()(Next{at(1)});
    REQUIRE(kiosk.asking().problem == AnswerProblem::required);
    kiosk(SetAnswer{NumberAnswer{3}, at(2)});
    CHECK(kiosk.asking().problem == AnswerProblem::none);
}

TEST_CASE("Next skips a question whose show_if does not match") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{"library"}}, at(2)})(Next{at(3)});
    CHECK(kiosk.question_id() == "recommend");
}

TEST_CASE("Next shows a question whose show_if matches") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{"parks", "library"}}, at(2)})(Next{at(3)});
    CHECK(kiosk.question_id() == "parks_detail");
}

TEST_CASE("a multi answer is kept in the survey's option order, not tap order") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{"parks", "library"}}, at(2)});
    CHECK(kiosk.asking().draft.answers.at("services") ==
          Answer{ChoicesAnswer{{"library", "parks"}}});
}

TEST_CASE("Back goes to the previous visible question and keeps the answers") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{"library"}}, at(2)})(Next{at(3)});  // parks_detail hidden
    REQUIRE(kiosk.question_id() == "recommend");
    kiosk(SetAnswer{NumberAnswer{8}, at(4)})(Back{at(5)});
    CHECK(kiosk.question_id() == "services");
    CHECK(kiosk.asking().draft.answers.at("recommend") == Answer{NumberAnswer{8}});
    kiosk(Back{at(6)});
    CHECK(kiosk.question_id() == "visit");
}

TEST_CASE("Back on the first question returns to the privacy notice") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{5}, at(1)})(Back{at(2)});
    REQUIRE(std::holds_alternative<PrivacyNotice>(kiosk.session.screen));
    CHECK(std::get<PrivacyNotice>(kiosk.session.screen).draft.answers.size() == 1);
}

TEST_CASE("Back on the first question stays there when there is no privacy notice") {
    Kiosk kiosk;
    kiosk.survey = test_survey(false);
    kiosk.begin()(Back{at(7)});
    REQUIRE(std::holds_alternative<Asking>(kiosk.session.screen));
    CHECK(kiosk.question_id() == "visit");
    CHECK(kiosk.session.last_activity == at(7));
}

TEST_CASE("Back on the privacy notice stays there: nothing lies before the start") {
    Kiosk kiosk;
    kiosk(Start{"id-1", at(0)})(Back{at(4)});
    CHECK(std::holds_alternative<PrivacyNotice>(kiosk.session.screen));
    CHECK(kiosk.session.last_activity == at(4));
}

// ---- Finishing ---------------------------------------------------------------------------------

TEST_CASE("Next on the last visible question saves a complete response") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(0)}).begin();
    kiosk(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(2)})(Next{at(3)});
    kiosk(SetAnswer{NumberAnswer{9}, at(4)})(Next{at(5)});
    kiosk(SetAnswer{TextAnswer{"CF10"}, at(6)})(Next{at(7)});

    REQUIRE(std::holds_alternative<Saving>(kiosk.session.screen));
    REQUIRE(kiosk.saved.has_value());
    const Response& response = *kiosk.saved;
    CHECK(response.id == "0190f3b2-7c1a-7def-8abc-0123456789ab");
    CHECK(response.survey == SurveyRef{"gala-feedback", 3, std::string(64, 'a')});
    CHECK(response.started_at == at(0));
    CHECK(response.completed_at == at(7));
    CHECK(response.language == "cy");
    CHECK(response.status == ResponseStatus::complete);
    CHECK(answers_to_json(response.answers) ==
          nlohmann::json::parse(R"({"visit": 4, "recommend": 9, "postcode": "CF10"})"));
}

TEST_CASE("answers to questions that became hidden are left out of the response") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)});
    kiosk(SetAnswer{ChoicesAnswer{{"parks"}}, at(2)})(Next{at(2)});
    kiosk(SetAnswer{TextAnswer{"More benches"}, at(3)})(Back{at(4)});
    kiosk(SetAnswer{ChoicesAnswer{{"library"}}, at(5)})(Next{at(6)});  // parks_detail now hidden
    REQUIRE(kiosk.question_id() == "recommend");
    kiosk(SetAnswer{NumberAnswer{6}, at(7)})(Next{at(7)})(Next{at(8)});
    REQUIRE(kiosk.saved.has_value());
    CHECK(kiosk.saved->answers.count("parks_detail") == 0);
    CHECK(kiosk.saved->answers.count("services") == 1);
}

TEST_CASE("Saved shows the thank-you screen for thanks_for") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)});
    REQUIRE(std::holds_alternative<Saving>(kiosk.session.screen));
    kiosk(Saved{at(4)});
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    CHECK(std::get<Thanks>(kiosk.session.screen).until == at(4 + 8));
}

TEST_CASE("SaveFailed while saving shows Unavailable with the reason") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)});
    kiosk(SaveFailed{"disk full", at(4)});
    REQUIRE(std::holds_alternative<Unavailable>(kiosk.session.screen));
    CHECK(std::get<Unavailable>(kiosk.session.screen).reason == "disk full");
}

TEST_CASE("Saving ignores resident input and the clock") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)});
    const std::string before = describe(kiosk.session);
    const Event ignored[] = {Back{at(4)},          SetAnswer{NumberAnswer{1}, at(4)},
                             Next{at(4)},          ChangeLanguage{"cy", at(4)},
                             Touch{at(4)},         Dismiss{at(4)},
                             Tick{at(4000)},       Start{"other", at(4)},
                             StoreRecovered{at(4)}};
    for (const Event& event : ignored) {
        kiosk(event);
        CHECK(describe(kiosk.session) == before);
        CHECK_FALSE(kiosk.saved.has_value());
    }
}

TEST_CASE("the thank-you screen returns to attract in the default language when it times out") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(0)}).begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)});
    kiosk(Next{at(1)})(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)})(Saved{at(4)});
    kiosk(Tick{at(11)});
    CHECK(std::holds_alternative<Thanks>(kiosk.session.screen));
    kiosk(Tick{at(12)});
    REQUIRE(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK(session_language(kiosk.session) == "en");
}

TEST_CASE("Dismiss on the thank-you screen returns to attract at once") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)})(Saved{at(4)});
    kiosk(Dismiss{at(5)});
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
}

// ---- Language ----------------------------------------------------------------------------------

TEST_CASE("ChangeLanguage on a question keeps the answers and the place") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(ChangeLanguage{"cy", at(2)});
    CHECK(session_language(kiosk.session) == "cy");
    CHECK(kiosk.question_id() == "services");
    CHECK(kiosk.asking().draft.answers.at("visit") == Answer{NumberAnswer{4}});
}

TEST_CASE("ChangeLanguage works on the attract, privacy and thank-you screens") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(0)});
    CHECK(session_language(kiosk.session) == "cy");
    kiosk(Start{"id-1", at(1)})(ChangeLanguage{"en", at(2)});
    CHECK(session_language(kiosk.session) == "en");
    kiosk(AcceptPrivacy{at(3)})(SetAnswer{NumberAnswer{4}, at(3)})(Next{at(3)})(Next{at(3)});
    kiosk(SetAnswer{NumberAnswer{9}, at(3)})(Next{at(3)})(Next{at(3)})(Saved{at(4)});
    kiosk(ChangeLanguage{"cy", at(5)});
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    CHECK(session_language(kiosk.session) == "cy");
}

TEST_CASE("a language the survey does not have is ignored") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)});
    const std::string before = describe(kiosk.session);
    kiosk(ChangeLanguage{"fr", at(2)});
    CHECK(describe(kiosk.session) == before);
}

// ---- Idle --------------------------------------------------------------------------------------

TEST_CASE("no touch for idle_timeout_s asks 'Are you still there?'") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(10)});
    kiosk(Tick{at(69)});
    CHECK_FALSE(kiosk.session.still_there_until.has_value());
    kiosk(Tick{at(70)});
    REQUIRE(kiosk.session.still_there_until.has_value());
    CHECK(*kiosk.session.still_there_until == at(90));
}

TEST_CASE("the privacy notice also asks 'Are you still there?' when left alone") {
    Kiosk kiosk;
    kiosk(Start{"id-1", at(0)})(Tick{at(60)});
    CHECK(kiosk.session.still_there_until == at(80));
}

TEST_CASE("a touch dismisses 'Are you still there?' and restarts the idle clock") {
    Kiosk kiosk;
    kiosk.begin()(Tick{at(60)});
    REQUIRE(kiosk.session.still_there_until.has_value());
    kiosk(Touch{at(65)});
    CHECK_FALSE(kiosk.session.still_there_until.has_value());
    CHECK(kiosk.session.last_activity == at(65));
    CHECK(std::holds_alternative<Asking>(kiosk.session.screen));
}

TEST_CASE("answering dismisses 'Are you still there?' too") {
    Kiosk kiosk;
    kiosk.begin()(Tick{at(60)})(SetAnswer{NumberAnswer{3}, at(61)});
    CHECK_FALSE(kiosk.session.still_there_until.has_value());
    CHECK(kiosk.session.last_activity == at(61));
}

TEST_CASE(
    "when 'Are you still there?' runs out the kiosk returns to attract in the default language") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(0)}).begin()(Tick{at(60)})(Tick{at(79)});
    CHECK(std::holds_alternative<Asking>(kiosk.session.screen));
    kiosk(Tick{at(80)});
    REQUIRE(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK(session_language(kiosk.session) == "en");
    CHECK_FALSE(kiosk.saved.has_value());  // nothing was answered
}

TEST_CASE(
    "an attract screen left in another language returns to the default after the idle timeout") {
    Kiosk kiosk;
    kiosk(ChangeLanguage{"cy", at(5)});
    CHECK(next_deadline(kiosk.session, kiosk.survey, kiosk.timing) == at(65));
    kiosk(Tick{at(64)});
    CHECK(session_language(kiosk.session) == "cy");
    kiosk(Tick{at(65)});
    CHECK(session_language(kiosk.session) == "en");
    CHECK_FALSE(next_deadline(kiosk.session, kiosk.survey, kiosk.timing).has_value());
}

TEST_CASE("a timed-out draft with answers is kept as partial when the survey allows it") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(5)})(Next{at(6)});
    kiosk(SetAnswer{ChoicesAnswer{{"leisure"}}, at(7)})(Tick{at(67)})(Tick{at(87)});
    REQUIRE(kiosk.saved.has_value());
    CHECK(kiosk.saved->status == ResponseStatus::partial);
    CHECK(kiosk.saved->id == "0190f3b2-7c1a-7def-8abc-0123456789ab");
    CHECK(kiosk.saved->completed_at == at(7));  // when the resident last touched the screen
    CHECK(answers_to_json(kiosk.saved->answers) ==
          nlohmann::json::parse(R"({"visit": 4, "services": ["leisure"]})"));
}

TEST_CASE("a timed-out draft is dropped when the survey does not keep partial responses") {
    Kiosk kiosk;
    kiosk.survey.keeps_partial = false;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(5)})(Tick{at(65)})(Tick{at(85)});
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
    CHECK_FALSE(kiosk.saved.has_value());
}

TEST_CASE("a partial response leaves out an answer that never passed its check") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{42}, at(2)})(Tick{at(62)})(Tick{at(82)});
    REQUIRE(kiosk.saved.has_value());
    CHECK(kiosk.saved->answers.count("recommend") == 0);
    CHECK(kiosk.saved->answers.count("visit") == 1);
}

TEST_CASE("a failed partial save still puts the kiosk into Unavailable") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(5)})(Tick{at(65)})(Tick{at(85)});
    REQUIRE(kiosk.saved.has_value());
    kiosk(SaveFailed{"read-only file system", at(85)});
    REQUIRE(std::holds_alternative<Unavailable>(kiosk.session.screen));
    CHECK(std::get<Unavailable>(kiosk.session.screen).reason == "read-only file system");
}

TEST_CASE("a wall clock that jumps back restarts the idle count instead of freezing it") {
    Kiosk kiosk;
    kiosk.begin()(Touch{at(3600)})(Tick{at(10)});  // set back an hour
    CHECK(kiosk.session.last_activity == at(10));
    CHECK(next_deadline(kiosk.session, kiosk.survey, kiosk.timing) == at(70));
}

TEST_CASE("a wall clock that jumps back during 'Are you still there?' restarts its countdown") {
    Kiosk kiosk;
    kiosk.begin()(Touch{at(3600)})(Tick{at(3660)});
    REQUIRE(kiosk.session.still_there_until == at(3680));
    kiosk(Tick{at(100)});
    CHECK(kiosk.session.still_there_until == at(120));
}

TEST_CASE("a wall clock that jumps back on the thank-you screen does not stretch it") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)})(Saved{at(3600)});
    kiosk(Tick{at(100)});
    REQUIRE(std::holds_alternative<Thanks>(kiosk.session.screen));
    CHECK(std::get<Thanks>(kiosk.session.screen).until == at(108));
}

// ---- Unavailable -------------------------------------------------------------------------------

TEST_CASE("Unavailable ignores everything but StoreRecovered") {
    Kiosk kiosk;
    kiosk(SaveFailed{"disk full", at(1)});
    REQUIRE(std::holds_alternative<Unavailable>(kiosk.session.screen));
    const std::string before = describe(kiosk.session);
    const Event ignored[] = {Start{"id", at(2)},          Touch{at(2)}, Tick{at(9999)},
                             ChangeLanguage{"cy", at(2)}, Saved{at(2)}, Dismiss{at(2)},
                             SaveFailed{"other", at(2)}};
    for (const Event& event : ignored) {
        kiosk(event);
        CHECK(describe(kiosk.session) == before);
    }
    kiosk(StoreRecovered{at(3)});
    CHECK(std::holds_alternative<Attract>(kiosk.session.screen));
}

// ---- next_deadline -----------------------------------------------------------------------------

TEST_CASE("an untouched attract screen has no deadline") {
    Kiosk kiosk;
    CHECK_FALSE(next_deadline(kiosk.session, kiosk.survey, kiosk.timing).has_value());
}

TEST_CASE("a question's deadline is the idle prompt, then the end of the countdown") {
    Kiosk kiosk;
    kiosk.begin()(Touch{at(10)});
    CHECK(next_deadline(kiosk.session, kiosk.survey, kiosk.timing) == at(70));
    kiosk(Tick{at(72)});
    CHECK(next_deadline(kiosk.session, kiosk.survey, kiosk.timing) == at(92));
}

TEST_CASE("the thank-you screen's deadline is its end, and saving has none") {
    Kiosk kiosk;
    kiosk.begin()(SetAnswer{NumberAnswer{4}, at(1)})(Next{at(1)})(Next{at(1)});
    kiosk(SetAnswer{NumberAnswer{9}, at(2)})(Next{at(2)})(Next{at(3)});
    CHECK_FALSE(next_deadline(kiosk.session, kiosk.survey, kiosk.timing).has_value());
    kiosk(Saved{at(4)});
    CHECK(next_deadline(kiosk.session, kiosk.survey, kiosk.timing) == at(12));
}

// ---- Nonsense ----------------------------------------------------------------------------------

TEST_CASE("events that make no sense on a screen leave the session unchanged") {
    Kiosk kiosk;
    const Event on_attract[] = {
        Next{at(1)},          Back{at(1)},           SetAnswer{NumberAnswer{1}, at(1)},
        AcceptPrivacy{at(1)}, Dismiss{at(1)},        Saved{at(1)},
        Tick{at(999)},        StoreRecovered{at(1)}, Touch{at(1)}};
    std::string before = describe(kiosk.session);
    for (const Event& event : on_attract) {
        kiosk(event);
        CHECK(describe(kiosk.session) == before);
    }
    kiosk.begin();
    const Event on_asking[] = {Start{"again", at(1)}, AcceptPrivacy{at(1)}, DeclinePrivacy{at(1)},
                               Dismiss{at(1)},        Saved{at(1)},         StoreRecovered{at(1)}};
    before = describe(kiosk.session);
    for (const Event& event : on_asking) {
        kiosk(event);
        CHECK(describe(kiosk.session) == before);
    }
}

// ---- Skip logic --------------------------------------------------------------------------------

TEST_CASE("show_if with bounds matches numeric answers inside them") {
    Question follow_up = question("why", QuestionType::text);
    follow_up.show_if = show_if("recommend", {}, 0, 6);
    CHECK(is_visible(follow_up, {{"recommend", NumberAnswer{6}}}));
    CHECK_FALSE(is_visible(follow_up, {{"recommend", NumberAnswer{7}}}));
    CHECK_FALSE(is_visible(follow_up, {}));
}

TEST_CASE("show_if on a yes/no question matches 'yes' or 'no'") {
    Question follow_up = question("contact", QuestionType::text);
    follow_up.show_if = show_if("consent", {"yes"});
    CHECK(is_visible(follow_up, {{"consent", YesNoAnswer{true}}}));
    CHECK_FALSE(is_visible(follow_up, {{"consent", YesNoAnswer{false}}}));
}

TEST_CASE("show_if without values or bounds means 'was answered at all'") {
    Question follow_up = question("more", QuestionType::text);
    follow_up.show_if = show_if("visit");
    CHECK(is_visible(follow_up, {{"visit", NumberAnswer{1}}}));
    CHECK_FALSE(is_visible(follow_up, {}));
}

TEST_CASE("a question that depends on a hidden question is hidden too") {
    Survey survey = test_survey();
    Question chained = question("chained", QuestionType::text);
    chained.show_if = show_if("parks_detail");
    survey.questions.push_back(chained);
    // parks_detail has a stale answer, but "parks" is no longer ticked.
    const Answers answers{{"services", ChoicesAnswer{{"library"}}},
                          {"parks_detail", TextAnswer{"benches"}}};
    CHECK(visible_questions(survey, answers) == std::vector<std::size_t>{0, 1, 3, 4});
}

}  // namespace standpoint
