// T01–T03: targets against what was done; semantics in targets.hpp.
#include "rules/targets.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/number.hpp"

#include "core/units.hpp"
#include "rules/evaluate.hpp"

namespace tl::rules {

namespace {

const char* rule_id(TargetMeasure m) {
    switch (m) {
        case TargetMeasure::area: return "T01.revitalized";
        case TargetMeasure::area_per_year: return "T01.revitalized_year";
        case TargetMeasure::tax_per_mu: return "T02.tax_per_mu";
        case TargetMeasure::va_per_mu: return "T03.va_per_mu";
        case TargetMeasure::none: break;
    }
    return "T00.not_measured";
}

// Reached (≥ target) → pass; year over and short → fail; else 进行中.
void decide(TargetVerdict& t, bool year_over, const std::string& what_zh, const std::string& what_en, const std::string& unit_en) {
    Verdict& v = t.verdict;
    const double a = *t.achieved;
    t.progress = t.target > 0 ? std::optional<double>(a / t.target) : std::nullopt;
    t.gap = std::max(0.0, t.target - a);
    v.measured = a;
    const bool reached = !fails_threshold(a, Comparison::lt, t.target);
    const std::string y = t.year ? std::to_string(*t.year) : std::string("?");
    if (reached) {
        v.outcome = Outcome::pass;
        v.reason_zh = fmt::format("{} {} {} ≥ 目标 {} {}{}", what_zh, trimmed_decimal(a, 2), t.unit, trimmed_decimal(t.target, 2), t.unit,
                                  year_over ? "" : fmt::format(" (目标年 {} 未到, 已提前完成)", y));
        v.reason_en = fmt::format("{} {} {} ≥ target {}{}", what_en, trimmed_decimal(a, 2), unit_en, trimmed_decimal(t.target, 2),
                                  year_over ? "" : fmt::format(" (reached before the target year {})", y));
    } else if (year_over) {
        v.outcome = Outcome::fail;
        v.reason_zh = fmt::format("{} {} {} < 目标 {} {}, 差 {} {}", what_zh, trimmed_decimal(a, 2), t.unit, trimmed_decimal(t.target, 2), t.unit,
                                  trimmed_decimal(*t.gap, 2), t.unit);
        v.reason_en = fmt::format("{} {} {} < target {}, {} short", what_en, trimmed_decimal(a, 2), unit_en, trimmed_decimal(t.target, 2), trimmed_decimal(*t.gap, 2));
    } else {
        t.in_progress = true;
        v.outcome = Outcome::not_applicable;
        v.reason_zh = fmt::format("进行中: 目标年 {} 尚未结束, {} {} {} (完成 {:.1f}%)", y, what_zh, trimmed_decimal(a, 2), t.unit,
                                  t.progress.value_or(0) * 100);
        v.reason_en = fmt::format("in progress: the target year {} is not over; {} {} {} ({:.1f} % done)", y, what_en, trimmed_decimal(a, 2), unit_en,
                                  t.progress.value_or(0) * 100);
    }
}

} // namespace

TargetMeasure target_measure(const Param& p) {
    if (p.kind != Param::Kind::number) return TargetMeasure::none;
    if (p.unit == "亩/年") return TargetMeasure::area_per_year;
    if (p.unit == "亩") return TargetMeasure::area;
    if (p.unit == "万元/亩") {
        const std::string leaf = p.key.substr(p.key.rfind('.') + 1);
        if (leaf.find("tax") != std::string::npos) return TargetMeasure::tax_per_mu;
        if (leaf.find("va") != std::string::npos) return TargetMeasure::va_per_mu;
    }
    return TargetMeasure::none;
}

std::vector<TargetVerdict> judge_targets(const Profile& p, const analysis::RevitalizedArea* area, const analysis::AboveScaleTotals* above,
                                         const Date& as_of) {
    std::vector<TargetVerdict> out;
    const Date start = p.effective_from.value_or(Date{1900, 1, 1});
    for (const auto& k : p.children("targets")) {
        const Param* prm = p.find("targets." + k);
        if (!prm || prm->kind != Param::Kind::number) continue;
        TargetVerdict base;
        base.key = k;
        base.measure = target_measure(*prm);
        base.year = prm->year;
        base.target = prm->number;
        base.unit = prm->unit;
        base.verdict.rule_id = rule_id(base.measure);
        base.verdict.threshold = prm->number;
        base.verdict.comparison = "<";
        base.verdict.clause = prm->cite;
        const int year = prm->year.value_or(as_of.year);
        switch (base.measure) {
            case TargetMeasure::none: {
                TargetVerdict t = base;
                t.verdict.outcome = Outcome::indeterminate;
                t.verdict.missing = "no_measure";
                t.verdict.reason_zh = fmt::format("本工具不测量此目标 (单位 {}), 由主管部门另行统计", prm->unit);
                t.verdict.reason_en = fmt::format("tenglong does not measure this target (unit {}); the bureau counts it", prm->unit);
                out.push_back(std::move(t));
                break;
            }
            case TargetMeasure::area: {
                TargetVerdict t = base;
                const Date year_end{year, 12, 31};
                t.period_from = start;
                t.period_to = std::min(year_end, as_of);
                if (!area) {
                    t.verdict.outcome = Outcome::indeterminate;
                    t.verdict.missing = "revitalization_ledger";
                    t.verdict.reason_zh = "未提供盘活台账: 无法统计已盘活面积";
                    t.verdict.reason_en = "no 盘活台账 (revitalisation ledger): the area done is unknown";
                } else {
                    t.achieved = m2_to_mu(area->between_m2(t.period_from, t.period_to));
                    decide(t, year_end <= as_of, fmt::format("{} 至 {} 盘活", t.period_from.iso(), t.period_to.iso()),
                           fmt::format("revitalised {} to {}", t.period_from.iso(), t.period_to.iso()), "mu");
                }
                out.push_back(std::move(t));
                break;
            }
            case TargetMeasure::area_per_year: {
                // 每年: each calendar year from the target's first year to the as-of year, within the
                // document's validity.
                int last = as_of.year;
                if (p.effective_to) last = std::min(last, p.effective_to->year);
                const int first = std::max(year, start.year);
                if (first > last) {
                    TargetVerdict t = base;
                    t.verdict.outcome = Outcome::not_applicable;
                    t.in_progress = true;
                    t.verdict.reason_zh = fmt::format("进行中: 首个目标年 {} 晚于基准日", first);
                    t.verdict.reason_en = fmt::format("in progress: the first target year {} is after the as-of day", first);
                    out.push_back(std::move(t));
                }
                for (int y = first; y <= last; ++y) {
                    TargetVerdict t = base;
                    t.year = y;
                    const Date year_end{y, 12, 31};
                    t.period_from = std::max(Date{y, 1, 1}, start);
                    t.period_to = std::min(year_end, as_of);
                    if (!area) {
                        t.verdict.outcome = Outcome::indeterminate;
                        t.verdict.missing = "revitalization_ledger";
                        t.verdict.reason_zh = fmt::format("未提供盘活台账: 无法统计 {} 年盘活面积", y);
                        t.verdict.reason_en = fmt::format("no 盘活台账 (revitalisation ledger): the area done in {} is unknown", y);
                    } else {
                        t.achieved = m2_to_mu(area->between_m2(t.period_from, t.period_to));
                        decide(t, year_end <= as_of, fmt::format("{} 年盘活", y), fmt::format("revitalised in {}", y), "mu");
                    }
                    out.push_back(std::move(t));
                }
                break;
            }
            case TargetMeasure::tax_per_mu:
            case TargetMeasure::va_per_mu: {
                TargetVerdict t = base;
                const bool tax = base.measure == TargetMeasure::tax_per_mu;
                const std::optional<double> v = above ? (tax ? above->tax_per_mu() : above->va_per_mu()) : std::nullopt;
                if (!v) {
                    t.verdict.outcome = Outcome::indeterminate;
                    t.verdict.missing = "above_scale";
                    t.verdict.reason_zh = tax ? "无规上企业的税收与用地数据, 无法计算规上亩均税收" : "无规上企业的增加值与用地数据, 无法计算规上亩均增加值";
                    t.verdict.reason_en = tax ? "no 规上 firm with tax and land: no county tax per mu" : "no 规上 firm with value added and land";
                } else {
                    t.achieved = *v;
                    const std::int64_t firms = tax ? above->firms_tax : above->firms_va;
                    const double land = tax ? above->tax_land_mu : above->va_land_mu, sum = tax ? above->tax_10k : above->va_10k;
                    const std::string ey = above->year ? std::to_string(*above->year) : std::string("?");
                    decide(t, Date{year, 12, 31} <= as_of,
                           fmt::format("{} 年规上亩均{} ({} 家, {} 万元 ÷ {} 亩)", ey, tax ? "税收" : "增加值", firms, trimmed_decimal(sum, 2), trimmed_decimal(land, 2)),
                           fmt::format("{} 规上 {} per mu ({} firms, {} ÷ {} mu)", ey, tax ? "tax" : "value added", firms, trimmed_decimal(sum, 2),
                                       trimmed_decimal(land, 2)),
                           "10k CNY/mu");
                    // The land the 规上 firms would have to give up at today's total to reach the target.
                    if (t.verdict.outcome != Outcome::pass && t.target > 0) {
                        const double release = land - sum / t.target;
                        t.verdict.reason_zh += fmt::format("; 按现有{}总额须腾出 {} 亩", tax ? "税收" : "增加值", trimmed_decimal(release, 2));
                        t.verdict.reason_en += fmt::format("; at today's total, {} mu would have to be freed", trimmed_decimal(release, 2));
                    }
                }
                out.push_back(std::move(t));
                break;
            }
        }
    }
    return out;
}

std::string target_status(const TargetVerdict& t, bool zh) {
    if (t.in_progress) return zh ? "进行中" : "in progress";
    switch (t.verdict.outcome) {
        case Outcome::pass: return zh ? "达标" : "met";
        case Outcome::fail: return zh ? "未达标" : "not met";
        case Outcome::indeterminate: return zh ? "无法判定" : "indeterminate";
        case Outcome::not_applicable: break;
    }
    return zh ? "不适用" : "not applicable";
}

} // namespace tl::rules
