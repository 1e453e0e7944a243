#include "kiosk/store/store_worker.hpp"

#include <exception>
#include <utility>

namespace standpoint {

StoreWorker::StoreWorker(std::unique_ptr<ResponseStore> store, std::function<void()> wake)
    : store_(std::move(store)), wake_(std::move(wake)), thread_([this] { run(); }) {}

StoreWorker::~StoreWorker() {
    {
        const std::lock_guard lock(mutex_);
        is_stopping_ = true;
    }
    wanted_.notify_one();
    // run() empties the queue before it returns: a response handed over is never dropped at quit.
    if (thread_.joinable()) thread_.join();
}

void StoreWorker::save(Response response) {
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(std::move(response));
    }
    wanted_.notify_one();
}

std::string StoreWorker::store_not_open_words() {
    return "The kiosk's response store is not open.";
}

void StoreWorker::enqueue(Job job) {
    {
        const std::lock_guard lock(mutex_);
        if (!has_stopped_) {
            jobs_.push_back(std::move(job));
            wanted_.notify_one();
            return;
        }
    }
    job(nullptr);  // the thread is gone: answer now rather than never
}

std::vector<SaveOutcome> StoreWorker::take_outcomes() {
    const std::lock_guard lock(mutex_);
    std::vector<SaveOutcome> taken;
    taken.swap(outcomes_);
    return taken;
}

void StoreWorker::run() {
    for (;;) {
        Response response;
        Job job;
        {
            std::unique_lock lock(mutex_);
            wanted_.wait(lock,
                         [this] { return !queue_.empty() || !jobs_.empty() || is_stopping_; });
            if (queue_.empty() && jobs_.empty()) {  // stopping, everything handed over done
                has_stopped_ = true;
                return;
            }
            if (queue_.empty()) {
                job = std::move(jobs_.front());
                jobs_.pop_front();
            } else {
                response = std::move(queue_.front());
                queue_.pop_front();
            }
        }
        if (job) {
            try {
                job(store_
                        .get());  // a job completes its caller's wait itself, even without a store
            } catch (...) {
                // Only a `done` callback can throw here (run_guarded catches the job's own);
                // nothing may escape this thread.
            }
            continue;
        }

        // The disk work happens without the lock, so the UI thread never waits on it.
        // Nothing may escape this thread: an exception here would std::terminate the kiosk.
        Result<std::int64_t> seq = Error{"The kiosk has no store to save to.", ErrorKind::missing};
        try {
            if (store_) seq = store_->save(response);
        } catch (const std::exception& error) {
            seq = Error{std::string("The kiosk could not save the response (internal error: ") +
                        error.what() + ")."};
        } catch (...) {
            seq = Error{"The kiosk could not save the response (unknown internal error)."};
        }

        {
            const std::lock_guard lock(mutex_);
            outcomes_.push_back(SaveOutcome{response.id, std::move(seq)});
        }
        try {
            if (wake_) wake_();
        } catch (...) {
            // A failing wake only delays the redraw; the outcome is already waiting.
        }
    }
}

}  // namespace standpoint
