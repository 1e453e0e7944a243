#include "kiosk/core/random_bytes.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <random>

#include "kiosk/core/uuid.hpp"

namespace standpoint {

void fill_random(std::span<std::uint8_t> bytes) {
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            break;  // no getrandom (a very old kernel): fall back below
        }
        filled += static_cast<std::size_t>(got);
    }
    if (filled < bytes.size()) {  // never hand out zeros
        std::random_device device;
        for (std::size_t i = filled; i < bytes.size(); ++i)
            bytes[i] = static_cast<std::uint8_t>(device());
    }
}

std::string new_uuid_v7() {
    UuidRandom random{};
    fill_random(random);
    const auto unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    return make_uuid_v7(static_cast<std::uint64_t>(unix_ms), random);
}

std::string new_uuid_v4() {
    std::array<std::uint8_t, 16> bytes{};
    fill_random(bytes);
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += hex[bytes[i] >> 4];
        text += hex[bytes[i] & 0x0f];
    }
    return text;
}

}  // namespace standpoint
