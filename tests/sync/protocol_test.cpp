#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"
#include "tests/sync/protocol_records.hpp"
#include "sync/protocol/gzip.hpp"
#include "sync/protocol/sealed_box.hpp"
#include "sync/protocol/signature.hpp"

using namespace standpoint;
using namespace standpoint::test;
using nlohmann::json;

namespace {


Batch sample_batch() {
    Batch b;
    b.device_id = device;
    b.batch_id = "6d1f0c1e-0e9b-4b55-9a5d-2b7f6c0b8e11";
    b.first_seq = 1;
    b.last_seq = 3;
    b.surveys.push_back({{"gala-feedback", 1, sha256_hex(survey_bytes)}, survey_bytes});
    for (int n = 1; n <= 3; ++n) b.responses.push_back(record(n));
    return b;
}

// Encodes the sample, lets the test change its JSON, and decodes the result.
template <class Change>
Result<Batch> decode_changed(Change change) {
    json body = json::parse(encode_batch(sample_batch()));
    change(body);
    return decode_batch(body.dump());
}

}  // namespace

TEST_CASE("a batch survives encode and decode unchanged, answer bytes included") {
    Batch b = sample_batch();
    b.responses[1] = record(2, "{ \"better\" : \"caf\xC3\xA9 \\u00e9\",  \"visit\":1 }");  // odd spacing
    const auto decoded = decode_batch(encode_batch(b));
    REQUIRE(decoded.ok());
    CHECK(*decoded == b);
    CHECK(decoded->responses[1].answers_json == b.responses[1].answers_json);
}

TEST_CASE("an encoded batch is plain ASCII") {
    Batch b = sample_batch();
    b.responses[0] = record(1, "{\"better\":\"\xE2\x9C\x93 ok\"}");
    for (char c : encode_batch(b)) CHECK(static_cast<unsigned char>(c) < 0x80);
}

TEST_CASE("a response record built from a stored response carries its hash and times") {
    Response response;
    response.id = "0190f3b2-7c1a-7def-8abc-0123456789ab";
    response.device_id = device;
    response.survey = {"gala-feedback", 1, sha256_hex(survey_bytes)};
    response.started_at = TimePoint{std::chrono::milliseconds{1'700'000'000'123}};
    response.completed_at = response.started_at + std::chrono::seconds{30};
    response.language = "en";
    response.status = ResponseStatus::partial;
    const ResponseRecord r =
        make_response_record(7, response, "{\"visit\":4}", sha256_hex("{\"visit\":4}"));
    CHECK(r.sha256 == sha256_hex("{\"visit\":4}"));
    CHECK(r.started_at == "2023-11-14T22:13:20.123Z");
    CHECK(r.status == "partial");
    CHECK(r.seq == 7);
    CHECK(response_record_from_json(response_record_to_json(r)).ok());
}

TEST_CASE("a record carries the hash stored at save time, so bytes changed on disk are refused") {
    // The attack: one answer byte changed in the store file after the save. Recomputing the hash
    // from the bytes read back would make the forgery travel as authentic.
    Response response;
    response.id = "0190f3b2-7c1a-7def-8abc-0123456789ab";
    response.device_id = device;
    response.survey = {"gala-feedback", 1, sha256_hex(survey_bytes)};
    response.started_at = TimePoint{std::chrono::milliseconds{1'700'000'000'123}};
    response.completed_at = response.started_at + std::chrono::seconds{30};
    response.language = "en";
    const std::string stored_hash = sha256_hex("{\"visit\":4}");
    const ResponseRecord r = make_response_record(7, response, "{\"visit\":5}", stored_hash);
    CHECK(r.sha256 == stored_hash);
    const auto back = response_record_from_json(response_record_to_json(r));
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().message.find("sha256 does not match") != std::string::npos);
}

TEST_CASE("the export's response object may carry parsed answers that must match the bytes") {
    const ResponseRecord r = record(1);
    json with = response_record_to_json(r, true);
    CHECK(with["answers"] == json{{"recommend", 9}, {"visit", 5}});
    const auto back = response_record_from_json(with);
    REQUIRE(back.ok());
    CHECK(*back == r);
    with["answers"]["visit"] = 1;
    CHECK_FALSE(response_record_from_json(with).ok());
}

TEST_CASE("a batch whose answer bytes do not match their sha256 is rejected") {
    const auto result = decode_changed([](json& b) { b["responses"][0]["answers_json"] = "{\"visit\":4}"; });
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("sha256") != std::string::npos);
}

TEST_CASE("a survey definition whose bytes do not match its sha256 is rejected") {
    CHECK_FALSE(decode_changed([](json& b) { b["surveys"][0]["definition"] = "{}"; }).ok());
}

