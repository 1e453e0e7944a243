#include "sync/protocol/signature.hpp"
#include "sync/protocol/export_folder.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace standpoint {

namespace {

static_assert(crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_PUBLICKEYBYTES == 32 &&
              crypto_sign_BYTES == 64);

// sodium_init is thread-safe and cheap after the first call.
bool sodium_ready() {
    static const bool is_ready = sodium_init() >= 0;
    return is_ready;
}

std::string_view context_of(SignedKind kind) {
    switch (kind) {
        case SignedKind::batch:
            return "standpoint batch signature v1\n";
        case SignedKind::export_manifest:
            return "standpoint export manifest signature v1\n";
    }
    return "";
}

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

// Ed25519ph (libsodium's multi-part API): the message is hashed as it is fed, so a 64 MiB batch
// is never copied to put the context in front of it.
void feed(crypto_sign_state& state, SignedKind kind, std::string_view message) {
    const std::string_view context = context_of(kind);
    crypto_sign_init(&state);
    crypto_sign_update(&state, bytes_of(context), context.size());
    crypto_sign_update(&state, bytes_of(message), message.size());
}

bool is_lower_hex(std::string_view text, std::size_t digits) {
    if (text.size() != digits) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

Result<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return Error{"an odd number of hex digits"};
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = digit(hex[i]);
        const int low = digit(hex[i + 1]);
        if (high < 0 || low < 0) return Error{"a character that is not a hex digit"};
        out += static_cast<char>(high * 16 + low);
    }
    return out;
}

bool is_public_key_hex(std::string_view text) {
    return is_lower_hex(text, 2 * crypto_sign_PUBLICKEYBYTES);
}

Result<SigningKey> SigningKey::generate() {
    if (!sodium_ready()) return Error{"libsodium could not start (no random source)."};
    SigningKey key;
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    if (crypto_sign_keypair(public_key, key.secret_.data()) != 0) {
        return Error{"libsodium could not make a key pair."};
    }
    return key;
}

Result<SigningKey> SigningKey::from_hex(std::string_view hex) {
    if (!sodium_ready()) return Error{"libsodium could not start (no random source)."};
    if (!is_lower_hex(hex, 2 * crypto_sign_SECRETKEYBYTES)) {
        return Error{"a signing key is 128 lower-case hex digits"};
    }
    auto bytes = standpoint::from_hex(hex);
    if (!bytes) return bytes.error();
    SigningKey key;
    std::copy(bytes->begin(), bytes->end(), key.secret_.begin());
    sodium_memzero(bytes->data(), bytes->size());
    // The secret key holds its public key: it must be the one its seed makes.
    unsigned char derived[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(derived, key.secret_.data());
    unsigned char seed[crypto_sign_SEEDBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, key.secret_.data());
    unsigned char check_public[crypto_sign_PUBLICKEYBYTES];
    unsigned char check_secret[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(check_public, check_secret, seed);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(check_secret, sizeof check_secret);
    if (sodium_memcmp(derived, check_public, sizeof derived) != 0) {
        return Error{"the signing key's public half does not belong to its secret half"};
    }
    return key;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string SigningKey::secret_hex() const { return to_hex(secret_.data(), secret_.size()); }

std::string SigningKey::public_key_hex() const {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(public_key, secret_.data());
    return to_hex(public_key, sizeof public_key);
}

std::string SigningKey::sign(SignedKind kind, std::string_view message) const {
    crypto_sign_state state;
    feed(state, kind, message);
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_final_create(&state, signature, nullptr, secret_.data());
    return to_hex(signature, sizeof signature);
}

bool verify_signature(std::string_view public_key_hex, SignedKind kind, std::string_view message,
                      std::string_view signature_hex) {
    if (!sodium_ready() || !is_public_key_hex(public_key_hex) ||
        !is_lower_hex(signature_hex, 2 * crypto_sign_BYTES)) {
        return false;
    }
    auto public_key = from_hex(public_key_hex);
    auto signature = from_hex(signature_hex);
    if (!public_key || !signature) return false;
    crypto_sign_state state;
    feed(state, kind, message);
    std::string& signature_bytes = signature.value();
    return crypto_sign_final_verify(&state,
                                    reinterpret_cast<unsigned char*>(signature_bytes.data()),
                                    bytes_of(*public_key)) == 0;
}

std::string manifest_signature_json(const SigningKey& key, std::string_view manifest_bytes) {
    nlohmann::ordered_json file;
    file["format"] = manifest_signature_format;
    file["public_key"] = key.public_key_hex();
    file["signature"] = key.sign(SignedKind::export_manifest, manifest_bytes);
    return file.dump(2) + "\n";
}

Result<ManifestSignature> parse_manifest_signature(std::string_view text) {
    const std::string problem =
        std::string(export_file::manifest_sig) + " is not a signature this collector can read";
    if (text.size() > max_manifest_signature_bytes) return Error{problem + " (too large)."};
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) return Error{problem + " (not a JSON object)."};
    const auto format = json.find("format");
    const auto public_key = json.find("public_key");
    const auto signature = json.find("signature");
    if (format == json.end() || *format != manifest_signature_format) {
        return Error{problem + " (its format is not " + std::string(manifest_signature_format) +
                     ")."};
    }
    if (public_key == json.end() || !public_key->is_string() ||
        !is_public_key_hex(public_key->get<std::string>()) || signature == json.end() ||
        !signature->is_string() ||
        !is_lower_hex(signature->get<std::string>(), 2 * crypto_sign_BYTES)) {
        return Error{problem + " (public_key must be 64 and signature 128 lower-case hex digits)."};
    }
    return ManifestSignature{public_key->get<std::string>(), signature->get<std::string>()};
}

}  // namespace standpoint
