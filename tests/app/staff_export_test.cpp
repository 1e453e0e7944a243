// Export from the staff screen, headless, to a folder standing in for a USB stick: the real
// snapshot, files, writer and read-back; the export recorded in the store only once verified.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "kiosk/app/frame_loop.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/core/random_bytes.hpp"
#include "tests/app/staff_fixture.hpp"

namespace standpoint::staff_test {
namespace {

using namespace std::chrono_literals;

std::string sha256_of(const std::filesystem::path& file) {
    const std::string line = [&] {
        const std::string command = "sha256sum '" + file.string() + "'";
        FILE* pipe = ::popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        char buffer[256] = {};
        const bool has_line = std::fgets(buffer, sizeof buffer, pipe) != nullptr;
        REQUIRE(::pclose(pipe) == 0);
        REQUIRE(has_line);
        return std::string(buffer);
    }();
    return line.substr(0, 64);
}

void seed(ResponseStore& store, int count) {
    const Survey survey = headless::demo_survey();
    for (int i = 0; i < count; ++i) {
        Response response;
        response.id = new_uuid_v7();
        response.survey = SurveyRef{survey.id, survey.version, survey.sha256};
        response.event_id = "gala";
        response.device_id = "staff-test";
        response.completed_at = Clock::now() - std::chrono::seconds(i);
        response.started_at = response.completed_at - 40s;
        response.utc_offset_minutes = utc_offset_minutes_at(response.completed_at);
        response.language = i % 2 == 0 ? "en" : "cy";
        response.answers["visit"] = NumberAnswer{1 + i % 5};
        response.answers["recommend"] = NumberAnswer{i % 11};
        response.answers["better"] = TextAnswer{i % 3 == 0 ? "=1+1 more benches" : "Gŵyl dda"};
        REQUIRE(store.save(response).ok());
    }
}

// A folder standing in for a stick. udisks2 has no such device, so "safely remove" fails.
app::RemovableDrive test_stick(const std::filesystem::path& mount_point, const std::string& label) {
    app::RemovableDrive drive;
    drive.device = "/dev/standpoint-test-none";
    drive.label = label;
    drive.mount_point = mount_point;
    return drive;
}

// The staff screen on a store of `responses` at the "gala" event, opened at its export section
// with `drive` listed.
std::unique_ptr<StaffScreen> at_export_section(const app::RemovableDrive& drive, int responses) {
    auto screen = std::make_unique<StaffScreen>(
        [responses](ResponseStore& store) { seed(store, responses); }, false,
        [drive] { return std::vector<app::RemovableDrive>{drive}; });
    app::KioskState state;
    state.event_id = "gala";
    screen->open(state);
    screen->frame();
    screen->tap("section:export");
    for (int i = 0; i < 2000 && screen->target("drive:0") == nullptr; ++i) {
        screen->frame();
        std::this_thread::sleep_for(1ms);
    }
    return screen;
}

// Frames until the export says "Written and checked" or shows a problem; the progress line.
std::string wait_until_written(StaffScreen& screen) {
    std::string progress = screen.drawn("export:progress");
    for (int i = 0; i < 4000 && progress.rfind("Written and checked", 0) != 0 &&
                    screen.drawn("export:problem").empty();
         ++i) {
        screen.frame();
        std::this_thread::sleep_for(1ms);
        progress = screen.drawn("export:progress");
    }
    INFO("problem: ", screen.drawn("export:problem"));
    return progress;
}

}  // namespace

TEST_CASE(
    "export from the staff screen writes a verified folder and records it; safely remove "
    "must succeed before staff are told to take the stick out") {
    TempDir stick;
    app::RemovableDrive drive = test_stick(stick.path(), "TESTSTICK");
    drive.filesystem = "vfat";
    drive.free_bytes = 1'000'000'000;
    drive.size_bytes = 2'000'000'000;
    const std::unique_ptr<StaffScreen> opened = at_export_section(drive, 40);
    StaffScreen& screen = *opened;
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM export") == 0);
    screen.tap("drive:0");
    screen.wait_for("export:progress");
    const std::string progress = wait_until_written(screen);
    REQUIRE(progress.rfind("Written and checked: 40 responses", 0) == 0);

    // One folder on the stick, its manifest naming every other file with its SHA-256.
    std::vector<std::filesystem::path> folders;
    for (const auto& entry : std::filesystem::directory_iterator(stick.path()))
        folders.push_back(entry.path());
    REQUIRE(folders.size() == 1);
    CHECK(progress.find(folders[0].filename().string()) != std::string::npos);
    const nlohmann::json manifest =
        nlohmann::json::parse(headless::read_file(folders[0] / "manifest.json"));
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folders[0])) {
        // manifest.sig is the signature of manifest.json, so the manifest cannot list it.
        if (entry.path().filename() == "manifest.json" || entry.path().filename() == "manifest.sig")
            continue;
        const std::string text = manifest.dump();
        INFO(entry.path().filename().string());
        CHECK(text.find(sha256_of(entry.path())) != std::string::npos);
        ++checked;
    }
    CHECK(checked >= 5);
    CHECK(std::filesystem::exists(folders[0] / "manifest.sig"));  // signed by the kiosk's key
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM export") == 1);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM response WHERE exported_in IS NULL") == 0);

    // udisks2 cannot remove a device that does not exist: staff are told so, not "take it out".
    screen.tap("export:safely_remove");
    const std::string problem = screen.wait_for("export:problem");
    CHECK(!problem.empty());
    for (int i = 0; i < 50; ++i) screen.frame();
    CHECK(screen.drawn("export:take_out").empty());
    CHECK(screen.target("export:safely_remove") != nullptr);  // they may try again
}

