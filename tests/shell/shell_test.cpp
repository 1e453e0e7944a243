// The shell's rules, one per case, on the pure advance_shell: no ImGui, threads or files. Time is
// a counter from a fixed start. Each case feeds events and checks the mode and the effects.
#include "kiosk/shell/shell.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "kiosk/core/local_time.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/shell/event_rule.hpp"

namespace standpoint::shell {
namespace {

using std::chrono::seconds;

const TimePoint t0 = Clock::from_time_t(1795000000);
TimePoint at(int s) { return t0 + seconds(s); }

std::shared_ptr<const Survey> one_question_survey() {
    static const std::shared_ptr<const Survey> survey = [] {
        Result<Survey> parsed = parse_survey(R"({
          "format": "standpoint-survey/1", "id": "minimal", "version": 1, "languages": ["en"],
          "title": {"en": "Quick"}, "intro": {"en": "Tap"}, "thanks": {"en": "Thanks"},
          "questions": [{"id": "day", "type": "smiley", "required": true,
                         "prompt": {"en": "How is your day?"}}]})",
                                             "minimal.json");
        REQUIRE(parsed.ok());
        return std::make_shared<const Survey>(std::move(parsed).value());
    }();
    return survey;
}

KioskState with_pin() {
    KioskState state;
    state.pin_hash = "$argon2id$stand-in";
    return state;
}

Shell started(KioskState state = with_pin(), bool has_store = true, TimePoint now = at(0)) {
    return start_shell(one_question_survey(), std::move(state), has_store,
                       has_store ? "" : "the disk is read-only", "device-1", now);
}

// Feeds one event; the effects of the last feed are kept for the checks.
struct Run {
    explicit Run(Shell start) : shell(std::move(start)) {}
    Shell shell;
    std::vector<Effect> effects;

    Run& feed(const ShellEvent& event) {
        ShellStep step = advance_shell(std::move(shell), event);
        shell = std::move(step.shell);
        effects = std::move(step.effects);
        return *this;
    }
    template <class T>
    const T* effect() const {
        for (const Effect& each : effects)
            if (const T* found = std::get_if<T>(&each)) return found;
        return nullptr;
    }
    template <class T>
    bool is() const {
        return std::holds_alternative<T>(shell.mode);
    }
    // The hidden gesture: hold the top-left corner 3 s, lift, tap the bottom-right corner.
    Run& gesture(int from_s) {
        auto sample = [&](bool down, float x, float y, int s) {
            feed(PointerSample{down, x, y, 1920, 1080, 6, at(s)});
        };
        sample(true, 5, 5, from_s);
        sample(true, 5, 5, from_s + 3);
        sample(false, 5, 5, from_s + 3);
        sample(true, 1915, 1075, from_s + 4);
        sample(false, 1915, 1075, from_s + 4);
        return *this;
    }
    Run& type_pin(const std::string& digits, int s) {
        for (char digit : digits) feed(PadKeyPressed{PinKey::digit, digit, at(s)});
        return feed(PadKeyPressed{PinKey::ok, '0', at(s)});
    }
    // A resident answers the one question; the shell hands the response over to be saved.
    Run& complete_response(int s, const std::string& id = "0190f3b2-7c1a-7def-8abc-0123456789ab") {
        feed(ResidentInput{Start{id, at(s)}});
        feed(ResidentInput{SetAnswer{NumberAnswer{4}, at(s + 1)}});
        return feed(ResidentInput{Next{at(s + 2)}});
    }
};

}  // namespace

TEST_CASE("the shell starts where the kiosk state says") {
    struct Case {
        const char* name;
        KioskState state;
        bool has_store;
        const char* mode;
    };
    KioskState paused = with_pin();
    paused.is_paused = true;
    const Case cases[] = {
        {"no PIN yet: staff set one before residents come", KioskState{}, true, "set_pin"},
        {"a PIN: residents", with_pin(), true, "resident"},
        {"paused at the last run: still paused", paused, true, "paused"},
        {"no store: residents see 'not available', no PIN asked", KioskState{}, false, "resident"},
    };
    for (const Case& each : cases) {
        CAPTURE(each.name);
        const Shell shell = started(each.state, each.has_store);
        CHECK(std::string(mode_name(shell.mode)) == each.mode);
    }
    CHECK(std::holds_alternative<Unavailable>(started(KioskState{}, false).session.screen));
}

TEST_CASE("the hidden gesture opens the PIN pad only where no resident is busy") {
    Run attract{started()};
    CHECK(attract.gesture(0).is<PinPadMode>());

    Run asking{started()};
    asking.feed(ResidentInput{Start{"id", at(0)}});
    CHECK(asking.gesture(1).is<ResidentMode>());

    KioskState paused_state = with_pin();
    paused_state.is_paused = true;
    Run paused{started(paused_state)};
    CHECK(paused.gesture(0).is<PinPadMode>());
    paused.feed(PadKeyPressed{PinKey::cancel, '0', at(6)});
    CHECK(paused.is<PausedMode>());  // back where it came from
}

