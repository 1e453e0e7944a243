// The export folder's texts: manifest.json written by the one writer reads back the same through
// the one reader (kiosk and collector share both), and the reader refuses what no kiosk writes.
#include "sync/protocol/export_folder.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/sha256.hpp"

using namespace standpoint;

namespace {

const std::string device = "0b8e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
const std::string hash_a = sha256_hex("a");
const std::string hash_b = sha256_hex("b");

ExportManifest full_manifest() {
    ExportManifest m;
    m.created_at = "2026-11-23T18:00:00.000Z";
    m.device_id = device;
    m.event_id = "Gala 2026";
    m.events = {"Gala 2026"};
    m.from_date = "2026-11-23";
    m.to_date = "2026-11-24";
    m.first_completed_at = "2026-11-23T09:00:00.000Z";
    m.last_completed_at = "2026-11-24T17:59:00.000Z";
    m.responses = 12;
    m.complete = 10;
    m.partial = 2;
    m.damaged = 1;
    m.surveys = {{{"gala-feedback", 3, hash_a}, 12}};
    m.personal_data_included = false;
    m.withheld_questions = {"postcode"};
    m.sealed_file = export_file::personal_sealed;
    m.sealed_to = hash_b;
    m.files = {{export_file::responses_jsonl, 100, hash_a},
               {export_file::surveys_json, 20, hash_b},
               {export_file::personal_sealed, 7, hash_a}};
    return m;
}

void check_same(const ExportManifest& a, const ExportManifest& b) {
    CHECK(a.created_at == b.created_at);
    CHECK(a.device_id == b.device_id);
    CHECK(a.event_id == b.event_id);
    CHECK(a.events == b.events);
    CHECK(a.from_date == b.from_date);
    CHECK(a.to_date == b.to_date);
    CHECK(a.first_completed_at == b.first_completed_at);
    CHECK(a.last_completed_at == b.last_completed_at);
    CHECK(a.responses == b.responses);
    CHECK(a.complete == b.complete);
    CHECK(a.partial == b.partial);
    CHECK(a.damaged == b.damaged);
    REQUIRE(a.surveys.size() == b.surveys.size());
    for (std::size_t i = 0; i < a.surveys.size(); ++i) {
        CHECK(a.surveys[i].ref == b.surveys[i].ref);
        CHECK(a.surveys[i].responses == b.surveys[i].responses);
    }
    CHECK(a.personal_data_included == b.personal_data_included);
    CHECK(a.withheld_questions == b.withheld_questions);
    CHECK(a.sealed_file == b.sealed_file);
    CHECK(a.sealed_to == b.sealed_to);
    REQUIRE(a.files.size() == b.files.size());
    for (std::size_t i = 0; i < a.files.size(); ++i) {
        CHECK(a.files[i].name == b.files[i].name);
        CHECK(a.files[i].bytes == b.files[i].bytes);
        CHECK(a.files[i].sha256 == b.files[i].sha256);
    }
}

}  // namespace

TEST_CASE("manifest.json: what the writer writes, the reader reads back unchanged") {
    const ExportManifest written = full_manifest();
    const std::string text = export_manifest_json(written);
    auto read = parse_export_manifest(text);
    REQUIRE_MESSAGE(read.ok(), read.error().message);
    check_same(written, read.value());
    CHECK(export_manifest_json(read.value()) == text);  // byte for byte

    SUBCASE("every event, no dates, nothing sealed: nulls read back as absent") {
        ExportManifest all = written;
        all.event_id.clear();
        all.from_date.reset();
        all.to_date.reset();
        all.sealed_file.clear();
        all.sealed_to.clear();
        all.files.pop_back();
        const std::string all_text = export_manifest_json(all);
        CHECK(nlohmann::json::parse(all_text)["event_id"].is_null());
        auto again = parse_export_manifest(all_text);
        REQUIRE(again.ok());
        check_same(all, again.value());
    }
}

TEST_CASE("manifest.json: the reader refuses what no kiosk writes, naming the file") {
    auto refuse = [](ExportManifest m) {
        auto read = parse_export_manifest(export_manifest_json(m));
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().message.rfind("manifest.json", 0) == 0);
    };
    ExportManifest m = full_manifest();
    SUBCASE("a device id that is not a kiosk's") {
        m.device_id = "../etc";
        refuse(m);
    }
    SUBCASE("a file outside the folder") {
        m.files[0].name = "../responses.jsonl";
        refuse(m);
    }
    SUBCASE("a file listed twice") {
        m.files[1].name = m.files[0].name;
        refuse(m);
    }
    SUBCASE("a hash that is not one") {
        m.files[0].sha256 = "abc";
        refuse(m);
    }
    SUBCASE("the sealed file not listed") {
        m.files.pop_back();
        refuse(m);
    }
    SUBCASE("responses.jsonl not listed") {
        m.files.erase(m.files.begin());
        refuse(m);
    }

    SUBCASE("another format") {
        std::string text = export_manifest_json(m);
        text.replace(text.find("standpoint-export/1"), 19, "standpoint-export/9");
        CHECK_FALSE(parse_export_manifest(text).ok());
    }
    SUBCASE("larger than any export writes") {
        CHECK_FALSE(parse_export_manifest(std::string(max_manifest_bytes + 1, ' ')).ok());
    }
}

TEST_CASE("surveys.json: written and read by the same rules; a changed definition is refused") {
    const std::string definition = R"({"format":"standpoint-survey/1","id":"gala"})";
    const std::vector<SurveyDefinition> surveys{{{"gala", 2, sha256_hex(definition)}, definition}};
    auto text = export_surveys_json(surveys);
    REQUIRE(text.ok());
    auto read = parse_export_surveys(text.value());
    REQUIRE(read.ok());
    CHECK(read.value() == surveys);

    std::string changed = text.value();
    changed.replace(changed.find("gala\\\""), 4, "fair");
    CHECK_FALSE(parse_export_surveys(changed).ok());
}
