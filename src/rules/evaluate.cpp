// Rule evaluation: see evaluate.hpp for the rules and their sources.
#include "rules/evaluate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/number.hpp"

#include "core/errors.hpp"
#include "core/units.hpp"
#include "geom/parallel.hpp"

namespace tl::rules {

const char* to_string(Outcome o) noexcept {
    switch (o) {
        case Outcome::pass: return "pass";
        case Outcome::fail: return "fail";
        case Outcome::not_applicable: return "not_applicable";
        case Outcome::indeterminate: return "indeterminate";
    }
    return "?";
}

const MissingInfo& missing_info(const std::string& code) noexcept {
    static const MissingInfo table[] = {
        {"land_use", "地类编码缺失, 无法判断是否工业用地", "land-use code missing: industrial or not is unknown",
         "在项目文件中映射宗地 land_use (地类编码 DLBM)", "map parcels.land_use (地类编码, DLBM) in the project file"},
        {"far_floor", "无适用容积率下限 (缺行业代码和出让合同容积率下限)", "no applicable FAR floor (no industry code, no contract FAR)",
         "映射宗地 industry_code (行业代码 HYDM) 或 contract_far_min (出让合同容积率下限), 或供地 contract_far_min",
         "map parcels.industry_code (行业代码) or contract_far_min, or supplies.contract_far_min"},
        {"buildings_layer", "无建筑物图层", "no buildings layer", "提供建筑物图层 (buildings / 建筑物 / jzw)",
         "add a buildings layer (buildings / 建筑物 / jzw)"},
        {"parcel_area", "宗地面积为零", "parcel area is zero", "核对宗地图形与宗地面积 ZDMJ", "check the parcel's geometry and ZDMJ"},
        {"floors", "容积率为下限值 (建筑缺层数和高度)", "FAR is a lower bound (buildings lack floors and height)",
         "映射建筑 floors (层数 CS) 或 height_m (建筑高度 JZGD)", "map buildings.floors (层数) or height_m (建筑高度)"},
        {"unbuilt", "未建部分计算失败", "the unbuilt part could not be computed", "见 issues.csv 中该宗地的 overlay_failed",
         "see the parcel's overlay_failed row in issues.csv"},
        {"tax_years", "亩均税收年度数据不全", "tax per mu missing for some years", "亩均数据补齐所需年份 (year 列)",
         "give the enterprise table every year the rule looks back on"},
        {"enterprise", "无企业亩均数据关联本宗地", "no enterprise 亩均 data joined to the parcel",
         "亩均数据的 parcel_id (宗地代码) 须与宗地 id 一致", "the enterprise table's parcel_id (宗地代码) must match parcels.id"},
        {"enterprise_year", "亩均数据无评价年度的记录", "no 亩均 rows in the evaluation year",
         "提供基准日所在年度的亩均数据, 或核对 --as-of", "give the as-of year's enterprise data, or check --as-of"},
        {"revenue", "营业收入缺失", "revenue missing", "映射亩均数据 revenue (营业收入)", "map enterprises.revenue (营业收入)"},
        {"not_scored", "亩均未评分", "not scored in the 亩均 evaluation", "补齐亩均评价所需指标 (税收、用地面积)",
         "give the 亩均 indicators the score needs (tax, land area)"},
        {"ancillary_area", "缺行政办公及生活服务设施用地面积", "no ancillary (office and living) land area",
         "映射宗地 ancillary_area_m2 (行政办公及生活服务设施用地面积 PTYDMJ)", "map parcels.ancillary_area_m2"},
        {"green_area", "缺绿地面积", "no green area", "映射宗地 green_area_m2 (绿地面积 LDMJ)", "map parcels.green_area_m2"},
        {"person", "需人工核实 (数据中无此信息, 只能由人判断)", "a person must judge (the data do not hold it)",
         "由经办人对照规划、消防、环保条件与出让合同核实", "the officer checks the plans, fire and environment rules and the contract"},
        {"planned_floor_area", "未给出技改新增建筑面积", "no planned floor area", "check-merge 加 --planned-floor-area",
         "give check-merge --planned-floor-area"},
        {"tenure", "权利性质缺失", "tenure missing", "映射宗地 tenure (权利性质 QLXZ)", "map parcels.tenure (权利性质, QLXZ)"},
        {"right_type", "使用权类型缺失", "right type missing", "映射宗地 right_type (权利类型 QLLX)", "map parcels.right_type (QLLX)"},
        {"remaining_term_years", "剩余使用年限缺失", "remaining term missing", "映射宗地 remaining_term_years (剩余年限 SYNX)",
         "map parcels.remaining_term_years (SYNX)"},
        {"converted_area_m2", "占补台账缺转用面积", "ledger row without the converted area", "填写占补台账 转用面积",
         "fill the ledger's converted_area_m2"},
        {"compensation_area_m2", "占补台账缺补充面积", "ledger row without the compensation area", "填写占补台账 补充面积",
         "fill the ledger's compensation_area_m2"},
        {"converted_on", "占补台账缺转用日期", "ledger row without the conversion date", "填写占补台账 转用日期",
         "fill the ledger's converted_on"},
        {"compensation_approved_on", "占补台账缺补充批准日期", "ledger row without the compensation approval date",
         "填写占补台账 补充批准日期", "fill the ledger's compensation_approved_on"},
        {"storeys", "未给出新增生产厂房层数", "no storeys of the new production building", "check-merge 加 --storeys N",
         "give check-merge --storeys N"},
        {"investment", "缺计划总投资或已完成投资", "planned or completed investment missing",
         "映射供地 planned_investment (计划总投资 JHTZ) 与 invested (已完成投资 YWCTZ)", "map supplies.planned_investment and supplies.invested"},
        {"zones", "无控制线 (产业平台/园区) 图层", "no control_lines (platform / park zones) layer",
         "提供工业用地控制线图层 (control_lines / 控制线), 含控制线名称或类型", "add the control_lines layer with zone names or kinds"},
        {"split_from", "宗地无原宗地代码字段", "parcels have no split_from (原宗地代码) column",
         "映射宗地 split_from (原宗地代码 YZDDM; 未分割过的宗地留空)", "map parcels.split_from (原宗地代码; empty for a parcel never split)"},
        {"supplies_layer", "无本宗地的供地记录", "no supply record of the parcel", "提供供地图层 (supplies / 供地), 其 宗地代码 与宗地一致",
         "add a supplies layer whose parcel_id matches the parcel"},
        {"plan_use", "分割方案未标注各宗用途", "the split plan gives no use per piece", "在分割方案中加 用途 列 (如 生产 / 行政办公及生活服务)",
         "add a 用途 (use) column to the split plan (生产, 行政办公及生活服务, ...)"},
        {"supply_parcel", "供地的宗地代码未对应任何宗地", "the supply's parcel_id names no parcel",
         "核对供地 parcel_id (宗地代码 ZDDM) 与宗地图层的宗地代码", "check supplies.parcel_id against the parcels' ids"},
        {"enterprise_value", "亩均数据该年度缺所需指标 (税收、增加值、能耗、排放、R&D经费或营业收入)",
         "the 亩均 rows of the year lack the value (tax, value added, energy, emissions, R&D or revenue)",
         "补齐亩均数据 tax / value_added / energy_tce / emissions_t / rd_spend / revenue", "fill the enterprise table's columns"},
        {"std_contract", "标准地合同指标未填", "the 标准地 contract value is empty",
         "在供地图层填写标准地约定指标 (投资强度 TZQD, 容积率下限 RJLXX, 亩均税收 MJSS, 单位能耗增加值 NHZJZ 或单位增加值能耗 DWNH, 单位排放增加值 PFZJZ)",
         "fill the supplies' 标准地 contract columns (TZQD, RJLXX, MJSS, NHZJZ or DWNH, PFZJZ)"},
        {"std_unit", "标准地约定值单位可疑 (疑为元而非万元)", "a 标准地 contract value in a doubtful unit (元 for 万元?)",
         "项目文件供地图层写 units = { std_tax_10k_per_mu = \"元/亩\" }, 或列名注明 (元/亩)",
         "write units = { std_tax_10k_per_mu = \"元/亩\" } for the supplies layer in the project file"},
        {"accepted_on", "缺验收日期, 不知是否已到验收时点", "no acceptance date: whether the indicator is due is unknown",
         "映射供地 accepted_on (验收日期 YSRQ)", "map supplies.accepted_on (验收日期, YSRQ)"},
        {"reviewed_on", "缺复核日期, 不知是否已到达产复核时点", "no review date: whether the indicator is due is unknown",
         "映射供地 reviewed_on (复核日期 FHRQ)", "map supplies.reviewed_on (复核日期, FHRQ)"},
        {"standard_land_flag", "出让工业用地未填是否标准地", "industrial 出让 supplies without the 标准地 flag",
         "映射并填写供地 standard_land (是否标准地 BZD: 是/否)", "map and fill supplies.standard_land (是否标准地, BZD: 是/否)"},
        {"revitalization_ledger", "未提供盘活台账", "no 盘活台账 (revitalisation ledger)",
         "在数据目录放 盘活台账.csv/.xlsx (编号、完成日期、盘活面积(亩)、盘活方式、镇街), 或在项目文件写 revitalization = \"…\"",
         "put 盘活台账.csv/.xlsx (id, date, area with its unit, method, 镇街) beside the data, or revitalization = \"…\" in the project file"},
        {"above_scale", "无规上企业亩均数据 (税收/增加值与用地)", "no 规上 firm with 亩均 data (tax or value added, and land)",
         "提供亩均数据表, 含 规上标志、税收、工业增加值, 且与宗地关联", "give the enterprise table with 规上标志, tax and value added, joined to parcels"},
        {"no_measure", "本工具不测量此目标", "tenglong does not measure this target", "由主管部门另行统计",
         "counted by the bureau outside tenglong"},
        {"building_use", "宗地内建筑均无用途", "no building of the parcel has a use",
         "映射建筑 use (房屋用途 FWYT: 生产/仓储/办公/生活配套)", "map buildings.use (房屋用途: 生产/仓储/办公/生活配套)"},
        {"other", "数据不足", "data missing", "见 parcels.csv 中的原因", "see the reason in parcels.csv"},
    };
    for (const auto& m : table)
        if (code == m.code) return m;
    return table[sizeof(table) / sizeof(table[0]) - 1];
}

const char* to_string_zh(Outcome o) noexcept {
    switch (o) {
        case Outcome::pass: return "达标";
        case Outcome::fail: return "不达标";
        case Outcome::not_applicable: return "不适用";
        case Outcome::indeterminate: return "无法判定";
    }
    return "?";
}

bool fails_threshold(double measured, Comparison c, double threshold) noexcept {
    if (std::abs(measured - threshold) <= 1e-9 * std::max(1.0, std::abs(threshold))) measured = threshold;
    return compare(measured, c, threshold);
}

analysis::IntensityParams intensity_params(const Profile& p) {
    analysis::IntensityParams ip;
    ip.storey_double_height_m = p.number("intensity.storey_double_height_m");
    ip.storey_double_factor = p.number("intensity.storey_double_factor");
    ip.half_area_below_storey_height_m = p.number("intensity.half_area_below_storey_height_m");
    ip.half_area_factor = p.number("intensity.half_area_factor");
    ip.estimate_storey_height_m = p.number("intensity.estimate_storey_height_m");
    ip.industrial_estimate_storey_height_m = p.number("intensity.industrial_estimate_storey_height_m");
    ip.max_plausible_floors = static_cast<int>(p.number("intensity.max_plausible_floors"));
    ip.registered_area_tolerance = p.number("intensity.registered_area_tolerance");
    ip.unbuilt_min_width_m = p.number("rules.unbuilt.min_width_m");
    ip.unbuilt_scope = !p.rule_enabled("unbuilt")                    ? analysis::UnbuiltScope::none
                       : p.flag("rules.unbuilt.industrial_only", true) ? analysis::UnbuiltScope::industrial
                                                                       : analysis::UnbuiltScope::all;
    ip.industrial_prefixes = p.texts("land_use.industrial_prefixes");
    const std::string overlap = p.text("intensity.overlapping_floors", "highest");
    if (overlap == "highest") ip.overlapping_floors = analysis::OverlapFloors::highest;
    else if (overlap == "sum") ip.overlapping_floors = analysis::OverlapFloors::sum;
    else throw ConfigError(p.id, "intensity.overlapping_floors = \"" + overlap + "\": 应为 \"highest\" (重叠处取最高者层数) 或 \"sum\" "
                                 "(各栋分别计); must be \"highest\" or \"sum\"");
    return ip;
}

analysis::LandRights land_rights(const Profile& p) {
    analysis::LandRights r;
    r.state_owner_patterns = p.texts("land_rights.state_owner_patterns");
    r.supplied_tenures = p.texts("land_rights.supplied_tenures");
    r.unsupplied_tenures = p.texts("land_rights.unsupplied_tenures");
    r.collective_tenures = p.texts("land_rights.collective_tenures");
    return r;
}

analysis::MujunParams mujun_params(const Profile& p) {
    analysis::MujunParams mp;
    mp.below_scale_min_mu = p.number("mujun.below_scale_min_mu");
    mp.weights_above.clear();
    for (const auto& k : p.children("mujun.weights_above")) mp.weights_above[k] = p.number("mujun.weights_above." + k);
    mp.weights_below.clear();
    for (const auto& k : p.children("mujun.weights_below")) mp.weights_below[k] = p.number("mujun.weights_below." + k);
    mp.quota_a = p.number("mujun.quota_a");
    mp.quota_b = p.number("mujun.quota_b");
    mp.quota_c = p.number("mujun.quota_c");
    mp.quota_d = p.number("mujun.quota_d");
    mp.override_a_investment_10k = p.number_opt("mujun.override_a_investment_10k");
    mp.override_not_d_investment_10k = p.number_opt("mujun.override_not_d_investment_10k");
    return mp;
}

namespace {

// Reason text's numbers: 4 decimals unless said, trailing zeros dropped (core/number.hpp).
std::string num(double v, int decimals = 4) { return trimmed_decimal(v, decimals); }

Verdict make(const std::string& id, Outcome o, std::string zh, std::string en) {
    Verdict v;
    v.rule_id = id;
    v.outcome = o;
    v.reason_zh = std::move(zh);
    v.reason_en = std::move(en);
    return v;
}

// Industrial-only gate: not_applicable for known non-industrial land, indeterminate when unknown.
std::optional<Verdict> industrial_gate(const std::string& id, const analysis::ParcelIntensity& pi) {
    if (!pi.industrial) {
        Verdict v = make(id, Outcome::indeterminate, "地类编码缺失, 无法判断是否工业用地", "land-use code missing: cannot tell whether the parcel is industrial");
        v.missing = "land_use";
        return v;
    }
    if (!*pi.industrial) return make(id, Outcome::not_applicable, "非工业用地 (" + pi.land_use + ")", "not industrial land (" + pi.land_use + ")");
    return std::nullopt;
}

bool names_any_word(const std::string& text, const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return !w.empty() && text.find(w) != std::string::npos; });
}

