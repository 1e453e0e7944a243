#include "kiosk/export/results_suppression.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>

namespace standpoint {

namespace {

bool is_small(std::int64_t count, std::int64_t limit) { return count > 0 && count < limit; }

// Whether a reader who knows the hidden groups' total and this rule can pin a small hidden group
// to one number. To the reader a "<10" group is 0..limit-1 (at least 1 when it is the only one:
// something small made the rule hide anything), a "10+" group at least `limit`.
bool can_work_out_a_small_group(const std::vector<std::int64_t>& real_counts,
                                const std::vector<GroupVisibility>& visibility,
                                std::int64_t limit) {
    std::int64_t hidden_total = 0;
    int under_limit_groups = 0;
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (!visibility[i].is_suppressed) continue;
        hidden_total += real_counts[i];
        if (!visibility[i].is_at_least_limit) ++under_limit_groups;
    }
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (!visibility[i].is_suppressed || !is_small(real_counts[i], limit)) continue;
        std::int64_t others_at_least = 0;
        std::int64_t others_at_most = 0;
        bool is_others_unbounded = false;
        for (std::size_t j = 0; j < real_counts.size(); ++j) {
            if (j == i || !visibility[j].is_suppressed) continue;
            if (visibility[j].is_at_least_limit) {
                others_at_least += limit;
                is_others_unbounded = true;
            } else {
                others_at_most += limit - 1;
            }
        }
        const std::int64_t floor = under_limit_groups == 1 ? 1 : 0;
        const std::int64_t lowest =
            is_others_unbounded ? floor : std::max(floor, hidden_total - others_at_most);
        const std::int64_t highest = std::min(limit - 1, hidden_total - others_at_least);
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
                                                   bool groups_add_up, std::int64_t limit) {
    std::vector<GroupVisibility> visibility(real_counts.size());
    bool has_small_group = false;
    for (std::size_t i = 0; i < real_counts.size(); ++i) {
        if (is_small(real_counts[i], limit)) {
            visibility[i].is_suppressed = true;
            has_small_group = true;
        }
    }
    if (!groups_add_up || !has_small_group) return visibility;
    while (can_work_out_a_small_group(real_counts, visibility, limit)) {
        const auto next = next_group_to_hide(real_counts, visibility);
        if (!next) break;  // everything is hidden already (rule 3)
        visibility[*next].is_suppressed = true;
        visibility[*next].is_at_least_limit = real_counts[*next] >= limit;
    }
    return visibility;
}

}  // namespace standpoint
