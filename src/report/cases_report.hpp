// report.html's 闭环管理 section (issue 20): per category the cases new (待核实), confirmed, in
// progress, overdue, disposed and excluded by decision (summary.json "cases.by_category"), the
// case register (opened, closed this run, median days to close) and the 预警 (warnings.csv, the
// soonest first). Nothing when the summary has no "cases" section (an older summary).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/table.hpp"

namespace tl::report {

// `tables`: the run's tables; the one named "warnings" is shown (at most 20 rows).
std::string cases_section_html(const nlohmann::ordered_json& summary, const std::vector<const Table*>& tables, Lang lang);

} // namespace tl::report
