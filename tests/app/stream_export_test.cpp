// The streamed export on a real store and real folders: the store's cursor (StoreRows, chunks of
// 1,000) gives the same files as build_export over a snapshot, a response saved during the export
// is in none of its files, and a stick that fills up while files are open leaves nothing behind.
#include <doctest/doctest.h>
#include <sys/statvfs.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "kiosk/app/export_command.hpp"
#include "kiosk/app/export_writer.hpp"
#include "kiosk/app/store_export_rows.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/export/export_stream.hpp"
#include "sync/protocol/export_folder.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

using standpoint::test::survey_bytes;

// More responses than one chunk of the cursor, so a chunk boundary is crossed.
constexpr int response_count = app::StoreRows::chunk_rows + 234;

Response numbered(int number, const std::string& device_id) {
    Response response = test::sample_response(number, "comment " + std::to_string(number * 7));
    response.survey.sha256 = sha256_hex(survey_bytes);
    response.device_id = device_id;
    response.answers["visit"] = NumberAnswer{1 + number % 5};
    return response;
}

std::unique_ptr<ResponseStore> seeded_store(const fs::path& data_dir) {
    auto store = ResponseStore::open(data_dir);
    REQUIRE(store.ok());
    REQUIRE((*store)->remember_survey(numbered(0, "").survey, survey_bytes).ok());
    const std::string device_id = (*store)->device_id();
    // One transaction: the saves become savepoints, one fsync for all.
    REQUIRE((*store)
                ->in_one_transaction([&]() -> Status {
                    for (int i = 0; i < response_count; ++i) {
                        if (auto saved = (*store)->save(numbered(i, device_id)); !saved)
                            return saved.error();
                    }
                    return ok_status();
                })
                .ok());
    return std::move(store).value();
}

app::StoreRows rows_of(ResponseStore& store) {
    return app::StoreRows([&store](std::int64_t after_seq, int limit) {
        return store.export_rows_after(ExportFilter{}, after_seq, limit);
    });
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool any_manifest(const fs::path& root) {
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.path().filename() == export_file::manifest_json) return true;
    return false;
}

}  // namespace

TEST_CASE("the store's cursor streamed onto a folder gives the files build_export makes") {
    TempDir dir;
    auto store = seeded_store(dir.path() / "data");
    auto context = app::read_export_context(*store);
    REQUIRE(context.ok());
    auto rows = rows_of(*store);
    app::StickSink sink(dir.path());
    auto streamed = stream_export(rows, *context, ExportOptions{}, dir.path() / "scratch", sink);
    REQUIRE_MESSAGE(streamed.ok(), (streamed.ok() ? "" : streamed.error().message));
    CHECK(streamed->response_count == response_count);

    auto snapshot = app::read_export_snapshot(*store, ExportOptions{});
    REQUIRE(snapshot.ok());
    snapshot->taken_at = context->taken_at;
    auto plan = build_export(*snapshot, ExportOptions{}, dir.path() / "scratch");
    REQUIRE(plan.ok());
    REQUIRE(plan->files.size() == streamed->files.size());
    for (std::size_t i = 0; i < plan->files.size(); ++i) {
        const ExportFile& built = plan->files[i];
        CAPTURE(built.name);
        CHECK(streamed->files[i].name == built.name);
        const std::string on_stick = read_text(sink.folder() / built.name);
        // The hash and size computed while writing are those of the bytes on the stick.
        CHECK(streamed->files[i].sha256 == sha256_hex(on_stick));
        CHECK(streamed->files[i].bytes == on_stick.size());
        // The workbook's zip entries carry the time they were written, and the manifest its
        // hash: every other file is the same byte for byte.
        if (built.name != export_file::responses_xlsx && built.name != export_file::manifest_json)
            CHECK(on_stick == built.bytes);
    }
}

TEST_CASE("a response saved while the export reads is in none of its files") {
    TempDir dir;
    auto store = seeded_store(dir.path() / "data");
    auto rows = rows_of(*store);
    int first_pass = 0;
    REQUIRE(rows.each_row([&](StoredResponse&, RowKind) -> Status {
                    ++first_pass;
                    return ok_status();
                })
                .ok());
    REQUIRE(store->save(numbered(response_count + 1, store->device_id())).ok());
    int second_pass = 0;
    REQUIRE(rows.each_row([&](StoredResponse& row, RowKind kind) -> Status {
                    ++second_pass;
                    CHECK(kind == RowKind::unparsed);
                    CHECK(row.response.answers.empty());
                    return ok_status();
                })
                .ok());
    CHECK(first_pass == response_count);
    CHECK(second_pass == first_pass);
}

TEST_CASE("a stick that fills up while files are open: 'the stick is full', nothing left") {
    if (!test::is_root()) {
        MESSAGE("SKIPPED: mounting a tmpfs needs root");
        return;
    }
    TempDir dir;
    auto store = seeded_store(dir.path() / "data");
    TmpfsMount stick(dir.path() / "stick", "8m");
    REQUIRE(stick.is_mounted());
    auto context = app::read_export_context(*store);
    REQUIRE(context.ok());
    // After the free-space check, as the second pass starts, something else takes all but 64 KiB
    // of the stick (as a stick that reported more room than it had would): responses.csv and
    // responses.jsonl, open together, run out of room mid-way.
    int fetches = 0;
    app::StoreRows rows([&](std::int64_t after_seq, int limit) {
        if (++fetches == 3) {  // pass 1 took two chunks
            struct statvfs space {};
            REQUIRE(::statvfs((dir.path() / "stick").c_str(), &space) == 0);
            const auto free_bytes = static_cast<std::size_t>(space.f_bavail * space.f_frsize);
            std::ofstream(dir.path() / "stick" / "filler.bin", std::ios::binary)
                << std::string(free_bytes - 64 * 1024, 'x');
        }
        return store->export_rows_after(ExportFilter{}, after_seq, limit);
    });
    std::optional<app::StickSink> sink;
    sink.emplace(dir.path() / "stick");
    auto streamed = stream_export(rows, *context, ExportOptions{}, dir.path() / "scratch", *sink);
    REQUIRE_FALSE(streamed.ok());
    CHECK(streamed.error().message.find("the stick is full") != std::string::npos);
    CHECK(streamed.error().message.find("no manifest.json") != std::string::npos);
    // The half-written folder is removed when the sink goes, open files and all.
    const fs::path folder = sink->folder();
    REQUIRE_FALSE(folder.empty());
    sink.reset();
    CHECK_FALSE(any_manifest(dir.path() / "stick"));
    CHECK_FALSE(fs::exists(folder));
}
