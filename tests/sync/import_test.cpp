// `standpoint-collector import`'s checks and storing, on export folders these tests write
// themselves (manifest + jsonl built with sync/protocol) and a real SQLite collector store.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "sync/collector/collector_store.hpp"
#include "sync/collector/import_command.hpp"
#include "sync/protocol/signature.hpp"
#include "tests/sync/sync_test_support.hpp"

using namespace standpoint;
using nlohmann::json;

namespace {

const std::string device = "0190a1b2-c3d4-7e5f-8a6b-00000000d001";
const std::string survey_text = R"({"format":"standpoint-survey/1","id":"import-test"})";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

ResponseRecord make_record(int n, const std::string& answers_json) {
    ResponseRecord r;
    char id[64];
    std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-8a6b-%012d", n);
    r.id = id;
    r.seq = n;
    r.device_id = device;
    r.survey = {"import-test", 1, sha256_hex(survey_text)};
    r.event_id = "Gala 2026";
    r.started_at = "2026-11-23T14:05:09.123Z";
    r.completed_at = "2026-11-23T14:06:10.000Z";
    r.utc_offset_minutes = 60;
    r.language = n % 2 ? "cy" : "en";
    r.status = "complete";
    r.answers_json = answers_json;
    r.sha256 = sha256_hex(answers_json);
    return r;
}

std::vector<ResponseRecord> make_records(int count) {
    std::vector<ResponseRecord> records;
    for (int n = 1; n <= count; ++n) {
        records.push_back(make_record(
            n, R"({"visit":)" + std::to_string(n % 5 + 1) +
                   R"(,"better":"Gwych! \"quoted\"\nline two \u00e9","email":"a)" +
                   std::to_string(n) + R"(@example.org"})"));
    }
    return records;
}

// The kiosk's key: it signs every manifest it writes (manifest.sig).
const SigningKey& kiosk_key() {
    static const SigningKey key = SigningKey::generate().value();
    return key;
}

// An export folder as the kiosk writes it (docs/export.md): the data files, then manifest.json
// listing each with its size and SHA-256, signed.
class ExportFolder {
public:
    explicit ExportFolder(const std::vector<ResponseRecord>& records) {
        std::string lines;
        for (const ResponseRecord& record : records) {
            lines += response_record_to_json(record, true).dump() + "\n";
        }
        write("responses.jsonl", lines);
        json surveys = json::array();
        surveys.push_back({{"id", "import-test"}, {"version", 1},
                           {"sha256", sha256_hex(survey_text)}, {"definition", survey_text}});
        write("surveys.json", surveys.dump());
        write("responses.csv", "\xEF\xBB\xBFid,visit\r\n");
        write("summary.html", "<!doctype html><title>Summary</title>");
        manifest_ = {{"format", "standpoint-export/1"},
                     {"created_at", "2026-11-23T22:00:00.000Z"},
                     {"device_id", device},
                     {"event_id", "Gala 2026"},
                     {"counts", {{"responses", records.size()}, {"complete", records.size()},
                                 {"partial", 0}}},
                     {"surveys", json::array()},
                     {"personal_data", {{"included", true}, {"withheld_questions", json::array()}}}};
        write_manifest();
    }

    const std::filesystem::path& path() const { return dir_.path(); }
    std::filesystem::path file(const std::string& name) const { return dir_.path() / name; }
    json& manifest() { return manifest_; }

    // Rewrites a data file and lists it again, as a (buggy or tampering) exporter would: the
    // manifest then vouches for the new bytes.
    void replace_and_relist(const std::string& name, const std::string& bytes) {
        write(name, bytes);
        write_manifest();
    }

    void write_manifest() {
        json files = json::array();
        for (const std::string& name : names_) {
            const std::string bytes = read_file(file(name));
            files.push_back({{"name", name}, {"bytes", bytes.size()}, {"sha256", sha256_hex(bytes)}});
        }
        manifest_["files"] = files;
        write_file(file("manifest.json"), manifest_.dump(2));
        write_file(file("manifest.sig"), manifest_signature_json(kiosk_key(), manifest_.dump(2)));
    }

private:
    void write(const std::string& name, const std::string& bytes) {
        write_file(file(name), bytes);
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
    }

