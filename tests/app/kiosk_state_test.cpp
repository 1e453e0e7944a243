// DATA/kiosk-state.json (kiosk/app/kiosk_state.hpp): round trip, a damaged file named in the
// error, a replace that leaves the old or the new file even when the writer is killed, 0600, the
// crash marker, and `standpoint set-pin` run as the real binary.
#include "kiosk/app/kiosk_state.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "kiosk/app/pin_hash.hpp"

using namespace standpoint;
using namespace standpoint::app;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "standpoint-staff.XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code error;
        fs::remove_all(path, error);
    }
};

std::string read_text(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

KioskState sample_state() {
    KioskState state;
    state.event_id = "summer-gala";
    state.event_name = "Gŵyl yr Haf · Ogród";
    state.venue = "Riverside Park";
    state.survey_path = "/srv/surveys/gala.json";
    state.is_paused = true;
    state.pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    state.failed_pin_attempts = 6;
    state.pin_locked_until_ms = 1'795'000'060'000;
    return state;
}

bool same(const KioskState& a, const KioskState& b) {
    return a.event_id == b.event_id && a.event_name == b.event_name && a.venue == b.venue &&
           a.survey_path == b.survey_path && a.is_paused == b.is_paused &&
           a.pin_hash == b.pin_hash && a.failed_pin_attempts == b.failed_pin_attempts &&
           a.pin_locked_until_ms == b.pin_locked_until_ms;
}

}  // namespace

TEST_CASE("a missing state file is a fresh state") {
    TempDir dir;
    Result<KioskState> state = load_kiosk_state(dir.path);
    REQUIRE(state.ok());
    CHECK(state->pin_hash.empty());
    CHECK(state->failed_pin_attempts == 0);
    CHECK_FALSE(state->is_paused);
}

TEST_CASE("the state survives a save and a load, and the file is 0600") {
    TempDir dir;
    REQUIRE(save_kiosk_state(dir.path, sample_state()).ok());
    Result<KioskState> loaded = load_kiosk_state(dir.path);
    REQUIRE(loaded.ok());
    CHECK(same(*loaded, sample_state()));
    struct stat info {};
    REQUIRE(::stat((dir.path / "kiosk-state.json").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK_FALSE(fs::exists(dir.path / "kiosk-state.json.new"));
}

TEST_CASE("the GUI kiosk makes a missing data folder 0700, whichever file it writes first") {
    // The GUI kiosk marks itself running before the store opens: that made the folder 0755.
    TempDir dir;
    const mode_t old_umask = ::umask(022);
    REQUIRE(mark_running(dir.path / "marked").ok());
    REQUIRE(save_kiosk_state(dir.path / "saved", sample_state()).ok());
    ::umask(old_umask);
    for (const char* name : {"marked", "saved"}) {
        CAPTURE(name);
        struct stat info {};
        REQUIRE(::stat((dir.path / name).c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0700);
    }
}

TEST_CASE("a damaged state file is an error that names the file and says what to do") {
    TempDir dir;
    for (const char* bytes : {"{\"event_id\": \"gala\", \"pin_ha", "[1, 2]",
                              "{\"is_paused\": \"yes\"}", "{\"failed_pin_attempts\": -3}"}) {
        std::ofstream(dir.path / "kiosk-state.json", std::ios::trunc) << bytes;
        Result<KioskState> loaded = load_kiosk_state(dir.path);
        REQUIRE_FALSE(loaded.ok());
        const std::string& message = loaded.error().message;
        CHECK(message.find((dir.path / "kiosk-state.json").string()) != std::string::npos);
        CHECK(message.find("damaged") != std::string::npos);
        CHECK(message.find("set-pin") != std::string::npos);
    }
}

TEST_CASE("a half-written temporary file left by a crash does not hide the saved state") {
    TempDir dir;
    REQUIRE(save_kiosk_state(dir.path, sample_state()).ok());
    std::ofstream(dir.path / "kiosk-state.json.new") << "{\"event_id\": \"other\", \"pin";
    Result<KioskState> loaded = load_kiosk_state(dir.path);
    REQUIRE(loaded.ok());
    CHECK(same(*loaded, sample_state()));
    KioskState next = sample_state();
    next.event_id = "next";
    REQUIRE(save_kiosk_state(dir.path, next).ok());  // and the next save replaces the leftover
    CHECK(load_kiosk_state(dir.path)->event_id == "next");
}

TEST_CASE("a writer killed at random moments leaves the old or the new state, never a broken one") {
    TempDir dir;
    KioskState a = sample_state();
    KioskState b = sample_state();
    b.event_id = "second-event";
    b.failed_pin_attempts = 2;
    b.event_name = std::string(3000, 'x');  // a longer file: more room to be cut in half
    REQUIRE(save_kiosk_state(dir.path, a).ok());
    std::mt19937 random(20261123);
    for (int round = 0; round < 15; ++round) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            for (int i = 0;; ++i) (void)save_kiosk_state(dir.path, i % 2 ? a : b);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 20000));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        Result<KioskState> loaded = load_kiosk_state(dir.path);
        REQUIRE_MESSAGE(loaded.ok(), "round ", round, ": ",
                        (loaded.ok() ? "" : loaded.error().message));
        CHECK((same(*loaded, a) || same(*loaded, b)));
    }
}

