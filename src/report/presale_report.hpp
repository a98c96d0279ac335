// 预告登记转让 (R19.presale, 临海 (十二)): presale.{csv,xlsx,geojson} — one row per candidate supply
// (投资比例 under the line) with its parcel, holder, 镇街, investment figures, threshold, clause and
// the clause's conditions; summary.json categories["presale"]; the rule's coverage. Semantics in
// analysis/presale.hpp and rules/presale.hpp.
#pragma once
#include <nlohmann/json.hpp>

#include "analysis/presale.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/presale.hpp"

namespace tl::report {

Table presale_table(const std::vector<rules::PresaleVerdict>& verdicts, const geom::Layer& supplies, Lang lang);
nlohmann::ordered_json presale_summary_json(const analysis::PresaleMeasure& m, const std::vector<rules::PresaleVerdict>& verdicts,
                                            const rules::Profile& profile);
RuleCoverage presale_coverage(const analysis::PresaleMeasure& m, const std::vector<rules::PresaleVerdict>& verdicts,
                              const rules::Profile& profile);

} // namespace tl::report
