// One source of totals for a shortlist: how many entries it lists and their area, county-wide and
// by 镇街, counted from the table's cells AS WRITTEN (areas to 2 decimals, then added): the
// headline in summary.json, the report's totals, its tables by 镇街 and a planner's SUM over the
// CSV or XLSX give the same numbers (issue 24: 4 417.46 vs 4 417.45, one `(未定)` row of 99 when
// the summary said 96).
//
// An ENTRY is what a category counts, once however many rows it has (standard_land: a supply with an
// indicator 不达标, its rows of every indicator listed, only the failed ones counted):
//   unsupplied   a batch (row; 要素号 fid)          idle        a supply (要素号 fid; a row per rule met)
//   inefficient  a parcel (要素序号 source_fid)      scattered   a leftover (零星地块编号; a row per host)
//   control_line a parcel judged outside (status `outside`; partly-outside rows are listed, not counted)
// An entry's area is its first row's 亩 (and m²) cell; its 镇街 is its first row's 镇街 cell
// (largest overlap, analysis/township.hpp), "(镇街外)" for land outside every township.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geom/geos.hpp"
#include "report/table.hpp"

namespace tl::analysis { class TownshipLookup; }

namespace tl::report {

// The 镇街 cell of land that overlaps no township (written when a townships layer was read).
inline constexpr const char* kOutsideTownships = "(镇街外)";
inline constexpr const char* kOutsideTownshipsEn = "(outside every township)";

struct AreaCount {
    std::int64_t count = 0;
    std::int64_t area_mu_cents = 0;   // 亩 × 100, exact: the sum of the 2-decimal cells
    std::int64_t area_m2_cents = 0;
    double area_mu() const noexcept { return static_cast<double>(area_mu_cents) / 100.0; }
    double area_m2() const noexcept { return static_cast<double>(area_m2_cents) / 100.0; }
}; // struct AreaCount

struct ShortlistTotals {
    AreaCount all;
    std::map<std::string, AreaCount> by_township;   // "" when the table has no 镇街 column
}; // struct ShortlistTotals

// Totals of `t` (t.name is the category id). A table of an unknown category counts each row.
ShortlistTotals shortlist_totals(const Table& t);

// Writes kOutsideTownships (kOutsideTownshipsEn with Lang::en) into every empty 镇街 cell of `t`:
// call it only when a townships layer was read (else an empty cell means "not known").
void mark_outside_townships(Table& t, Lang lang);

// The 镇街 of every row of `t` with a geometry, by largest overlap (analysis::TownshipLookup),
// into its `township` column; a table without one gets it after its first column (零星地块,
// 控制线). Rows overlapping no township get kOutsideTownships. Nothing when `townships` is empty.
void assign_townships(geom::GeosContext& c, Table& t, const analysis::TownshipLookup& townships, Lang lang);

// summary.json's categories[id] count, area_m2 and area_mu from shortlist_totals() of the
// category's table as written (the CSV one where a category has two); a category that did not
// run is left alone. 零星地块: `count` is the leftovers listed, `pairs` the (leftover, host) rows.
void apply_totals(nlohmann::ordered_json& categories, const std::vector<const Table*>& tables);

// The table of `category` whose totals count: the CSV one (no geometries) where a category has
// two (unsupplied: batches, and pieces for the map), else the first; nullptr when none.
const Table* totals_table(const std::vector<const Table*>& tables, const std::string& category);

} // namespace tl::report
