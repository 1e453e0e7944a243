// The advice staff read beside a store failure comes from its kind, once, whatever the store's
// words are: a full disk never gets "move the file aside", a damaged store never "free space".
#include "kiosk/app/store_advice.hpp"

#include <doctest/doctest.h>

namespace standpoint::app {
namespace {

bool mentions(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_CASE("a store failure reaches people with the advice for its kind after the store's words") {
    const std::string full = store_problem_in_words(
        {"The disk is full, so the kiosk could not save the response (/d/standpoint.db).",
         ErrorKind::disk_full});
    CHECK(full.starts_with("The disk is full, so the kiosk could not save the response"));
    CHECK(mentions(full, "free some space"));
    CHECK_FALSE(mentions(full, "move the file aside"));

    const std::string damaged = store_problem_in_words({"The store is damaged.", ErrorKind::damaged});
    CHECK(mentions(damaged, "Do not delete it"));
    CHECK_FALSE(mentions(damaged, "free some space"));

    CHECK(mentions(store_problem_in_words({"x", ErrorKind::read_only}), "mounted read-only"));
    CHECK(mentions(store_problem_in_words({"x", ErrorKind::busy}), "other program"));
    CHECK(mentions(store_problem_in_words({"x", ErrorKind::missing}), "disk is present"));
}

TEST_CASE("a failure with no advice of its kind is passed on as the part wrote it") {
    CHECK(store_problem_in_words({"The kiosk could not save.", ErrorKind::other}) ==
          "The kiosk could not save.");
    CHECK(store_problem_in_words({"bad value", ErrorKind::invalid_input}) == "bad value");
}

}  // namespace
}  // namespace standpoint::app
