#include "kiosk/core/ui_text.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace standpoint;

namespace {

std::string read_asset(const std::string& language) {
    std::ifstream file(std::string(STANDPOINT_SOURCE_DIR) + "/assets/i18n/" + language + ".json",
                       std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

UiText two_languages() {
    UiText text;
    REQUIRE(text.add_language("en", R"({"language.name": "English", "nav.next": "Next",
                                        "nav.back": "Back"})",
                              "en.json")
                .ok());
    REQUIRE(
        text.add_language("cy", R"({"language.name": "Cymraeg", "nav.next": "Nesaf"})", "cy.json")
            .ok());
    return text;
}

}  // namespace

TEST_CASE("a text is found in the asked language") {
    const UiText text = two_languages();
    CHECK(text.get("cy", "nav.next") == "Nesaf");
    CHECK(text.get("en", "nav.next") == "Next");
}

TEST_CASE("a missing translation falls back to English") {
    const UiText text = two_languages();
    CHECK(text.get("cy", "nav.back") == "Back");
    CHECK(text.get("pl", "nav.back") == "Back");
}

TEST_CASE("a key missing everywhere shows as the key itself, not as a blank") {
    const UiText text = two_languages();
    const std::string& shown = text.get("cy", std::string("nav.nowhere"));
    CHECK(shown == "nav.nowhere");  // still valid after the temporary argument died
}

TEST_CASE("a language is named in itself") {
    const UiText text = two_languages();
    CHECK(text.native_name("cy") == "Cymraeg");
    CHECK(text.has_language("cy"));
    CHECK_FALSE(text.has_language("pl"));
}

TEST_CASE("broken JSON is refused with the file's name") {
    UiText text;
    const Status status = text.add_language("cy", R"({"language.name": "Cymraeg",)", "cy.json");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("cy.json") != std::string::npos);
    CHECK_FALSE(text.has_language("cy"));
}

TEST_CASE("a non-string value is refused and named") {
    UiText text;
    const Status status =
        text.add_language("en", R"({"language.name": "English", "nav.next": 3})", "en.json");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("nav.next") != std::string::npos);
}

TEST_CASE("all_text holds every language's strings for the font atlas") {
    const UiText text = two_languages();
    const std::string all = text.all_text();
    CHECK(all.find("Cymraeg") != std::string::npos);
    CHECK(all.find("Back") != std::string::npos);
}

TEST_CASE("the shipped English, Welsh and Polish files load and have the same keys") {
    std::set<std::string> key_sets[3];
    const char* languages[] = {"en", "cy", "pl"};
    UiText text;
    for (int i = 0; i < 3; ++i) {
        const std::string bytes = read_asset(languages[i]);
        REQUIRE(text.add_language(languages[i], bytes, std::string(languages[i]) + ".json").ok());
        const nlohmann::json parsed = nlohmann::json::parse(bytes);
        for (const auto& [key, value] : parsed.items()) {
            key_sets[i].insert(key);
            CHECK_MESSAGE(!value.get<std::string>().empty(), languages[i], " ", key);
        }
    }
    CHECK(key_sets[0] == key_sets[1]);
    CHECK(key_sets[0] == key_sets[2]);
    CHECK(text.native_name("pl") == "Polski");
    CHECK(text.get("cy", "still_there.button") == "Rydw i yma o hyd");
}
