// Which kiosk is asking: the device token (Authorization: Bearer) against the URL's device id, for
// every kiosk request (the batch POST, the survey GET). The first request of an unbound token
// binds it to its device id (docs/sync-protocol.md).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "sync/collector/collector_store.hpp"

namespace standpoint {

struct DeviceRefusal {
    int http_status = 401;
    std::string reason;
};

// nullopt: the token is this device's (bound now if it was not yet).
std::optional<DeviceRefusal> authenticate_device(CollectorStore& store,
                                                 const httplib::Request& req,
                                                 const std::string& device_id);

}  // namespace standpoint
