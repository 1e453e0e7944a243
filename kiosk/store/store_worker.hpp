// StoreWorker: the thread that owns the ResponseStore while the kiosk runs, so the frame loop
// never waits on disk. The UI thread hands it responses and later collects the outcomes; the
// worker calls `wake` (glfwPostEmptyEvent in the app) after each outcome so the loop redraws.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
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

    void save(Response response);                // never blocks on disk
    std::vector<SaveOutcome> take_outcomes();    // never blocks on disk
    // Runs `job` on the store's own thread (saves waiting at that moment go first): how another
    // thread (sync) uses the store without a second writing connection. `job` must not throw.
    void run_on_store(std::function<void(ResponseStore&)> job);

private:
    void run();

    std::unique_ptr<ResponseStore> store_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::deque<Response> queue_;
    std::deque<std::function<void(ResponseStore&)>> jobs_;
    std::vector<SaveOutcome> outcomes_;
    bool is_stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace standpoint
