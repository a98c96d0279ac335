// 闲置 / 建而未投 rules on measured supplies. See idle.hpp.
#include "rules/idle.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "analysis/intensity.hpp"   // is_industrial_land_use
#include "core/errors.hpp"

namespace tl::rules {

namespace {

std::string pct(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

// "1 full year", "2 full years".
std::string full_years(int n) { return fmt::format("{} full year{}", n, n == 1 ? "" : "s"); }

int rank(const std::string& id) {
    const auto& ids = idle_rule_ids();
    return static_cast<int>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

} // namespace

const std::vector<std::string>& idle_rule_ids() {
    static const std::vector<std::string> ids{"R02p", "R02", "R02b", "R02g", "R03", "R03g", "R21", "R22"};
    return ids;
}

const IdleRuleText& IdleResult::rule(const std::string& id) const {
    for (const auto& r : rules) if (r.id == id) return r;
    throw Error("idle rule " + id + " has no words in the profile");
}

IdleResult judge_idle(const Profile& profile, const analysis::IdleMeasures& m, const geom::Layer* supplies, IssueLog& issues) {
    IdleResult r;
    for (const auto& id : idle_rule_ids()) {
        IdleRuleText t;
        t.id = id;
        t.name_zh = profile.text("idle.name." + id);
        t.name_en = profile.text("idle.name_en." + id);
        t.disposal_zh = profile.text("idle.disposal." + id);
        t.disposal_en = profile.text("idle.disposal_en." + id);
        t.clause_zh = profile.text("idle.clause." + id);
        t.clause_en = profile.text("idle.clause_en." + id);
        t.idle_legal = id == "R02" || id == "R02b" || id == "R03";
        t.fee = id == "R02" || id == "R02b";
        r.rules.push_back(std::move(t));
    }
    r.ran = m.ran;
    r.skipped_reason = m.skipped_reason;
    r.as_of = m.as_of;
    r.used_buildings = m.used_buildings;
    r.enterprise_year = m.enterprise_year;
    r.enterprise_checks = m.enterprise_table && m.enterprise_year.has_value();
    r.enterprise_skipped_reason = m.enterprise_skipped_reason;
    r.enterprise_skipped_reason_en = m.enterprise_skipped_reason_en;
    if (!m.ran) return r;

    const Date as_of = m.as_of;
    const int idle_years = static_cast<int>(profile.number("idle.not_started_years"));
    const int recovery_years = static_cast<int>(profile.number("idle.recovery_years"));
    const int stalled_years = static_cast<int>(profile.number("idle.stalled_years"));
    const double fee_rate = profile.number("idle.fee_rate");
    const double developed_share_min = profile.number("idle.developed_share_min");
    const double invested_share_min = profile.number("idle.invested_share_min");
    const double start_footprint_share = profile.number("idle.start_footprint_share");
    const double full_development_coverage = profile.number("far.coverage_min");
    const double enterprise_year_min_share = profile.number("idle.enterprise_year_min_share");
    const auto industrial_prefixes = profile.texts("land_use.industrial_prefixes");

    // A partial table (the evaluation year far thinner than the year before) cannot tell a parcel
    // that is not producing from one nobody entered: say so, and judge R21 on explicit zeros only.
    if (r.enterprise_checks && m.enterprise_parcels_prev_year &&
        static_cast<double>(m.enterprise_parcels_year) < enterprise_year_min_share * static_cast<double>(*m.enterprise_parcels_prev_year)) {
        r.enterprise_table_partial = true;
        r.enterprise_partial_zh = fmt::format(
            "亩均数据 {} 年只关联 {} 宗地, 上一年 {} 宗 (不足 {:g}%): 表可能不全, 建而未投 R21 只列营收/税收/增加值为零的宗地, "
            "表中没有记录的宗地不判定", *m.enterprise_year, m.enterprise_parcels_year, *m.enterprise_parcels_prev_year,
            enterprise_year_min_share * 100);
        r.enterprise_partial_en = fmt::format(
            "the enterprise table links {} parcels in {} against {} the year before (under {:g} %): it may be incomplete, so R21 "
            "lists only parcels with zero revenue/tax/value added, and parcels absent from the table are not judged",
            m.enterprise_parcels_year, *m.enterprise_year, *m.enterprise_parcels_prev_year, enterprise_year_min_share * 100);
        Issue is;
        is.layer = "enterprises";
        is.kind = "enterprise_year_partial";
        is.field = "year";
        is.detail = r.enterprise_partial_zh + "; " + r.enterprise_partial_en;
        issues.add(std::move(is));
    }

    r.supplies_evaluated = m.supplies.size() + m.overlay_failures;
    r.supplies_not_evaluable = m.overlay_failures;
    if (m.overlay_failures) r.not_evaluable_by_cause["overlay"] = m.overlay_failures;

    auto issue = [&](const analysis::SupplyMeasure& s, const char* kind, const char* field, const char* detail) {
        if (supplies) issues.add(supplies->issue(s.supply, kind, field, detail, IssueAction::kept));
    };

    for (const analysis::SupplyMeasure& s : m.supplies) {
        IdleCandidate base;
        static_cast<analysis::SupplyMeasure&>(base) = s;
        if (s.footprint_share && full_development_coverage > 0)
            base.developed_share = std::min(1.0, *s.footprint_share / full_development_coverage);
        if (!s.land_use.empty()) base.industrial = analysis::is_industrial_land_use(s.land_use, industrial_prefixes);

        const bool started_by_date = s.started_on && *s.started_on <= as_of;
        // "以上" includes the number (《民法典》第1259条).
        const bool started_by_footprint = s.footprint_share && *s.footprint_share >= start_footprint_share;
        const bool started = started_by_date || started_by_footprint;
        const std::string coverage_zh = s.footprint_share ? "建筑覆盖 " + pct(*s.footprint_share) : "无建筑图层";
        const std::string coverage_en = s.footprint_share ? "footprint coverage " + pct(*s.footprint_share) : "no buildings layer";

        auto emit = [&](const std::string& rule, IdleCandidate cand, std::optional<double> measured, const char* comparison,
                        std::optional<double> threshold) {
            Verdict& v = cand.verdict;
            v.rule_id = rule;
            v.outcome = Outcome::fail;
            v.measured = measured;
            v.comparison = comparison;
            v.threshold = threshold;
            v.clause = r.rule(rule).clause_zh;
            v.reason_zh = cand.measured_zh + "；" + cand.threshold_zh;
            v.reason_en = cand.measured_en + "; " + cand.threshold_en;
            r.candidates.push_back(std::move(cand));
        };

        if (!started) {
            if (!s.agreed_start_on) {
                ++r.supplies_not_evaluable;
                ++r.not_evaluable_by_cause["agreed_start_on"];
                if (!s.agreed_start_given)
                    issue(s, "missing_date", "agreed_start_on",
                          "未见动工迹象且约定动工日期缺失，无法判定是否闲置; no sign of a start and no agreed start "
                          "date: idle status cannot be judged");
            } else {
                const Date agreed = *s.agreed_start_on;
                IdleCandidate cand = base;
                cand.days_overdue = as_of.days_since_epoch() - agreed.days_since_epoch();
                const Date idle_end = period_end_years(agreed, idle_years);
                const Date recovery_end = period_end_years(agreed, recovery_years);
                cand.measured_zh = fmt::format("约定动工日 {} 后 {} 天未见动工（{}）", agreed.iso(), *cand.days_overdue, coverage_zh);
                cand.measured_en = fmt::format("no start {} days after the agreed start {} ({})", *cand.days_overdue,
                                               agreed.iso(), coverage_en);
                const bool recovery = period_elapsed_years(agreed, recovery_years, as_of);
                const bool idle = period_elapsed_years(agreed, idle_years, as_of);
                const double days = static_cast<double>(*cand.days_overdue);
                if (recovery || idle) {
                    const int years = recovery ? recovery_years : idle_years;
                    cand.deadline = recovery ? recovery_end : idle_end;
                    cand.threshold_zh = fmt::format("满{}年未动工（{} 届满）", years, cand.deadline->iso());
                    cand.threshold_en = fmt::format("{} without a start (ran out {})", full_years(years), cand.deadline->iso());
                    const double period_days = static_cast<double>(cand.deadline->days_since_epoch() - agreed.days_since_epoch());
                    if (s.government_delay) {
                        emit("R02g", std::move(cand), days, "≥", period_days);
                    } else {
                        if (cand.land_price_10k_cny) cand.fee_estimate_10k_cny = fee_rate * *cand.land_price_10k_cny;
                        emit(recovery ? "R02b" : "R02", std::move(cand), days, "≥", period_days);
                    }
                } else if (as_of > agreed) {
                    cand.deadline = idle_end;
                    cand.threshold_zh = fmt::format("约定动工日已过，满{}年将构成闲置（{} 届满）", idle_years, idle_end.iso());
                    cand.threshold_en = fmt::format("agreed start passed; idle once {} {} run out ({})", full_years(idle_years),
                                                    idle_years == 1 ? "has" : "have", idle_end.iso());
                    emit("R02p", std::move(cand), days, ">", 0.0);
                }
            }
        } else if (s.stalled_since && *s.stalled_since <= as_of && period_elapsed_years(*s.stalled_since, stalled_years, as_of)) {
            // 第二条第二款: "不足" excludes the number (《民法典》第1259条): strictly below.
            const bool developed_low = base.developed_share && *base.developed_share < developed_share_min;
            const bool invested_low = s.invested_share && *s.invested_share < invested_share_min;
            if (developed_low || invested_low) {
                IdleCandidate cand = base;
                cand.days_overdue = as_of.days_since_epoch() - s.stalled_since->days_since_epoch();
                cand.deadline = period_end_years(*s.stalled_since, stalled_years);
                const std::string dev_zh = base.developed_share ? "开发比例(代理) " + pct(*base.developed_share) : "开发比例不详";
                const std::string dev_en = base.developed_share ? "developed share (proxy) " + pct(*base.developed_share)
                                                                : "developed share unknown";
                const std::string inv_zh = s.invested_share ? "投资比例 " + pct(*s.invested_share) : "投资比例不详";
                const std::string inv_en = s.invested_share ? "invested share " + pct(*s.invested_share) : "invested share unknown";
                cand.measured_zh = fmt::format("{}，{}，{} 起停工 {} 天", dev_zh, inv_zh, s.stalled_since->iso(), *cand.days_overdue);
                cand.measured_en = fmt::format("{}, {}, stalled since {} ({} days)", dev_en, inv_en, s.stalled_since->iso(),
                                               *cand.days_overdue);
                cand.threshold_zh = fmt::format("开发 < {} 或投资 < {}，且停工满{}年（{} 届满）", pct(developed_share_min),
                                                pct(invested_share_min), stalled_years, cand.deadline->iso());
                cand.threshold_en = fmt::format("developed < {} or invested < {}, and stalled {} (ran out {})",
                                                pct(developed_share_min), pct(invested_share_min), full_years(stalled_years),
                                                cand.deadline->iso());
                // The measured value is the share that fell short (developed first).
                const double share = developed_low ? *base.developed_share : *s.invested_share;
                emit(s.government_delay ? "R03g" : "R03", std::move(cand), share, "<",
                     developed_low ? developed_share_min : invested_share_min);
            } else if (!base.developed_share && !s.invested_share) {
                ++r.supplies_not_evaluable;
                ++r.not_evaluable_by_cause["invested"];
                issue(s, "idle_indeterminate", "invested",
                      "停工满一年，但开发比例与投资比例均不详，无法按第二条第二款判定; stalled one full year, but "
                      "neither the developed share nor the invested share is known (Art. 2 para. 2 cannot be judged)");
            }
        }

        // 建而未投 / 投而未达标 (enterprise table evidence), industrial land only.
        if (r.enterprise_checks && started && base.industrial.value_or(false)) {
            const bool built = started_by_footprint;
            const bool completion_due = !s.agreed_completion_on || as_of > *s.agreed_completion_on;
            if (built && completion_due && !s.producing && !s.enterprise_row && r.enterprise_table_partial) {
                ++r.r21_not_judged;   // nobody entered it, or it does not produce: a partial table cannot tell
            } else if (built && completion_due && !s.producing) {
                IdleCandidate cand = base;
                cand.measured_zh = fmt::format("{}，宗地 {} 无投产数据（营收/税收/增加值）", coverage_zh,
                                               s.parcel_id.empty() ? "(未知)" : s.parcel_id);
                cand.measured_en = fmt::format("{}, no production data (revenue/tax/value added) for parcel {}", coverage_en,
                                               s.parcel_id.empty() ? "(unknown)" : s.parcel_id);
                cand.threshold_zh = fmt::format("建筑覆盖 ≥ {}{}，且有投产数据", pct(start_footprint_share),
                                                s.agreed_completion_on ? "、约定竣工日 " + s.agreed_completion_on->iso() + " 已过" : "");
                cand.threshold_en = fmt::format("coverage ≥ {}{}, and production data present", pct(start_footprint_share),
                                                s.agreed_completion_on ? ", agreed completion " + s.agreed_completion_on->iso() + " passed" : "");
                emit("R21", std::move(cand), s.footprint_share, "≥", start_footprint_share);
            }
            // invested = 0 on a producing site is taken as "not recorded", not as nothing invested.
            const auto& planned = s.planned_investment_10k;
            const auto& invested = s.invested_10k;
            if (s.producing && planned && invested && *planned > 0 && *invested > 0 && *invested < *planned) {
                IdleCandidate cand = base;
                cand.measured_zh = fmt::format("已完成投资 {:.2f} 万元，约定 {:.2f} 万元（{}）", *invested, *planned, pct(*s.invested_share));
                cand.measured_en = fmt::format("invested {:.2f} of the agreed {:.2f} (10k CNY) ({})", *invested, *planned,
                                               pct(*s.invested_share));
                cand.threshold_zh = "已完成投资 ≥ 合同约定总投资（100%）";
                cand.threshold_en = "invested ≥ the total investment agreed in the contract (100 %)";
                emit("R22", std::move(cand), s.invested_share, "<", 1.0);
            }
        }
    }

    std::stable_sort(r.candidates.begin(), r.candidates.end(), [](const IdleCandidate& a, const IdleCandidate& b) {
        return std::make_tuple(std::cref(a.supply_id), a.fid, rank(a.rule())) < std::make_tuple(std::cref(b.supply_id), b.fid, rank(b.rule()));
    });
    return r;
}

} // namespace tl::rules
