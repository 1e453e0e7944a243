// The store's export and wipe methods (migration 3) on real SQLite files: the snapshot, the
// exported mark, the wipe rules and their log, the upgrade of a version-2 file in place, and
// honest errors from a read-only disk.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "kiosk/core/sha256.hpp"
#include "kiosk/store/response_store.hpp"
#include "kiosk/store/schema.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::RawDb;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

using standpoint::test::survey_bytes;

std::unique_ptr<ResponseStore> open_ok(const fs::path& data_dir) {
    auto opened = ResponseStore::open(data_dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened.value());
}

Response sample(int number, const std::string& event = "summer-gala-2026") {
    Response response = test::sample_response(number);
    response.survey.sha256 = sha256_hex(survey_bytes);
    response.event_id = event;
    return response;
}

// A store holding `count` responses (survey kept), numbered 0..count-1.
std::unique_ptr<ResponseStore> seeded_store(const fs::path& data_dir, int count) {
    auto store = open_ok(data_dir);
    REQUIRE(store->remember_survey(sample(0).survey, survey_bytes).ok());
    for (int i = 0; i < count; ++i) REQUIRE(store->save(sample(i, i % 2 ? "fair" : "gala")).ok());
    return store;
}

// Sends everything waiting and has the collector accept it.
void sync_all(ResponseStore& store) {
    const BatchBodyMaker body =
        [](const std::string&, std::int64_t, const std::vector<StoredResponse>&,
           const std::vector<StoredSurvey>&) -> Result<std::string> { return std::string("body"); };
    for (;;) {
        auto batch = store.freeze_next_batch(1000, body);
        REQUIRE(batch.ok());
        if (!*batch) return;
        auto rows = store.responses_after((*batch)->first_seq - 1, 1000);
        std::vector<SyncedItem> items;
        for (const StoredResponse& row : rows.value())
            if (row.seq <= (*batch)->last_seq) items.push_back({row.response.id, ItemStatus::created, ""});
        REQUIRE(store.mark_batch_synced((*batch)->batch_id, items).ok());
    }
}

std::vector<std::string> ids_of(ResponseStore& store, const ExportFilter& filter = {}) {
    std::vector<std::string> ids;
    const auto rows = store.responses_for_export(filter);
    REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : rows.error().message));
    for (const StoredResponse& row : rows.value()) ids.push_back(row.response.id);
    return ids;
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE(
    "a version-2 store file upgrades in place to the current version and keeps every response") {
    TempDir dir;
    const fs::path file = dir.path() / "standpoint.db";
    {
        // The file exactly as a kiosk running schema 2 left it, with a pending response in it.
        std::ofstream(file, std::ios::binary).flush();  // RawDb opens, it does not create
        RawDb raw(file);
        REQUIRE(raw.exec(schema::migration_1) == SQLITE_OK);
        REQUIRE(raw.exec(schema::migration_2) == SQLITE_OK);
        REQUIRE(raw.exec("PRAGMA user_version = 2") == SQLITE_OK);
        REQUIRE(raw.exec("INSERT INTO meta VALUES ('device_id', 'old-device'), "
                         "('db_instance_id', 'old-instance')") == SQLITE_OK);
        REQUIRE(raw.exec("INSERT INTO survey VALUES ('" + sha256_hex(survey_bytes) +
                         "', 'gala-feedback', 1, CAST('" + survey_bytes + "' AS BLOB))") ==
                SQLITE_OK);
        REQUIRE(
            raw.exec("INSERT INTO response(id, survey_id, survey_version, survey_sha256, event_id, "
                     "device_id, started_at, completed_at, utc_offset_minutes, language, status, "
                     "answers_json, answers_sha256) VALUES ('old-1', 'gala-feedback', 1, '" +
                     sha256_hex(survey_bytes) +
                     "', 'gala', 'old-device', '2026-11-20T10:00:00.000Z', "
                     "'2026-11-20T10:01:00.000Z', 0, 'cy', 'complete', '{\"visit\":4}', '" +
                     sha256_hex("{\"visit\":4}") + "')") == SQLITE_OK);
    }
    auto store = open_ok(dir.path());
    CHECK(store->health().value().schema_version == static_cast<int>(schema::migrations.size()));
    CHECK(store->device_id() == "old-device");
    const auto rows = store->responses_for_export({}).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].response.id == "old-1");
    CHECK(std::get<NumberAnswer>(rows[0].response.answers.at("visit")).value == 4);
    CHECK(store->counts_for({}).value().unexported == 1);
    // The recreated guard still refuses to delete the unsynced response.
    RawDb raw(file);
    CHECK(raw.exec("DELETE FROM response") == SQLITE_CONSTRAINT);
    CHECK(raw.text("SELECT count(*) FROM response") == "1");
}

