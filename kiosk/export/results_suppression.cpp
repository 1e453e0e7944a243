#include "kiosk/export/results_suppression.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace standpoint {

namespace {

bool is_small(std::int64_t count, std::int64_t limit) { return count > 0 && count < limit; }

// Whether a reader who knows the totals and this rule can pin a small hidden group to one
// number. To the reader a "<10" group is 0..limit-1 (at least 1 when it is the only one:
// something small made the rule hide anything), a "10+" group at least `limit`, and no group
// is bigger than `answered`.
bool can_work_out_a_small_group(const std::vector<std::int64_t>& real_counts,
                                const std::vector<GroupVisibility>& visibility,
                                const GroupTotals& totals, std::int64_t limit) {
    std::int64_t shown_total = 0;
    int under_limit_groups = 0;
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (!visibility[i].is_suppressed) {
            shown_total += real_counts[i];
        } else if (!visibility[i].is_at_least_limit) {
            ++under_limit_groups;
        }
    }
    // Exactly the hidden groups' total, or (multi) the least it can be.
    const std::int64_t hidden_total = totals.answered - shown_total;
    const std::int64_t floor = under_limit_groups == 1 ? 1 : 0;
    const std::int64_t under_limit_most = std::min(limit - 1, totals.answered);
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (!visibility[i].is_suppressed || !is_small(real_counts[i], limit)) continue;
        std::int64_t others_least = 0;
        std::int64_t others_most = 0;
        for (std::size_t j = 0; j < real_counts.size(); ++j) {
            if (j == i || !visibility[j].is_suppressed) continue;
            others_least += visibility[j].is_at_least_limit ? limit : 0;
            others_most += visibility[j].is_at_least_limit ? totals.answered : under_limit_most;
        }
        const std::int64_t lowest = std::max(floor, hidden_total - others_most);
        const std::int64_t highest = totals.is_one_group_per_answer
                                         ? std::min(under_limit_most, hidden_total - others_least)
                                         : under_limit_most;
        if (highest <= lowest) return true;  // one possible number
    }
    return false;
}

// The next group to hide: an empty one first (its "<10" is true), else the smallest shown one.
std::optional<std::size_t> next_group_to_hide(const std::vector<std::int64_t>& real_counts,
                                              const std::vector<GroupVisibility>& visibility) {
    std::optional<std::size_t> smallest;
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (visibility[i].is_suppressed) continue;
        if (real_counts[i] == 0) return i;
        if (!smallest || real_counts[i] < real_counts[*smallest]) smallest = i;
    }
    return smallest;
}

}  // namespace

std::vector<GroupVisibility> suppress_small_groups(const std::vector<std::int64_t>& real_counts,
                                                   const GroupTotals& totals, std::int64_t limit) {
    std::vector<GroupVisibility> visibility(real_counts.size());
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        visibility[i].is_suppressed = is_small(real_counts[i], limit);
    }
    while (can_work_out_a_small_group(real_counts, visibility, totals, limit)) {
        const auto next = next_group_to_hide(real_counts, visibility);
        if (!next) break;  // everything is hidden already (rule 3)
        visibility[*next].is_suppressed = true;
        visibility[*next].is_at_least_limit = real_counts[*next] >= limit;
    }
    return visibility;
}

}  // namespace standpoint
