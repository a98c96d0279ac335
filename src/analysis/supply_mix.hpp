// 供地结构 (R17): how much of each year's 出让 (transferred) land was industrial. The metric
// only; the profile's supply_mix.industrial_share_min and the verdict per year are in
// rules::judge_supply_mix (象山 四(二) ≥ 35 %, 临海 (十三), 临平 四(二), 舟山 三(四), 浙政发〔2021〕31号 ≥ 30 %).
//
// SEMANTICS
// - A supply counts when its kind (供应方式) contains one of `transfer_kinds` (the profile's
//   supply_mix.transfer_kinds: 出让 …) and it is dated (supplied_on) no later than as_of; its
//   year is the year of supplied_on. Area = the supply polygon's area (working CRS, m²).
// - Industrial: the land use of the supply's parcel (by parcel_id, else the parcel it overlaps
//   most) starts with one of the industrial prefixes. A parcel without a land use, or a supply
//   with no parcel, is "unknown": its area is counted apart so the rule can tell whether it could
//   change the outcome.
// - Supplies without a kind or without a date are counted (no_kind, undated), never guessed.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

#include <map>

#include "analysis/township.hpp"

namespace tl::analysis {

struct SupplyMixYear {
    int year = 0;
    std::size_t supplies = 0;        // 出让 supplies of the year
    double transferred_m2 = 0;       // their area
    double industrial_m2 = 0;        // ... of which on industrial land
    double unknown_m2 = 0;           // ... of which on land of unknown use
}; // struct SupplyMixYear

struct SupplyMixResult {
    bool ran = false;
    std::string skipped_reason;
    std::vector<SupplyMixYear> years;   // ascending
    // The same by 镇街 (the township holding most of the supply; "" when none): a township's share
    // of its own 出让 area, for the bureau's per-town view (象山 四(二), 舟山 三(四) "市及各县").
    std::map<std::string, std::vector<SupplyMixYear>> by_township;
    std::size_t no_kind = 0, undated = 0, after_as_of = 0;
}; // struct SupplyMixResult

SupplyMixResult measure_supply_mix(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                                   const std::vector<std::string>& transfer_kinds,
                                   const std::vector<std::string>& industrial_prefixes, const Date& as_of,
                                   const TownshipLookup* townships = nullptr, unsigned threads = 1);

} // namespace tl::analysis
