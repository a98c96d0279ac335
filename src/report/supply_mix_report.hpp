// 供地结构 (R17): supply_mix.{csv,xlsx} (one row per year: 出让 supplies, their area, the industrial
// part, the share against the profile's floor, the verdict and its clause), summary.json
// categories["supply_mix"] and the rule's coverage. Semantics in analysis/supply_mix.hpp.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/supply_mix.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/evaluate.hpp"

namespace tl::report {

// 镇街 → its years' verdicts ("" = supplies in no township).
using TownshipYears = std::map<std::string, std::vector<rules::YearVerdict>>;

// Rows: the county's years (镇街 全县 / county), then each township's.
Table supply_mix_table(const std::vector<rules::YearVerdict>& years, const TownshipYears& towns, Lang lang);
nlohmann::ordered_json supply_mix_summary_json(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years,
                                               const TownshipYears& towns);
RuleCoverage supply_mix_coverage(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years);

} // namespace tl::report
