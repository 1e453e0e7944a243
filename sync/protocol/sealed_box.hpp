// Personal data on a stick, readable only at the collector: libsodium's sealed box
// (crypto_box_seal: X25519 + XSalsa20-Poly1305, an ephemeral sender key per box) to the
// collector's public key. Pure: bytes in, bytes out; the collector's key file is its commands'
// job. docs/security.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace standpoint {

// The file staff copy from the collector to a kiosk's data folder or a stick's top folder: the
// collector's sealing public key, 64 hex digits and a newline.
inline constexpr const char* collector_public_key_file_name = "standpoint-collector.pub";
// What one sealed file may hold once opened (the collector reads it whole).
inline constexpr std::size_t max_sealed_plaintext_bytes = 256u * 1024u * 1024u;
// A sealed box is its plaintext plus this many bytes.
std::size_t sealed_box_overhead();

// The collector's X25519 key pair.
class SealingKeyPair {
public:
    static Result<SealingKeyPair> generate();
    // 64 hex digits of the secret key, as the collector's key file holds it.
    static Result<SealingKeyPair> from_secret_hex(std::string_view hex);
    SealingKeyPair(const SealingKeyPair&) = default;
    SealingKeyPair& operator=(const SealingKeyPair&) = default;
    ~SealingKeyPair();

    std::string secret_hex() const;      // for the key file only
    std::string public_key_hex() const;  // what kiosks seal to

    // The plaintext of a box sealed to this key pair; an Error if it was not, or was changed.
    Result<std::string> open(std::string_view sealed) const;

private:
    SealingKeyPair() = default;
    std::string public_key_;  // 32 bytes
    std::string secret_;      // 32 bytes
};

// `message` sealed to `public_key_hex` (64 hex digits; an Error otherwise).
Result<std::string> seal_to(std::string_view public_key_hex, std::string_view message);

}  // namespace standpoint
