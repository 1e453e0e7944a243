#include "sync/collector/device_auth.hpp"

#include <string_view>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/request_headers.hpp"
#include "sync/protocol/http_surface.hpp"

namespace standpoint {

namespace {

std::string bearer_token(const httplib::Request& req) {
    const std::string header = header_value(req, http_surface::authorization_header);
    constexpr std::string_view prefix = http_surface::bearer_prefix;
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
    return header.substr(prefix.size());
}

}  // namespace

std::optional<DeviceRefusal> authenticate_device(CollectorStore& store,
                                                 const httplib::Request& req,
                                                 const std::string& device_id) {
    const std::string token = bearer_token(req);
    if (token.empty()) return DeviceRefusal{401, "missing bearer token"};
    auto device = store.device_for_token(sha256_hex(token));
    if (!device) return DeviceRefusal{503, "store unavailable"};
    if (!device->has_value()) return DeviceRefusal{401, "unknown token"};
    if ((*device)->device_id.empty()) {
        auto bound = store.bind_device(sha256_hex(token), device_id);
        if (!bound) return DeviceRefusal{503, "store unavailable"};
        if (!*bound) return DeviceRefusal{403, "this device id belongs to another token"};
    } else if ((*device)->device_id != device_id) {
        return DeviceRefusal{403, "the token belongs to another device"};
    }
    return std::nullopt;
}

}  // namespace standpoint
