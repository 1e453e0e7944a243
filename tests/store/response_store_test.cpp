// ResponseStore against real SQLite files in temporary folders, and real faults where the machine
// allows them (a tmpfs that fills up, a read-only mount) when the tests run as root.
#include "kiosk/store/response_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/sha256.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::RawDb;
using standpoint::test::sample_response;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

std::unique_ptr<ResponseStore> open_ok(const fs::path& data_dir) {
    auto opened = ResponseStore::open(data_dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened.value());
}

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Every id in `ids` is in the store, which is intact.
void check_all_kept(const fs::path& data_dir, int saved) {
    auto store = open_ok(data_dir);
    CHECK(store->count().value() == saved);
    for (int i = 0; i < saved; ++i) CHECK(store->find(sample_response(i).id).value().has_value());
    CHECK(store->health().value().quick_check == "ok");
}

}  // namespace

TEST_CASE("a saved response reads back with every field as it was given") {
    TempDir dir;
    auto store = open_ok(dir.path() / "data");
    const Response response = sample_response(7);
    const auto seq = store->save(response);
    REQUIRE(seq.ok());

    const auto found = store->find(response.id);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    const StoredResponse& stored = **found;
    CHECK(stored.seq == *seq);
    CHECK(stored.response.id == response.id);
    CHECK(stored.response.survey == response.survey);
    CHECK(stored.response.event_id == response.event_id);
    CHECK(stored.response.device_id == response.device_id);
    CHECK(stored.response.started_at == response.started_at);
    CHECK(stored.response.completed_at == response.completed_at);
    CHECK(stored.response.utc_offset_minutes == response.utc_offset_minutes);
    CHECK(stored.response.language == response.language);
    CHECK(stored.response.status == response.status);
    CHECK(stored.answers_json == answers_to_json(response.answers).dump());
    CHECK(stored.answers_sha256 == sha256_hex(stored.answers_json));
    CHECK(stored.response.answers.empty());  // by contract: the bytes are the answers
}

TEST_CASE("times are stored as format_utc text and the sync state starts pending") {
    TempDir dir;
    const Response response = sample_response(1);
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->save(response).ok());
    }
    RawDb raw(dir.path() / "standpoint.db");
    CHECK(raw.text("SELECT started_at FROM response") == format_utc(response.started_at));
    CHECK(raw.text("SELECT completed_at FROM response") == format_utc(response.completed_at));
    CHECK(raw.text("SELECT state FROM response") == "pending");
    CHECK(raw.text("SELECT batch_id IS NULL FROM response") == "1");
}

TEST_CASE("a partial response is kept with its status") {
    TempDir dir;
    auto store = open_ok(dir.path());
    Response response = sample_response(1);
    response.status = ResponseStatus::partial;
    REQUIRE(store->save(response).ok());
    REQUIRE(store->save(sample_response(2)).ok());
    CHECK(store->find(response.id).value()->response.status == ResponseStatus::partial);
    CHECK(store->count(ResponseStatus::partial).value() == 1);
    CHECK(store->count(ResponseStatus::complete).value() == 1);
    CHECK(store->count().value() == 2);
}

TEST_CASE("each save takes the next seq, one more than the last") {
    TempDir dir;
    auto store = open_ok(dir.path());
    std::int64_t last = 0;
    for (int i = 0; i < 20; ++i) {
        const auto seq = store->save(sample_response(i));
        REQUIRE(seq.ok());
        CHECK(*seq == last + 1);
        last = *seq;
    }
}

TEST_CASE("saving the same id twice keeps one row and returns the first seq") {
    TempDir dir;
    auto store = open_ok(dir.path());
    const auto first = store->save(sample_response(1));
    REQUIRE(store->save(sample_response(2)).ok());
    Response again = sample_response(1);
    again.answers["visit"] = NumberAnswer{1};  // a retry never rewrites what was kept
    const auto second = store->save(again);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*second == *first);
    CHECK(store->count().value() == 2);
    CHECK(store->find(again.id).value()->answers_json ==
          answers_to_json(sample_response(1).answers).dump());
    CHECK(store->save(sample_response(3)).value() == 3);  // no seq was used up by the retry
}

