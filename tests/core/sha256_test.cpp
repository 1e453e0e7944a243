// SHA-256 against the FIPS 180-2 test vectors.
#include "kiosk/core/sha256.hpp"

#include <doctest/doctest.h>

#include <string>

namespace standpoint {

TEST_CASE("sha256_hex of \"abc\" is the FIPS 180-2 vector") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256_hex of no bytes is the empty-input vector") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256_hex hashes every byte, embedded NULs included") {
    CHECK(sha256_hex(std::string("a\0b", 3)) != sha256_hex("a"));
    CHECK(sha256_hex(std::string("a\0b", 3)).size() == 64);
}

}  // namespace standpoint
