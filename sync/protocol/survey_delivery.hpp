// Surveys out to kiosks, and the kiosk's heartbeat (docs/sync-protocol.md "Surveys out to
// kiosks"): the one request a kiosk makes after each sync, its headers, and the signed answer.
// Pure: bytes in, bytes out. The collector encodes and signs; the kiosk opens and checks, against
// the collector's signing key it was set up with, so a captive portal or a proxy that answers in
// the collector's place cannot hand a kiosk a survey.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/protocol/http_surface.hpp"

namespace standpoint {

// The request's path and headers: sync/protocol/http_surface.hpp (survey_path, pending_header...).
inline constexpr std::string_view survey_delivery_format = "standpoint-survey-delivery/1";
// The whole signed answer; a kiosk stops reading past this. The definition is at most
// max_survey_definition_bytes (batch.hpp: batches carry it too), written as an ASCII JSON string:
// a Welsh or Urdu survey's escapes roughly double it, so 8 MiB bounds memory with room to spare.
inline constexpr std::size_t max_survey_delivery_bytes = 8u * 1024u * 1024u;
inline constexpr std::size_t max_app_version_bytes = 64;

struct Heartbeat {
    std::int64_t pending = 0;
    std::string app_version;
    std::string clock_utc;      // the kiosk's clock when it asked
    std::string event_id;       // "" when staff set none
    std::string survey_sha256;  // the survey it runs
};

// "Name: value" lines for the request (ASCII only; the event id percent-encoded).
std::vector<std::string> heartbeat_headers(const Heartbeat& heartbeat);
// What the collector reads back from those headers (`header(name)` gives "" when absent); every
// value checked: an Error names the header.
Result<Heartbeat> read_heartbeat(const std::function<std::string(std::string_view)>& header);

struct SurveyDelivery {
    std::string device_id;    // the kiosk it is for: an answer for one kiosk is refused by another
    std::string issued_at;    // the collector's clock, format_utc's form
    std::string assigned_to;  // "kiosk" or "event"
    std::string event_id;     // the event it was assigned to ("" for a kiosk assignment)
    std::string definition;   // the exact survey JSON bytes the kiosk stages and runs
    std::string sha256;       // of definition
};

std::string encode_survey_delivery(const SurveyDelivery& delivery);  // ASCII JSON

// 64 lower-case hex digits: how a survey's sha256 is written everywhere here.
bool is_sha256_hex(std::string_view text);

// The body and signature as the kiosk received them, checked in this order before a byte is
// parsed: size, the signature by `collector_key_hex` over the exact body, then the shape, that
// it is for `device_id`, and that sha256 is the definition's. The definition's own survey
// checks are the caller's (load_survey_bytes).
Result<SurveyDelivery> open_survey_delivery(std::string_view body, std::string_view signature_hex,
                                            std::string_view collector_key_hex,
                                            std::string_view device_id);

}  // namespace standpoint
