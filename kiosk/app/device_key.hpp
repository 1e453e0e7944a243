// The kiosk's own Ed25519 key pair (docs/security.md): made at first start, kept in the data
// folder as `device-key` (0600, the secret key as hex), never exported or sent; its public half
// signs every batch and every USB export. Also finds the collector's public key, which personal
// data on a stick is sealed to.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"
#include "sync/client/sync_config.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint::app {

inline constexpr const char* device_key_file_name = "device-key";

// The data folder's key pair, made (and written 0600, atomically) if there is none yet. Refuses a
// key file that group or others may read, that is not a regular file, or that is damaged: the
// message says what to do (a lost key means the collector must accept the kiosk's new key).
Result<SigningKey> load_or_make_device_key(const std::filesystem::path& data_dir);

// The collector's sealing public key (64 hex digits) from `standpoint-collector.pub`: first the
// data folder (put there with the sync set-up), else `stick_dir` (the export's destination, if
// given). nullopt when neither has the file; an Error when one is there but is not a key.
Result<std::optional<std::string>> find_collector_public_key(
    const std::filesystem::path& data_dir, const std::filesystem::path& stick_dir);

// What every export needs from the keys: the device key (made now if this is its first use) to
// sign the manifest, and, when staff include personal data, the collector's key to seal it to
// (build_export refuses personal data without it).
Status add_export_keys(ExportOptions& options, const std::filesystem::path& data_dir,
                       const std::filesystem::path& stick_dir);

// Every batch is signed: puts the device key (made now if need be) into the sync settings.
Status add_sync_key(SyncConfig& config, const std::filesystem::path& data_dir);

}  // namespace standpoint::app
