// 供地结构 (R17): supply_mix.{csv,xlsx} (one row per year: 出让 supplies, their area, the industrial
// part, the share against the profile's floor, the verdict and its clause), summary.json
// categories["supply_mix"] and the rule's coverage. Semantics in analysis/supply_mix.hpp.
#pragma once
#include <nlohmann/json.hpp>

#include "analysis/supply_mix.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/evaluate.hpp"

namespace tl::report {

Table supply_mix_table(const std::vector<rules::YearVerdict>& years, Lang lang);
nlohmann::ordered_json supply_mix_summary_json(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years);
RuleCoverage supply_mix_coverage(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years);

} // namespace tl::report