    TempDir dir_;
    std::vector<std::string> names_;
    json manifest_;
};

struct Collector {
    TempDir dir;
    std::unique_ptr<CollectorStore> store;

    explicit Collector(bool with_device = true) {
        auto connection = open_sqlite((dir.path() / "collector.db").string());
        REQUIRE(connection.ok());
        auto opened = CollectorStore::open(std::move(connection).value());
        REQUIRE(opened.ok());
        store = std::move(opened).value();
        if (with_device) {
            REQUIRE(store->add_device("gala-kiosk", sha256_hex("token"), device).ok());
            REQUIRE(store->set_device_public_key(device, kiosk_key().public_key_hex(), "test").ok());
        }
    }

    Result<ImportReport> import(const ExportFolder& folder, const std::string& add_device = {}) {
        return import_export_folder(*store, {folder.path(), add_device, false, {}});
    }

    std::set<std::string> ids() {
        auto rows = store->all_responses();
        REQUIRE(rows.ok());
        std::set<std::string> out;
        for (const StoredRecord& row : *rows) out.insert(row.record.id);
        return out;
    }

    CollectorStats stats() {
        auto stats = store->stats();
        REQUIRE(stats.ok());
        return *stats;
    }
};

std::set<std::string> ids_of(const std::vector<ResponseRecord>& records) {
    std::set<std::string> out;
    for (const ResponseRecord& r : records) out.insert(r.id);
    return out;
}

std::string message_of(const Result<ImportReport>& result) {
    return result.ok() ? std::string("(it imported)") : result.error().message;
}

}  // namespace

TEST_CASE("a good export is imported: every response created, answers byte-equal, survey kept") {
    const auto records = make_records(40);
    ExportFolder folder(records);
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_MESSAGE(report.ok(), message_of(report));
    CHECK(report->created == 40);
    CHECK(report->duplicate == 0);
    CHECK(report->conflicts.empty());
    CHECK(report->rejected == 0);
    CHECK(report->device_name == "gala-kiosk");
    CHECK(describe_import(*report).find("created 40, duplicate 0, conflict 0, rejected 0") !=
          std::string::npos);
    auto rows = collector.store->all_responses();
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) CHECK((*rows)[i].record == records[i]);
    CHECK(collector.stats().surveys == 1);
}

TEST_CASE("importing the same export again stores nothing new: all duplicate") {
    ExportFolder folder(make_records(25));
    Collector collector;
    REQUIRE(collector.import(folder).ok());
    auto again = collector.import(folder);
    REQUIRE_MESSAGE(again.ok(), message_of(again));
    CHECK(again->created == 0);
    CHECK(again->duplicate == 25);
    CHECK(collector.stats().responses == 25);
    CHECK(collector.stats().conflicts == 0);
}

TEST_CASE("one changed byte in responses.jsonl rejects the whole import, naming the file") {
    ExportFolder folder(make_records(10));
    std::string bytes = read_file(folder.file("responses.jsonl"));
    const auto at = bytes.find("\"visit\":");
    REQUIRE(at != std::string::npos);
    bytes[at + 8] = bytes[at + 8] == '1' ? '2' : '1';  // same size, another answer
    write_file(folder.file("responses.jsonl"), bytes);
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("responses.jsonl does not match its SHA-256", 0) == 0);
    CHECK(report.error().message.find("Nothing was imported") != std::string::npos);
    CHECK(collector.stats().responses == 0);
    CHECK(collector.stats().surveys == 0);
}

TEST_CASE("a truncated file rejects the import, naming the file and both sizes") {
    ExportFolder folder(make_records(10));
    const std::string bytes = read_file(folder.file("responses.jsonl"));
    write_file(folder.file("responses.jsonl"), bytes.substr(0, bytes.size() / 2));
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    INFO(report.error().message);
    CHECK(report.error().message.rfind("responses.jsonl is " + std::to_string(bytes.size() / 2) +
                                       " bytes, but manifest.json says " +
                                       std::to_string(bytes.size()), 0) == 0);
    CHECK(collector.stats().responses == 0);
}

