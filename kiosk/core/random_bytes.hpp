// The kiosk's one source of random bytes (response ids, device ids, batch ids): the kernel's
// getrandom(), which blocks only until the pool is first seeded at boot.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace standpoint {

void fill_random(std::span<std::uint8_t> bytes);

// A fresh UUIDv7 (time-ordered) from the wall clock and fill_random: a response's id.
std::string new_uuid_v7();
// A fresh random UUIDv4: ids that must not reveal when they were made (device, batch).
std::string new_uuid_v4();

}  // namespace standpoint