TEST_CASE("responses survive closing and reopening the store") {
    TempDir dir;
    std::string device_id;
    {
        auto store = open_ok(dir.path() / "data");
        device_id = store->device_id();
        for (int i = 0; i < 5; ++i) REQUIRE(store->save(sample_response(i)).ok());
    }
    auto store = open_ok(dir.path() / "data");
    CHECK(store->device_id() == device_id);
    CHECK(store->count().value() == 5);
    const auto rows = store->responses_after(0, 100).value();
    REQUIRE(rows.size() == 5);
    for (int i = 0; i < 5; ++i) {
        CHECK(rows[static_cast<std::size_t>(i)].seq == i + 1);
        CHECK(rows[static_cast<std::size_t>(i)].response.id == sample_response(i).id);
    }
    CHECK(store->save(sample_response(5)).value() == 6);
}

TEST_CASE("responses_after pages through the responses in seq order") {
    TempDir dir;
    auto store = open_ok(dir.path());
    for (int i = 0; i < 7; ++i) REQUIRE(store->save(sample_response(i)).ok());
    const auto page = store->responses_after(2, 3).value();
    REQUIRE(page.size() == 3);
    CHECK(page[0].seq == 3);
    CHECK(page[2].seq == 5);
    CHECK(store->responses_after(7, 10).value().empty());
    CHECK_FALSE(store->find("no-such-id").value().has_value());
}

