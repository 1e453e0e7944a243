// The digits typed on the PIN pad. A fixed buffer that wipes itself whenever a copy of it dies,
// so the shell can be a plain value (copied and moved freely) without leaving PINs in memory:
// a std::string would keep a short PIN in its small-string buffer after a move.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "kiosk/core/staff_gate.hpp"

namespace standpoint::shell {

class PinDigits {
public:
    PinDigits() = default;
    PinDigits(const PinDigits&) = default;
    PinDigits& operator=(const PinDigits&) = default;
    ~PinDigits() { clear(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    void push(char digit) {
        if (size_ < digits_.size()) digits_[size_++] = digit;
    }
    void pop() {
        if (size_ > 0) digits_[--size_] = '\0';
    }
    void clear() {
        // volatile: the compiler may not drop stores to memory that is about to die.
        volatile char* bytes = digits_.data();
        for (std::size_t i = 0; i < digits_.size(); ++i) bytes[i] = '\0';
        size_ = 0;
    }
    // For the hashing library only; the caller wipes the string it gets (pin_hash.hpp).
    std::string reveal() const { return std::string(digits_.data(), size_); }
    bool operator==(const PinDigits& other) const {
        return size_ == other.size_ && reveal_equal(other);
    }

private:
    bool reveal_equal(const PinDigits& other) const {
        for (std::size_t i = 0; i < size_; ++i)
            if (digits_[i] != other.digits_[i]) return false;
        return true;
    }
    std::array<char, longest_pin> digits_{};
    std::size_t size_ = 0;
};

}  // namespace standpoint::shell
