#include "kiosk/core/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace standpoint {

std::string sha256_hex(std::string_view bytes) {
    // EVP_Digest, not SHA256(): the one-shot low-level API is deprecated in OpenSSL 3.
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_size, EVP_sha256(),
                   nullptr) != 1) {
        return {};  // only on allocation failure inside libcrypto; "" never equals a real hash
    }
    static constexpr char hex_digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(digest_size * 2);
    for (unsigned int i = 0; i < digest_size; ++i) {
        hex.push_back(hex_digits[digest[i] >> 4]);
        hex.push_back(hex_digits[digest[i] & 0x0F]);
    }
    return hex;
}

}  // namespace standpoint
