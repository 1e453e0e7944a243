#include "sync/collector/survey_route.hpp"

#include <httplib.h>

#include <cstdio>
#include <ctime>

#include "kiosk/core/response.hpp"
#include "sync/collector/device_auth.hpp"
#include "sync/collector/request_headers.hpp"
#include "sync/collector/survey_assignments.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/http_surface.hpp"
#include "sync/protocol/survey_delivery.hpp"

namespace standpoint {

namespace {

// Milliseconds since 1970 of format_utc's form (checked by is_utc_timestamp before).
std::int64_t utc_ms(const std::string& text) {
    std::tm parts{};
    int ms = 0;
    std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &parts.tm_year, &parts.tm_mon,
                &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &ms);
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&parts)) * 1000 + ms;
}

void send_error(httplib::Response& res, int status, const std::string& reason) {
    res.status = status;
    res.set_content(encode_error(reason), "application/json");
}

void handle_survey(CollectorStore& store, const SigningKey& key, const httplib::Request& req,
                   httplib::Response& res) {
    const std::string device_id = req.matches[1];
    if (!is_uuid(device_id)) return send_error(res, 404, "unknown device path");
    if (auto refused = authenticate_device(store, req, device_id)) {
        return send_error(res, refused->http_status, refused->reason);
    }
    auto heartbeat = read_heartbeat(
        [&req](std::string_view name) { return header_value(req, name); });
    if (!heartbeat) return send_error(res, 400, heartbeat.error().message);
    const std::string now = utc_now_text();
    KioskHeartbeat beat{device_id, now, *heartbeat, utc_ms(heartbeat->clock_utc) - utc_ms(now)};
    if (Status kept = record_heartbeat(store, beat); !kept) {
        std::fprintf(stderr, "standpoint-collector: heartbeat of %s not kept: %s\n",
                     device_id.c_str(), kept.error().message.c_str());
        return send_error(res, 503, "store unavailable");
    }
    auto assigned = assignment_for(store, device_id, heartbeat->event_id);
    if (!assigned) return send_error(res, 503, "store unavailable");
    // Nothing assigned, or the kiosk runs it already: nothing to download.
    if (!assigned->has_value() || (*assigned)->sha256 == heartbeat->survey_sha256) {
        res.status = 204;
        return;
    }
    const SurveyAssignment& a = **assigned;
    const std::string body = encode_survey_delivery(
        {device_id, now, a.target_kind, a.target_kind == "event" ? a.target : "", a.definition,
         a.sha256});
    res.status = 200;
    res.set_header(std::string(http_surface::signature_header).c_str(),
                   key.sign(SignedKind::survey_delivery, body));
    res.set_content(body, "application/json");
}

}  // namespace

void install_survey_route(httplib::Server& server, CollectorStore& store, SigningKey signing_key) {
    server.Get(std::string(http_surface::survey_route),
               [&store, key = std::move(signing_key)](const httplib::Request& req,
                                                      httplib::Response& res) {
                   handle_survey(store, key, req, res);
               });
}

}  // namespace standpoint
