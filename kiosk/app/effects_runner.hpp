// The one place the shell's effects happen (kiosk/shell/shell.hpp), and the one typed queue their
// outcomes come back through. Nothing here blocks the frame loop: saves go to the StoreWorker,
// PINs to the PinWorker, the kiosk state to the StateSaver; each outcome arrives later as a
// ShellEvent from take_completions().
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "kiosk/app/pin_hash.hpp"
#include "kiosk/shell/shell.hpp"
#include "kiosk/store/store_worker.hpp"
#include "sync/client/sync_client.hpp"

namespace standpoint::app {

// Outcomes of background work, as shell events, posted from any thread.
class CompletionQueue {
public:
    explicit CompletionQueue(std::function<void()> wake) : wake_(std::move(wake)) {}
    void post(shell::ShellEvent event);
    std::vector<shell::ShellEvent> take();

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<shell::ShellEvent> ready_;
};

struct EffectsSetup {
    StoreWorker* worker = nullptr;                      // nullptr: no store
    SyncThread* sync = nullptr;                         // nullptr: sync not set up
    std::function<void(const KioskState&)> save_state;  // must not block (StateSaver::save)
    std::function<void(TimePoint)> open_staff_screen;   // with the shell's state
    std::function<void()> rebuild_fonts;                // between frames, never inside one
    std::function<void()> cancel_press;                 // ui::cancel_press
    // A staged survey to switch to now (before the next event is fed), and one staff refused.
    std::function<void(shell::StagedSurvey)> switch_survey;
    std::function<void(const std::string& sha256)> forget_staged;
    std::function<void()> wake;                         // from any thread
};

class EffectsRunner {
public:
    explicit EffectsRunner(EffectsSetup setup);
    ~EffectsRunner();  // the PIN thread finishes its job first

    void run(std::vector<shell::Effect> effects);
    // Outcomes since the last call: saved responses, PIN answers, store checks.
    std::vector<shell::ShellEvent> take_completions(TimePoint now);
    bool is_pin_busy() const { return pin_worker_->is_busy(); }

private:
    EffectsSetup setup_;
    std::shared_ptr<CompletionQueue> completions_;  // shared with jobs that may outlive a frame
    std::unique_ptr<PinWorker> pin_worker_;         // last: its thread may call wake as it stops
};

}  // namespace standpoint::app
