// Evaluating a profile's rules on measured parcels: one Verdict per (parcel, enabled rule).
//
// Rules (domain.md §10; ids are stable and appear in every output row):
//   R04.far          industrial parcel's FAR below the applicable floor
//                    = max(出让合同容积率下限, profile far.local_floor, 2008 分行业下限 far.industry_min.<code>);
//                    the clause of the largest floor is cited. far.platform_floor (舟山 二(一)1)
//                    joins them for a new project in a zone named by far.platform_zone_words. A FAR that is a lower bound
//                    (buildings without floors/height) cannot fail: it is indeterminate.
//   R06.coverage     industrial parcel's footprint coverage below far.coverage_min (2008: 30 %).
//   R04.unbuilt      largest connected unbuilt part of an industrial parcel ≥ min_unbuilt_mu.
//   R10.tax_low      亩均税收 at or under the county line in each of the last `years` years
//                    (Linping ≤ 3万 “3万元以下”; Linhai ≤ 5万 “5万元(含)以下”).
//   R10.yiyuan       亿元企业 (revenue ≥ revenue_min_10k) with 亩均税收 ≤ line in each of the last
//                    `years` years (Linhai 附件 二: 连续两年 10万元(含)以下).
//   R11.class_d      the parcel's 亩均 unit is class D.
//   R07.ancillary    行政办公及生活服务设施用地 share above far.ancillary_land_share_max (2008: 7 %);
//                    runs only when parcels carry ancillary_area_m2. Where the profile raises the
//                    cap (临海 (十四): far.ancillary_land_share_max_raised) it applies to a parcel in
//                    a zone named by far.ancillary_raised_zone_words (产业园区) or of a firm whose
//                    亩均 class is in far.ancillary_raised_classes with ≥ far.ancillary_raised_min_area_mu.
//                    The 配套 land is the parcel's ancillary_area_m2 where given, else the footprints
//                    (pieces inside the parcel) of its buildings whose use is in
//                    far.ancillary_building_uses (办公, 生活配套); buildings without a use make it a
//                    range — indeterminate when the range straddles the cap, and when no building of
//                    the parcel has a use. A parcel without buildings has none (0 %).
//   R07.ancillary_floor 配套 floor-area share (临海 (十四) far.ancillary_floor_share_max_raised, 30 %)
//                    of the buildings' floor area, on the parcels the raised cap applies to; other
//                    parcels not_applicable (the 2008 控制指标 caps land only). Needs buildings.use.
//   R08.green        绿地率 above far.green_ratio_max (2008: 20 %); only with parcels.green_area_m2.
//   R17.supply_mix   (judge_supply_mix, one verdict per year) industrial share of the year's 出让
//                    area below supply_mix.industrial_share_min.
//   R20.policy_flags parcels.policy_flags is non-empty (淘汰类/禁止类 industry, safety/environment
//                    non-compliance, 退二进三); evaluated only when the layer has that column.
// Thresholds compare under the profile's `fail_if` (《民法典》第1259条 applied to the clause
// wording). Values within 1e-9 (relative) of a threshold count as equal to it, so a FAR of
// 0.99999999997 from floating-point sums meets "不低于1.0".
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/intensity.hpp"
#include "analysis/land_rights.hpp"
#include "analysis/mujun.hpp"
#include "analysis/supply_mix.hpp"
#include "analysis/zones.hpp"
#include "core/date.hpp"
#include "geom/layer.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

// Analysis parameters from a profile (every number cited there).
analysis::IntensityParams intensity_params(const Profile& p);
analysis::MujunParams mujun_params(const Profile& p);
// Owner and tenure vocabularies ([land_rights]).
analysis::LandRights land_rights(const Profile& p);

struct ParcelVerdicts {
    std::size_t parcel = 0;              // index in the parcels layer
    std::vector<Verdict> verdicts;       // in rule order (Evaluation::rule_ids)
    int fails = 0;
    int indeterminate = 0;
    bool inefficient() const noexcept { return fails > 0; }
}; // struct ParcelVerdicts

struct Evaluation {
    std::string profile_id;
    std::vector<std::string> rule_ids;                        // evaluated rules, in order
    std::map<std::string, std::string> skipped_rules;         // rule -> why not evaluated
    std::vector<ParcelVerdicts> parcels;                      // one per parcel, same order
    std::map<std::string, std::array<int, 4>> counts;         // rule -> pass/fail/n.a./indeterminate
    std::map<std::string, std::map<std::string, int>> missing;  // rule -> Verdict::missing code -> indeterminate count
    std::vector<std::string> notes;                           // e.g. profile expired on as_of
}; // struct Evaluation

struct EvaluationInputs {
    const geom::Layer* parcels = nullptr;                  // required
    const analysis::IntensityResult* intensity = nullptr;  // required
    bool have_buildings = false;                           // a buildings layer was read
    bool have_building_use = false;                        // ... with a use (用途) column (R07 from buildings)
    const analysis::MujunResult* mujun = nullptr;          // null: no enterprise table
    // The zone (control_lines feature) holding most of each parcel; null: no control_lines layer.
    // 产业平台 floors (far.platform_floor) and 园区 ancillary caps (far.*_raised) read it.
    const std::vector<analysis::ParcelZone>* zones = nullptr;
    std::optional<Date> as_of;
    unsigned threads = 1;                                  // parcels judged on this many threads (0 = all cores)
}; // struct EvaluationInputs

Evaluation evaluate(const Profile& profile, const EvaluationInputs& in);

// R17 供地结构: one verdict per year of 出让 supplies (measured: industrial share of the year's
// 出让 area; indeterminate when the area of unknown use could change the outcome).
struct YearVerdict {
    analysis::SupplyMixYear year;
    Verdict verdict;
}; // struct YearVerdict
std::vector<YearVerdict> judge_supply_mix(const Profile& p, const analysis::SupplyMixResult& mix);
// The same for one list of years (a township's).
std::vector<YearVerdict> judge_supply_mix_years(const Profile& p, const std::vector<analysis::SupplyMixYear>& years);

// The 亩均 table's unit check (issue 18): a tax column in 元 read as 万元 makes every firm look
// 10 000 times richer and no one fails. When the median 亩均税收 of the evaluation year (units
// with data, in scope) is above mujun.tax_per_mu_plausible_max_10k, the message (zh; en) naming
// the likely unit and the fix; nullopt when plausible or not evaluated. The caller stops the run
// (ConfigError naming the enterprises source): never a silently different answer.
std::optional<std::string> mujun_unit_problem(const Profile& p, const analysis::MujunResult& mujun);

// Fails under comparison `c`, with values within 1e-9 relative of the threshold snapped to it.
bool fails_threshold(double measured, Comparison c, double threshold) noexcept;

} // namespace tl::rules
