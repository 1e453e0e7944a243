#include "kiosk/app/pin_hash.hpp"

#include <sodium.h>

namespace standpoint::app {
namespace {

// sodium_init is thread-safe and cheap after the first call; it only fails without a random
// source, which Linux always has.
bool sodium_ready() {
    static const bool is_ready = sodium_init() >= 0;
    return is_ready;
}

}  // namespace

void wipe_secret(std::string& secret) {
    if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

Result<std::string> hash_pin(std::string& pin) {
    if (!sodium_ready()) {
        wipe_secret(pin);
        return Error{"libsodium could not start (no random source), so no PIN can be set."};
    }
    char out[crypto_pwhash_STRBYTES];
    const int failed =
        crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
    wipe_secret(pin);
    if (failed != 0)
        return Error{"Could not hash the PIN: Argon2id needs 64 MiB of memory and did not get it."};
    return std::string(out);
}

bool is_right_pin(const std::string& pin_hash, std::string& pin) {
    const bool is_right = sodium_ready() && !pin_hash.empty() &&
                          crypto_pwhash_str_verify(pin_hash.c_str(), pin.data(), pin.size()) == 0;
    wipe_secret(pin);
    return is_right;
}

PinWorker::PinWorker(std::function<void()> wake)
    : wake_(std::move(wake)), thread_([this] { run(); }) {}

PinWorker::~PinWorker() {
    {
        std::lock_guard lock(mutex_);
        is_stopping_ = true;
    }
    wanted_.notify_one();
    thread_.join();
    wipe_secret(job_pin_);
}

void PinWorker::check(const std::string& pin_hash, std::string& pin) {
    {
        std::lock_guard lock(mutex_);
        if (!has_job_) {
            has_job_ = true;
            is_check_ = true;
            job_hash_ = pin_hash;
            job_pin_ = pin;
            answer_.reset();
        }
    }
    wipe_secret(pin);
    wanted_.notify_one();
}

void PinWorker::hash(std::string& pin) {
    {
        std::lock_guard lock(mutex_);
        if (!has_job_) {
            has_job_ = true;
            is_check_ = false;
            job_hash_.clear();
            job_pin_ = pin;
            answer_.reset();
        }
    }
    wipe_secret(pin);
    wanted_.notify_one();
}

bool PinWorker::is_busy() const {
    std::lock_guard lock(mutex_);
    return has_job_;
}

std::optional<PinWorker::Answer> PinWorker::take_answer() {
    std::lock_guard lock(mutex_);
    std::optional<Answer> answer = std::move(answer_);
    answer_.reset();
    return answer;
}

void PinWorker::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wanted_.wait(lock, [&] { return has_job_ || is_stopping_; });
        if (!has_job_) return;  // stopping with nothing in hand
        const bool is_check = is_check_;
        std::string pin = job_pin_;
        wipe_secret(job_pin_);
        const std::string pin_hash = job_hash_;
        lock.unlock();
        Answer answer;
        answer.is_check = is_check;
        if (is_check) {
            answer.is_right = is_right_pin(pin_hash, pin);
        } else {
            answer.new_hash = hash_pin(pin);
        }
        lock.lock();
        answer_ = std::move(answer);
        has_job_ = false;
        if (wake_) wake_();
    }
}

}  // namespace standpoint::app
