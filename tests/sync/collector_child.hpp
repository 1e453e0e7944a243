// `standpoint-collector serve` as a child process that a test can kill -9 and start again on the
// same store (SQLite file or PostgreSQL), and a kiosk store with varied answers. For the end-to-end
// tests (sync_e2e_pg_test.cpp, collector_kill_test.cpp); everything on 127.0.0.1.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/sync/fault_proxy.hpp"
#include "tests/sync/sync_test_support.hpp"

extern char** environ;

namespace standpoint::test {

class CollectorChild {
public:
    // store_args: {"--db", path} or {"--pg", conninfo}; listen: "127.0.0.1:PORT" (0 = any).
    CollectorChild(std::string binary, std::vector<std::string> store_args)
        : binary_(std::move(binary)), store_args_(std::move(store_args)) {}
    ~CollectorChild() { stop(SIGKILL); }  // also on a failed REQUIRE: never leave it running
    CollectorChild(const CollectorChild&) = delete;
    CollectorChild& operator=(const CollectorChild&) = delete;

    // Starts `serve`; returns the port it listens on (throws if it did not come up in 10 s).
    int start(const std::string& listen) {
        std::vector<std::string> args = {binary_, "serve", "--listen", listen};
        args.insert(args.end(), store_args_.begin(), store_args_.end());
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        if (spawned != 0) {
            ::close(out[0]);
            pid_ = -1;
            throw std::runtime_error("cannot start the collector");
        }
        std::string line;
        char c = 0;
        pollfd one{out[0], POLLIN, 0};
        while (::poll(&one, 1, 10000) > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(out[0]);
        const auto colon = line.rfind(':', line.find(" epoch"));
        if (line.rfind("listening on", 0) != 0 || colon == std::string::npos) {
            stop(SIGKILL);
            throw std::runtime_error("the collector did not start: " + line);
        }
        return std::atoi(line.c_str() + colon + 1);
    }

    // SIGKILL: dies wherever it is (mid-commit included). SIGTERM: a clean stop.
    void stop(int signal_number) {
        if (pid_ <= 0) return;
        ::kill(pid_, signal_number);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    // Another `standpoint-collector` command on the same store (add-device, stats, export).
    std::string command(std::vector<std::string> args, int* status = nullptr) const {
        args.insert(args.begin(), binary_);
        args.insert(args.end(), store_args_.begin(), store_args_.end());
        return run_capture(args, status);
    }

    pid_t pid() const { return pid_; }

    std::string add_device(const std::string& name) const {
        std::string token = command({"add-device", name});
        while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
        return token;
    }

private:
    std::string binary_;
    std::vector<std::string> store_args_;
    pid_t pid_ = -1;
};

// Answers with the bytes that break naive copies: quotes, backslashes, newlines, tabs, non-ASCII
// (Welsh, CJK, emoji), '=' at the start (a spreadsheet formula), empty lists.
inline Answers varied_answers(int n) {
    static const char* const texts[] = {
        "Gwych! Diolch yn fawr \xe2\x80\x94 roedd y digwyddiad yn hyfryd.",
        "line one\nline two\r\n\ttabbed \"quoted\" back\\slash",
        "=SUM(A1:A9) +1 -2 @cmd",
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80\xf0\x9f\x91\x8d",
        "",
    };
    static const char* const services[] = {"library", "leisure", "parks", "recycling", "housing"};
    Answers answers;
    answers["visit"] = NumberAnswer{n % 5 + 1};
    answers["recommend"] = NumberAnswer{n % 11};
    answers["better"] = TextAnswer{std::string(texts[n % 5]) + " #" + std::to_string(n)};
    answers["age"] = ChoiceAnswer{n % 2 == 0 ? "25_44" : "prefer_not"};
    std::vector<std::string> used;
    for (int i = 0; i < n % 6; ++i) used.push_back(services[i % 5]);
    answers["services"] = ChoicesAnswer{used};
    answers["consent"] = YesNoAnswer{n % 3 == 0};
    return answers;
}

// Saves `count` responses with varied answers; returns their ids in seq order.
inline std::vector<std::string> fill_store_varied(ResponseStore& store, int count) {
    const SurveyRef survey{"sync-test", 1, sha256_hex(test_survey_bytes())};
    REQUIRE(store.remember_survey(survey, test_survey_bytes()).ok());
    std::vector<std::string> ids;
    for (int n = 0; n < count; ++n) {
        char id[64];
        std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-9a6b-%012d", n);
        Response response;
        response.id = id;
        response.survey = survey;
        response.event_id = "sync e2e";
        response.device_id = store.device_id();
        response.started_at = Clock::now();
        response.completed_at = Clock::now();
        response.language = n % 4 == 0 ? "cy" : "en";
        response.status = n % 7 == 0 ? ResponseStatus::partial : ResponseStatus::complete;
        response.answers = varied_answers(n);
        auto saved = store.save(response);
        REQUIRE_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));
        ids.push_back(id);
    }
    return ids;
}

}  // namespace standpoint::test
