// standpoint-batch/2 (docs/sync-protocol.md "Batch body, standpoint-batch/2").
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"
#include "tests/sync/protocol_records.hpp"

using namespace standpoint;
using namespace standpoint::test;
using nlohmann::json;

namespace {

const std::string other_survey = R"({"format":"standpoint-survey/1","id":"library"})";

Batch sample_v2() {
    Batch b;
    b.format_version = 2;
    b.device_id = device;
    b.batch_id = "6d1f0c1e-0e9b-4b55-9a5d-2b7f6c0b8e11";
    b.first_seq = 1;
    b.last_seq = 4;
    b.surveys.push_back({{"gala-feedback", 1, sha256_hex(survey_bytes)}, survey_bytes});
    b.responses.push_back(record(1, R"({"recommend":9,"visit":5})"));
    // Odd spacing, escapes, two- three- and four-byte UTF-8 and a control escape: all kept.
    b.responses.push_back(record(2,
                                 "{ \"better\" : \"caf\xC3\xA9 \\u00e9\\n\\\"q\\\" \xE2\x9C\x93 "
                                 "\xF0\x9F\x98\x80\\t\",  \"visit\":1 }"));
    b.responses.push_back(record(3, R"({"visit":2})"));
    b.responses[2].event_id = "Library week";  // a second context
    b.responses.push_back(record(4, R"({"visit":3})"));
    b.responses[3].survey = {"library", 2, sha256_hex(other_survey)};  // a third
    b.responses[3].status = "partial";
    b.responses[3].utc_offset_minutes = -300;
    return b;
}

template <class Change>
Result<Batch> decode_changed(Change change) {
    json body = json::parse(encode_batch(sample_v2()));
    change(body);
    return decode_batch(body.dump());
}

}  // namespace

TEST_CASE("a batch/2 survives encode and decode, with each hash the one the kiosk stored") {
    const Batch b = sample_v2();
    const auto decoded = decode_batch(encode_batch(b));
    REQUIRE(decoded.ok());
    CHECK(decoded->format_version == 2);
    CHECK(*decoded == b);  // every field, answer bytes and the recomputed sha256 included
    CHECK(decoded->responses[1].answers_json == b.responses[1].answers_json);
}

TEST_CASE("a batch/2 writes shared fields once, no per-response hash, and plain ASCII") {
    const Batch b = sample_v2();
    const std::string text = encode_batch(b);
    for (char c : text) CHECK(static_cast<unsigned char>(c) < 0x80);
    const json body = json::parse(text);
    CHECK(body["format"] == "standpoint-batch/2");
    CHECK(body["contexts"].size() == 3);
    CHECK(body["rows"].size() == 4);
    CHECK(body["rows"][0].size() == 9);
    // The device id once (the batch's), no answer hash at all.
    std::size_t devices = 0;
    for (auto at = text.find(device); at != std::string::npos; at = text.find(device, at + 1))
        ++devices;
    CHECK(devices == 1);
    for (const ResponseRecord& r : b.responses) CHECK(text.find(r.sha256) == std::string::npos);
}

TEST_CASE("a batch/2 refuses to encode answer bytes that are not UTF-8") {
    Batch b = sample_v2();
    b.responses[0] = record(1, "{\"better\":\"\xC3\"}");
    CHECK_THROWS(encode_batch(b));
}

TEST_CASE("a batch/2 whose answer bytes were changed decodes to a hash the kiosk never stored") {
    // No hash travels: the body's signature is what makes changed bytes detectable, and what is
    // stored is the hash of the bytes received, so a collector holding a different hash for the
    // same id keeps it as a conflict.
    const auto changed = decode_changed([](json& b) { b["rows"][0][8] = R"({"recommend":1})"; });
    REQUIRE(changed.ok());
    CHECK(changed->responses[0].sha256 != sample_v2().responses[0].sha256);
    CHECK(changed->responses[0].sha256 == sha256_hex(R"({"recommend":1})"));
}

TEST_CASE("batch/2 rows and contexts out of shape are rejected") {
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0].erase(8); }).ok());      // 8 columns
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0].push_back(1); }).ok());  // 10
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0] = json::object(); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][0] = 3; }).ok());  // no such context
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][0] = -1; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][0] = "0"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][1] = "1"; }).ok());  // not a UUID
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][2] = 0; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][2] = 1.5; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][2] = 18446744073709551615u; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][3] = "yesterday"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][4] = 5; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][5] = 5000; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][6] = "e n"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][7] = "done"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][8] = "[1,2]"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][0][8] = json::object(); }).ok());
    CHECK_FALSE(
        decode_changed([](json& b) { b["rows"][1][1] = b["rows"][0][1]; }).ok());  // id twice
    CHECK_FALSE(decode_changed([](json& b) { b["rows"][1][2] = 1; }).ok());        // seq twice
    CHECK_FALSE(decode_changed([](json& b) { b["last_seq"] = 3; }).ok());          // seq 4 outside
    CHECK_FALSE(decode_changed([](json& b) { b["contexts"][0]["event"] = 1; }).ok());
    CHECK_FALSE(
        decode_changed([](json& b) { b["contexts"][0]["event"] = std::string(201, 'e'); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["contexts"][0]["survey"]["sha256"] = "x"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["contexts"][0].erase("survey"); }).ok());
    CHECK_FALSE(decode_changed([](json& b) {
                    for (int i = 0; i < 5; ++i)
                        b["contexts"].push_back(b["contexts"][0]);  // more than rows
                }).ok());
    for (const char* key :
         {"device_id", "batch_id", "first_seq", "last_seq", "surveys", "contexts", "rows"}) {
        CAPTURE(key);
        CHECK_FALSE(decode_changed([&](json& b) { b.erase(key); }).ok());
    }
    CHECK_FALSE(decode_changed([](json& b) { b["rows"] = json::array(); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["surveys"][0]["definition"] = "{}"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["format"] = "standpoint-batch/3"; }).ok());
    // The definitions may be left out: the collector decides whether it holds them.
    CHECK(decode_changed([](json& b) { b["surveys"] = json::array(); }).ok());
}

TEST_CASE("a batch body is held to its shape limits in the one parse that builds it") {
    // 300,000 empty rows: refused at the value limit, long before a DOM of them is built.
    std::string bomb = R"({"format":"standpoint-batch/2","rows":[)";
    for (int i = 0; i < 300'000; ++i) bomb += i == 0 ? "[]" : ",[]";
    bomb += "]}";
    const auto refused = decode_batch(bomb);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("values") != std::string::npos);
    const auto deep = decode_batch(std::string(50, '[') + std::string(50, ']'));
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().message.find("nests deeper") != std::string::npos);
    CHECK(decode_batch("{\"format\":").error().message.find("not valid JSON") != std::string::npos);
}

TEST_CASE("a ping's list of formats names batch/2 only as a whole word") {
    CHECK(names_batch_format_v2(accepted_batch_formats));
    CHECK(names_batch_format_v2("standpoint-batch/2"));
    CHECK_FALSE(names_batch_format_v2(""));
    CHECK_FALSE(names_batch_format_v2("standpoint-batch/1"));
    CHECK_FALSE(names_batch_format_v2("standpoint-batch/20 standpoint-batch/1"));
    CHECK_FALSE(names_batch_format_v2("xstandpoint-batch/2"));
}
