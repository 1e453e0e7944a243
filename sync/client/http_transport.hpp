// The sync thread's one libcurl handle (the only code that includes curl/curl.h).
// TLS verified (a custom CA file allowed, never switched off), redirects never followed,
// connect/overall/low-speed timeouts, no signals. docs/sync-client.md.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "sync/client/delivery_policy.hpp"
#include "sync/client/sync_config.hpp"

namespace standpoint {

struct HttpAnswer {
    Exchange exchange;
    std::string body;  // the answer's body (capped)
};

class HttpTransport {
public:
    // `stopping`: when it turns true, a transfer in progress is abandoned (outcome unknown).
    HttpTransport(const SyncConfig& config, const std::atomic<bool>* stopping);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    HttpAnswer post_batch(const std::string& device_id, const std::string& batch_id,
                          const std::string& body_gz);
    HttpAnswer health_check();  // GET /v1/health

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Call once in main() before any thread starts (libcurl's global init).
void sync_global_init();

}  // namespace standpoint
