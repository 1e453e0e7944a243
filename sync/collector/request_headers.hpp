// A request header's value by one of the protocol's header names (sync/protocol/http_surface.hpp),
// "" when the request has none. cpp-httplib takes names as C strings.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace standpoint {

inline std::string header_value(const httplib::Request& req, std::string_view name) {
    return req.get_header_value(std::string(name).c_str());
}

}  // namespace standpoint
