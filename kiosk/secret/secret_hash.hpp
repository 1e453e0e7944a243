// Slow salted hashes of short secrets (the kiosk's staff PIN, the console's passwords), one home
// for both: libsodium's crypto_pwhash_str with Argon2id at OPSLIMIT/MEMLIMIT_INTERACTIVE (about
// 0.1 s and 64 MiB on the 2-core test machine). The string it returns holds the algorithm, its
// limits and a random salt, so it is all a caller needs to keep. Never call it on a frame loop.
#pragma once

#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint {

// Both wipe `secret` (sodium_memzero) before returning. A short secret lives inside the
// std::string object itself (small-string buffer), where a move copies the characters and leaves
// them behind, so secrets are passed by reference and wiped where they are, never moved.
// The error names what failed in words a caller can pass on ("needs 64 MiB of memory").
Result<std::string> hash_secret(std::string& secret);
bool is_right_secret(const std::string& secret_hash, std::string& secret);

// Overwrites the characters (sodium_memzero, which the compiler may not optimise away) and
// empties the string.
void wipe_secret(std::string& secret);

}  // namespace standpoint
