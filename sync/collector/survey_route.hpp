// The kiosks' survey request (docs/sync-protocol.md "Surveys out to kiosks"): each kiosk's
// heartbeat is recorded, and what is assigned to it comes back signed with the collector's key.
#pragma once

#include "sync/collector/collector_store.hpp"
#include "sync/protocol/signature.hpp"

namespace httplib {
class Server;
}

namespace standpoint {

// GET /v1/kiosks/{device_id}/survey. `store` must outlive the server.
void install_survey_route(httplib::Server& server, CollectorStore& store, SigningKey signing_key);

}  // namespace standpoint
