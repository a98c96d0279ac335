// 闭环管理 (issue 20): the planner's verification decisions, carried from run to run.
//
// The decisions table (decisions.csv / decisions.xlsx / 处置决定.csv / 处置决定.xlsx beside the
// data, or `decisions = "…"` in the project file) has one row per decision: category (批而未供,
// 闲置土地, 低效工业用地, 零星地块, 控制线外工业用地 — the names of styles/categories.json, zh or
// en, or the id), case key (batch id, supply id, parcel id, leftover id: the category's key column
// in styles/categories.json), an optional rule (R03; R04 matches R04.far: the category's
// rule_column; 低效's rule column is the parcel's failed rules joined, R04.far;R06.coverage, and
// a rule matches the parcel when it names one of them — the case is the parcel), the decision 确认 / 排除 / 整改中 / 已处置 (confirmed / excluded / in_progress /
// disposed), reason, evidence (文号, photo file), decided by, decided on, deadline. It is read
// through GDAL like the other tables (io::read_layer with io::decisions_table_def: Chinese or
// English headers, title rows and 合计/注 rows skipped).
//
// apply_decisions runs after the rules and before the writers, and changes status only, never a
// measured value:
//   排除     the case's rows leave its shortlist for excluded.csv (with reason and decider); an
//            排除 naming a rule that covers only some of a parcel's failed rules leaves the parcel
//            listed (the other rules still fail), its 核实情况 saying so;
//   确认, 整改中, 已处置  the rows stay, with 处置状态, 整改期限 and 是否逾期 (a deadline before
//            the as-of day while 确认 or 整改中);
//   no decision: 处置状态 待核实 (new, to be verified in the field).
// Several decisions for one case: the latest decided_on wins (then the later row). A decision
// whose case (or case and rule) is on no shortlist of this run is unmatched: listed in
// decisions_unmatched.csv, an issue in issues.csv (layer decisions, kind decision_unmatched) and a
// warning, never dropped.
// A bad row (unknown category or decision word, a date that is no date, a key left empty) stops
// the run (ConfigError, exit 2) naming the file, the row, the column and the fix, for every bad row.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "report/table.hpp"

namespace tl::cases {

enum class Decision { confirmed, excluded, in_progress, disposed };
const char* decision_zh(Decision d) noexcept;   // 确认 排除 整改中 已处置
const char* decision_en(Decision d) noexcept;   // confirmed excluded in_progress disposed
// 确认 / 排除 / 整改中 / 已处置 or the English words (any case); a few spellings planners use
// (确认闲置, 不属于, 整改, 处置完毕 …) are NOT guessed: std::nullopt.
std::optional<Decision> parse_decision(const std::string& word);

// The category id (unsupplied, idle, …) a cell names: the id, the zh or en name of
// styles/categories.json, or the start of the zh name (闲置 → 闲置土地) when only one fits.
std::optional<std::string> parse_category(const std::string& cell);

struct DecisionRow {
    std::int64_t row = 0;           // row number as the planner sees it (issues.csv's fid)
    std::string category;           // category id
    std::string case_key, rule, reason, evidence, decided_by;
    Decision decision = Decision::confirmed;
    std::optional<Date> decided_on, deadline;
}; // struct DecisionRow

struct DecisionsTable {
    std::string file;               // as shown in messages
    std::vector<DecisionRow> rows;
}; // struct DecisionsTable

// One row of the file as read: its number and its cells by field key (category, case_key, rule,
// decision, reason, evidence, decided_by, decided_on, deadline).
struct RawDecision {
    std::int64_t row = 0;
    std::map<std::string, std::string> cells;
}; // struct RawDecision

// Pure: the cells to decisions. Throws ConfigError naming `file`, each bad row, column and fix.
DecisionsTable parse_decisions(const std::string& file, const std::vector<RawDecision>& rows);

// The decisions file of a project: `configured` (the project's decisions = "…", absolute) when
// set, else the first of decisions.csv, decisions.xlsx, 处置决定.csv, 处置决定.xlsx in base_dir.
std::optional<std::filesystem::path> find_decisions_file(const std::filesystem::path& base_dir, const std::string& configured);

// Reads the file through GDAL (skipped title/合计 rows are issues, layer "decisions").
DecisionsTable read_decisions(const std::filesystem::path& file, IssueLog& issues);

// A case on this run's shortlists (after the decisions), or one a decision took off.
struct CurrentCase {
    std::string category, key, status;   // status: 待核实 确认 整改中 已处置 (逾期 appended: 确认 逾期)
}; // struct CurrentCase
struct ExcludedCase {
    std::string category, key, reason, decided_by;
}; // struct ExcludedCase

// A status word as written with `lang` (待核实 → to verify, 确认 → confirmed, 逾期 → overdue, 销号 →
// closed, …; a word it does not know as it is), and back (either language → Chinese).
std::string status_word(const std::string& zh, report::Lang lang);
std::string status_zh(const std::string& word);

// Per category, counted by case (key), not by row.
struct CaseCounts {
    std::int64_t listed = 0;        // cases on the shortlist after the decisions
    std::int64_t pending = 0;       // 待核实: no decision yet (new)
    std::int64_t confirmed = 0, in_progress = 0, overdue = 0, disposed = 0, excluded = 0;
}; // struct CaseCounts

struct Applied {
    report::Table excluded;         // excluded.csv: one row per shortlist row taken off
    report::Table unmatched;        // decisions_unmatched.csv
    std::vector<std::pair<std::string, CaseCounts>> by_category;   // legend order
    std::int64_t unmatched_count = 0;
    std::vector<CurrentCase> current;     // the cases still listed (Chinese status words)
    std::vector<ExcludedCase> excluded_cases;
    nlohmann::ordered_json summary_json() const;
}; // struct Applied

// Applies `d` to the shortlists (tables named like a category with a key: unsupplied, idle,
// inefficient, scattered, control_line; others are left alone). Every such table gets the
// columns case_status 处置状态, case_deadline 整改期限, case_overdue 是否逾期 and case_reason
// 核实情况 (also without a decisions table: all 待核实). Unmatched decisions are added to
// `issues`. Rows keep their order; a table's geometries follow its rows.
// Cell words (status, category names in excluded.csv) in `lang`.
Applied apply_decisions(const std::vector<report::Table*>& lists, const DecisionsTable& d, const Date& as_of, IssueLog& issues,
                        report::Lang lang = report::Lang::zh);

} // namespace tl::cases
