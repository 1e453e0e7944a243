#include "sync/client/delivery_policy.hpp"

#include <algorithm>

namespace standpoint {

namespace {

// Only the collector's own Retry-After counts; a portal's could park us for a day. 0: none.
std::int64_t retry_after_ms(const Exchange& exchange, const BackoffConfig& config) {
    if (!exchange.retry_after_s || !exchange.from_collector) return 0;
    return std::clamp(*exchange.retry_after_s * 1000, config.retry_after_min_ms,
                      config.retry_after_max_ms);
}

}  // namespace

Outcome classify(const Exchange& exchange) {
    // An answer without the collector's own marker is a captive portal, a proxy or a login page,
    // whatever its status: treated as "not connected", never as an answer.
    if (!exchange.transport_ok || !exchange.from_collector) return Outcome::unknown;
    const long status = exchange.http_status;
    if (status == 200) return exchange.reply_valid ? Outcome::delivered : Outcome::unknown;
    if (status == 413) return Outcome::too_large;
    if (status == 409 && !exchange.missing_survey.empty()) return Outcome::survey_wanted;
    if (status == 429 || status == 503) return Outcome::throttled;
    if (status == 400 || status == 401 || status == 403 || status == 404) return Outcome::refused;
    return Outcome::unknown;  // other 5xx, 409, unexpected 2xx/3xx: try the same bytes again
}

const char* to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::delivered: return "delivered";
        case Outcome::unknown: return "outcome unknown";
        case Outcome::throttled: return "collector busy";
        case Outcome::too_large: return "batch too large";
        case Outcome::refused: return "refused";
        case Outcome::survey_wanted:
            return "survey definition wanted";
    }
    return "?";
}

Decision decide(Outcome outcome, const Exchange& exchange, int failures_in_a_row,
                const BackoffConfig& config, double random_unit) {
    switch (outcome) {
        case Outcome::delivered: return Decision{NextStep::apply_results, 0};
        case Outcome::too_large: return Decision{NextStep::split_batch, 0};
        case Outcome::survey_wanted:
            return Decision{NextStep::resend_with_surveys, 0};
        case Outcome::refused: return Decision{NextStep::stop, 0};
        case Outcome::unknown:
        case Outcome::throttled: break;
    }
    const int doublings = std::clamp(failures_in_a_row, 0, 40);
    std::int64_t ceiling = config.base_ms;
    for (int i = 0; i < doublings && ceiling < config.cap_ms; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, config.cap_ms);
    const double unit = std::clamp(random_unit, 0.0, 1.0);
    std::int64_t delay = static_cast<std::int64_t>(unit * static_cast<double>(ceiling));
    return Decision{NextStep::retry_later, std::max(delay, retry_after_ms(exchange, config))};
}

bool probe_may_end_backoff(const Exchange& failed) {
    const bool unreachable = !failed.transport_ok || !failed.from_collector;
    return unreachable && !failed.timed_out_connected;
}

std::optional<std::int64_t> probe_wait_ms(const Exchange& ping, const BackoffConfig& config) {
    if (!ping.transport_ok || !ping.from_collector) return std::nullopt;
    return retry_after_ms(ping, config);
}

std::optional<std::int64_t> resend_above(const std::string& remembered_epoch,
                                         std::int64_t highest_synced_seq,
                                         const std::string& reply_epoch,
                                         std::int64_t reply_watermark) {
    const bool epoch_changed = !remembered_epoch.empty() && remembered_epoch != reply_epoch;
    // Batches go in seq order and every batch range counts towards the watermark, so a healthy
    // collector's watermark is never below what the kiosk holds as synced.
    const bool watermark_fell = reply_watermark < highest_synced_seq;
    if (!epoch_changed && !watermark_fell) return std::nullopt;
    return reply_watermark;
}

}  // namespace standpoint
