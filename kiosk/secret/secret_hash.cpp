#include "kiosk/secret/secret_hash.hpp"

#include <sodium.h>

namespace standpoint {
namespace {

// sodium_init is thread-safe and cheap after the first call; it only fails without a random
// source, which Linux always has.
bool sodium_ready() {
    static const bool is_ready = sodium_init() >= 0;
    return is_ready;
}

}  // namespace

void wipe_secret(std::string& secret) {
    if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

Result<std::string> hash_secret(std::string& secret) {
    if (!sodium_ready()) {
        wipe_secret(secret);
        return Error{"libsodium could not start (no random source)."};
    }
    char out[crypto_pwhash_STRBYTES];
    const int failed =
        crypto_pwhash_str_alg(out, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
    wipe_secret(secret);
    if (failed != 0) return Error{"Argon2id needs 64 MiB of memory and did not get it."};
    return std::string(out);
}

bool is_right_secret(const std::string& secret_hash, std::string& secret) {
    const bool is_right =
        sodium_ready() && !secret_hash.empty() &&
        crypto_pwhash_str_verify(secret_hash.c_str(), secret.data(), secret.size()) == 0;
    wipe_secret(secret);
    return is_right;
}

}  // namespace standpoint
