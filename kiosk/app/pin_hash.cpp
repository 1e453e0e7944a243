#include "kiosk/app/pin_hash.hpp"

namespace standpoint::app {

Result<std::string> hash_pin(std::string& pin) {
    auto hashed = hash_secret(pin);
    if (!hashed) return Error{"Could not hash the PIN: " + hashed.error().message};
    return hashed;
}

bool is_right_pin(const std::string& pin_hash, std::string& pin) {
    return is_right_secret(pin_hash, pin);
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
