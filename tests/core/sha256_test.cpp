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

TEST_CASE("a running Sha256 fed in pieces gives the digest of the whole") {
    const std::string whole =
        "the quick brown fox jumps over the lazy dog, " + std::string(70000, 'x');
    Sha256 running;
    running.add(std::string_view(whole).substr(0, 7));
    running.add(std::string_view(whole).substr(7, 65536));
    running.add(std::string_view(whole).substr(7 + 65536));
    CHECK(running.hex() == sha256_hex(whole));
    Sha256 nothing;
    CHECK(nothing.hex() == sha256_hex(""));
}

}  // namespace standpoint
