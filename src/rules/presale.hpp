// 预告登记转让 R19.presale (临海 临政发〔2022〕22号 (十二)): one verdict per 出让 industrial supply.
// fail = a candidate: completed investment ÷ planned investment under presale.invested_share_max
// (未达到25%), so the holder may transfer only by a conditional contract registered in advance;
// pass = at or over the line (an ordinary transfer is open); indeterminate = an investment figure
// or the land use is missing. The list is of candidates: the clause's other conditions (低效
// land, no transfer restriction in the contract, the approvals) are the profile's
// presale.conditions, shown on every row.
#pragma once
#include <vector>

#include "analysis/presale.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

struct PresaleVerdict {
    const analysis::PresaleSupply* supply = nullptr;
    Verdict verdict;
}; // struct PresaleVerdict

// Whether the county's documents have the clause (a [presale] section).
bool has_presale_rule(const Profile& p);

std::vector<PresaleVerdict> judge_presale(const Profile& p, const analysis::PresaleMeasure& m);

} // namespace tl::rules
