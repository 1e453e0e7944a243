// The kiosk's inbox for surveys from the collector: what it stages, and the signed answers it
// will not take (a replay of an older one).
#include "kiosk/app/survey_inbox.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kiosk/core/sha256.hpp"
#include "tests/temp_dir.hpp"

using namespace standpoint;
using standpoint::testing::TempDir;

namespace {

std::string demo_survey(int version) {
    std::ifstream file(std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/quick-smiley.json");
    std::stringstream text;
    text << file.rdbuf();
    std::string bytes = text.str();
    // Another version makes another survey (another sha256) of the same shape.
    const std::string first = "\"version\": 1,";
    const auto at = bytes.find(first);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, first.size(), "\"version\": " + std::to_string(version) + ",");
    return bytes;
}

SurveyDelivery delivery(const std::string& issued_at, int version) {
    SurveyDelivery d;
    d.device_id = "0b8e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
    d.issued_at = issued_at;
    d.assigned_to = "kiosk";
    d.definition = demo_survey(version);
    d.sha256 = sha256_hex(d.definition);
    return d;
}

}  // namespace

TEST_CASE("an older signed answer than one already staged is a replay and is refused") {
    TempDir data;
    app::SurveyInbox inbox(data.path());
    const SurveyDelivery sunday = delivery("2026-12-06T09:00:00.000Z", 2);
    auto staged = inbox.stage(sunday, "");
    REQUIRE_MESSAGE(staged.ok(), staged.error().message);
    REQUIRE(staged->has_value());

    // The Saturday answer, captured earlier and sent again by something in between.
    const SurveyDelivery saturday = delivery("2026-12-05T09:00:00.000Z", 1);
    auto replayed = inbox.stage(saturday, sunday.sha256);
    REQUIRE_FALSE(replayed.ok());
    CHECK(replayed.error().message.find("old answer sent again") != std::string::npos);

    SUBCASE("a newer answer is still taken, also after a restart") {
        app::SurveyInbox restarted(data.path());
        const SurveyDelivery monday = delivery("2026-12-07T09:00:00.000Z", 3);
        auto later = restarted.stage(monday, sunday.sha256);
        REQUIRE_MESSAGE(later.ok(), later.error().message);
        CHECK(later->has_value());
        CHECK_FALSE(restarted.stage(saturday, monday.sha256).ok());
    }
}