TEST_CASE("the running marker tells a crash from a clean stop") {
    TempDir dir;
    Result<bool> first = mark_running(dir.path);
    REQUIRE(first.ok());
    CHECK_FALSE(*first);
    // No mark_stopped: the process "crashed".
    Result<bool> after_crash = mark_running(dir.path);
    REQUIRE(after_crash.ok());
    CHECK(*after_crash);
    mark_stopped(dir.path);
    Result<bool> after_clean_stop = mark_running(dir.path);
    REQUIRE(after_clean_stop.ok());
    CHECK_FALSE(*after_clean_stop);
}

// ---------------------------------------------------------------------------------- set-pin

namespace {

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

Run set_pin(const fs::path& data_dir, const std::string& stdin_text) {
    const fs::path in = data_dir.parent_path() / "stdin.txt";
    const fs::path out = data_dir.parent_path() / "stdout.txt";
    const fs::path err = data_dir.parent_path() / "stderr.txt";
    std::ofstream(in, std::ios::trunc) << stdin_text;
    const std::string command = std::string("'") + STANDPOINT_BINARY + "' set-pin --data '" +
                                data_dir.string() + "' <'" + in.string() + "' >'" + out.string() +
                                "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read_text(out);
    run.err = read_text(err);
    return run;
}

}  // namespace

TEST_CASE("set-pin reads the PIN twice from stdin and keeps only an Argon2id hash") {
    TempDir dir;
    const fs::path data = dir.path / "data";
    KioskState before = sample_state();
    before.pin_hash.clear();
    REQUIRE(save_kiosk_state(data, before).ok());

    const Run run = set_pin(data, "4821\n4821\n");
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("4821") == std::string::npos);
    CHECK(run.err.find("4821") == std::string::npos);
    CHECK(read_text(data / "kiosk-state.json").find("4821") == std::string::npos);
    Result<KioskState> after = load_kiosk_state(data);
    REQUIRE(after.ok());
    CHECK(after->pin_hash.rfind("$argon2id$", 0) == 0);
    std::string right = "4821";
    std::string wrong = "4822";
    CHECK(is_right_pin(after->pin_hash, right));
    CHECK_FALSE(is_right_pin(after->pin_hash, wrong));
    // The rest of the state is kept; the lockout is cleared.
    CHECK(after->event_name == before.event_name);
    CHECK(after->failed_pin_attempts == 0);
    CHECK(after->pin_locked_until_ms == 0);
}

TEST_CASE("set-pin refuses two different PINs, a weak PIN, and missing lines") {
    TempDir dir;
    const fs::path data = dir.path / "data";
    const Run differ = set_pin(data, "4821\n4812\n");
    CHECK(differ.exit_code == 1);
    CHECK(differ.err.find("differ") != std::string::npos);
    const Run weak = set_pin(data, "1234\n1234\n");
    CHECK(weak.exit_code == 1);
    CHECK(weak.err.find("run of digits") != std::string::npos);
    const Run short_pin = set_pin(data, "48\n48\n");
    CHECK(short_pin.exit_code == 1);
    CHECK(short_pin.err.find("4 to 8 digits") != std::string::npos);
    const Run once = set_pin(data, "4821\n");
    CHECK(once.exit_code == 1);
    CHECK(once.err.find("second time") != std::string::npos);
    CHECK(set_pin(data, "").exit_code == 1);
    // None of them set a PIN.
    Result<KioskState> state = load_kiosk_state(data);
    REQUIRE(state.ok());
    CHECK(state->pin_hash.empty());
}

TEST_CASE("set-pin on a damaged state file says so and changes nothing") {
    TempDir dir;
    const fs::path data = dir.path / "data";
    fs::create_directories(data);
    std::ofstream(data / "kiosk-state.json") << "{not json";
    const Run run = set_pin(data, "4821\n4821\n");
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("damaged") != std::string::npos);
    CHECK(read_text(data / "kiosk-state.json") == "{not json");
}
