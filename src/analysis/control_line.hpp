// Industrial land against the 工业用地控制线, and the 占补 (take / replenish) ledger: the MEASURES of
// R16 (domain.md §6). The rule that judges them is rules::judge_control_line (src/rules/
// control_line.hpp), from the profile's [control_line] keys: this file decides nothing.
//
// SHARE INSIDE
// For every industrial parcel (land_use starting with one of the profile's
// land_use.industrial_prefixes, domain.md §9.3):
//   inside_m2    = area(parcel ∩ ∪ control_lines)     (GEOS OverlayNG, planar m², working CRS)
//   inside_share = inside_m2 / area(parcel)
// Without a control_lines layer nothing is measured.
//
// THE LEDGER
// A conversions table (CSV or XLSX, UTF-8; one row per conversion of industrial land to another
// use), columns by header, English or Chinese:
//   id                        编号            optional; row number when absent
//   parcel_id                 宗地代码        the converted parcel (parcels.id)
//   converted_area_m2         转用面积        m² of industrial land converted
//   converted_on              转用日期        date the conversion was approved (any date form of core/date.hpp)
//   compensation_area_m2      补充面积        m² of new industrial land designated in compensation
//   compensation_approved_on  补充批准日期    date the compensation was approved
//   compensation_parcel_id    补充宗地代码    optional: the compensating parcel, to check it lies inside the line
//   change_type               变更类型        optional: 改变用地性质 / 改变用途 (which ratio applies)
// Per row:
//   converted_inside_m2 = converted_area_m2 × inside_share of the converted parcel (the converted
//     part is assumed spread like the parcel; a parcel not found counts fully, issue
//     "conversion_parcel_unknown"). Only land inside the line needs compensating.
//   compensation_inside_m2 = compensation_area_m2, limited to the compensating parcel's area inside
//     the line when compensation_parcel_id is given and found.
// Totals: Σ converted_inside_m2, Σ compensation_inside_m2.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct ControlLineParams {
    std::vector<std::string> industrial_prefixes;   // profile land_use.industrial_prefixes: the parcels measured
    unsigned threads = 0;               // workers for the parcel ∩ zone overlays; DEFAULT 0 = all cores (results do not depend on it)
}; // struct ControlLineParams

struct ParcelLine {
    std::size_t parcel = 0;             // index in the parcels layer
    std::string id;
    double area_m2 = 0;
    double inside_m2 = 0;
    double inside_share = 0;
    double outside_m2() const noexcept { return area_m2 > inside_m2 ? area_m2 - inside_m2 : 0.0; }
}; // struct ParcelLine

struct Conversion {
    std::string id;
    std::string parcel_id;
    std::optional<double> converted_area_m2;
    std::optional<Date> converted_on;
    std::optional<double> compensation_area_m2;
    std::optional<Date> compensation_approved_on;
    std::string compensation_parcel_id;
    std::string change_type;            // 变更类型 as written: 改变用地性质 / 改变用途 / …
}; // struct Conversion

struct LedgerRow {
    Conversion conversion;
    std::optional<std::size_t> parcel;  // the converted parcel, when found
    double inside_share = 1.0;          // of the converted parcel (1 when unknown)
    double converted_inside_m2 = 0;
    double compensation_inside_m2 = 0;
}; // struct LedgerRow

struct ControlLineResult {
    bool has_lines = false;
    std::vector<ParcelLine> parcels;    // every industrial parcel, by parcel index
    std::vector<LedgerRow> ledger;      // by converted_on (missing last), then id
    double total_converted_inside_m2 = 0;
    double total_compensation_inside_m2 = 0;
}; // struct ControlLineResult

// Reads the conversions table (see above). Throws IoError when it cannot be opened, ConfigError
// when a required column (parcel_id, converted_area_m2, compensation_area_m2) is missing; bad
// values are issues (layer "conversions") and become missing.
std::vector<Conversion> read_conversions(const std::filesystem::path& file, IssueLog& issues);

// `control_lines` may be null (has_lines = false, every parcel status inside with share 0 is
// NOT reported: parcels is empty). Conversions may be empty.
ControlLineResult measure_control_line(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* control_lines,
                                       const std::vector<Conversion>& conversions, const ControlLineParams& params,
                                       IssueLog& issues);

} // namespace tl::analysis
