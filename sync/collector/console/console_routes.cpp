#include "sync/collector/console/console_routes.hpp"

#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kiosk/core/local_time.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/secret/secret_hash.hpp"
#include "sync/collector/console/console_db.hpp"
#include "sync/collector/console/console_html.hpp"
#include "sync/collector/console/console_http.hpp"
#include "sync/collector/console/console_imports.hpp"
#include "sync/collector/console/console_pages.hpp"
#include "sync/collector/console/console_snapshot.hpp"
#include "sync/collector/console/console_surveys.hpp"
#include "sync/collector/console/login_rules.hpp"

namespace standpoint::console {

namespace {

using httplib::Request;
using httplib::Response;

// ---- sign in and out ----

void show_login(CollectorStore& store, const Request& req, Response& res, int status,
                const std::string& error, const std::string& name) {
    bool failed = false;
    if (status == 200 && signed_in(store, req, failed)) return redirect(res, "/events");
    auto token = random_hex(32);
    if (!token) return store_failed(res, std::nullopt, token.error());
    res.set_header("Set-Cookie", set_cookie_header(login_cookie, *token, is_https(req)));
    send_html(res, status, login_page(error, *token, name));
}

// Checks against a hash of a password nobody has, so an unknown name takes as long as a known one.
bool check_unknown_user(std::string& password) {
    static const std::string dummy = [] {
        std::string secret = "no user has this password";
        auto hashed = hash_secret(secret);
        return hashed ? *hashed : std::string();
    }();
    is_right_secret(dummy, password);
    return false;
}

void handle_login(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    const std::string name = form_value(params, "name");
    std::string password = form_value(params, "password");
    const std::string login_token = cookie_value(req.get_header_value("Cookie"), login_cookie);
    if (login_token.empty() || !same_secret(form_value(params, "csrf"), login_token)) {
        wipe_secret(password);
        return show_login(store, req, res, 403,
                          "The sign-in form was old or came from another site. Try again.", name);
    }
    const std::string refusal = "The user name or password is wrong.";
    if (!is_valid_user_name(name) || password.empty() || password.size() > max_password_length) {
        wipe_secret(password);
        return show_login(store, req, res, 401, refusal, name);
    }
    auto user = find_user(store, name);
    if (!user) return store_failed(res, std::nullopt, user.error());
    if (!user->has_value()) {
        check_unknown_user(password);
        log_action(store, name, "sign-in refused", "no such user");
        return show_login(store, req, res, 401, refusal, name);
    }
    ConsoleUser& account = **user;
    const std::string now = utc_now_text();
    if (!account.locked_until.empty() && account.locked_until > now) {
        wipe_secret(password);
        log_action(store, name, "sign-in refused", "locked until " + account.locked_until);
        return show_login(store, req, res, 429,
                          "Too many wrong passwords: this account is locked until " +
                              account.locked_until.substr(11, 8) + " UTC. Try again then.",
                          name);
    }
    if (!is_right_secret(account.password_hash, password)) {
        auto failures = count_failed_login(store, name);
        if (!failures) return store_failed(res, std::nullopt, failures.error());
        const auto lock = lockout_after(*failures);
        const std::string until = lock ? format_utc(Clock::now() + *lock) : std::string();
        if (lock) {
            if (Status locked = lock_account(store, name, until); !locked) {
                return store_failed(res, std::nullopt, locked.error());
            }
        }
        log_action(store, name, "sign-in refused",
                   "wrong password (" + std::to_string(*failures) + " in a row)" +
                       (lock ? ", locked until " + until : std::string()));
        return show_login(store, req, res, 401, refusal, name);
    }
    // A new session id at every sign-in: an id planted before (session fixation) is never used.
    auto id = random_hex(32);
    auto csrf = random_hex(32);
    if (!id || !csrf) return store_failed(res, std::nullopt, Error{"no random bytes"});
    const std::string expires = format_utc(Clock::now() + session_lifetime);
    if (Status made = create_session(store, sha256_hex(*id), name, *csrf, expires); !made) {
        return store_failed(res, std::nullopt, made.error());
    }
    if (Status good = record_good_login(store, name); !good) {
        return store_failed(res, std::nullopt, good.error());
    }
    log_action(store, name, "signed in", std::string("role ") + to_text(account.role));
    res.set_header("Set-Cookie", set_cookie_header(session_cookie, *id, is_https(req)));
    res.set_header("Set-Cookie", clear_cookie_header(login_cookie, is_https(req)));
    redirect(res, "/events");
}

void handle_logout(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::viewer, form_value(params, "csrf"));
    if (!viewer) return;
    const std::string id = cookie_value(req.get_header_value("Cookie"), session_cookie);
    if (Status gone = delete_session(store, sha256_hex(id)); !gone) {
        return store_failed(res, viewer, gone.error());
    }
    log_action(store, viewer->name, "signed out", "");
    res.set_header("Set-Cookie", clear_cookie_header(session_cookie, is_https(req)));
    redirect(res, "/login");
}

// ---- events, results, downloads ----

void handle_counts(CollectorStore& store, const Request& req, Response& res) {
    bool failed = false;
    auto viewer = signed_in(store, req, failed);
    secure_headers(res);
    if (!viewer) {
        res.status = failed ? 503 : 401;
        res.set_content("{\"error\":\"sign in first\"}", "application/json");
        return;
    }
    auto counts = event_counts(store);
    if (!counts) {
        res.status = 503;
        res.set_content("{\"error\":\"store unavailable\"}", "application/json");
        return;
    }
    nlohmann::json json{{"total", 0}, {"rows", nlohmann::json::array()}};
    std::int64_t total = 0;
    for (const auto& row : *counts) {
        total += row.responses;
        json["rows"].push_back(
            {{"event", row.event_id}, {"device_id", row.device_id}, {"responses", row.responses}});
    }
    json["total"] = total;
    res.set_content(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

ResultsFilter filter_from(const Request& req) {
    return {param(req, "event"), param(req, "kiosk"), param(req, "from"), param(req, "to")};
}

// "" when the filter can be used; else what is wrong with it (bounded before any work).
std::string filter_problem(const ResultsFilter& filter) {
    if (filter.event_id.size() > max_event_id_bytes) return "That event name is too long.";
    if (!filter.device_id.empty() && !is_uuid(filter.device_id)) {
        return "That kiosk is not known. Choose one from the list.";
    }
    for (const std::string* date : {&filter.from_date, &filter.to_date}) {
        if (!date->empty() && !is_iso_date(*date)) {
            return "'" + *date + "' is not a date. Give dates as YYYY-MM-DD, e.g. 2026-11-23.";
        }
    }
    return "";
}

ExportOptions options_from(const ResultsFilter& filter) {
    ExportOptions options;
    options.event_id = filter.event_id;
    if (!filter.from_date.empty()) options.from_date = filter.from_date;
    if (!filter.to_date.empty()) options.to_date = filter.to_date;
    return options;
}

void handle_results(CollectorStore& store, const Request& req, Response& res) {
    auto viewer = require(store, req, res, Role::viewer);
    if (!viewer) return;
    ResultsView view;
    view.filter = filter_from(req);
    auto counts = event_counts(store);
    if (!counts) return store_failed(res, viewer, counts.error());
    for (const auto& row : *counts) {
        if (view.events.empty() || view.events.back() != row.event_id)
            view.events.push_back(row.event_id);
    }
    auto listed = kiosks(store);
    if (!listed) return store_failed(res, viewer, listed.error());
    view.kiosks = std::move(listed).value();
    view.error = filter_problem(view.filter);
    ExportSnapshot snapshot;
    if (view.error.empty()) {
        auto loaded = load_snapshot(store, {view.filter.event_id, view.filter.device_id});
        if (!loaded) {
            view.error = loaded.error().message;
        } else {
            snapshot = std::move(loaded).value();
            auto results = summarise_export(snapshot, options_from(view.filter), &view.responses);
            if (!results) {
                view.error = results.error().message;
            } else {
                view.results = std::move(results).value();
            }
        }
    }
    send_html(res, view.error.empty() ? 200 : 400, results_page(*viewer, view));
}

struct DownloadFormat {
    const char* format;
    const char* file;  // the export's file of that name
    const char* content_type;
};
constexpr DownloadFormat download_formats[] = {
    {"csv", "responses.csv", "text/csv; charset=utf-8"},
    {"xlsx", "responses.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"jsonl", "responses.jsonl", "application/jsonl; charset=utf-8"},
    {"summary", "summary.html", "text/html; charset=utf-8"},
};

// Builds the export for the request's filters with build_export (the USB export's builder) and
// sends one of its files: as an attachment, or (`inline_summary`) the summary as a page.
void handle_download(CollectorStore& store, const Request& req, Response& res,
                     bool inline_summary) {
    auto viewer = require(store, req, res, Role::viewer);
    if (!viewer) return;
    const std::string format = inline_summary ? "summary" : param(req, "format");
    const DownloadFormat* chosen = nullptr;
    for (const auto& known : download_formats) {
        if (format == known.format) chosen = &known;
    }
    if (chosen == nullptr) {
        return send_html(
            res, 400,
            message_page(viewer, "No such download", "Downloads are csv, xlsx, jsonl or summary."));
    }
    const ResultsFilter filter = filter_from(req);
    if (const std::string problem = filter_problem(filter); !problem.empty()) {
        return send_html(res, 400, message_page(viewer, "No such download", problem));
    }
    auto snapshot = load_snapshot(store, {filter.event_id, filter.device_id});
    if (!snapshot)
        return send_html(res, 500,
                         message_page(viewer, "The download failed", snapshot.error().message));
    auto scratch_name = random_hex(8);
    if (!scratch_name) return store_failed(res, viewer, scratch_name.error());
    std::error_code ignored;
    const auto scratch =
        std::filesystem::temp_directory_path(ignored) / ("standpoint-console-" + *scratch_name);
    std::filesystem::create_directories(scratch, ignored);
    auto plan = build_export(*snapshot, options_from(filter), scratch);
    std::filesystem::remove_all(scratch, ignored);
    if (!plan)
        return send_html(res, 400,
                         message_page(viewer, "The download failed", plan.error().message));

    std::string folder = plan->folder_name;
    const std::string cut = std::string("-") + std::string(all_kiosks).substr(0, 8);
    if (filter.device_id.empty() && folder.ends_with(cut)) {
        folder = folder.substr(0, folder.size() - cut.size()) + "-" + all_kiosks;
    }
    for (ExportFile& file : plan->files) {
        if (file.name != chosen->file) continue;
        log_action(
            store, viewer->name, inline_summary ? "viewed summary" : "downloaded",
            folder + "/" + file.name + " (" + std::to_string(plan->response_count) + " responses)");
        if (inline_summary) {
            secure_headers(res, summary_policy);
        } else {
            secure_headers(res);
            // folder and file names are FAT-safe ASCII ([A-Za-z0-9._-]): nothing to quote.
            res.set_header("Content-Disposition",
                           "attachment; filename=\"" + folder + "_" + file.name + "\"");
        }
        res.status = 200;
        res.set_content(std::move(file.bytes), chosen->content_type);
        return;
    }
    send_html(res, 500,
              message_page(viewer, "The download failed", "The export has no such file."));
}

// ---- kiosks and the audit log (admins) ----

// Set once by install_console_routes before the server starts, read-only after: the key every
// new kiosk's sync.json names.
std::string& signing_public_key() {
    static std::string key;
    return key;
}

void show_kiosks(CollectorStore& store, const Request& req, Response& res, const Viewer& viewer,
                 KiosksView view, int status = 200) {
    auto listed = kiosks(store);
    if (!listed) return store_failed(res, viewer, listed.error());
    auto revoked = revoked_kiosks(store);
    if (!revoked) return store_failed(res, viewer, revoked.error());
    view.kiosks = std::move(listed).value();
    view.revoked = std::move(revoked).value();
    auto beats = kiosk_heartbeats(store);
    if (!beats) return store_failed(res, viewer, beats.error());
    view.heartbeats = std::move(beats).value();
    view.collector_url = (is_https(req) ? "https://" : "http://") + req.get_header_value("Host");
    view.collector_signing_key = signing_public_key();
    send_html(res, status, kiosks_page(viewer, view));
}

std::string kiosk_name_problem(const std::string& name) {
    if (name.empty()) return "Give the kiosk a name.";
    if (name.size() > 100) return "A kiosk name may have at most 100 bytes.";
    return "";
}

void handle_add_kiosk(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::admin, form_value(params, "csrf"));
    if (!viewer) return;
    const std::string name = form_value(params, "name");
    KiosksView view;
    if (view.error = kiosk_name_problem(name); !view.error.empty()) {
        return show_kiosks(store, req, res, *viewer, view, 400);
    }
    auto token = random_hex(32);
    if (!token) return store_failed(res, viewer, token.error());
    if (Status added = store.add_device(name, sha256_hex(*token), ""); !added) {
        view.error = "There is already a kiosk called " + name + ".";
        return show_kiosks(store, req, res, *viewer, view, 409);
    }
    log_action(store, viewer->name, "added kiosk", name);
    view.new_kiosk_name = name;
    view.new_token = *token;
    show_kiosks(store, req, res, *viewer, view);
}

void handle_rename_kiosk(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::admin, form_value(params, "csrf"));
    if (!viewer) return;
    const std::string name = form_value(params, "name");
    const std::string new_name = form_value(params, "new_name");
    KiosksView view;
    if (view.error = kiosk_name_problem(new_name); !view.error.empty()) {
        return show_kiosks(store, req, res, *viewer, view, 400);
    }
    auto renamed = rename_kiosk(store, name, new_name);
    if (!renamed) return store_failed(res, viewer, renamed.error());
    if (!*renamed) {
        view.error = "Could not rename " + name + " to " + new_name +
                     ": no such kiosk, or the new name is taken.";
        return show_kiosks(store, req, res, *viewer, view, 409);
    }
    log_action(store, viewer->name, "renamed kiosk", name + " -> " + new_name);
    view.done = "Renamed " + name + " to " + new_name + ".";
    show_kiosks(store, req, res, *viewer, view);
}

void handle_revoke_kiosk(CollectorStore& store, const Request& req, Response& res) {
    const auto params = form(req);
    auto viewer = require_form(store, req, res, Role::admin, form_value(params, "csrf"));
    if (!viewer) return;
    const std::string name = form_value(params, "name");
    if (form_value(params, "confirm") != "yes") {
        return send_html(res, 200, revoke_confirmation_page(*viewer, name));
    }
    KiosksView view;
    auto revoked = revoke_kiosk(store, name);
    if (!revoked) return store_failed(res, viewer, revoked.error());
    if (!*revoked) {
        view.error = "There is no kiosk called " + name + ".";
        return show_kiosks(store, req, res, *viewer, view, 404);
    }
    log_action(store, viewer->name, "revoked kiosk", name);
    view.done = "Revoked " + name + ": its token is refused from now on. Its responses stay.";
    show_kiosks(store, req, res, *viewer, view);
}

}  // namespace

void install_console_routes(httplib::Server& server, CollectorStore& store,
                            std::filesystem::path collector_key_file,
                            std::string signing_public_key_hex) {
    signing_public_key() = std::move(signing_public_key_hex);
    server.Get("/", [](const Request&, Response& res) { redirect(res, "/events"); });
    server.Get("/console.css", [](const Request&, Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(console_css, "text/css; charset=utf-8");
    });
    server.Get("/console.js", [](const Request&, Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(console_js, "text/javascript; charset=utf-8");
    });
    server.Get("/login", [&store](const Request& req, Response& res) {
        show_login(store, req, res, 200, "", "");
    });
    server.Post("/login",
                [&store](const Request& req, Response& res) { handle_login(store, req, res); });
    server.Post("/logout",
                [&store](const Request& req, Response& res) { handle_logout(store, req, res); });
    server.Get("/events", [&store](const Request& req, Response& res) {
        auto viewer = require(store, req, res, Role::viewer);
        if (!viewer) return;
        auto counts = event_counts(store);
        if (!counts) return store_failed(res, viewer, counts.error());
        send_html(res, 200, events_page(*viewer, *counts));
    });
    server.Get("/api/counts",
               [&store](const Request& req, Response& res) { handle_counts(store, req, res); });
    server.Get("/results",
               [&store](const Request& req, Response& res) { handle_results(store, req, res); });
    server.Get("/download", [&store](const Request& req, Response& res) {
        handle_download(store, req, res, false);
    });
    server.Get("/summary", [&store](const Request& req, Response& res) {
        handle_download(store, req, res, true);
    });
    server.Get("/kiosks", [&store](const Request& req, Response& res) {
        auto viewer = require(store, req, res, Role::admin);
        if (viewer) show_kiosks(store, req, res, *viewer, {});
    });
    server.Post("/kiosks/add",
                [&store](const Request& req, Response& res) { handle_add_kiosk(store, req, res); });
    server.Post("/kiosks/rename", [&store](const Request& req, Response& res) {
        handle_rename_kiosk(store, req, res);
    });
    server.Post("/kiosks/revoke", [&store](const Request& req, Response& res) {
        handle_revoke_kiosk(store, req, res);
    });
    server.Get("/audit", [&store](const Request& req, Response& res) {
        auto viewer = require(store, req, res, Role::admin);
        if (!viewer) return;
        auto entries = recent_audit(store, 500);
        if (!entries) return store_failed(res, viewer, entries.error());
        send_html(res, 200, audit_page(*viewer, *entries));
    });
    install_import_routes(server, store, std::move(collector_key_file));
    install_survey_pages(server, store);
}

}  // namespace standpoint::console
