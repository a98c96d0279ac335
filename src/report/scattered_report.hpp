// scattered.{csv,xlsx,geojson}: one row per (leftover, host) candidate of R12 零星地块
// (analysis/scattered.hpp), in host order then the order the cap is filled; geometry = the
// leftover. Each row says why it is there: rule R12, the measured cumulative area, the cap and
// the clause 临政发〔2022〕22号 (五).
#pragma once
#include "analysis/scattered.hpp"
#include "rules/scattered.hpp"
#include "report/table.hpp"

namespace tl::report {

// Cells in `lang` where they are words (夹心地 / sandwich, 通过 / pass); geometries borrowed from
// `r` (and so from the parcels layer and the unsupplied pieces).
Table scattered_table(const analysis::ScatteredResult& r, const rules::ScatteredVerdicts& v, Lang lang);

} // namespace tl::report
