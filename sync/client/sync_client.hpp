// The kiosk's sync client: an outbox relay on its own thread (docs/sync-client.md).
// Store work goes through a StoreRunner, so the kiosk keeps one writing connection: in the kiosk
// the runner hands jobs to the StoreWorker's thread; `standpoint sync --once` (no UI) runs them
// on its own store directly. The UI only ever reads a SyncStatus snapshot.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/store_worker.hpp"
#include "sync/client/delivery_policy.hpp"
#include "sync/client/http_transport.hpp"
#include "sync/client/sync_config.hpp"

namespace standpoint {

using StoreJob = std::function<void(ResponseStore&)>;
using StoreRunner = std::function<void(const StoreJob&)>;  // returns once the job has run

StoreRunner run_directly(ResponseStore& store);
StoreRunner run_on_worker(StoreWorker& worker);

// What one attempt did (for `standpoint sync --once` and the status line).
struct AttemptReport {
    std::string batch_id;
    std::int64_t responses = 0;
    std::int64_t body_bytes = 0;
    Outcome outcome = Outcome::unknown;
    Decision decision;
    std::string message;  // for staff; never holds the token
    std::int64_t resent_after_restore = 0;  // synced responses put back to pending (restore rule)
    bool probe_may_end_wait = false;  // retry_later because the collector was not reached
};

class SyncEngine {
public:
    SyncEngine(SyncConfig config, StoreRunner run, const std::atomic<bool>* stopping);

    // Sends the oldest frozen batch, or freezes the next one, once, and applies the answer.
    // nullopt: nothing is waiting to be sent.
    Result<std::optional<AttemptReport>> attempt();
    Result<OutboxCounts> counts();
    HttpAnswer health_check() { return transport_.health_check(); }
    // GET /v1/ping; an answer from the collector also says whether it takes batch/2.
    HttpAnswer ping();

    int failures_in_a_row() const { return failures_in_a_row_; }
    // For the request after a sync (sync/client/survey_fetch.hpp): the same handle and device.
    HttpTransport& transport() { return transport_; }
    const std::string& device_id() const { return device_id_; }
    const SyncConfig& config() const { return config_; }
    int batch_size_now() const { return batch_size_now_; }

private:
    Result<std::optional<FrozenBatch>> next_batch();
    // The next batch of at most `size` responses frozen in the store, its body made by make_body.
    Result<std::optional<FrozenBatch>> freeze(ResponseStore& store, int size);
    // The batch after the one in flight, frozen meanwhile into prefrozen_; and let go again.
    void freeze_ahead();
    Status drop_frozen_ahead();
    Result<std::string> make_body(const std::string& batch_id, std::int64_t first_seq,
                                  const std::vector<StoredResponse>& rows,
                                  const std::vector<StoredSurvey>& surveys);

    SyncConfig config_;
    StoreRunner run_;
    HttpTransport transport_;
    std::string device_id_;
    int failures_in_a_row_ = 0;
    int batch_size_now_;
    int clean_successes_ = 0;
    std::mt19937_64 random_;
    // batch/2 (docs/sync-client.md "Batch format"): whether the collector named it in a ping
    // answer (nullopt: not heard yet, batch/1 is sent); the survey hashes it acknowledged since
    // this engine started (their definitions are left out of new batch/2 bodies); the hashes each
    // batch frozen by this engine names; whether the last attempt was already a re-freeze for a
    // survey the collector lacked (a second one in a row stops instead of spinning).
    std::optional<bool> collector_takes_v2_;
    std::set<std::string> acknowledged_surveys_;
    std::map<std::string, std::set<std::string>> surveys_named_;
    bool refrozen_for_survey_ = false;
    // The next batch, frozen while the last one was in flight or together with its answer (sent
    // by the next attempt).
    std::optional<FrozenBatch> prefrozen_;
    // The signature headers of the batch this engine froze last, made from its JSON at freezing.
    std::pair<std::string, std::vector<std::string>> frozen_signature_;
};

struct SyncStatus {
    std::int64_t pending = 0;
    std::int64_t synced = 0;
    std::int64_t conflict = 0;
    std::int64_t rejected = 0;
    std::string last_success_utc;  // empty: not since the kiosk started
    std::string last_error;        // empty: the last attempt went well
    std::int64_t next_retry_in_ms = 0;  // when the snapshot was taken; 0: not waiting
    bool stopped = false;          // the collector refused (400/401/403/404): staff must act
};

// Runs a SyncEngine on its own thread. Never blocks its caller on the network or the disk.
class SyncThread {
public:
    // `after_round` (optional) runs on the sync thread whenever nothing is left to send: the
    // kiosk's heartbeat and survey fetch (kiosk/app/survey_inbox.hpp).
    SyncThread(SyncConfig config, StoreRunner run, std::function<void()> wake,
               std::function<void(SyncEngine&, std::int64_t pending)> after_round = {});
    ~SyncThread();  // abandons a transfer in progress (outcome unknown: resent next time)
    SyncThread(const SyncThread&) = delete;
    SyncThread& operator=(const SyncThread&) = delete;

    SyncStatus status() const;  // a copy under a short lock: safe every frame
    void nudge();               // a response was saved: try soon

private:
    void run();
    // `shown_until_ms` (steady clock, 0: the end of this wait): what status() gives as the next try.
    void wait_ms(std::int64_t delay_ms, std::int64_t shown_until_ms = 0);
    void wait_until_ms(std::int64_t until_ms, std::int64_t shown_until_ms = 0);  // nudges do not cut it
    void wait_or_probe(SyncEngine& engine, std::int64_t until_ms);

    SyncConfig config_;
    StoreRunner run_store_;
    std::function<void()> wake_;
    std::function<void(SyncEngine&, std::int64_t pending)> after_round_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::condition_variable wanted_;
    bool nudged_ = false;
    SyncStatus status_;
    std::int64_t next_retry_at_ms_ = 0;  // steady clock
    std::thread thread_;  // last
};

std::string describe(const SyncStatus& status);  // one line for staff

}  // namespace standpoint
