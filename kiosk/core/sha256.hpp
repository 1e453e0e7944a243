// SHA-256 of bytes in memory, as lower-case hex (OpenSSL's libcrypto does the hashing).
#pragma once

#include <string>
#include <string_view>

namespace standpoint {

std::string sha256_hex(std::string_view bytes);

}  // namespace standpoint