TEST_CASE("responses_for_export reads the answers typed by their survey, in seq order") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 6);
    const auto rows = store->responses_for_export({}).value();
    REQUIRE(rows.size() == 6);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Response expected = sample(static_cast<int>(i));
        CHECK(rows[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK(rows[i].response.id == expected.id);
        CHECK(rows[i].response.answers == expected.answers);
        CHECK(rows[i].answers_json == answers_to_json(expected.answers).dump());
        CHECK(rows[i].answers_sha256 == sha256_hex(rows[i].answers_json));
    }
}

TEST_CASE("responses_for_export keeps to the event and the completion window") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 10);
    CHECK(ids_of(*store, {"fair", {}, {}}).size() == 5);
    CHECK(ids_of(*store, {"nobody", {}, {}}).empty());
    // sample_response(n) completes at a fixed time plus n seconds: [3, 7) is four responses.
    const TimePoint first = sample(0).completed_at;
    ExportFilter window;
    window.completed_from = first + std::chrono::seconds(3);
    window.completed_before = first + std::chrono::seconds(7);
    const std::vector<std::string> in_window = ids_of(*store, window);
    const std::vector<std::string> expected = {sample(3).id, sample(4).id, sample(5).id,
                                               sample(6).id};
    CHECK(in_window == expected);
    window.event_id = "gala";
    const std::vector<std::string> gala_in_window = ids_of(*store, window);
    CHECK(gala_in_window == std::vector<std::string>{sample(4).id, sample(6).id});
}

TEST_CASE("responses_for_export refuses a response whose survey file the store never kept") {
    TempDir dir;
    auto store = open_ok(dir.path());
    REQUIRE(store->save(sample(1)).ok());
    const auto rows = store->responses_for_export({});
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.error().message.find(sample(1).id) != std::string::npos);
    CHECK(rows.error().message.find("holds no copy of that survey") != std::string::npos);
}

TEST_CASE("stored_surveys returns every kept survey file byte for byte") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 1);
    const auto surveys = store->stored_surveys().value();
    REQUIRE(surveys.size() == 1);
    CHECK(surveys[0].definition == survey_bytes);
    CHECK(surveys[0].ref == sample(0).survey);
}

TEST_CASE("record_export remembers the export and marks its responses, the first export wins") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 4);
    CHECK(store->counts_for({}).value().unexported == 4);

    const TimePoint at = TimePoint{} + std::chrono::milliseconds(1795300000000LL);
    REQUIRE(
        store->record_export({"export-1", "/media/stick/a", at, 2}, {sample(0).id, sample(1).id})
            .ok());
    CHECK(store->counts_for({}).value().unexported == 2);
    REQUIRE(store
                ->record_export({"export-2", "/media/stick/b", at + std::chrono::hours(1), 4},
                                ids_of(*store))
                .ok());
    CHECK(store->counts_for({}).value().unexported == 0);

    const auto exports = store->exports().value();
    REQUIRE(exports.size() == 2);
    CHECK(exports[0].export_id == "export-2");  // newest first
    CHECK(exports[0].folder == "/media/stick/b");
    CHECK(exports[0].response_count == 4);
    CHECK(exports[1].export_id == "export-1");
    CHECK(exports[1].at == at);
    RawDb raw(store->file_path());
    CHECK(raw.text("SELECT exported_in FROM response WHERE id = '" + sample(0).id + "'") ==
          "export-1");
    CHECK(raw.text("SELECT exported_in FROM response WHERE id = '" + sample(3).id + "'") ==
          "export-2");
}

