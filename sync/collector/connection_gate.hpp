// How many connections the collector serves at once, in all and from one client address, so a
// crowd of slow or idle connections from one place cannot take every thread. Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace standpoint {

class ConnectionGate {
public:
    ConnectionGate(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    enum class Admission { admitted, server_full, address_full };

    // An admitted connection must be released exactly once, with the same address.
    Admission admit(const std::string& address);
    void release(const std::string& address);

    std::size_t open_connections() const;

private:
    const std::size_t max_total_;
    const std::size_t max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::map<std::string, std::size_t> per_address_;
};

}  // namespace standpoint