TEST_CASE("a new store makes its folder private and the file standpoint.db inside it") {
    TempDir dir;
    const fs::path data_dir = dir.path() / "deeper" / "data";
    auto store = open_ok(data_dir);
    CHECK(store->file_path() == data_dir / "standpoint.db");
    CHECK(fs::exists(data_dir / "standpoint.db"));
    struct stat info {};
    REQUIRE(::stat(data_dir.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
}

TEST_CASE("a new store file and its WAL are readable by the kiosk's user only") {
    TempDir dir;
    const mode_t old_umask = ::umask(022);  // the usual umask: SQLite alone would make 0644
    auto store = open_ok(dir.path() / "data");
    ::umask(old_umask);
    REQUIRE(store->save(sample_response(0)).ok());
    for (const char* name : {"standpoint.db", "standpoint.db-wal", "standpoint.db-shm"}) {
        CAPTURE(name);
        struct stat info {};
        REQUIRE(::stat((dir.path() / "data" / name).c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0600);
    }
}

TEST_CASE("a store file an older kiosk made 0644 is narrowed to 0600 when opened") {
    TempDir dir;
    { open_ok(dir.path()); }
    fs::permissions(dir.path() / "standpoint.db", static_cast<fs::perms>(0644));
    auto store = open_ok(dir.path());
    struct stat info {};
    REQUIRE(::stat((dir.path() / "standpoint.db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("a data folder that cannot be created is an Error naming it") {
    TempDir dir;
    write_bytes(dir.path() / "a-file", "not a folder");
    const fs::path data_dir = dir.path() / "a-file" / "data";
    const auto opened = ResponseStore::open(data_dir);
    REQUIRE_FALSE(opened.ok());
    CHECK(mentions(opened.error().message, "cannot create its data folder"));
    CHECK(mentions(opened.error().message, data_dir.string()));
}

TEST_CASE("a new store gets a UUIDv4 device id and a separate db instance id") {
    TempDir dir;
    auto store = open_ok(dir.path());
    const std::string& id = store->device_id();
    REQUIRE(id.size() == 36);
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    const auto health = store->health().value();
    CHECK(health.db_instance_id.size() == 36);
    CHECK(health.db_instance_id != id);
    TempDir other;
    CHECK(open_ok(other.path())->device_id() != id);  // random, not derived from anything
}

TEST_CASE("opening an empty file applies every migration and sets user_version") {
    TempDir dir;
    write_bytes(dir.path() / "standpoint.db", "");
    auto store = open_ok(dir.path());
    CHECK(store->health().value().schema_version == 5);
    RawDb raw(dir.path() / "standpoint.db");
    CHECK(raw.text("PRAGMA user_version") == "5");
    CHECK(raw.text("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                   "('meta', 'survey', 'response')") == "3");
}

TEST_CASE("reopening a current store applies no migration again and keeps its identity") {
    TempDir dir;
    std::string device_id, instance_id;
    {
        auto store = open_ok(dir.path());
        device_id = store->device_id();
        instance_id = store->health().value().db_instance_id;
        REQUIRE(store->save(sample_response(1)).ok());
    }
    for (int round = 0; round < 3; ++round) {
        auto store = open_ok(dir.path());
        CHECK(store->device_id() == device_id);
        CHECK(store->health().value().db_instance_id == instance_id);
        CHECK(store->health().value().schema_version == 5);
        CHECK(store->count().value() == 1);
    }
}

TEST_CASE("a store written by a newer version is refused, not downgraded") {
    TempDir dir;
    { open_ok(dir.path()); }
    {
        RawDb raw(dir.path() / "standpoint.db");
        REQUIRE(raw.exec("PRAGMA user_version = 99") == SQLITE_OK);
    }
    const auto opened = ResponseStore::open(dir.path());
    REQUIRE_FALSE(opened.ok());
    CHECK(mentions(opened.error().message, "newer version"));
}

TEST_CASE("the store runs in WAL mode with synchronous FULL on its own connection") {
    TempDir dir;
    auto store = open_ok(dir.path());
    const auto health = store->health();
    REQUIRE(health.ok());
    CHECK(health->journal_mode == "wal");
    CHECK(health->synchronous == 2);
    CHECK(health->quick_check == "ok");
}

TEST_CASE("a stored response's answers and identity cannot be changed") {
    TempDir dir;
    { REQUIRE(open_ok(dir.path())->save(sample_response(1)).ok()); }
    RawDb raw(dir.path() / "standpoint.db");
    std::string message;
    CHECK(raw.exec("UPDATE response SET answers_json = '{}'", &message) == SQLITE_CONSTRAINT);
    CHECK(mentions(message, "immutable"));
    CHECK(raw.exec("UPDATE response SET id = 'other'") == SQLITE_CONSTRAINT);
    CHECK(raw.exec("UPDATE response SET seq = 99") == SQLITE_CONSTRAINT);
    CHECK(raw.exec("UPDATE response SET completed_at = 'x'") == SQLITE_CONSTRAINT);
    CHECK(raw.text("SELECT answers_json FROM response") ==
          answers_to_json(sample_response(1).answers).dump());
    // ...while the sync columns stay writable for the sync module.
    CHECK(raw.exec("UPDATE response SET state = 'synced', batch_id = 'b1'") == SQLITE_OK);
}

TEST_CASE("a store another program holds for writing refuses the save as busy and keeps it") {
    TempDir dir;
    auto store = open_ok(dir.path());
    REQUIRE(store->save(sample_response(1)).ok());
    // A second writer (a stray sqlite3 shell) takes the write lock and keeps it past the
    // store's busy timeout.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "standpoint.db").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto refused = store->save(sample_response(2));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::busy);
    CHECK(mentions(refused.error().message, "Another program holds"));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    // Once it lets go, the same response saves and nothing before it was lost.
    CHECK(store->save(sample_response(2)).ok());
    CHECK(store->counts_for({}).value().complete == 2);
}

TEST_CASE("a response that is not synced can never be deleted") {
    TempDir dir;
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->save(sample_response(1)).ok());
        REQUIRE(store->save(sample_response(2)).ok());
    }
    RawDb raw(dir.path() / "standpoint.db");
    std::string message;
    CHECK(raw.exec("DELETE FROM response", &message) == SQLITE_CONSTRAINT);
    CHECK(mentions(message, "not synced"));
    CHECK(raw.text("SELECT count(*) FROM response") == "2");
    // Once the collector has it, staff may delete it.
    REQUIRE(raw.exec("UPDATE response SET state = 'synced' WHERE seq = 1") == SQLITE_OK);
    CHECK(raw.exec("DELETE FROM response WHERE seq = 1") == SQLITE_OK);
    CHECK(raw.text("SELECT count(*) FROM response") == "1");
}

TEST_CASE("the device id cannot be changed once made") {
    TempDir dir;
    { open_ok(dir.path()); }
    RawDb raw(dir.path() / "standpoint.db");
    CHECK(raw.exec("UPDATE meta SET value = 'x' WHERE key = 'device_id'") == SQLITE_CONSTRAINT);
    CHECK(raw.exec("DELETE FROM meta WHERE key = 'device_id'") == SQLITE_CONSTRAINT);
}

TEST_CASE("a survey's exact bytes are kept once, by SHA-256") {
    TempDir dir;
    const std::string bytes = "{\"format\": \"standpoint-survey/1\", \"id\": \"gala-feedback\"}\n";
    const SurveyRef survey{"gala-feedback", 1, sha256_hex(bytes)};
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->remember_survey(survey, bytes).ok());
        REQUIRE(store->remember_survey(survey, bytes).ok());
    }
    RawDb raw(dir.path() / "standpoint.db");
    CHECK(raw.text("SELECT count(*) FROM survey") == "1");
    CHECK(raw.text("SELECT definition FROM survey WHERE sha256 = '" + survey.sha256 + "'") ==
          bytes);
    CHECK(raw.exec("UPDATE survey SET definition = 'x'") == SQLITE_CONSTRAINT);
}

TEST_CASE("a survey whose bytes do not match its SHA-256 is refused") {
    TempDir dir;
    auto store = open_ok(dir.path());
    const SurveyRef survey{"gala-feedback", 1, sha256_hex("the file as loaded")};
    const auto kept = store->remember_survey(survey, "the file as it is now");
    REQUIRE_FALSE(kept.ok());
    CHECK(mentions(kept.error().message, "gala-feedback"));
}

TEST_CASE("a file of garbage named standpoint.db is reported as damaged, with its path") {
    TempDir dir;
    std::mt19937 random(7);
    std::string garbage(8192, '\0');
    for (char& byte : garbage) byte = static_cast<char>(random());
    write_bytes(dir.path() / "standpoint.db", garbage);
    const auto opened = ResponseStore::open(dir.path());
    REQUIRE_FALSE(opened.ok());
    CHECK(mentions(opened.error().message, "damaged"));
    CHECK(opened.error().kind == ErrorKind::damaged);
    CHECK(mentions(opened.error().message, (dir.path() / "standpoint.db").string()));
    // The evidence is left for support.
    CHECK(fs::file_size(dir.path() / "standpoint.db") == garbage.size());
}

TEST_CASE("a store whose pages were scribbled on fails quick_check at open as damaged") {
    TempDir dir;
    {
        auto store = open_ok(dir.path());
        for (int i = 0; i < 40; ++i)
            REQUIRE(store->save(sample_response(i, std::string(900, 'x'))).ok());
    }
    const fs::path file = dir.path() / "standpoint.db";
    const auto size = fs::file_size(file);
    REQUIRE(size > 4 * 4096);
    {
        // Keep page 1 (header and schema) so SQLite still takes it for a database, and overwrite
        // every other page with a repeating pattern: the kind of damage a bad card does.
        std::fstream out(file, std::ios::binary | std::ios::in | std::ios::out);
        out.seekp(4096);
        const std::string junk(size - 4096, '\x5a');
        out.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto opened = ResponseStore::open(dir.path());
    REQUIRE_FALSE(opened.ok());
    CHECK(mentions(opened.error().message, "damaged"));
    CHECK(opened.error().kind == ErrorKind::damaged);
    CHECK(mentions(opened.error().message, file.string()));
}

TEST_CASE("a read-only store is refused at open, before any resident, and keeps its rows") {
    TempDir dir;
    const fs::path disk = dir.path() / "disk";
    const fs::path data_dir = disk / "data";
    std::unique_ptr<TmpfsMount> mount;
    if (test::is_root()) {
        // chmod does not stop root: use a real read-only mount instead.
        mount = std::make_unique<TmpfsMount>(disk, "4m");
        if (!mount->is_mounted()) {
            MESSAGE(
                "skipped: running as root and cannot mount a tmpfs, so read-only cannot be made");
            return;
        }
    }
    {
        auto store = open_ok(data_dir);
        REQUIRE(store->save(sample_response(0)).ok());
    }
    if (mount) {
        REQUIRE(mount->remount(MS_RDONLY));
    } else {
        fs::permissions(data_dir / "standpoint.db", fs::perms::owner_read);
        fs::permissions(data_dir, fs::perms::owner_read | fs::perms::owner_exec);
    }

    const auto opened = ResponseStore::open(data_dir);
    REQUIRE_FALSE(opened.ok());
    INFO(opened.error().message);
    CHECK(mentions(opened.error().message, "read-only"));
    CHECK(opened.error().kind == ErrorKind::read_only);
    CHECK(mentions(opened.error().message, data_dir.string()));

    if (mount) {
        REQUIRE(mount->remount(0));
    } else {
        fs::permissions(data_dir, fs::perms::owner_all);
        fs::permissions(data_dir / "standpoint.db", fs::perms::owner_read | fs::perms::owner_write);
    }
    check_all_kept(data_dir, 1);
}

// Saves large responses until the store refuses one; returns how many were saved. Checks the
// refusal is an honest "disk full" and that it stays refused (never a false OK).
static int save_until_full(ResponseStore& store) {
    const std::string long_text(1500, 'w');
    int saved = 0;
    for (; saved < 2000; ++saved) {
        const auto seq = store.save(sample_response(saved, long_text));
        if (!seq.ok()) {
            MESSAGE("refused with: " << seq.error().message);
            CHECK(mentions(seq.error().message, "disk is full"));
            CHECK(seq.error().kind == ErrorKind::disk_full);
            break;
        }
        CHECK(*seq == saved + 1);
    }
    REQUIRE(saved < 2000);
    const auto again = store.save(sample_response(saved, long_text));
    CHECK_FALSE(again.ok());
    CHECK(store.count().value() == saved);
    for (int i = 0; i < saved; ++i) CHECK(store.find(sample_response(i).id).value().has_value());
    return saved;
}

TEST_CASE("a full store (SQLite's page limit) refuses the save honestly and loses nothing") {
    TempDir dir;
    // Test-only hook: 1 means "never grow the file", so the first save that needs a page fails.
    ::setenv("STANDPOINT_TEST_MAX_PAGES", "1", 1);
    auto opened = ResponseStore::open(dir.path());
    ::unsetenv("STANDPOINT_TEST_MAX_PAGES");
    REQUIRE(opened.ok());
    int saved = 0;
    {
        auto store = std::move(opened.value());
        saved = save_until_full(*store);
        CHECK(saved >= 1);
    }
    check_all_kept(dir.path(), saved);
}

TEST_CASE(
    "a full disk (a real ENOSPC on a tiny tmpfs) refuses the save honestly and loses nothing") {
    if (!test::is_root()) {
        MESSAGE(
            "skipped: a tmpfs can be mounted only as root; the page-limit test covers SQLITE_FULL");
        return;
    }
    TempDir dir;
    TmpfsMount disk(dir.path() / "disk", "256k");
    if (!disk.is_mounted()) {
        MESSAGE("skipped: cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container)");
        return;
    }
    const fs::path data_dir = dir.path() / "disk" / "data";
    int saved = 0;
    {
        auto store = open_ok(data_dir);
        saved = save_until_full(*store);
        CHECK(saved >= 1);
    }
    // Staff free some space: everything saved before the disk filled is still there.
    REQUIRE(disk.remount(0, "size=8m"));
    check_all_kept(data_dir, saved);
}

TEST_CASE("a store on a full disk is refused at open, not at the first resident") {
    if (!test::is_root()) {
        MESSAGE("skipped: a tmpfs can be mounted only as root");
        return;
    }
    TempDir dir;
    TmpfsMount disk(dir.path() / "disk", "256k");
    if (!disk.is_mounted()) {
        MESSAGE("skipped: cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container)");
        return;
    }
    // Fill the disk to the last byte before the kiosk starts.
    {
        std::ofstream filler(dir.path() / "disk" / "filler", std::ios::binary);
        const std::string block(4096, 'f');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
        }
    }
    const auto opened = ResponseStore::open(dir.path() / "disk" / "data");
    REQUIRE_FALSE(opened.ok());
    const std::string& message = opened.error().message;
    MESSAGE("refused with: " << message);
    CHECK(
        (mentions(message, "disk is full") || mentions(message, "cannot create its data folder")));
}
