// The outbox in the kiosk's store: frozen bytes never change, resends are identical, 413 splits.
#include <doctest/doctest.h>

#include "kiosk/store/response_store.hpp"
#include "sync/client/sync_client.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/gzip.hpp"
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
    for (int round = 0; round < 3; ++round) {
        auto open = store->pending_batches();
        REQUIRE(open.ok());
        REQUIRE(open->size() == 1);
        CHECK(open->front().batch_id == (*frozen)->batch_id);
        CHECK(open->front().body_gz == (*frozen)->body_gz);
        REQUIRE(store->record_attempt((*frozen)->batch_id).ok());
    }
    CHECK(store->pending_batches()->front().attempts == 3);
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
    REQUIRE(store
                ->mark_batch_synced((*frozen)->batch_id, {{ids[0], "created", ""},
                                                          {ids[1], "duplicate", ""},
                                                          {ids[2], "conflict", "differs"}})
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
    REQUIRE(store->mark_batch_synced((*frozen)->batch_id, {{ids[0], "created", ""}}).ok());
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
    for (const std::string& id : ids) created.push_back(SyncedItem{id, "created", ""});
    REQUIRE(store->mark_batch_synced((*sent)->batch_id, created).ok());
    REQUIRE(store->note_collector("epoch-1", 5, std::nullopt).ok());

    fill_store(*store, 3, 100);  // seqs 6..8, never sent
    auto wiped = store->wipe(false, "test: typed confirmation");
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
