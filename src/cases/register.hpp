// 闭环管理 (issue 20): the case register across runs (cases.csv) and 预警 (warnings.csv).
//
// Case register. Every analyze run writes cases.csv: one row per case (category, key) ever
// listed in this lineage of runs, with first seen, last seen, the current status, the status
// history ("2022-12-31 待核实; 2023-12-31 确认"), days open, and for a closed case (销号) the day and
// the reason. `tenglong analyze --previous DIR` reads DIR/cases.csv (the previous run's output
// folder) and carries it on: a case still listed keeps its first-seen day; a case no longer
// listed is closed on this run's as-of day, the reason being the decision that took it off
// (排除: its reason), a 已处置 decision of the previous run, or «不再符合条件» (the data or the rule
// changed: tenglong diff says which); a closed case listed again is reopened (重新列入). Without
// --previous every listed case is first seen on this as-of day.
//
// 预警. A supply not yet started whose agreed start (约定动工) or whose 闲置 one-year / two-year
// mark (agreed start + idle.not_started_years / idle.recovery_years) falls within the next
// warnings.horizon_days days after the as-of day, a supply whose agreed completion (约定竣工) does,
// and a 确认 / 整改中 decision whose deadline does: one row each, soonest first.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/decisions.hpp"
#include "core/date.hpp"
#include "report/table.hpp"

namespace tl::cases {

struct CaseRecord {
    std::string category;           // category id
    std::string key;
    std::string status;             // 待核实 确认 整改中 已处置 (+ 逾期), or 销号
    std::string first_seen, last_seen;   // ISO days
    std::string history;            // "2022-12-31 待核实; 2023-12-31 确认"
    std::string closed_on, close_reason;
}; // struct CaseRecord


// Pure: the register after this run. `previous` as read from the previous cases.csv (empty
// without --previous). Sorted by category (legend order) then key.
std::vector<CaseRecord> update_register(const std::vector<CaseRecord>& previous, const std::vector<CurrentCase>& current,
                                        const std::vector<ExcludedCase>& excluded, const Date& as_of);

// Days a case has been open (to as_of) or was open (to its closing day).
std::int64_t days_open(const CaseRecord& r, const Date& as_of);

// cases.csv and its reader (zh or en headers). read_register throws IoError/ConfigError naming the file.
report::Table register_table(const std::vector<CaseRecord>& records, const Date& as_of, report::Lang lang = report::Lang::zh);
std::vector<CaseRecord> read_register(const std::filesystem::path& cases_csv);

// summary.json "cases.register": open, closed_this_run, closed_total, median_days_to_close.
nlohmann::ordered_json register_summary(const std::vector<CaseRecord>& records, const Date& as_of);

struct SupplyDates {
    std::string supply_id, parcel_id;
    std::optional<Date> agreed_start, agreed_completion, actual_start;
}; // struct SupplyDates

struct WarningParams {
    Date as_of;
    int horizon_days = 90;          // warnings.horizon_days
    int idle_years = 1;             // idle.not_started_years
    int recovery_years = 2;         // idle.recovery_years
    std::string idle_cite, recovery_cite, horizon_cite;
}; // struct WarningParams

// warnings.csv (pure).
report::Table early_warnings(const std::vector<SupplyDates>& supplies, const DecisionsTable& decisions, const WarningParams& p);

} // namespace tl::cases