// The zone the parcel lies in, when its name or kind has one of `words_key`'s words and it holds
// at least far.zone_share_min of the parcel; nullptr otherwise.
const analysis::ParcelZone* zone_named(const Profile& p, const analysis::ParcelZone* zone, const char* words_key) {
    if (!zone || (zone->name.empty() && zone->kind.empty())) return nullptr;
    const Param& min = p.number_param("far.zone_share_min");
    if (fails_threshold(zone->share, min.fail_if.value_or(Comparison::lt), min.number)) return nullptr;
    return names_any_word(zone->name + " " + zone->kind, p.texts(words_key)) ? zone : nullptr;
}

Verdict rule_far(const Profile& p, const analysis::ParcelIntensity& pi, bool have_buildings, const analysis::ParcelZone* zone,
                 bool zones_known) {
    const std::string id = "R04.far";
    if (p.flag("rules.far.industrial_only", true)) if (auto g = industrial_gate(id, pi)) return *g;
    // The applicable floor: the largest of the contract floor, the local floor, the 2008 table.
    std::optional<double> floor;
    std::string clause, source_zh, source_en;
    Comparison cmp = Comparison::lt;
    auto consider = [&](double v, const std::string& cl, const std::string& zh, const std::string& en, Comparison c) {
        if (!floor || v > *floor) { floor = v; clause = cl; source_zh = zh; source_en = en; cmp = c; }
    };
    if (pi.contract_far_min)
        consider(*pi.contract_far_min, p.text("far.contract_clause"), "出让合同容积率下限", "contract minimum FAR", Comparison::lt);
    // A local floor speaks of new projects (象政发〔2022〕10号 四(二) «新建工业用地项目», 舟山 二(一)1):
    // it judges a parcel supplied on or after the profile's far.local_floor_supplied_from, never
    // stock land, which keeps the contract and 2008 floors.
    std::string stock_note_zh, stock_note_en;
    const Param* platform_unknown = nullptr;   // a new project's platform floor, with no zones to place it
    if (const Param* lf = p.find("far.local_floor")) {
        const Date from = p.date("far.local_floor_supplied_from");
        if (pi.latest_supplied_on && from <= *pi.latest_supplied_on) {
            consider(lf->number, lf->cite, fmt::format("新建项目容积率下限 (供地 {} ≥ {})", pi.latest_supplied_on->iso(), from.iso()),
                     fmt::format("new-project FAR floor (supplied {} ≥ {})", pi.latest_supplied_on->iso(), from.iso()),
                     lf->fail_if.value_or(Comparison::lt));
            // The same clause's 产业平台 floor (舟山 二(一)1) for a new project inside a platform.
            if (const Param* pf = p.find("far.platform_floor")) {
                if (!zones_known) {
                    platform_unknown = pf;
                } else if (const analysis::ParcelZone* z = zone_named(p, zone, "far.platform_zone_words")) {
                    consider(pf->number, pf->cite,
                             fmt::format("产业平台 {} 内新建项目容积率下限 (供地 {} ≥ {})", z->name, pi.latest_supplied_on->iso(), from.iso()),
                             fmt::format("new-project FAR floor in the platform {} (supplied {} ≥ {})", z->name,
                                         pi.latest_supplied_on->iso(), from.iso()),
                             pf->fail_if.value_or(Comparison::lt));
                }
            }
        } else {
            stock_note_zh = fmt::format("; 存量宗地 ({}), 新建项目下限 {} 不适用", pi.latest_supplied_on
                                            ? "供地 " + pi.latest_supplied_on->iso() + " 早于 " + from.iso() : std::string("无供地日期"),
                                        num(lf->number));
            stock_note_en = fmt::format("; stock land ({}): the new-project floor {} does not apply", pi.latest_supplied_on
                                            ? "supplied " + pi.latest_supplied_on->iso() + " before " + from.iso() : std::string("no supply date"),
                                        num(lf->number));
        }
    }
    const std::string div = analysis::industry_division(pi.industry_code);
    if (!div.empty()) {
        if (const Param* im = p.find("far.industry_min." + div))
            consider(im->number, im->cite, "2008 控制指标 行业代码 " + div + " 容积率下限",
                     "2008 control indicators FAR minimum for industry " + div, im->fail_if.value_or(Comparison::lt));
    }
    if (!floor) {
        Verdict v = make(id, Outcome::indeterminate, "无适用容积率下限: 缺出让合同容积率下限与行业代码" + stock_note_zh,
                         "no applicable FAR floor: no contract minimum and no industry code" + stock_note_en);
        v.missing = "far_floor";
        return v;
    }
    Verdict v;
    v.rule_id = id;
    v.threshold = floor;
    v.comparison = to_symbol(cmp);
    v.clause = clause;
    if (!have_buildings) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = "无建筑物图层, 无法计算容积率";
        v.reason_en = "no buildings layer: FAR cannot be computed";
        v.missing = "buildings_layer";
        return v;
    }
    if (pi.area_basis_m2 <= 0) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = "宗地面积为零";
        v.reason_en = "parcel area is zero";
        v.missing = "parcel_area";
        return v;
    }
    v.measured = pi.far;
    const bool fail = fails_threshold(pi.far, cmp, *floor);
    if (fail && pi.far_is_lower_bound) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = fmt::format("容积率 {} (下限值: {} 栋建筑缺层数和高度) {} {} ({})", num(pi.far), pi.buildings_unknown,
                                  v.comparison, num(*floor), source_zh);
        v.reason_en = fmt::format("FAR {} is a lower bound ({} buildings lack floors and height) {} {} ({})", num(pi.far),
                                  pi.buildings_unknown, v.comparison, num(*floor), source_en);
        v.missing = "floors";
        return v;
    }
    if (!fail && platform_unknown && fails_threshold(pi.far, platform_unknown->fail_if.value_or(Comparison::lt), platform_unknown->number)) {
        // Under the platform floor and no zones layer to say whether the parcel is in a platform.
        v.outcome = Outcome::indeterminate;
        v.threshold = platform_unknown->number;
        v.clause = platform_unknown->cite;
        v.reason_zh = fmt::format("容积率 {} 满足 {} ({}), 但低于产业平台内新建项目下限 {}; 无控制线图层, 无法判断是否在产业平台内",
                                  num(pi.far), num(*floor), source_zh, num(platform_unknown->number));
        v.reason_en = fmt::format("FAR {} meets {} ({}) but is under the platform floor {} for new projects; no control_lines layer "
                                  "to tell whether the parcel is in a platform", num(pi.far), num(*floor), source_en,
                                  num(platform_unknown->number));
        v.missing = "zones";
        return v;
    }
    v.outcome = fail ? Outcome::fail : Outcome::pass;
    v.reason_zh = fmt::format("容积率 {} {} {} ({}){}{}", num(pi.far), fail ? to_symbol(cmp) : "满足", num(*floor), source_zh,
                              pi.buildings_estimated ? fmt::format("; {} 栋层数为估算", pi.buildings_estimated) : "", stock_note_zh);
    v.reason_en = fmt::format("FAR {} {} {} ({}){}{}", num(pi.far), fail ? to_symbol(cmp) : "meets", num(*floor), source_en,
                              pi.buildings_estimated ? fmt::format("; floors of {} buildings estimated", pi.buildings_estimated) : "",
                              stock_note_en);
    return v;
}

