#include "kiosk/export/results_suppression.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace standpoint;

namespace {

// "n" shown, "<" hidden under the limit, "+" hidden at or over it; one letter per group.
std::string pattern(const std::vector<std::int64_t>& counts, bool groups_add_up = true) {
    std::string text;
    for (const auto& group : suppress_small_groups(counts, groups_add_up, 10)) {
        text += group.is_at_least_limit ? '+' : group.is_suppressed ? '<' : 'n';
    }
    return text;
}

}  // namespace

TEST_CASE("nothing small, nothing hidden (0 and 10 are not small)") {
    CHECK(pattern({10, 0, 250}) == "nnn");
    CHECK(pattern({}) == "");
}

TEST_CASE("a lone small group takes the first empty group with it") {
    CHECK(pattern({40, 3, 0, 0}) == "n<<n");
}

TEST_CASE("a lone small group with no empty group takes the smallest other group as '10+'") {
    CHECK(pattern({40, 3, 25, 90}) == "n<+n");
}

TEST_CASE("hiding goes on while the small group could still be pinned down") {
    // 1 + 10 = 11: the "<10" could only be 1, so 40 is hidden too.
    CHECK(pattern({1, 10, 40, 90}) == "<++n");
    // A lone 1 and an empty group: one person is in one of two groups, nobody can tell which.
    CHECK(pattern({1, 0, 50}) == "<<n");
}

TEST_CASE("two small groups cover each other unless both are 9") {
    CHECK(pattern({3, 4, 50}) == "<<n");
    CHECK(pattern({9, 8, 50}) == "<<n");  // 17: each 8 or 9
    CHECK(pattern({9, 9, 50}) == "<<+");  // 18: both could only be 9
    CHECK(pattern({9, 9}) == "<<");       // nothing left to hide: rule 3
}

TEST_CASE("multi-choice groups do not add up: only the small ones are hidden") {
    CHECK(pattern({40, 3, 25}, false) == "n<n");
    CHECK(pattern({40, 3, 0}, false) == "n<n");
}
