// R01 批而未供 (domain.md §2): judging the batches analysis::find_unsupplied measured. A batch with
// unsupplied land left after its slivers are dropped (unsupplied_area_m2 > 0) is listed (Verdict
// R01 fail; measured: the unsupplied m², threshold 0); a fully supplied batch passes. The clause
// is the profile's unsupplied.clause / unsupplied.clause_en (the national definition used by the
// 增存挂钩 mechanism, 自然资规〔2018〕1号). The measures' parameters (age bucket edges, the sliver
// size, the [land_rights] tenures for parcels standing in for supplies) are the profile's too.
#pragma once
#include <string>
#include <vector>

#include "analysis/unsupplied.hpp"
#include "core/date.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

analysis::UnsuppliedParams unsupplied_params(const Profile& p, const Date& as_of);

struct UnsuppliedVerdicts {
    std::vector<Verdict> batches;        // one per analysis batch, same order
    std::string clause_zh, clause_en;
}; // struct UnsuppliedVerdicts

UnsuppliedVerdicts judge_unsupplied(const Profile& p, const analysis::UnsuppliedResult& r);

} // namespace tl::rules
