// The kiosk's sync settings: <data dir>/sync.json plus a token file kept 0600.
//   {"endpoint": "https://collector.example.org", "token_file": "sync-token",
//    "batch_size": 500, "ca_file": "/etc/standpoint/collector-ca.pem",
//    "connect_timeout_ms": 10000, "timeout_ms": 60000, "low_speed_limit_bytes_s": 100,
//    "low_speed_time_s": 30, "backoff_base_ms": 5000, "backoff_cap_ms": 600000,
//    "idle_poll_ms": 30000}
// Only "endpoint" is required; token_file and ca_file are relative to the data dir if not absolute.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "sync/client/delivery_policy.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

struct SyncConfig {
    std::string endpoint;  // no trailing slash
    std::string token;     // the device token: a secret, never logged or exported
    std::string ca_file;   // empty: the system's CA bundle
    int batch_size = 500;
    long connect_timeout_ms = 10'000;
    long timeout_ms = 60'000;
    long low_speed_limit_bytes_s = 100;
    long low_speed_time_s = 30;
    std::int64_t idle_poll_ms = 30'000;
    // While the collector cannot be reached: how often GET /v1/ping asks whether it is back.
    std::int64_t probe_interval_ms = 2'000;
    BackoffConfig backoff;
    // The kiosk's key (kiosk/app/device_key.hpp fills it in): every batch is sent signed.
    std::optional<SigningKey> signing_key;
};

inline constexpr const char* sync_config_file_name = "sync.json";

// nullopt (no error) when the data dir has no sync.json: sync is simply not configured.
Result<std::optional<SyncConfig>> load_sync_config(const std::filesystem::path& data_dir);

// The token file must belong to nobody but the kiosk's user: refused when group or others may
// read or write it, with a message saying how to fix it.
Result<std::string> read_token_file(const std::filesystem::path& file);

}  // namespace standpoint