Verdict rule_coverage(const Profile& p, const analysis::ParcelIntensity& pi, bool have_buildings) {
    const std::string id = "R06.coverage";
    if (p.flag("rules.coverage.industrial_only", true)) if (auto g = industrial_gate(id, pi)) return *g;
    const Param& t = p.number_param("far.coverage_min");
    Verdict v;
    v.rule_id = id;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::lt);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    if (!have_buildings || pi.area_basis_m2 <= 0) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = have_buildings ? "宗地面积为零" : "无建筑物图层, 无法计算建筑密度";
        v.reason_en = have_buildings ? "parcel area is zero" : "no buildings layer: coverage cannot be computed";
        v.missing = have_buildings ? "parcel_area" : "buildings_layer";
        return v;
    }
    v.measured = pi.coverage;
    const bool fail = fails_threshold(pi.coverage, cmp, t.number);
    v.outcome = fail ? Outcome::fail : Outcome::pass;
    v.reason_zh = fmt::format("建筑密度 {:.1f}% {} {:.0f}% (建筑基底, 为建筑系数下限)", pi.coverage * 100, fail ? v.comparison : "满足",
                              t.number * 100);
    v.reason_en = fmt::format("building coverage {:.1f} % {} {:.0f} % (footprints only: a lower bound of 建筑系数)",
                              pi.coverage * 100, fail ? v.comparison : "meets", t.number * 100);
    return v;
}

