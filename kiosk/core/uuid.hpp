// UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-ordered, so ids sort
// by start time. Randomness is passed in, which keeps this pure and testable.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace standpoint {

using UuidRandom = std::array<std::uint8_t, 10>;

// Lower-case canonical form "0190f3b2-7c1a-7def-8abc-0123456789ab".
std::string make_uuid_v7(std::uint64_t unix_ms, const UuidRandom& random);

}  // namespace standpoint
