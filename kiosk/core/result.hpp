// Result: a value or a human-readable reason why there is none.
// Expected failures (bad survey, disk full, network) travel up as values; exceptions are only
// for programming errors and never cross a thread or the frame loop. GCC 12 has no <expected>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace standpoint {

// What kind of failure an Error is, so a caller decides by kind (retry, stop saving, tell staff
// what to do) instead of matching words. The part that failed says what happened in `message`;
// advice for a person is added where the message meets one (kiosk/app/store_advice.hpp for the
// store), once per kind.
enum class ErrorKind {
    other,          // none of the below: an unexpected state or a bug
    disk_full,      // no room to write (ENOSPC, SQLITE_FULL)
    read_only,      // the disk or file refuses writes (a read-only mount, permissions)
    damaged,        // bytes that do not read as what they should be (a corrupt store, not JSON)
    busy,           // someone else holds it now; later may work (SQLITE_BUSY, SQLITE_LOCKED)
    missing,        // not there (no file, no disk, no store open)
    invalid_input,  // readable, but breaks a rule (a limit, a value out of range)
    network,        // the other end could not be reached or did not answer as it should
};

struct Error {
    std::string message;  // complete sentence for a person: what happened
    ErrorKind kind = ErrorKind::other;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(state_); }

private:
    std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace standpoint
