// control_line.{csv,xlsx,geojson}: industrial parcels with land outside the 工业用地控制线
// (status outside = 置换 candidate, 象政发〔2022〕10号 四(二); partly_outside listed for review),
// and control_line_ledger.{csv,xlsx}: the 占补 ledger (改一补一 / 1:1.2, 先补后发) with a
// closing total row. Semantics in analysis/control_line.hpp.
#pragma once
#include "analysis/control_line.hpp"
#include "rules/control_line.hpp"
#include "geom/layer.hpp"
#include "report/table.hpp"

namespace tl::report {

// Rows: outside first, then partly_outside; each by parcel id, then FID. Geometry: the parcel
// (borrowed from `parcels`).
Table control_line_table(const rules::ControlLineVerdicts& r, const geom::Layer& parcels, Lang lang);

// Rows in ledger order, then one total row (id "合计" / "total"). No geometry.
Table control_line_ledger_table(const analysis::ControlLineResult& m, const rules::ControlLineVerdicts& r, Lang lang);

} // namespace tl::report
