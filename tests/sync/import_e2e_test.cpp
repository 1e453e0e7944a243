// Issue 5's import test, end to end with the real programs: a kiosk store (real SQLite file) with
// 300 responses; `standpoint sync --once` delivers the first half to a real
// `standpoint-collector serve` on 127.0.0.1; the second half is saved after; then the real
// `standpoint export --to DIR` and `standpoint-collector import` on the same collector store.
// Every response must be there exactly once, byte-equal, the synced half reported as duplicates.
// SQLite by default; PostgreSQL when run through tests/sync/pg_cluster.sh (STANDPOINT_TEST_PG).
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/sync/collector_child.hpp"

using namespace standpoint;
using namespace standpoint::test;

namespace {

std::string gala_survey_bytes() {
    std::ifstream in(std::string(STANDPOINT_SOURCE_DIR) + "/assets/surveys/gala-feedback.json",
                     std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Answers to the gala survey's questions, with the bytes that break naive copies; every third
// resident gives a postcode district (a personal-data question).
Answers gala_answers(int n) {
    static const char* const texts[] = {
        "Gwych! Diolch yn fawr \xe2\x80\x94 roedd y digwyddiad yn hyfryd.",
        "line one\nline two\r\n\ttabbed \"quoted\" back\\slash, comma",
        "=SUM(A1:A9) +1 -2 @cmd",
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87",
    };
    static const char* const services[] = {"library", "leisure", "parks", "recycling", "housing"};
    static const char* const ages[] = {"16_24", "25_44", "45_64", "prefer_not"};
    Answers answers;
    answers["visit"] = NumberAnswer{n % 5 + 1};
    answers["recommend"] = NumberAnswer{n % 11};
    answers["better"] = TextAnswer{std::string(texts[n % 4]) + " #" + std::to_string(n)};
    answers["age"] = ChoiceAnswer{ages[n % 4]};
    std::vector<std::string> used;
    for (int i = 0; i < n % 4; ++i) used.push_back(services[(n + i) % 5]);
    if (!used.empty()) answers["services"] = ChoicesAnswer{used};
    if (n % 3 == 0) answers["postcode"] = TextAnswer{"CF10"};
    return answers;
}

std::vector<std::string> save_gala_responses(ResponseStore& store, int from, int to) {
    const std::string bytes = gala_survey_bytes();
    const auto survey_json = nlohmann::json::parse(bytes);
    const SurveyRef survey{"gala-feedback", survey_json.at("version").get<int>(), sha256_hex(bytes)};
    REQUIRE(store.remember_survey(survey, bytes).ok());
    std::vector<std::string> ids;
    for (int n = from; n < to; ++n) {
        char id[64];
        std::snprintf(id, sizeof id, "0190a1b2-c3d4-7e5f-9a6b-%012d", n);
        Response response;
        response.id = id;
        response.survey = survey;
        response.event_id = "gala-2026";
        response.device_id = store.device_id();
        response.started_at = Clock::now() - std::chrono::minutes(2);
        response.completed_at = Clock::now();
        response.utc_offset_minutes = 60;
        response.language = n % 3 == 0 ? "cy" : "en";
        response.status = n % 7 == 0 ? ResponseStatus::partial : ResponseStatus::complete;
        response.answers = gala_answers(n);
        auto saved = store.save(response);
        REQUIRE_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));
        ids.push_back(id);
    }
    return ids;
}

// id -> answers_json bytes, from the kiosk's file with a connection of its own.
std::map<std::string, std::string> kiosk_answers(const std::filesystem::path& dir) {
    std::map<std::string, std::string> rows;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((dir / "standpoint.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id, answers_json FROM response", -1, &statement,
                               nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        rows[reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))] =
            std::string(static_cast<const char*>(sqlite3_column_blob(statement, 1)),
                        static_cast<std::size_t>(sqlite3_column_bytes(statement, 1)));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

// What the collector holds for one device: id -> answers_json, and how many rows per id.
struct Held {
    std::map<std::string, std::string> answers;
    std::map<std::string, int> copies;
};

Held collector_holds(const CollectorChild& collector, const std::string& device_id) {
    int status = -1;
    std::istringstream lines(collector.command({"export", "--format", "jsonl"}, &status));
    REQUIRE(status == 0);
    Held held;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        const auto record = nlohmann::json::parse(line);
        if (record.at("device_id") != device_id) continue;
        const std::string id = record.at("id");
        held.answers[id] = record.at("answers_json");
        ++held.copies[id];
    }
    return held;
}

struct Counts {
    long created = -1, duplicate = -1, conflict = -1, rejected = -1;
};

Counts parse_counts(const std::string& output) {
    std::smatch match;
    static const std::regex line(
        "created ([0-9]+), duplicate ([0-9]+), conflict ([0-9]+), rejected ([0-9]+)");
    Counts counts;
    if (std::regex_search(output, match, line)) {
        counts = {std::stol(match[1]), std::stol(match[2]), std::stol(match[3]), std::stol(match[4])};
    }
    return counts;
}

// The one folder `standpoint export --to DIR` made in DIR.
std::filesystem::path only_export_folder(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_directory() && entry.path().filename().string().rfind("standpoint-", 0) == 0) {
            found.push_back(entry.path());
        }
    }
    REQUIRE(found.size() == 1);
    return found.front();
}

