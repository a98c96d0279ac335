// R18 标准地; semantics in standard_land.hpp.
#include "rules/standard_land.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/evaluate.hpp"

namespace tl::rules {

namespace {

// One indicator of one supply, as the rule sees it.
struct Reading {
    std::string indicator, name_zh, name_en, unit;
    std::optional<double> contract, measured;
    Comparison fail_if = Comparison::lt;   // measured vs contract: lt = a floor, gt = a cap
    bool output = false;                   // judged at the 复核日期 (else the 验收日期)
    std::string missing;                   // why `measured` is missing (a missing_info code)
    bool lower_bound = false;              // measured is a lower bound (FAR)
}; // struct Reading

std::string enterprise_missing(const analysis::StandardLandMeasure& m, const analysis::StandardLandSupply& s) {
    if (!m.enterprise_table || !s.enterprise_year) return "enterprise";
    return "enterprise_value";
}

std::vector<Reading> readings(const analysis::StandardLandMeasure& m, const analysis::StandardLandSupply& s) {
    std::vector<Reading> r;
    r.push_back({"investment", "固定资产投资强度", "investment intensity", "万元/亩", s.c_investment_10k_per_mu, s.investment_10k_per_mu,
                 Comparison::lt, false, "investment"});
    Reading far{"far", "容积率", "FAR", "", s.c_far, s.far, Comparison::lt, false, ""};
    far.missing = !s.parcel_found ? "supply_parcel" : !m.buildings_layer ? "buildings_layer" : "other";
    far.lower_bound = s.far_is_lower_bound;
    r.push_back(far);
    r.push_back({"tax", "亩均税收", "tax per mu", "万元/亩", s.c_tax_10k_per_mu, s.tax_10k_per_mu, Comparison::lt, true,
                 !s.parcel_found ? "supply_parcel" : enterprise_missing(m, s)});
    // 能耗: 单位能耗增加值 (a floor) when the contract gives it, else 单位增加值能耗 (a cap).
    if (s.c_va_per_tce_10k || !s.c_energy_tce_per_10k)
        r.push_back({"energy", "单位能耗增加值", "value added per tce", "万元/吨标煤", s.c_va_per_tce_10k, s.va_per_tce_10k, Comparison::lt,
                     true, !s.parcel_found ? "supply_parcel" : enterprise_missing(m, s)});
    else
        r.push_back({"energy", "单位增加值能耗", "energy per value added", "吨标煤/万元", s.c_energy_tce_per_10k, s.energy_tce_per_10k,
                     Comparison::gt, true, !s.parcel_found ? "supply_parcel" : enterprise_missing(m, s)});
    r.push_back({"emission", "单位排放增加值", "value added per t emitted", "万元/吨", s.c_va_per_t_emission_10k, s.va_per_t_emission_10k,
                 Comparison::lt, true, !s.parcel_found ? "supply_parcel" : enterprise_missing(m, s)});
    r.push_back({"rd", "R&D经费占比", "R&D share of revenue", "%", s.c_rd_share_pct, s.rd_share_pct, Comparison::lt, true,
                 !s.parcel_found ? "supply_parcel" : enterprise_missing(m, s)});
    return r;
}

std::string fmt_value(double v) { return fmt::format("{:.4g}", v); }

// A measured value short of the contract: fails once its date is due, else 不适用 / 无法判定.
void judge_shortfall(Verdict& v, const std::optional<Date>& due, bool output, const Date& as_of, const std::string& what_zh,
                     const std::string& what_en) {
    const char* date_zh = output ? "复核日期" : "验收日期";
    const char* date_en = output ? "review date" : "acceptance date";
    if (!due) {
        v.outcome = Outcome::indeterminate;
        v.missing = output ? "reviewed_on" : "accepted_on";
        v.reason_zh = fmt::format("{}; 缺{}, 无法确定是否已到考核时点", what_zh, date_zh);
        v.reason_en = fmt::format("{}; no {}: whether it is due is unknown", what_en, date_en);
    } else if (as_of < *due) {
        v.outcome = Outcome::not_applicable;
        v.reason_zh = fmt::format("{}; {} {} 晚于基准日, 尚未到考核时点", what_zh, date_zh, due->iso());
        v.reason_en = fmt::format("{}; {} {} is after the as-of day: not yet due", what_en, date_en, due->iso());
    } else {
        v.outcome = Outcome::fail;
        v.reason_zh = fmt::format("{}; {} {} 已到, 未达约定", what_zh, date_zh, due->iso());
        v.reason_en = fmt::format("{}; {} {} has passed: below the contract", what_en, date_en, due->iso());
    }
}

bool is_new_project(const Profile& p, const analysis::StandardLandSupply& s) {
    return p.effective_from && s.supplied_on && !(*s.supplied_on < *p.effective_from);
}

} // namespace

analysis::StandardLandParams standard_land_params(const Profile& p, const Date& as_of) {
    analysis::StandardLandParams sp;
    sp.as_of = as_of;
    sp.kinds = p.texts("supply_mix.transfer_kinds");
    sp.industrial_prefixes = p.texts("land_use.industrial_prefixes");
    if (const Param* from = p.find("standard_land.share_supplied_from")) sp.share_from = from->date;
    return sp;
}

bool has_standard_land_share(const Profile& p) { return p.find("standard_land.share_min") != nullptr; }

std::vector<StandardLandVerdict> judge_standard_land(const Profile& p, const analysis::StandardLandMeasure& m, const Date& as_of) {
    std::vector<StandardLandVerdict> out;
    if (!m.ran) return out;
    const std::vector<std::string> checked = p.texts("standard_land.indicators");
    const std::vector<std::string> optional = p.texts("standard_land.optional_indicators");
    const Param& tol = p.number_param("standard_land.tolerance");
    const std::string clause = p.text("standard_land.clause");
    const double tax_max = p.number("mujun.tax_per_mu_plausible_max_10k");
    auto listed = [](const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); };

