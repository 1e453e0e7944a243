#include "kiosk/app/state_saver.hpp"

#include <iostream>

namespace standpoint::app {

StateSaver::StateSaver(std::filesystem::path data_dir)
    : data_dir_(std::move(data_dir)), thread_([this] { run(); }) {}

StateSaver::~StateSaver() {
    {
        std::lock_guard lock(mutex_);
        is_stopping_ = true;
    }
    wanted_.notify_one();
    thread_.join();
}

void StateSaver::save(const KioskState& state) {
    {
        std::lock_guard lock(mutex_);
        pending_ = state;  // a newer state replaces one not yet written: only the last counts
    }
    wanted_.notify_one();
}

void StateSaver::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wanted_.wait(lock, [&] { return pending_.has_value() || is_stopping_; });
        if (!pending_) return;  // stopping, everything written
        const KioskState state = std::move(*pending_);
        pending_.reset();
        lock.unlock();
        if (Status saved = save_kiosk_state(data_dir_, state); !saved)
            std::cerr << "standpoint: " << saved.error().message << '\n';
        lock.lock();
    }
}

}  // namespace standpoint::app
