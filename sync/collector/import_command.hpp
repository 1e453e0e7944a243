// `standpoint-collector import DIR`: a kiosk's USB export folder into the collector's store
// (docs/collector.md "Importing a USB export"). Checks every file against manifest.json first;
// then stores surveys and responses with the same dedupe as a sync batch, in one transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/collector/collector_store.hpp"
#include "sync/protocol/export_folder.hpp"
#include "sync/collector/import_signature.hpp"

namespace standpoint {

struct ImportOptions {
    std::filesystem::path folder;
    // Registers the export's device under this name when the collector does not know it yet.
    std::string add_device_name;
    // Staff vouch for the stick's device: its key (or, for an old kiosk, no signature) is
    // accepted (docs/security.md).
    bool accept_device = false;
    // The collector's key pair, to open personal data sealed to it.
    std::filesystem::path collector_key_file;
};

struct ImportReport {
    ExportManifest manifest;
    std::string device_name;
    std::string new_device_token;  // set only when --add-device registered the device
    ExportSigner signer;           // who signed the manifest, and whether that key is new here
    bool opened_sealed = false;    // responses came from the sealed file, personal data and all
    std::int64_t lines = 0;        // response lines read
    std::int64_t created = 0;
    std::int64_t duplicate = 0;
    std::vector<ItemResult> conflicts;
    std::int64_t rejected = 0;
    std::vector<std::string> rejected_lines;  // "line 17: ...", the first 100
};

// An error means nothing was stored; its message names the file at fault and what to do.
Result<ImportReport> import_export_folder(CollectorStore& store, const ImportOptions& options);

// The text `import` prints: what was imported, "created N, duplicate N, conflict N, rejected N",
// the rejected lines, and what a conflict means here.
std::string describe_import(const ImportReport& report);

// The command: prints the report (stdout) or the refusal (stderr). Exit status: 0 imported,
// 1 refused and nothing stored, 3 imported but some lines were rejected.
int run_import_command(CollectorStore& store, const ImportOptions& options);

}  // namespace standpoint
