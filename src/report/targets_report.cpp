#include "report/targets_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "core/units.hpp"
#include "report/html.hpp"

namespace tl::report {

namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }
double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

bool area_measure(rules::TargetMeasure m) { return m == rules::TargetMeasure::area || m == rules::TargetMeasure::area_per_year; }

// 低效 + 闲置 (亩), county or one 镇街, as written on the lists.
double closable_mu(const ClosableLand& land, const std::string* town) {
    auto of = [&](const ShortlistTotals& t) {
        if (!town) return t.all.area_mu();
        const auto it = t.by_township.find(*town);
        return it == t.by_township.end() ? 0.0 : it->second.area_mu();
    };
    return of(land.inefficient) + of(land.idle);
}

std::string closable_words(const ClosableLand& land, const std::string* town, bool mujun, Lang lang) {
    const bool zh = lang == Lang::zh;
    auto of = [&](const ShortlistTotals& t) {
        if (!town) return t.all;
        const auto it = t.by_township.find(*town);
        return it == t.by_township.end() ? AreaCount{} : it->second;
    };
    auto part = [&](const char* zh_name, const char* en_name, bool ran, const ShortlistTotals& t) {
        if (!ran) return std::string(zh ? zh_name : en_name) + (zh ? " 未运行" : " not run");
        const AreaCount a = of(t);
        return fmt::format("{} {:.2f} {} ({} {})", zh ? zh_name : en_name, a.area_mu(), zh ? "亩" : "mu", a.count, zh ? "处" : "entries");
    };
    std::string s = part("低效", "inefficient", land.inefficient_ran, land.inefficient);
    if (mujun) return s;
    s += (zh ? " + " : " + ") + part("闲置", "idle", land.idle_ran, land.idle);
    s += (zh ? "; 另 " : "; besides, ") + part("批而未供", "approved-unsupplied", land.unsupplied_ran, land.unsupplied);
    return s;
}

} // namespace

ClosableLand closable_land(const std::vector<const Table*>& tables) {
    ClosableLand l;
    if (const Table* t = totals_table(tables, "inefficient")) l.inefficient_ran = true, l.inefficient = shortlist_totals(*t);
    if (const Table* t = totals_table(tables, "idle")) l.idle_ran = true, l.idle = shortlist_totals(*t);
    if (const Table* t = totals_table(tables, "unsupplied")) l.unsupplied_ran = true, l.unsupplied = shortlist_totals(*t);
    return l;
}

