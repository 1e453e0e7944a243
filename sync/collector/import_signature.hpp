// Whether a USB export was made by the kiosk it names (docs/security.md "What the collector
// accepts"): manifest.sig beside manifest.json, checked before any file is read or stored.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"
#include "sync/collector/collector_store.hpp"

namespace standpoint {

struct ExportSigner {
    std::string public_key;   // "" for an unsigned export staff accepted
    bool is_new_key = false;  // to be stored for the device once the import goes ahead
    std::string how;          // why it is trusted, kept with the key
};

struct SignatureChoice {
    bool accept_device = false;  // staff vouch for this stick's device (--accept-device)
    bool adding_device = false;  // the device is being registered now (--add-device)
};

// The rule, in order: a manifest that does not match its signature is refused, whatever the
// flags (a forged or re-hashed stick); a device with a registered key must have signed with it
// (another key only with --accept-device, which replaces it; unsigned never); a device without
// one: its key is learnt with --add-device or --accept-device, otherwise refused; an unsigned
// export only with --accept-device. Errors name the device and end "Nothing was imported."
Result<ExportSigner> check_export_signature(CollectorStore& store,
                                            const std::filesystem::path& folder,
                                            std::string_view manifest_text,
                                            const std::string& device_id,
                                            const SignatureChoice& choice);

}  // namespace standpoint
