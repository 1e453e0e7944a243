// SIGTERM and SIGINT close the kiosk cleanly (the store worker drains its queue first).
//
// A signal handler may not call glfwPostEmptyEvent (not async-signal-safe), yet the frame loop
// sleeps in glfwWaitEvents and must wake up. So the signals are blocked in every thread and one
// thread waits for them with sigwait, then sets the flag and calls `wake` like any other thread.
#pragma once

#include <pthread.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace standpoint::app {

class StopSignals {
public:
    // Call before any other thread starts, so every later thread inherits the blocked mask.
    StopSignals();
    ~StopSignals();  // stops the waiting thread
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    bool is_stop_requested() const { return is_stop_requested_.load(); }

    // What to call when a stop signal arrives (glfwPostEmptyEvent while the window exists).
    // Pass an empty function to stop calling it, before the thing it wakes goes away.
    void set_wake(std::function<void()> wake);

private:
    void run();

    std::atomic<bool> is_stop_requested_{false};
    std::atomic<bool> is_closing_{false};
    std::mutex wake_mutex_;
    std::function<void()> wake_;
    std::thread thread_;
};

}  // namespace standpoint::app
