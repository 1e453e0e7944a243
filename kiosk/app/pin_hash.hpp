// The staff PIN as a slow salted hash (docs/staff.md), through kiosk/secret/secret_hash.hpp:
// libsodium's crypto_pwhash_str with Argon2id, OPSLIMIT/MEMLIMIT_INTERACTIVE (about 0.1 s and 64
// MiB here; MODERATE took 0.8 s on the 2-core test machine, too slow for a pad that must answer
// while staff wait). The string holds the algorithm, its limits and a random salt, so it is all
// KioskState::pin_hash needs.
//
// Hashing and checking take a tenth of a second or more: never on the frame loop. PinWorker runs
// them on its own thread and wakes the loop when the answer is ready.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/core/result.hpp"
#include "kiosk/secret/secret_hash.hpp"

namespace standpoint::app {

// Both wipe `pin` (sodium_memzero) before returning. A PIN is short enough to live inside the
// std::string object itself (small-string buffer), where a move copies the characters and leaves
// them behind, so PINs are passed by reference and wiped where they are, never moved.
Result<std::string> hash_pin(std::string& pin);
bool is_right_pin(const std::string& pin_hash, std::string& pin);

using standpoint::wipe_secret;  // kiosk/secret: one home for PINs and passwords

// One job at a time, on one thread that lives as long as the worker.
class PinWorker {
public:
    struct Answer {
        bool is_check = false;  // a check (is_right) or a new hash (new_hash)
        bool is_right = false;
        Result<std::string> new_hash = Error{""};
    };

    explicit PinWorker(std::function<void()> wake);
    ~PinWorker();  // finishes the job in hand, then joins
    PinWorker(const PinWorker&) = delete;
    PinWorker& operator=(const PinWorker&) = delete;

    // Start a job; the caller's `pin` is wiped. Ignored while another job runs (is_busy).
    void check(const std::string& pin_hash, std::string& pin);
    void hash(std::string& pin);

    bool is_busy() const;
    std::optional<Answer> take_answer();

private:
    void run();

    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::condition_variable wanted_;
    bool has_job_ = false;
    bool is_check_ = false;
    std::string job_hash_;
    std::string job_pin_;
    std::optional<Answer> answer_;
    bool is_stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace standpoint::app