Table targets_table(const std::vector<rules::TargetVerdict>& targets, const analysis::RevitalizedArea* area, const ClosableLand& land,
                    Lang lang) {
    using K = ColumnKind;
    const bool zh = lang == Lang::zh;
    Table t;
    t.name = "targets";
    t.columns = {
        {"target", "目标", "target", K::text},
        {"rule", "规则", "rule", K::text},
        {"township", "镇街", "township", K::text},
        {"year", "目标年度", "year", K::integer},
        {"target_value", "目标值", "target value", K::real, 2},
        {"unit", "单位", "unit", K::text},
        {"period", "统计期间", "period counted", K::text},
        {"achieved", "完成值", "achieved", K::real, 2},
        {"gap", "差距", "gap", K::real, 2},
        {"progress", "完成进度", "progress", K::ratio},
        {"outcome", "结果", "outcome", K::text},
        {"closable_mu", "清单可补面积(亩)", "closable on the lists (mu)", K::area_mu},
        {"closable", "清单构成", "shortlists", K::text},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
    };
    const std::string county = zh ? "全县" : "county";
    auto opt = [](const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; };
    for (const auto& v : targets) {
        const bool area_t = area_measure(v.measure), mujun = !area_t && v.measure != rules::TargetMeasure::none;
        const bool counted = area_t && area;
        t.add_row({target_label(v.key, lang), v.verdict.rule_id, county, v.year ? Cell{static_cast<std::int64_t>(*v.year)} : Cell{},
                   Cell{v.target}, v.unit, counted ? Cell{v.period_from.iso() + " — " + v.period_to.iso()} : Cell{}, opt(v.achieved),
                   opt(v.gap), opt(v.progress), rules::target_status(v, zh),
                   area_t || mujun ? Cell{area_t ? closable_mu(land, nullptr) : land.inefficient.all.area_mu()} : Cell{},
                   area_t || mujun ? Cell{closable_words(land, nullptr, mujun, lang)} : Cell{}, v.verdict.clause,
                   zh ? v.verdict.reason_zh : v.verdict.reason_en});
    }
    // The 盘活台账 by 镇街 for each county-wide area target (a breakdown: the targets are the county's).
    if (area) {
        for (const auto& v : targets) {
            if (v.measure != rules::TargetMeasure::area) continue;
            for (const auto& [town, m2] : area->by_township_m2) {
                (void)m2;
                const double mu = m2_to_mu(area->between_m2(v.period_from, v.period_to, &town));
                const std::string name = town.empty() ? (zh ? "(未填镇街)" : "(no township given)") : town;
                t.add_row({target_label(v.key, lang), v.verdict.rule_id, name, v.year ? Cell{static_cast<std::int64_t>(*v.year)} : Cell{},
                           Cell{}, v.unit, Cell{v.period_from.iso() + " — " + v.period_to.iso()}, Cell{mu}, Cell{},
                           v.target > 0 ? Cell{mu / v.target} : Cell{}, zh ? "镇街分解" : "township share",
                           Cell{closable_mu(land, &town)}, Cell{closable_words(land, &town, false, lang)}, v.verdict.clause,
                           zh ? "目标为全县目标; 本行为该镇街完成量及其占全县目标的比例" : "the target is the county's; this row is the township's part"});
            }
        }
    }
    return t;
}

nlohmann::ordered_json targets_summary_json(const std::vector<rules::TargetVerdict>& targets, const analysis::RevitalizedArea* area,
                                            const analysis::AboveScaleTotals* above, const ClosableLand& land) {
    nlohmann::ordered_json j;
    j["rules"] = "T01 T02 T03";
    j["ledger"] = area ? nlohmann::ordered_json(std::filesystem::path(area->file).filename().string()) : nlohmann::ordered_json(nullptr);
    if (area) {
        j["revitalized"] = {{"rows", area->rows_counted}, {"rows_after_as_of", area->rows_after_as_of},
                            {"total_area_mu", round2(m2_to_mu(area->total_m2))}};
        nlohmann::ordered_json years = nlohmann::ordered_json::object(), towns = nlohmann::ordered_json::object(),
                               methods = nlohmann::ordered_json::object();
        for (const auto& [y, m2] : area->by_year_m2) years[std::to_string(y)] = round2(m2_to_mu(m2));
        for (const auto& [t, m2] : area->by_township_m2) towns[t.empty() ? "(未填镇街)" : t] = round2(m2_to_mu(m2));
        for (const auto& [m, m2] : area->by_method_m2) methods[m.empty() ? "(未填方式)" : m] = round2(m2_to_mu(m2));
        j["revitalized"]["by_year_mu"] = years;
        j["revitalized"]["by_township_mu"] = towns;
        j["revitalized"]["by_method_mu"] = methods;
    } else {
        j["revitalized"] = {{"skipped_reason", "未提供盘活台账 (no 盘活台账)"}};
    }
    if (above && (above->firms_tax > 0 || above->firms_va > 0)) {
        nlohmann::ordered_json a;
        a["year"] = above->year ? nlohmann::ordered_json(*above->year) : nlohmann::ordered_json(nullptr);
        a["firms_tax"] = above->firms_tax;
        a["tax_10k"] = round2(above->tax_10k);
        a["tax_land_mu"] = round2(above->tax_land_mu);
        if (auto v = above->tax_per_mu()) a["tax_per_mu_10k"] = round4(*v);
        a["firms_va"] = above->firms_va;
        a["va_10k"] = round2(above->va_10k);
        a["va_land_mu"] = round2(above->va_land_mu);
        if (auto v = above->va_per_mu()) a["va_per_mu_10k"] = round4(*v);
        j["above_scale"] = a;
    }
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    std::int64_t met = 0, not_met = 0, in_progress = 0, unknown = 0;
    for (const auto& v : targets) {
        nlohmann::ordered_json r;
        r["key"] = v.key;
        r["rule"] = v.verdict.rule_id;
        r["year"] = v.year ? nlohmann::ordered_json(*v.year) : nlohmann::ordered_json(nullptr);
        r["target"] = v.target;
        r["unit"] = v.unit;
        r["achieved"] = v.achieved ? nlohmann::ordered_json(round4(*v.achieved)) : nlohmann::ordered_json(nullptr);
        r["gap"] = v.gap ? nlohmann::ordered_json(round4(*v.gap)) : nlohmann::ordered_json(nullptr);
        r["progress"] = v.progress ? nlohmann::ordered_json(round4(*v.progress)) : nlohmann::ordered_json(nullptr);
        r["status"] = v.in_progress ? "in_progress" : rules::to_string(v.verdict.outcome);
        const bool area_t = area_measure(v.measure), mujun = !area_t && v.measure != rules::TargetMeasure::none;
        if (area_t) r["closable_mu"] = round2(closable_mu(land, nullptr));
        else if (mujun) r["closable_mu"] = round2(land.inefficient.all.area_mu());
        r["clause"] = v.verdict.clause;
        r["reason_zh"] = v.verdict.reason_zh;
        r["reason_en"] = v.verdict.reason_en;
        rows.push_back(r);
        if (v.in_progress) ++in_progress;
        else if (v.verdict.outcome == rules::Outcome::pass) ++met;
        else if (v.verdict.outcome == rules::Outcome::fail) ++not_met;
        else ++unknown;
    }
    j["met"] = met;
    j["not_met"] = not_met;
    j["in_progress"] = in_progress;
    j["indeterminate"] = unknown;
    j["rows"] = rows;
    return j;
}

