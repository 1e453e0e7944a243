// write_export with hand-made plans on real folders and real file systems: the happy path, a new
// folder every time, a stick too small, a real ENOSPC, a read-only stick, and files deleted,
// truncated or changed between writing and checking (as a stick pulled at the wrong moment).
#include "kiosk/app/export_writer.hpp"

#include <doctest/doctest.h>
#include <sys/mount.h>

#include <fstream>
#include <iterator>

#include "kiosk/core/sha256.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using namespace standpoint::app;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

ExportPlan sample_plan(std::size_t csv_bytes = 10000) {
    ExportPlan plan;
    plan.folder_name = "standpoint-gala-2026-11-23-0190f3b2";
    std::string csv = "\xEF\xBB\xBF\"response_id\",\"better\"\r\n";
    while (csv.size() < csv_bytes)
        csv += "\"0190f3b2\",\"Mwy o feinciau — Więcej ławek — مزید بینچ\"\r\n";
    plan.files.push_back({"responses.csv", csv});
    plan.files.push_back({"responses.jsonl", "{\"id\":\"0190f3b2\"}\n"});
    plan.files.push_back({"summary.html", "<!doctype html><title>Gala</title>"});
    std::string manifest = "{\"files\": [";
    for (const ExportFile& file : plan.files)
        manifest +=
            "{\"name\": \"" + file.name + "\", \"sha256\": \"" + sha256_hex(file.bytes) + "\"},";
    manifest.back() = ']';
    plan.files.push_back({"manifest.json", manifest + "}"});
    plan.response_count = 1;
    plan.response_ids = {"0190f3b2"};
    return plan;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> names_in(const fs::path& folder) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Whether a manifest.json exists anywhere under `root`.
bool any_manifest(const fs::path& root) {
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(root, error);
         it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->path().filename() == "manifest.json") return true;
    }
    return false;
}

// A tmpfs for the test, or a message saying why the case cannot run here.
bool mounted_or_skip(const TmpfsMount& mount) {
    if (!test::is_root() || !mount.is_mounted()) {
        MESSAGE("SKIPPED: mounting a tmpfs needs root");
        return false;
    }
    return true;
}

}  // namespace

TEST_CASE("every file is written, read back and reported with its size and SHA-256") {
    TempDir stick;
    const ExportPlan plan = sample_plan();
    const auto report = write_export(plan, stick.path());
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    CHECK(report->folder == stick.path() / plan.folder_name);
    CHECK(report->response_count == 1);
    REQUIRE(report->files.size() == plan.files.size());
    for (std::size_t i = 0; i < plan.files.size(); ++i) {
        CHECK(report->files[i].name == plan.files[i].name);
        CHECK(report->files[i].bytes == plan.files[i].bytes.size());
        CHECK(report->files[i].sha256 == sha256_hex(plan.files[i].bytes));
        CHECK(read_file(report->folder / plan.files[i].name) == plan.files[i].bytes);
    }
    // No temporary name is left behind.
    CHECK(names_in(report->folder) == std::vector<std::string>{"manifest.json", "responses.csv",
                                                               "responses.jsonl", "summary.html"});
}

TEST_CASE("an export never writes into an existing folder: -2, -3 are added") {
    TempDir stick;
    const ExportPlan plan = sample_plan();
    fs::create_directories(stick.path() / plan.folder_name);
    std::ofstream(stick.path() / plan.folder_name / "responses.csv") << "an older export";
    const auto second = write_export(plan, stick.path());
    REQUIRE(second.ok());
    CHECK(second->folder.filename() == plan.folder_name + "-2");
    const auto third = write_export(plan, stick.path());
    REQUIRE(third.ok());
    CHECK(third->folder.filename() == plan.folder_name + "-3");
    CHECK(read_file(stick.path() / plan.folder_name / "responses.csv") == "an older export");
}

TEST_CASE("a file deleted between writing and checking: the Error names it, no manifest") {
    TempDir stick;
    const ExportPlan plan = sample_plan();
    const auto report = write_export(
        plan, stick.path(), [](const fs::path& folder) { fs::remove(folder / "responses.jsonl"); });
    REQUIRE_FALSE(report.ok());
    const std::string& message = report.error().message;
    CHECK(has(message, "responses.jsonl"));
    CHECK(has(message, "the stick was removed or a file vanished before it was checked"));
    CHECK_FALSE(any_manifest(stick.path()));
    CHECK(names_in(stick.path()).empty());  // the half-made folder is gone too
}

