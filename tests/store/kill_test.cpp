// The durability invariant, tested the hard way: "a loop of completed responses, the process
// killed at random moments, then every response that reached the thank-you screen is in the store
// and the store passes integrity_check". kill_driver prints THANKS only after the commit returned.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "kiosk/store/response_store.hpp"
#include "tests/store/store_test_support.hpp"

using namespace standpoint;
using standpoint::test::RawDb;
using standpoint::test::TempDir;

namespace {

struct Run {
    std::string output;  // what the driver printed before it died
    int wait_status = 0;
};

// Starts kill_driver on `data_dir`, lets it run for `life`, then SIGKILLs it.
Run run_and_kill(const std::filesystem::path& data_dir, std::chrono::milliseconds life) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execl(STANDPOINT_KILL_DRIVER, STANDPOINT_KILL_DRIVER, data_dir.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(life);
    ::kill(pid, SIGKILL);
    Run run;
    char buffer[4096];
    ssize_t got = 0;
    while ((got = ::read(fds[0], buffer, sizeof buffer)) > 0)
        run.output.append(buffer, static_cast<std::size_t>(got));
    ::close(fds[0]);
    ::waitpid(pid, &run.wait_status, 0);
    return run;
}

}  // namespace

TEST_CASE("every response that reached the thank-you screen survives kill -9 at random moments") {
    TempDir dir;
    const auto data_dir = dir.path() / "data";
    const unsigned seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> life_ms(5, 400);  // from mid-open to hundreds of saves

    std::set<std::string> thanked;
    for (int round = 0; round < 20; ++round) {
        const Run run = run_and_kill(data_dir, std::chrono::milliseconds(life_ms(random)));
        // The driver must have died by our hand, not by its own failure.
        REQUIRE_MESSAGE(WIFSIGNALED(run.wait_status), "kill_driver exited by itself with status "
                                                          << WEXITSTATUS(run.wait_status));
        CHECK(WTERMSIG(run.wait_status) == SIGKILL);
        std::istringstream lines(run.output);
        std::string line;
        while (std::getline(lines, line)) {
            if (lines.eof()) break;  // a line cut by the kill has no newline: not a thank-you
            if (line.rfind("THANKS ", 0) == 0) thanked.insert(line.substr(7));
        }
    }
    MESSAGE(thanked.size() << " responses reached the thank-you screen over 20 kills");
    REQUIRE(thanked.size() >= 20);  // the test must really have exercised the save path

    {
        RawDb raw(data_dir / "standpoint.db");
        CHECK(raw.text("PRAGMA integrity_check") == "ok");
    }
    auto opened = ResponseStore::open(data_dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    auto& store = *opened.value();
    for (const std::string& id : thanked) {
        const auto found = store.find(id);
        REQUIRE(found.ok());
        CHECK_MESSAGE(found->has_value(), "lost after the thank-you screen: " << id);
    }
    // The per-device sequence has no holes: a killed save takes its seq with it (the seq is
    // assigned in the transaction that dies), which the collector's watermark relies on.
    const auto rows = store.responses_after(0, 1000000).value();
    for (std::size_t i = 0; i < rows.size(); ++i)
        CHECK(rows[i].seq == static_cast<std::int64_t>(i) + 1);
}
