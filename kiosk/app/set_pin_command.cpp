#include "kiosk/app/set_pin_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/pin_hash.hpp"
#include "kiosk/core/staff_gate.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint::app {
namespace {

// Echo off on the terminal for as long as it lives; the terminal is put back as it was even when
// the reading fails.
class NoEcho {
public:
    explicit NoEcho(int fd) : fd_(fd) {
        if (::tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;  // the Enter still moves to the next line
        is_changed_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
    ~NoEcho() {
        if (is_changed_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    int fd_;
    termios saved_{};
    bool is_changed_ = false;
};

bool read_pin_line(std::istream& in, std::ostream& out, const char* prompt, bool is_terminal,
                   std::string& pin) {
    out << prompt << std::flush;
    std::optional<NoEcho> quiet;
    if (is_terminal) quiet.emplace(STDIN_FILENO);
    if (!std::getline(in, pin)) return false;
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();  // a file written on Windows
    return true;
}

}  // namespace

int run_set_pin_command(const SetPinCommand& command, std::istream& in, std::ostream& out,
                        std::ostream& err) {
    const std::filesystem::path data_dir =
        command.data_dir ? std::filesystem::path(*command.data_dir) : default_data_dir();
    Result<KioskState> state = load_kiosk_state(data_dir);
    if (!state) {
        err << "standpoint: " << state.error().message << '\n';
        return exit_failure;
    }
    const bool is_terminal = &in == &std::cin && ::isatty(STDIN_FILENO) == 1;
    std::string pin;
    std::string again;
    // The PIN is never printed or logged; both copies are wiped on every way out.
    struct Wipe {
        std::string& a;
        std::string& b;
        ~Wipe() {
            wipe_secret(a);
            wipe_secret(b);
        }
    } wipe{pin, again};

    if (!read_pin_line(in, out, "New staff PIN (4 to 8 digits): ", is_terminal, pin)) {
        err << "standpoint: set-pin: no PIN was given; the PIN is unchanged.\n";
        return exit_failure;
    }
    if (Status rules = check_new_pin(pin); !rules) {
        err << "standpoint: set-pin: " << rules.error().message << " The PIN is unchanged.\n";
        return exit_failure;
    }
    if (!read_pin_line(in, out, "The same PIN again: ", is_terminal, again)) {
        err << "standpoint: set-pin: the PIN was not given a second time; the PIN is unchanged.\n";
        return exit_failure;
    }
    if (pin != again) {
        err << "standpoint: set-pin: the two PINs differ; the PIN is unchanged. Run set-pin "
               "again.\n";
        return exit_failure;
    }
    Result<std::string> hash = hash_pin(pin);
    if (!hash) {
        err << "standpoint: set-pin: " << hash.error().message << '\n';
        return exit_failure;
    }
    state->pin_hash = *hash;
    state->failed_pin_attempts = 0;
    state->pin_locked_until_ms = 0;
    if (Status saved = save_kiosk_state(data_dir, *state); !saved) {
        err << "standpoint: set-pin: " << saved.error().message << " The PIN is unchanged.\n";
        return exit_failure;
    }
    out << "The staff PIN is set (kept only as an Argon2id hash in "
        << (data_dir / "kiosk-state.json").string() << ").\n";
    std::error_code error;
    if (std::filesystem::exists(data_dir / "running", error))
        err << "standpoint: a kiosk seems to be running on this data folder: restart it so it "
               "uses the new PIN (until then it keeps the one it started with).\n";
    return exit_ok;
}

}  // namespace standpoint::app