Verdict rule_unbuilt(const Profile& p, const analysis::ParcelIntensity& pi, bool have_buildings) {
    const std::string id = "R04.unbuilt";
    if (p.flag("rules.unbuilt.industrial_only", true)) if (auto g = industrial_gate(id, pi)) return *g;
    const Param& t = p.number_param("rules.unbuilt.min_unbuilt_mu");
    Verdict v;
    v.rule_id = id;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::ge);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    if (!have_buildings || !pi.unbuilt_measured || !std::isfinite(pi.largest_unbuilt_m2)) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = !have_buildings ? "无建筑物图层" : pi.unbuilt_measured ? "未建部分计算失败" : "未计算未建部分";
        v.reason_en = !have_buildings ? "no buildings layer" : pi.unbuilt_measured ? "unbuilt part could not be computed"
                                                                                  : "unbuilt part not measured";
        v.missing = !have_buildings ? "buildings_layer" : "unbuilt";
        return v;
    }
    const double mu = m2_to_mu(pi.largest_unbuilt_m2);
    v.measured = mu;
    const bool fail = fails_threshold(mu, cmp, t.number);
    v.outcome = fail ? Outcome::fail : Outcome::pass;
    v.reason_zh = fmt::format("最大可建未建地块 {:.2f} 亩 {} {} 亩 (宽度 ≥ {} 米)", mu, fail ? v.comparison : "<", num(t.number),
                              num(p.number("rules.unbuilt.min_width_m")));
    v.reason_en = fmt::format("largest buildable unbuilt block {:.2f} mu {} {} mu (at least {} m wide)", mu, fail ? v.comparison : "<",
                              num(t.number), num(p.number("rules.unbuilt.min_width_m")));
    return v;
}

