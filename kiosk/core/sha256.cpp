#include "kiosk/core/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace standpoint {

namespace {

std::string to_hex(const unsigned char* digest, unsigned int digest_size) {
    static constexpr char hex_digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(digest_size * 2);
    for (unsigned int i = 0; i < digest_size; ++i) {
        hex.push_back(hex_digits[digest[i] >> 4]);
        hex.push_back(hex_digits[digest[i] & 0x0F]);
    }
    return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    // EVP_Digest, not SHA256(): the one-shot low-level API is deprecated in OpenSSL 3.
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_size, EVP_sha256(),
                   nullptr) != 1) {
        return {};  // only on allocation failure inside libcrypto; "" never equals a real hash
    }
    return to_hex(digest.data(), digest_size);
}

struct Sha256::Context {
    EVP_MD_CTX* md = nullptr;
    bool is_ok = false;  // false after an allocation failure: hex() is then "", never a real hash
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    context_->md = EVP_MD_CTX_new();
    context_->is_ok =
        context_->md != nullptr && EVP_DigestInit_ex(context_->md, EVP_sha256(), nullptr) == 1;
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::add(std::string_view bytes) {
    if (context_->is_ok && !bytes.empty())
        context_->is_ok = EVP_DigestUpdate(context_->md, bytes.data(), bytes.size()) == 1;
}

std::string Sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    if (!context_->is_ok || EVP_DigestFinal_ex(context_->md, digest.data(), &digest_size) != 1)
        return {};
    context_->is_ok = false;
    return to_hex(digest.data(), digest_size);
}

}  // namespace standpoint
