#include "sync/collector/console/console_http.hpp"

#include <cstdio>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/console/console_pages.hpp"
#include "sync/collector/console/login_rules.hpp"

namespace standpoint::console {

using httplib::Request;
using httplib::Response;

const char* const page_policy =
    "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' "
    "data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const char* const summary_policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'";

bool is_https(const Request& req) { return req.get_header_value("X-Forwarded-Proto") == "https"; }

void secure_headers(Response& res, const char* policy) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Content-Security-Policy", policy);
}

void send_html(Response& res, int status, const std::string& html) {
    secure_headers(res);
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
}

void redirect(Response& res, const std::string& to) {
    secure_headers(res);
    res.status = 303;
    res.set_header("Location", to);
}

void store_failed(Response& res, const std::optional<Viewer>& viewer, const Error& error) {
    std::fprintf(stderr, "standpoint-collector: console: %s\n", error.message.c_str());
    send_html(res, 503,
              message_page(viewer, "The collector's store did not answer",
                           "Try again in a moment. If it keeps happening, the "
                           "administrator can read the reason in the collector's log."));
}

std::string param(const Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// An application/x-www-form-urlencoded body (the only kind the console's forms send).
httplib::Params form(const Request& req) {
    httplib::Params params;
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
        httplib::detail::parse_query_text(req.body, params);
    }
    return params;
}

std::string form_value(const httplib::Params& params, const char* name) {
    const auto found = params.find(name);
    return found == params.end() ? std::string() : found->second;
}

std::optional<Viewer> signed_in(CollectorStore& store, const Request& req, bool& failed) {
    failed = false;
    const std::string id = cookie_value(req.get_header_value("Cookie"), session_cookie);
    if (id.size() != 64) return std::nullopt;
    auto session = find_session(store, sha256_hex(id), utc_now_text());
    if (!session) {
        failed = true;
        return std::nullopt;
    }
    if (!session->has_value()) return std::nullopt;
    return Viewer{(*session)->user_name, (*session)->role, (*session)->csrf_token};
}

// The signed-in viewer allowed here, or nullopt with the answer already written (sign in first,
// 403 for a viewer on an admin page).
std::optional<Viewer> require(CollectorStore& store, const Request& req, Response& res, Role role) {
    bool failed = false;
    auto viewer = signed_in(store, req, failed);
    if (failed) {
        store_failed(res, std::nullopt, Error{"could not read the session"});
        return std::nullopt;
    }
    if (!viewer) {
        redirect(res, "/login");
        return std::nullopt;
    }
    if (role == Role::admin && viewer->role != Role::admin) {
        send_html(res, 403,
                  message_page(viewer, "You cannot use this page",
                               "Managing kiosks, importing and reading the audit log need an "
                               "admin account. Ask the collector's administrator."));
        return std::nullopt;
    }
    return viewer;
}

// For a form that changes something: the viewer, if the form carries their session's CSRF token.
std::optional<Viewer> require_form(CollectorStore& store, const Request& req, Response& res,
                                   Role role, std::string_view csrf) {
    auto viewer = require(store, req, res, role);
    if (!viewer) return std::nullopt;
    if (!same_secret(csrf, viewer->csrf_token)) {
        send_html(res, 403,
                  message_page(viewer, "The form could not be accepted",
                               "It did not carry this session's security token (it "
                               "may be old, or come from another site). Go back, "
                               "reload the page and try again."));
        return std::nullopt;
    }
    return viewer;
}

void log_action(CollectorStore& store, const std::string& who, const std::string& action,
                const std::string& detail) {
    if (Status logged = audit(store, who, action, detail); !logged) {
        std::fprintf(stderr, "standpoint-collector: console: audit log not written: %s\n",
                     logged.error().message.c_str());
    }
}

}  // namespace standpoint::console