    for (const auto& s : m.supplies) {
        for (const Reading& r : readings(m, s)) {
            const bool must = listed(checked, r.indicator);
            if (!must && !listed(optional, r.indicator)) continue;
            StandardLandVerdict sv;
            sv.supply = &s;
            sv.indicator = r.indicator;
            sv.contract = r.contract;
            sv.unit = r.unit;
            Verdict& v = sv.verdict;
            v.rule_id = "R18." + r.indicator;
            v.clause = clause;
            v.comparison = to_symbol(r.fail_if);
            v.measured = r.measured;
            if (!r.contract) {
                v.outcome = must ? Outcome::indeterminate : Outcome::not_applicable;
                if (must) v.missing = "std_contract";
                v.reason_zh = must ? fmt::format("标准地合同未填{}约定值", r.name_zh) : fmt::format("出让合同未约定{}", r.name_zh);
                v.reason_en = must ? fmt::format("the 标准地 contract's {} is empty", r.name_en)
                                   : fmt::format("the contract sets no {}", r.name_en);
                out.push_back(std::move(sv));
                continue;
            }
            const double c = *r.contract;
            const double t = r.fail_if == Comparison::lt ? c * (1 - tol.number) : c * (1 + tol.number);
            v.threshold = t;
            if (r.indicator == "tax" && c > tax_max) {
                v.outcome = Outcome::indeterminate;
                v.missing = "std_unit";
                v.reason_zh = fmt::format("约定亩均税收 {} 超过 {} 万元/亩, 疑为 元/亩; 请核对单位 (项目文件 units = {{ std_tax_10k_per_mu = \"元/亩\" }})",
                                          fmt_value(c), fmt_value(tax_max));
                v.reason_en = fmt::format("contract tax per mu {} exceeds {} (10k CNY/mu): probably in CNY/mu; check the unit "
                                          "(project file units = {{ std_tax_10k_per_mu = \"元/亩\" }})", fmt_value(c), fmt_value(tax_max));
                out.push_back(std::move(sv));
                continue;
            }
            if (!r.measured) {
                v.outcome = Outcome::indeterminate;
                v.missing = r.missing;
                v.reason_zh = fmt::format("{}约定 {} {}, 实测值缺: {}", r.name_zh, fmt_value(c), r.unit, missing_info(r.missing).what_zh);
                v.reason_en = fmt::format("{} contracted {} {}, not measured: {}", r.name_en, fmt_value(c), r.unit, missing_info(r.missing).what_en);
                out.push_back(std::move(sv));
                continue;
            }
            const double x = *r.measured;
            const std::string what_zh = fmt::format("{} 实测 {} {} 约定 {}{}", r.name_zh, fmt_value(x), v.comparison, fmt_value(c),
                                                    tol.number != 0 ? fmt::format(" (容差 {:g}%)", tol.number * 100) : std::string());
            const std::string what_en = fmt::format("{} measured {} {} contracted {}{}", r.name_en, fmt_value(x), v.comparison, fmt_value(c),
                                                    tol.number != 0 ? fmt::format(" (tolerance {:g} %)", tol.number * 100) : std::string());
            if (!fails_threshold(x, r.fail_if, t)) {
                v.outcome = Outcome::pass;
                v.reason_zh = what_zh + ", 达到约定";
                v.reason_en = what_en + ": meets the contract";
            } else if (r.lower_bound) {
                v.outcome = Outcome::indeterminate;
                v.missing = "floors";
                v.reason_zh = what_zh + "; 容积率为下限值 (部分建筑缺层数和高度)";
                v.reason_en = what_en + "; the FAR is a lower bound (buildings without floors or height)";
            } else {
                judge_shortfall(v, r.output ? s.reviewed_on : s.accepted_on, r.output, as_of, what_zh, what_en);
            }
            out.push_back(std::move(sv));
        }

        // R18.density (临海 (四)): the relaxed 建筑密度 cap of a 标准地 new project.
        if (const Param* cap = p.find("far.standard_land_density_max"); cap && is_new_project(p, s)) {
            StandardLandVerdict sv;
            sv.supply = &s;
            sv.indicator = "density";
            sv.unit = "";
            Verdict& v = sv.verdict;
            v.rule_id = "R18.density";
            v.clause = cap->cite;
            const Comparison cmp = cap->fail_if.value_or(Comparison::gt);
            v.comparison = to_symbol(cmp);
            v.threshold = cap->number;
            sv.contract = cap->number;
            v.measured = s.coverage;
            if (!s.coverage) {
                v.outcome = Outcome::indeterminate;
                v.missing = !s.parcel_found ? "supply_parcel" : "buildings_layer";
                v.reason_zh = fmt::format("建筑密度无法计算: {}", missing_info(v.missing).what_zh);
                v.reason_en = fmt::format("no building coverage: {}", missing_info(v.missing).what_en);
            } else if (!fails_threshold(*s.coverage, cmp, cap->number)) {
                v.outcome = Outcome::pass;
            } else {
                judge_shortfall(v, s.accepted_on, false, as_of,
                                fmt::format("标准地新建项目建筑密度 {:.1f}% {} 放宽上限 {:g}%", *s.coverage * 100, v.comparison, cap->number * 100),
                                fmt::format("building coverage of a new 标准地 project {:.1f} % {} the relaxed cap {:g} %", *s.coverage * 100,
                                            v.comparison, cap->number * 100));
            }
            out.push_back(std::move(sv));
        }

        // R18.energy_route (舟山 三(五)): the 节能审查 route of a new project — never a failure.
        if (const Param* line = p.find("standard_land.energy_intensity_max_tce_per_10k"); line && is_new_project(p, s)) {
            StandardLandVerdict sv;
            sv.supply = &s;
            sv.indicator = "energy_route";
            sv.unit = "吨标煤/万元";
            sv.contract = line->number;
            Verdict& v = sv.verdict;
            v.rule_id = "R18.energy_route";
            v.clause = line->cite;
            const Comparison cmp = line->fail_if.value_or(Comparison::gt);
            v.comparison = to_symbol(cmp);
            v.threshold = line->number;
            std::optional<double> value = s.c_energy_tce_per_10k;
            if (!value && s.c_va_per_tce_10k && *s.c_va_per_tce_10k > 0) value = 1 / *s.c_va_per_tce_10k;
            v.measured = value;
            if (!value) {
                v.outcome = Outcome::indeterminate;
                v.missing = "std_contract";
                v.reason_zh = "合同未填单位增加值能耗或单位能耗增加值, 无法确定节能审查路由";
                v.reason_en = "the contract gives no energy intensity: the energy-review route is unknown";
            } else if (*value < line->number) {   // «低于0.52» (strict)
                v.outcome = Outcome::not_applicable;   // a route, not a standard met or failed: the route says where
                sv.route = "green";
                v.reason_zh = fmt::format("路由: 单位工业增加值能耗 {:.3f} 低于 {:g} 吨标准煤/万元 → 节能审查绿色通道 (路由阈值, 不是达标判定)", *value, line->number);
                v.reason_en = fmt::format("route: energy intensity {:.3f} below {:g} tce/10k CNY → the green channel of the energy review "
                                          "(a routing line, not a pass/fail test)", *value, line->number);
            } else {
                v.outcome = Outcome::not_applicable;
                sv.route = "review";
                v.reason_zh = fmt::format("路由: 单位工业增加值能耗 {:.3f} 不低于 {:g} 吨标准煤/万元 → 按标准进行节能审查 (路由阈值, 不是不达标)", *value, line->number);
                v.reason_en = fmt::format("route: energy intensity {:.3f} not below {:g} tce/10k CNY → the standard energy review "
                                          "(a routing line, not a failure)", *value, line->number);
            }
            out.push_back(std::move(sv));
        }
    }
    return out;
}

