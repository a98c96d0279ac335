// check-merge's conditions, 临政发〔2022〕22号 (五) and (七) (or the county's clauses: the profile's
// scattered.clause and scattered.merge_clause), judged on analysis::measure_merge under the
// profile. Each condition is a rules::Verdict (id, outcome, measured, comparison, threshold,
// clause, reasons) with the numbers and threshold in words for the screen.
//   (五) (tested when there are 零星地块 or a planned floor area, or nothing else)
//   5.host      the host is industrial land (land_use.industrial_prefixes) held by a firm (owner
//               not state-held under [land_rights]); land use unknown: indeterminate
//   5.adjacent  every 零星地块 touches the host, or another accepted piece that does — "周边"
//   5.cap_share Σ 零星地块 area ≤ scattered.max_share_of_host × the host's area (inclusive)
//   5.cap_mu    Σ 零星地块 area ≤ scattered.max_area_mu 亩 (inclusive)
//   5.uplift    FAR after ≥ (1 + scattered.far_uplift_min) × FAR before, OR new floor area ≥
//               scattered.gfa_share_min of the total floor area after (both inclusive). FAR
//               before = host floor area / host area basis; FAR after = (host floor area +
//               planned) / (host area basis + Σ 零星地块 area). No --planned-floor-area:
//               indeterminate. A pass on a lower-bound floor area is indeterminate.
//   5.plan      符合相关规划要求: not in the data. Indeterminate, missing "person": a person must
//               judge (shown as 人工核实 / MANUAL); it does not decide the overall result.
//   (七) merge transfer, for other firms' parcels (a pure merge: 7.host instead of 5.host and
//   7.plan: plans/fire/environment/contract allow it, a person must judge)
//   7.adjacent  界线相邻: as 5.adjacent
//   7.tenure    same 权利性质 (QLXZ) as the host; a value missing: indeterminate
//   7.right     same 权利类型 (QLLX) as the host; a value missing: indeterminate
//   7.term      the merged parcel's term = the shortest remaining term (SYNX) of all — reported
//               (pass when every term is known, indeterminate otherwise)
// OVERALL: fail when a condition fails; else indeterminate when one is indeterminate for want of
// data; else pass (the conditions only a person can judge are listed as reminders).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/merge_check.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

struct MergeCondition {
    std::string label_zh, label_en;
    Verdict verdict;                   // rule_id "5.cap_share", ...
    std::string measured;              // the numbers, human-readable
    std::string threshold;
    // Only a person can judge it (the data do not hold it): verdict indeterminate, missing "person".
    bool needs_person() const noexcept { return verdict.missing == "person"; }
}; // struct MergeCondition

struct MergeVerdicts {
    double leftover_area_m2 = 0;       // Σ 零星地块
    double far_before = 0;
    std::optional<double> far_after;
    std::optional<double> merged_term_years;
    std::vector<MergeCondition> conditions;
    Outcome overall = Outcome::indeterminate;
}; // struct MergeVerdicts

// The measures' parameters from the profile ([land_rights], adjacency, floor-area counting).
analysis::MergeCheckParams merge_params(const Profile& p);

MergeVerdicts judge_merge(const Profile& p, const analysis::MergeCheckResult& m);

} // namespace tl::rules
