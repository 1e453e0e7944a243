#include "sync/collector/batch_signature.hpp"

#include "sync/protocol/http_surface.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

std::optional<SignatureRefusal> check_batch_signature(CollectorStore& store,
                                                      const std::string& device_id,
                                                      const std::string& public_key_header,
                                                      const std::string& signature_header_value,
                                                      std::string_view body) {
    auto registered = store.device_public_key(device_id);
    if (!registered) return SignatureRefusal{503, "store unavailable"};
    const bool is_signed = !public_key_header.empty() || !signature_header_value.empty();
    if (!is_signed) {
        if (!registered->has_value()) return std::nullopt;
        return SignatureRefusal{403, "device " + device_id + " signs its batches (key " +
                                         **registered + "), but this batch is unsigned"};
    }
    if (!verify_signature(public_key_header, SignedKind::batch, body, signature_header_value)) {
        return SignatureRefusal{403,
                                "the batch's signature does not verify: it was changed, or "
                                "not signed by the key in " +
                                    std::string(http_surface::signature_key_header)};
    }
    if (registered->has_value()) {
        if (**registered == public_key_header) return std::nullopt;
        return SignatureRefusal{
            403, "the batch is signed by key " + public_key_header + ", but device " + device_id +
                     " is registered with key " + **registered +
                     ". If the kiosk made a new key, staff at the collector accept it with: "
                     "standpoint-collector set-device-key " +
                     device_id + " " + public_key_header};
    }
    auto learned = store.learn_device_public_key(device_id, public_key_header,
                                                 "first signed batch (trust on first use)");
    if (!learned) return SignatureRefusal{503, "store unavailable"};
    if (*learned != public_key_header) {
        return SignatureRefusal{403, "device " + device_id +
                                         " was registered with another key a "
                                         "moment ago (" +
                                         *learned + ")"};
    }
    return std::nullopt;
}

}  // namespace standpoint
