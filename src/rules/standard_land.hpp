// 标准地 compliance R18 (domain.md §8; 浙政办发〔2018〕73号; 象山 象政发〔2022〕10号 三(一)3 / 四(二),
// 临海 临政发〔2022〕22号 附件 三(一)4, 临平 临平政办〔2022〕92号 三(一)4, 舟山 “155”方案 三(五)).
//
// Per 标准地 supply and indicator the threshold is the supply's own contract value («按约定»;
// the clause is the profile's standard_land.clause):
//   R18.investment  投资强度 measured < contract × (1 − tolerance)            fails
//   R18.far         容积率   measured < contract × (1 − tolerance)            fails
//   R18.tax         亩均税收 measured < contract × (1 − tolerance)            fails
//   R18.energy      单位能耗增加值 measured < contract × (1 − tolerance), or, when the contract
//                   gives 单位增加值能耗 instead, measured > contract × (1 + tolerance)   fails
//   R18.emission    单位排放增加值 measured < contract × (1 − tolerance)     fails
//   R18.rd          R&D 占比 measured < contract × (1 − tolerance)            fails
// The profile says which are checked (standard_land.indicators: a contract without the value is
// 无法判定) and which only when the contract sets them (standard_land.optional_indicators: else
// 不适用). When is a shortfall a failure: the construction indicators (投资强度, 容积率, and the
// density cap below) at the 验收日期, the output ones (税收, 能耗, 排放, R&D) at the 复核日期
// (达产复核). A value that already meets the contract passes whatever the date; one that falls
// short fails once the date is on or before the as-of day, is 不适用 (尚未到期) while the date is
// later, and 无法判定 without a date. A contract 亩均税收 beyond mujun.tax_per_mu_plausible_max_10k
// is taken as written in 元/亩 and not judged (the fix: units = { std_tax_10k_per_mu = "元/亩" }).
//   R18.density     (临海 (四), far.standard_land_density_max) a 标准地 new project (supplied on or
//                   after the profile's effective_from) whose parcel's 建筑密度 is over the relaxed cap.
//   R18.energy_route (舟山 三(五), standard_land.energy_intensity_max_tce_per_10k) a ROUTING test, never
//                   a failure: a new project (supplied on or after effective_from) whose 单位工业
//                   增加值能耗 — the contract's, else the reciprocal of its 单位能耗增加值 — is 低于
//                   the line goes by the 节能审查 绿色通道 (route "green"), otherwise by the normal
//                   review (route "review"); the verdict is not_applicable either way (no standard is
//                   met or failed), 无法判定 without the contract's energy figure.
//   R18.share       per year, the 标准地 share of the area of the year's 出让 industrial supplies
//                   (from standard_land.share_supplied_from) against standard_land.share_min
//                   (100 %); unflagged supplies that could change the outcome make it 无法判定.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/standard_land.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

struct StandardLandVerdict {
    const analysis::StandardLandSupply* supply = nullptr;
    std::string indicator;              // investment, far, tax, energy, emission, rd, density, energy_route
    std::optional<double> contract;     // the supply's contract value (the threshold, before tolerance)
    std::string unit;                   // 万元/亩, 吨标煤/万元, ...
    std::string route;                  // R18.energy_route: "green" | "review" | ""
    Verdict verdict;
}; // struct StandardLandVerdict

struct StandardLandYearVerdict {
    analysis::StandardLandYear year;
    std::string township;               // "" for the county
    std::optional<double> share;        // standard_m2 / area_m2
    Verdict verdict;
}; // struct StandardLandYearVerdict

// The measuring parameters the profile gives (出让 words, industrial codes, the share's start).
analysis::StandardLandParams standard_land_params(const Profile& p, const Date& as_of);

// Whether the county's documents ask for a 标准地 share (standard_land.share_min).
bool has_standard_land_share(const Profile& p);

std::vector<StandardLandVerdict> judge_standard_land(const Profile& p, const analysis::StandardLandMeasure& m, const Date& as_of);
std::vector<StandardLandYearVerdict> judge_standard_land_years(const Profile& p, const std::vector<analysis::StandardLandYear>& years,
                                                               const std::string& township);

} // namespace tl::rules
