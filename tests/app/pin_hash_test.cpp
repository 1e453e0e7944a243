// The staff PIN's hash (kiosk/app/pin_hash.hpp): Argon2id with a salt, the PIN wiped after use,
// and the worker thread that keeps the slow check off the frame loop.
#include "kiosk/app/pin_hash.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

using namespace standpoint;
using namespace standpoint::app;

TEST_CASE("a PIN hashes to a salted Argon2id string that only the same PIN matches") {
    std::string pin = "4821";
    const auto started = std::chrono::steady_clock::now();
    Result<std::string> first = hash_pin(pin);
    const auto took = std::chrono::steady_clock::now() - started;
    MESSAGE("Argon2id INTERACTIVE hash took ",
            std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), " ms");
    REQUIRE(first.ok());
    CHECK(pin.empty());  // wiped
    CHECK(first->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
    std::string again = "4821";
    Result<std::string> second = hash_pin(again);
    REQUIRE(second.ok());
    CHECK(*first != *second);  // a fresh salt each time

    std::string right = "4821";
    CHECK(is_right_pin(*first, right));
    CHECK(right.empty());
    for (const char* other : {"4822", "482", "48210", ""}) {
        std::string wrong = other;
        CHECK_FALSE(is_right_pin(*first, wrong));
    }
    std::string any = "4821";
    CHECK_FALSE(is_right_pin("", any));
    std::string also = "4821";
    CHECK_FALSE(is_right_pin("not a hash", also));
}

TEST_CASE("the PIN worker answers on its own thread and wakes the caller") {
    std::atomic<int> wakes{0};
    std::string pin = "4821";
    Result<std::string> hash = hash_pin(pin);
    REQUIRE(hash.ok());
    PinWorker worker([&] { ++wakes; });
    std::string typed = "4821";
    worker.check(*hash, typed);
    CHECK(typed.empty());     // the caller's copy is wiped at once
    CHECK(worker.is_busy());  // Argon2id takes tens of ms at least: the call did not wait
    std::optional<PinWorker::Answer> answer;
    for (int i = 0; i < 1000 && !answer; ++i) {
        answer = worker.take_answer();
        if (!answer) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(answer.has_value());
    CHECK(answer->is_check);
    CHECK(answer->is_right);
    CHECK(wakes.load() == 1);
    CHECK_FALSE(worker.is_busy());

    std::string fresh = "7395";
    worker.hash(fresh);
    answer.reset();
    for (int i = 0; i < 1000 && !answer; ++i) {
        answer = worker.take_answer();
        if (!answer) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(answer.has_value());
    CHECK_FALSE(answer->is_check);
    REQUIRE(answer->new_hash.ok());
    std::string check = "7395";
    CHECK(is_right_pin(*answer->new_hash, check));
}
