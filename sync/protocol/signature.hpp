// Who made a batch or an export: each kiosk's Ed25519 key pair (libsodium), shared by the kiosk
// (signing) and the collector (verifying). Pure: bytes in, bytes out; reading and writing key
// files is the caller's job (kiosk/app/device_key.hpp, the collector's commands).
// docs/security.md says where the keys live; docs/sync-protocol.md and docs/export.md say what
// is signed.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace standpoint {

// The two things a kiosk signs. Each signature covers a context line naming its kind, so a
// signature made for one can never pass as the other.
enum class SignedKind { batch, export_manifest };

// The batch signature travels in two request headers, named in sync/protocol/http_surface.hpp.
// The signature of manifest.json's exact bytes is the export file export_file::manifest_sig.
inline constexpr std::string_view manifest_signature_format = "standpoint-signature/1";
inline constexpr std::size_t max_manifest_signature_bytes = 4096;

// A kiosk's key pair: libsodium's 64-byte Ed25519 secret key (seed and public key).
class SigningKey {
public:
    // A fresh key pair from the system's random source.
    static Result<SigningKey> generate();
    // 128 hex digits, as key files hold it; refuses anything else.
    static Result<SigningKey> from_hex(std::string_view hex);

    SigningKey(const SigningKey&) = default;
    SigningKey& operator=(const SigningKey&) = default;
    ~SigningKey();

    std::string secret_hex() const;      // for the key file only: never printed or sent
    std::string public_key_hex() const;  // 64 hex digits: what the collector stores

    // The signature (128 hex digits) of `message` as `kind`.
    std::string sign(SignedKind kind, std::string_view message) const;

private:
    SigningKey() = default;
    std::array<unsigned char, 64> secret_{};
};

// Whether `signature_hex` is the signature of `message` as `kind` by `public_key_hex`. False for
// anything malformed (wrong length, not hex, a key that is not a curve point).
bool verify_signature(std::string_view public_key_hex, SignedKind kind, std::string_view message,
                      std::string_view signature_hex);

// True for exactly 64 lower-case hex digits (a public key as this project writes it).
bool is_public_key_hex(std::string_view text);

// manifest.sig: {"format": "standpoint-signature/1", "public_key": "<hex>", "signature": "<hex>"}.
struct ManifestSignature {
    std::string public_key_hex;
    std::string signature_hex;
};
std::string manifest_signature_json(const SigningKey& key, std::string_view manifest_bytes);
// Checks the shape only (format, hex lengths); verify_signature checks the signature itself.
Result<ManifestSignature> parse_manifest_signature(std::string_view text);

// Lower-case hex, and its inverse (nullopt-like Error for odd length or a non-hex digit).
std::string to_hex(const unsigned char* bytes, std::size_t size);
Result<std::string> from_hex(std::string_view hex);

}  // namespace standpoint
