#include "kiosk/export/results_suppression.hpp"

#include <doctest/doctest.h>

#include <numeric>
#include <string>

using namespace standpoint;

namespace {

// "n" shown, "<" hidden under the limit, "+" hidden at or over it; one letter per group.
std::string letters(const std::vector<GroupVisibility>& groups) {
    std::string text;
    for (const auto& group : groups) {
        text += group.is_at_least_limit ? '+' : group.is_suppressed ? '<' : 'n';
    }
    return text;
}

// Groups that add up to `answered` (single choice, yes/no, scales).
std::string pattern(const std::vector<std::int64_t>& counts) {
    const auto answered = std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
    return letters(suppress_small_groups(counts, GroupTotals{answered, true}, 10));
}

// Multi-choice groups: `answered` people ticked one or more.
std::string multi_pattern(const std::vector<std::int64_t>& counts, std::int64_t answered) {
    return letters(suppress_small_groups(counts, GroupTotals{answered, false}, 10));
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

TEST_CASE("multi-choice groups do not add up: a small one alone is safe when others cover it") {
    // 50 people, 68 ticks: the 3 could be anything from 1 to 9.
    CHECK(multi_pattern({40, 3, 25}, 50) == "n<n");
    CHECK(multi_pattern({40, 3, 0}, 42) == "n<n");  // 42 - 40: at least 2 ticked it, 1..9 left
}

TEST_CASE("multi-choice: a small group that must hold everyone not shown is covered") {
    // 3 people, all ticked the first option only: it holds at least 3 and at most 3.
    CHECK(multi_pattern({3, 0, 0}, 3) == "<<n");
    // 49 people, 40 ticked the first: the other 9 ticked the second, which is "<10", so 9.
    CHECK(multi_pattern({40, 9}, 49) == "+<");
    // With a third option the 40 and the 25 may overlap: the second is not pinned.
    CHECK(multi_pattern({40, 9, 25}, 49) == "n<n");
}