TEST_CASE("a file truncated between writing and checking: the Error names it, no manifest") {
    TempDir stick;
    const ExportPlan plan = sample_plan();
    const auto report = write_export(plan, stick.path(), [](const fs::path& folder) {
        fs::resize_file(folder / "responses.csv", 100);
    });
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "responses.csv"));
    CHECK(has(report.error().message, "is 100 bytes, but 10"));
    CHECK_FALSE(any_manifest(stick.path()));
    CHECK(names_in(stick.path()).empty());
}

TEST_CASE("a file changed between writing and checking (same size): the SHA-256 differs") {
    TempDir stick;
    const ExportPlan plan = sample_plan();
    const auto report = write_export(plan, stick.path(), [](const fs::path& folder) {
        std::fstream file(folder / "summary.html", std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(3);
        file.put('X');
    });
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "summary.html"));
    CHECK(has(report.error().message, "does not match what was written"));
    CHECK_FALSE(any_manifest(stick.path()));
}

TEST_CASE("a stick too small is refused before anything is written, with the sizes") {
    TempDir dir;
    TmpfsMount stick(dir.path() / "stick", "64k");
    if (!mounted_or_skip(stick)) return;
    const auto report = write_export(sample_plan(200000), dir.path() / "stick");
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "too full"));
    CHECK(has(report.error().message, "MB free, the export needs 0.2"));
    CHECK(names_in(dir.path() / "stick").empty());
}

TEST_CASE("a real ENOSPC while writing: 'the stick is full', nothing left behind") {
    TempDir dir;
    // Room for the bytes, but only four inodes: the folder and two files, then ENOSPC.
    TmpfsMount stick(dir.path() / "stick", "4m,nr_inodes=4");
    if (!mounted_or_skip(stick)) return;
    const auto report = write_export(sample_plan(), dir.path() / "stick");
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "the stick is full"));
    CHECK(has(report.error().message, "summary.html"));
    CHECK(names_in(dir.path() / "stick").empty());
}

TEST_CASE("a read-only stick is refused with a clear message") {
    TempDir dir;
    TmpfsMount stick(dir.path() / "stick", "4m");
    if (!mounted_or_skip(stick)) return;
    REQUIRE(stick.remount(MS_RDONLY));
    const auto report = write_export(sample_plan(), dir.path() / "stick");
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "read-only or locked"));
}

TEST_CASE("a folder that is not there (stick gone) is refused with what to do") {
    TempDir dir;
    const auto report = write_export(sample_plan(), dir.path() / "gone");
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "no such folder"));
}

TEST_CASE("a plan without manifest.json last is refused as a bug, nothing written") {
    TempDir stick;
    ExportPlan plan = sample_plan();
    std::swap(plan.files.front(), plan.files.back());
    const auto report = write_export(plan, stick.path());
    REQUIRE_FALSE(report.ok());
    CHECK(has(report.error().message, "manifest.json"));
    CHECK(names_in(stick.path()).empty());
}

TEST_CASE("FAT rules: only safe ASCII names, and no file over 4 GiB - 1") {
    CHECK(check_fat_file("responses.csv", 0).ok());
    CHECK(check_fat_file("standpoint-gala_2026-11-23-0190f3b2", 0).ok());
    CHECK(check_fat_file("big.csv", fat32_max_file_bytes).ok());
    const auto too_big = check_fat_file("big.csv", fat32_max_file_bytes + 1);
    REQUIRE_FALSE(too_big.ok());
    CHECK(has(too_big.error().message, "4 GiB"));
    for (const char* bad : {"what?.csv", "feedback 14:30.csv", ".hidden", "-dash", "trailing.",
                            "Gwyl_Haf_ŵ.csv", "a/b", ""}) {
        CAPTURE(bad);
        CHECK_FALSE(check_fat_file(bad, 1).ok());
    }
    ExportPlan plan = sample_plan();
    plan.folder_name = "gala 2026";
    TempDir stick;
    CHECK_FALSE(write_export(plan, stick.path()).ok());
    CHECK(names_in(stick.path()).empty());
}
