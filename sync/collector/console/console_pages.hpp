// The console's pages as HTML, pure: what the store said in, a page out (through console_html's
// frame and escape_html). The routes (console_routes.cpp) read the store and call these.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/export/export_files.hpp"
#include "kiosk/export/results.hpp"
#include "sync/collector/console/console_db.hpp"
#include "sync/collector/console/console_html.hpp"
#include "sync/collector/survey_assignments.hpp"

namespace standpoint::console {

std::string login_page(std::string_view error, std::string_view login_csrf, std::string_view name);

std::string events_page(const Viewer& viewer, const std::vector<EventKioskCount>& counts);

// The filters of the results page and the downloads, as the request gave them.
struct ResultsFilter {
    std::string event_id;
    std::string device_id;
    std::string from_date;
    std::string to_date;
};

struct ResultsView {
    ResultsFilter filter;
    std::vector<std::string> events;  // every event id the collector holds
    std::vector<KioskRow> kiosks;
    std::string error;  // a filter or the store refused: shown instead of results
    std::vector<SurveyResults> results;
    std::vector<const StoredResponse*> responses;  // after the filters (free text is read here)
};
std::string results_page(const Viewer& viewer, const ResultsView& view);

struct KiosksView {
    std::vector<KioskRow> kiosks;
    std::vector<RevokedKiosk> revoked;
    std::string error;
    std::string done;
    // Set right after "Add kiosk": shown this once, never stored.
    std::string new_kiosk_name;
    std::string new_token;
    std::string collector_url;  // for the sync.json example
    std::string collector_signing_key;  // sync.json's collector_signing_key (surveys out)
    std::map<std::string, KioskHeartbeat> heartbeats;  // by device id
};
// The kiosk's set-up file, sync.json (docs/sync-client.md), for a kiosk added just now.
std::string kiosk_sync_json(const std::string& collector_url, const std::string& signing_key);
std::string kiosks_page(const Viewer& viewer, const KiosksView& view);

// "Revoke NAME?": what it does, a button that does it, and a way back.
std::string revoke_confirmation_page(const Viewer& viewer, const std::string& name);

std::string audit_page(const Viewer& viewer, const std::vector<AuditEntry>& entries);

// A short page with one message (403, 404, a store failure).
std::string message_page(const std::optional<Viewer>& viewer, std::string_view title,
                         std::string_view message);

}  // namespace standpoint::console
