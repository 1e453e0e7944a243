// StoreWorker: the thread that owns the store. Real files, real thread.
#include "kiosk/store/store_worker.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>

#include "kiosk/store/response_store.hpp"
#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using standpoint::test::sample_response;
using standpoint::test::TempDir;

namespace {

std::unique_ptr<ResponseStore> open_ok(const fs::path& data_dir) {
    auto opened = ResponseStore::open(data_dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened.value());
}

// Collects outcomes the way the app does: wait to be woken, then take what is there.
class Collector {
public:
    std::function<void()> wake() {
        return [this] {
            const std::lock_guard lock(mutex_);
            ++wakes_;
            woken_.notify_all();
        };
    }
    // Waits until `count` outcomes were taken from `worker` (or 20 s pass).
    std::vector<SaveOutcome> take(StoreWorker& worker, std::size_t count) {
        std::vector<SaveOutcome> all;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (all.size() < count && std::chrono::steady_clock::now() < give_up) {
            {
                std::unique_lock lock(mutex_);
                woken_.wait_for(lock, std::chrono::milliseconds(100),
                                [this] { return wakes_ > seen_; });
                seen_ = wakes_;
            }
            for (auto& outcome : worker.take_outcomes()) all.push_back(std::move(outcome));
        }
        return all;
    }
    int wakes() {
        const std::lock_guard lock(mutex_);
        return wakes_;
    }

private:
    std::mutex mutex_;
    std::condition_variable woken_;
    int wakes_ = 0;
    int seen_ = 0;
};

}  // namespace

TEST_CASE("many saves from one thread all come back OK with increasing seq, in order") {
    TempDir dir;
    Collector collector;
    StoreWorker worker(open_ok(dir.path()), collector.wake());
    constexpr int count = 100;
    for (int i = 0; i < count; ++i) worker.save(sample_response(i));
    const auto outcomes = collector.take(worker, count);
    REQUIRE(outcomes.size() == count);
    for (int i = 0; i < count; ++i) {
        const SaveOutcome& outcome = outcomes[static_cast<std::size_t>(i)];
        CHECK(outcome.response_id == sample_response(i).id);
        REQUIRE(outcome.seq.ok());
        CHECK(*outcome.seq == i + 1);
    }
    CHECK(collector.wakes() == count);  // one wake per outcome
}

TEST_CASE("take_outcomes hands each outcome over once") {
    TempDir dir;
    Collector collector;
    StoreWorker worker(open_ok(dir.path()), collector.wake());
    worker.save(sample_response(1));
    REQUIRE(collector.take(worker, 1).size() == 1);
    CHECK(worker.take_outcomes().empty());
}

TEST_CASE("a store that cannot save gives error outcomes, never a false OK") {
    TempDir dir;
    ::setenv("STANDPOINT_TEST_MAX_PAGES", "1", 1);  // test-only: the file may not grow
    auto store = open_ok(dir.path());
    ::unsetenv("STANDPOINT_TEST_MAX_PAGES");
    Collector collector;
    StoreWorker worker(std::move(store), collector.wake());
    constexpr int count = 40;
    for (int i = 0; i < count; ++i) worker.save(sample_response(i, std::string(2000, 'x')));
    const auto outcomes = collector.take(worker, count);
    REQUIRE(outcomes.size() == count);
    int failed = 0;
    for (const SaveOutcome& outcome : outcomes) {
        if (!outcome.seq.ok()) {
            ++failed;
            CHECK(outcome.seq.error().message.find("disk is full") != std::string::npos);
            CHECK(outcome.seq.error().kind == ErrorKind::disk_full);
        }
    }
    CHECK(failed > 0);
}

TEST_CASE("a worker without a store reports every save as an error") {
    Collector collector;
    StoreWorker worker(nullptr, collector.wake());
    worker.save(sample_response(1));
    const auto outcomes = collector.take(worker, 1);
    REQUIRE(outcomes.size() == 1);
    CHECK_FALSE(outcomes[0].seq.ok());
}

TEST_CASE("a throwing wake callback does not escape the worker thread") {
    TempDir dir;
    std::atomic<int> calls{0};
    {
        StoreWorker worker(open_ok(dir.path()), [&] {
            ++calls;
            throw std::runtime_error("window already gone");
        });
        worker.save(sample_response(1));
        worker.save(sample_response(2));
    }  // would std::terminate if the exception escaped
    CHECK(calls == 2);
    CHECK(open_ok(dir.path())->count().value() == 2);
}

TEST_CASE("the destructor saves everything still queued before it returns") {
    TempDir dir;
    constexpr int count = 60;
    {
        StoreWorker worker(open_ok(dir.path()), {});
        for (int i = 0; i < count; ++i) worker.save(sample_response(i));
    }  // no waiting: the destructor drains the queue, then joins
    auto store = open_ok(dir.path());
    CHECK(store->count().value() == count);
    for (int i = 0; i < count; ++i) CHECK(store->find(sample_response(i).id).value().has_value());
}

// Every job is answered exactly once: a caller waiting on it (the sync thread, an export) is
// never left waiting, and shutdown never hangs on a join.
TEST_CASE("a job that throws is answered with an error, and the worker goes on") {
    TempDir dir;
    StoreWorker worker(open_ok(dir.path()), {});
    auto thrown = worker.run_on_store<int>(
        [](ResponseStore&) -> Result<int> { throw std::runtime_error("boom"); });
    REQUIRE(thrown.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const Result<int> answer = thrown.get();
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error().message.find("boom") != std::string::npos);

    auto next = worker.run_on_store<std::string>(
        [](ResponseStore& store) -> Result<std::string> { return store.device_id(); });
    REQUIRE(next.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK(next.get().ok());
}

TEST_CASE("a job given to a worker without a store is answered with an error") {
    StoreWorker worker(nullptr, {});
    auto answer = worker.run_on_store<int>([](ResponseStore&) -> Result<int> { return 1; });
    REQUIRE(answer.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK_FALSE(answer.get().ok());
}

TEST_CASE("jobs queued when the worker stops are all answered before it is gone") {
    TempDir dir;
    std::vector<std::future<Result<int>>> answers;
    {
        StoreWorker worker(open_ok(dir.path()), {});
        for (int i = 0; i < 50; ++i)
            answers.push_back(worker.run_on_store<int>([i](ResponseStore&) -> Result<int> {
                if (i % 2) throw std::logic_error("odd");
                return i;
            }));
    }
    for (int i = 0; i < 50; ++i) {
        REQUIRE(answers[i].wait_for(std::chrono::seconds(0)) == std::future_status::ready);
        CHECK(answers[i].get().ok() == (i % 2 == 0));
    }
}