std::vector<StandardLandYearVerdict> judge_standard_land_years(const Profile& p, const std::vector<analysis::StandardLandYear>& years,
                                                               const std::string& township) {
    std::vector<StandardLandYearVerdict> out;
    const Param* floor = p.find("standard_land.share_min");
    for (const auto& y : years) {
        StandardLandYearVerdict yv;
        yv.year = y;
        yv.township = township;
        if (y.area_m2 > 0) yv.share = y.standard_m2 / y.area_m2;
        Verdict& v = yv.verdict;
        v.rule_id = "R18.share";
        v.measured = yv.share;
        if (!floor) {
            v.outcome = Outcome::not_applicable;
            v.reason_zh = "本规则集无标准地出让比例要求";
            v.reason_en = "the profile sets no 标准地 share";
            out.push_back(std::move(yv));
            continue;
        }
        const Comparison cmp = floor->fail_if.value_or(Comparison::lt);
        v.comparison = to_symbol(cmp);
        v.threshold = floor->number;
        v.clause = floor->cite;
        if (y.area_m2 <= 0) {
            v.outcome = Outcome::not_applicable;
            v.reason_zh = "当年无出让工业用地";
            v.reason_en = "no industrial land transferred that year";
            out.push_back(std::move(yv));
            continue;
        }
        const double low = y.standard_m2 / y.area_m2, high = (y.standard_m2 + y.unflagged_m2) / y.area_m2;
        const bool fails_low = fails_threshold(low, cmp, floor->number), fails_high = fails_threshold(high, cmp, floor->number);
        if (!fails_low) {
            v.outcome = Outcome::pass;
        } else if (fails_high) {
            v.outcome = Outcome::fail;
            v.reason_zh = fmt::format("{} 年出让工业用地 {} 宗, 标准地 {} 宗, 面积占比 {:.1f}% {} {:g}%", y.year, y.supplies, y.standard,
                                      low * 100, v.comparison, floor->number * 100);
            v.reason_en = fmt::format("{}: {} industrial 出让 supplies, {} as 标准地, area share {:.1f} % {} {:g} %", y.year, y.supplies,
                                      y.standard, low * 100, v.comparison, floor->number * 100);
        } else {
            v.outcome = Outcome::indeterminate;
            v.missing = "standard_land_flag";
            v.reason_zh = fmt::format("{} 年 {} 宗出让工业用地未填是否标准地, 占比在 {:.1f}%–{:.1f}% 之间", y.year, y.unflagged, low * 100, high * 100);
            v.reason_en = fmt::format("{}: {} industrial 出让 supplies without the 标准地 flag; the share lies between {:.1f} % and {:.1f} %",
                                      y.year, y.unflagged, low * 100, high * 100);
        }
        out.push_back(std::move(yv));
    }
    return out;
}

} // namespace tl::rules
