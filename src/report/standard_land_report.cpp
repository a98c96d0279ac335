#include "report/standard_land_report.hpp"

#include <cmath>
#include <map>

#include "core/units.hpp"
#include "report/labels.hpp"

namespace tl::report {

namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }
double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

Cell opt(const std::optional<double>& d) { return d ? Cell{*d} : Cell{}; }

// The indicator's name in the run's language.
std::string indicator_name(const std::string& id, Lang lang) {
    struct Name { const char* id; const char* zh; const char* en; };
    static const Name kNames[] = {
        {"investment", "固定资产投资强度", "investment intensity"}, {"far", "容积率", "FAR"}, {"tax", "亩均税收", "tax per mu"},
        {"energy", "能耗 (单位能耗增加值 / 单位增加值能耗)", "energy (value added per tce / tce per value added)"},
        {"emission", "单位排放增加值", "value added per t emitted"}, {"rd", "R&D经费占比", "R&D share"},
        {"density", "建筑密度 (标准地新建项目放宽上限)", "building coverage (relaxed cap, new 标准地 projects)"},
        {"energy_route", "节能审查路由 (单位工业增加值能耗)", "energy-review route (energy intensity)"},
    };
    for (const auto& n : kNames)
        if (id == n.id) return lang == Lang::zh ? n.zh : n.en;
    return id;
}

std::string route_words(const std::string& route, Lang lang) {
    if (route == "green") return lang == Lang::zh ? "路由: 绿色通道" : "route: green channel";
    if (route == "review") return lang == Lang::zh ? "路由: 按标准审查" : "route: standard review";
    return "";
}

std::string place(const std::string& township, Lang lang) {
    return township.empty() ? (lang == Lang::zh ? "(镇街外)" : "(outside the townships)") : township;
}

} // namespace

Table standard_land_table(const std::vector<rules::StandardLandVerdict>& verdicts, const geom::Layer& supplies, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "standard_land";
    t.columns = {
        {"supply_id", "供地编号", "supply_id", K::text},
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"owner", "权利人", "holder", K::text},
        {"township", "镇街", "township", K::text},
        {"supplied_on", "供应日期", "supplied_on", K::date},
        {"area_m2", "面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "面积(亩)", "area_mu", K::area_mu},
        {"accepted_on", "验收日期", "accepted_on", K::date},
        {"reviewed_on", "复核日期", "reviewed_on", K::date},
        {"rule", "规则", "rule", K::text},
        {"indicator", "指标", "indicator", K::text},
        {"unit", "单位", "unit", K::text},
        {"contract", "约定值", "contract_value", K::real, 4},
        {"measured", "实测值", "measured", K::real, 4},
        {"comparison", "不达标条件", "fails_if", K::text},
        {"threshold", "标准值", "threshold", K::real, 4},
        {"outcome", "判定", "outcome", K::text, 2, kDomainVerdict},
        {"route", "路由", "route", K::text},
        {"enterprise_year", "亩均数据年度", "enterprise_year", K::integer},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
    };
    for (const auto& sv : verdicts) {
        const auto& s = *sv.supply;
        const auto& v = sv.verdict;
        const bool output = sv.indicator == "tax" || sv.indicator == "energy" || sv.indicator == "emission" || sv.indicator == "rd";
        t.add_row({Cell{s.supply_id}, Cell{s.parcel_id}, Cell{s.owner}, Cell{place(s.township, lang)},
                   s.supplied_on ? Cell{s.supplied_on->iso()} : Cell{}, Cell{s.area_m2}, Cell{m2_to_mu(s.area_m2)},
                   s.accepted_on ? Cell{s.accepted_on->iso()} : Cell{}, s.reviewed_on ? Cell{s.reviewed_on->iso()} : Cell{},
                   Cell{v.rule_id}, Cell{indicator_name(sv.indicator, lang)}, Cell{sv.unit}, opt(sv.contract), opt(v.measured),
                   Cell{v.comparison}, opt(v.threshold), Cell{std::string(rules::to_string(v.outcome))}, Cell{route_words(sv.route, lang)},
                   output && s.enterprise_year ? Cell{static_cast<std::int64_t>(*s.enterprise_year)} : Cell{}, Cell{v.clause},
                   Cell{lang == Lang::zh ? v.reason_zh : v.reason_en}},
                  // the map and the GeoJSON draw the supplies a planner follows up: an indicator 不达标 or 无法判定
                  v.outcome == rules::Outcome::fail || v.outcome == rules::Outcome::indeterminate ? supplies.features[s.supply].geom.get()
                                                                                                   : nullptr);
    }
    return t;
}

