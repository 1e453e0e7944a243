// Which groups of an equality question a report hides, so that no one can read or work out how
// many people are in a small group. Pure.
#pragma once

#include <cstdint>
#include <vector>

namespace standpoint {

struct GroupVisibility {
    bool is_suppressed = false;
    bool is_at_least_limit = false;  // hidden only to protect a small group; real count >= limit
};

// What a reader knows about the groups besides the ones shown: `answered` (shown in the report)
// and whether each answer is in exactly one group.
struct GroupTotals {
    std::int64_t answered = 0;
    // single, yesno, consent, scales, multi with max_choices 1: the groups add up to `answered`,
    // so the hidden ones add up to `answered` minus the shown ones. Multi: each person ticks at
    // least one group, so the hidden ones hold at least everyone the shown ones do not account
    // for, and no group is bigger than `answered`.
    bool is_one_group_per_answer = true;
};

// `real_counts`: the exact count of each group.
//
// Rule:
// 1. A group with 0 < count < limit is hidden ("<10").
// 2. More groups are hidden while a small one could still be pinned to a single number from
//    the totals: first empty groups (shown "<10", which is true of 0), then the smallest other
//    groups (shown "10+"). The check assumes the reader knows this rule: each "<10" group is
//    0..limit-1 (1..limit-1 if it is the only one), each "10+" at least `limit`. Two "<10"
//    groups adding up to 1 pass: one person is in one of them, nobody can tell which.
// 3. If every group is hidden and a small one is still exact (e.g. yes 9, no 9), that is left:
//    the report then shows nothing but "<10" for the question.
std::vector<GroupVisibility> suppress_small_groups(const std::vector<std::int64_t>& real_counts,
                                                   const GroupTotals& totals, std::int64_t limit);

}  // namespace standpoint
