#include "sync/protocol/survey_delivery.hpp"

#include <charconv>
#include <optional>
#include <nlohmann/json.hpp>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

using namespace http_surface;

namespace {

// An app version is a short run of printable ASCII without spaces ("0.1.0", "0.2.0-rc1").
bool is_version_text(std::string_view text) {
    if (text.empty() || text.size() > max_app_version_bytes) return false;
    for (char c : text)
        if (c <= ' ' || c > '~') return false;
    return true;
}

std::string percent_encode(std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

Result<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return Error{"a cut escape"};
        unsigned value = 0;
        const auto [end, problem] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        if (problem != std::errc() || end != text.data() + i + 3) return Error{"a bad escape"};
        out += static_cast<char>(value);
        i += 2;
    }
    return out;
}

}  // namespace

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::vector<std::string> heartbeat_headers(const Heartbeat& heartbeat) {
    std::vector<std::string> lines{
        header_line(pending_header, std::to_string(heartbeat.pending)),
        header_line(app_version_header, heartbeat.app_version),
        header_line(kiosk_clock_header, heartbeat.clock_utc),
    };
    if (!heartbeat.event_id.empty())
        lines.push_back(header_line(kiosk_event_header, percent_encode(heartbeat.event_id)));
    if (!heartbeat.survey_sha256.empty())
        lines.push_back(header_line(running_survey_header, heartbeat.survey_sha256));
    return lines;
}

Result<Heartbeat> read_heartbeat(const std::function<std::string(std::string_view)>& header) {
    Heartbeat heartbeat;
    const std::string pending = header(pending_header);
    const auto [end, problem] =
        std::from_chars(pending.data(), pending.data() + pending.size(), heartbeat.pending);
    if (pending.empty() || problem != std::errc() || end != pending.data() + pending.size() ||
        heartbeat.pending < 0 || heartbeat.pending > (std::int64_t{1} << 53)) {
        return Error{std::string(pending_header) + " must be a count of responses"};
    }
    heartbeat.app_version = header(app_version_header);
    if (!is_version_text(heartbeat.app_version))
        return Error{std::string(app_version_header) + " must be up to 64 printable characters"};
    heartbeat.clock_utc = header(kiosk_clock_header);
    if (!is_utc_timestamp(heartbeat.clock_utc))
        return Error{std::string(kiosk_clock_header) + " must be a UTC time YYYY-MM-DDTHH:MM:SS.mmmZ"};
    const std::string event = header(kiosk_event_header);
    if (event.size() > 3 * max_event_id_bytes)
        return Error{std::string(kiosk_event_header) + " is too long"};
    auto decoded = percent_decode(event);
    if (!decoded || decoded->size() > max_event_id_bytes)
        return Error{std::string(kiosk_event_header) + " must be a percent-encoded event id"};
    heartbeat.event_id = std::move(*decoded);
    heartbeat.survey_sha256 = header(running_survey_header);
    if (!heartbeat.survey_sha256.empty() && !is_sha256_hex(heartbeat.survey_sha256))
        return Error{std::string(running_survey_header) + " must be 64 lower-case hex digits"};
    return heartbeat;
}

std::string encode_survey_delivery(const SurveyDelivery& delivery) {
    nlohmann::ordered_json body;
    body["format"] = survey_delivery_format;
    body["device_id"] = delivery.device_id;
    body["issued_at"] = delivery.issued_at;
    body["assigned_to"] = delivery.assigned_to;
    body["event"] = delivery.event_id;
    body["sha256"] = delivery.sha256;
    body["definition"] = delivery.definition;
    return body.dump(-1, ' ', true);
}

Result<SurveyDelivery> open_survey_delivery(std::string_view body, std::string_view signature_hex,
                                            std::string_view collector_key_hex,
                                            std::string_view device_id) {
    const std::string refused = "The survey from the collector was refused: ";
    if (body.size() > max_survey_delivery_bytes) return Error{refused + "it is too large."};
    if (!verify_signature(collector_key_hex, SignedKind::survey_delivery, body, signature_hex)) {
        return Error{refused +
                     "it is not signed by the collector this kiosk was set up with (a proxy, a "
                     "captive portal, or another collector answered)."};
    }
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const auto text = [&](const char* name) -> std::optional<std::string> {
        if (!json.is_object()) return std::nullopt;
        const auto found = json.find(name);
        if (found == json.end() || !found->is_string()) return std::nullopt;
        return found->get<std::string>();
    };
    SurveyDelivery delivery;
    const auto format = text("format");
    const auto device = text("device_id");
    const auto issued = text("issued_at");
    const auto assigned = text("assigned_to");
    const auto event = text("event");
    const auto sha = text("sha256");
    const auto definition = text("definition");
    if (!format || *format != survey_delivery_format || !device || !issued || !assigned ||
        !event || !sha || !definition) {
        return Error{refused + "it is not a " + std::string(survey_delivery_format) + " answer."};
    }
    if (*device != device_id) return Error{refused + "it was made for another kiosk."};
    if (!is_utc_timestamp(*issued) || (*assigned != "kiosk" && *assigned != "event") ||
        event->size() > max_event_id_bytes) {
        return Error{refused + "its issued_at, assigned_to or event is malformed."};
    }
    if (definition->size() > max_survey_definition_bytes)
        return Error{refused + "its survey is larger than a kiosk accepts."};
    if (!is_sha256_hex(*sha) || sha256_hex(*definition) != *sha)
        return Error{refused + "its sha256 is not the survey's."};
    delivery.device_id = *device;
    delivery.issued_at = *issued;
    delivery.assigned_to = *assigned;
    delivery.event_id = *event;
    delivery.definition = *definition;
    delivery.sha256 = *sha;
    return delivery;
}

}  // namespace standpoint