Table standard_land_share_table(const std::vector<rules::StandardLandYearVerdict>& years, const StandardLandTownYears& towns, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "standard_land_share";
    t.columns = {
        {"township", "镇街", "township", K::text},
        {"year", "年度", "year", K::integer},
        {"supplies", "出让工业用地宗数", "industrial_supplies", K::integer},
        {"standard", "其中标准地宗数", "standard_land_supplies", K::integer},
        {"not_standard", "非标准地宗数", "not_standard_land_supplies", K::integer},
        {"unflagged", "未填是否标准地宗数", "unflagged_supplies", K::integer},
        {"area_mu", "出让工业用地面积(亩)", "industrial_area_mu", K::area_mu},
        {"standard_mu", "其中标准地面积(亩)", "standard_land_area_mu", K::area_mu},
        {"count_share", "标准地宗数占比", "count_share", K::ratio},
        {"share", "标准地面积占比", "area_share", K::ratio},
        {"comparison", "不达标条件", "fails_if", K::text},
        {"threshold", "标准值", "threshold", K::ratio},
        {"outcome", "判定", "outcome", K::text, 2, kDomainVerdict},
        {"rule", "规则", "rule", K::text},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
    };
    auto rows = [&](const std::string& where, const std::vector<rules::StandardLandYearVerdict>& list) {
        for (const auto& yv : list) {
            const auto& y = yv.year;
            const auto& v = yv.verdict;
            t.add_row({Cell{where}, Cell{static_cast<std::int64_t>(y.year)}, Cell{y.supplies}, Cell{y.standard}, Cell{y.not_standard},
                       Cell{y.unflagged}, Cell{m2_to_mu(y.area_m2)}, Cell{m2_to_mu(y.standard_m2)},
                       y.supplies > 0 ? Cell{static_cast<double>(y.standard) / static_cast<double>(y.supplies)} : Cell{}, opt(yv.share),
                       Cell{v.comparison}, opt(v.threshold), Cell{std::string(rules::to_string(v.outcome))}, Cell{v.rule_id}, Cell{v.clause},
                       Cell{lang == Lang::zh ? v.reason_zh : v.reason_en}});
        }
    };
    rows(lang == Lang::zh ? "全县" : "county", years);
    for (const auto& [town, list] : towns) rows(place(town, lang), list);
    return t;
}

nlohmann::ordered_json standard_land_summary_json(const analysis::StandardLandMeasure& m, const std::vector<rules::StandardLandVerdict>& verdicts,
                                                  const std::vector<rules::StandardLandYearVerdict>& years, const rules::Profile& profile) {
    nlohmann::ordered_json j;
    j["rule"] = "R18";
    j["ran"] = m.ran;
    if (!m.ran) {
        j["skipped_reason"] = m.skipped_reason;
        return j;
    }
    // count/area: the 标准地 supplies with at least one indicator 不达标 (the list a planner follows up).
    std::map<std::size_t, const analysis::StandardLandSupply*> failing;
    std::map<std::string, std::map<std::string, std::int64_t>> by_rule;
    std::int64_t green = 0, review = 0;
    for (const auto& sv : verdicts) {
        ++by_rule[sv.verdict.rule_id][rules::to_string(sv.verdict.outcome)];
        if (sv.verdict.outcome == rules::Outcome::fail) failing.emplace(sv.supply->supply, sv.supply);
        green += sv.route == "green" ? 1 : 0;
        review += sv.route == "review" ? 1 : 0;
    }
    double area = 0;
    for (const auto& [k, s] : failing) area += s->area_m2;
    j["count"] = static_cast<std::int64_t>(failing.size());
    j["count_means"] = "至少一项指标不达标的标准地供地宗数; 标准地 supplies with at least one indicator below the contract";
    j["area_m2"] = round2(area);
    j["area_mu"] = round2(m2_to_mu(area));
    j["standard_land_supplies"] = static_cast<std::int64_t>(m.supplies.size());
    j["flag_column"] = m.flag_column;
    if (!m.flag_column) return j;   // nothing says which supplies are 标准地: no rows, no shares
    nlohmann::ordered_json rules_j = nlohmann::ordered_json::object();
    for (const auto& [rule, counts] : by_rule) {
        nlohmann::ordered_json c = nlohmann::ordered_json::object();
        for (const auto& [o, n] : counts) c[o] = n;
        rules_j[rule] = c;
    }
    j["by_rule"] = rules_j;
    if (profile.find("standard_land.energy_intensity_max_tce_per_10k")) j["energy_route"] = {{"green_channel", green}, {"standard_review", review}};
    nlohmann::ordered_json ys = nlohmann::ordered_json::array();
    std::int64_t years_failed = 0;
    for (const auto& yv : years) {
        nlohmann::ordered_json r;
        r["year"] = yv.year.year;
        r["supplies"] = yv.year.supplies;
        r["standard"] = yv.year.standard;
        r["not_standard"] = yv.year.not_standard;
        r["unflagged"] = yv.year.unflagged;
        r["area_mu"] = round2(m2_to_mu(yv.year.area_m2));
        r["standard_area_mu"] = round2(m2_to_mu(yv.year.standard_m2));
        if (yv.share) r["share"] = round4(*yv.share);
        r["outcome"] = rules::to_string(yv.verdict.outcome);
        years_failed += yv.verdict.outcome == rules::Outcome::fail ? 1 : 0;
        ys.push_back(r);
    }
    j["years"] = ys;
    j["years_below_floor"] = years_failed;
    if (const rules::Param* f = profile.find("standard_land.share_min")) {
        j["threshold"] = f->number;
        j["clause"] = f->cite;
    }
    j["land_use_unknown"] = m.land_use_unknown;
    j["undated"] = m.undated;
    j["before_share_from"] = m.before_share_from;
    return j;
}