TEST_CASE("an export to a stick that cannot be written says why and can be tried again") {
    TempDir stick;
    // The stick went away after it was listed.
    const std::unique_ptr<StaffScreen> opened =
        at_export_section(test_stick(stick.path() / "pulled-out", "PULLED"), 5);
    StaffScreen& screen = *opened;
    screen.tap("drive:0");
    const std::string problem = screen.wait_for("export:problem");
    CHECK(problem.find("try again") != std::string::npos);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM export") == 0);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM response WHERE exported_in IS NULL") == 5);
    for (int i = 0; i < 20; ++i) screen.frame();
    CHECK(screen.target("drive:0") != nullptr);  // choosing it again retries
    CHECK(screen.drawn("export:take_out").empty());
}

}  // namespace standpoint::staff_test

namespace standpoint::staff_test {

TEST_CASE("staff include personal data: refused without the collector's key, sealed with it") {
    TempDir stick;
    const std::unique_ptr<StaffScreen> opened =
        at_export_section(test_stick(stick.path(), "TESTSTICK"), 6);
    StaffScreen& screen = *opened;
    CHECK(screen.drawn("export:personal") == "left out");  // the default, every visit
    CHECK(screen.drawn("export:personal_warning").empty());
    screen.tap("export:personal_in");
    CHECK(screen.drawn("export:personal") == "included");
    CHECK(screen.drawn("export:personal_warning").find("only the collector can open it") !=
          std::string::npos);

    // No collector key anywhere: the export stops and says where the key goes.
    screen.tap("drive:0");
    const std::string problem = screen.wait_for("export:problem");
    CHECK(problem.find("standpoint-collector.pub") != std::string::npos);
    CHECK(sql_count(screen.db(), "SELECT COUNT(*) FROM export") == 0);

    // The key on the stick: the same choice now writes the sealed file beside the others.
    {
        std::ofstream key(stick.path() / "standpoint-collector.pub");
        key << std::string(32, 'a') << std::string(32, '7');
    }
    for (int i = 0; i < 2000 && screen.target("drive:0") == nullptr; ++i) screen.frame();
    CHECK(screen.drawn("export:personal") == "included");  // kept after the refusal
    screen.tap("drive:0");
    const std::string progress = wait_until_written(screen);
    REQUIRE(progress.rfind("Written and checked: 6 responses", 0) == 0);
    CHECK(progress.find("personal data sealed for the collector") != std::string::npos);
    int sealed = 0;
    for (const auto& folder : std::filesystem::directory_iterator(stick.path()))
        if (folder.is_directory())
            sealed += std::filesystem::exists(folder.path() / "personal.jsonl.sealed") ? 1 : 0;
    CHECK(sealed == 1);
}

}  // namespace standpoint::staff_test