// R07 / R08: a share of the parcel's area recorded as ancillary land or green space above the
// profile's cap (2008 控制指标: 行政办公及生活服务设施用地 ≤ 7 %, 绿地率 ≤ 20 %).
Verdict rule_area_share_cap(const Profile& p, const analysis::ParcelIntensity& pi, const std::string& id, const std::string& rule,
                            const std::string& key, const std::optional<double>& area_m2, const std::string& missing,
                            const char* what_zh, const char* what_en) {
    if (p.flag("rules." + rule + ".industrial_only", true)) if (auto g = industrial_gate(id, pi)) return *g;
    const Param& t = p.number_param(key);
    Verdict v;
    v.rule_id = id;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::gt);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    if (!area_m2 || pi.area_basis_m2 <= 0) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = !area_m2 ? std::string("缺") + what_zh + "面积" : "宗地面积为零";
        v.reason_en = !area_m2 ? std::string("no ") + what_en + " area" : "parcel area is zero";
        v.missing = !area_m2 ? missing : "parcel_area";
        return v;
    }
    const double share = *area_m2 / pi.area_basis_m2;
    v.measured = share;
    const bool fail = fails_threshold(share, cmp, t.number);
    v.outcome = fail ? Outcome::fail : Outcome::pass;
    v.reason_zh = fmt::format("{}占比 {:.1f}% {} {}%", what_zh, share * 100, fail ? v.comparison : "满足", num(t.number * 100, 2));
    v.reason_en = fmt::format("{} share {:.1f} % {} {} %", what_en, share * 100, fail ? v.comparison : "within", num(t.number * 100, 2));
    return v;
}

// R07 from the buildings' use: the 配套 (far.ancillary_building_uses) share of the parcel's land
// (footprints ÷ parcel area) or of the buildings' floor area. Buildings without a use make it a
// range [known, known + unknown]: decided when both ends agree, else indeterminate.
Verdict rule_use_share_cap(const Profile& p, const analysis::ParcelIntensity& pi, const std::string& id, const std::string& key, bool floor) {
    if (p.flag("rules.ancillary.industrial_only", true)) if (auto g = industrial_gate(id, pi)) return *g;
    const Param& t = p.number_param(key);
    const std::vector<std::string> uses = p.texts("far.ancillary_building_uses");
    Verdict v;
    v.rule_id = id;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::gt);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    double anc = 0, all = 0;
    for (const auto& u : pi.by_use) {
        const double a = floor ? u.floor_area_m2 : u.footprint_m2;
        all += a;
        if (std::find(uses.begin(), uses.end(), u.use) != uses.end()) anc += a;
    }
    const double unknown = floor ? pi.no_use_floor_area_m2 : pi.no_use_footprint_m2;
    const double denom = floor ? all + unknown : pi.area_basis_m2;
    const char* what_zh = floor ? "配套建筑面积占比" : "配套用地 (建筑基底) 占比";
    const char* what_en = floor ? "ancillary floor-area share" : "ancillary land (footprint) share";
    if (pi.buildings == 0 && !floor) {
        v.measured = 0.0;
        v.outcome = Outcome::pass;
        v.reason_zh = "宗地内无建筑, 无配套用地";
        v.reason_en = "no building on the parcel: no ancillary land";
        return v;
    }
    if (pi.by_use.empty() || denom <= 0) {
        v.outcome = Outcome::indeterminate;
        v.missing = pi.by_use.empty() ? "building_use" : "floors";
        v.reason_zh = pi.by_use.empty() ? fmt::format("宗地内 {} 幢建筑均无用途, 无法判定{}", pi.buildings, what_zh)
                                        : std::string("建筑面积为零 (缺层数), 无法计算") + what_zh;
        v.reason_en = pi.by_use.empty() ? fmt::format("none of the parcel's {} buildings has a use", pi.buildings)
                                        : std::string("no floor area (floors missing): no ") + what_en;
        return v;
    }
    const double low = anc / denom, high = (anc + unknown) / denom;
    v.measured = low;
    const bool fail_low = fails_threshold(low, cmp, t.number), fail_high = fails_threshold(high, cmp, t.number);
    const std::string list = fmt::format("{}", fmt::join(uses, "/"));
    if (fail_low != fail_high) {
        v.outcome = Outcome::indeterminate;
        v.missing = "building_use";
        v.reason_zh = fmt::format("{} {:.1f}%–{:.1f}% ({} 幢建筑无用途), 标准 {} {}%", what_zh, low * 100, high * 100, pi.buildings_without_use,
                                  v.comparison, num(t.number * 100, 2));
        v.reason_en = fmt::format("{} {:.1f}–{:.1f} % ({} buildings without a use), cap {} {} %", what_en, low * 100, high * 100,
                                  pi.buildings_without_use, v.comparison, num(t.number * 100, 2));
        return v;
    }
    v.outcome = fail_low ? Outcome::fail : Outcome::pass;
    const std::string part = pi.buildings_without_use ? fmt::format("; {} 幢无用途, 至多 {:.1f}%", pi.buildings_without_use, high * 100) : "";
    v.reason_zh = fmt::format("{} ({}) {:.1f}% {} {}%{}", what_zh, list, low * 100, fail_low ? v.comparison : "满足", num(t.number * 100, 2), part);
    v.reason_en = fmt::format("{} ({}) {:.1f} % {} {} %{}", what_en, list, low * 100, fail_low ? v.comparison : "within", num(t.number * 100, 2),
                              pi.buildings_without_use ? fmt::format("; {} without a use, at most {:.1f} %", pi.buildings_without_use, high * 100) : "");
    return v;
}

