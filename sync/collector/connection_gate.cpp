#include "sync/collector/connection_gate.hpp"

namespace standpoint {

ConnectionGate::Admission ConnectionGate::admit(const std::string& address) {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return Admission::server_full;
    std::size_t& mine = per_address_[address];
    if (mine >= max_per_address_) return Admission::address_full;
    ++mine;
    ++total_;
    return Admission::admitted;
}

void ConnectionGate::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto found = per_address_.find(address);
    if (found == per_address_.end() || found->second == 0) return;
    --total_;
    if (--found->second == 0) per_address_.erase(found);
}

std::size_t ConnectionGate::open_connections() const {
    std::lock_guard lock(mutex_);
    return total_;
}

}  // namespace standpoint
