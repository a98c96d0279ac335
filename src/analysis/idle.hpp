// 供而未用 / 闲置土地 candidates per 《闲置土地处置办法》(国土资源部令第53号) — rules R02, R03
// (domain.md §3, §10) — and 建而未投 / 投而未达标 where the enterprise table gives evidence.
// Every row is a CANDIDATE for investigation: 闲置 is established only by the bureau's formal
// 认定 (闲置土地认定书), never by this tool.
//
// ONE SUPPLY RECORD AT A TIME (layer "supplies", supplied on or before as_of)
//
// Evidence of a start (动工开发, 第三十条 defines it by foundation works; we see only proxies):
//   started_on given and <= as_of,                                   or
//   building footprints cover >= start_footprint_share of the supplied land
//   (area(∪ buildings ∩ supply) / area(supply); DEFAULT 5 %, "以上" includes the number).
//
// Not started (dates counted per domain.md §0 with core/date.hpp; a period of N years after
// the agreed start day has run out (届满) at the end of the corresponding day N years later;
// 29 Feb → 28 Feb):
//   R02b  period_elapsed_years(agreed_start_on, 2, as_of)   无偿收回 candidate   第十四条(二)
//   R02   period_elapsed_years(agreed_start_on, 1, as_of)   闲置, 土地闲置费 candidate
//         (estimate = 20 % × land_price where the price is known)  第二条第一款, 第十四条(一)
//   R02p  as_of after agreed_start_on, one year not yet run  供而未用 (逾期未动工, 未满一年):
//         not 闲置 yet; listed so the bureau can act before it becomes 闲置.
// Started, but stalled (第二条第二款):
//   R03   stalled_since given and period_elapsed_years(stalled_since, 1, as_of), and
//         (developed share < 1/3  or  invested / planned_investment < 25 %)  ("不足" excludes
//         the number: strictly below). Developed share is a PROXY: footprint coverage divided
//         by full_development_coverage (DEFAULT 0.30, the 建筑系数 floor of the 2008 工业项目建设
//         用地控制指标: a fully developed site covers at least 30 %), capped at 1. `invested` is
//         taken to exclude the land price and taxes (第三十条).
// Government-caused delay (第八条): government_delay = yes turns R02/R02b into R02g and R03 into
//   R03g: listed as "政府原因，协商处置", never a fee or recovery candidate (no fee estimate).
//
// With the enterprise table (亩均数据) — tool rules, no statutory threshold (象政发〔2022〕10号
// 三(一)3 names the categories only):
//   R21 建而未投  started, buildings present (coverage >= start_footprint_share), the agreed
//                completion date (if given) has passed, and no enterprise linked to the
//                supply reports production (revenue, tax or value added > 0 in a year <= as_of's).
//   R22 投而未达标 an enterprise linked to the supply reports production, and invested <
//                planned_investment (the investment agreed in the supply contract). FAR against
//                the contract minimum is R04/R18 of the intensity analysis, not repeated here.
// R21/R22 apply to INDUSTRIAL land only (the scope of the 亩均 evaluation): the supply's parcel
// (parcels.id = supplies.parcel_id, else the parcel it overlaps most) has a land_use code with
// one of industrial_prefixes; shops, homes and schools have no production data to miss, and a
// supply whose land use is unknown is not judged. R22 needs invested > 0: on a producing site a
// 0 is taken as "not recorded" (old contracts), not as nothing invested.
// Enterprises link to a supply through supplies.parcel_id = enterprises.parcel_id; a supply
// without parcel_id takes the id of the parcel it overlaps most (when parcels are given).
//
// MISSING DATA
// A not-started supply without agreed_start_on cannot be judged: issue "missing_date" (kept),
// no row. Unparseable dates and numbers: issues "bad_date"/"bad_value" (geom::Layer, once per
// value). A stalled supply whose developed share and investment share are both unknown: issue
// "idle_indeterminate". A supply supplied after as_of is skipped with issue "after_as_of".
// Without a buildings layer, start evidence is the date only and the developed share is
// unknown. Without a supplies layer, nothing runs (ran = false, issue "idle_skipped").
//
// ORDER: candidates sorted by (supply id, fid, rule order R02p R02 R02b R02g R03 R03g R21 R22).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/township.hpp"
#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

enum class IdleRule { R02p, R02, R02b, R02g, R03, R03g, R21, R22 };

struct IdleRuleInfo {
    const char* id;            // "R02b"
    const char* name_zh;       // "无偿收回候选（未动工满两年）"
    const char* name_en;
    const char* disposal_zh;   // what the bureau would do: 无偿收回 / 征缴土地闲置费 / 协商处置 ...
    const char* disposal_en;
}; // struct IdleRuleInfo
const IdleRuleInfo& rule_info(IdleRule r) noexcept;

