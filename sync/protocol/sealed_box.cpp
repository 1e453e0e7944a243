#include "sync/protocol/sealed_box.hpp"

#include <sodium.h>

#include "sync/protocol/signature.hpp"

namespace standpoint {

namespace {

static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);

bool sodium_ready() {
    static const bool is_ready = sodium_init() >= 0;
    return is_ready;
}

unsigned char* bytes_of(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }
const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

bool is_key_hex(std::string_view hex) {
    if (hex.size() != 64) return false;
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::size_t sealed_box_overhead() { return crypto_box_SEALBYTES; }

Result<SealingKeyPair> SealingKeyPair::generate() {
    if (!sodium_ready()) return Error{"libsodium could not start (no random source)."};
    SealingKeyPair pair;
    pair.public_key_.resize(crypto_box_PUBLICKEYBYTES);
    pair.secret_.resize(crypto_box_SECRETKEYBYTES);
    if (crypto_box_keypair(bytes_of(pair.public_key_), bytes_of(pair.secret_)) != 0) {
        return Error{"libsodium could not make a key pair."};
    }
    return pair;
}

Result<SealingKeyPair> SealingKeyPair::from_secret_hex(std::string_view hex) {
    if (!sodium_ready()) return Error{"libsodium could not start (no random source)."};
    if (!is_key_hex(hex)) return Error{"a sealing key is 64 lower-case hex digits"};
    auto secret = from_hex(hex);
    if (!secret) return secret.error();
    SealingKeyPair pair;
    pair.secret_ = std::move(secret).value();
    pair.public_key_.resize(crypto_box_PUBLICKEYBYTES);
    if (crypto_scalarmult_base(bytes_of(pair.public_key_),
                               bytes_of(std::string_view(pair.secret_))) != 0) {
        return Error{"the sealing key is not usable"};
    }
    return pair;
}

SealingKeyPair::~SealingKeyPair() {
    if (!secret_.empty()) sodium_memzero(secret_.data(), secret_.size());
}

std::string SealingKeyPair::secret_hex() const {
    return to_hex(bytes_of(std::string_view(secret_)), secret_.size());
}

std::string SealingKeyPair::public_key_hex() const {
    return to_hex(bytes_of(std::string_view(public_key_)), public_key_.size());
}

Result<std::string> SealingKeyPair::open(std::string_view sealed) const {
    if (sealed.size() < crypto_box_SEALBYTES) return Error{"too short to be a sealed box"};
    std::string plain(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(bytes_of(plain), bytes_of(sealed), sealed.size(),
                             bytes_of(std::string_view(public_key_)),
                             bytes_of(std::string_view(secret_))) != 0) {
        return Error{"it was not sealed to this collector's key, or it was changed"};
    }
    return plain;
}

Result<std::string> seal_to(std::string_view public_key_hex, std::string_view message) {
    if (!sodium_ready()) return Error{"libsodium could not start (no random source)."};
    if (!is_key_hex(public_key_hex)) {
        return Error{"the collector's public key must be 64 lower-case hex digits"};
    }
    auto public_key = from_hex(public_key_hex);
    if (!public_key) return public_key.error();
    std::string sealed(message.size() + crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal(bytes_of(sealed), bytes_of(message), message.size(),
                        bytes_of(std::string_view(*public_key))) != 0) {
        return Error{"libsodium could not seal the personal data."};
    }
    return sealed;
}

}  // namespace standpoint