TEST_CASE("batches that are not the right JSON shape are rejected") {
    CHECK_FALSE(decode_batch("").ok());
    CHECK_FALSE(decode_batch("{").ok());
    CHECK_FALSE(decode_batch("[]").ok());
    CHECK_FALSE(decode_batch("null").ok());
    CHECK_FALSE(decode_changed([](json& b) { b["format"] = "standpoint-batch/2"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b.erase("format"); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"] = json::object(); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"] = json::array(); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["surveys"] = "none"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["surveys"][0] = 5; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0] = "x"; }).ok());
}

TEST_CASE("every response field with the wrong type is rejected") {
    for (const char* key : {"id", "seq", "device_id", "survey", "event", "started_at", "completed_at",
                            "utc_offset", "language", "status", "answers_json", "sha256"}) {
        CAPTURE(key);
        CHECK_FALSE(decode_changed([&](json& b) { b["responses"][0][key] = json::array(); }).ok());
        CHECK_FALSE(decode_changed([&](json& b) { b["responses"][0].erase(key); }).ok());
    }
    for (const char* key : {"id", "version", "sha256"}) {
        CAPTURE(key);
        CHECK_FALSE(decode_changed([&](json& b) { b["responses"][0]["survey"][key] = true; }).ok());
    }
}

TEST_CASE("ids must be lower-case UUIDs") {
    CHECK(is_uuid("0190f3b2-7c1a-7def-8abc-0123456789ab"));
    CHECK_FALSE(is_uuid("0190F3B2-7C1A-7DEF-8ABC-0123456789AB"));
    CHECK_FALSE(is_uuid("0190f3b2-7c1a-7def-8abc-0123456789a"));
    CHECK_FALSE(is_uuid("0190f3b2x7c1a-7def-8abc-0123456789ab"));
    CHECK_FALSE(decode_changed([](json& b) { b["device_id"] = "../etc/passwd"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["batch_id"] = ""; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["id"] = "1"; }).ok());
}

TEST_CASE("a response from another device than the batch's is rejected") {
    CHECK_FALSE(decode_changed([](json& b) {
        b["responses"][0]["device_id"] = "1b8e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
    }).ok());
}

TEST_CASE("seq ranges are checked") {
    CHECK_FALSE(decode_changed([](json& b) { b["first_seq"] = 0; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["first_seq"] = 4; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["last_seq"] = 2; }).ok());  // seq 3 outside
    CHECK_FALSE(decode_changed([](json& b) { b["first_seq"] = -1; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["first_seq"] = 1.5; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["last_seq"] = 18446744073709551615u; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][1]["seq"] = 1; }).ok());
    // A range with holes is fine: the kiosk says which seqs it holds.
    CHECK(decode_changed([](json& b) { b["last_seq"] = 10; }).ok());
}

TEST_CASE("the same response id twice in one batch is rejected") {
    CHECK_FALSE(decode_changed([](json& b) {
        b["responses"][1]["id"] = b["responses"][0]["id"];
    }).ok());
}

TEST_CASE("response values out of shape are rejected") {
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["status"] = "done"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["language"] = "e n"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["utc_offset"] = 5000; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["started_at"] = "yesterday"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["completed_at"] = "2026-13-23T14:05:09.123Z"; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["survey"]["version"] = 0; }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["sha256"] = std::string(64, 'A'); }).ok());
    CHECK_FALSE(decode_changed([](json& b) { b["responses"][0]["event"] = std::string(201, 'e'); }).ok());
}

TEST_CASE("answers that are not a JSON object are rejected even with a matching hash") {
    for (const std::string answers : {"[1,2]", "7", "{\"a\":", ""}) {
        CAPTURE(answers);
        CHECK_FALSE(decode_changed([&](json& b) {
            b["responses"][0]["answers_json"] = answers;
            b["responses"][0]["sha256"] = sha256_hex(answers);
        }).ok());
    }
}

TEST_CASE("oversized answers and too many responses are rejected") {
    const std::string big = "{\"better\":\"" + std::string(max_answers_json_bytes, 'x') + "\"}";
    CHECK_FALSE(decode_changed([&](json& b) {
        b["responses"][0]["answers_json"] = big;
        b["responses"][0]["sha256"] = sha256_hex(big);
    }).ok());
    Batch many = sample_batch();
    many.last_seq = static_cast<std::int64_t>(max_batch_responses) + 1;
    many.responses.clear();
    for (std::size_t n = 1; n <= max_batch_responses + 1; ++n) {
        ResponseRecord r = record(1);
        r.seq = static_cast<std::int64_t>(n);
        char id[40];
        std::snprintf(id, sizeof id, "0190f3b2-7c1a-7def-8abc-%012zu", n);
        r.id = id;
        many.responses.push_back(r);
    }
    CHECK_FALSE(validate_batch(many).ok());
    many.responses.pop_back();
    CHECK(validate_batch(many).ok());
}

