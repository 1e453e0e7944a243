#include "kiosk/app/stop_signals.hpp"

#include <csignal>

namespace standpoint::app {
namespace {

sigset_t watched_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);  // private: how the destructor ends the waiting thread
    return set;
}

}  // namespace

StopSignals::StopSignals() {
    const sigset_t set = watched_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this] { run(); });
}

StopSignals::~StopSignals() {
    is_closing_ = true;
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
}

void StopSignals::set_wake(std::function<void()> wake) {
    std::lock_guard lock(wake_mutex_);
    wake_ = std::move(wake);
}

void StopSignals::run() {
    const sigset_t set = watched_signals();
    while (!is_closing_) {
        int signal_number = 0;
        if (sigwait(&set, &signal_number) != 0) continue;
        if (signal_number == SIGUSR1) continue;  // the loop condition decides
        is_stop_requested_ = true;
        std::lock_guard lock(wake_mutex_);
        if (wake_) wake_();
    }
}

}  // namespace standpoint::app