std::vector<RuleCoverage> targets_coverage(const std::vector<rules::TargetVerdict>& targets) {
    std::map<std::string, RuleCoverage> by;
    for (const auto& v : targets) {
        RuleCoverage& c = by[v.verdict.rule_id];
        if (c.rule.empty()) {
            c.rule = v.verdict.rule_id;
            c.category = "targets";
            switch (v.measure) {
                case rules::TargetMeasure::area: c.name_zh = "盘活面积目标"; c.name_en = "revitalised area target"; break;
                case rules::TargetMeasure::area_per_year: c.name_zh = "每年盘活面积目标"; c.name_en = "revitalised area target per year"; break;
                case rules::TargetMeasure::tax_per_mu: c.name_zh = "规上亩均税收目标"; c.name_en = "规上 tax per mu target"; break;
                case rules::TargetMeasure::va_per_mu: c.name_zh = "规上亩均增加值目标"; c.name_en = "规上 value added per mu target"; break;
                case rules::TargetMeasure::none: c.name_zh = "不测量的目标"; c.name_en = "targets not measured"; break;
            }
        }
        switch (v.verdict.outcome) {
            case rules::Outcome::pass: ++c.pass; break;
            case rules::Outcome::fail: ++c.fail; break;
            case rules::Outcome::not_applicable: ++c.not_applicable; break;
            case rules::Outcome::indeterminate: {
                ++c.indeterminate;
                const auto& m = rules::missing_info(v.verdict.missing);
                auto it = std::find_if(c.not_judged.begin(), c.not_judged.end(), [&](const NotJudged& n) { return n.code == v.verdict.missing; });
                if (it == c.not_judged.end()) c.not_judged.push_back({v.verdict.missing, 1, m.what_zh, m.what_en, m.fix_zh, m.fix_en});
                else ++it->count;
                break;
            }
        }
        c.judged = c.pass + c.fail;
    }
    std::vector<RuleCoverage> out;
    for (auto& [id, c] : by) out.push_back(std::move(c));
    return out;
}

} // namespace tl::report
