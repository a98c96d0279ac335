// 批而未供 (R01) as shortlist tables and summary totals.
//
//   unsupplied_batches_table  -> unsupplied.csv / unsupplied.xlsx : one row per batch with
//                                unsupplied land left after dropping slivers (DEFAULT; or every
//                                batch analysed with include_fully_supplied), in the result's
//                                order (batch id, fid). Geometry: none (the pieces carry it).
//   unsupplied_pieces_table   -> unsupplied.geojson : one feature per unsupplied piece, with
//                                its batch's attributes (geometry borrowed from the result: keep
//                                the UnsuppliedResult alive until the table is written).
//   unsupplied_summary_json   -> summary.json categories["unsupplied"].
//
// Both tables are named "unsupplied". Headers are Chinese/English through report::Lang at write
// time; the text cells (age bucket, value, threshold, clause) are written in `lang` here.
// `area_m2`/`area_mu` are the UNSUPPLIED area (the shortlisted quantity), as in every shortlist.
#pragma once
#include <nlohmann/json.hpp>

#include "analysis/unsupplied.hpp"
#include "rules/unsupplied.hpp"
#include "geom/layer.hpp"
#include "report/table.hpp"

namespace tl::report {

struct UnsuppliedTableOptions {
    // Also list batches whose unsupplied area is 0 (supply rate 1). DEFAULT: false.
    bool include_fully_supplied = false;
}; // struct UnsuppliedTableOptions

// The batches listed are those whose R01 verdict fails (`v`, rules::judge_unsupplied); the clause
// is the verdicts' (the profile's unsupplied.clause / clause_en).
Table unsupplied_batches_table(const analysis::UnsuppliedResult& r, const rules::UnsuppliedVerdicts& v,
                               const analysis::UnsuppliedParams& params, Lang lang, const UnsuppliedTableOptions& options = {});
Table unsupplied_pieces_table(const analysis::UnsuppliedResult& r, const rules::UnsuppliedVerdicts& v,
                              const analysis::UnsuppliedParams& params, Lang lang);

// Totals for summary.json: count/area_m2/area_mu of the unsupplied land (count = batches with
// unsupplied land), pieces, per age bucket and per township, slivers (count, area), the
// approved and supplied totals and the overall supply rate, and which layer stood for supply.
nlohmann::ordered_json unsupplied_summary_json(const analysis::UnsuppliedResult& r);

} // namespace tl::report