TEST_CASE("a tampered file the import does not read (the summary) still rejects it") {
    ExportFolder folder(make_records(5));
    write_file(folder.file("summary.html"), "<!doctype html><title>Summarx</title>");
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("summary.html does not match its SHA-256", 0) == 0);
    CHECK(collector.stats().responses == 0);
}

TEST_CASE("a missing file rejects the import, naming it") {
    ExportFolder folder(make_records(5));
    std::filesystem::remove(folder.file("responses.csv"));
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("responses.csv is missing from ", 0) == 0);
    CHECK(collector.stats().responses == 0);
}

TEST_CASE("a folder without manifest.json is not a finished export") {
    ExportFolder folder(make_records(5));
    std::filesystem::remove(folder.file("manifest.json"));
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    INFO(report.error().message);
    CHECK(report.error().message.find("has no manifest.json") != std::string::npos);
    CHECK(report.error().message.find("not a finished export") != std::string::npos);

    Collector other;
    auto not_a_folder = import_export_folder(*other.store, {folder.file("responses.jsonl"), "", false, {}});
    REQUIRE_FALSE(not_a_folder.ok());
    CHECK(not_a_folder.error().message.find("is not a folder") != std::string::npos);
}

TEST_CASE("a manifest of another format or without a listed file is refused") {
    ExportFolder folder(make_records(3));
    folder.manifest()["format"] = "standpoint-export/2";
    folder.write_manifest();
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("manifest.json has format \"standpoint-export/2\"", 0) == 0);

    folder.manifest()["format"] = "standpoint-export/1";
    write_file(folder.file("manifest.json"), "{\"format\": \"standpoint-export/1\", ");
    report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("manifest.json is not a JSON object", 0) == 0);

    // A listed name that leaves the folder is never opened.
    folder.write_manifest();
    json manifest = json::parse(read_file(folder.file("manifest.json")));
    manifest["files"][0]["name"] = "../collector.db";
    write_file(folder.file("manifest.json"), manifest.dump());
    report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("without a plain name") != std::string::npos);
    CHECK(collector.stats().responses == 0);
}

TEST_CASE("bad lines are rejected with their line numbers; the good ones are stored") {
    auto records = make_records(6);
    ExportFolder folder(records);
    std::vector<std::string> lines;
    for (const ResponseRecord& r : records) lines.push_back(response_record_to_json(r, true).dump());
    lines[1] = "{\"id\": \"broken";                          // line 2: not JSON
    json wrong_hash = response_record_to_json(records[3]);   // line 4: answers changed, old hash
    wrong_hash["answers_json"] = R"({"visit":1})";
    lines[3] = wrong_hash.dump();
    lines[4] = std::string(max_export_line_bytes + 10, ' ');  // line 5: over the size limit
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    folder.replace_and_relist("responses.jsonl", text);

    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_MESSAGE(report.ok(), message_of(report));
    CHECK(report->created == 3);
    CHECK(report->rejected == 3);
    REQUIRE(report->rejected_lines.size() == 3);
    CHECK(report->rejected_lines[0].rfind("line 2: not valid JSON", 0) == 0);
    CHECK(report->rejected_lines[1].rfind("line 4: response " + records[3].id, 0) == 0);
    CHECK(report->rejected_lines[1].find("sha256 does not match") != std::string::npos);
    CHECK(report->rejected_lines[2].rfind("line 5: longer than", 0) == 0);
    CHECK(collector.ids() == std::set<std::string>{records[0].id, records[2].id, records[5].id});
    CHECK(describe_import(*report).find("rejected line 2: not valid JSON") != std::string::npos);
}

TEST_CASE("a response of another device than the manifest's is rejected") {
    auto records = make_records(3);
    records[1].device_id = "0190a1b2-c3d4-7e5f-8a6b-00000000d002";
    ExportFolder folder(records);
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE(report.ok());
    CHECK(report->created == 2);
    REQUIRE(report->rejected_lines.size() == 1);
    CHECK(report->rejected_lines[0].find("line 2: response " + records[1].id + " is from device") == 0);
}

