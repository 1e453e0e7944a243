// SHA-256 of bytes in memory, as lower-case hex (OpenSSL's libcrypto does the hashing), in one
// call or fed piece by piece (a file hashed while it is written, never held whole).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace standpoint {

std::string sha256_hex(std::string_view bytes);

// A running SHA-256: add() the bytes in order, then hex() once. sha256_hex(a + b) equals
// adding a then b.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    void add(std::string_view bytes);
    // The digest of everything added; the running hash is spent afterwards.
    std::string hex();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

}  // namespace standpoint
