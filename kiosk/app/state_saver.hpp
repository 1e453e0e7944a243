// Saves KioskState off the frame loop: the newest state wins, a thread of its own writes it
// (fsync, rename, folder fsync) and reports a failure on stderr. Not the StoreWorker: the kiosk
// state must be saved even when the store could not be opened.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "kiosk/app/kiosk_state.hpp"

namespace standpoint::app {

class StateSaver {
public:
    explicit StateSaver(std::filesystem::path data_dir);
    ~StateSaver();  // writes what is pending, then joins
    StateSaver(const StateSaver&) = delete;
    StateSaver& operator=(const StateSaver&) = delete;

    void save(const KioskState& state);  // never blocks on disk

private:
    void run();

    std::filesystem::path data_dir_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::optional<KioskState> pending_;
    bool is_stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace standpoint::app