struct IdleParams {
    // The date the analysis speaks for. Required.
    Date as_of;
    // Footprint coverage of the supplied land from which a start is presumed (and buildings are
    // "present" for R21). DEFAULT: 0.05 (5 %).
    double start_footprint_share = 0.05;
    // Years after the agreed start for 闲置 (第二条). DEFAULT: 1.
    int idle_years = 1;
    // Years after the agreed start for 无偿收回 (第十四条(二)). DEFAULT: 2.
    int recovery_years = 2;
    // Idle-land fee as a share of the land price (第十四条(一)). DEFAULT: 0.20.
    double idle_fee_rate = 0.20;
    // R03: developed share below this (不足三分之一). DEFAULT: 1/3.
    double developed_share_min = 1.0 / 3.0;
    // R03: invested / planned below this (不足百分之二十五). DEFAULT: 0.25.
    double invested_share_min = 0.25;
    // R03: years since construction stopped (中止开发建设满一年). DEFAULT: 1.
    int stalled_years = 1;
    // Footprint coverage taken as full development (the developed-share proxy). DEFAULT: 0.30.
    double full_development_coverage = 0.30;
    // List R02p (供而未用, overdue start under one year). DEFAULT: true.
    bool list_overdue_start = true;
    // Land-use code prefixes of industrial land (R21/R22 scope): GB/T 21010 0601, 用地用海 1001xx,
    // GB 50137 M/M1–M3 (domain.md §9.3). DEFAULT: {"0601", "1001", "M"}.
    std::vector<std::string> industrial_prefixes{"0601", "1001", "M"};
    // R21 rests on a parcel's absence from the enterprise table: when the evaluation year holds
    // fewer parcels than this share of the year before, the table is taken as incomplete and a
    // parcel with no row at all is not judged (only explicit zero production is R21). DEFAULT 0.5.
    double enterprise_year_min_share = 0.5;
    unsigned threads = 0;   // workers for the coverage overlays; DEFAULT 0 = all cores (results do not depend on it)
}; // struct IdleParams

struct IdleCandidate {
    IdleRule rule = IdleRule::R02;
    std::size_t supply = 0;                 // position in the supplies layer (geometry is there)
    std::int64_t fid = -1;
    std::string supply_id;                  // 供地编号
    std::string parcel_id;                  // 宗地代码 (given, or of the parcel overlapping most)
    std::string kind;                       // 供应方式 (出让/划拨)
    std::string township;
    std::string land_use;                   // land_use code of the supply's parcel ("" unknown)
    std::optional<bool> industrial;         // from land_use; nullopt when unknown
    std::optional<Date> supplied_on, agreed_start_on, agreed_completion_on, started_on, stalled_since;
    std::optional<Date> deadline;           // the day the rule's period ran out (届满日)
    std::optional<std::int64_t> days_overdue;  // as_of − agreed start (R02*), − stalled_since (R03*)
    double area_m2 = 0;                     // area of the supply polygon
    std::optional<double> footprint_share;  // building coverage of the supplied land (0..1)
    std::optional<double> developed_share; // proxy (R03)
    std::optional<double> invested_share;   // invested / planned_investment
    std::optional<double> land_price_10k_cny;      // 出让价款 (万元)
    std::optional<double> fee_estimate_10k_cny;    // idle_fee_rate × land price (R02, R02b)
    bool government_delay = false;
    std::string measured_zh, measured_en;   // the measured value, as a sentence
    std::string threshold_zh, threshold_en; // the threshold it was compared with
}; // struct IdleCandidate

struct IdleResult {
    bool ran = false;
    std::string skipped_reason;
    Date as_of;
    bool used_buildings = false;            // footprints available as start evidence
    bool enterprise_checks = false;         // R21/R22 evaluated (enterprise table given, covering the as-of year)
    std::optional<int> enterprise_year;     // latest year of the enterprise table not after as_of's
    std::string enterprise_skipped_reason;  // why R21/R22 were not judged although the table was given (zh)
    std::string enterprise_skipped_reason_en;
    // The evaluation year covers fewer parcels than enterprise_year_min_share of the year before:
    // parcels absent from the table are not judged for R21 (counted, cause "enterprise_row").
    bool enterprise_table_partial = false;
    std::string enterprise_partial_zh, enterprise_partial_en;
    std::size_t r21_not_judged = 0;
    std::size_t supplies_evaluated = 0;
    std::size_t supplies_not_evaluable = 0; // missing agreed start / indeterminate
    std::map<std::string, std::size_t> not_evaluable_by_cause;   // agreed_start_on | invested | overlay
    std::vector<IdleCandidate> candidates;
}; // struct IdleResult

// Runs R02/R03 (and R21/R22 when `enterprises` is given). `supplies` may be null (then not run);
// the other layers may be null. Layers are borrowed for the duration of the call.
IdleResult find_idle(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* buildings,
                     const geom::Layer* parcels, const geom::Layer* enterprises, const TownshipLookup& townships,
                     const IdleParams& params, IssueLog& issues);

} // namespace tl::analysis
