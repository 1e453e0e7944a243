#include "sync/client/sync_config.hpp"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sync/client/http_transport.hpp"
#include "sync/files/regular_file.hpp"

namespace standpoint {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t max_token_file_bytes = 4096;
constexpr std::size_t max_sync_config_bytes = 64u * 1024u;
}  // namespace

Result<std::string> read_token_file(const fs::path& file) {
    // A FIFO or device under the token's name is refused at once (it would hang the read).
    auto opened = open_regular_file(file);
    if (!opened) {
        return Error{"Sync cannot read its device token: " + opened.error().message +
                     ". Put the token the collector gave you there."};
    }
    if ((opened->mode() & 077) != 0) {
        return Error{"Sync refuses the device token " + file.string() +
                     " because other users may read it. Run: chmod 600 " + file.string()};
    }
    auto text = read_all(*opened, max_token_file_bytes, file);
    if (!text) return Error{"The device token file " + text.error().message + "."};
    std::string token = std::move(*text);
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    if (token.empty())
        return Error{"The device token file " + file.string() + " is empty or unreadable."};
    for (char c : token) {
        if (c <= ' ' || c > '~')
            return Error{"The device token in " + file.string() +
                         " has a character a token cannot have (space or control character)."};
    }
    return token;
}

Result<std::optional<SyncConfig>> load_sync_config(const fs::path& data_dir) {
    const fs::path file = data_dir / sync_config_file_name;
    std::error_code exists_error;
    if (!fs::exists(file, exists_error)) return std::optional<SyncConfig>();
    auto text = read_regular_file(file, max_sync_config_bytes);
    if (!text) return Error{"The sync settings cannot be read: " + text.error().message + "."};
    SyncConfig config;
    std::string token_file = "sync-token";
    try {
        const auto json = nlohmann::json::parse(*text);
        config.endpoint = json.at("endpoint").get<std::string>();
        token_file = json.value("token_file", token_file);
        config.ca_file = json.value("ca_file", std::string());
        config.batch_size = json.value("batch_size", config.batch_size);
        config.connect_timeout_ms = json.value("connect_timeout_ms", config.connect_timeout_ms);
        config.timeout_ms = json.value("timeout_ms", config.timeout_ms);
        config.low_speed_limit_bytes_s =
            json.value("low_speed_limit_bytes_s", config.low_speed_limit_bytes_s);
        config.low_speed_time_s = json.value("low_speed_time_s", config.low_speed_time_s);
        config.idle_poll_ms = json.value("idle_poll_ms", config.idle_poll_ms);
        config.backoff.base_ms = json.value("backoff_base_ms", config.backoff.base_ms);
        config.backoff.cap_ms = json.value("backoff_cap_ms", config.backoff.cap_ms);
        config.collector_signing_key = json.value("collector_signing_key", std::string());
    } catch (const std::exception& error) {
        return Error{"The sync settings " + file.string() + " could not be read (" + error.what() +
                     "). It needs at least {\"endpoint\": \"https://...\"}."};
    }
    while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
    // Plain HTTP only to this machine (tests, a collector behind a local TLS proxy): anything
    // that crosses a network is TLS, verified.
    if (Status allowed = check_endpoint(config.endpoint, file.string()); !allowed) {
        return allowed.error();
    }
    if (!config.collector_signing_key.empty() && !is_public_key_hex(config.collector_signing_key))
        return Error{"collector_signing_key in " + file.string() +
                     " must be 64 lower-case hex digits (`standpoint-collector signing-key`)."};
    if (config.batch_size < 1 || config.batch_size > 5000)
        return Error{"batch_size in " + file.string() + " must be between 1 and 5000."};
    if (config.backoff.base_ms < 1 || config.backoff.cap_ms < config.backoff.base_ms)
        return Error{"backoff_base_ms/backoff_cap_ms in " + file.string() + " are not sensible."};
    const fs::path token_path =
        fs::path(token_file).is_absolute() ? fs::path(token_file) : data_dir / token_file;
    auto token = read_token_file(token_path);
    if (!token) return token.error();
    config.token = std::move(*token);
    if (!config.ca_file.empty() && fs::path(config.ca_file).is_relative())
        config.ca_file = (data_dir / config.ca_file).string();
    return std::optional<SyncConfig>(std::move(config));
}

}  // namespace standpoint