TEST_CASE("the 3 s corner hold cancels the press under the finger") {
    Run run{started()};
    run.feed(PointerSample{true, 5, 5, 1920, 1080, 6, at(0)});
    run.feed(PointerSample{true, 5, 5, 1920, 1080, 6, at(3)});
    CHECK(run.effect<CancelPress>() != nullptr);
}

TEST_CASE("the right PIN opens the staff screen and clears the lockout") {
    KioskState state = with_pin();
    state.failed_pin_attempts = 3;
    Run run{started(state)};
    run.gesture(0).type_pin("4821", 5);
    const CheckPin* check = run.effect<CheckPin>();
    REQUIRE(check != nullptr);
    CHECK(check->digits.reveal() == "4821");
    CHECK(pad_view(run.shell, at(5)).message == "Checking…");
    CHECK_FALSE(pad_view(run.shell, at(5)).takes_digits);

    run.feed(PinChecked{true, at(6)});
    CHECK(run.is<StaffMode>());
    CHECK(run.effect<OpenStaffScreen>() != nullptr);
    REQUIRE(run.effect<SaveState>() != nullptr);
    CHECK(run.effect<SaveState>()->state.failed_pin_attempts == 0);
}

TEST_CASE("a wrong PIN counts and is saved, even when the pad was cancelled meanwhile") {
    Run run{started()};
    run.gesture(0).type_pin("1111", 5);
    run.feed(PinChecked{false, at(6)});
    CHECK(run.is<PinPadMode>());
    CHECK(run.shell.state.failed_pin_attempts == 1);
    REQUIRE(run.effect<SaveState>() != nullptr);
    CHECK(pad_view(run.shell, at(6)).message == "Wrong PIN, 4 tries left.");

    run.type_pin("2222", 7).feed(PadKeyPressed{PinKey::cancel, '0', at(7)});
    CHECK(run.is<ResidentMode>());
    run.feed(PinChecked{false, at(8)});
    CHECK(run.shell.state.failed_pin_attempts == 2);  // cancelling does not dodge the count
    CHECK(run.effect<SaveState>() != nullptr);
}

TEST_CASE("a locked pad takes no digits and says for how long") {
    KioskState state = with_pin();
    state.failed_pin_attempts = 5;
    state.pin_locked_until_ms = unix_ms(at(30));
    Run run{started(state)};
    run.gesture(0).type_pin("4821", 5);
    CHECK(run.effect<CheckPin>() == nullptr);
    CHECK(pad_view(run.shell, at(5)).message == "Too many wrong PINs. The pad is locked for 25 s.");
    CHECK(next_deadline(run.shell, at(5)).has_value());
}

TEST_CASE("a PIN shorter than 4 digits is refused before any check") {
    Run run{started()};
    run.gesture(0).type_pin("12", 5);
    CHECK(run.effect<CheckPin>() == nullptr);
    CHECK(pad_view(run.shell, at(5)).message == "A staff PIN has 4 to 8 digits.");
}

TEST_CASE("an untouched PIN pad closes after a minute") {
    Run run{started()};
    run.gesture(0);
    run.feed(Tick{at(4) + pin_pad_idle_close - seconds(1)});
    CHECK(run.is<PinPadMode>());
    run.feed(Tick{at(4) + pin_pad_idle_close});
    CHECK(run.is<ResidentMode>());
}

TEST_CASE("setting the first PIN: twice the same, then staff") {
    Run run{started(KioskState{})};
    run.type_pin("1234", 1);  // a run: refused by the PIN rules
    CHECK(run.effect<HashPin>() == nullptr);
    CHECK_FALSE(pad_view(run.shell, at(1)).message.empty());
    run.type_pin("4821", 2).type_pin("4822", 3);
    CHECK(pad_view(run.shell, at(3)).message ==
          "The two PINs were different. Choose the PIN again.");
    run.type_pin("4821", 4);
    CHECK(pad_view(run.shell, at(4)).screen == "set_pin:confirm");
    run.type_pin("4821", 5);
    REQUIRE(run.effect<HashPin>() != nullptr);
    run.feed(PadKeyPressed{PinKey::cancel, '0', at(6)});
    CHECK(run.is<SetPinMode>());  // the first-start pad has no way out
    run.feed(PinHashed{std::string("$argon2id$new"), "", at(7)});
    CHECK(run.is<StaffMode>());
    CHECK(run.shell.state.pin_hash == "$argon2id$new");
    CHECK(run.effect<SaveState>() != nullptr);
}

