// What every console handler shares: the security headers, HTML answers, redirects, who is
// signed in (and may they be here), the CSRF check, reading forms, and the audit log.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "sync/collector/collector_store.hpp"
#include "sync/collector/console/console_db.hpp"
#include "sync/collector/console/console_html.hpp"

namespace standpoint::console {

// Pages may load only the console's own style sheet and script; nothing may frame them.
extern const char* const page_policy;
// The summary is a self-contained document from the export: its own <style>, no scripts at all.
extern const char* const summary_policy;

// Behind nginx with TLS (docs/collector.md sets X-Forwarded-Proto): cookies are then Secure.
bool is_https(const httplib::Request& req);
// no-store, nosniff, no framing, same-origin referrers, and the Content-Security-Policy.
void secure_headers(httplib::Response& res, const char* policy = page_policy);
void send_html(httplib::Response& res, int status, const std::string& html);
void redirect(httplib::Response& res, const std::string& to);  // 303
// 503 with a page that says so; the reason goes to stderr (the collector's log), not the page.
void store_failed(httplib::Response& res, const std::optional<Viewer>& viewer, const Error& error);

std::string param(const httplib::Request& req, const char* name);  // query string
// An application/x-www-form-urlencoded body (the console's forms but the import's).
httplib::Params form(const httplib::Request& req);
std::string form_value(const httplib::Params& params, const char* name);

// The session's viewer, if the request carries a live session cookie. `failed`: the store did
// not answer.
std::optional<Viewer> signed_in(CollectorStore& store, const httplib::Request& req, bool& failed);
// The signed-in viewer allowed here, or nullopt with the answer already written (303 to sign
// in, 403 for a viewer on an admin page).
std::optional<Viewer> require(CollectorStore& store, const httplib::Request& req,
                              httplib::Response& res, Role role);
// For a form that changes something: as `require`, and the form's `csrf` must be the session's
// CSRF token (else 403).
std::optional<Viewer> require_form(CollectorStore& store, const httplib::Request& req,
                                   httplib::Response& res, Role role, std::string_view csrf);

// Writes the audit log; a failure to write it is reported on stderr, not to the user.
void log_action(CollectorStore& store, const std::string& who, const std::string& action,
                const std::string& detail);

}  // namespace standpoint::console
