// Rule results are values (style.md §6.5): one Verdict per (parcel, rule). A rule never throws
// because of bad data; it returns `indeterminate` with the reason, and indeterminate is never
// counted as a pass.
#pragma once
#include <optional>
#include <string>

namespace tl::rules {

enum class Outcome {
    pass,            // measured and within the threshold
    fail,            // measured and beyond the threshold: a shortlist row
    not_applicable,  // the rule does not concern this parcel (e.g. not industrial land)
    indeterminate    // the data needed is missing (reason says which): reported, never a pass
};
const char* to_string(Outcome o) noexcept;      // "pass", "fail", "not_applicable", "indeterminate"
const char* to_string_zh(Outcome o) noexcept;   // "达标", "不达标", "不适用", "无法判定"

struct Verdict {
    std::string rule_id;                 // "R04.far", "R06.coverage", "R10.tax_low", ...
    Outcome outcome = Outcome::indeterminate;
    std::optional<double> measured;      // in the rule's unit (FAR, share, 万元/亩, 亩)
    std::optional<double> threshold;
    std::string comparison;              // how a FAIL compares: "<", "≤", ">", "≥"
    // Reasons: rules::evaluate() keeps them for fail and indeterminate only (the outcomes a list
    // shows); for pass and not_applicable they are empty.
    std::string clause;                  // policy clause, e.g. "临政发〔2022〕22号 附件 二"
    std::string reason_zh;
    std::string reason_en;
    // For indeterminate only: what was missing, a stable code (rules::missing_info gives the
    // words and the fix), so that a run can say "R04.far: 141 parcels not judged, no industry
    // code and no contract FAR — map industry_code or contract_far_min".
    std::string missing;
}; // struct Verdict

// What a missing-data code means and how to supply it.
struct MissingInfo {
    const char* code;
    const char* what_zh;
    const char* what_en;
    const char* fix_zh;
    const char* fix_en;
}; // struct MissingInfo
const MissingInfo& missing_info(const std::string& code) noexcept;

} // namespace tl::rules
