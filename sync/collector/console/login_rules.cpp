#include "sync/collector/console/login_rules.hpp"

#include <algorithm>

namespace standpoint::console {

std::optional<std::chrono::seconds> lockout_after(std::int64_t failed_logins) {
    if (failed_logins < failures_before_lockout) return std::nullopt;
    const std::int64_t doublings =
        std::min<std::int64_t>(failed_logins - failures_before_lockout, 10);
    return std::min(std::chrono::seconds{30 << doublings}, std::chrono::seconds{15 * 60});
}

std::string password_problem(std::string_view password) {
    if (password.size() < min_password_length) {
        return "A password needs at least " + std::to_string(min_password_length) + " characters.";
    }
    if (password.size() > max_password_length) {
        return "A password may have at most " + std::to_string(max_password_length) + " bytes.";
    }
    return "";
}

bool is_valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '@';
    });
}

std::string set_cookie_header(std::string_view name, std::string_view value, bool secure) {
    std::string header =
        std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
    if (secure) header += "; Secure";
    return header;
}

std::string clear_cookie_header(std::string_view name, bool secure) {
    return set_cookie_header(name, "", secure) + "; Max-Age=0";
}

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
    std::string found;
    int seen = 0;
    std::size_t at = 0;
    while (at <= cookie_header.size()) {
        std::size_t end = cookie_header.find(';', at);
        if (end == std::string_view::npos) end = cookie_header.size();
        std::string_view pair = cookie_header.substr(at, end - at);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
            found = std::string(pair.substr(equals + 1));
            ++seen;
        }
        at = end + 1;
    }
    return seen == 1 ? found : std::string();
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

}  // namespace standpoint::console