std::vector<RuleCoverage> standard_land_coverage(const analysis::StandardLandMeasure& m,
                                                 const std::vector<rules::StandardLandVerdict>& verdicts,
                                                 const std::vector<rules::StandardLandYearVerdict>& years, const rules::Profile& profile) {
    std::vector<RuleCoverage> out;
    auto make = [&](const std::string& rule, const std::string& zh, const std::string& en) {
        RuleCoverage c;
        c.rule = rule;
        c.category = "standard_land";
        c.name_zh = zh;
        c.name_en = en;
        if (!m.ran) {
            c.ran = false;
            c.not_run_zh = "无供地图层";
            c.not_run_en = "no supplies layer";
            c.fix_zh = "提供供地图层 (supplies / 供地), 含是否标准地 (BZD) 与标准地约定指标";
            c.fix_en = "add the supplies layer with the 标准地 flag (BZD) and the contract indicators";
        } else if (!m.flag_column) {
            c.ran = false;
            c.not_run_zh = "供地图层无是否标准地字段";
            c.not_run_en = "the supplies have no 标准地 flag";
            c.fix_zh = "映射供地 standard_land (是否标准地 BZD: 是/否)";
            c.fix_en = "map supplies.standard_land (是否标准地, BZD: 是/否)";
        }
        return c;
    };
    auto count = [](RuleCoverage& c, const rules::Verdict& v, std::map<std::string, std::int64_t>& missing) {
        switch (v.outcome) {
            case rules::Outcome::pass: ++c.pass; break;
            case rules::Outcome::fail: ++c.fail; break;
            case rules::Outcome::not_applicable: ++c.not_applicable; break;
            case rules::Outcome::indeterminate: ++c.indeterminate; ++missing[v.missing]; break;
        }
    };
    auto finish = [](RuleCoverage& c, const std::map<std::string, std::int64_t>& missing) {
        c.judged = c.pass + c.fail;
        for (const auto& [code, n] : missing) {
            const auto& mi = rules::missing_info(code);
            c.not_judged.push_back({code, n, mi.what_zh, mi.what_en, mi.fix_zh, mi.fix_en});
        }
    };
    if (!m.ran || !m.flag_column) {   // one entry says why nothing of R18 ran
        out.push_back(make("R18", "标准地对标", "标准地 compliance"));
        return out;
    }
    std::vector<std::string> ids;
    for (const auto& k : profile.texts("standard_land.indicators")) ids.push_back(k);
    for (const auto& k : profile.texts("standard_land.optional_indicators")) ids.push_back(k);
    if (profile.find("far.standard_land_density_max")) ids.push_back("density");
    if (profile.find("standard_land.energy_intensity_max_tce_per_10k")) ids.push_back("energy_route");
    for (const auto& id : ids) {
        RuleCoverage c = make("R18." + id, "标准地 " + indicator_name(id, Lang::zh), "标准地 " + indicator_name(id, Lang::en));
        std::map<std::string, std::int64_t> missing;
        for (const auto& sv : verdicts)
            if (sv.indicator == id) count(c, sv.verdict, missing);
        finish(c, missing);
        out.push_back(std::move(c));
    }
    if (rules::has_standard_land_share(profile)) {   // the county's «100%“标准地”模式出让»
        RuleCoverage share = make("R18.share", "标准地出让比例", "标准地 share of industrial 出让");
        std::map<std::string, std::int64_t> missing;
        for (const auto& yv : years) count(share, yv.verdict, missing);
        finish(share, missing);
        out.push_back(std::move(share));
    }
    return out;
}

} // namespace tl::report
