// The collector's HTTP side (cpp-httplib): limits per connection and per request, the routes,
// auth, and the reply. make_collector_server() is the one place the server is set up; other
// parts add their routes to the server it returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "sync/collector/collector_store.hpp"
#include "sync/collector/guarded_stream.hpp"

namespace httplib {
class Server;
}

namespace standpoint {

struct CollectorLimits {
    std::size_t max_body_bytes = max_batch_compressed_bytes;  // compressed, else 413
    // Decompressed, else 413 (a gzip bomb). Below the protocol's 64 MiB: a kiosk's batch of 500
    // is about 1 MiB, and a kiosk splits a batch the collector answers 413.
    std::size_t max_inflated_bytes = 16u * 1024u * 1024u;
    std::size_t max_connections = 256;             // served at once; the rest get 503
    std::size_t max_connections_per_address = 64;  // from one client address
    std::size_t batch_slots = 2;  // batch bodies read and decoded at once (the memory bound)
    std::chrono::milliseconds batch_slot_wait{15'000};  // then 503 with Retry-After
    StreamLimits stream;
};

// Which Content-Encoding a request arrived with. The server moves the header here before
// routing, so cpp-httplib never inflates a body itself (it would neither cap the output nor
// check the gzip trailer); each route inflates with its own limits (GzipInflater).
inline constexpr const char* received_content_encoding_header = "X-Standpoint-Content-Encoding";

// A cpp-httplib server with the collector's connection limits and its routes (/v1/ping,
// /v1/health, the batch POST) installed. `store` must outlive it.
std::unique_ptr<httplib::Server> make_collector_server(CollectorStore& store,
                                                       const CollectorLimits& limits);

}  // namespace standpoint
