// The collector's own key pair (docs/security.md): X25519, which kiosks seal personal data to.
// Kept in one file, 0600, made on first use; the secret half never leaves it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "sync/protocol/sealed_box.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

inline constexpr const char* collector_key_file_name = "standpoint-collector.key";

// Where the key lives unless --key says: beside the SQLite database (`db_path`), or in the current
// folder when the collector runs on PostgreSQL (`db_path` empty).
std::filesystem::path default_collector_key_path(const std::string& db_path);

// The key pair in `path`; made (0600, never overwriting another) when there is none.
Result<SealingKeyPair> load_or_make_collector_key(const std::filesystem::path& path);
// The key pair in `path`, or nullopt when there is no file. Refuses a file others may read.
Result<std::optional<SealingKeyPair>> load_collector_key(const std::filesystem::path& path);

// The collector's Ed25519 key, which signs the surveys it sends out (docs/security.md): made
// from the sealing key's secret (SHA-256 of a context line and it, as the seed), so the one key
// file and its one backup hold both. Kiosks get its public half in their set-up (sync.json).
Result<SigningKey> collector_signing_key(const SealingKeyPair& pair);

}  // namespace standpoint
