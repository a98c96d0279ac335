// 预告登记转让 (临海 临政发〔2022〕22号 (十二)), the measuring half: every transferred (出让) supply of
// industrial land dated up to the as-of day, with its planned and completed investment. The clause
// lets a holder of 低效工业用地 whose «开发投资总额未达到25%» sign a conditional transfer and register
// it in advance (预告登记) — the 25 % being the line of 《城市房地产管理法》第三十九条 below which land
// may not be transferred outright. rules/presale.hpp judges the share against the profile.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/township.hpp"
#include "core/date.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct PresaleSupply {
    std::size_t supply = 0;                 // index in the supplies layer (its geometry is the row's)
    std::string supply_id, parcel_id, owner, township, kind, land_use;
    std::optional<Date> supplied_on;
    double area_m2 = 0;                     // area of the supply polygon
    std::optional<double> planned_10k;      // 计划总投资 (万元)
    std::optional<double> invested_10k;     // 已完成投资 (万元)
}; // struct PresaleSupply

struct PresaleMeasure {
    bool ran = false;
    std::string skipped_reason;             // "no supplies layer"
    std::vector<PresaleSupply> supplies;    // 出让 industrial supplies up to as-of, in layer order
    std::int64_t not_industrial = 0;        // 出让 supplies on land that is not industrial
    std::int64_t land_use_unknown = 0;      // ... whose parcel's land use is unknown (kept, judged indeterminate)
}; // struct PresaleMeasure

// `kinds`: 供应方式 words of a transfer (出让); `industrial_prefixes`: industrial land-use codes.
// A supply's parcel is its parcel_id's, else none (land use unknown).
PresaleMeasure measure_presale(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                               const std::vector<std::string>& kinds, const std::vector<std::string>& industrial_prefixes,
                               const Date& as_of, const TownshipLookup* townships);

} // namespace tl::analysis
