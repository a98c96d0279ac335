// 闭环管理 (issue 20): the one call analyze makes after the rules and before the writers.
// Reads the decisions table (cases/decisions.hpp) and applies it to the shortlists, carries the
// case register from --previous DIR on (cases/register.hpp) and lists the 预警 (warnings.csv).
// Decisions change status only: no measured value of any shortlist row is touched.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/layer.hpp"
#include "io/project.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/profile.hpp"

namespace tl::cases {

struct ClosureInput {
    const io::Project* project = nullptr;
    const rules::Profile* profile = nullptr;
    Date as_of;
    std::string previous_dir;           // --previous: the previous run's output folder ("" = none)
    const geom::Layer* supplies = nullptr;
    report::Lang lang = report::Lang::zh;   // words in the cells (headers follow the writers' --lang)
}; // struct ClosureInput

struct Closure {
    std::vector<report::Table> tables;  // excluded, decisions_unmatched (when any decision), cases, warnings
    nlohmann::ordered_json summary;     // summary.json "cases"
    std::vector<report::RunWarning> warnings;   // unmatched decisions, overdue cases
}; // struct Closure

Closure close_loop(const ClosureInput& in, const std::vector<report::Table*>& shortlists, IssueLog& issues);

} // namespace tl::cases
