// What to do after one attempt to deliver a batch: pure (no clock, no I/O, no randomness of its
// own), so every rule is unit-tested in microseconds. docs/sync-client.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace standpoint {

// What one HTTP exchange looked like, as the transport saw it.
struct Exchange {
    bool transport_ok = false;        // curl finished the exchange (no timeout, reset, refusal)
    bool timed_out_connected = false; // connected, then no answer in time (a slow collector)
    std::string transport_error;      // curl's words when it did not
    long http_status = 0;             // 0 when there was no answer
    bool from_collector = false;      // the answer carried "X-Collector: standpoint"
    bool reply_valid = false;         // 200 body parsed and named this batch
    std::optional<std::int64_t> retry_after_s;  // Retry-After, if the answer had one
    std::string error_reason;         // the collector's {"error": ...} for a 4xx, if any
    std::string missing_survey;       // a 409's X-Standpoint-Missing-Survey: the sha256 it lacks
};

enum class Outcome {
    delivered,      // 200 from the collector, reply parsed: apply the per-response results
    unknown,        // may or may not have arrived: resend the same bytes later
    throttled,      // 429/503 from the collector: resend later, not before Retry-After
    too_large,      // 413: split the batch
    refused,        // 400/401/403/404: stop and show staff the reason
    survey_wanted,  // 409 naming a survey the collector lacks: freeze again with its definition
};

Outcome classify(const Exchange& exchange);
const char* to_string(Outcome outcome);

struct BackoffConfig {
    std::int64_t base_ms = 5'000;
    std::int64_t cap_ms = 600'000;            // ~10 minutes
    std::int64_t retry_after_max_ms = 3'600'000;
    std::int64_t retry_after_min_ms = 1'000;
};

enum class NextStep { apply_results, retry_later, split_batch, resend_with_surveys, stop };

struct Decision {
    NextStep step = NextStep::retry_later;
    std::int64_t delay_ms = 0;  // before the next attempt (retry_later)
};

// `failures_in_a_row` counts earlier failed attempts (0 for the first failure); `random_unit` is in
// [0, 1) and supplies the full jitter: delay = random * min(cap, base * 2^n), floored by a
// Retry-After clamped to sane bounds.
Decision decide(Outcome outcome, const Exchange& exchange, int failures_in_a_row,
                const BackoffConfig& config, double random_unit);

// The connectivity probe (docs/sync-client.md "When the network comes back"). After hours
// offline the backoff sits at its cap, so a kiosk whose network returns could wait ~10 minutes.
// While a batch waits because the collector could not be reached (refused, reset, no route, or an
// answer that was not the collector's), a cheap GET /v1/ping is sent every few seconds; the first
// one the collector itself answers ends the wait. Not after a timeout on an open connection: that
// collector was reachable but slow, and its backoff is what relieves it.
bool probe_may_end_backoff(const Exchange& failed);

// After a probe: nullopt while the collector is still not reachable; otherwise how long to wait
// before sending (0, or the collector's Retry-After, clamped as in decide()).
std::optional<std::int64_t> probe_wait_ms(const Exchange& ping, const BackoffConfig& config);

// The restored-collector rule (docs/design.md): after a 200, if the collector's epoch differs from the
// one the kiosk last saw, or its watermark is below the highest seq the kiosk holds as synced (a
// server restored from backup keeps its old epoch in the restored file, so this is the rule that
// usually fires), every synced response above the new watermark must be sent again. Returns that
// watermark, or nullopt when nothing needs resending. `remembered_epoch` empty: never heard.
std::optional<std::int64_t> resend_above(const std::string& remembered_epoch,
                                         std::int64_t highest_synced_seq,
                                         const std::string& reply_epoch,
                                         std::int64_t reply_watermark);

}  // namespace standpoint
