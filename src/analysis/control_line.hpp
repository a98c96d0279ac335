// Industrial land against the 工业用地控制线, and the 占补 (take / replenish) ledger — R16
// (domain.md §6).
//
// SHARE INSIDE
// For every industrial parcel (land_use starting with 0601 / 1001 / M, domain.md §9.3):
//   inside_m2    = area(parcel ∩ ∪ control_lines)     (GEOS OverlayNG, planar m², working CRS)
//   inside_share = inside_m2 / area(parcel)
//   status       inside          outside part < min_outside_m2 (DEFAULT 1 m²: digitising noise)
//                partly_outside  some part outside, but inside_share ≥ inside_share_min
//                outside         inside_share < inside_share_min (DEFAULT 0.5, strict "<" [I]:
//                                a parcel mostly outside the line)
// `outside` parcels are the 置换 candidates of 象政发〔2022〕10号 四(二) ("控制线外工业用地置换为
// 控制线内新增工业用地"); `partly_outside` ones are listed for the planner to look at (a line
// drawn along the parcel boundary a few metres off is common) but are not candidates. Without a
// control_lines layer nothing is measured.
//
// THE LEDGER (改一补一 / 先补后发)
// A conversions table (CSV or XLSX, UTF-8; one row per conversion of industrial land to another
// use), columns by header, English or Chinese:
//   id                        编号            optional; row number when absent
//   parcel_id                 宗地代码        the converted parcel (parcels.id)
//   converted_area_m2         转用面积        m² of industrial land converted
//   converted_on              转用日期        date the conversion was approved (any date form of core/date.hpp)
//   compensation_area_m2      补充面积        m² of new industrial land designated in compensation
//   compensation_approved_on  补充批准日期    date the compensation was approved
//   compensation_parcel_id    补充宗地代码    optional: the compensating parcel, to check it lies inside the line
// Per row:
//   converted_inside_m2 = converted_area_m2 × inside_share of the converted parcel (the converted
//     part is assumed spread like the parcel; a parcel not found counts fully, issue
//     "conversion_parcel_unknown"). Only land inside the line needs compensating
//     (浙政发〔2021〕31号 [S]: "控制线内…确需改变用途的，应'改一补一'").
//   compensation_inside_m2 = compensation_area_m2, limited to the compensating parcel's area inside
//     the line when compensation_parcel_id is given and found.
//   required_m2 = ratio × converted_inside_m2; ratio DEFAULT 1.0 (改一补一, 浙政发〔2021〕31号 [S]),
//     1.2 under 临平政办〔2022〕92号 四(二) ("按照1:1.2比率执行占补平衡").
//   balance: compensation_inside_m2 ≥ required_m2 ("不低于", inclusive).
//   compensate_first (先补后发, 临平政办〔2022〕92号 四(二)): compensation_approved_on ≤
//     converted_on ("no later than": the same day passes). Missing or unreadable dates make the
//     test indeterminate (issue "bad_date"); a conversion wholly outside the line needs no
//     compensation and passes both tests.
// Totals: Σ compensation_inside_m2 ≥ ratio × Σ converted_inside_m2 over the whole ledger.
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

enum class LineStatus { inside, partly_outside, outside };
const char* to_string(LineStatus s) noexcept;

struct ControlLineParams {
    double inside_share_min = 0.5;      // DEFAULT 0.5 [I]: below → outside (置换 candidate)
    double min_outside_m2 = 1.0;        // DEFAULT 1 m²: smaller outside parts are noise
    double ratio = 1.0;                 // DEFAULT 1.0 改一补一; Linping 1.2 (a change of use)
    // A conversion whose change_type contains one of nature_change_words is a change of land
    // nature (改变用地性质), balanced at ratio_nature_change (Linping 四(二): 改一补一, 1:1); the
    // others at `ratio`. Both and the words are the profile's.
    std::optional<double> ratio_nature_change;
    std::vector<std::string> nature_change_words;
    bool compensate_first = true;       // DEFAULT true: test 先补后发
    std::vector<std::string> industrial_prefixes;   // profile land_use.industrial_prefixes
    // The clauses the list and the ledger cite: the profile's (control_line.swap_clause, the cite of
    // control_line.ratio, control_line.compensate_first_clause).
    std::string clause_swap, clause_ratio, clause_first;
    unsigned threads = 0;               // workers for the parcel ∩ zone overlays; DEFAULT 0 = all cores (results do not depend on it)
}; // struct ControlLineParams

struct ParcelLine {
    std::size_t parcel = 0;             // index in the parcels layer
    std::string id;
    double area_m2 = 0;
    double inside_m2 = 0;
    double inside_share = 0;
    LineStatus status = LineStatus::inside;
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

enum class Check { pass, fail, indeterminate };
const char* to_string(Check c) noexcept;

struct LedgerRow {
    Conversion conversion;
    std::optional<std::size_t> parcel;  // the converted parcel, when found
    double inside_share = 1.0;          // of the converted parcel (1 when unknown)
    double converted_inside_m2 = 0;
    double compensation_inside_m2 = 0;
    double ratio = 1.0;                 // the ratio this row is balanced at
    double required_m2 = 0;
    Check balance = Check::indeterminate;
    Check compensate_first = Check::indeterminate;
}; // struct LedgerRow

struct ControlLineResult {
    bool has_lines = false;
    std::vector<ParcelLine> parcels;    // every industrial parcel, by parcel index
    std::vector<LedgerRow> ledger;      // by converted_on (missing last), then id
    double total_converted_inside_m2 = 0;
    double total_compensation_inside_m2 = 0;
    double total_required_m2 = 0;
    Check total_balance = Check::indeterminate;   // indeterminate when the ledger is empty
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
