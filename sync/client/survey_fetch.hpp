// The request after each sync round (docs/sync-protocol.md "Surveys out to kiosks"): the kiosk's
// heartbeat goes up, and a survey assigned to it comes down, checked against the collector's
// signing key from sync.json before anything else looks at it. Runs on the sync thread.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "sync/client/sync_client.hpp"
#include "sync/protocol/survey_delivery.hpp"

namespace standpoint {

// nullopt: nothing new (204). An Error: the request failed or the answer was refused (forged,
// tampered, too large, for another kiosk, or a kiosk without collector_signing_key); the kiosk
// keeps its survey either way.
Result<std::optional<SurveyDelivery>> fetch_assigned_survey(SyncEngine& engine,
                                                            const Heartbeat& heartbeat);

}  // namespace standpoint
