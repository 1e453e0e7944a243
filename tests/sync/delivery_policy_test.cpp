#include "sync/client/delivery_policy.hpp"

#include <doctest/doctest.h>

using namespace standpoint;

namespace {
Exchange answer(long status, bool from_collector = true, bool reply_valid = true) {
    Exchange exchange;
    exchange.transport_ok = true;
    exchange.http_status = status;
    exchange.from_collector = from_collector;
    exchange.reply_valid = reply_valid;
    return exchange;
}
Exchange transport_failure() {
    Exchange exchange;
    exchange.transport_error = "Connection reset by peer";
    return exchange;
}
}  // namespace

TEST_CASE("a valid 200 from the collector is delivered and its results applied") {
    CHECK(classify(answer(200)) == Outcome::delivered);
    CHECK(decide(Outcome::delivered, answer(200), 3, {}, 0.5).step == NextStep::apply_results);
}

TEST_CASE("a 200 without the X-Collector marker is a captive portal, not a delivery") {
    CHECK(classify(answer(200, false)) == Outcome::unknown);
}

TEST_CASE("a truncated or unparsable 200 means the outcome is unknown") {
    CHECK(classify(answer(200, true, false)) == Outcome::unknown);
}

TEST_CASE("a transport failure means the outcome is unknown and the batch is resent later") {
    CHECK(classify(transport_failure()) == Outcome::unknown);
    const Decision decision = decide(Outcome::unknown, transport_failure(), 0, {}, 0.99);
    CHECK(decision.step == NextStep::retry_later);
    CHECK(decision.delay_ms <= 5'000);
}

TEST_CASE("5xx and 409 are retried, 429 and 503 are throttling") {
    CHECK(classify(answer(500)) == Outcome::unknown);
    CHECK(classify(answer(502)) == Outcome::unknown);
    CHECK(classify(answer(409)) == Outcome::unknown);
    CHECK(classify(answer(503)) == Outcome::throttled);
    CHECK(classify(answer(429)) == Outcome::throttled);
}

TEST_CASE("a 409 naming a survey the collector lacks re-freezes the batch at once with it") {
    Exchange wanted = answer(409);
    wanted.missing_survey = std::string(64, 'a');
    CHECK(classify(wanted) == Outcome::survey_wanted);
    const Decision decision = decide(Outcome::survey_wanted, wanted, 4, {}, 0.9);
    CHECK(decision.step == NextStep::resend_with_surveys);
    CHECK(decision.delay_ms == 0);
    // Not from the collector: a portal's 409 proves nothing.
    wanted.from_collector = false;
    CHECK(classify(wanted) == Outcome::unknown);
}

TEST_CASE("a 413 splits the batch") {
    CHECK(classify(answer(413)) == Outcome::too_large);
    CHECK(decide(Outcome::too_large, answer(413), 0, {}, 0.5).step == NextStep::split_batch);
}

TEST_CASE("400, 401, 403 and 404 from the collector stop sync for staff") {
    for (long status : {400L, 401L, 403L, 404L}) {
        CHECK(classify(answer(status)) == Outcome::refused);
        CHECK(decide(Outcome::refused, answer(status), 0, {}, 0.5).step == NextStep::stop);
    }
}

TEST_CASE("a 401 from something that is not the collector does not stop sync") {
    CHECK(classify(answer(401, false)) == Outcome::unknown);
}

TEST_CASE("backoff doubles with each failure and is capped at ten minutes") {
    const BackoffConfig config;
    const Exchange failure = transport_failure();
    CHECK(decide(Outcome::unknown, failure, 0, config, 0.999999).delay_ms == 4'999);
    CHECK(decide(Outcome::unknown, failure, 1, config, 0.999999).delay_ms == 9'999);
    CHECK(decide(Outcome::unknown, failure, 3, config, 0.999999).delay_ms == 39'999);
    CHECK(decide(Outcome::unknown, failure, 30, config, 0.999999).delay_ms <= 600'000);
    CHECK(decide(Outcome::unknown, failure, 30, config, 0.999999).delay_ms > 590'000);
    CHECK(decide(Outcome::unknown, failure, 1000, config, 0.5).delay_ms == 300'000);
}

TEST_CASE("jitter spreads the delay from zero to the ceiling") {
    const Exchange failure = transport_failure();
    CHECK(decide(Outcome::unknown, failure, 2, {}, 0.0).delay_ms == 0);
    CHECK(decide(Outcome::unknown, failure, 2, {}, 0.5).delay_ms == 10'000);
}

TEST_CASE("Retry-After is honoured as a floor within sane bounds") {
    Exchange busy = answer(503);
    busy.retry_after_s = 120;
    CHECK(decide(Outcome::throttled, busy, 0, {}, 0.0).delay_ms == 120'000);
    busy.retry_after_s = 86'400 * 30;  // a month: clamped to an hour
    CHECK(decide(Outcome::throttled, busy, 0, {}, 0.0).delay_ms == 3'600'000);
    busy.retry_after_s = -5;  // nonsense: at least a second
    CHECK(decide(Outcome::throttled, busy, 0, {}, 0.0).delay_ms == 1'000);
}

TEST_CASE("a Retry-After from something that is not the collector is ignored") {
    Exchange portal = answer(503, false);
    portal.retry_after_s = 86'400;
    CHECK(decide(classify(portal), portal, 0, {}, 0.0).delay_ms == 0);
}

// ---- The connectivity probe ----

TEST_CASE("a backoff after the collector was not reached may be ended by a ping") {
    Exchange refused;  // connection refused, reset, no route
    refused.transport_error = "Couldn't connect to server";
    CHECK(probe_may_end_backoff(refused));
    CHECK(probe_may_end_backoff(answer(200, false)));  // a portal's page
}

TEST_CASE("a backoff the collector itself asked for, or a slow collector's, is not probed") {
    CHECK_FALSE(probe_may_end_backoff(answer(503, true)));
    CHECK_FALSE(probe_may_end_backoff(answer(500, true)));
    Exchange slow;
    slow.timed_out_connected = true;
    CHECK_FALSE(probe_may_end_backoff(slow));
}

TEST_CASE("a ping the collector answers ends the wait, after its Retry-After if it gave one") {
    CHECK(probe_wait_ms(answer(204, true), {}) == 0);
    Exchange busy = answer(503, true);
    busy.retry_after_s = 5;
    CHECK(probe_wait_ms(busy, {}) == 5'000);
    CHECK_FALSE(probe_wait_ms(answer(204, false), {}).has_value());  // a portal: still away
    CHECK_FALSE(probe_wait_ms(Exchange{}, {}).has_value());          // no answer at all
}

// ---- The restored-collector rule ----

TEST_CASE("a collector whose watermark keeps up with the kiosk needs no resend") {
    CHECK_FALSE(resend_above("e1", 40, "e1", 40).has_value());
    CHECK_FALSE(resend_above("e1", 40, "e1", 60).has_value());
}

TEST_CASE("a watermark below the kiosk's highest synced seq resends everything above it") {
    // A collector restored from backup keeps the epoch stored in its file: only this rule sees it.
    CHECK(resend_above("e1", 100, "e1", 50) == 50);
}

TEST_CASE("a new collector epoch resends above its watermark even when the watermark looks fine") {
    CHECK(resend_above("e1", 40, "e2", 40) == 40);
    CHECK(resend_above("e1", 40, "e2", 0) == 0);
}

TEST_CASE("the first epoch the kiosk ever hears is not a change") {
    CHECK_FALSE(resend_above("", 20, "e1", 20).has_value());
}
