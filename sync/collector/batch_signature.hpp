// Whether a batch comes from the kiosk it names (docs/sync-protocol.md "Signed batches"): checked
// on the exact JSON body, after the token and before anything is decoded or stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sync/collector/collector_store.hpp"

namespace standpoint {

struct SignatureRefusal {
    int http_status = 403;
    std::string reason;
};

// nullopt: store the batch. The rule: a device with a known key must sign with it; a signed
// batch from a device without one teaches the collector its key (trust on first use, only after
// the token was accepted); an unsigned batch from a device without a key is accepted, as batch/1
// kiosks from before signatures send.
std::optional<SignatureRefusal> check_batch_signature(CollectorStore& store,
                                                      const std::string& device_id,
                                                      const std::string& public_key_header,
                                                      const std::string& signature_header_value,
                                                      std::string_view body);

}  // namespace standpoint
