#include "report/idle_report.hpp"

#include <cmath>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "rules/profile.hpp"

namespace tl::report {

namespace {

using rules::IdleCandidate;

Cell text_or_null(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }
Cell date_cell(const std::optional<Date>& d) { return d ? Cell{d->iso()} : Cell{}; }
Cell real_or_null(const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; }

double round2(double v) { return std::round(v * 100.0) / 100.0; }

void add_area(nlohmann::ordered_json& j, std::int64_t count, double area_m2) {
    j["count"] = count;
    j["area_m2"] = round2(area_m2);
    j["area_mu"] = round2(m2_to_mu(area_m2));
}

} // namespace

namespace {

// One rule's text in a merged row: as it is when the supply meets one rule, else "R03：…；R21：…".
std::string per_rule(const std::vector<std::pair<std::string, std::string>>& texts) {
    if (texts.size() == 1) return texts.front().second;
    std::string s;
    for (const auto& [rule, text] : texts) {
        if (text.empty()) continue;
        s += (s.empty() ? "" : "；") + rule + "：" + text;
    }
    return s;
}

} // namespace

Table idle_table(const rules::IdleResult& r, const geom::Layer* supplies, Lang lang) {
    const bool zh = lang == Lang::zh;
    Table t;
    t.name = "idle";
    t.columns = {
        {"supply_id", "供地编号", "supply id"},
        {"parcel_id", "宗地代码", "parcel id"},
        {"supply_kind", "供应方式", "supply type"},
        {"township", "镇街", "township"},
        {"land_use", "地类编码", "land-use code"},
        {"rule", "规则", "rule"},
        {"rule_name", "规则名称", "rule name"},
        {"status", "状态", "status"},
        {"supplied_on", "供应日期", "supplied on", ColumnKind::date},
        {"agreed_start_on", "约定动工日期", "agreed start", ColumnKind::date},
        {"agreed_completion_on", "约定竣工日期", "agreed completion", ColumnKind::date},
        {"started_on", "实际动工日期", "started on", ColumnKind::date},
        {"stalled_since", "停工日期", "stalled since", ColumnKind::date},
        {"deadline", "期限届满日", "period ran out on", ColumnKind::date},
        {"days_overdue", "逾期天数", "days overdue", ColumnKind::integer},
        {"area_m2", "供地面积(m²)", "supplied area (m²)", ColumnKind::area_m2},
        {"area_mu", "供地面积(亩)", "supplied area (mu)", ColumnKind::area_mu},
        {"footprint_share", "建筑覆盖率", "footprint coverage", ColumnKind::ratio},
        {"developed_share", "开发比例(代理)", "developed share (proxy)", ColumnKind::ratio},
        {"invested_share", "投资比例", "invested share", ColumnKind::ratio},
        {"land_price", "出让价款(万元)", "land price (10k CNY)", ColumnKind::real, 2},
        {"fee_estimate", "闲置费估算(万元)", "idle fee estimate (10k CNY)", ColumnKind::real, 2},
        {"government_delay", "政府原因", "government cause"},
        {"value", "测算值", "measured value"},
        {"threshold", "阈值", "threshold"},
        {"clause", "依据", "clause"},
        {"disposal", "处置方向", "disposal"},
        {"fid", "要素号", "feature id (FID)", ColumnKind::integer},
    };
    const std::string status = zh ? "候选，需调查认定" : "candidate: to be investigated and confirmed (认定)";
    // One row per supply (its candidates are consecutive: the result is sorted by supply id, fid,
    // rule): the rules it meets joined; the deadline and days overdue of the most overdue rule;
    // the largest fee estimate; each rule's measured value, threshold, clause and disposal
    // prefixed by the rule when there are several. The long form is idle_rules_table.
    for (std::size_t begin = 0; begin < r.candidates.size();) {
        std::size_t end = begin + 1;
        while (end < r.candidates.size() && r.candidates[end].supply == r.candidates[begin].supply) ++end;
        const IdleCandidate& c = r.candidates[begin];
        std::string rules, names;
        std::vector<std::pair<std::string, std::string>> values, thresholds, clauses, disposals;
        const IdleCandidate* most_overdue = nullptr;
        std::optional<double> fee, developed_share;
        bool government_delay = false;
        for (std::size_t k = begin; k < end; ++k) {
            const IdleCandidate& ck = r.candidates[k];
            const auto& info = r.rule(ck.rule());
            rules += (rules.empty() ? "" : ";") + info.id;
            names += (names.empty() ? "" : "；") + (zh ? info.name_zh : info.name_en);
            values.emplace_back(info.id, zh ? ck.measured_zh : ck.measured_en);
            thresholds.emplace_back(info.id, zh ? ck.threshold_zh : ck.threshold_en);
            clauses.emplace_back(info.id, zh ? info.clause_zh : info.clause_en);
            disposals.emplace_back(info.id, zh ? info.disposal_zh : info.disposal_en);
            if (ck.deadline && (!most_overdue || !most_overdue->deadline || ck.days_overdue.value_or(0) > most_overdue->days_overdue.value_or(0)))
                most_overdue = &ck;
            if (ck.fee_estimate_10k_cny && (!fee || *ck.fee_estimate_10k_cny > *fee)) fee = ck.fee_estimate_10k_cny;
            government_delay = government_delay || ck.government_delay;
            if (!developed_share) developed_share = ck.developed_share;
        }
        const GEOSGeometry* g = nullptr;
        if (supplies && c.supply < supplies->features.size()) g = supplies->features[c.supply].geom.get();
        t.add_row(
            {
                text_or_null(c.supply_id),
                text_or_null(c.parcel_id),
                text_or_null(c.kind),
                text_or_null(c.township),
                text_or_null(c.land_use),
                Cell{rules},
                Cell{names},
                Cell{status},
                date_cell(c.supplied_on),
                date_cell(c.agreed_start_on),
                date_cell(c.agreed_completion_on),
                date_cell(c.started_on),
                date_cell(c.stalled_since),
                most_overdue ? date_cell(most_overdue->deadline) : Cell{},
                most_overdue && most_overdue->days_overdue ? Cell{static_cast<std::int64_t>(*most_overdue->days_overdue)} : Cell{},
                c.area_m2,
                m2_to_mu(c.area_m2),
                real_or_null(c.footprint_share),
                real_or_null(developed_share),
                real_or_null(c.invested_share),
                real_or_null(c.land_price_10k_cny),
                real_or_null(fee),
                Cell{std::string(government_delay ? (zh ? "是" : "yes") : (zh ? "否" : "no"))},
                Cell{per_rule(values)},
                Cell{per_rule(thresholds)},
                Cell{per_rule(clauses)},
                Cell{per_rule(disposals)},
                Cell{static_cast<std::int64_t>(c.fid)},
            },
            g);
        begin = end;
    }
    return t;
}

Table idle_rules_table(const rules::IdleResult& r, Lang lang) {
    const bool zh = lang == Lang::zh;
    Table t;
    t.name = "idle_rules";
    t.columns = {
        {"supply_id", "供地编号", "supply id"},
        {"parcel_id", "宗地代码", "parcel id"},
        {"township", "镇街", "township"},
        {"area_mu", "供地面积(亩)", "supplied area (mu)", ColumnKind::area_mu},
        {"rule", "规则", "rule"},
        {"rule_name", "规则名称", "rule name"},
        {"deadline", "期限届满日", "period ran out on", ColumnKind::date},
        {"days_overdue", "逾期天数", "days overdue", ColumnKind::integer},
        {"fee_estimate", "闲置费估算(万元)", "idle fee estimate (10k CNY)", ColumnKind::real, 2},
        {"value", "测算值", "measured value"},
        {"threshold", "阈值", "threshold"},
        {"clause", "依据", "clause"},
        {"disposal", "处置方向", "disposal"},
        {"fid", "要素号", "feature id (FID)", ColumnKind::integer},
        {"case_status", "处置状态", "case status"},
    };
    for (const IdleCandidate& c : r.candidates) {
        const auto& info = r.rule(c.rule());
        t.add_row({text_or_null(c.supply_id), text_or_null(c.parcel_id), text_or_null(c.township), m2_to_mu(c.area_m2), Cell{info.id},
                   Cell{zh ? info.name_zh : info.name_en}, date_cell(c.deadline),
                   c.days_overdue ? Cell{static_cast<std::int64_t>(*c.days_overdue)} : Cell{}, real_or_null(c.fee_estimate_10k_cny),
                   Cell{zh ? c.measured_zh : c.measured_en}, Cell{zh ? c.threshold_zh : c.threshold_en},
                   Cell{zh ? info.clause_zh : info.clause_en}, Cell{zh ? info.disposal_zh : info.disposal_en},
                   Cell{static_cast<std::int64_t>(c.fid)}, Cell{}});
    }
    return t;
}

nlohmann::ordered_json idle_summary_json(const rules::IdleResult& r) {
    nlohmann::ordered_json j;
    // Distinct supplies (a supply may meet two rules, e.g. R03 and R22).
    std::map<std::size_t, double> listed, legal;
    std::map<std::string, std::pair<std::int64_t, double>> by_rule;
    std::map<std::string, double> fees;
    for (const auto& c : r.candidates) {
        listed[c.supply] = c.area_m2;
        if (r.rule(c.rule()).idle_legal) legal[c.supply] = c.area_m2;
        auto& e = by_rule[c.rule()];
        ++e.first;
        e.second += c.area_m2;
        if (c.fee_estimate_10k_cny) fees[c.rule()] += *c.fee_estimate_10k_cny;
    }
    auto total = [](const std::map<std::size_t, double>& m) {
        double a = 0;
        for (const auto& kv : m) a += kv.second;
        return a;
    };
    j["rules"] = "R02, R02b, R02p, R02g, R03, R03g, R21, R22";
    j["ran"] = r.ran;
    if (!r.ran) j["skipped_reason"] = r.skipped_reason;
    add_area(j, static_cast<std::int64_t>(listed.size()), total(listed));
    j["as_of"] = r.as_of.iso();
    nlohmann::ordered_json lg;
    add_area(lg, static_cast<std::int64_t>(legal.size()), total(legal));
    j["idle_legal"] = lg;
    nlohmann::ordered_json rules = nlohmann::ordered_json::object();
    for (const auto& info : r.rules) {
        nlohmann::ordered_json e;
        const auto it = by_rule.find(info.id);
        add_area(e, it == by_rule.end() ? 0 : it->second.first, it == by_rule.end() ? 0.0 : it->second.second);
        e["name"] = info.name_zh;
        if (info.fee) e["fee_estimate_10k_cny"] = round2(fees[info.id]);
        rules[info.id] = e;
    }
    j["by_rule"] = rules;
    j["supplies_evaluated"] = static_cast<std::int64_t>(r.supplies_evaluated);
    j["supplies_not_evaluable"] = static_cast<std::int64_t>(r.supplies_not_evaluable);
    j["used_buildings"] = r.used_buildings;
    j["enterprise_checks"] = r.enterprise_checks;
    return j;
}

} // namespace tl::report
