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

// `real_counts`: the exact count of each group. `groups_add_up`: every answer is in exactly one
// group (all types but multi), so a reader knows the hidden groups' total: `answered` minus the
// groups shown.
//
// Rule:
// 1. A group with 0 < count < limit is hidden ("<10").
// 2. When groups add up, more groups are hidden until no small group can be narrowed down to a
//    single number from that total: first empty groups (shown "<10", which is true of 0), then
//    the smallest other groups (shown "10+"). The check assumes the reader knows this rule: each
//    "<10" group is 0..limit-1 (1..limit-1 if it is the only one), each "10+" at least `limit`.
//    Two "<10" groups adding up to 1 are safe by this measure: one person is in one of them,
//    nobody can tell which.
// 3. If every group is hidden and a small one is still exact (e.g. yes 9, no 9), that is left:
//    the report then shows nothing but "<10" for the question.
// Multi-choice groups do not add up (one person ticks several), so only rule 1 applies there.
std::vector<GroupVisibility> suppress_small_groups(const std::vector<std::int64_t>& real_counts,
                                                   bool groups_add_up, std::int64_t limit);

}  // namespace standpoint
