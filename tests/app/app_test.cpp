// The app shell's parts that need no window: the command line, check-survey, the targets file
// and how long the frame loop may sleep. The window itself is tested by kiosk_e2e.sh.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/check_survey_command.hpp"
#include "kiosk/app/cli.hpp"
#include "kiosk/app/frame_loop.hpp"
#include "kiosk/app/targets_file.hpp"
#include "kiosk/core/random_bytes.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/shell/shell.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using namespace standpoint::app;
using namespace std::chrono_literals;

namespace {

const std::string demo_survey_path =
    std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/gala-feedback.json";

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "standpoint-app-test.XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Survey demo_survey() {
    Result<std::string> bytes = read_file_capped(demo_survey_path, max_survey_file_bytes);
    REQUIRE(bytes.ok());
    Result<Survey> survey = parse_survey(*bytes, demo_survey_path);
    REQUIRE(survey.ok());
    return std::move(survey).value();
}

}  // namespace

TEST_CASE("no arguments run the kiosk full screen on the default survey") {
    Result<Command> command = parse_command_line({});
    REQUIRE(command.ok());
    const auto* options = std::get_if<KioskOptions>(&*command);
    REQUIRE(options != nullptr);
    CHECK_FALSE(options->is_windowed);
    CHECK_FALSE(options->survey_path.has_value());
    CHECK_FALSE(options->size.has_value());
}

TEST_CASE("an option's value may follow it or come after '='") {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--survey", "a.json", "--size", "1080x1920"},
          std::vector<std::string>{"--survey=a.json", "--size=1080x1920"}}) {
        Result<Command> command = parse_command_line(args);
        REQUIRE(command.ok());
        const auto& options = std::get<KioskOptions>(*command);
        CHECK(options.survey_path == "a.json");
        REQUIRE(options.size.has_value());
        CHECK(options.size->width == 1080);
        CHECK(options.size->height == 1920);
    }
}

TEST_CASE("an unknown option is a usage error that names it") {
    Result<Command> command = parse_command_line({"--windowed", "--kiosk-mode"});
    REQUIRE_FALSE(command.ok());
    CHECK(command.error().message.find("--kiosk-mode") != std::string::npos);
}

TEST_CASE("an option without its value is a usage error") {
    Result<Command> command = parse_command_line({"--data"});
    REQUIRE_FALSE(command.ok());
    CHECK(command.error().message.find("--data needs a value") != std::string::npos);
}

TEST_CASE("a window size must be WIDTHxHEIGHT within sane bounds") {
    for (const char* bad : {"1280", "1280x", "x800", "1280x800x2", "10x10", "1280X800", "-1x800"})
        CHECK_MESSAGE(!parse_command_line({"--size", bad}).ok(), bad);
    CHECK(parse_command_line({"--size", "1280x800"}).ok());
}

TEST_CASE("an event id that could not name an export folder is refused") {
    CHECK(is_valid_event_id("summer-gala_2026.1"));
    CHECK_FALSE(is_valid_event_id(""));
    CHECK_FALSE(is_valid_event_id("my gala"));
    CHECK_FALSE(is_valid_event_id("../etc"));
    CHECK_FALSE(is_valid_event_id("-rf"));
    CHECK_FALSE(is_valid_event_id(std::string(65, 'a')));
    CHECK_FALSE(parse_command_line({"--event", "a/b"}).ok());
}

TEST_CASE("check-survey needs at least one file") {
    CHECK_FALSE(parse_command_line({"check-survey"}).ok());
    Result<Command> command = parse_command_line({"check-survey", "a.json", "b.json"});
    REQUIRE(command.ok());
    CHECK(std::get<CheckSurveyCommand>(*command).files ==
          std::vector<std::string>{"a.json", "b.json"});
}

TEST_CASE("check-survey says ok with the question count and languages of a good survey") {
    std::ostringstream out, err;
    CHECK(run_check_survey({demo_survey_path}, out, err) == exit_ok);
    CHECK(out.str().find(demo_survey_path + ": ok (6 questions, languages en, cy") == 0);
    CHECK(err.str().empty());
}

TEST_CASE("check-survey reports a broken file by name, still checks the rest, and exits 1") {
    TempDir dir;
    const fs::path broken = dir.path / "broken.json";
    std::ofstream(broken) << R"({"format": "standpoint-survey/1", "id": )";
    std::ostringstream out, err;
    CHECK(run_check_survey({broken.string(), demo_survey_path}, out, err) == exit_failure);
    CHECK(err.str().find("broken.json") != std::string::npos);
    CHECK(out.str().find(demo_survey_path + ": ok") != std::string::npos);
}

