// 供而未用 / 闲置土地 candidates per 《闲置土地处置办法》(国土资源部令第53号) — rules R02p R02 R02b
// R02g R03 R03g (domain.md §3, §10) — and 建而未投 / 投而未达标 (R21, R22) where the enterprise
// table gives evidence, judged from analysis::IdleMeasures and the profile's [idle] keys. Every
// row is a CANDIDATE for investigation: 闲置 is established only by the bureau's formal 认定
// (闲置土地认定书), never by this tool. Rule names, disposals and clauses are the profile's
// (idle.name.<id>, idle.name_en.<id>, idle.disposal.<id>, idle.disposal_en.<id>, idle.clause.<id>,
// idle.clause_en.<id>); the numbers are the profile's cited keys:
//
// Evidence of a start (动工开发, 第三十条 defines it by foundation works; we see only proxies):
//   started_on given and <= as_of,   or   footprint coverage >= idle.start_footprint_share
//   ("以上" includes the number).
// Not started (dates counted per domain.md §0 with core/date.hpp; a period of N years after the
// agreed start day has run out (届满) at the end of the corresponding day N years later; 29 Feb → 28 Feb):
//   R02b  idle.recovery_years elapsed      无偿收回 candidate   第十四条(二)
//   R02   idle.not_started_years elapsed   闲置, 土地闲置费 candidate (estimate = idle.fee_rate × land
//         price where the price is known)  第二条第一款, 第十四条(一)
//   R02p  as_of after agreed_start_on, the period not yet run out: 供而未用 (逾期未动工): not 闲置
//         yet; listed so the bureau can act before it becomes 闲置.
// Started, but stalled (第二条第二款):
//   R03   stalled_since given, idle.stalled_years elapsed, and (developed share <
//         idle.developed_share_min or invested / planned < idle.invested_share_min) ("不足"
//         excludes the number: strictly below). Developed share is a PROXY: footprint coverage
//         divided by far.coverage_min (the 建筑系数 floor of the 2008 工业项目建设用地控制指标: a fully
//         developed site covers at least that), capped at 1.
// Government-caused delay (第八条): government_delay = yes turns R02/R02b into R02g and R03 into
//   R03g: "政府原因，协商处置", never a fee or recovery candidate (no fee estimate).
// With the enterprise table (亩均数据), on INDUSTRIAL land only (land_use.industrial_prefixes; the
// 亩均 evaluation's scope; land use unknown: not judged):
//   R21 建而未投  started, coverage >= idle.start_footprint_share, the agreed completion date (if
//                given) has passed, and no production (revenue, tax or value added > 0). When the
//                evaluation year links fewer parcels than idle.enterprise_year_min_share of the
//                year before, the table is taken as partial: a parcel absent from it is not
//                judged (counted, r21_not_judged), only explicit zero production is R21.
//   R22 投而未达标 producing, and 0 < invested < planned_investment (a 0 on a producing site is
//                "not recorded", not nothing invested).
//
// NOT JUDGED (counted in not_evaluable_by_cause, with an issue): a not-started supply without an
// agreed start ("agreed_start_on", issue missing_date); a stalled supply whose developed and
// invested shares are both unknown ("invested", issue idle_indeterminate); an overlay failure
// ("overlay").
//
// ORDER: candidates sorted by (supply id, fid, rule order R02p R02 R02b R02g R03 R03g R21 R22).
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/idle.hpp"
#include "core/issue_log.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

// The idle rules, in output order.
const std::vector<std::string>& idle_rule_ids();

// A rule's words, from the profile.
struct IdleRuleText {
    std::string id, name_zh, name_en, disposal_zh, disposal_en, clause_zh, clause_en;
    bool idle_legal = false;     // R02 R02b R03: the categories of 第二条 (闲置土地 once 认定)
    bool fee = false;            // R02 R02b: a fee estimate is summed
}; // struct IdleRuleText

struct IdleCandidate : analysis::SupplyMeasure {
    Verdict verdict;                        // rule_id "R02b", outcome fail (a listed candidate)
    std::optional<double> developed_share; // proxy (R03)
    std::optional<bool> industrial;         // from land_use; nullopt when unknown
    std::optional<Date> deadline;           // the day the rule's period ran out (届满日)
    std::optional<std::int64_t> days_overdue;  // as_of − agreed start (R02*), − stalled_since (R03*)
    std::optional<double> fee_estimate_10k_cny;    // idle.fee_rate × land price (R02, R02b)
    std::string measured_zh, measured_en;   // the measured value, as a sentence
    std::string threshold_zh, threshold_en; // the threshold it was compared with
    const std::string& rule() const noexcept { return verdict.rule_id; }
}; // struct IdleCandidate

struct IdleResult {
    bool ran = false;
    std::string skipped_reason;
    Date as_of;
    bool used_buildings = false;            // footprints available as start evidence
    bool enterprise_checks = false;         // R21/R22 evaluated (enterprise table given, covering the as-of year)
    std::optional<int> enterprise_year;
    std::string enterprise_skipped_reason;  // why R21/R22 were not judged although the table was given (zh)
    std::string enterprise_skipped_reason_en;
    bool enterprise_table_partial = false;
    std::string enterprise_partial_zh, enterprise_partial_en;
    std::size_t r21_not_judged = 0;
    std::size_t supplies_evaluated = 0;
    std::size_t supplies_not_evaluable = 0; // missing agreed start / indeterminate / overlay
    std::map<std::string, std::size_t> not_evaluable_by_cause;   // agreed_start_on | invested | overlay
    std::vector<IdleRuleText> rules;        // every idle rule's words, in rule order
    std::vector<IdleCandidate> candidates;
    const IdleRuleText& rule(const std::string& id) const;
}; // struct IdleResult

IdleResult judge_idle(const Profile& profile, const analysis::IdleMeasures& measures, const geom::Layer* supplies,
                      IssueLog& issues);

} // namespace tl::rules
