// 闲置 / 供而未用 candidates (R02, R02b, R02p, R02g, R03, R03g, R21, R22) as a shortlist table
// and summary totals.
//
//   idle_table        -> idle.csv / idle.xlsx / idle.geojson : one row, one feature per supply
//                        (issue 23), in the result's order (supply id, fid): the rules it meets
//                        joined (R03;R21), each rule's measured value, threshold, clause and
//                        disposal prefixed by its id when there are several, the deadline and
//                        days overdue of the most overdue rule. Geometry: the supply polygon,
//                        borrowed from the supplies layer (keep it alive until written).
//   idle_rules_table  -> idle_rules.csv: the long form, one row per (supply, rule met), no
//                        geometry (report::follow_list brings 镇街 and 处置状态 after the decisions).
//   idle_summary_json -> summary.json categories["idle"].
//
// Every row says it is a CANDIDATE (状态 "候选，需调查认定"): 闲置 is established only by the
// bureau's 认定. Text cells (rule name, value, threshold, clause, disposal) are in `lang`.
#pragma once
#include <nlohmann/json.hpp>

#include "rules/idle.hpp"
#include "geom/layer.hpp"
#include "report/table.hpp"
#include "rules/profile.hpp"

namespace tl::report {

// `supplies` is the layer the supplies were measured on (for the geometries); may be null (no geometries).
// Rule names, disposals and clauses are the profile's, carried in r.rules.
Table idle_table(const rules::IdleResult& r, const geom::Layer* supplies, Lang lang);
Table idle_rules_table(const rules::IdleResult& r, Lang lang);

// count/area_m2/area_mu over the distinct supplies listed; the same per rule (with the idle-fee
// estimate total for R02/R02b); "idle_legal" = R02 + R02b + R03 (the Art. 2 categories without
// government cause); evaluation counts.
nlohmann::ordered_json idle_summary_json(const rules::IdleResult& r);

} // namespace tl::report
