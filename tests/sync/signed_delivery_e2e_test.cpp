// Signed deliveries and sealed personal data (issue 12, docs/security.md), with the real
// programs: a kiosk store (real SQLite file), the real `standpoint export` and `standpoint status`,
// the real `standpoint-collector import`, `serve` on 127.0.0.1 and `public-key`.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "sync/client/http_transport.hpp"
#include "sync/protocol/gzip.hpp"
#include "sync/protocol/http_surface.hpp"
#include "sync/protocol/sealed_box.hpp"
#include "sync/protocol/signature.hpp"
#include "tests/sync/collector_child.hpp"
#include "sync/protocol/export_folder.hpp"

using namespace standpoint;
using namespace standpoint::test;
namespace fs = std::filesystem;

namespace {

// A postcode district nothing else on a stick contains.
constexpr const char* secret_postcode = "QX9Z";

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// stdout and stderr together, and the exit status.
std::string run_all(std::vector<std::string> args, int* exit_status) {
    args.insert(args.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1"});
    int status = -1;
    std::string out = run_capture(args, &status);
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// A kiosk data folder with `count` responses to the gala survey; every third gives the secret
// postcode (a personal-data question).
std::string make_kiosk(const fs::path& data, int count) {
    static int kiosks_made = 0;  // each kiosk its own response ids
    ++kiosks_made;
    const std::string bytes =
        file_text(std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/gala-feedback.json");
    auto store = open_store(data);
    const SurveyRef survey{"gala-feedback", nlohmann::json::parse(bytes).at("version").get<int>(),
                           sha256_hex(bytes)};
    REQUIRE(store->remember_survey(survey, bytes).ok());
    for (int n = 0; n < count; ++n) {
        char id[64];
        std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-9a%02d-%012d", kiosks_made % 100, n);
        Response response;
        response.id = id;
        response.survey = survey;
        response.event_id = "gala-2026";
        response.device_id = store->device_id();
        response.started_at = Clock::now() - std::chrono::minutes(1);
        response.completed_at = Clock::now();
        response.language = "en";
        response.status = ResponseStatus::complete;
        response.answers["visit"] = NumberAnswer{n % 5 + 1};
        response.answers["recommend"] = NumberAnswer{n % 11};
        if (n % 3 == 0) response.answers["postcode"] = TextAnswer{secret_postcode};
        REQUIRE(store->save(response).ok());
    }
    return store->device_id();
}

// The kiosk's public key, as staff read it on the kiosk.
std::string kiosk_public_key(const fs::path& data) {
    int status = -1;
    const std::string out = run_all({STANDPOINT_EXE, "status", "--data", data.string()}, &status);
    REQUIRE(status == 0);
    std::smatch match;
    REQUIRE(std::regex_search(out, match, std::regex("device key ([0-9a-f]{64})")));
    return match[1];
}

fs::path export_to(const fs::path& data, const fs::path& stick, bool include_personal = false) {
    fs::create_directories(stick);
    std::vector<std::string> args = {STANDPOINT_EXE, "export", "--to",
                                     stick.string(), "--data", data.string()};
    if (include_personal) args.push_back("--include-personal");
    int status = -1;
    const std::string out = run_all(args, &status);
    INFO(out);
    REQUIRE(status == 0);
    std::smatch match;
    REQUIRE(std::regex_search(out, match, std::regex("exported [0-9]+ responses to ([^\n]+)")));
    return fs::path(match[1].str());
}

// The attack of issue 12: one answer changed in responses.jsonl, its hash and the manifest's
// sizes and hashes recomputed, so every SHA-256 on the stick matches again.
void forge_and_rehash(const fs::path& folder) {
    std::istringstream lines(file_text(folder / "responses.jsonl"));
    std::string forged;
    bool changed = false;
    for (std::string line; std::getline(lines, line);) {
        auto record = nlohmann::json::parse(line);
        if (!changed) {
            auto answers = nlohmann::json::parse(record.at("answers_json").get<std::string>());
            answers["recommend"] = answers.at("recommend").get<int>() == 0 ? 10 : 0;
            record["answers_json"] = answers.dump();
            record["answers"] = answers;
            record["sha256"] = sha256_hex(answers.dump());
            changed = true;
        }
        forged += record.dump() + "\n";
    }
    write_text(folder / "responses.jsonl", forged);
    auto manifest = nlohmann::ordered_json::parse(file_text(folder / "manifest.json"));
    for (auto& entry : manifest["files"]) {
        const std::string bytes = file_text(folder / entry["name"].get<std::string>());
        entry["bytes"] = bytes.size();
        entry["sha256"] = sha256_hex(bytes);
    }
    write_text(folder / "manifest.json", manifest.dump(2) + "\n");
}

// `standpoint-collector COMMAND ... --db DB`, stdout and stderr together.
struct Collector {
    fs::path db;
    std::string run(std::vector<std::string> args, int* status) const {
        args.insert(args.begin(), STANDPOINT_COLLECTOR);
        args.insert(args.end(), {"--db", db.string()});
        return run_all(args, status);
    }
    long stored_responses() const {
        int status = -1;
        const std::string stats = run({"stats"}, &status);
        std::smatch match;
        REQUIRE(std::regex_search(stats, match, std::regex("\nresponses ([0-9]+)")));
        return std::stol(match[1]);
    }
};

}  // namespace

TEST_CASE(
    "a forged stick (an answer edited, the manifest re-hashed) is refused, naming the device") {
    TempDir dir;
    const fs::path data = dir.path() / "kiosk";
    const std::string device_id = make_kiosk(data, 30);
    const Collector collector{dir.path() / "c.db"};
    int status = -1;
    collector.run({"add-device", "gala-kiosk", "--device-id", device_id, "--public-key",
                   kiosk_public_key(data)},
                  &status);
    REQUIRE(status == 0);

    const fs::path folder = export_to(data, dir.path() / "stick");
    fs::copy(folder, dir.path() / "forged");
    forge_and_rehash(dir.path() / "forged");

    const std::string refused =
        collector.run({"import", (dir.path() / "forged").string()}, &status);
    INFO(refused);
    CHECK(status == 1);
    CHECK(refused.find("manifest.json of device gala-kiosk (" + device_id +
                       ") does not match its signature") != std::string::npos);
    CHECK(refused.find("Nothing was imported.") != std::string::npos);
    // Staff cannot wave it through either.
    collector.run({"import", (dir.path() / "forged").string(), "--accept-device"}, &status);
    CHECK(status == 1);
    CHECK(collector.stored_responses() == 0);

    // The forger signs the re-hashed manifest with a key of their own: still refused.
    auto forger = SigningKey::generate();
    REQUIRE(forger.ok());
    write_text(
        dir.path() / "forged" / "manifest.sig",
        manifest_signature_json(*forger, file_text(dir.path() / "forged" / "manifest.json")));
    const std::string resigned =
        collector.run({"import", (dir.path() / "forged").string()}, &status);
    INFO(resigned);
    CHECK(status == 1);
    CHECK(resigned.find("says it comes from device gala-kiosk (" + device_id +
                        ") but is signed by key " + forger->public_key_hex()) != std::string::npos);
    CHECK(collector.stored_responses() == 0);

    // The genuine stick goes in, so the kiosk's real answers are the ones the collector keeps.
    const std::string imported = collector.run({"import", folder.string()}, &status);
    INFO(imported);
    CHECK(status == 0);
    CHECK(imported.find("created 30, duplicate 0, conflict 0, rejected 0") != std::string::npos);
    CHECK(imported.find("(the key registered for this device)") != std::string::npos);
}

TEST_CASE(
    "an unsigned export or one signed by a key not accepted is refused unless staff accept the "
    "device") {
    TempDir dir;
    const fs::path data = dir.path() / "kiosk";
    const std::string device_id = make_kiosk(data, 12);
    const Collector collector{dir.path() / "c.db"};
    int status = -1;
    collector.run({"add-device", "hall-kiosk", "--device-id", device_id}, &status);  // no key
    REQUIRE(status == 0);
    const fs::path folder = export_to(data, dir.path() / "stick");

    // Unsigned (manifest.sig removed, or a kiosk from before signatures).
    fs::copy(folder, dir.path() / "unsigned");
    fs::remove(dir.path() / "unsigned" / "manifest.sig");
    std::string out = collector.run({"import", (dir.path() / "unsigned").string()}, &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("This export of device hall-kiosk (" + device_id + ") is not signed") !=
          std::string::npos);

    // Signed by the kiosk's key, which the collector was never given.
    out = collector.run({"import", folder.string()}, &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("has not accepted for that kiosk yet") != std::string::npos);
    CHECK(collector.stored_responses() == 0);

    // Staff accept the device: imported, and its key is remembered from now on.
    out = collector.run({"import", folder.string(), "--accept-device"}, &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("created 12") != std::string::npos);
    CHECK(out.find("now registered for this device") != std::string::npos);
    // Now that the device signs, an unsigned stick in its name is refused even when accepted.
    out = collector.run({"import", (dir.path() / "unsigned").string(), "--accept-device"}, &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("which signs its exports, but it has no manifest.sig") != std::string::npos);

    // An unsigned stick of a kiosk with no key yet goes in only with --accept-device.
    TempDir old;
    const std::string old_id = make_kiosk(old.path() / "kiosk", 5);
    const fs::path old_folder = export_to(old.path() / "kiosk", old.path() / "stick");
    fs::remove(old_folder / "manifest.sig");
    collector.run({"import", old_folder.string(), "--add-device", "old-kiosk"}, &status);
    CHECK(status == 1);
    out = collector.run(
        {"import", old_folder.string(), "--add-device", "old-kiosk", "--accept-device"}, &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("The export is not signed; staff accepted it") != std::string::npos);
    CHECK(collector.stored_responses() == 17);
}

TEST_CASE(
    "personal data is sealed: absent in clear from every file on the stick, restored at the "
    "collector") {
    TempDir dir;
    const fs::path data = dir.path() / "kiosk";
    const std::string device_id = make_kiosk(data, 30);
    const Collector collector{dir.path() / "c.db"};
    int status = -1;

    // Without the collector's key the kiosk refuses, and says what to do.
    fs::create_directories(dir.path() / "stick");
    std::string out = run_all({STANDPOINT_EXE, "export", "--to", (dir.path() / "stick").string(),
                               "--data", data.string(), "--include-personal"},
                              &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("Personal data goes on a stick only sealed to the collector's key") !=
          std::string::npos);
    CHECK(fs::is_empty(dir.path() / "stick"));

    // The collector's public key, from the collector, onto the stick's top folder.
    std::string collector_key = collector.run({"public-key"}, &status);
    REQUIRE(status == 0);
    collector_key.pop_back();
    REQUIRE(is_public_key_hex(collector_key));
    struct stat info {};
    REQUIRE(::stat((dir.path() / "standpoint-collector.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    write_text(dir.path() / "stick" / collector_public_key_file_name, collector_key + "\n");

    const fs::path folder = export_to(data, dir.path() / "stick", true);
    REQUIRE(fs::exists(folder / export_file::personal_sealed));
    int files = 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
        ++files;
        std::string bytes = file_text(entry.path());
        if (entry.path().extension() == ".xlsx") {  // a zip: look inside every part
            bytes = run_capture({"/usr/bin/unzip", "-p", entry.path().string()});
            REQUIRE(bytes.size() > 1000);
        }
        CHECK_MESSAGE(bytes.find(secret_postcode) == std::string::npos, entry.path());
    }
    CHECK(files == 9);  // 6 files people open, the sealed one, manifest.sig, manifest.json

    out = collector.run({"import", folder.string(), "--add-device", "gala-kiosk"}, &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("Personal data: opened personal.jsonl.sealed") != std::string::npos);
    CHECK(out.find("created 30, duplicate 0, conflict 0, rejected 0") != std::string::npos);

    // The collector holds every response with the kiosk's exact answer bytes, postcodes and all.
    std::istringstream lines(collector.run({"export", "--format", "jsonl"}, &status));
    int with_postcode = 0;
    int rows = 0;
    for (std::string line; std::getline(lines, line);) {
        const auto record = nlohmann::json::parse(line);
        const std::string answers = record.at("answers_json");
        CHECK(record.at("sha256") == sha256_hex(answers));
        if (answers.find(std::string("\"postcode\":\"") + secret_postcode + "\"") !=
            std::string::npos)
            ++with_postcode;
        ++rows;
    }
    CHECK(rows == 30);
    CHECK(with_postcode == 10);

    // Another collector (another key) cannot open it, and says whose key it needs.
    const Collector other{dir.path() / "other" / "c.db"};
    fs::create_directories(dir.path() / "other");
    out = other.run({"import", folder.string(), "--add-device", "gala-kiosk"}, &status);
    INFO(out);
    CHECK(status == 1);
    CHECK(out.find("sealed to collector key " + collector_key) != std::string::npos);
}

TEST_CASE(
    "the real collector learns a kiosk's key from its first signed batch and refuses bad "
    "signatures") {
    TempDir dir;
    const fs::path data = dir.path() / "kiosk";
    const std::string device_id = make_kiosk(data, 8);
    CollectorChild collector(STANDPOINT_COLLECTOR, {"--db", (dir.path() / "c.db").string()});
    const std::string token = collector.add_device("gala-kiosk");
    const int port = collector.start("127.0.0.1:0");
    SyncConfig config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.token = token;
    HttpTransport transport(config, nullptr);

    auto store = open_store(data);
    auto rows = store->responses_for_export({});
    REQUIRE(rows.ok());
    auto batch_of = [&](std::size_t from, std::size_t to, const std::string& batch_id) {
        Batch batch;
        batch.device_id = device_id;
        batch.batch_id = batch_id;
        batch.first_seq = rows->at(from).seq;
        batch.last_seq = rows->at(to - 1).seq;
        for (std::size_t i = from; i < to; ++i) {
            const StoredResponse& row = rows->at(i);
            batch.responses.push_back(
                make_response_record(row.seq, row.response, row.answers_json, row.answers_sha256));
        }
        return encode_batch(batch);
    };
    auto post = [&](const std::string& json, const std::string& batch_id,
                    std::vector<std::string> headers) {
        auto body = gzip_compress(json);
        REQUIRE(body.ok());
        return transport.post_batch(device_id, batch_id, *body, headers);
    };
    auto headers = [](const SigningKey& key, const std::string& signed_bytes) {
        return std::vector<std::string>{
            http_surface::header_line(http_surface::signature_key_header, key.public_key_hex()),
            http_surface::header_line(http_surface::signature_header,
                                      key.sign(SignedKind::batch, signed_bytes))};
    };
    auto kiosk_key = SigningKey::generate();
    auto other_key = SigningKey::generate();
    REQUIRE((kiosk_key.ok() && other_key.ok()));
    const std::string first = batch_of(0, 4, "0190a1b2-c3d4-7e5f-8a6b-000000000001");

    // A signature that does not cover the bytes sent: 403, nothing stored, no key learnt.
    HttpAnswer answer =
        post(first, "0190a1b2-c3d4-7e5f-8a6b-000000000001", headers(*kiosk_key, first + " "));
    CHECK(answer.exchange.http_status == 403);
    CHECK(answer.body.find("signature does not verify") != std::string::npos);
    int status = -1;
    CHECK(collector.command({"stats"}, &status).find("\nresponses 0\n") != std::string::npos);

    // The first good signature teaches the collector the kiosk's key (trust on first use).
    answer = post(first, "0190a1b2-c3d4-7e5f-8a6b-000000000001", headers(*kiosk_key, first));
    CHECK(answer.exchange.http_status == 200);

    // From then on: another key, or no signature, is refused before anything is stored.
    const std::string second = batch_of(4, 8, "0190a1b2-c3d4-7e5f-8a6b-000000000002");
    answer = post(second, "0190a1b2-c3d4-7e5f-8a6b-000000000002", headers(*other_key, second));
    CHECK(answer.exchange.http_status == 403);
    CHECK(answer.body.find("is registered with key " + kiosk_key->public_key_hex()) !=
          std::string::npos);
    answer = post(second, "0190a1b2-c3d4-7e5f-8a6b-000000000002", {});
    CHECK(answer.exchange.http_status == 403);
    CHECK(answer.body.find("this batch is unsigned") != std::string::npos);
    CHECK(collector.command({"stats"}, &status).find("\nresponses 4\n") != std::string::npos);
    answer = post(second, "0190a1b2-c3d4-7e5f-8a6b-000000000002", headers(*kiosk_key, second));
    CHECK(answer.exchange.http_status == 200);
    CHECK(collector.command({"stats"}, &status).find("\nresponses 8\n") != std::string::npos);
    collector.stop(SIGTERM);
}

TEST_CASE("the real kiosk signs what it syncs, and a stick in its name then needs no flag") {
    TempDir dir;
    const fs::path data = dir.path() / "kiosk";
    const std::string device_id = make_kiosk(data, 20);
    CollectorChild collector(STANDPOINT_COLLECTOR, {"--db", (dir.path() / "c.db").string()});
    const std::string token = collector.add_device("gala-kiosk");
    const int port = collector.start("127.0.0.1:0");
    write_text(data / "sync.json",
               "{\"endpoint\": \"http://127.0.0.1:" + std::to_string(port) + "\"}");
    write_text(data / "sync-token", token + "\n");
    ::chmod((data / "sync-token").c_str(), 0600);
    int status = -1;
    const std::string synced =
        run_all({STANDPOINT_EXE, "sync", "--once", "--data", data.string()}, &status);
    INFO(synced);
    REQUIRE(status == 0);
    // The sync taught the collector the kiosk's key: its stick imports as the same device. With
    // the collector's key in the kiosk's data folder (the sync set-up), personal data is sealed
    // and the full copies on the stick are the same bytes sync delivered: duplicates, no conflict.
    std::string collector_key = collector.command({"public-key"}, &status);
    write_text(data / collector_public_key_file_name, collector_key);
    const fs::path folder = export_to(data, dir.path() / "stick", true);
    const Collector importer{dir.path() / "c.db"};
    const std::string out = importer.run({"import", folder.string()}, &status);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("Signed by the kiosk's key " + kiosk_public_key(data) +
                   " (the key registered for this device)") != std::string::npos);
    CHECK(out.find("created 0, duplicate 20, conflict 0, rejected 0") != std::string::npos);
    collector.stop(SIGTERM);
}
