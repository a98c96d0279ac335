// 标准地 (land supplied with preset performance standards, domain.md §8, R18), the measuring half.
//
// Per supply whose `standard_land` flag says 是 (dated up to the as-of day): the indicators its
// 标准地 contract fixes (固定资产投资强度 万元/亩, 容积率 = supplies.contract_far_min, 亩均税收
// 万元/亩, 单位能耗增加值 万元/吨标煤 or 单位增加值能耗 吨标煤/万元, 单位排放增加值 万元/吨, R&D
// 经费占比 %) beside what was measured:
//   投资强度  = supplies.invested (已完成投资, 万元) ÷ the supply's 亩 (its polygon);
//   容积率    = the FAR of the supply's parcel (parcels.id = supplies.parcel_id) as the intensity
//               analysis measures it from the footprints (analysis/intensity.hpp), with its
//               coverage (建筑密度) and whether it is a lower bound;
//   亩均税收, 单位能耗增加值 (增加值 ÷ 能耗), 单位增加值能耗 (能耗 ÷ 增加值), 单位排放增加值
//   (增加值 ÷ 排放), R&D 占比 (R&D经费 ÷ 主营业务收入 × 100): Σ over the enterprise rows linked to
//   the parcel (enterprises.parcel_id = the parcel, or enterprises.id = parcels.enterprise_id) in
//   the review year: the latest year of the table not after the 复核日期's year (without a
//   复核日期, the as-of year), and never after the as-of year. 亩 for 亩均税收: the supply's.
// And per year (supplies.supplied_on), the 出让 supplies (供应方式 containing one of `kinds`) on
// industrial land (the land-use code of the parcel named by parcel_id): how many and how much
// land were supplied as 标准地, as not, and without a flag; the same per 镇街. The rules
// (rules/standard_land.hpp) judge both against the profile: this file decides nothing.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/township.hpp"
#include "core/date.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

// What the intensity analysis measured on one parcel, kept for 标准地 after it frees the rest.
struct ParcelBuilt {
    double far = 0;
    double coverage = 0;
    bool far_is_lower_bound = false;   // buildings without floors or height
    int buildings = 0;
}; // struct ParcelBuilt

struct StandardLandSupply {
    std::size_t supply = 0;                 // index in the supplies layer (its geometry is the row's)
    std::string supply_id, parcel_id, owner, township, kind;
    std::optional<Date> supplied_on, accepted_on, reviewed_on;
    double area_m2 = 0;
    // The contract (标准地 出让合同 / 投资协议).
    std::optional<double> c_investment_10k_per_mu, c_far, c_tax_10k_per_mu, c_va_per_tce_10k, c_energy_tce_per_10k,
        c_va_per_t_emission_10k, c_rd_share_pct;
    // Measured.
    std::optional<double> invested_10k, investment_10k_per_mu;
    bool parcel_found = false;              // parcel_id names a parcel
    std::optional<double> far, coverage;    // nullopt: no parcel or no buildings layer
    bool far_is_lower_bound = false;
    int buildings = 0;
    std::optional<int> enterprise_year;     // the review year's rows (nullopt: none linked in a year ≤ it)
    int enterprise_rows = 0;                // rows linked in that year
    std::optional<double> tax_10k_per_mu, va_per_tce_10k, energy_tce_per_10k, va_per_t_emission_10k, rd_share_pct;
}; // struct StandardLandSupply

// 出让 supplies on industrial land in one year (or one year of one 镇街).
struct StandardLandYear {
    int year = 0;
    std::int64_t supplies = 0, standard = 0, not_standard = 0, unflagged = 0;
    double area_m2 = 0, standard_m2 = 0, not_standard_m2 = 0, unflagged_m2 = 0;
}; // struct StandardLandYear

struct StandardLandMeasure {
    bool ran = false;
    std::string skipped_reason;             // "no supplies layer"
    bool flag_column = false;               // supplies.standard_land is mapped
    bool buildings_layer = false;
    bool enterprise_table = false;
    std::vector<StandardLandSupply> supplies;   // flagged 标准地, layer order
    std::vector<StandardLandYear> years;        // ascending
    std::map<std::string, std::vector<StandardLandYear>> by_township;
    std::int64_t land_use_unknown = 0;      // 出让 supplies whose parcel's land use is unknown (not in the shares)
    std::int64_t undated = 0;               // 出让 industrial supplies without a supply date (not in the shares)
    std::int64_t before_share_from = 0;     // ... dated before the share's start (not in the shares)
}; // struct StandardLandMeasure

struct StandardLandParams {
    Date as_of;
    std::vector<std::string> kinds;                 // 出让 words (supply_mix.transfer_kinds)
    std::vector<std::string> industrial_prefixes;   // land_use.industrial_prefixes
    std::optional<Date> share_from;                 // supplies before it are not counted in the shares
    unsigned threads = 1;                           // workers for the township look-ups (--threads)
}; // struct StandardLandParams

// `built`: one per parcel feature (same order), or null without a parcels measure; `buildings_layer`
// whether FAR was measured from footprints at all.
StandardLandMeasure measure_standard_land(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                                          const geom::Layer* enterprises, const std::vector<ParcelBuilt>* built,
                                          bool buildings_layer, const StandardLandParams& params, const TownshipLookup* townships);

} // namespace tl::analysis