std::string run_export(const std::filesystem::path& data, const std::filesystem::path& to,
                       bool include_personal) {
    std::vector<std::string> args = {STANDPOINT_EXE, "export", "--to", to.string(), "--data",
                                     data.string()};
    if (include_personal) args.push_back("--include-personal");
    int status = -1;
    const std::string out = run_capture(args, &status);
    INFO(out);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return out;
}

void sync_once(const std::filesystem::path& data) {
    int status = -1;
    const std::string out = run_capture({STANDPOINT_EXE, "sync", "--once", "--data", data.string()},
                                        &status);
    INFO(out);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("half synced, all exported to a stick, imported: every response exactly once") {
    constexpr int total = 300;
    TempDir collector_dir;
    const char* pg = std::getenv("STANDPOINT_TEST_PG");
    CollectorChild collector(STANDPOINT_COLLECTOR,
                             pg != nullptr ? std::vector<std::string>{"--pg", pg}
                                           : std::vector<std::string>{
                                                 "--db", (collector_dir.path() / "c.db").string()});
    MESSAGE("collector store: " << std::string(pg != nullptr ? "PostgreSQL" : "SQLite"));
    const std::string token = collector.add_device("gala-kiosk");
    REQUIRE(token.size() == 64);
    const int port = collector.start("127.0.0.1:0");

    // The kiosk: the first half saved and synced by the real `standpoint sync --once`.
    TempDir kiosk_dir;
    const auto data = kiosk_dir.path();
    std::string device_id;
    std::vector<std::string> ids;
    {
        auto store = open_store(data);
        device_id = store->device_id();
        ids = save_gala_responses(*store, 0, total / 2);
    }
    std::ofstream(data / "sync.json") << R"({"endpoint": "http://127.0.0.1:)" << port
                                      << R"(", "batch_size": 40})";
    std::ofstream(data / "sync-token") << token << '\n';
    ::chmod((data / "sync-token").c_str(), 0600);
    sync_once(data);
    {
        // The second half is saved after the sync: only on the kiosk (and soon on the stick).
        auto store = open_store(data);
        const auto later = save_gala_responses(*store, total / 2, total);
        ids.insert(ids.end(), later.begin(), later.end());
        auto counts = store->outbox_counts();
        REQUIRE(counts.ok());
        CHECK(counts->synced == total / 2);
        CHECK(counts->pending == total / 2);
    }
    REQUIRE(collector_holds(collector, device_id).answers.size() == total / 2);

    // The real export to a "stick", the real import, on the collector's live store. Personal
    // data is sealed to the collector's key, which the kiosk has from its sync set-up.
    const std::string key_file = (collector_dir.path() / "collector.key").string();
    int status = -1;
    const std::string collector_key = collector.command({"public-key", "--key", key_file}, &status);
    REQUIRE(status == 0);
    std::ofstream(data / "standpoint-collector.pub") << collector_key;
    TempDir stick;
    run_export(data, stick.path(), true);
    const auto folder = only_export_folder(stick.path());
    const std::string imported =
        collector.command({"import", folder.string(), "--key", key_file}, &status);
    INFO(imported);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    const Counts counts = parse_counts(imported);
    CHECK(counts.created == total / 2);
    CHECK(counts.duplicate == total / 2);
    CHECK(counts.conflict == 0);
    CHECK(counts.rejected == 0);

    // Every response once, with the kiosk's exact answer bytes.
    Held held = collector_holds(collector, device_id);
    const auto expected = kiosk_answers(data);
    REQUIRE(expected.size() == static_cast<std::size_t>(total));
    CHECK(held.answers == expected);
    for (const auto& [id, copies] : held.copies) CHECK_MESSAGE(copies == 1, id);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == held.answers.size());

    // The stick did not move the watermark: it still covers only what sync delivered.
    std::string stats = collector.command({"stats"});
    CHECK(stats.find("device gala-kiosk " + device_id + " responses 300 watermark 150") !=
          std::string::npos);
    CHECK(stats.find("conflicts 0") != std::string::npos);

    // An export without personal data: responses that had a postcode now differ from the full
    // copies held, so they are conflicts (kept aside) and the output says why.
    TempDir second_stick;
    run_export(data, second_stick.path(), false);
    const std::string withheld =
        collector.command({"import", only_export_folder(second_stick.path()).string()}, &status);
    INFO(withheld);
    CHECK(WEXITSTATUS(status) == 0);
    const Counts second = parse_counts(withheld);
    CHECK(second.created == 0);
    CHECK(second.conflict == total / 3);  // n % 3 == 0 gave a postcode
    CHECK(second.duplicate == total - total / 3);
    CHECK(withheld.find("left out personal data") != std::string::npos);

    // Later the kiosk reaches the network: the second half goes again, as duplicates, and now
    // the watermark covers everything. Still every response once, unchanged.
    sync_once(data);
    held = collector_holds(collector, device_id);
    CHECK(held.answers == expected);
    for (const auto& [id, copies] : held.copies) CHECK_MESSAGE(copies == 1, id);
    stats = collector.command({"stats"});
    INFO(stats);
    CHECK(stats.find("device gala-kiosk " + device_id + " responses 300 watermark 300") !=
          std::string::npos);
    {
        auto store = open_store(data);
        auto outbox = store->outbox_counts();
        REQUIRE(outbox.ok());
        CHECK(outbox->pending == 0);
        CHECK(outbox->synced == total);
        CHECK(outbox->conflict == 0);
    }
    collector.stop(SIGTERM);
}
