// 亩均论英雄: per-unit 亩均 metrics, evaluation scope, score and A/B/C/D class (domain.md §4.2, R09, R11).
//
// Evaluation unit. Enterprise rows are joined to parcels by parcels.id = enterprises.parcel_id,
// and by parcels.enterprise_id = enterprises.id (统一社会信用代码). Parcels and enterprises linked
// in any way form one unit (connected components): several enterprises on one parcel are merged
// and share one result (遂昌 practice, MJ-SC, domain.md §4.2), and an enterprise on several parcels
// is evaluated on their total land. A unit's land is Σ area basis of its parcels (宗地面积 when
// trusted, see intensity.hpp); a unit without a parcel uses the enterprises' land_area_m2
// (实际用地面积); without either, per-亩 metrics are missing. Unit key: "P:<first parcel id>"
// or "E:<first enterprise id>".
//
// Units of measure: money in 万元 (as the enterprise table gives it), land in 亩
// (1 亩 = 10000/15 m²), energy in tce, emissions in t, electricity in 万kWh.
//   亩均税收 tax_per_mu = tax / 亩;  亩均增加值 value_added_per_mu = value_added / 亩;
//   单位能耗增加值 va_per_tce = value_added / energy_tce; 单位排放增加值 va_per_t_emission =
//   value_added / emissions_t; 全员劳动生产率 va_per_employee = value_added / employees;
//   R&D占比 rd_ratio = rd_spend / revenue; 单位电耗税收 tax_per_kwh = tax / electricity_kwh.
// A metric whose inputs are missing (or whose denominator is not > 0) is nullopt.
//
// Year: the evaluation year is `params.year`, else the latest year in the table not after
// `params.as_of_year`. Earlier years' 亩均税收 and revenue are kept per unit for the
// consecutive-year tests (Linhai 附件 二).
//
// Scope (R09): 规上 units (any member 规上), and 规下 units whose land ≥ below_scale_min_mu
// (“3亩(含)以上”, inclusive). Units outside the scope get no class.
//
// Score (R11): per group (规上 / 规下, ranked separately), score = Σ w_k × x_k / benchmark_k,
// benchmark_k = Σ numerator / Σ denominator over the group's in-scope units (county aggregate
// mean). A unit missing x_k gets the group's average item score for k (黄岩 practice, MJ-HY).
// A unit without 亩均税收 is not scored (class "", reason given).
// Classes by rank (score desc, unit key asc) with cumulative quotas A, A+B, A+B+C (rounded to
// the nearest unit); the rest D.
// Overrides (临政发〔2022〕22号 (八)): fixed investment ≥ override_a_investment_10k → A, taken out
// of the ranking first (不占A类比例); ≥ override_not_d_investment_10k and ranked D → C (不占C类比例).
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct MujunParams {
    double below_scale_min_mu = 3.0;                 // DEFAULT 3 亩, inclusive
    std::map<std::string, double> weights_above{{"tax_per_mu", 30}, {"value_added_per_mu", 20}, {"va_per_tce", 20},
                                                {"va_per_t_emission", 10}, {"va_per_employee", 10}, {"rd_ratio", 10}};
    std::map<std::string, double> weights_below{{"tax_per_mu", 50}, {"tax_per_kwh", 50}};
    double quota_a = 0.107, quota_b = 0.352, quota_c = 0.461, quota_d = 0.080;   // DEFAULT 天台 2022
    std::optional<double> override_a_investment_10k;       // Linhai (八): 10000
    std::optional<double> override_not_d_investment_10k;   // Linhai (八): 3000
    std::optional<int> year;                               // evaluation year; DEFAULT latest
    std::optional<int> as_of_year;                         // latest year considered
    unsigned threads = 1;                                  // units built on this many threads (0 = all cores)
}; // struct MujunParams

// The metric names used by weights and reports.
const std::vector<std::string>& mujun_metric_names();
constexpr std::size_t kMetricCount = 7;

// The enterprise table's summed fields (keys of the enterprises layer).
enum class SumField { tax, value_added, energy_tce, emissions_t, employees, rd_spend, revenue, electricity_kwh, fixed_investment };
constexpr std::size_t kSumFieldCount = 9;

struct MujunUnit {
    std::string key;                          // "P:<parcel id>" or "E:<enterprise id>"
    std::vector<std::size_t> parcels;         // parcel indices, ascending
    std::vector<std::string> enterprise_ids;  // sorted, distinct
    std::vector<std::string> enterprise_names;
    std::optional<double> land_m2;
    std::string land_basis;                   // "parcels" | "enterprise_land_area" | ""
    std::optional<bool> above_scale;          // nullopt: no member says
    bool has_year_data = false;               // rows in the evaluation year
    bool in_scope = false;
    std::string scope_note;                   // why (not) in scope
    // Sums over the evaluation year's rows, by SumField (nullopt when no row gives the value), and
    // the metrics in mujun_metric_names() order (nullopt when missing). Arrays, not maps: a
    // county has 10^5 units, and the maps' nodes were 0.2 GB.
    std::array<std::optional<double>, kSumFieldCount> sums{};
    std::array<std::optional<double>, kMetricCount> metrics{};
    std::optional<double> sum(SumField f) const { return sums[static_cast<std::size_t>(f)]; }
    std::map<int, double> tax_per_mu_by_year; // every year with tax and land
    std::map<int, double> revenue_by_year;
    std::optional<double> score;
    std::string mujun_class;                  // "A" | "B" | "C" | "D" | "" (not evaluated)
    std::string class_note;                   // override applied, or why no class
    int rank = 0;                             // 1-based rank in its group; 0 = not ranked
    std::optional<double> metric(const std::string& name) const;
}; // struct MujunUnit

struct MujunResult {
    std::optional<int> year;                                  // evaluation year
    std::vector<MujunUnit> units;                             // sorted by key
    std::vector<std::optional<std::size_t>> unit_of_parcel;   // per parcel index
    std::map<std::string, double> benchmarks_above, benchmarks_below;
    int evaluated = 0;                                        // units with a class
}; // struct MujunResult

// `parcel_area_basis_m2` is aligned with parcels.features (ParcelIntensity::area_basis_m2).
// Issues: enterprise_unmatched (note), enterprise_no_year (kept), bad_value.
MujunResult evaluate_mujun(const geom::Layer& parcels, const std::vector<double>& parcel_area_basis_m2,
                           const geom::Layer& enterprises, const MujunParams& params, IssueLog& issues);

// Classes for ranked scores (exposed for tests): scores sorted by the caller, quotas cumulative.
std::vector<std::string> classes_by_rank(std::size_t n, double qa, double qb, double qc);

} // namespace tl::analysis
