// Rule coverage and run warnings; semantics in coverage.hpp.
#include "report/coverage.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "report/intensity_report.hpp"

namespace tl::report {

nlohmann::ordered_json Coverage::to_json() const {
    nlohmann::ordered_json rules_j = nlohmann::ordered_json::array();
    for (const auto& r : rules) {
        nlohmann::ordered_json j;
        j["rule"] = r.rule;
        j["category"] = r.category;
        j["name_zh"] = r.name_zh;
        j["name_en"] = r.name_en;
        j["ran"] = r.ran;
        if (!r.ran) {
            j["not_run_zh"] = r.not_run_zh;
            j["not_run_en"] = r.not_run_en;
            j["fix_zh"] = r.fix_zh;
            j["fix_en"] = r.fix_en;
        }
        j["judged"] = r.judged;
        j["pass"] = r.pass;
        j["fail"] = r.fail;
        j["not_applicable"] = r.not_applicable;
        j["indeterminate"] = r.indeterminate;
        nlohmann::ordered_json nj = nlohmann::ordered_json::array();
        for (const auto& n : r.not_judged)
            nj.push_back({{"code", n.code}, {"count", n.count}, {"what_zh", n.what_zh}, {"what_en", n.what_en},
                          {"fix_zh", n.fix_zh}, {"fix_en", n.fix_en}});
        j["indeterminate_by_cause"] = nj;
        rules_j.push_back(std::move(j));
    }
    nlohmann::ordered_json warn_j = nlohmann::ordered_json::array();
    for (const auto& w : warnings) warn_j.push_back({{"code", w.code}, {"zh", w.zh}, {"en", w.en}});
    return {{"rules", rules_j}, {"warnings", warn_j}};
}

void Coverage::print(std::ostream& os, Lang lang) const {
    const bool zh = lang == Lang::zh;
    std::vector<std::string> lines;
    for (const auto& r : rules) {
        const std::string name = r.rule + " " + (zh ? r.name_zh : r.name_en);
        if (!r.ran) {
            lines.push_back(fmt::format("  {}: {} — {}", name, zh ? "未运行" : "not run", zh ? r.not_run_zh : r.not_run_en));
            if (!r.fix_zh.empty()) lines.push_back(fmt::format("      {}: {}", zh ? "办法" : "fix", zh ? r.fix_zh : r.fix_en));
            continue;
        }
        if (r.indeterminate == 0) continue;
        lines.push_back(zh ? fmt::format("  {}: 判定 {} (不达标 {}), 无法判定 {}", name, r.judged, r.fail, r.indeterminate)
                           : fmt::format("  {}: judged {} ({} failed), not judged {}", name, r.judged, r.fail, r.indeterminate));
        for (const auto& n : r.not_judged)
            lines.push_back(fmt::format("      {} {}: {} — {}", n.count, zh ? "个" : "×", zh ? n.what_zh : n.what_en,
                                        zh ? n.fix_zh : n.fix_en));
    }
    if (!lines.empty()) {
        os << (zh ? "未能判定 (详见 summary.json \"coverage\" 与 report.html):\n"
                  : "could not judge (details in summary.json \"coverage\" and report.html):\n");
        for (const auto& l : lines) os << l << "\n";
    }
    for (const auto& w : warnings) os << (zh ? "警告: " : "warning: ") << (zh ? w.zh : w.en) << "\n";
}

namespace {

RuleCoverage not_run(std::string rule, std::string category, std::string name_zh, std::string name_en, std::string why_zh,
                     std::string why_en, std::string fix_zh, std::string fix_en) {
    RuleCoverage c;
    c.rule = std::move(rule);
    c.category = std::move(category);
    c.name_zh = std::move(name_zh);
    c.name_en = std::move(name_en);
    c.ran = false;
    c.not_run_zh = std::move(why_zh);
    c.not_run_en = std::move(why_en);
    c.fix_zh = std::move(fix_zh);
    c.fix_en = std::move(fix_en);
    return c;
}

} // namespace

RuleCoverage unsupplied_coverage(const analysis::UnsuppliedResult& r) {
    if (!r.ran)
        return not_run("R01", "unsupplied", "批而未供", "approved, not supplied",
                       r.skipped_reason.empty() ? "无批次图层" : "未运行: " + r.skipped_reason,
                       r.skipped_reason.empty() ? "no approvals layer" : r.skipped_reason,
                       "提供批次图层 (approvals / 批次 / pcyd) 与供地图层 (supplies / 供地)",
                       "add an approvals layer (approvals / 批次 / pcyd) and a supplies layer");
    RuleCoverage c;
    c.rule = "R01";
    c.category = "unsupplied";
    c.name_zh = "批而未供";
    c.name_en = "approved, not supplied";
    for (const auto& b : r.batches) (b.unsupplied_area_m2 > 0 ? c.fail : c.pass) += 1;
    c.judged = c.pass + c.fail;
    c.indeterminate = r.batches_failed;
    if (r.batches_failed > 0)
        c.not_judged.push_back({"overlay", r.batches_failed, "叠加分析失败", "overlay failed", "见 issues.csv 中的 overlay_failed",
                                "see overlay_failed in issues.csv"});
    return c;
}

std::vector<RuleCoverage> idle_coverage(const rules::IdleResult& r, bool have_enterprises) {
    std::vector<RuleCoverage> out;
    if (!r.ran) {
        out.push_back(not_run("R02/R03", "idle", "闲置土地 (53号令)", "idle land (MLR Order 53)", "无供地图层", "no supplies layer",
                              "提供供地图层 (supplies / 供地 / gongdi), 含约定动工日期", "add a supplies layer with the agreed start dates"));
        out.push_back(not_run("R21/R22", "idle", "建而未投 / 投而未达标", "built, not producing / below the contract", "无供地图层",
                              "no supplies layer", "提供供地图层与亩均数据", "add a supplies layer and the enterprise table"));
        return out;
    }
    RuleCoverage c;
    c.rule = "R02/R03";
    c.category = "idle";
    c.name_zh = "闲置土地 (53号令)";
    c.name_en = "idle land (MLR Order 53)";
    std::set<std::size_t> idle_supplies, enterprise_supplies;
    for (const auto& cand : r.candidates) {
        const bool enterprise_rule = cand.rule() == "R21" || cand.rule() == "R22";
        (enterprise_rule ? enterprise_supplies : idle_supplies).insert(cand.supply);
    }
    c.indeterminate = static_cast<std::int64_t>(r.supplies_not_evaluable);
    c.judged = static_cast<std::int64_t>(r.supplies_evaluated) - c.indeterminate;
    c.fail = static_cast<std::int64_t>(idle_supplies.size());
    c.pass = c.judged - c.fail;
    for (const auto& [cause, n] : r.not_evaluable_by_cause) {
        NotJudged nj{cause, static_cast<std::int64_t>(n), "", "", "", ""};
        if (cause == "agreed_start_on") {
            nj.what_zh = "未见动工迹象且约定动工日期缺失";
            nj.what_en = "no sign of a start and no agreed start date";
            nj.fix_zh = "映射供地 agreed_start_on (约定动工日期)";
            nj.fix_en = "map supplies.agreed_start_on (约定动工日期)";
        } else if (cause == "invested") {
            nj.what_zh = "停工满一年但开发与投资比例均不详";
            nj.what_en = "stalled a year, developed and invested shares unknown";
            nj.fix_zh = "映射供地 invested 与 planned_investment (已投资/约定总投资), 或提供建筑物图层";
            nj.fix_en = "map supplies.invested and planned_investment, or add buildings";
        } else {
            nj.what_zh = "叠加分析失败";
            nj.what_en = "overlay failed";
            nj.fix_zh = "见 issues.csv 中的 overlay_failed";
            nj.fix_en = "see overlay_failed in issues.csv";
        }
        c.not_judged.push_back(std::move(nj));
    }
    out.push_back(std::move(c));
    if (!r.enterprise_checks) {
        out.push_back(have_enterprises
                          ? not_run("R21/R22", "idle", "建而未投 / 投而未达标", "built, not producing / below the contract",
                                    r.enterprise_skipped_reason, r.enterprise_skipped_reason_en,
                                    "提供基准日所在年度的亩均数据, 或核对 --as-of", "give the as-of year's enterprise data, or check --as-of")
                          : not_run("R21/R22", "idle", "建而未投 / 投而未达标", "built, not producing / below the contract",
                                    "无亩均数据 (企业表)", "no enterprise table", "提供亩均数据表 (enterprises / 亩均数据 / mujun)",
                                    "add the enterprise table (enterprises / 亩均数据 / mujun)"));
    } else {
        RuleCoverage e;
        e.rule = "R21/R22";
        e.category = "idle";
        e.name_zh = "建而未投 / 投而未达标";
        e.name_en = "built, not producing / below the contract";
        e.indeterminate = static_cast<std::int64_t>(r.r21_not_judged);
        e.judged = static_cast<std::int64_t>(r.supplies_evaluated) - e.indeterminate;
        e.fail = static_cast<std::int64_t>(enterprise_supplies.size());
        e.pass = e.judged - e.fail;
        if (r.r21_not_judged > 0)
            e.not_judged.push_back({"enterprise_row", e.indeterminate, "亩均数据不全: 宗地在表中无记录", "partial enterprise table: parcel not in it",
                                    "补齐评价年度的亩均数据", "give the evaluation year's enterprise data in full"});
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<RuleCoverage> parcel_rule_coverage(const rules::Evaluation& ev, const rules::Profile& profile) {
    (void)profile;
    std::vector<RuleCoverage> out;
    for (const auto& id : ev.rule_ids) {
        RuleCoverage c;
        c.rule = id;
        c.category = "inefficient";
        c.name_zh = rule_name_zh(id);
        c.name_en = rule_name_en(id);
        if (auto it = ev.counts.find(id); it != ev.counts.end()) {
            c.pass = it->second[static_cast<int>(rules::Outcome::pass)];
            c.fail = it->second[static_cast<int>(rules::Outcome::fail)];
            c.not_applicable = it->second[static_cast<int>(rules::Outcome::not_applicable)];
            c.indeterminate = it->second[static_cast<int>(rules::Outcome::indeterminate)];
        }
        c.judged = c.pass + c.fail;
        if (auto it = ev.missing.find(id); it != ev.missing.end()) {
            for (const auto& [code, n] : it->second) {
                const auto& m = rules::missing_info(code);
                c.not_judged.push_back({code, n, m.what_zh, m.what_en, m.fix_zh, m.fix_en});
            }
            std::stable_sort(c.not_judged.begin(), c.not_judged.end(),
                             [](const NotJudged& a, const NotJudged& b) { return a.count > b.count; });
        }
        out.push_back(std::move(c));
    }
    for (const auto& [id, why] : ev.skipped_rules) {
        // A rule that reads one parcel column names it; the others need the enterprise table.
        const char* column = id == "R20.policy_flags" ? "policy_flags"
                             : id == "R07.ancillary"  ? "ancillary_area_m2 / buildings.use"
                             : id == "R07.ancillary_floor" ? "buildings.use"
                             : id == "R08.green"      ? "green_area_m2"
                                                      : nullptr;
        if (!column) {
            out.push_back(not_run(id, "inefficient", rule_name_zh(id), rule_name_en(id), "无亩均数据 (企业表)", why,
                                  "提供亩均数据表 (enterprises / 亩均数据 / mujun)", "add the enterprise table"));
            continue;
        }
        out.push_back(not_run(id, "inefficient", rule_name_zh(id), rule_name_en(id), fmt::format("宗地无 {} 列", column), why,
                              fmt::format("映射宗地 {}", column), fmt::format("map parcels.{}", column)));
    }
    return out;
}

RuleCoverage scattered_coverage(const rules::ScatteredVerdicts& r) {
    RuleCoverage c;
    c.rule = "R12";
    c.category = "scattered";
    c.name_zh = "零星地块";
    c.name_en = "scattered leftovers";
    for (const auto& v : r.candidates) (v.outcome == rules::Outcome::pass ? c.pass : c.fail) += 1;
    c.judged = c.pass + c.fail;
    return c;
}

RuleCoverage control_line_coverage(const rules::ControlLineVerdicts& r) {
    if (!r.has_lines)
        return not_run("R16", "control_line", "工业用地控制线", "industrial control lines", "无工业用地控制线图层", "no control_lines layer",
                       "提供工业用地控制线图层 (control_lines / 控制线 / kzx)", "add the control-line layer (control_lines / 控制线 / kzx)");
    RuleCoverage c;
    c.rule = "R16";
    c.category = "control_line";
    c.name_zh = "工业用地控制线";
    c.name_en = "industrial control lines";
    for (const auto& p : r.parcels) (p.status == rules::LineStatus::outside ? c.fail : c.pass) += 1;
    c.judged = c.pass + c.fail;
    return c;
}

} // namespace tl::report
