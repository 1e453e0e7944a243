// The console's login rules, pure: how long an account stays locked after wrong passwords, what
// a password and a user name must be, and the cookies (names, flags, reading them back).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace standpoint::console {

// After this many wrong passwords in a row an account is locked: 30 s, doubling with every
// further wrong password, at most 15 minutes (the kiosk's PIN pad keeps the same rule). While
// locked, no password is even checked. A good login clears the count.
inline constexpr std::int64_t failures_before_lockout = 5;
std::optional<std::chrono::seconds> lockout_after(std::int64_t failed_logins);

inline constexpr std::size_t min_password_length = 10;
inline constexpr std::size_t max_password_length = 1024;  // bounded before Argon2id sees it
// "" when acceptable, else why not.
std::string password_problem(std::string_view password);
// Letters, digits, '.', '_', '-', '@'; 1 to 64 bytes.
bool is_valid_user_name(std::string_view name);

// A session lasts this long from login (then log in again).
inline constexpr std::chrono::hours session_lifetime{12};

inline constexpr const char* session_cookie = "standpoint_session";
// Before login there is no session: the login form's CSRF token is this cookie's value, sent
// back in the form (double submit), so another site cannot post a login.
inline constexpr const char* login_cookie = "standpoint_login";

// `name=value; Path=/; HttpOnly; SameSite=Strict` (+ `; Secure` behind TLS). An empty value
// with Max-Age=0 removes the cookie.
std::string set_cookie_header(std::string_view name, std::string_view value, bool secure);
std::string clear_cookie_header(std::string_view name, bool secure);
// The value of cookie `name` in a Cookie header, "" if absent. A name sent twice (a planted
// cookie next to ours) counts as absent: the console never guesses which one is real.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// Whether two secrets are equal, in time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace standpoint::console