TEST_CASE("counts_for counts complete, partial, unsynced and unexported within the filter") {
    TempDir dir;
    auto store = open_ok(dir.path());
    REQUIRE(store->remember_survey(sample(0).survey, survey_bytes).ok());
    for (int i = 0; i < 5; ++i) {
        Response response = sample(i, "gala");
        if (i == 4) response.status = ResponseStatus::partial;
        REQUIRE(store->save(response).ok());
    }
    sync_all(*store);
    REQUIRE(store->save(sample(5, "gala")).ok());
    REQUIRE(store->save(sample(6, "fair")).ok());
    REQUIRE(store->record_export({"e", "/x", Clock::now(), 1}, {sample(0).id}).ok());

    const DayCounts gala = store->counts_for({"gala", {}, {}}).value();
    CHECK(gala.complete == 5);
    CHECK(gala.partial == 1);
    CHECK(gala.unsynced == 1);
    CHECK(gala.unexported == 5);
    CHECK(gala.only_here == 1);  // 6: neither synced nor exported
    const DayCounts all = store->counts_for({}).value();
    CHECK(all.complete + all.partial == 7);
    CHECK(all.unsynced == 2);
    CHECK(store->counts_for({"nobody", {}, {}}).value().complete == 0);
}

TEST_CASE("a safe wipe deletes only responses both synced and exported, and logs what it kept") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 6);  // 0..5
    sync_all(*store);                          // 0..5 synced
    REQUIRE(store->save(sample(6)).ok());      // 6: not synced
    REQUIRE(store
                ->record_export({"e", "/x", Clock::now(), 3},
                                {sample(0).id, sample(1).id, sample(6).id})
                .ok());

    const WipeReport report =
        store->wipe(WipeScope::synced_and_exported, "end of the gala").value();
    CHECK(report.only_safe);
    CHECK(report.deleted == 2);  // 0 and 1: synced and exported
    CHECK(report.kept == 5);     // 2..5 synced but not exported, 6 exported but not synced
    CHECK(store->count().value() == 5);
    CHECK_FALSE(store->find(sample(0).id).value().has_value());
    CHECK(store->find(sample(2).id).value().has_value());
    CHECK(store->find(sample(6).id).value().has_value());
    // The done batch still holds responses 2..5, so it stays.
    RawDb raw(store->file_path());
    CHECK(raw.text("SELECT count(*) FROM batch") == "1");

    const auto log = store->wipes().value();
    REQUIRE(log.size() == 1);
    CHECK(log[0].reason == "end of the gala");
    CHECK(log[0].deleted == 2);
    CHECK(log[0].kept == 5);
    CHECK(log[0].only_safe);
}

TEST_CASE(
    "with no sync set up, a checked stick copy is enough: exported responses go, synced or not") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 4);  // 0..3, never synced
    REQUIRE(store->record_export({"e", "/x", Clock::now(), 2}, {sample(0).id, sample(2).id}).ok());
    CHECK(store->counts_for({}).value().only_here == 2);

    const WipeReport report = store->wipe(WipeScope::exported, "stick only").value();
    CHECK(report.only_safe);
    CHECK(report.deleted == 2);
    CHECK(report.kept == 2);
    CHECK_FALSE(store->find(sample(0).id).value().has_value());
    CHECK(store->find(sample(1).id).value().has_value());
    CHECK(store->find(sample(3).id).value().has_value());
    // The guard is back: an unexported, unsynced response still cannot be deleted by hand.
    RawDb raw(store->file_path());
    CHECK(raw.text("SELECT count(*) FROM wipe_permit") == "0");
    CHECK(raw.exec("DELETE FROM response") == SQLITE_CONSTRAINT);
    CHECK(store->count().value() == 2);
    // The safe scope with sync set up would have deleted none of them.
    CHECK(store->wipe(WipeScope::synced_and_exported, "sync scope").value().deleted == 0);
}