TEST_CASE("a saved response wakes the sync thread at once") {
    Run run{started()};
    run.complete_response(0);
    const SaveResponse* save = run.effect<SaveResponse>();
    REQUIRE(save != nullptr);
    CHECK(save->response.device_id == "device-1");
    run.feed(ResponseSaved{save->response.id, 7, "", at(3)});
    CHECK(std::holds_alternative<Thanks>(run.shell.session.screen));
    CHECK(run.effect<SyncNow>() != nullptr);
}

TEST_CASE("past midnight, responses are filed under the day they were started") {
    // The kiosk starts a minute before local midnight and runs on (a two-day festival).
    const TimePoint noon = at(0);
    const std::int64_t into_day = local_seconds(noon, utc_offset_minutes_at(noon)) % 86400;
    const TimePoint midnight = noon + seconds(86400 - into_day);
    Run run{start_shell(one_question_survey(), with_pin(), true, "", "device-1",
                        midnight - seconds(60))};
    const std::string day_one = local_date(midnight - seconds(60));
    const std::string day_two = local_date(midnight + seconds(60));
    REQUIRE(day_one != day_two);

    run.feed(ResidentInput{Start{"id-2", midnight + seconds(60)}});
    run.feed(ResidentInput{SetAnswer{NumberAnswer{4}, midnight + seconds(61)}});
    run.feed(ResidentInput{Next{midnight + seconds(62)}});
    REQUIRE(run.effect<SaveResponse>() != nullptr);
    CHECK(run.effect<SaveResponse>()->response.event_id == day_two);
    // The staff screen's "Today" and its export ask the same rule.
    CHECK(event_for(run.shell.state, midnight + seconds(600)) == day_two);

    KioskState named = with_pin();
    named.event_id = "summer-gala";
    CHECK(event_for(named, midnight + seconds(60)) == "summer-gala");
}

TEST_CASE("'not available' is left only when the store takes responses again") {
    Run run{started()};
    run.complete_response(0);
    run.feed(ResponseSaved{"id", std::nullopt, "The disk is full.", at(3)});
    REQUIRE(std::holds_alternative<Unavailable>(run.shell.session.screen));

    run.gesture(10).type_pin("4821", 15).feed(PinChecked{true, at(16)});
    REQUIRE(run.is<StaffMode>());
    run.feed(StaffClosed{at(20)});
    CHECK(run.is<ResidentMode>());
    CHECK(std::holds_alternative<Unavailable>(run.shell.session.screen));  // not a fresh start
    REQUIRE(run.effect<CheckStore>() != nullptr);

    run.feed(StoreChecked{false, "still full", at(21)});
    CHECK(std::holds_alternative<Unavailable>(run.shell.session.screen));
    run.feed(StoreChecked{true, "ok", at(22)});
    CHECK(std::holds_alternative<Attract>(run.shell.session.screen));
}

TEST_CASE("without a store a response is refused at once, never handed over") {
    Run run{started(with_pin(), false)};
    run.feed(ResidentInput{Start{"id", at(0)}});  // "not available" takes no Start
    CHECK(run.effects.empty());
    CHECK(std::holds_alternative<Unavailable>(run.shell.session.screen));
}

TEST_CASE("staff settings are saved at once") {
    Run run{started()};
    run.gesture(0).type_pin("4821", 5).feed(PinChecked{true, at(6)});
    run.feed(EventSet{"Summer Gala", "Park", "summer-gala"});
    REQUIRE(run.effect<SaveState>() != nullptr);
    CHECK(run.effect<SaveState>()->state.event_id == "summer-gala");
    run.feed(PausedSet{true});
    CHECK(run.effect<SaveState>()->state.is_paused);
    run.feed(StaffClosed{at(9)});
    CHECK(run.is<PausedMode>());
}

TEST_CASE("a survey switch keeps the file, rebuilds fonts and is remembered") {
    Run run{started()};
    run.gesture(0).type_pin("4821", 5).feed(PinChecked{true, at(6)});
    run.feed(SurveySwitched{one_question_survey(), "/media/stick/new.xlsx",
                            KeptSurvey{"{...}", "new.xlsx", "PK..."}, at(7)});
    REQUIRE(run.effect<RememberSurvey>() != nullptr);
    CHECK(run.effect<RememberSurvey>()->kept.definition == "{...}");
    CHECK(run.effect<RememberSurvey>()->kept.source_bytes == "PK...");
    CHECK(run.effect<RebuildFonts>() != nullptr);
    REQUIRE(run.effect<SaveState>() != nullptr);
    CHECK(run.effect<SaveState>()->state.survey_path == "/media/stick/new.xlsx");
}

// ------------------------------------------------------------------ A survey from the collector

