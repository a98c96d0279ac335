// What every rule judged, and what it could not judge and why: one row per rule and category,
// every run (summary.json "rules", the block at the end of analyze on stderr, the top of
// report.html). A rule that could not run at all says so with the fix; a rule that ran says how
// many features it judged, passed, failed, and left indeterminate, by missing field or layer.
// Warnings that catch a wrong run (the as-of year missing from the 亩均 table, supplies after the
// as-of day, a category empty although its inputs are there, the profile chosen by default) sit
// beside them.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/control_line.hpp"
#include "rules/control_line.hpp"
#include "rules/idle.hpp"
#include "rules/scattered.hpp"
#include "analysis/scattered.hpp"
#include "analysis/unsupplied.hpp"
#include "report/table.hpp"
#include "rules/evaluate.hpp"

namespace tl::report {

struct NotJudged {
    std::string code;                 // rules::Verdict::missing, or a category's own code
    std::int64_t count = 0;
    std::string what_zh, what_en, fix_zh, fix_en;
}; // struct NotJudged

struct RuleCoverage {
    std::string rule;                 // "R04.far", "R01", "R02/R03", ...
    std::string category;             // unsupplied | idle | inefficient | scattered | control_line
    std::string name_zh, name_en;
    bool ran = true;
    std::string not_run_zh, not_run_en, fix_zh, fix_en;   // when !ran
    std::int64_t judged = 0;          // features decided (pass + fail)
    std::int64_t pass = 0, fail = 0, not_applicable = 0, indeterminate = 0;
    std::vector<NotJudged> not_judged;   // indeterminate, by cause (largest first)
}; // struct RuleCoverage

struct RunWarning {
    std::string code;                 // "enterprise_year_absent", "supplies_after_as_of", ...
    std::string zh, en;
}; // struct RunWarning

struct Coverage {
    std::vector<RuleCoverage> rules;
    std::vector<RunWarning> warnings;
    nlohmann::ordered_json to_json() const;
    // The short block on stderr at the end of analyze: rules that could not run or left features
    // indeterminate, then the warnings. Nothing when everything was judged.
    void print(std::ostream& os, Lang lang) const;
}; // struct Coverage

// One builder per analysis (the categories' own counts, in the terms above).
RuleCoverage unsupplied_coverage(const analysis::UnsuppliedResult& r);
std::vector<RuleCoverage> idle_coverage(const rules::IdleResult& r, bool have_enterprises);
std::vector<RuleCoverage> parcel_rule_coverage(const rules::Evaluation& ev, const rules::Profile& profile);
RuleCoverage scattered_coverage(const rules::ScatteredVerdicts& r);
RuleCoverage control_line_coverage(const rules::ControlLineVerdicts& r);

} // namespace tl::report