TEST_CASE("a file larger than the cap is refused, naming the file") {
    TempDir dir;
    const fs::path big = dir.path / "huge.json";
    std::ofstream(big) << std::string(2048, ' ');
    Result<std::string> bytes = read_file_capped(big, 1024);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().message.find("huge.json") != std::string::npos);
    CHECK(read_file_capped(big, 4096).ok());
}

TEST_CASE("a FIFO named like a survey is refused at once instead of hanging the kiosk") {
    // The attack: nothing ever writes to the FIFO, so a plain open() would wait forever.
    TempDir dir;
    const fs::path fifo = dir.path / "survey.json";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    Result<std::string> bytes = read_file_capped(fifo, max_survey_file_bytes);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().message.find("not a regular file") != std::string::npos);
    std::ostringstream out, err;
    CHECK(run_check_survey({fifo.string()}, out, err) == exit_failure);
    CHECK(err.str().find("survey.json") != std::string::npos);
}

TEST_CASE("a device named like a survey is not read") {
    Result<std::string> bytes = read_file_capped("/dev/zero", max_survey_file_bytes);
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().message.find("not a regular file") != std::string::npos);
}

TEST_CASE("an untouched attract screen lets the loop sleep until input") {
    const Survey survey = demo_survey();
    const TimePoint now = Clock::now();
    const Session session = start_session(survey, now);
    CHECK_FALSE(shell::session_wake_time(session, survey, now).has_value());
}

TEST_CASE("while 'Are you still there?' counts down the loop wakes as each second ends") {
    const Survey survey = demo_survey();
    const TimePoint now = Clock::now();
    Session session = start_session(survey, now);
    session.screen = Asking{Draft{"id", "en", now, {}}, 0, AnswerProblem::none};
    session.last_activity = now - 70s;
    session.still_there_until = now + 12300ms;
    const std::optional<TimePoint> wake = shell::session_wake_time(session, survey, now);
    REQUIRE(wake.has_value());
    CHECK(*wake - now == 300ms);  // when the shown number changes
}

TEST_CASE("a question screen wakes the loop just after the idle timeout") {
    const Survey survey = demo_survey();
    const TimePoint now = Clock::now();
    Session session = start_session(survey, now);
    session.screen = Asking{Draft{"id", "en", now, {}}, 0, AnswerProblem::none};
    session.last_activity = now;
    const std::optional<TimePoint> wake = shell::session_wake_time(session, survey, now);
    REQUIRE(wake.has_value());
    CHECK(*wake - now == std::chrono::seconds(survey.idle_timeout_s));
}

TEST_CASE("the targets file names the screen and each target's rectangle in whole pixels") {
    TempDir dir;
    const fs::path path = dir.path / "targets";
    TargetsFile file(path.string());
    file.publish("asking:visit", "en", R"({"visit":4})", {{"next", 10.4f, 20.6f, 300, 120}});
    CHECK(read_all(path) ==
          "# screen asking:visit\n# language en\n# answers {\"visit\":4}\nnext 10 21 300 120\n");
    CHECK_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST_CASE("the targets file is rewritten only when something changed") {
    TempDir dir;
    const fs::path path = dir.path / "targets";
    TargetsFile file(path.string());
    file.publish("attract", "en", "", {{"start", 0, 0, 10, 10}});
    fs::remove(path);
    file.publish("attract", "en", "", {{"start", 0, 0, 10, 10}});
    CHECK_FALSE(fs::exists(path));  // same frame again: no write
    file.publish("attract", "cy", "", {{"start", 0, 0, 10, 10}});
    CHECK(fs::exists(path));
}

TEST_CASE("screen names say which question is asked and whether the idle prompt shows") {
    const Survey survey = demo_survey();
    const TimePoint now = Clock::now();
    Session session = start_session(survey, now);
    CHECK(screen_name(session, survey) == "attract");
    session.screen = Asking{Draft{"id", "en", now, {}}, 2, AnswerProblem::none};
    CHECK(screen_name(session, survey) == "asking:recommend");
    session.still_there_until = now + 20s;
    CHECK(screen_name(session, survey) == "asking:recommend:still_there");
}

TEST_CASE("response ids are distinct UUIDv7s") {
    const std::string a = new_uuid_v7();
    const std::string b = new_uuid_v7();
    CHECK(a != b);
    REQUIRE(a.size() == 36);
    CHECK(a[14] == '7');
}
