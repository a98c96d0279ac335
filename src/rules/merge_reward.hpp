// check-merge, two more of the county's clauses on one application (临海 临政发〔2022〕22号):
//   7.buyer    (七) «不得向…上一年度畝均評價C、D類企業轉讓»: the firm taking the land in (the host's)
//              is not of a 亩均 class in scattered.buyer_excluded_classes; class unknown:
//              indeterminate. Tested when the application takes in another firm's parcel.
//   R14.reward (十一) the 零增地技改 reward estimate, when the profile has [reward] and a planned
//              floor area is given:
//              - FAR up strictly more than reward.uplift_over (20 % 不含), or the new floor area
//                strictly more than reward.gfa_share_over of the total after: the floor area above
//                that line (the larger of the two excesses) × the rate of the firm's 亩均 class
//                (reward.classes ↔ reward.rates_by_class_yuan_per_m2: A 60, B 50 元/m²); a firm of
//                another class gets none on this route;
//              - otherwise new production floor area in a building of reward.storeys_from[i] storeys
//                or more × reward.storey_rates_yuan_per_m2[i] (4/5/≥6 → 30/40/50 元/m²), needs
//                --storeys;
//              capped at reward.cap_10k (100万元). An estimate for the bureau, not a decision:
//              outcome pass = a reward is due (measured = 万元), not_applicable = none,
//              indeterminate = the class or the storeys are unknown.
#pragma once
#include <optional>
#include <string>

#include "analysis/merge_check.hpp"
#include "rules/merge_check.hpp"
#include "rules/profile.hpp"

namespace tl::rules {

// The host firm's 亩均 class as the run's 亩均 evaluation gives it ("" when not evaluated).
struct FirmClass {
    std::string mujun_class;
    std::optional<int> year;   // the evaluation year
    std::string why_none;      // why there is no class (no enterprise table, firm not evaluated)
}; // struct FirmClass

bool has_buyer_rule(const Profile& p);
bool has_reward_rule(const Profile& p);

MergeCondition judge_buyer(const Profile& p, const FirmClass& buyer);

struct MergeReward {
    Verdict verdict;               // rule_id "R14.reward"
    std::string route;             // "uplift" | "storeys" | ""
    double excess_m2 = 0;          // floor area rewarded
    double rate_yuan_per_m2 = 0;
    double amount_10k = 0;         // after the cap
    bool capped = false;
}; // struct MergeReward

MergeReward judge_reward(const Profile& p, const analysis::MergeCheckResult& m, const MergeVerdicts& v, const FirmClass& host,
                         std::optional<int> storeys);

// Recomputes v.overall after conditions were appended (fail > indeterminate for want of data > pass).
void settle(MergeVerdicts& v);

} // namespace tl::rules
