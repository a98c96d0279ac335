// 标准地 R18 (domain.md §8): standard_land.{csv,xlsx,geojson} — one row per 标准地 supply and
// indicator: contract value, measured value, the comparison and the threshold (the contract value
// after the profile's tolerance), the verdict, for 舟山's 0.52 the route (绿色通道 / 按标准审查:
// a routing line, never 不达标), the review year of the 亩均 rows, the clause and why;
// standard_land_share.{csv,xlsx} — each year's industrial 出让 supplies made as 标准地 (count and
// area), the county's years then each 镇街's, against the profile's floor; summary.json
// categories["standard_land"]; one coverage entry per R18 rule. Semantics in
// analysis/standard_land.hpp and rules/standard_land.hpp.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/standard_land.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/standard_land.hpp"

namespace tl::report {

// 镇街 → its years' verdicts.
using StandardLandTownYears = std::map<std::string, std::vector<rules::StandardLandYearVerdict>>;

Table standard_land_table(const std::vector<rules::StandardLandVerdict>& verdicts, const geom::Layer& supplies, Lang lang);
Table standard_land_share_table(const std::vector<rules::StandardLandYearVerdict>& years, const StandardLandTownYears& towns, Lang lang);
nlohmann::ordered_json standard_land_summary_json(const analysis::StandardLandMeasure& m, const std::vector<rules::StandardLandVerdict>& verdicts,
                                                  const std::vector<rules::StandardLandYearVerdict>& years, const rules::Profile& profile);
std::vector<RuleCoverage> standard_land_coverage(const analysis::StandardLandMeasure& m,
                                                 const std::vector<rules::StandardLandVerdict>& verdicts,
                                                 const std::vector<rules::StandardLandYearVerdict>& years, const rules::Profile& profile);

} // namespace tl::report
