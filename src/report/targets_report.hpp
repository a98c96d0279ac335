// Targets against what was done (T01–T03, rules/targets.hpp): targets.{csv,xlsx} (one row per
// target — per year for a per-year target —, then the 盘活台账's area by 镇街 against each area
// target, as a breakdown), summary.json "targets" and the rules' coverage.
//
// 清单可补 (closable_mu): the land on this run's shortlists that could close the gap — 低效 + 闲置
// (存量 land to revitalise), with 批而未供 beside it in the words; for a 亩均 target the 低效 land
// (freeing it raises the county's 亩均). By 镇街 on the breakdown rows. Counted from the lists as
// written (report/totals.hpp), after the 闭环管理 decisions.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/revitalization.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "report/totals.hpp"
#include "rules/targets.hpp"

namespace tl::report {

// The shortlists' land a target could draw on.
struct ClosableLand {
    bool inefficient_ran = false, idle_ran = false, unsupplied_ran = false;
    ShortlistTotals inefficient, idle, unsupplied;
}; // struct ClosableLand
ClosableLand closable_land(const std::vector<const Table*>& tables);

// `area` null: no 盘活台账.
Table targets_table(const std::vector<rules::TargetVerdict>& targets, const analysis::RevitalizedArea* area, const ClosableLand& land,
                    Lang lang);
nlohmann::ordered_json targets_summary_json(const std::vector<rules::TargetVerdict>& targets, const analysis::RevitalizedArea* area,
                                            const analysis::AboveScaleTotals* above, const ClosableLand& land);
std::vector<RuleCoverage> targets_coverage(const std::vector<rules::TargetVerdict>& targets);

} // namespace tl::report
