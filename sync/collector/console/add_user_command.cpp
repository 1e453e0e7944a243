#include "sync/collector/console/add_user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "kiosk/secret/secret_hash.hpp"
#include "sync/collector/console/console_db.hpp"
#include "sync/collector/console/login_rules.hpp"

namespace standpoint::console {

namespace {

std::string read_line_quietly(const char* prompt) {
    std::fprintf(stderr, "%s", prompt);
    termios saved{};
    const bool is_terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (is_terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (is_terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

int run_add_user_command(CollectorStore& store, const std::string& name,
                         const std::string& role_text) {
    const auto role = role_from_text(role_text);
    if (!role) {
        std::fprintf(stderr, "add-user needs --role admin or --role viewer\n");
        return 2;
    }
    if (!is_valid_user_name(name)) {
        std::fprintf(stderr, "A user name is 1 to 64 letters, digits, '.', '_', '-' or '@'.\n");
        return 2;
    }
    std::string password = read_line_quietly("Password for the new console user: ");
    if (isatty(STDIN_FILENO)) {
        std::string again = read_line_quietly("The same password again: ");
        const bool same = same_secret(password, again);
        wipe_secret(again);
        if (!same) {
            wipe_secret(password);
            std::fprintf(stderr, "The two passwords differ. Nothing was added.\n");
            return 2;
        }
    }
    if (const std::string problem = password_problem(password); !problem.empty()) {
        wipe_secret(password);
        std::fprintf(stderr, "%s Nothing was added.\n", problem.c_str());
        return 2;
    }
    auto hashed = hash_secret(password);
    if (!hashed) {
        std::fprintf(stderr, "Could not hash the password: %s\n", hashed.error().message.c_str());
        return 1;
    }
    if (Status added = add_user(store, name, *role, *hashed); !added) {
        std::fprintf(stderr, "standpoint-collector: %s\n", added.error().message.c_str());
        return 1;
    }
    if (Status logged = audit(store, "(command line)", "added user", name + " as " + role_text);
        !logged) {
        std::fprintf(stderr, "standpoint-collector: audit log not written: %s\n",
                     logged.error().message.c_str());
    }
    std::printf(
        "Added %s (%s). They sign in at the collector's address, e.g. "
        "http://127.0.0.1:8080/login.\n",
        name.c_str(), role_text.c_str());
    return 0;
}

}  // namespace standpoint::console