TEST_CASE("a full wipe deletes unsynced responses too, and the guard is back right after") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 4);
    sync_all(*store);
    REQUIRE(store->save(sample(10)).ok());  // pending
    REQUIRE(store->save(sample(11)).ok());  // pending

    const WipeReport report = store->wipe(WipeScope::everything, "typed DELETE").value();
    CHECK_FALSE(report.only_safe);
    CHECK(report.deleted == 6);
    CHECK(report.kept == 0);
    CHECK(store->count().value() == 0);
    CHECK(store->outbox_counts().value().open_batches == 0);

    RawDb raw(store->file_path());
    CHECK(raw.text("SELECT count(*) FROM wipe_permit") == "0");
    CHECK(raw.text("SELECT count(*) FROM batch") == "0");
    // A response saved after the wipe is guarded again, outside the wipe's transaction.
    REQUIRE(store->save(sample(12)).ok());
    CHECK(raw.exec("DELETE FROM response") == SQLITE_CONSTRAINT);
    // seq is never reused: the collector's numbering goes on.
    CHECK(store->find(sample(12).id).value()->seq == 7);
    const auto log = store->wipes().value();
    REQUIRE(log.size() == 1);
    CHECK(log[0].deleted == 6);
    CHECK_FALSE(log[0].only_safe);
}

TEST_CASE("the wipe log can be neither changed nor deleted") {
    TempDir dir;
    auto store = seeded_store(dir.path(), 1);
    REQUIRE(store->wipe(WipeScope::synced_and_exported, "nothing safe yet").ok());
    RawDb raw(store->file_path());
    std::string message;
    CHECK(raw.exec("UPDATE wipe_log SET deleted = 0", &message) == SQLITE_CONSTRAINT);
    CHECK(message.find("never changed") != std::string::npos);
    CHECK(raw.exec("DELETE FROM wipe_log", &message) == SQLITE_CONSTRAINT);
    CHECK(store->wipes().value().size() == 1);
}

// A property of the file, not of one line of code: Debian's SQLite already defaults to
// secure_delete, and wipe() asks for it on any build.
TEST_CASE("after a wipe the deleted answers are no longer anywhere in the store's file") {
    TempDir dir;
    const std::string secret = "a-very-particular-comment-7f3a";
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->remember_survey(sample(0).survey, survey_bytes).ok());
        Response response = sample(1);
        response.answers["better"] = TextAnswer{secret};
        REQUIRE(store->save(response).ok());
        for (int i = 2; i < 50; ++i) REQUIRE(store->save(sample(i)).ok());
        REQUIRE(store->wipe(WipeScope::everything, "typed DELETE").ok());
    }  // closing checkpoints the WAL into the file
    CHECK(file_bytes(dir.path() / "standpoint.db").find(secret) == std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "standpoint.db-wal"));
}

TEST_CASE(
    "a full store refuses record_export honestly and changes nothing; a wipe still frees it") {
    TempDir dir;
    std::vector<std::string> ids;
    {
        auto store = seeded_store(dir.path(), 300);
        ids = ids_of(*store);
    }
    // SQLite's own "disk full": the file may not grow by a single page (the store's test hook;
    // tests/store covers the same error from a real ENOSPC).
    ::setenv("STANDPOINT_TEST_MAX_PAGES", "1", 1);
    auto opened = ResponseStore::open(dir.path());
    ::unsetenv("STANDPOINT_TEST_MAX_PAGES");
    REQUIRE(opened.ok());
    ResponseStore& store = **opened;
    const Status recorded = store.record_export(
        {"0190f3b2-7c1a-7def-8abc-0123456789ab", "/media/stick/a", Clock::now(), 300}, ids);
    REQUIRE_FALSE(recorded.ok());
    CHECK(recorded.error().message.find("disk is full") != std::string::npos);
    CHECK(recorded.error().kind == ErrorKind::disk_full);
    CHECK(store.counts_for({}).value().unexported == 300);
    CHECK(store.exports().value().empty());
    // Deleting needs no new page: staff can make room on a full kiosk.
    const auto wiped = store.wipe(WipeScope::everything, "typed DELETE");
    REQUIRE_MESSAGE(wiped.ok(), (wiped.ok() ? "" : wiped.error().message));
    CHECK(wiped->deleted == 300);
    CHECK(store.count().value() == 0);
}