TEST_CASE("a reply survives encode and decode unchanged") {
    BatchReply reply{"6d1f0c1e-0e9b-4b55-9a5d-2b7f6c0b8e11", "epoch-1",
                     {{"a", ItemStatus::created, ""},
                      {"b", ItemStatus::duplicate, ""},
                      {"c", ItemStatus::conflict, "sha256 differs from stored"},
                      {"d", ItemStatus::rejected, "bad"}},
                     150};
    const auto decoded = decode_reply(encode_reply(reply));
    REQUIRE(decoded.ok());
    CHECK(*decoded == reply);
}

TEST_CASE("replies out of shape are rejected") {
    CHECK_FALSE(decode_reply("<html>login</html>").ok());
    CHECK_FALSE(decode_reply(R"({"batch_id":"x","server_epoch":"e","results":[]})").ok());
    CHECK_FALSE(decode_reply(R"({"batch_id":"x","server_epoch":"","results":[],"watermark":{"max_contiguous_seq":1}})").ok());
    CHECK_FALSE(decode_reply(R"({"batch_id":"x","server_epoch":"e","results":[{"id":"a","status":"ok"}],"watermark":{"max_contiguous_seq":1}})").ok());
    CHECK_FALSE(decode_reply(R"({"batch_id":"x","server_epoch":"e","results":[],"watermark":{"max_contiguous_seq":-1}})").ok());
    CHECK(decode_reply(R"({"batch_id":"x","server_epoch":"e","results":[],"watermark":{"max_contiguous_seq":0}})").ok());
}

TEST_CASE("gzip round trips bytes exactly") {
    const std::string text = encode_batch(sample_batch());
    const auto gz = gzip_compress(text);
    REQUIRE(gz.ok());
    CHECK(gz->size() < text.size());
    CHECK(static_cast<unsigned char>((*gz)[0]) == 0x1f);  // gzip magic, not raw zlib
    const auto back = gzip_decompress(*gz, text.size());
    REQUIRE(back.ok());
    CHECK(*back == text);
    CHECK(gzip_decompress(*gzip_compress(""), 10).value().empty());
}

TEST_CASE("a gzip bomb stops at the output limit") {
    const std::string zeros(64u * 1024u * 1024u, '\0');  // inflates ~1000:1
    const auto gz = gzip_compress(zeros);
    REQUIRE(gz.ok());
    CHECK(gz->size() < 200u * 1024u);
    GunzipFailure failure = GunzipFailure::none;
    const auto out = gzip_decompress(*gz, 1024u * 1024u, &failure);
    CHECK_FALSE(out.ok());
    CHECK(failure == GunzipFailure::too_large);
}

TEST_CASE("corrupt, truncated or trailing gzip data is refused as corrupt") {
    const std::string gz = gzip_compress("hello hello hello").value();
    GunzipFailure failure = GunzipFailure::none;
    CHECK_FALSE(gzip_decompress("not gzip", 100, &failure).ok());
    CHECK(failure == GunzipFailure::corrupt);
    CHECK_FALSE(gzip_decompress(gz.substr(0, gz.size() - 3), 100, &failure).ok());
    CHECK(failure == GunzipFailure::corrupt);
    CHECK_FALSE(gzip_decompress(gz + "x", 100, &failure).ok());
    CHECK(failure == GunzipFailure::corrupt);
    std::string flipped = gz;
    flipped[flipped.size() - 6] ^= 0x55;  // CRC
    CHECK_FALSE(gzip_decompress(flipped, 100, &failure).ok());
    CHECK_FALSE(gzip_decompress("", 100, &failure).ok());
}

// ---- signatures and sealed boxes (sync/protocol/signature.hpp, sealed_box.hpp) ----------------

TEST_CASE("a signature verifies only for its bytes, its kind and its key") {
    auto key = SigningKey::generate();
    auto other = SigningKey::generate();
    REQUIRE((key.ok() && other.ok()));
    const std::string body = R"({"format":"standpoint-batch/1"})";
    const std::string signature = key->sign(SignedKind::batch, body);
    CHECK(signature.size() == 128);
    CHECK(verify_signature(key->public_key_hex(), SignedKind::batch, body, signature));
    CHECK_FALSE(verify_signature(key->public_key_hex(), SignedKind::batch, body + " ", signature));
    CHECK_FALSE(verify_signature(key->public_key_hex(), SignedKind::export_manifest, body, signature));
    CHECK_FALSE(verify_signature(other->public_key_hex(), SignedKind::batch, body, signature));
    CHECK_FALSE(verify_signature("not hex", SignedKind::batch, body, signature));
    CHECK_FALSE(verify_signature(key->public_key_hex(), SignedKind::batch, body, signature.substr(2)));
    // Deterministic: a frozen batch sent again carries the same signature.
    CHECK(key->sign(SignedKind::batch, body) == signature);
}

