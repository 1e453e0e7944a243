#include "sync/client/sync_client.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <utility>

#include "sync/protocol/http_surface.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"

namespace standpoint {

namespace {

std::int64_t steady_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// The batch's signature headers (docs/sync-protocol.md "Signed batches"): the kiosk's key over
// the exact JSON it froze. Made at each send rather than kept: an Ed25519 signature is
// deterministic, so a resend carries the same headers, and a batch frozen before the kiosk had
// a key goes out signed too. No key (a kiosk set up before keys): no headers, as batch/1 was.
std::vector<std::string> signature_headers_of(const SigningKey& key, const std::string& json) {
    return std::vector<std::string>{
        http_surface::header_line(http_surface::signature_key_header, key.public_key_hex()),
        http_surface::header_line(http_surface::signature_header,
                                  key.sign(SignedKind::batch, json))};
}

Result<std::vector<std::string>> signature_headers(const std::optional<SigningKey>& key,
                                                   const std::string& body_gz) {
    if (!key) return std::vector<std::string>{};
    auto json = gzip_decompress(body_gz, max_batch_json_bytes);
    if (!json) return Error{"Sync could not read back a frozen batch to sign it: " +
                            json.error().message};
    return signature_headers_of(*key, *json);
}

// A frozen body read back for refreeze_damaged_batches: what it would deliver, checked as the
// collector will check it (decode_batch verifies every hash against its bytes).
Result<std::vector<CarriedAnswers>> read_frozen_body(const std::string& body_gz) {
    auto json = gzip_decompress(body_gz, max_batch_json_bytes);
    if (!json) return json.error();
    auto batch = decode_batch(*json);
    if (!batch) return batch.error();
    std::vector<CarriedAnswers> carried;
    for (const ResponseRecord& record : batch->responses)
        carried.push_back(CarriedAnswers{record.id, record.sha256});
    return carried;
}

// Runs `work` through the runner and hands back its result.
template <class T>
Result<T> on_store(const StoreRunner& run, std::function<Result<T>(ResponseStore&)> work) {
    std::optional<Result<T>> out;
    run([&](ResponseStore& store) { out.emplace(work(store)); });
    if (!out) return Error{"The kiosk's store is not available to sync."};
    return std::move(*out);
}

}  // namespace

StoreRunner run_directly(ResponseStore& store) {
    return [&store](const StoreJob& job) { job(store); };
}

StoreRunner run_on_worker(StoreWorker& worker) {
    // The worker answers every job (an Error when it threw or there is no store): the wait ends.
    return [&worker](const StoreJob& job) {
        worker
            .run_on_store<Done>([&job](ResponseStore& store) -> Status {
                job(store);
                return Done{};
            })
            .wait();
    };
}

SyncEngine::SyncEngine(SyncConfig config, StoreRunner run, const std::atomic<bool>* stopping)
    : config_(std::move(config)),
      run_(std::move(run)),
      transport_(config_, stopping),
      batch_size_now_(config_.batch_size),
      random_(std::random_device{}()) {
    run_([this](ResponseStore& store) { device_id_ = store.device_id(); });
}

HttpAnswer SyncEngine::ping() {
    HttpAnswer answer = transport_.ping();
    if (answer.exchange.transport_ok && answer.exchange.from_collector)
        collector_takes_v2_ = names_batch_format_v2(answer.batch_formats);
    return answer;
}

// batch/2 when the collector named it, leaving out the definitions it has acknowledged; batch/1
// (every definition, as kiosks always sent it) otherwise.
Result<std::string> SyncEngine::make_body(const std::string& batch_id, std::int64_t first_seq,
                                          const std::vector<StoredResponse>& rows,
                                          const std::vector<StoredSurvey>& surveys) {
    Batch batch;
    batch.format_version = collector_takes_v2_.value_or(false) ? 2 : 1;
    batch.device_id = device_id_;
    batch.batch_id = batch_id;
    batch.first_seq = first_seq;
    batch.last_seq = rows.back().seq;
    for (const StoredSurvey& survey : surveys) {
        if (batch.format_version == 2 && acknowledged_surveys_.count(survey.ref.sha256) > 0)
            continue;
        batch.surveys.push_back(SurveyDefinition{survey.ref, survey.definition});
    }
    std::set<std::string>& named = surveys_named_[batch_id];
    batch.responses.reserve(rows.size());
    for (const StoredResponse& row : rows) {
        named.insert(row.response.survey.sha256);
        batch.responses.push_back(
            make_response_record(row.seq, row.response, row.answers_json, row.answers_sha256));
    }
    std::string json;
    try {
        json = encode_batch(batch);
    } catch (const std::exception& error) {
        return Error{std::string("Sync could not write a batch (") + error.what() + ")."};
    }
    // Signed while the JSON is at hand, so the first send need not inflate the body again (the
    // same signature a resend computes from the stored bytes: Ed25519 is deterministic).
    if (config_.signing_key)
        frozen_signature_ = {batch_id, signature_headers_of(*config_.signing_key, json)};
    return gzip_compress(json);
}

Result<OutboxCounts> SyncEngine::counts() {
    return on_store<OutboxCounts>(run_, [](ResponseStore& store) { return store.outbox_counts(); });
}

Result<std::optional<FrozenBatch>> SyncEngine::next_batch() {
    // Which format to freeze in: asked once while unknown, and again only after a delivery (not
    // on every retry while the collector cannot be reached: a ping there costs a connect timeout).
    if (!collector_takes_v2_ && failures_in_a_row_ == 0) (void)ping();
    const int size = batch_size_now_;
    return on_store<std::optional<FrozenBatch>>(
        run_, [&](ResponseStore& store) -> Result<std::optional<FrozenBatch>> {
            // A frozen body that no longer reads back as its responses with their stored hashes
            // (damaged on disk) would be refused forever: it is re-frozen without the damage.
            if (auto checked = store.refreeze_damaged_batches(read_frozen_body); !checked)
                return checked.error();
            // A batch frozen earlier goes first, with the same bytes, before anything new.
            auto open = store.pending_batches();
            if (!open) return open.error();
            if (!open->empty()) return std::optional<FrozenBatch>(std::move(open->front()));
            return freeze(store, size);
        });
}

Result<std::optional<FrozenBatch>> SyncEngine::freeze(ResponseStore& store, int size) {
    return store.freeze_next_batch(size, [this](const std::string& batch_id, std::int64_t first_seq,
                                                const std::vector<StoredResponse>& rows,
                                                const std::vector<StoredSurvey>& surveys) {
        return make_body(batch_id, first_seq, rows, surveys);
    });
}

void SyncEngine::freeze_ahead() {
    auto frozen = on_store<std::optional<FrozenBatch>>(
        run_, [&](ResponseStore& store) -> Result<std::optional<FrozenBatch>> {
            return freeze(store, batch_size_now_);
        });
    // A failure only loses the head start: the next attempt freezes as it always did.
    if (frozen && *frozen) prefrozen_ = std::move(**frozen);
}

Status SyncEngine::drop_frozen_ahead() {
    if (!prefrozen_) return ok_status();
    const std::string batch_id = prefrozen_->batch_id;
    prefrozen_.reset();
    surveys_named_.erase(batch_id);
    // Left frozen, it would still go out after the batch before it (open batches go in order).
    return on_store<Done>(run_,
                          [&](ResponseStore& store) { return store.unfreeze_batch(batch_id); });
}

Result<std::optional<AttemptReport>> SyncEngine::attempt() {
    // The batch frozen in the same transaction as the last delivery's answer goes first: it is
    // the next batch next_batch would give (no other batch was open), with its bytes as stored.
    Result<std::optional<FrozenBatch>> next = std::optional<FrozenBatch>();
    if (prefrozen_) {
        next = std::optional<FrozenBatch>(std::move(*prefrozen_));
        prefrozen_.reset();
    } else {
        next = next_batch();
    }
    if (!next) return next.error();
    if (!*next) return std::optional<AttemptReport>();
    const FrozenBatch& batch = **next;

    AttemptReport report;
    report.batch_id = batch.batch_id;
    report.responses = batch.response_count;
    report.body_bytes = static_cast<std::int64_t>(batch.body_gz.size());
    if (!batch.just_frozen) {  // a batch frozen just now had its first attempt counted then
        auto noted = on_store<Done>(run_, [&](ResponseStore& store) {
            return store.record_attempt(batch.batch_id);
        });
        if (!noted) return noted.error();
    }

    auto signed_by = frozen_signature_.first == batch.batch_id
                         ? Result<std::vector<std::string>>(frozen_signature_.second)
                         : signature_headers(config_.signing_key, batch.body_gz);
    if (!signed_by) return signed_by.error();
    // The next batch is frozen while this one is on the wire, so the kiosk's reading, encoding
    // and commit overlap the network and the collector's work (docs/sync-client.md "Freezing
    // ahead"). Only behind a batch frozen just now: a batch left open earlier goes out alone.
    std::future<HttpAnswer> flight = std::async(std::launch::async, [&] {
        return transport_.post_batch(device_id_, batch.batch_id, batch.body_gz, *signed_by);
    });
    if (batch.just_frozen) freeze_ahead();
    HttpAnswer answer = flight.get();
    Exchange& exchange = answer.exchange;
    std::optional<BatchReply> reply;
    if (exchange.transport_ok && exchange.from_collector && exchange.http_status == 200) {
        auto decoded = decode_reply(answer.body);
        if (decoded && decoded->batch_id == batch.batch_id) {
            exchange.reply_valid = true;
            reply = std::move(*decoded);
        }
    }
    report.outcome = classify(exchange);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    report.decision =
        decide(report.outcome, exchange, failures_in_a_row_, config_.backoff, unit(random_));
    if (report.decision.step == NextStep::split_batch && batch.response_count <= 1) {
        // One response too large for the collector cannot be split: it stays pending (never given
        // up on) and is retried with backoff, so the loop cannot spin.
        report.decision = decide(Outcome::unknown, exchange, failures_in_a_row_, config_.backoff,
                                 unit(random_));
    }

    // Any answer but a delivery leaves the store as it was before the batch went: the batch
    // frozen ahead is let go (a split, or a re-freeze with surveys, starts from its rows too).
    if (report.decision.step != NextStep::apply_results) {
        if (Status dropped = drop_frozen_ahead(); !dropped) return dropped.error();
    }

    switch (report.decision.step) {
        case NextStep::apply_results: {
            std::vector<SyncedItem> items;
            for (const ItemResult& item : reply->results)
                items.push_back(SyncedItem{item.id, item.status, item.reason});
            // The answer and what it says of the collector land in one transaction: one WAL
            // sync per delivered batch.
            auto reopened = on_store<std::int64_t>(
                run_, [&](ResponseStore& store) -> Result<std::int64_t> {
                    std::int64_t count = 0;
                    Status settled = store.in_one_transaction([&]() -> Status {
                        if (Status applied = store.mark_batch_synced(batch.batch_id, items);
                            !applied)
                            return applied;
                        // A collector restored from backup: what it lost goes again, in new
                        // batches.
                        auto memory = store.collector_memory();
                        if (!memory) return memory.error();
                        const auto above =
                            resend_above(memory->epoch, memory->highest_synced_seq,
                                         reply->server_epoch, reply->max_contiguous_seq);
                        auto noted = store.note_collector(reply->server_epoch,
                                                          reply->max_contiguous_seq, above);
                        if (!noted) return noted.error();
                        count = *noted;
                        // The collector holds every survey a delivered batch names (it stored
                        // the definitions the batch carried and refuses a batch/2 naming one it
                        // lacks), so the batch frozen next leaves them out.
                        if (const auto named = surveys_named_.find(batch.batch_id);
                            named != surveys_named_.end()) {
                            acknowledged_surveys_.insert(named->second.begin(),
                                                         named->second.end());
                            surveys_named_.erase(named);
                        }
                        // The next batch is frozen in this same transaction: one WAL sync per
                        // delivered batch instead of two. Only when no other batch is open (an
                        // open batch is always sent before a new one is frozen); a failure here
                        // rolls back only the freeze, and the next attempt freezes as before.
                        auto open = store.pending_batches();
                        if (open && open->empty()) {
                            auto frozen = freeze(store, batch_size_now_);
                            if (frozen && *frozen) prefrozen_ = std::move(**frozen);
                        }
                        return ok_status();
                    });
                    if (!settled) {
                        prefrozen_.reset();  // rolled back with the rest
                        return settled.error();
                    }
                    return count;
                });
            if (!reopened) return reopened.error();
            report.resent_after_restore = *reopened;
            failures_in_a_row_ = 0;
            refrozen_for_survey_ = false;
            // After a split, grow back towards the configured size (AIMD, §3.5).
            if (++clean_successes_ >= 10 && batch_size_now_ < config_.batch_size) {
                batch_size_now_ = std::min(config_.batch_size, batch_size_now_ * 2);
                clean_successes_ = 0;
            }
            report.message = "sent " + std::to_string(batch.response_count) + " responses";
            if (*reopened > 0)
                report.message += "; the collector lost " + std::to_string(*reopened) +
                                  " (restored from backup?): sending them again";
            break;
        }
        case NextStep::split_batch: {
            auto split = on_store<Done>(run_, [&](ResponseStore& store) {
                return store.unfreeze_batch(batch.batch_id);
            });
            if (!split) return split.error();
            batch_size_now_ = std::max<int>(1, static_cast<int>(batch.response_count / 2));
            clean_successes_ = 0;
            report.message = "the collector found the batch too large; sending " +
                             std::to_string(batch_size_now_) + " at a time";
            break;
        }
        case NextStep::resend_with_surveys: {
            if (refrozen_for_survey_) {
                // The batch frozen again already carried every definition the kiosk holds.
                report.decision = Decision{NextStep::stop, 0};
                report.message = "the collector wants survey " +
                                 exchange.missing_survey.substr(0, 64) +
                                 ", which this kiosk cannot send";
                ++failures_in_a_row_;
                break;
            }
            auto split = on_store<Done>(
                run_, [&](ResponseStore& store) { return store.unfreeze_batch(batch.batch_id); });
            if (!split) return split.error();
            // Forget every acknowledgement: the collector lost what it had (a new database).
            acknowledged_surveys_.clear();
            surveys_named_.erase(batch.batch_id);
            refrozen_for_survey_ = true;
            report.message = "the collector does not hold the survey; sending its definition";
            break;
        }
        case NextStep::stop: {
            std::string reason = answer.body.substr(0, 300);
            report.message = "the collector refused the batch (HTTP " +
                             std::to_string(exchange.http_status) + "): " + reason;
            if (exchange.http_status == 401 || exchange.http_status == 403)
                report.message += ". Check the device token in the sync settings.";
            ++failures_in_a_row_;
            break;
        }
        case NextStep::retry_later: {
            ++failures_in_a_row_;
            report.probe_may_end_wait = probe_may_end_backoff(exchange);
            if (!exchange.transport_ok) {
                report.message = "not connected (" + exchange.transport_error + ")";
            } else if (!exchange.from_collector) {
                report.message = "not connected: HTTP " + std::to_string(exchange.http_status) +
                                 " came from something that is not the collector (a login page?)";
            } else {
                report.message = "the collector answered HTTP " +
                                 std::to_string(exchange.http_status) +
                                 (exchange.http_status == 200 ? " with an unreadable reply" : "");
            }
            break;
        }
    }
    return std::optional<AttemptReport>(std::move(report));
}

// ---- SyncThread ----

namespace {
constexpr std::int64_t status_count_interval_ms = 1000;
}  // namespace

SyncThread::SyncThread(SyncConfig config, StoreRunner store_runner, std::function<void()> wake,
                       std::function<void(SyncEngine&, std::int64_t pending)> after_round)
    : config_(std::move(config)),
      run_store_(std::move(store_runner)),
      wake_(std::move(wake)),
      after_round_(std::move(after_round)),
      thread_([this] { run(); }) {}

SyncThread::~SyncThread() {
    stopping_ = true;
    {
        const std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    wanted_.notify_one();
    if (thread_.joinable()) thread_.join();
}

SyncStatus SyncThread::status() const {
    const std::lock_guard lock(mutex_);
    SyncStatus copy = status_;
    copy.next_retry_in_ms =
        next_retry_at_ms_ > 0 ? std::max<std::int64_t>(0, next_retry_at_ms_ - steady_ms()) : 0;
    return copy;
}

void SyncThread::nudge() {
    {
        const std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    wanted_.notify_one();
}

void SyncThread::wait_ms(std::int64_t delay_ms, std::int64_t shown_until_ms) {
    std::unique_lock lock(mutex_);
    next_retry_at_ms_ = shown_until_ms > 0 ? shown_until_ms : steady_ms() + delay_ms;
    wanted_.wait_for(lock, std::chrono::milliseconds(delay_ms),
                     [this] { return nudged_ || stopping_.load(); });
    nudged_ = false;
    next_retry_at_ms_ = 0;
}

void SyncThread::wait_until_ms(std::int64_t until_ms, std::int64_t shown_until_ms) {
    while (!stopping_ && steady_ms() < until_ms) wait_ms(until_ms - steady_ms(), shown_until_ms);
}

// The backoff after "not connected", cut short by the first ping the collector answers
// (probe_may_end_backoff): batches flow again within a probe interval of the network's return.
void SyncThread::wait_or_probe(SyncEngine& engine, std::int64_t until_ms) {
    while (!stopping_ && steady_ms() < until_ms) {
        // The status keeps showing when the batch is due, not when the next probe is.
        wait_until_ms(std::min(until_ms, steady_ms() + config_.probe_interval_ms), until_ms);
        if (stopping_ || steady_ms() >= until_ms) return;
        const HttpAnswer ping = engine.ping();
        if (const auto wait = probe_wait_ms(ping.exchange, config_.backoff)) {
            wait_until_ms(std::min(until_ms, steady_ms() + *wait), until_ms);
            return;
        }
    }
}

void SyncThread::run() {
    try {
        SyncEngine engine(config_, run_store_, &stopping_);
        bool is_backing_off = false;
        std::int64_t counted_at_ms = 0;
        while (!stopping_) {
            auto result = engine.attempt();
            std::int64_t delay_ms = 0;
            {
                const std::lock_guard lock(mutex_);
                if (!result) {
                    status_.last_error = result.error().message;
                    delay_ms = config_.backoff.cap_ms;
                } else if (!*result) {
                    delay_ms = config_.idle_poll_ms;  // nothing to send
                } else {
                    const AttemptReport& report = **result;
                    if (report.decision.step == NextStep::apply_results) {
                        status_.last_success_utc = format_utc(Clock::now());
                        status_.last_error.clear();
                        status_.stopped = false;
                    } else {
                        status_.last_error = report.message;
                    }
                    if (report.decision.step == NextStep::retry_later)
                        delay_ms = report.decision.delay_ms;
                    if (report.decision.step == NextStep::stop) {
                        status_.stopped = true;
                        delay_ms = config_.backoff.cap_ms;  // staff may fix the token meanwhile
                    }
                }
            }
            // Counting reads every response (~90 ms at 100,000): while batches keep being
            // delivered, the status is counted at most once a second, not after every batch.
            const bool is_flowing =
                result && *result && (*result)->decision.step == NextStep::apply_results;
            std::int64_t pending = 0;
            if (!is_flowing || steady_ms() - counted_at_ms >= status_count_interval_ms) {
                counted_at_ms = steady_ms();
                if (auto counts = engine.counts()) {
                    const std::lock_guard lock(mutex_);
                    status_.pending = pending = counts->pending;
                    status_.synced = counts->synced;
                    status_.conflict = counts->conflict;
                    status_.rejected = counts->rejected;
                }
            }
            // Everything is sent (or nothing was waiting): the round is over.
            if (after_round_ && result && !*result && !stopping_) after_round_(engine, pending);
            if (wake_) wake_();
            is_backing_off = delay_ms > 0 && result && *result;
            if (delay_ms > 0 && !stopping_) {
                if (is_backing_off && (*result)->probe_may_end_wait) {
                    wait_or_probe(engine, steady_ms() + delay_ms);
                } else if (is_backing_off) {
                    // A nudge must not cut a backoff short: wait the whole delay.
                    wait_until_ms(steady_ms() + delay_ms);
                } else {
                    wait_ms(delay_ms);
                }
            }
        }
    } catch (const std::exception& error) {
        const std::lock_guard lock(mutex_);
        status_.last_error = std::string("sync stopped (internal error: ") + error.what() + ")";
    } catch (...) {
        const std::lock_guard lock(mutex_);
        status_.last_error = "sync stopped (unknown internal error)";
    }
}

std::string describe(const SyncStatus& status) {
    std::string line = std::to_string(status.pending) + " waiting to send, " +
                       std::to_string(status.synced) + " sent";
    if (status.conflict > 0) line += ", " + std::to_string(status.conflict) + " in conflict";
    if (status.rejected > 0) line += ", " + std::to_string(status.rejected) + " rejected";
    if (!status.last_success_utc.empty()) line += "; last sent " + status.last_success_utc;
    if (!status.last_error.empty()) line += "; problem: " + status.last_error;
    if (status.next_retry_in_ms > 0)
        line += "; next try in " + std::to_string((status.next_retry_in_ms + 999) / 1000) + " s";
    if (status.stopped) line += " (sync paused until this is fixed)";
    return line;
}

}  // namespace standpoint
