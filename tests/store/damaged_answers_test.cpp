// Damaged answers (kiosk/store/README.md): the attack was one byte of a stored answer changed in
// the closed SQLite file with a hex editor. quick_check still says ok; only the answers_sha256
// stored at save time tells. These tests make exactly that change in a real file.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "kiosk/core/sha256.hpp"
#include "kiosk/store/response_store.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::RawDb;
using standpoint::test::replace_in_file;
using standpoint::test::sample_response;
using standpoint::test::TempDir;

namespace {

std::unique_ptr<ResponseStore> open_ok(const fs::path& data_dir) {
    auto opened = ResponseStore::open(data_dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened.value());
}

// Three responses; the second one's text answer is the one the tests damage.
void save_three(const fs::path& data_dir) {
    auto store = open_ok(data_dir);
    REQUIRE(store->save(sample_response(0)).ok());
    REQUIRE(store->save(sample_response(1, "the bandstand was lovely")).ok());
    REQUIRE(store->save(sample_response(2)).ok());
}

// The hex editor: one letter of response 1's answer, in the closed file.
void damage_response_1(const fs::path& data_dir) {
    const fs::path file = data_dir / "standpoint.db";
    REQUIRE_FALSE(fs::exists(data_dir / "standpoint.db-wal"));  // everything is in the file
    REQUIRE(replace_in_file(file, "bandstand was lovely", "bandstand was LOVELY") == 1);
    RawDb raw(file);
    CHECK(raw.text("PRAGMA quick_check") == "ok");  // SQLite sees nothing wrong
}

// A body format of the tests' own (the store knows no wire format): one line per response,
// "carried <id> <sha256>". The reader refuses anything else, as decode_batch would.
Result<std::string> plain_body(const std::vector<StoredResponse>& rows, bool rehash) {
    std::string body;
    for (const StoredResponse& row : rows) {
        // `rehash`: what the encoder did before the fix, a hash of the bytes read back.
        body += "carried " + row.response.id + " " +
                (rehash ? sha256_hex(row.answers_json) : row.answers_sha256) + "\n";
    }
    return body;
}

BatchBodyMaker body_maker(bool rehash = false) {
    return [rehash](const std::string&, std::int64_t, const std::vector<StoredResponse>& rows,
                    const std::vector<StoredSurvey>&) { return plain_body(rows, rehash); };
}

Result<std::vector<CarriedAnswers>> read_plain_body(const std::string& body) {
    std::vector<CarriedAnswers> carried;
    std::istringstream lines(body);
    std::string word, id, sha256;
    while (lines >> word >> id >> sha256) {
        if (word != "carried") return Error{"not a body"};
        carried.push_back({id, sha256});
    }
    return carried;
}

std::vector<std::string> carried_ids(const std::string& body) {
    std::vector<std::string> ids;
    const auto carried = read_plain_body(body);
    for (const CarriedAnswers& answers : carried.value()) ids.push_back(answers.id);
    return ids;
}

const std::string id0 = sample_response(0).id;
const std::string id1 = sample_response(1).id;
const std::string id2 = sample_response(2).id;

}  // namespace

TEST_CASE("an answer changed on disk is found damaged by its stored hash, and kept") {
    TempDir dir;
    save_three(dir.path());
    damage_response_1(dir.path());

    auto store = open_ok(dir.path());
    CHECK(store->find_damaged_answers().value() == 1);
    CHECK(store->find_damaged_answers().value() == 0);  // found once, marked once
    const auto damaged = store->damaged_responses().value();
    REQUIRE(damaged.size() == 1);
    CHECK(damaged[0].id == id1);
    CHECK(damaged[0].seq == 2);
    CHECK_FALSE(damaged[0].found_at.empty());
    // Kept as it is on disk: nothing is deleted or "repaired".
    const auto row = store->find(id1).value();
    REQUIRE(row.has_value());
    CHECK(row->answers_json.find("LOVELY") != std::string::npos);
    CHECK_FALSE(answers_are_intact(*row));

    const auto counts = store->outbox_counts().value();
    CHECK(counts.damaged == 1);
    CHECK(counts.pending == 2);  // the damaged one no longer waits to be sent
}

TEST_CASE("a damaged response is never frozen into a batch and holds back no other") {
    TempDir dir;
    save_three(dir.path());
    damage_response_1(dir.path());

    auto store = open_ok(dir.path());
    // No sweep first: freezing checks every row it takes against its stored hash.
    const auto batch = store->freeze_next_batch(10, body_maker()).value();
    REQUIRE(batch.has_value());
    CHECK(carried_ids(batch->body_gz) == std::vector<std::string>{id0, id2});
    CHECK(batch->response_count == 2);
    // The damaged seq lies inside the range: the kiosk will never send it, so the collector's
    // watermark may pass it.
    CHECK(batch->first_seq == 1);
    CHECK(batch->last_seq == 3);
    CHECK(store->damaged_responses().value().size() == 1);

    REQUIRE(store
                ->mark_batch_synced(batch->batch_id, {{id0, ItemStatus::created, ""},
                                                      {id2, ItemStatus::created, ""}})
                .ok());
    CHECK_FALSE(store->freeze_next_batch(10, body_maker()).value().has_value());
    const auto counts = store->outbox_counts().value();
    CHECK(counts.synced == 2);
    CHECK(counts.pending == 0);
    CHECK(counts.damaged == 1);
}

