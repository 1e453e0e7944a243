#include "sync/client/survey_fetch.hpp"

namespace standpoint {

Result<std::optional<SurveyDelivery>> fetch_assigned_survey(SyncEngine& engine,
                                                            const Heartbeat& heartbeat) {
    const HttpAnswer answer =
        engine.transport().get(http_surface::survey_path(engine.device_id()),
                               heartbeat_headers(heartbeat), max_survey_delivery_bytes);
    const Exchange& exchange = answer.exchange;
    if (!exchange.transport_ok) {
        // Past max_survey_delivery_bytes the transfer is abandoned: too large, never read.
        return Error{"the survey request did not complete (" + exchange.transport_error + ")",
                     ErrorKind::network};
    }
    if (!exchange.from_collector) {
        return Error{"the survey request was answered by something other than the collector"};
    }
    if (exchange.http_status == 204) return std::optional<SurveyDelivery>();
    if (exchange.http_status != 200) {
        return Error{"the collector answered the survey request with HTTP " +
                     std::to_string(exchange.http_status)};
    }
    if (engine.config().collector_signing_key.empty()) {
        return Error{"the collector sent a survey, but sync.json names no collector_signing_key "
                     "to check it with, so it was not taken"};
    }
    auto delivery = open_survey_delivery(answer.body, answer.signature,
                                         engine.config().collector_signing_key, engine.device_id());
    if (!delivery) return delivery.error();
    return std::optional<SurveyDelivery>(std::move(*delivery));
}

}  // namespace standpoint
