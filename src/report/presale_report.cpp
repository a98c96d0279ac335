#include "report/presale_report.hpp"

#include <cmath>
#include <map>

#include "core/units.hpp"

namespace tl::report {

Table presale_table(const std::vector<rules::PresaleVerdict>& verdicts, const geom::Layer& supplies, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "presale";
    t.columns = {
        {"supply_id", "供地编号", "supply_id", K::text},
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"owner", "权利人", "holder", K::text},
        {"township", "镇街", "township", K::text},
        {"kind", "供应方式", "supply_kind", K::text},
        {"supplied_on", "供应日期", "supplied_on", K::date},
        {"area_m2", "面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "面积(亩)", "area_mu", K::area_mu},
        {"planned_10k", "计划总投资(万元)", "planned_investment_10k_cny", K::real, 2},
        {"invested_10k", "已完成投资(万元)", "invested_10k_cny", K::real, 2},
        {"invested_share", "投资比例", "invested_share", K::ratio},
        {"comparison", "列入条件", "listed_if", K::text},
        {"threshold", "标准值", "threshold", K::ratio},
        {"rule", "规则", "rule", K::text},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
    };
    for (const auto& pv : verdicts) {
        if (pv.verdict.outcome != rules::Outcome::fail) continue;   // the list holds the candidates
        const auto& s = *pv.supply;
        const auto& v = pv.verdict;
        auto opt = [](const std::optional<double>& d) { return d ? Cell{*d} : Cell{}; };
        t.add_row({Cell{s.supply_id}, Cell{s.parcel_id}, Cell{s.owner}, Cell{s.township.empty() ? (lang == Lang::zh ? "(镇街外)" : "(outside)") : s.township},
                   Cell{s.kind}, s.supplied_on ? Cell{s.supplied_on->iso()} : Cell{}, Cell{s.area_m2}, Cell{m2_to_mu(s.area_m2)},
                   opt(s.planned_10k), opt(s.invested_10k), opt(v.measured), Cell{v.comparison}, opt(v.threshold), Cell{v.rule_id},
                   Cell{v.clause}, Cell{lang == Lang::zh ? v.reason_zh : v.reason_en}},
                  supplies.features[s.supply].geom.get());
    }
    return t;
}

nlohmann::ordered_json presale_summary_json(const analysis::PresaleMeasure& m, const std::vector<rules::PresaleVerdict>& verdicts,
                                            const rules::Profile& profile) {
    nlohmann::ordered_json j;
    j["rule"] = "R19.presale";
    j["name"] = profile.text("presale.name");
    j["ran"] = m.ran;
    if (!m.ran) {
        j["skipped_reason"] = m.skipped_reason;
        return j;
    }
    std::int64_t n = 0, judged = 0, unknown = 0;
    double area = 0;
    std::map<std::string, std::pair<std::int64_t, double>> by_town;
    for (const auto& pv : verdicts) {
        if (pv.verdict.outcome == rules::Outcome::indeterminate) ++unknown;
        if (pv.verdict.outcome == rules::Outcome::fail || pv.verdict.outcome == rules::Outcome::pass) ++judged;
        if (pv.verdict.outcome != rules::Outcome::fail) continue;
        ++n;
        area += pv.supply->area_m2;
        auto& t = by_town[pv.supply->township];
        ++t.first;
        t.second += pv.supply->area_m2;
    }
    j["count"] = n;
    j["area_m2"] = area;
    j["area_mu"] = m2_to_mu(area);
    j["supplies_judged"] = judged;
    j["supplies_indeterminate"] = unknown;
    j["supplies_not_industrial"] = m.not_industrial;
    const rules::Param& t = profile.number_param("presale.invested_share_max");
    j["threshold"] = t.number;
    j["clause"] = t.cite;
    nlohmann::ordered_json towns = nlohmann::ordered_json::array();
    for (const auto& [town, c] : by_town)
        towns.push_back({{"township", town}, {"count", c.first}, {"area_m2", c.second}, {"area_mu", m2_to_mu(c.second)}});
    j["by_township"] = towns;
    return j;
}

RuleCoverage presale_coverage(const analysis::PresaleMeasure& m, const std::vector<rules::PresaleVerdict>& verdicts,
                              const rules::Profile& profile) {
    RuleCoverage c;
    c.rule = "R19.presale";
    c.category = "presale";
    c.name_zh = profile.text("presale.name");
    c.name_en = "advance-registered transfer candidates (预告登记)";
    if (!m.ran) {
        c.ran = false;
        c.not_run_zh = "无供地图层";
        c.not_run_en = "no supplies layer";
        c.fix_zh = "提供供地图层 (supplies / 供地 / gd), 含计划总投资与已完成投资";
        c.fix_en = "add the supplies layer with planned and completed investment";
        return c;
    }
    std::map<std::string, std::int64_t> missing;
    for (const auto& pv : verdicts) {
        switch (pv.verdict.outcome) {
            case rules::Outcome::pass: ++c.pass; break;
            case rules::Outcome::fail: ++c.fail; break;
            case rules::Outcome::not_applicable: ++c.not_applicable; break;
            case rules::Outcome::indeterminate: ++c.indeterminate; ++missing[pv.verdict.missing]; break;
        }
    }
    c.judged = c.pass + c.fail;
    for (const auto& [code, n] : missing) {
        const auto& mi = rules::missing_info(code);
        c.not_judged.push_back({code, n, mi.what_zh, mi.what_en, mi.fix_zh, mi.fix_en});
    }
    return c;
}

} // namespace tl::report