TEST_CASE("a manifest count that differs from the lines stores nothing") {
    ExportFolder folder(make_records(4));
    folder.manifest()["counts"]["responses"] = 5;
    folder.write_manifest();
    Collector collector;
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("counts 5 responses but responses.jsonl holds 4") !=
          std::string::npos);
    CHECK(collector.stats().responses == 0);
    CHECK(collector.stats().surveys == 0);  // the survey went in the same transaction
}

TEST_CASE("an export from a device the collector does not know needs --add-device") {
    ExportFolder folder(make_records(4));
    Collector collector(false);
    auto refused = collector.import(folder);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("comes from device " + device +
                                       ", which this collector does not know") != std::string::npos);
    CHECK(refused.error().message.find("--add-device NAME") != std::string::npos);
    CHECK(collector.stats().devices == 0);
    CHECK(collector.stats().responses == 0);

    auto added = collector.import(folder, "hall-kiosk");
    REQUIRE_MESSAGE(added.ok(), message_of(added));
    CHECK(added->created == 4);
    CHECK(added->device_name == "hall-kiosk");
    CHECK(added->new_device_token.size() == 64);
    // The printed token is the device's: its hash is what the collector keeps.
    auto found = collector.store->device_for_token(sha256_hex(added->new_device_token));
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->device_id == device);

    // Known now: --add-device again changes nothing.
    auto again = collector.import(folder, "hall-kiosk");
    REQUIRE(again.ok());
    CHECK(again->duplicate == 4);
    CHECK(again->new_device_token.empty());
    CHECK(collector.stats().devices == 1);
}

TEST_CASE("an import leaves the watermark alone; batches still advance it; the ids count once") {
    const auto records = make_records(10);
    Collector collector;
    Batch first;  // the network delivered seqs 1..5
    first.device_id = device;
    first.batch_id = "0190a1b2-c3d4-7e5f-8a6b-0000000000b1";
    first.first_seq = 1;
    first.last_seq = 5;
    first.responses.assign(records.begin(), records.begin() + 5);
    auto reply = collector.store->store_batch(first);
    REQUIRE(reply.ok());
    CHECK(reply->max_contiguous_seq == 5);

    // The stick holds 1..10, but a stick says nothing about which seqs the kiosk holds.
    ExportFolder folder(records);
    auto report = collector.import(folder);
    REQUIRE(report.ok());
    CHECK(report->created == 5);
    CHECK(report->duplicate == 5);
    REQUIRE(collector.stats().per_device.size() == 1);
    CHECK(collector.stats().per_device[0].max_contiguous_seq == 5);

    Batch second;  // the kiosk later syncs 6..10 too: duplicates, and now the watermark moves
    second.device_id = device;
    second.batch_id = "0190a1b2-c3d4-7e5f-8a6b-0000000000b2";
    second.first_seq = 6;
    second.last_seq = 10;
    second.responses.assign(records.begin() + 5, records.end());
    reply = collector.store->store_batch(second);
    REQUIRE(reply.ok());
    CHECK(reply->max_contiguous_seq == 10);
    for (const ItemResult& item : reply->results) CHECK(item.status == ItemStatus::duplicate);
    CHECK(collector.ids() == ids_of(records));
}