// The last `years` years' 亩均税收 all fail → fail; any year passes → pass; else indeterminate.
Verdict years_test(const std::string& id, const Param& t, int years, int eval_year, const analysis::MujunUnit& u,
                   const std::string& what_zh, const std::string& what_en) {
    Verdict v;
    v.rule_id = id;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::le);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    if (auto it = u.tax_per_mu_by_year.find(eval_year); it != u.tax_per_mu_by_year.end()) v.measured = it->second;
    int failed = 0, missing = 0;
    std::vector<std::string> parts;
    for (int y = eval_year; y > eval_year - years; --y) {
        auto it = u.tax_per_mu_by_year.find(y);
        if (it == u.tax_per_mu_by_year.end()) { ++missing; parts.push_back(fmt::format("{}: 缺", y)); continue; }
        if (fails_threshold(it->second, cmp, t.number)) ++failed;
        parts.push_back(fmt::format("{}: {}", y, num(it->second, 2)));
    }
    const std::string yrs = fmt::format("{}", fmt::join(parts, ", "));
    if (failed == years) {
        v.outcome = Outcome::fail;
        v.reason_zh = fmt::format("{}亩均税收 {} 万元/亩 {} {} ({} 年)", what_zh, yrs, v.comparison, num(t.number), years);
        v.reason_en = fmt::format("{}tax per mu {} (10k CNY/mu) {} {} ({} year(s))", what_en, yrs, v.comparison, num(t.number), years);
    } else if (failed + missing == years && missing > 0) {
        v.outcome = Outcome::indeterminate;
        v.reason_zh = fmt::format("{}亩均税收年度数据不全: {}", what_zh, yrs);
        v.reason_en = fmt::format("{}tax per mu missing for some of the {} years: {}", what_en, years, yrs);
        v.missing = "tax_years";
    } else {
        v.outcome = Outcome::pass;
        v.reason_zh = fmt::format("{}亩均税收 {} 万元/亩 未全部 {} {}", what_zh, yrs, v.comparison, num(t.number));
        v.reason_en = fmt::format("{}tax per mu {} not {} {} in every year", what_en, yrs, v.comparison, num(t.number));
    }
    return v;
}

std::optional<Verdict> no_unit(const std::string& id, const analysis::ParcelIntensity& pi, bool industrial_only) {
    if (industrial_only) if (auto g = industrial_gate(id, pi)) return *g;
    Verdict v = make(id, Outcome::indeterminate, "无企业亩均数据关联本宗地", "no enterprise 亩均 data joined to this parcel");
    v.missing = "enterprise";
    return v;
}

} // namespace

std::vector<YearVerdict> judge_supply_mix(const Profile& p, const analysis::SupplyMixResult& mix) {
    if (!mix.ran) return {};
    return judge_supply_mix_years(p, mix.years);
}

std::vector<YearVerdict> judge_supply_mix_years(const Profile& p, const std::vector<analysis::SupplyMixYear>& years) {
    std::vector<YearVerdict> out;
    const Param& t = p.number_param("supply_mix.industrial_share_min");
    const Comparison cmp = t.fail_if.value_or(Comparison::lt);
    for (const auto& y : years) {
        Verdict v;
        v.rule_id = "R17.supply_mix";
        v.threshold = t.number;
        v.comparison = to_symbol(cmp);
        v.clause = t.cite;
        if (y.transferred_m2 <= 0) {
            v.outcome = Outcome::not_applicable;
            out.push_back({y, v});
            continue;
        }
        const double share = y.industrial_m2 / y.transferred_m2;
        const double share_if_industrial = (y.industrial_m2 + y.unknown_m2) / y.transferred_m2;
        v.measured = share;
        const bool fail_low = fails_threshold(share, cmp, t.number);
        const bool fail_high = fails_threshold(share_if_industrial, cmp, t.number);
        if (fail_low != fail_high) {
            v.outcome = Outcome::indeterminate;
            v.missing = "land_use";
            v.reason_zh = fmt::format("{} 年工业用地占出让面积 {:.1f}%–{:.1f}% (用途不明 {:.2f} 亩), 标准 {} {}%", y.year, share * 100,
                                      share_if_industrial * 100, m2_to_mu(y.unknown_m2), v.comparison, num(t.number * 100, 2));
            v.reason_en = fmt::format("{}: industrial share of 出让 area {:.1f}–{:.1f} % ({:.2f} mu of unknown use), line {} {} %", y.year,
                                      share * 100, share_if_industrial * 100, m2_to_mu(y.unknown_m2), v.comparison, num(t.number * 100, 2));
        } else {
            v.outcome = fail_low ? Outcome::fail : Outcome::pass;
            v.reason_zh = fmt::format("{} 年工业用地占出让面积 {:.1f}% {} {}%", y.year, share * 100, fail_low ? v.comparison : "满足",
                                      num(t.number * 100, 2));
            v.reason_en = fmt::format("{}: industrial share of 出让 area {:.1f} % {} {} %", y.year, share * 100,
                                      fail_low ? v.comparison : "meets", num(t.number * 100, 2));
        }
        out.push_back({y, v});
    }
    return out;
}