TEST_CASE("a store whose only waiting response is damaged freezes nothing and remembers why") {
    TempDir dir;
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->save(sample_response(1, "the bandstand was lovely")).ok());
    }
    damage_response_1(dir.path());
    auto store = open_ok(dir.path());
    CHECK_FALSE(store->freeze_next_batch(10, body_maker()).value().has_value());
    CHECK(store->outbox_counts().value().damaged == 1);
}

TEST_CASE("a frozen body that carries a hash other than the stored one is re-frozen") {
    // A batch frozen before the fix: the encoder hashed the damaged bytes it read back, so the
    // body carried a fresh, matching hash. The stored hash says it is not the resident's answer.
    TempDir dir;
    save_three(dir.path());
    damage_response_1(dir.path());
    auto store = open_ok(dir.path());
    std::string old_batch;
    {
        // Freeze the way the old code did: mark nothing, re-hash everything.
        RawDb raw(dir.path() / "standpoint.db");
        const std::string body = plain_body(store->responses_after(0, 10).value(), true).value();
        REQUIRE(raw.exec("INSERT INTO batch(batch_id, body_gz, first_seq, last_seq, "
                         "response_count) VALUES ('old-batch', CAST('" +
                         body + "' AS BLOB), 1, 3, 3)") == SQLITE_OK);
        REQUIRE(raw.exec("UPDATE response SET batch_id = 'old-batch'") == SQLITE_OK);
    }
    CHECK(store->refreeze_damaged_batches(read_plain_body).value() == 1);
    CHECK(store->pending_batches().value().empty());  // never sent again
    CHECK(store->damaged_responses().value().size() == 1);

    const auto batch = store->freeze_next_batch(10, body_maker()).value();
    REQUIRE(batch.has_value());
    CHECK(carried_ids(batch->body_gz) == std::vector<std::string>{id0, id2});
    // Every carried hash is the stored one.
    const auto carried = read_plain_body(batch->body_gz);
    for (const CarriedAnswers& answers : carried.value())
        CHECK(answers.sha256 == store->find(answers.id).value()->answers_sha256);
    // And the new body is authentic, so it is left alone.
    CHECK(store->refreeze_damaged_batches(read_plain_body).value() == 0);
    CHECK(store->pending_batches().value().size() == 1);
}

TEST_CASE("a frozen body damaged on disk is re-frozen with every intact response") {
    TempDir dir;
    save_three(dir.path());
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->freeze_next_batch(10, body_maker()).value().has_value());
    }
    // One byte of the frozen body (it would be refused with 400 on every try, forever).
    REQUIRE(replace_in_file(dir.path() / "standpoint.db", "carried " + id2, "carrieD " + id2) == 1);
    CHECK(RawDb(dir.path() / "standpoint.db").text("PRAGMA quick_check") == "ok");

    auto store = open_ok(dir.path());
    CHECK(store->refreeze_damaged_batches(read_plain_body).value() == 1);
    CHECK(store->damaged_responses().value().empty());  // the answers themselves are intact
    const auto batch = store->freeze_next_batch(10, body_maker()).value();
    REQUIRE(batch.has_value());
    CHECK(carried_ids(batch->body_gz) == std::vector<std::string>{id0, id1, id2});
}

TEST_CASE("a frozen body that holds the authentic copy of a row damaged since is kept") {
    TempDir dir;
    save_three(dir.path());
    std::string batch_id;
    {
        auto store = open_ok(dir.path());
        batch_id = store->freeze_next_batch(10, body_maker()).value()->batch_id;
    }
    damage_response_1(dir.path());
    auto store = open_ok(dir.path());
    // The body was made from the intact bytes with the stored hashes: sending it delivers what
    // the resident said, so the batch stays as it is. The row on disk is still marked.
    CHECK(store->refreeze_damaged_batches(read_plain_body).value() == 0);
    const auto open = store->pending_batches().value();
    REQUIRE(open.size() == 1);
    CHECK(open[0].batch_id == batch_id);
    CHECK(store->damaged_responses().value().size() == 1);
}

TEST_CASE("a response found damaged stays damaged: the mark cannot be cleared") {
    TempDir dir;
    save_three(dir.path());
    damage_response_1(dir.path());
    {
        auto store = open_ok(dir.path());
        REQUIRE(store->find_damaged_answers().value() == 1);
    }
    RawDb raw(dir.path() / "standpoint.db");
    std::string message;
    CHECK(raw.exec("UPDATE response SET damaged_at = NULL", &message) != SQLITE_OK);
    CHECK(message.find("stays damaged") != std::string::npos);
    CHECK(raw.text("SELECT count(*) FROM response WHERE damaged_at IS NOT NULL") == "1");
}

TEST_CASE("after a batch is marked synced the WAL is checkpointed back to nothing") {
    TempDir dir;
    auto store = open_ok(dir.path());
    for (int i = 0; i < 50; ++i)
        REQUIRE(store->save(sample_response(i, std::string(2000, 'w'))).ok());
    const auto batch = store->freeze_next_batch(50, body_maker()).value();
    REQUIRE(batch.has_value());
    const fs::path wal = dir.path() / "standpoint.db-wal";
    REQUIRE(fs::file_size(wal) > 0);
    std::vector<SyncedItem> items;
    for (int i = 0; i < 50; ++i) items.push_back({sample_response(i).id, ItemStatus::created, ""});
    REQUIRE(store->mark_batch_synced(batch->batch_id, items).ok());
    CHECK(fs::file_size(wal) == 0);
    CHECK(store->outbox_counts().value().synced == 50);
}