StagedSurvey staged_survey() {
    return StagedSurvey{one_question_survey(), "/data/collector-surveys/abc.json", "{...}",
                        "the collector"};
}

// Each row: how the kiosk stands when the staged survey arrives, and whether the switch may
// happen right then. The switch is the SwitchSurvey effect; the app answers it with
// SurveySwitched, the one switch path staff's "Switch survey" takes too.
struct StagedCase {
    const char* where;
    void (*set_up)(Run&);
    bool switches_at_once;
};

const StagedCase staged_cases[] = {
    {"the attract screen", [](Run&) {}, true},
    {"a resident half-way through",
     [](Run& run) { run.feed(ResidentInput{Start{"0190f3b2-7c1a-7def-8abc-0123456789ab", at(1)}}); },
     false},
    {"the thank-you screen, the response being saved",
     [](Run& run) { run.complete_response(1); }, false},
    {"the PIN pad", [](Run& run) { run.gesture(1); }, false},
    {"the staff screen",
     [](Run& run) { run.gesture(1).type_pin("4821", 6).feed(PinChecked{true, at(7)}); }, false},
    {"paused", [](Run& run) { run.shell.mode = PausedMode{}; }, false},
};

TEST_CASE("a staged survey switches only at the attract screen, never mid-response") {
    for (const StagedCase& each : staged_cases) {
        CAPTURE(each.where);
        Run run{started()};
        each.set_up(run);
        run.feed(StagedSurveyReady{staged_survey(), at(8)});
        CHECK((run.effect<SwitchSurvey>() != nullptr) == each.switches_at_once);
        CHECK(run.shell.staged.has_value() != each.switches_at_once);
        if (!each.switches_at_once) {
            run.feed(Tick{at(9)});
            CHECK(run.effect<SwitchSurvey>() == nullptr);
        }
    }
}

TEST_CASE("a staged survey waits for the response to be saved and the attract screen") {
    Run run{started()};
    run.complete_response(1);
    const SaveResponse* save = run.effect<SaveResponse>();
    REQUIRE(save != nullptr);
    const std::string id = save->response.id;
    run.feed(StagedSurveyReady{staged_survey(), at(4)});
    CHECK(run.effect<SwitchSurvey>() == nullptr);
    run.feed(ResponseSaved{id, 1, "", at(5)});  // the response is on disk first
    CHECK(run.effect<SwitchSurvey>() == nullptr);
    run.feed(Tick{at(5 + 60)});  // the thank-you screen has gone: the attract screen
    REQUIRE(std::holds_alternative<Attract>(run.shell.session.screen));
    REQUIRE(run.effect<SwitchSurvey>() != nullptr);
    CHECK(run.effect<SwitchSurvey>()->staged.path == "/data/collector-surveys/abc.json");
    // The app answers with the one switch event; it is remembered like any switch.
    run.feed(SurveySwitched{one_question_survey(), "/data/collector-surveys/abc.json",
                            KeptSurvey{"{...}", "", ""}, at(66)});
    CHECK(run.effect<RememberSurvey>() != nullptr);
    CHECK(run.effect<SaveState>()->state.survey_path == "/data/collector-surveys/abc.json");
}

TEST_CASE("after the staff screen closes, the staged survey switches; unless staff refused it") {
    for (const bool refuses : {false, true}) {
        CAPTURE(refuses);
        Run run{started()};
        run.gesture(1).type_pin("4821", 6).feed(PinChecked{true, at(7)});
        run.feed(StagedSurveyReady{staged_survey(), at(8)});
        if (refuses) {
            run.feed(StagedSurveyRefused{at(9)});
            REQUIRE(run.effect<ForgetStagedSurvey>() != nullptr);
            CHECK(run.effect<ForgetStagedSurvey>()->sha256 == one_question_survey()->sha256);
        }
        run.feed(StaffClosed{at(10)});
        run.feed(Tick{at(11)});
        CHECK((run.effect<SwitchSurvey>() != nullptr) == !refuses);
    }
}

TEST_CASE("a refusal outside the staff screen does nothing") {
    Run run{started()};
    run.complete_response(1);
    run.feed(StagedSurveyReady{staged_survey(), at(4)});
    run.feed(StagedSurveyRefused{at(5)});
    CHECK(run.effect<ForgetStagedSurvey>() == nullptr);
    CHECK(run.shell.staged.has_value());
}

TEST_CASE("staff quitting ends the kiosk") {
    Run run{started()};
    run.feed(StaffQuit{});
    CHECK(run.shell.wants_quit);
    CHECK(run.effect<Quit>() != nullptr);
}

TEST_CASE("an untouched attract screen needs no wake-up") {
    CHECK_FALSE(next_deadline(started(), at(0)).has_value());
}

}  // namespace standpoint::shell
