// 供而未用 / 闲置土地 and 建而未投 / 投而未达标: the MEASURES of every supply record (layer
// "supplies", supplied on or before as_of). The rules R02p R02 R02b R02g R03 R03g R21 R22 that
// judge them are rules::judge_idle (src/rules/idle.hpp), from the profile's [idle] keys: this
// file decides nothing.
//
// Per supply (SupplyMeasure): its dates (供应/约定动工/约定竣工/实际动工/停工), area, building
// coverage of the supplied land (area(∪ buildings ∩ supply) / area(supply); without a buildings
// layer unknown), invested / planned investment, land price, the 政府原因 flag, the land-use code
// of its parcel (parcels.id = supplies.parcel_id, else the parcel it overlaps most), and the
// production evidence of that parcel in the enterprise table (亩均数据: a row in a year not after
// as_of's; revenue, tax or value added > 0).
// The enterprise table is used only when it covers the as-of year: the evaluation year is the
// latest year in the table not after as_of's. A table holding only later years says nothing about
// production then (issue "enterprise_year_absent"); the linked parcel counts of that year and the
// year before are measured so that the rules can tell a partial table.
//
// MISSING DATA
// Unparseable dates and numbers: issues "bad_date"/"bad_value" (geom::Layer, once per value). A
// supply supplied after as_of is left out with issue "after_as_of". An overlay that fails: issue
// "overlay_failed", counted in overlay_failures. Without a supplies layer, nothing runs (ran =
// false, issue "idle_skipped").
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/township.hpp"
#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct IdleMeasureParams {
    Date as_of;             // the date the analysis speaks for. Required.
    unsigned threads = 0;   // workers for the coverage overlays; 0 = all cores (results do not depend on it)
}; // struct IdleMeasureParams

struct SupplyMeasure {
    std::size_t supply = 0;                 // position in the supplies layer (geometry is there)
    std::int64_t fid = -1;
    std::string supply_id;                  // 供地编号
    std::string parcel_id;                  // 宗地代码 (given, or of the parcel overlapping most)
    std::string kind;                       // 供应方式 (出让/划拨)
    std::string township;
    std::string land_use;                   // land_use code of the supply's parcel ("" unknown)
    std::optional<Date> supplied_on, agreed_start_on, agreed_completion_on, started_on, stalled_since;
    bool agreed_start_given = false;        // the cell is filled (a bad date is bad_date, not missing)
    double area_m2 = 0;                     // area of the supply polygon
    std::optional<double> footprint_share;  // building coverage of the supplied land (0..1); nullopt without buildings
    std::optional<double> planned_investment_10k, invested_10k;
    std::optional<double> invested_share;   // invested / planned_investment (planned > 0)
    std::optional<double> land_price_10k_cny;      // 出让价款 (万元)
    bool government_delay = false;
    bool enterprise_row = false;            // some enterprise row (year ≤ as_of's) is linked to parcel_id
    bool producing = false;                 // ... with revenue, tax or value added > 0
}; // struct SupplyMeasure

struct IdleMeasures {
    bool ran = false;
    std::string skipped_reason;
    Date as_of;
    bool used_buildings = false;            // footprints measured
    bool enterprise_table = false;          // an enterprise table was given
    std::optional<int> enterprise_year;     // latest year of the enterprise table not after as_of's
    std::string enterprise_skipped_reason;  // the table has no year ≤ as_of's (zh / en)
    std::string enterprise_skipped_reason_en;
    std::size_t enterprise_parcels_year = 0;                 // parcels linked in enterprise_year
    std::optional<std::size_t> enterprise_parcels_prev_year; // ... in the year before (when it has rows)
    std::size_t overlay_failures = 0;       // supplies not measured (issue overlay_failed)
    std::vector<SupplyMeasure> supplies;    // supplied on or before as_of and measured, layer order
}; // struct IdleMeasures

// Measures every supply. `supplies` may be null (then not run); the other layers may be null.
// Layers are borrowed for the duration of the call.
IdleMeasures measure_supplies(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* buildings,
                              const geom::Layer* parcels, const geom::Layer* enterprises, const TownshipLookup& townships,
                              const IdleMeasureParams& params, IssueLog& issues);

} // namespace tl::analysis
