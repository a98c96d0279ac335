// check-split, the measuring half: what a plan to split one industrial parcel into pieces does
// to the land and the buildings on it. It measures only (areas, counts, which piece holds how much
// of each building, the parcel's supplies and production record); rules/split.hpp judges the
// measures against the county's clause (临政发〔2022〕22号 (七) «以幢为最小分割单位», «不超过3宗»,
// «不少于10亩», «不得二次分割»; (五) 协议出让的零星地块 «原则上不允许分割转让»).
//
// The plan is any polygon layer (GeoJSON, GPKG, SHP) read through GDAL and normalized into the
// working CRS like every other layer: one feature per piece, with an optional 分割编号 (id) and
// 用途 (use) column.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct SplitPieceMeasure {
    std::string id;                 // the plan's 分割编号, else "第N块"
    std::string use;                // the plan's 用途 ("" when the plan has no such column)
    double area_m2 = 0;             // the piece's area inside the parcel
    double outside_parcel_m2 = 0;   // the piece's area outside the parcel (drawing error)
    int buildings = 0;              // buildings whose largest part lies in this piece
}; // struct SplitPieceMeasure

struct SplitBuildingMeasure {
    std::string id;                 // 建筑物编号, else "FID n"
    double footprint_on_parcel_m2 = 0;
    double largest_piece_m2 = 0;    // its footprint in the piece holding most of it
    double cut_off_m2 = 0;          // footprint in the other pieces: > 0 means the building is cut
    int pieces = 0;                 // pieces holding part of it (area > 0)
}; // struct SplitBuildingMeasure

struct SplitPlanMeasure {
    std::string parcel_id, owner, township, land_use;
    double parcel_area_m2 = 0;      // drawn area of the parcel (the pieces divide the drawn land)
    std::vector<SplitPieceMeasure> pieces;
    double uncovered_m2 = 0;        // parcel land in no piece
    double overlap_m2 = 0;          // land in two or more pieces
    double outside_m2 = 0;          // piece land outside the parcel
    std::vector<SplitBuildingMeasure> buildings;   // buildings standing on the parcel
    bool buildings_layer = false;   // the project has a buildings layer
    // 原宗地代码: the parcel was itself split from another (二次分割). nullopt: the column is not in
    // the parcels layer; "" when the column is there and empty.
    std::optional<std::string> split_from;
    // 供应方式 of the parcel's supplies (joined on 宗地代码), in supply order; empty when none.
    std::vector<std::string> supply_kinds;
    bool supplies_layer = false;
    // Production: the latest 亩均 year of the parcel's enterprise (by 宗地代码 or 统一社会信用代码),
    // with its revenue / tax / value added; nullopt year when no row matched.
    bool enterprises_layer = false;
    bool enterprise_matched = false;
    std::optional<int> production_year;
    std::optional<double> revenue_10k, tax_10k, value_added_10k;
}; // struct SplitPlanMeasure

// Measures a plan (`plan`: polygon pieces, working CRS) against parcel `parcel_index` of `parcels`.
// `buildings`, `supplies`, `enterprises` may be null (then their measures say so).
SplitPlanMeasure measure_split_plan(geom::GeosContext& c, const geom::Layer& parcels, std::size_t parcel_index,
                                    const geom::Layer& plan, const geom::Layer* buildings, const geom::Layer* supplies,
                                    const geom::Layer* enterprises);

} // namespace tl::analysis