Evaluation evaluate(const Profile& profile, const EvaluationInputs& in) {
    Evaluation ev;
    ev.profile_id = profile.id;
    const auto& parcels = *in.parcels;
    const auto& intensity = *in.intensity;
    if (in.as_of && !profile.in_force(*in.as_of))
        ev.notes.push_back(fmt::format("profile {}: {}", profile.id, profile.validity_note(*in.as_of)));

    const auto has_column = [&](const char* key) { return std::find(parcels.keys.begin(), parcels.keys.end(), key) != parcels.keys.end(); };
    const bool has_flags_column = has_column("policy_flags");
    auto want = [&](const char* rule, const char* id) {
        if (!profile.rule_enabled(rule)) return false;
        if ((std::string(rule) == "tax_low" || std::string(rule) == "yiyuan" || std::string(rule) == "class_d") && !in.mujun) {
            ev.skipped_rules[id] = "no enterprise (亩均) table";
            return false;
        }
        if (std::string(rule) == "policy_flags" && !has_flags_column) {
            ev.skipped_rules[id] = "parcels have no policy_flags column";
            return false;
        }
        // R07/R08 read a column most deliveries do not have: without it the rule does not run
        // (and says so), rather than listing every industrial parcel as not judged.
        if (std::string(id) == "R07.ancillary" && !parcels.has_column("ancillary_area_m2") && !in.have_building_use) {
            ev.skipped_rules[id] = "parcels have no ancillary_area_m2 column and buildings no use (用途)";
            return false;
        }
        if (std::string(id) == "R07.ancillary_floor" && (!in.have_building_use || !profile.find("far.ancillary_floor_share_max_raised"))) {
            if (!profile.find("far.ancillary_floor_share_max_raised")) return false;   // the county has no floor-area cap
            ev.skipped_rules[id] = "buildings have no use (用途) column";
            return false;
        }
        if (std::string(rule) == "green" && !parcels.has_column("green_area_m2")) {
            ev.skipped_rules[id] = "parcels have no green_area_m2 column";
            return false;
        }
        ev.rule_ids.push_back(id);
        return true;
    };
    const bool r_far = want("far", "R04.far");
    const bool r_cov = want("coverage", "R06.coverage");
    const bool r_unb = want("unbuilt", "R04.unbuilt");
    const bool r_anc = want("ancillary", "R07.ancillary");
    const bool r_anc_floor = want("ancillary", "R07.ancillary_floor");
    const bool r_grn = want("green", "R08.green");
    const bool r_tax = want("tax_low", "R10.tax_low");
    const bool r_yi = want("yiyuan", "R10.yiyuan");
    const bool r_d = want("class_d", "R11.class_d");
    const bool r_fl = want("policy_flags", "R20.policy_flags");
    const int eval_year = in.mujun && in.mujun->year ? *in.mujun->year : 0;

    ev.parcels.resize(parcels.features.size());
    // Each parcel is judged on its own (the profile and the measurements are only read), on
    // --threads workers; the counts are tallied afterwards in parcel order.
    const auto judge = [&](geom::GeosContext&, std::size_t j) {
        ParcelVerdicts& pv = ev.parcels[j];
        pv.parcel = j;
        const auto& pi = intensity.parcels[j];
        const analysis::MujunUnit* unit = nullptr;
        if (in.mujun && j < in.mujun->unit_of_parcel.size() && in.mujun->unit_of_parcel[j])
            unit = &in.mujun->units[*in.mujun->unit_of_parcel[j]];
        const analysis::ParcelZone* zone = in.zones && j < in.zones->size() ? &(*in.zones)[j] : nullptr;
        if (r_far) pv.verdicts.push_back(rule_far(profile, pi, in.have_buildings, zone, in.zones != nullptr));
        if (r_cov) pv.verdicts.push_back(rule_coverage(profile, pi, in.have_buildings));
        if (r_unb) pv.verdicts.push_back(rule_unbuilt(profile, pi, in.have_buildings));
        if (r_anc) {
            // 临海 (十四): the raised cap for a stock project in an 产业园区, or of an A/B firm with ≥ 50 亩.
            std::string raised_why_zh, raised_why_en;
            if (profile.find("far.ancillary_land_share_max_raised")) {
                if (const analysis::ParcelZone* z = zone_named(profile, zone, "far.ancillary_raised_zone_words")) {
                    raised_why_zh = "园区 " + z->name + " 内, 放宽上限";
                    raised_why_en = "in the park " + z->name + ": raised cap";
                } else if (unit && unit->land_m2 && names_any_word(unit->mujun_class, profile.texts("far.ancillary_raised_classes")) &&
                           !fails_threshold(m2_to_mu(*unit->land_m2),
                                            profile.number_param("far.ancillary_raised_min_area_mu").fail_if.value_or(Comparison::lt),
                                            profile.number("far.ancillary_raised_min_area_mu"))) {
                    raised_why_zh = fmt::format("亩均 {} 类企业, 用地 {:.2f} 亩, 放宽上限", unit->mujun_class, m2_to_mu(*unit->land_m2));
                    raised_why_en = fmt::format("a class {} firm with {:.2f} mu: raised cap", unit->mujun_class, m2_to_mu(*unit->land_m2));
                }
            }
            const std::string cap_key = raised_why_zh.empty() ? "far.ancillary_land_share_max" : "far.ancillary_land_share_max_raised";
            Verdict v = pi.ancillary_area_m2 || !in.have_building_use
                            ? rule_area_share_cap(profile, pi, "R07.ancillary", "ancillary", cap_key, pi.ancillary_area_m2, "ancillary_area",
                                                  "行政办公及生活服务设施用地", "ancillary land")
                            : rule_use_share_cap(profile, pi, "R07.ancillary", cap_key, false);
            if (!raised_why_zh.empty() && (v.outcome == Outcome::fail || v.outcome == Outcome::pass)) {
                v.reason_zh += " (" + raised_why_zh + ")";
                v.reason_en += " (" + raised_why_en + ")";
            }
            pv.verdicts.push_back(std::move(v));
            if (r_anc_floor) {
                if (raised_why_zh.empty()) {
                    Verdict f = make("R07.ancillary_floor", Outcome::not_applicable, "不适用放宽条件, 建筑面积占比无上限 (2008 控制指标只限用地)",
                                     "the raised cap does not apply; no floor-area cap (the 2008 indicators cap land only)");
                    if (auto g = industrial_gate("R07.ancillary_floor", pi)) f = *g;
                    pv.verdicts.push_back(std::move(f));
                } else {
                    Verdict f = rule_use_share_cap(profile, pi, "R07.ancillary_floor", "far.ancillary_floor_share_max_raised", true);
                    if (f.outcome == Outcome::fail || f.outcome == Outcome::pass) {
                        f.reason_zh += " (" + raised_why_zh + ")";
                        f.reason_en += " (" + raised_why_en + ")";
                    }
                    pv.verdicts.push_back(std::move(f));
                }
            }
        }
        if (r_grn)
            pv.verdicts.push_back(rule_area_share_cap(profile, pi, "R08.green", "green", "far.green_ratio_max", pi.green_area_m2,
                                                      "green_area", "绿地", "green space"));
        if (r_tax) {
            const bool ind = profile.flag("rules.tax_low.industrial_only", true);
            if (!unit || (ind && !pi.industrial.value_or(false))) pv.verdicts.push_back(*no_unit("R10.tax_low", pi, ind));
            else pv.verdicts.push_back(years_test("R10.tax_low", profile.number_param("rules.tax_low.threshold_10k_per_mu"),
                                                  static_cast<int>(profile.number("rules.tax_low.years")), eval_year, *unit, "", ""));
        }
        if (r_yi) {
            const bool ind = profile.flag("rules.yiyuan.industrial_only", true);
            if (!unit || (ind && !pi.industrial.value_or(false))) pv.verdicts.push_back(*no_unit("R10.yiyuan", pi, ind));
            else {
                const Param& rev = profile.number_param("rules.yiyuan.revenue_min_10k");
                auto r = unit->revenue_by_year.find(eval_year);
                if (r == unit->revenue_by_year.end()) {
                    Verdict v = make("R10.yiyuan", Outcome::indeterminate, "营业收入缺失, 无法判断是否亿元企业",
                                     "revenue missing: cannot tell whether a 亿元 enterprise");
                    v.missing = "revenue";
                    v.clause = rev.cite;
                    pv.verdicts.push_back(v);
                } else if (fails_threshold(r->second, rev.fail_if.value_or(Comparison::lt), rev.number)) {
                    Verdict v = make("R10.yiyuan", Outcome::not_applicable,
                                     fmt::format("营业收入 {} 万元 < {} 万元, 非亿元企业", num(r->second, 0), num(rev.number, 0)),
                                     fmt::format("revenue {} (10k CNY) below {}: not a 亿元 enterprise", num(r->second, 0), num(rev.number, 0)));
                    v.clause = rev.cite;
                    pv.verdicts.push_back(v);
                } else {
                    pv.verdicts.push_back(years_test("R10.yiyuan", profile.number_param("rules.yiyuan.threshold_10k_per_mu"),
                                                     static_cast<int>(profile.number("rules.yiyuan.years")), eval_year, *unit,
                                                     "亿元企业 ", "亿元 enterprise: "));
                }
            }
        }
        if (r_d) {
            const Param& qd = profile.number_param("mujun.quota_d");
            Verdict v;
            v.rule_id = "R11.class_d";
            v.clause = profile.text("rules.class_d.clause") + "; 分类比例: " + qd.cite;
            if (!unit) {
                if (auto g = industrial_gate("R11.class_d", pi)) v = *g, v.clause = profile.text("rules.class_d.clause");
                else { v.outcome = Outcome::indeterminate; v.reason_zh = "无企业亩均数据关联本宗地"; v.reason_en = "no enterprise 亩均 data joined to this parcel"; v.missing = "enterprise"; }
            } else if (!unit->has_year_data) {
                // The unit has 亩均 rows, but none in the evaluation year (a back-year run, a
                // table still being filled): missing data, never "not applicable".
                v.outcome = Outcome::indeterminate;
                v.reason_zh = fmt::format("亩均数据无评价年度 ({}) 记录", eval_year ? std::to_string(eval_year) : std::string("基准日及以前"));
                v.reason_en = fmt::format("no 亩均 rows in the evaluation year ({})", eval_year ? std::to_string(eval_year) : std::string("as of or before"));
                v.missing = "enterprise_year";
            } else if (!unit->in_scope) {
                v.outcome = Outcome::not_applicable;
                v.reason_zh = "不在评价范围: " + unit->scope_note;
                v.reason_en = "outside the evaluation scope: " + unit->scope_note;
            } else if (unit->mujun_class.empty()) {
                v.outcome = Outcome::indeterminate;
                v.reason_zh = "未评分: " + unit->class_note;
                v.reason_en = "not scored: " + unit->class_note;
                v.missing = "not_scored";
            } else {
                v.measured = unit->score;
                v.outcome = unit->mujun_class == "D" ? Outcome::fail : Outcome::pass;
                v.reason_zh = fmt::format("亩均评价 {} 类 (得分 {}, 排名 {}){}", unit->mujun_class, num(unit->score.value_or(0), 2),
                                          unit->rank, unit->class_note.empty() ? "" : "; " + unit->class_note);
                v.reason_en = fmt::format("亩均 class {} (score {}, rank {}){}", unit->mujun_class, num(unit->score.value_or(0), 2),
                                          unit->rank, unit->class_note.empty() ? "" : "; " + unit->class_note);
            }
            pv.verdicts.push_back(v);
        }
        if (r_fl) {
            const std::string flags = analysis::layer_text(parcels, j, "policy_flags");
            Verdict v = flags.empty()
                ? make("R20.policy_flags", Outcome::pass, "无低效情形标记", "no inefficiency flag")
                : make("R20.policy_flags", Outcome::fail, "低效情形: " + flags, "inefficiency flag: " + flags);
            v.clause = profile.text("rules.policy_flags.clause");
            pv.verdicts.push_back(v);
        }
        for (auto& v : pv.verdicts) {
            if (v.outcome == Outcome::fail) ++pv.fails;
            if (v.outcome == Outcome::indeterminate) ++pv.indeterminate;
            // Reasons are kept where a list shows them (fail, indeterminate): a county has over a
            // million verdicts, and the reasons of the others held a few hundred MB.
            if (v.outcome == Outcome::pass || v.outcome == Outcome::not_applicable) {
                std::string().swap(v.reason_zh);
                std::string().swap(v.reason_en);
            }
        }
    };
    geom::GeosContext ctx;
    geom::parallel_for(ctx, parcels.features.size(), in.threads, judge);
    for (const auto& pv : ev.parcels)
        for (const auto& v : pv.verdicts) {
            ++ev.counts[v.rule_id][static_cast<int>(v.outcome)];
            if (v.outcome == Outcome::indeterminate) ++ev.missing[v.rule_id][v.missing.empty() ? "other" : v.missing];
        }
    return ev;
}

