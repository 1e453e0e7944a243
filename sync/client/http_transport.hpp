// The sync thread's one libcurl handle (the only code that includes curl/curl.h).
// TLS verified (a custom CA file allowed, never switched off), redirects never followed,
// connect/overall/low-speed timeouts, no signals. docs/sync-client.md.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "sync/client/delivery_policy.hpp"
#include "sync/client/sync_config.hpp"

namespace standpoint {

struct HttpAnswer {
    Exchange exchange;
    std::string body;       // the answer's body (capped)
    std::string signature;  // the answer's X-Standpoint-Signature, if any
    std::string batch_formats;  // a ping answer's X-Standpoint-Batch-Formats ("" from before /2)
};

class HttpTransport {
public:
    // `stopping`: when it turns true, a transfer in progress is abandoned (outcome unknown).
    HttpTransport(const SyncConfig& config, const std::atomic<bool>* stopping);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    // `extra_headers`: whole "Name: value" lines (the batch's signature).
    HttpAnswer post_batch(const std::string& device_id, const std::string& batch_id,
                          const std::string& body_gz,
                          const std::vector<std::string>& extra_headers = {});
    HttpAnswer health_check();  // GET /v1/health
    HttpAnswer ping();          // GET /v1/ping: is the collector reachable (no batch involved)
    // GET <endpoint><path> with the token and `extra_headers`; the body is abandoned (outcome
    // unknown) past `max_body` bytes.
    HttpAnswer get(const std::string& path, const std::vector<std::string>& extra_headers,
                   std::size_t max_body);

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Whether the kiosk may send its token and answers to `endpoint`: https:// to any host, plain
// http:// only to this machine (127.0.0.1, [::1] or localhost). The URL is parsed with libcurl's
// own parser (curl_url), so the host checked is the host libcurl would connect to: user info
// ("http://127.0.0.1@elsewhere"), a look-alike name ("127.0.0.1.nip.io") or a query cannot pass.
// The message says what is wrong and names `where` (the settings file).
Status check_endpoint(const std::string& endpoint, const std::string& where);

// Call once in main() before any thread starts (libcurl's global init).
void sync_global_init();

}  // namespace standpoint
