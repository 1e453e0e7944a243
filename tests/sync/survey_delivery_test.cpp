// Surveys out to kiosks, the pure part (sync/protocol/survey_delivery.hpp): what the kiosk accepts
// from the survey request, and the heartbeat headers the collector reads back.
#include "sync/protocol/survey_delivery.hpp"

#include <doctest/doctest.h>

#include <map>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {
namespace {

using namespace http_surface;

const std::string device = "0190f3b2-7c1a-7def-8abc-0123456789ab";

SigningKey collector_key() {
    auto key = SigningKey::from_seed(std::string(32, 'c'));
    REQUIRE(key.ok());
    return *key;
}

SurveyDelivery delivery(const std::string& definition = R"({"format": "standpoint-survey/1"})") {
    return {device, "2026-12-04T23:00:00.000Z", "event", "gala-2026", definition,
            sha256_hex(definition)};
}

struct Signed {
    std::string body, signature;
};

Signed signed_by(const SigningKey& key, const SurveyDelivery& made = delivery()) {
    Signed out{encode_survey_delivery(made), ""};
    out.signature = key.sign(SignedKind::survey_delivery, out.body);
    return out;
}

}  // namespace

TEST_CASE("a survey signed by the collector's key opens, for its kiosk") {
    const SigningKey key = collector_key();
    const Signed answer = signed_by(key);
    auto opened = open_survey_delivery(answer.body, answer.signature, key.public_key_hex(), device);
    REQUIRE(opened.ok());
    CHECK(opened->definition == delivery().definition);
    CHECK(opened->event_id == "gala-2026");
}

TEST_CASE("a forged, tampered or misdirected survey is refused") {
    const SigningKey key = collector_key();
    const Signed answer = signed_by(key);
    auto other = SigningKey::from_seed(std::string(32, 'p'));  // a portal's or another collector's
    REQUIRE(other.ok());

    SUBCASE("signed by another key") {
        const Signed forged = signed_by(*other);
        auto opened = open_survey_delivery(forged.body, forged.signature, key.public_key_hex(), device);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.find("not signed by the collector") != std::string::npos);
    }
    SUBCASE("one byte of the body changed after signing") {
        std::string body = answer.body;
        body[body.find("gala-2026")] = 'G';
        CHECK_FALSE(open_survey_delivery(body, answer.signature, key.public_key_hex(), device).ok());
    }
    SUBCASE("no signature, or a malformed one") {
        CHECK_FALSE(open_survey_delivery(answer.body, "", key.public_key_hex(), device).ok());
        CHECK_FALSE(open_survey_delivery(answer.body, "zz", key.public_key_hex(), device).ok());
    }
    SUBCASE("a batch signature by the same key is not a survey signature") {
        const std::string batch_signature = key.sign(SignedKind::batch, answer.body);
        CHECK_FALSE(
            open_survey_delivery(answer.body, batch_signature, key.public_key_hex(), device).ok());
    }
    SUBCASE("made for another kiosk") {
        auto opened = open_survey_delivery(answer.body, answer.signature, key.public_key_hex(),
                                           "0190f3b2-7c1a-7def-8abc-000000000000");
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.find("another kiosk") != std::string::npos);
    }
    SUBCASE("signed, but its sha256 is not the definition's") {
        SurveyDelivery lying = delivery();
        lying.sha256 = sha256_hex("something else");
        const Signed made = signed_by(key, lying);
        CHECK_FALSE(open_survey_delivery(made.body, made.signature, key.public_key_hex(), device).ok());
    }
}

TEST_CASE("an oversize survey is refused before its signature is checked") {
    const SigningKey key = collector_key();
    const std::string huge(max_survey_delivery_bytes + 1, ' ');
    auto opened = open_survey_delivery(huge, key.sign(SignedKind::survey_delivery, huge),
                                       key.public_key_hex(), device);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("too large") != std::string::npos);
    // A definition over the batch limit cannot travel on even when the whole answer fits.
    const std::string big_definition(max_survey_definition_bytes + 1, 'x');
    const Signed made = signed_by(key, delivery(big_definition));
    REQUIRE(made.body.size() <= max_survey_delivery_bytes);
    CHECK_FALSE(open_survey_delivery(made.body, made.signature, key.public_key_hex(), device).ok());
}

TEST_CASE("the heartbeat's headers read back, and bad values are refused") {
    const Heartbeat sent{12, "0.1.0", "2026-12-04T23:00:00.000Z", "Gala: 2026/ü",
                         sha256_hex("survey")};
    std::map<std::string, std::string> headers;
    for (const std::string& line : heartbeat_headers(sent)) {
        const auto colon = line.find(": ");
        headers[line.substr(0, colon)] = line.substr(colon + 2);
        for (char c : line) CHECK(static_cast<unsigned char>(c) < 0x80);  // ASCII on the wire
    }
    auto reader = [&](std::string_view name) {
        const auto found = headers.find(std::string(name));
        return found == headers.end() ? std::string() : found->second;
    };
    auto read = read_heartbeat(reader);
    REQUIRE(read.ok());
    CHECK(read->pending == 12);
    CHECK(read->event_id == "Gala: 2026/ü");
    CHECK(read->survey_sha256 == sent.survey_sha256);

    const std::pair<std::string_view, const char*> bad[] = {
        {pending_header, "-1"},          {pending_header, "12abc"},
        {pending_header, ""},            {app_version_header, "0.1 0"},
        {kiosk_clock_header, "yesterday"}, {kiosk_event_header, "%zz"},
        {running_survey_header, "ABC"},
    };
    for (const auto& [name, value] : bad) {
        CAPTURE(name);
        CAPTURE(value);
        auto changed = headers;
        changed[std::string(name)] = value;
        auto refused = read_heartbeat([&](std::string_view header) {
            const auto found = changed.find(std::string(header));
            return found == changed.end() ? std::string() : found->second;
        });
        CHECK_FALSE(refused.ok());
    }
}

}  // namespace standpoint
