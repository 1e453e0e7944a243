// Opening the store when the disk will not take a write: ResponseStore::open refuses honestly
// (response_store_test.cpp), and open_to_read still reads, so staff can export first.
#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/store/response_store.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::sample_response;
using standpoint::test::TempDir;
using standpoint::test::TmpfsMount;

namespace {

bool mentions(const std::string& message, const std::string& word) {
    return message.find(word) != std::string::npos;
}

void fill_disk(const fs::path& filler) {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
    out.close();
    // The last partial block, a byte at a time, until not even one more fits.
    std::ofstream last(filler, std::ios::binary | std::ios::app);
    while (last.put('f') && last.flush()) {
    }
}

}  // namespace

TEST_CASE("a store on a full disk still opens to read, so its responses can be exported") {
    if (!test::is_root()) {
        MESSAGE("skipped: a tmpfs can be mounted only as root");
        return;
    }
    TempDir dir;
    TmpfsMount disk(dir.path() / "disk", "512k");
    if (!disk.is_mounted()) {
        MESSAGE("skipped: cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container)");
        return;
    }
    const fs::path data_dir = dir.path() / "disk" / "data";
    {
        auto store = ResponseStore::open(data_dir);
        REQUIRE(store.ok());
        for (int i = 0; i < 5; ++i) REQUIRE((*store)->save(sample_response(i)).ok());
    }
    fill_disk(dir.path() / "disk" / "filler");

    const auto refused = ResponseStore::open(data_dir);
    REQUIRE_FALSE(refused.ok());
    MESSAGE("open refused with: " << refused.error().message);
    CHECK(mentions(refused.error().message, "disk is full"));
    CHECK(refused.error().kind == ErrorKind::disk_full);

    auto reading = ResponseStore::open_to_read(data_dir);
    REQUIRE_MESSAGE(reading.ok(), (reading.ok() ? "" : reading.error().message));
    ResponseStore& store = **reading;
    CHECK_FALSE(store.device_id().empty());
    const auto rows = store.responses_after(0, 100);
    REQUIRE(rows.ok());
    CHECK(rows->size() == 5);
    CHECK(store.count().value() == 5);
    // It never pretends to save.
    CHECK_FALSE(store.save(sample_response(99)).ok());
}

TEST_CASE("a store left by a killed kiosk on a full disk opens to read with its WAL") {
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
    const fs::path copy = dir.path() / "disk" / "copy";
    {
        auto store = ResponseStore::open(data_dir);
        REQUIRE(store.ok());
        for (int i = 0; i < 5; ++i) REQUIRE((*store)->save(sample_response(i)).ok());
        // The files as a kill -9 leaves them: the last saves only in the -wal file.
        fs::create_directories(copy);
        for (const char* name : {"standpoint.db", "standpoint.db-wal", "standpoint.db-shm"})
            fs::copy_file(data_dir / name, copy / name);
    }
    REQUIRE(fs::file_size(copy / "standpoint.db-wal") > 0);
    fill_disk(dir.path() / "disk" / "filler");

    auto reading = ResponseStore::open_to_read(copy);
    REQUIRE_MESSAGE(reading.ok(), (reading.ok() ? "" : reading.error().message));
    CHECK((*reading)->count().value() == 5);
}

TEST_CASE("open_to_read refuses a folder with no store, naming it") {
    TempDir dir;
    const auto reading = ResponseStore::open_to_read(dir.path());
    REQUIRE_FALSE(reading.ok());
    CHECK(mentions(reading.error().message, (dir.path() / "standpoint.db").string()));
    CHECK_FALSE(fs::exists(dir.path() / "standpoint.db"));  // nothing is created
}
