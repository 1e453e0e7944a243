// UUIDv7 layout (RFC 9562 §5.7) and ordering.
#include "kiosk/core/uuid.hpp"

#include <doctest/doctest.h>

#include <string>

namespace standpoint {
namespace {

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

const UuidRandom all_ones{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
const UuidRandom all_zeros{};

}  // namespace

TEST_CASE("a UUID is 36 lower-case characters in 8-4-4-4-12 groups") {
    const std::string id = make_uuid_v7(0x0190F3B27C1A, all_ones);
    REQUIRE(id.size() == 36);
    for (std::size_t i = 0; i < id.size(); ++i) {
        CAPTURE(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            CHECK(id[i] == '-');
        } else {
            CHECK(std::string("0123456789abcdef").find(id[i]) != std::string::npos);
        }
    }
}

TEST_CASE("the first 48 bits are the Unix time in milliseconds") {
    CHECK(make_uuid_v7(0x0190F3B27C1A, all_zeros).substr(0, 13) == "0190f3b2-7c1a");
}

TEST_CASE("the version nibble is 7 whatever the random bits are") {
    CHECK(make_uuid_v7(1, all_ones)[14] == '7');
    CHECK(make_uuid_v7(1, all_zeros)[14] == '7');
}

TEST_CASE("the variant bits are 10 whatever the random bits are") {
    for (const UuidRandom& random : {all_ones, all_zeros}) {
        const int variant_nibble = hex_value(make_uuid_v7(1, random)[19]);
        CHECK((variant_nibble & 0xC) == 0x8);
    }
}

TEST_CASE("the random bits fill the rest of the UUID") {
    const UuidRandom random{0x0A, 0xBC, 0x3D, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD};
    CHECK(make_uuid_v7(0x0190F3B27C1A, random) == "0190f3b2-7c1a-7abc-bd01-23456789abcd");
}

TEST_CASE("UUIDs made later sort after UUIDs made earlier") {
    const std::string earlier = make_uuid_v7(1795000000000, all_ones);
    const std::string later = make_uuid_v7(1795000000001, all_zeros);
    CHECK(earlier < later);
}

}  // namespace standpoint