TEST_CASE("a copy without personal data of a response held in full is a conflict, and says why") {
    const auto records = make_records(4);
    Collector collector;
    Batch synced;  // the full responses arrived by network
    synced.device_id = device;
    synced.batch_id = "0190a1b2-c3d4-7e5f-8a6b-0000000000b3";
    synced.first_seq = 1;
    synced.last_seq = 4;
    synced.responses = records;
    REQUIRE(collector.store->store_batch(synced).ok());

    // The export left the email out: answers changed, hash recomputed (as the kiosk does).
    std::vector<ResponseRecord> withheld = records;
    for (ResponseRecord& r : withheld) {
        json answers = json::parse(r.answers_json);
        answers.erase("email");
        r.answers_json = answers.dump();
        r.sha256 = sha256_hex(r.answers_json);
    }
    ExportFolder folder(withheld);
    folder.manifest()["personal_data"] = {{"included", false}, {"withheld_questions", {"email"}}};
    folder.write_manifest();
    auto report = collector.import(folder);
    REQUIRE_MESSAGE(report.ok(), message_of(report));
    CHECK(report->created == 0);
    CHECK(report->conflicts.size() == 4);
    const std::string text = describe_import(*report);
    INFO(text);
    CHECK(text.find("created 0, duplicate 0, conflict 4, rejected 0") != std::string::npos);
    CHECK(text.find("left out personal data (questions: email)") != std::string::npos);
    // The full copies stay; the stick's copies are kept aside.
    auto rows = collector.store->all_responses();
    REQUIRE(rows.ok());
    for (std::size_t i = 0; i < records.size(); ++i) CHECK((*rows)[i].record == records[i]);
    CHECK(collector.stats().conflicts == 4);
}

// ---- issue 12: files a stick can hold, memory, the manifest's list, the database's mode ----

TEST_CASE("a FIFO named manifest.json is refused at once instead of hanging the import") {
    Collector collector;
    ExportFolder folder(make_records(2));
    std::filesystem::remove(folder.file("manifest.json"));
    REQUIRE(::mkfifo(folder.file("manifest.json").c_str(), 0600) == 0);
    auto running = std::async(std::launch::async, [&] { return collector.import(folder); });
    const bool finished = running.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    if (!finished) {
        // Unblock the hung open so the test ends (and fails) instead of hanging.
        const int writer = ::open(folder.file("manifest.json").c_str(), O_WRONLY);
        if (writer >= 0) ::close(writer);
    }
    REQUIRE(finished);
    auto report = running.get();
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("not a regular file") != std::string::npos);
}

TEST_CASE("a manifest that leaves one of the folder's files out is refused, naming the file") {
    Collector collector;
    ExportFolder folder(make_records(2));
    json& manifest = folder.manifest();
    json kept = json::array();
    for (const json& file : manifest["files"]) {
        if (file["name"] != "responses.csv") kept.push_back(file);
    }
    manifest["files"] = kept;
    write_file(folder.file("manifest.json"), manifest.dump(2));
    auto report = collector.import(folder);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.rfind("responses.csv is in the export folder but manifest.json "
                                       "does not list it", 0) == 0);
    CHECK(collector.ids().empty());
    // Hidden files a desktop leaves behind are not the export's (manifest.sig is checked as a
    // signature: signed_delivery_e2e_tests).
    ExportFolder browsed(make_records(2));
    write_file(browsed.file(".DS_Store"), "x");
    CHECK(collector.import(browsed).ok());
}

TEST_CASE("a 16 MiB surveys.json of empty objects is refused without building it") {
    Collector collector;
    ExportFolder folder(make_records(2));
    std::string surveys = "[";
    while (surveys.size() < 16u * 1024u * 1024u) surveys += "{},";
    surveys.back() = ']';
    folder.replace_and_relist("surveys.json", surveys);
    surveys.clear();
    surveys.shrink_to_fit();
    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);
    auto report = collector.import(folder);
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("surveys.json has more than") == 0);
    // The file itself (16 MiB) is read whole; a DOM of it took 570 MB.
    const long grew_kib = after.ru_maxrss - before.ru_maxrss;
    MESSAGE("peak resident size grew by " << grew_kib / 1024 << " MiB");
    CHECK(grew_kib < 64 * 1024);
}

TEST_CASE("the collector's database is created 0600, in a folder it makes 0700") {
    TempDir dir;
    const std::filesystem::path db = dir.path() / "new-folder" / "collector.db";
    auto connection = open_sqlite(db.string());
    REQUIRE(connection.ok());
    auto opened = CollectorStore::open(std::move(connection).value());
    REQUIRE(opened.ok());
    struct stat info {};
    REQUIRE(::stat(db.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    REQUIRE(::stat(db.parent_path().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    for (const char* suffix : {"-wal", "-shm"}) {
        if (::stat((db.string() + suffix).c_str(), &info) == 0) CHECK((info.st_mode & 0777) == 0600);
    }
}
