// `standpoint export` on a store with a damaged answer (one byte changed in the closed SQLite file,
// quick_check still ok), and on a store whose disk is full: the export goes on, damaged answers
// apart in damaged.jsonl, every other response in responses.jsonl with the hash stored at save.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk/app/export_command.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/store/response_store.hpp"
#include "sync/protocol/batch.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using nlohmann::json;
using standpoint::test::RawDb;
using standpoint::test::replace_in_file;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

using standpoint::test::survey_bytes;

Response sample(int number, const std::string& text) {
    Response response = test::sample_response(number, text);
    response.survey.sha256 = sha256_hex(survey_bytes);
    return response;
}

// Four responses; the answer of response 1 is the one the tests damage.
void seed(const fs::path& data_dir) {
    auto store = ResponseStore::open(data_dir);
    REQUIRE(store.ok());
    REQUIRE((*store)->remember_survey(sample(0, "").survey, survey_bytes).ok());
    for (int i = 0; i < 4; ++i) {
        const std::string text = i == 1 ? "the bandstand was lovely" : "more benches";
        Response response = sample(i, text);
        response.device_id = (*store)->device_id();
        REQUIRE((*store)->save(response).ok());
    }
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

struct Exported {
    int code = 0;
    std::string out, err;
    fs::path folder;
};

Exported run_export(const fs::path& data_dir, const fs::path& destination) {
    app::ExportCommand command;
    command.destination = destination.string();
    command.data_dir = data_dir.string();
    std::ostringstream out, err;
    Exported result;
    result.code = app::run_export_command(command, out, err);
    result.out = out.str();
    result.err = err.str();
    for (const auto& entry : fs::directory_iterator(destination))
        if (entry.is_directory()) result.folder = entry.path();
    return result;
}

}  // namespace

TEST_CASE("standpoint export goes on past a damaged answer and sets it apart in damaged.jsonl") {
    TempDir dir;
    const fs::path data_dir = dir.path() / "data";
    const fs::path stick = dir.path() / "stick";
    fs::create_directories(stick);
    seed(data_dir);
    // The attack: the quote before the answer becomes '#', so the stored bytes are not even JSON
    // (before the fix the export refused the whole store for it).
    REQUIRE(replace_in_file(data_dir / "standpoint.db", "\"the bandstand", "#the bandstand") == 1);
    CHECK(RawDb(data_dir / "standpoint.db").text("PRAGMA quick_check") == "ok");

    const Exported result = run_export(data_dir, stick);
    INFO(result.out << result.err);
    REQUIRE(result.code == 0);
    CHECK(result.out.find("1 damaged") != std::string::npos);

    const auto responses = lines_of(read_text(result.folder / "responses.jsonl"));
    REQUIRE(responses.size() == 3);
    for (const std::string& line : responses) {
        const auto record = response_record_from_json(json::parse(line));
        REQUIRE(record.ok());
        CHECK(record->id != test::sample_response(1).id);
    }
    const auto damaged = lines_of(read_text(result.folder / "damaged.jsonl"));
    REQUIRE(damaged.size() == 1);
    const json line = json::parse(damaged[0]);
    CHECK(line["id"] == test::sample_response(1).id);
    CHECK(line["seq"] == 2);
    CHECK(line["stored_sha256"] != line["found_sha256"]);
    CHECK(line["answers_json"].is_null());  // personal data was not included

    const json manifest = json::parse(read_text(result.folder / "manifest.json"));
    CHECK(manifest["counts"]["responses"] == 3);
    CHECK(manifest["counts"]["damaged"] == 1);
    bool lists_damaged = false;
    for (const json& file : manifest["files"]) lists_damaged |= file["name"] == "damaged.jsonl";
    CHECK(lists_damaged);

    // Only the responses really exported are marked so; the damaged one is still not.
    auto store = ResponseStore::open(data_dir);
    REQUIRE(store.ok());
    CHECK((*store)->counts_for({}).value().unexported == 1);
}

TEST_CASE("responses.jsonl carries the hash stored at save time, not one of the bytes read back") {
    TempDir dir;
    const fs::path data_dir = dir.path() / "data";
    const fs::path stick = dir.path() / "stick";
    fs::create_directories(stick);
    seed(data_dir);
    // Still valid JSON, still fits the survey: only the stored hash shows the change. Before the
    // fix the line went out with a fresh hash of the changed bytes, as if authentic.
    REQUIRE(replace_in_file(data_dir / "standpoint.db", "bandstand was lovely",
                            "bandstand was AWFUL!") == 1);

    const Exported result = run_export(data_dir, stick);
    INFO(result.out << result.err);
    REQUIRE(result.code == 0);
    const std::string jsonl = read_text(result.folder / "responses.jsonl");
    CHECK(jsonl.find("AWFUL") == std::string::npos);
    CHECK(lines_of(jsonl).size() == 3);
    const json line = json::parse(lines_of(read_text(result.folder / "damaged.jsonl")).at(0));
    CHECK(line["id"] == test::sample_response(1).id);
}

TEST_CASE("standpoint export works from a store on a full disk, reading it without writing") {
    if (!test::is_root()) {
        MESSAGE("skipped: a tmpfs can be mounted only as root");
        return;
    }
    TempDir dir;
    TmpfsMount disk(dir.path() / "disk", "512k");
    if (!disk.is_mounted()) {
        MESSAGE("skipped: cannot mount a tmpfs here");
        return;
    }
    const fs::path data_dir = dir.path() / "disk" / "data";
    seed(data_dir);
    {
        std::ofstream filler(dir.path() / "disk" / "filler", std::ios::binary);
        const std::string block(4096, 'f');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
        }
    }
    REQUIRE_FALSE(ResponseStore::open(data_dir).ok());  // the kiosk itself cannot run on it

    const fs::path stick = dir.path() / "stick";
    fs::create_directories(stick);
    const Exported result = run_export(data_dir, stick);
    INFO(result.out << result.err);
    REQUIRE(result.code == 0);
    CHECK(result.err.find("disk is full") != std::string::npos);
    CHECK(result.err.find("read-only") != std::string::npos);
    CHECK(lines_of(read_text(result.folder / "responses.jsonl")).size() == 4);
}