std::optional<std::string> mujun_unit_problem(const Profile& p, const analysis::MujunResult& mujun) {
    if (!mujun.year) return std::nullopt;
    std::vector<double> tax;
    for (const auto& u : mujun.units)
        if (u.has_year_data && u.in_scope)
            if (auto t = u.metric("tax_per_mu")) tax.push_back(*t);
    if (tax.empty()) return std::nullopt;
    const double max_plausible = p.number("mujun.tax_per_mu_plausible_max_10k");
    std::nth_element(tax.begin(), tax.begin() + static_cast<std::ptrdiff_t>(tax.size() / 2), tax.end());
    const double median = tax[tax.size() / 2];
    if (median <= max_plausible) return std::nullopt;
    return fmt::format("亩均数据 tax (税收) 列: {} 年亩均税收中位数 {:.0f} 万元/亩, 超过可信上限 {:g} 万元/亩 — 税收很可能以“元”为单位 "
                       "(按元折算为 {:.2f} 万元/亩)。请在项目文件 [layers.enterprises] 中写 units = {{ tax = \"元\" }}, 或把表头写成 "
                       "税收（元）; the median tax per mu in {} is {:.0f} (10k CNY/mu), above the plausible {:g}: the tax column is "
                       "most likely in 元 (yuan); set units = {{ tax = \"元\" }} under [layers.enterprises] or head the column 税收（元）",
                       *mujun.year, median, max_plausible, median / 10000, *mujun.year, median, max_plausible);
}

} // namespace tl::rules
