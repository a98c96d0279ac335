#include "report/supply_mix_report.hpp"

#include <cmath>

#include "core/units.hpp"

namespace tl::report {

namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }
double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

const char* outcome_label(rules::Outcome o, Lang lang) { return lang == Lang::zh ? rules::to_string_zh(o) : rules::to_string(o); }

} // namespace

Table supply_mix_table(const std::vector<rules::YearVerdict>& years, const TownshipYears& towns, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "supply_mix";
    t.columns = {
        {"township", "镇街", "township", K::text},
        {"year", "年度", "year", K::integer},
        {"supplies", "出让宗数", "supplies", K::integer},
        {"transferred_m2", "出让面积(平方米)", "transferred_m2", K::area_m2},
        {"transferred_mu", "出让面积(亩)", "transferred_mu", K::area_mu},
        {"industrial_m2", "其中工业用地(平方米)", "industrial_m2", K::area_m2},
        {"unknown_m2", "用途不明(平方米)", "unknown_use_m2", K::area_m2},
        {"industrial_share", "工业用地占比", "industrial_share", K::ratio},
        {"comparison", "不达标条件", "fails_if", K::text},
        {"threshold", "标准值", "threshold", K::ratio},
        {"outcome", "结果", "outcome", K::text},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
    };
    const std::string county = lang == Lang::zh ? "全县" : "county";
    auto rows = [&](const std::string& place, const std::vector<rules::YearVerdict>& list) {
      for (const auto& [y, v] : list) {
        t.add_row({Cell{place}, Cell{static_cast<std::int64_t>(y.year)}, Cell{static_cast<std::int64_t>(y.supplies)}, Cell{y.transferred_m2},
                   Cell{m2_to_mu(y.transferred_m2)}, Cell{y.industrial_m2}, Cell{y.unknown_m2},
                   v.measured ? Cell{*v.measured} : Cell{}, Cell{v.comparison}, v.threshold ? Cell{*v.threshold} : Cell{},
                   Cell{std::string(outcome_label(v.outcome, lang))}, Cell{v.clause},
                   Cell{lang == Lang::zh ? v.reason_zh : v.reason_en}});
      }
    };
    rows(county, years);
    for (const auto& [town, list] : towns) rows(town.empty() ? (lang == Lang::zh ? "(镇街外)" : "(outside the townships)") : town, list);
    return t;
}

nlohmann::ordered_json supply_mix_summary_json(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years,
                                               const TownshipYears& towns) {
    nlohmann::ordered_json j;
    j["rule"] = "R17";
    j["ran"] = mix.ran;
    if (!mix.ran) {
        j["skipped_reason"] = mix.skipped_reason;
        return j;
    }
    std::int64_t fail = 0;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& [y, v] : years) {
        nlohmann::ordered_json r;
        r["year"] = y.year;
        r["supplies"] = static_cast<std::int64_t>(y.supplies);
        r["transferred_area_m2"] = round2(y.transferred_m2);
        r["transferred_area_mu"] = round2(m2_to_mu(y.transferred_m2));
        r["industrial_area_m2"] = round2(y.industrial_m2);
        r["unknown_use_area_m2"] = round2(y.unknown_m2);
        if (v.measured) r["industrial_share"] = round4(*v.measured);
        r["outcome"] = rules::to_string(v.outcome);
        if (v.outcome == rules::Outcome::fail) ++fail;
        rows.push_back(r);
    }
    j["count"] = fail;   // years below the floor
    if (!years.empty()) {
        j["threshold"] = years.front().verdict.threshold.value_or(0);
        j["clause"] = years.front().verdict.clause;
    }
    j["years"] = rows;
    nlohmann::ordered_json by_town = nlohmann::ordered_json::array();
    for (const auto& [town, list] : towns) {
        nlohmann::ordered_json t;
        t["township"] = town;
        nlohmann::ordered_json ys = nlohmann::ordered_json::array();
        for (const auto& [y, v] : list) {
            nlohmann::ordered_json r;
            r["year"] = y.year;
            r["transferred_area_m2"] = round2(y.transferred_m2);
            r["industrial_area_m2"] = round2(y.industrial_m2);
            if (v.measured) r["industrial_share"] = round4(*v.measured);
            r["outcome"] = rules::to_string(v.outcome);
            ys.push_back(r);
        }
        t["years"] = ys;
        by_town.push_back(t);
    }
    j["by_township"] = by_town;
    j["supplies_without_kind"] = static_cast<std::int64_t>(mix.no_kind);
    j["supplies_undated"] = static_cast<std::int64_t>(mix.undated);
    return j;
}

RuleCoverage supply_mix_coverage(const analysis::SupplyMixResult& mix, const std::vector<rules::YearVerdict>& years) {
    RuleCoverage c;
    c.rule = "R17.supply_mix";
    c.category = "supply_mix";
    c.name_zh = "供地结构 (工业用地占年度出让比例)";
    c.name_en = "supply mix (industrial share of each year's 出让 area)";
    if (!mix.ran) {
        c.ran = false;
        c.not_run_zh = "无供地图层";
        c.not_run_en = "no supplies layer";
        c.fix_zh = "提供供地图层 (supplies / 供地 / gd)";
        c.fix_en = "add the supplies layer";
        return c;
    }
    std::int64_t unknown = 0;
    for (const auto& [y, v] : years) {
        switch (v.outcome) {
            case rules::Outcome::pass: ++c.pass; break;
            case rules::Outcome::fail: ++c.fail; break;
            case rules::Outcome::not_applicable: ++c.not_applicable; break;
            case rules::Outcome::indeterminate: ++c.indeterminate; ++unknown; break;
        }
    }
    c.judged = c.pass + c.fail;
    if (unknown > 0) {
        const auto& m = rules::missing_info("land_use");
        c.not_judged.push_back({"land_use", unknown, m.what_zh, m.what_en, m.fix_zh, m.fix_en});
    }
    return c;
}

} // namespace tl::report
