// The protocol's HTTP surface: every path and header name the kiosk and the collector agree on,
// in one place. docs/sync-protocol.md describes what each one means.
#pragma once

#include <string>
#include <string_view>

namespace standpoint::http_surface {

// ---- paths ----
inline constexpr std::string_view ping_path = "/v1/ping";      // 204, no auth: "is it there?"
inline constexpr std::string_view health_path = "/v1/health";  // the same, the older name
// A kiosk's batches: POST /v1/kiosks/{device_id}/batches.
inline constexpr std::string_view batches_route = R"(/v1/kiosks/([^/]+)/batches)";
inline std::string batches_path(std::string_view device_id) {
    return "/v1/kiosks/" + std::string(device_id) + "/batches";
}
// A kiosk's heartbeat and the survey assigned to it: GET /v1/kiosks/{device_id}/survey
// (docs/sync-protocol.md "Surveys out to kiosks").
inline constexpr std::string_view survey_route = R"(/v1/kiosks/([^/]+)/survey)";
inline std::string survey_path(std::string_view device_id) {
    return "/v1/kiosks/" + std::string(device_id) + "/survey";
}

// ---- headers ----
// On every answer from a collector: "standpoint; epoch=<id>". A reply without it came from
// something else (a captive portal, a proxy) and proves nothing.
inline constexpr std::string_view collector_header = "X-Collector";
inline constexpr std::string_view collector_marker = "standpoint";
// "Bearer <token>": the kiosk's token, as the collector issued it.
inline constexpr std::string_view authorization_header = "Authorization";
inline constexpr std::string_view bearer_prefix = "Bearer ";
// Must equal the batch's batch_id: a retried POST is recognised before its body is read.
inline constexpr std::string_view idempotency_key_header = "Idempotency-Key";
// Batch bodies are gzip-compressed JSON.
inline constexpr std::string_view content_type_header = "Content-Type";
inline constexpr std::string_view content_encoding_header = "Content-Encoding";
inline constexpr std::string_view batch_content_encoding = "gzip";
inline constexpr std::string_view batch_content_type = "application/json";
// Seconds a client waits before trying again after a 503 or 429.
inline constexpr std::string_view retry_after_header = "Retry-After";
// The batch signature (batch/1 stays as it is): the kiosk's public key and the signature over
// the exact JSON body (before gzip), both lower-case hex.
inline constexpr std::string_view signature_key_header = "X-Standpoint-Key";
inline constexpr std::string_view signature_header = "X-Standpoint-Signature";
// The same header on the answer to the survey request carries the collector's signature.
// The heartbeat, on the survey request:
inline constexpr std::string_view pending_header = "X-Standpoint-Pending";          // count
inline constexpr std::string_view app_version_header = "X-Standpoint-App-Version";  // "0.1.0"
inline constexpr std::string_view kiosk_clock_header = "X-Standpoint-Clock";  // UTC, format_utc
inline constexpr std::string_view kiosk_event_header = "X-Standpoint-Event";  // percent-encoded
// The sha256 of the survey definition the kiosk runs: 204 when it is the assigned one.
inline constexpr std::string_view running_survey_header = "X-Standpoint-Survey";

// On the ping and health answers: the batch formats the collector takes, space-separated
// (batch.hpp accepted_batch_formats). A collector from before batch/2 sends no such header, and a
// kiosk then sends batch/1.
inline constexpr std::string_view batch_formats_header = "X-Standpoint-Batch-Formats";
// On the 409 refusing a batch/2 whose responses name a survey the collector does not hold and the
// batch does not carry: that survey's sha256. The kiosk re-freezes the batch with the definition.
inline constexpr std::string_view missing_survey_header = "X-Standpoint-Missing-Survey";

// "Name: value", as libcurl's header list and a raw answer take a header.
inline std::string header_line(std::string_view name, std::string_view value) {
    std::string line(name);
    line += ": ";
    line += value;
    return line;
}

}  // namespace standpoint::http_surface
