// R16 工业用地控制线: judging the measures of analysis::measure_control_line under the profile.
//
// PARCELS (control_line.swap_clause; the threshold control_line.inside_share_min, its fail_if)
//   outside         inside_share < inside_share_min: a parcel mostly outside the line, the 置换
//                   candidate ("控制线外工业用地置换为控制线内新增工业用地"): Verdict R16 fail.
//   partly_outside  some part outside (≥ kMinOutside_m2), but inside_share ≥ inside_share_min:
//                   listed for the planner to look at (a line drawn a few metres off the parcel
//                   boundary is common), Verdict R16 pass.
//   inside          the rest (pass; not listed).
// THE LEDGER (改一补一 / 先补后发)
//   ratio = control_line.ratio (改一补一 1:1; 临平 1:1.2 for a change of use), or
//     control_line.ratio_nature_change when change_type contains one of
//     control_line.nature_change_words (临平 四(二): a change of land nature, 1:1).
//   required_m2 = ratio × converted_inside_m2.
//   R16.balance: compensation_inside_m2 ≥ required_m2 ("不低于", inclusive); indeterminate when
//     the converted or the compensation area is missing.
//   R16.compensate_first (先补后发, when control_line.compensate_first): compensation_approved_on ≤
//     converted_on (the same day passes); indeterminate when a date is missing or unreadable; a
//     conversion wholly outside the line needs no compensation and passes.
//   The total: Σ compensation_inside_m2 ≥ Σ required_m2 over the whole ledger (R16.balance).
#pragma once
#include <string>
#include <vector>

#include "analysis/control_line.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

enum class LineStatus { inside, partly_outside, outside };
const char* to_string(LineStatus s) noexcept;   // "inside", "partly_outside", "outside"

struct ParcelLineVerdict {
    const analysis::ParcelLine* line = nullptr;   // borrowed from the measures
    LineStatus status = LineStatus::inside;
    Verdict verdict;                              // R16: fail = outside
}; // struct ParcelLineVerdict

struct LedgerVerdict {
    const analysis::LedgerRow* row = nullptr;     // borrowed from the measures
    double ratio = 1.0;                           // the ratio this row is balanced at
    double required_m2 = 0;
    Verdict balance;                              // R16.balance
    Verdict compensate_first;                     // R16.compensate_first
}; // struct LedgerVerdict

struct ControlLineVerdicts {
    bool has_lines = false;
    std::vector<ParcelLineVerdict> parcels;       // every measured parcel, in the measures' order
    std::vector<LedgerVerdict> ledger;            // in ledger order
    double total_required_m2 = 0;
    Verdict total_balance;                        // indeterminate when the ledger is empty
    // The clauses cited: the swap (parcels) and the ledger's (ratio; 先补后发).
    std::string clause_swap, clause_ledger;
}; // struct ControlLineVerdicts

// `m` must outlive the result (its rows are borrowed).
ControlLineVerdicts judge_control_line(const Profile& profile, const analysis::ControlLineResult& m);

} // namespace tl::rules