TEST_CASE("a signing key survives its key file's hex and refuses a damaged one") {
    auto key = SigningKey::generate();
    REQUIRE(key.ok());
    auto again = SigningKey::from_hex(key->secret_hex());
    REQUIRE(again.ok());
    CHECK(again->public_key_hex() == key->public_key_hex());
    std::string damaged = key->secret_hex();
    damaged[127] = damaged[127] == '0' ? '1' : '0';  // the public half no longer matches
    CHECK_FALSE(SigningKey::from_hex(damaged).ok());
    CHECK_FALSE(SigningKey::from_hex(key->secret_hex().substr(1)).ok());
}

TEST_CASE("manifest.sig is read back and anything else is refused") {
    auto key = SigningKey::generate();
    REQUIRE(key.ok());
    const std::string manifest = "{\"format\": \"standpoint-export/1\"}\n";
    auto parsed = parse_manifest_signature(manifest_signature_json(*key, manifest));
    REQUIRE(parsed.ok());
    CHECK(verify_signature(parsed->public_key_hex, SignedKind::export_manifest, manifest,
                           parsed->signature_hex));
    CHECK_FALSE(parse_manifest_signature("[]").ok());
    CHECK_FALSE(parse_manifest_signature(R"({"format":"standpoint-signature/1"})").ok());
    CHECK_FALSE(parse_manifest_signature(std::string(5000, ' ')).ok());
}

TEST_CASE("a sealed box opens only with the collector's key and only unchanged") {
    auto collector = SealingKeyPair::generate();
    auto other = SealingKeyPair::generate();
    REQUIRE((collector.ok() && other.ok()));
    const std::string lines = "{\"postcode\":\"CF10\"}\n";
    auto sealed = seal_to(collector->public_key_hex(), lines);
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == lines.size() + sealed_box_overhead());
    CHECK(sealed->find("CF10") == std::string::npos);
    auto opened = collector->open(*sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == lines);
    CHECK_FALSE(other->open(*sealed).ok());
    std::string changed = *sealed;
    changed.back() = static_cast<char>(changed.back() ^ 1);
    CHECK_FALSE(collector->open(changed).ok());
    auto reloaded = SealingKeyPair::from_secret_hex(collector->secret_hex());
    REQUIRE(reloaded.ok());
    CHECK(reloaded->public_key_hex() == collector->public_key_hex());
    CHECK_FALSE(seal_to("short", lines).ok());
}

TEST_CASE("GzipInflater fed a body in pieces gives the same bytes and checks the trailer") {
    const std::string text = encode_batch(sample_batch()) + std::string(100000, 'x');
    const std::string gz = gzip_compress(text).value();
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, gz.size()}) {
        CAPTURE(piece);
        GzipInflater inflater(text.size());
        for (std::size_t at = 0; at < gz.size(); at += piece) {
            REQUIRE(inflater.feed(std::string_view(gz).substr(at, piece)));
        }
        auto out = inflater.finish();
        REQUIRE(out.ok());
        CHECK(*out == text);
    }
    // Without the 8-byte trailer (CRC-32, length) every byte of the text came out, and still
    // the body is refused.
    GzipInflater cut(text.size());
    CHECK(cut.feed(std::string_view(gz).substr(0, gz.size() - 8)));
    CHECK_FALSE(cut.finish().ok());
    CHECK(cut.failure() == GunzipFailure::corrupt);
    // One byte over the limit, fed in pieces, is too large.
    GzipInflater small(text.size() - 1);
    bool fed = true;
    for (std::size_t at = 0; at < gz.size() && fed; at += 1000) {
        fed = small.feed(std::string_view(gz).substr(at, 1000));
    }
    CHECK_FALSE(fed);
    CHECK(small.failure() == GunzipFailure::too_large);
    CHECK(small.output_bytes() == 0);
    // Bytes after the member, in a later piece, are corrupt.
    GzipInflater trailing(text.size());
    CHECK(trailing.feed(gz));
    CHECK_FALSE(trailing.feed("x"));
    CHECK(trailing.failure() == GunzipFailure::corrupt);
}
