// check-split, the judging half: one Verdict per condition of a county's clause on splitting an
// industrial parcel (临海 临政发〔2022〕22号 (七); (五) for 协议出让 零星地块), from the measures of
// analysis/split_plan.hpp and the profile's [split] keys. Nothing here names a number, a clause or
// a word list: they are the profile's.
//
//   R13.plan            the pieces cover the parcel, do not overlap and stay inside it (uncovered +
//                       overlap + outside ≤ split.plan_tolerance_m2; a drawing check, not policy)
//   R13.count           number of pieces ≤ split.max_pieces («分割数量原则上不超过3宗»);
//                       not applicable to 工业地产 (--industrial-estate: «工业地产除外»)
//   R13.piece_area      the smallest piece ≥ split.min_piece_area_mu («每宗土地面积不少于10亩»)
//   R13.whole_building  no building cut: the largest cut-off footprint ≤ split.whole_building_tolerance_m2
//                       («以幢为最小分割单位»)
//   R13.ancillary       no piece is ancillary land alone: a piece whose 用途 names one of
//                       split.ancillary_use_words fails («配套建设的行政办公及生活服务用地不得与整宗地分割转让»)
//   R13.resplit         the parcel was not itself split from another (原宗地代码 empty: «不得二次分割»)
//   R13.agreement       the parcel was not supplied by a 供应方式 naming split.agreement_supply_words
//                       ((五) 协议出让的零星地块 «原则上不允许分割转让»)
//   R13.producing       «拟分割地块应已竣工投产»: buildings stand on it and its enterprise's latest 亩均
//                       year shows output (revenue, tax or value added > 0)
#pragma once
#include <string>
#include <vector>

#include "analysis/split_plan.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

struct SplitJudgement {
    std::vector<Verdict> verdicts;   // in the order above
    Outcome overall = Outcome::indeterminate;   // fail if any fails, pass if all pass (n/a counts as pass)
}; // struct SplitJudgement

// Whether the profile has the clause at all (a [split] section); a county without one has no
// split conditions to test.
bool has_split_rules(const Profile& p);

SplitJudgement judge_split(const Profile& p, const analysis::SplitPlanMeasure& m, bool industrial_estate);

} // namespace tl::rules
