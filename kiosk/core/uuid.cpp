#include "kiosk/core/uuid.hpp"

namespace standpoint {

std::string make_uuid_v7(std::uint64_t unix_ms, const UuidRandom& random) {
    // RFC 9562 §5.7: unix_ts_ms (48 bits, big-endian) | ver=0111 | rand_a (12) | var=10 | rand_b
    // (62).
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 6; ++i) {
        bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(unix_ms >> (8 * (5 - i)));
    }
    bytes[6] = static_cast<std::uint8_t>(0x70 | (random[0] & 0x0F));
    bytes[7] = random[1];
    bytes[8] = static_cast<std::uint8_t>(0x80 | (random[2] & 0x3F));
    for (std::size_t i = 9; i < 16; ++i) bytes[i] = random[i - 6];

    static constexpr char hex_digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
        text.push_back(hex_digits[bytes[i] >> 4]);
        text.push_back(hex_digits[bytes[i] & 0x0F]);
    }
    return text;
}

}  // namespace standpoint
