// StoreWorker: the thread that owns the ResponseStore while the kiosk runs, so the frame loop
// never waits on disk. The UI thread hands it responses and later collects the outcomes; the
// worker calls `wake` (glfwPostEmptyEvent in the app) after each outcome so the loop redraws.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint {

struct SaveOutcome {
    std::string response_id;
    Result<std::int64_t> seq;  // or why it could not be saved
};

class StoreWorker {
public:
    StoreWorker(std::unique_ptr<ResponseStore> store, std::function<void()> wake);
    ~StoreWorker();  // saves everything queued, then joins
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    void save(Response response);              // never blocks on disk
    std::vector<SaveOutcome> take_outcomes();  // never blocks on disk
    // Runs `job` on the store's own thread (saves waiting at that moment go first): how another
    // thread (sync, the staff screen) uses the store without a second writing connection. Every
    // job completes, exactly once: `done` gets the job's result, or an Error when the job threw,
    // when there is no store, or when the worker is already stopping. `done` runs on the store's
    // thread (or the caller's, when stopping) and must not block.
    template <class T>
    void run_on_store(std::function<Result<T>(ResponseStore&)> job,
                      std::function<void(Result<T>)> done) {
        enqueue([job = std::move(job), done = std::move(done)](ResponseStore* store) {
            done(run_guarded<T>(store, job));
        });
    }
    // The same, for a caller that waits (the sync thread, the export's own thread).
    template <class T>
    std::future<Result<T>> run_on_store(std::function<Result<T>(ResponseStore&)> job) {
        auto promise = std::make_shared<std::promise<Result<T>>>();
        std::future<Result<T>> future = promise->get_future();
        run_on_store<T>(std::move(job),
                        [promise](Result<T> result) { promise->set_value(std::move(result)); });
        return future;
    }

private:
    using Job = std::function<void(ResponseStore*)>;  // nullptr: no store, or stopping
    void enqueue(Job job);
    void run();

    template <class T>
    static Result<T> run_guarded(ResponseStore* store,
                                 const std::function<Result<T>(ResponseStore&)>& job) {
        if (store == nullptr) return Error{store_not_open_words(), ErrorKind::missing};
        try {
            return job(*store);
        } catch (const std::exception& error) {
            return Error{std::string("The store failed (internal error: ") + error.what() + ")."};
        } catch (...) {
            return Error{"The store failed (unknown internal error)."};
        }
    }
    static std::string store_not_open_words();

    std::unique_ptr<ResponseStore> store_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::deque<Response> queue_;
    std::deque<Job> jobs_;
    std::vector<SaveOutcome> outcomes_;
    bool is_stopping_ = false;
    bool has_stopped_ = false;  // run() returned: jobs are answered at once
    std::thread thread_;        // last: starts after everything it uses exists
};

}  // namespace standpoint
