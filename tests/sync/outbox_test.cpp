// The outbox in the kiosk's store: frozen bytes never change, resends are identical, 413 splits.
#include <doctest/doctest.h>

#include "kiosk/store/response_store.hpp"
#include "sync/client/sync_client.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"
#include "tests/store/store_test_support.hpp"
#include "tests/sync/sync_test_support.hpp"

using namespace standpoint;

TEST_CASE("a frozen batch keeps its exact bytes and is offered again until it is answered") {
    TempDir dir;
    auto store = open_store(dir.path());
    fill_store(*store, 5);
    auto frozen = store->freeze_next_batch(3, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    REQUIRE(frozen->has_value());
    CHECK((*frozen)->response_count == 3);
    CHECK((*frozen)->first_seq == 1);
    CHECK((*frozen)->last_seq == 3);
    CHECK((*frozen)->attempts == 1);  // frozen to be sent at once: that send counts with it
    CHECK(store->pending_batches()->front().attempts == 1);
    for (int round = 0; round < 3; ++round) {
        auto open = store->pending_batches();
        REQUIRE(open.ok());
        REQUIRE(open->size() == 1);
        CHECK(open->front().batch_id == (*frozen)->batch_id);
        CHECK(open->front().body_gz == (*frozen)->body_gz);
        REQUIRE(store->record_attempt((*frozen)->batch_id).ok());
    }
    CHECK(store->pending_batches()->front().attempts == 4);
    auto body = gzip_decompress((*frozen)->body_gz, 1 << 24);
    REQUIRE(body.ok());
    auto batch = decode_batch(*body);
    REQUIRE(batch.ok());
    CHECK(batch->batch_id == (*frozen)->batch_id);
    CHECK(batch->responses.size() == 3);
}

TEST_CASE("the database refuses any change to a frozen batch's bytes") {
    TempDir dir;
    auto store = open_store(dir.path());
    fill_store(*store, 2);
    auto frozen = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    store.reset();
    CHECK(raw_exec(dir.path(), "UPDATE batch SET body_gz = x'00'") != 0);
    CHECK(raw_exec(dir.path(), "UPDATE batch SET last_seq = 1") != 0);
}

TEST_CASE("new responses go into the next batch, never into one already frozen") {
    TempDir dir;
    auto store = open_store(dir.path());
    fill_store(*store, 2);
    auto first = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(first.ok());
    fill_store(*store, 2, 100);
    auto second = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(second.ok());
    REQUIRE(second->has_value());
    CHECK((*second)->first_seq == 3);
    CHECK(store->pending_batches()->front().body_gz == (*first)->body_gz);
}

TEST_CASE("a 200 marks created and duplicate synced and keeps conflicts aside") {
    TempDir dir;
    auto store = open_store(dir.path());
    auto ids = fill_store(*store, 4);
    auto frozen = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    // ids[3] is not in the answer: it goes back to the queue.
    REQUIRE(
        store
            ->mark_batch_synced((*frozen)->batch_id, {{ids[0], ItemStatus::created, ""},
                                                      {ids[1], ItemStatus::duplicate, ""},
                                                      {ids[2], ItemStatus::conflict, "differs"}})
            .ok());
    auto counts = store->outbox_counts();
    REQUIRE(counts.ok());
    CHECK(counts->synced == 2);
    CHECK(counts->conflict == 1);
    CHECK(counts->pending == 1);
    CHECK(counts->open_batches == 0);
    auto again = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(again.ok());
    REQUIRE(again->has_value());
    CHECK((*again)->response_count == 1);
    CHECK((*again)->first_seq == 4);
}

TEST_CASE("a 413 unfreezes the batch so it is sent again as two smaller ones") {
    TempDir dir;
    auto store = open_store(dir.path());
    fill_store(*store, 6);
    auto frozen = store->freeze_next_batch(6, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    REQUIRE(store->unfreeze_batch((*frozen)->batch_id).ok());
    CHECK(store->pending_batches()->empty());
    auto half = store->freeze_next_batch(3, gzip_body_maker(store->device_id()));
    auto other_half = store->freeze_next_batch(3, gzip_body_maker(store->device_id()));
    REQUIRE(half.ok());
    REQUIRE(other_half.ok());
    CHECK((*half)->batch_id != (*frozen)->batch_id);
    CHECK((*half)->last_seq == 3);
    CHECK((*other_half)->first_seq == 4);
    CHECK(store->outbox_counts()->pending == 6);
}

TEST_CASE("a batch the collector answered 200 can never be split or reopened") {
    TempDir dir;
    auto store = open_store(dir.path());
    auto ids = fill_store(*store, 1);
    auto frozen = store->freeze_next_batch(1, gzip_body_maker(store->device_id()));
    REQUIRE(
        store->mark_batch_synced((*frozen)->batch_id, {{ids[0], ItemStatus::created, ""}}).ok());
    CHECK_FALSE(store->unfreeze_batch((*frozen)->batch_id).ok());
    store.reset();
    CHECK(raw_exec(dir.path(), "UPDATE batch SET state = 'open'") != 0);
}

TEST_CASE("a pending response can never be deleted because it was sent") {
    TempDir dir;
    auto store = open_store(dir.path());
    fill_store(*store, 1);
    auto frozen = store->freeze_next_batch(1, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    store.reset();
    CHECK(raw_exec(dir.path(), "DELETE FROM response") != 0);
}

TEST_CASE("after a full wipe of unsent responses the next batch's range covers the lost seqs") {
    // Otherwise the collector's watermark stops below the hole, and the restored-collector rule
    // would resend every synced response above it after every batch, forever.
    TempDir dir;
    auto store = open_store(dir.path());
    const std::vector<std::string> ids = fill_store(*store, 5);
    auto sent = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(sent.ok());
    REQUIRE(sent->has_value());
    std::vector<SyncedItem> created;
    for (const std::string& id : ids) created.push_back(SyncedItem{id, ItemStatus::created, ""});
    REQUIRE(store->mark_batch_synced((*sent)->batch_id, created).ok());
    REQUIRE(store->note_collector("epoch-1", 5, std::nullopt).ok());

    fill_store(*store, 3, 100);  // seqs 6..8, never sent
    auto wiped = store->wipe(WipeScope::everything, "test: typed confirmation");
    REQUIRE(wiped.ok());
    CHECK(wiped->deleted == 8);
    fill_store(*store, 2, 200);  // seqs 9 and 10

    auto next = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(next.ok());
    REQUIRE(next->has_value());
    CHECK((*next)->first_seq == 6);
    CHECK((*next)->last_seq == 10);
    CHECK((*next)->response_count == 2);
    auto body = gzip_decompress((*next)->body_gz, 1 << 24);
    REQUIRE(body.ok());
    auto batch = decode_batch(*body);
    REQUIRE(batch.ok());
    CHECK(batch->first_seq == 6);
    CHECK(batch->responses.size() == 2);
}

// ---- Damaged answers: bytes changed in the closed store file (kiosk/store/README.md) ----

namespace {

const std::string damaged_id = "0190a1b2-c3d4-7e5f-8a6b-000000000777";

// Five responses; the third has an answer the tests change on disk.
void fill_with_one_to_damage(const std::filesystem::path& dir) {
    auto store = open_store(dir);
    fill_store(*store, 2);
    Response response;
    response.id = damaged_id;
    response.survey = {"sync-test", 1, sha256_hex(test_survey_bytes())};
    response.event_id = "sync test";
    response.device_id = store->device_id();
    response.started_at = Clock::now();
    response.completed_at = Clock::now();
    response.language = "en";
    response.answers["better"] = TextAnswer{"the bandstand was lovely"};
    REQUIRE(store->save(response).ok());
    fill_store(*store, 2, 10);
}

void damage(const std::filesystem::path& dir) {
    REQUIRE(test::replace_in_file(dir / "standpoint.db", "bandstand was lovely",
                                  "bandstand was AWFUL!") == 1);
    CHECK(test::RawDb(dir / "standpoint.db").text("PRAGMA quick_check") == "ok");
}

Batch decoded(const FrozenBatch& frozen) {
    auto body = gzip_decompress(frozen.body_gz, max_batch_json_bytes);
    REQUIRE(body.ok());
    auto batch = decode_batch(*body);
    REQUIRE_MESSAGE(batch.ok(), (batch.ok() ? "" : batch.error().message));
    return std::move(batch).value();
}

}  // namespace

TEST_CASE("an answer changed on disk never travels, and the other responses go without it") {
    TempDir dir;
    fill_with_one_to_damage(dir.path());
    damage(dir.path());
    auto store = open_store(dir.path());
    auto frozen = store->freeze_next_batch(10, gzip_body_maker(store->device_id()));
    REQUIRE(frozen.ok());
    REQUIRE(frozen->has_value());
    // Before the fix the batch carried the changed answer with a fresh hash of its bytes, and the
    // collector stored it as what the resident said.
    const Batch batch = decoded(**frozen);
    CHECK(batch.responses.size() == 4);
    for (const ResponseRecord& record : batch.responses) {
        CHECK(record.id != damaged_id);
        CHECK(record.sha256 == store->find(record.id).value()->answers_sha256);
    }
    CHECK(store->outbox_counts()->damaged == 1);
}

TEST_CASE("sync re-freezes a batch frozen with a re-hashed damaged answer, without it") {
    // A batch frozen by the old encoder after the damage: every hash matches its bytes, so the
    // collector would take it; only the stored hash shows one answer is not the resident's.
    TempDir dir;
    fill_with_one_to_damage(dir.path());
    damage(dir.path());
    std::string old_batch_id;
    {
        auto store = open_store(dir.path());
        const BatchBodyMaker rehashing = [&](const std::string& batch_id, std::int64_t first_seq,
                                             const std::vector<StoredResponse>& rows,
                                             const std::vector<StoredSurvey>&) {
            Batch batch;
            batch.device_id = store->device_id();
            batch.batch_id = batch_id;
            batch.first_seq = first_seq;
            batch.last_seq = rows.back().seq;
            // The rows as the old freeze read them: the damaged one included.
            const auto all_rows = store->responses_after(0, 10);
            for (const StoredResponse& row : all_rows.value())
                batch.responses.push_back(make_response_record(
                    row.seq, row.response, row.answers_json, sha256_hex(row.answers_json)));
            return gzip_compress(encode_batch(batch));
        };
        old_batch_id = store->freeze_next_batch(10, rehashing).value()->batch_id;
    }
    REQUIRE(test::RawDb(dir.path() / "standpoint.db")
                .exec("UPDATE response SET batch_id = '" + old_batch_id + "'") == SQLITE_OK);
    auto store = open_store(dir.path());
    // The real engine, with nobody listening: the batch it would send is chosen, then the
    // connection is refused. Choosing it is where the old body is read back and re-frozen.
    SyncConfig config;
    config.endpoint = "http://127.0.0.1:9";
    config.token = "test-token";
    config.connect_timeout_ms = 500;
    config.timeout_ms = 500;
    SyncEngine engine(config, run_directly(*store), nullptr);
    auto attempt = engine.attempt();
    REQUIRE(attempt.ok());
    REQUIRE(attempt->has_value());
    CHECK((*attempt)->batch_id != old_batch_id);
    const auto open = store->pending_batches().value();
    REQUIRE(open.size() == 1);
    CHECK(open[0].batch_id == (*attempt)->batch_id);
    const Batch batch = decoded(open[0]);
    CHECK(batch.responses.size() == 4);
    for (const ResponseRecord& record : batch.responses) CHECK(record.id != damaged_id);
    CHECK(store->damaged_responses()->size() == 1);
}
