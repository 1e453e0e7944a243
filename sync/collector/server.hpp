// The collector's HTTP side (cpp-httplib): routes, limits, auth, and the reply.
#pragma once

#include <memory>
#include <string>

#include "sync/collector/collector_store.hpp"

namespace httplib {
class Server;
}

namespace standpoint {

struct CollectorLimits {
    std::size_t max_body_bytes = max_batch_compressed_bytes;  // compressed, else 413
    std::size_t max_inflated_bytes = max_batch_json_bytes;    // decompressed, else 413 (bomb)
};

// Installs every route and handler on `server`. `store` must outlive it.
void install_collector_routes(httplib::Server& server, CollectorStore& store,
                              const CollectorLimits& limits);

}  // namespace standpoint
