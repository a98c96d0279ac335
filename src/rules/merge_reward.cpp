// check-merge's buyer test and reward estimate; semantics in merge_reward.hpp.
#include "rules/merge_reward.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "rules/evaluate.hpp"

namespace tl::rules {

bool has_buyer_rule(const Profile& p) { return p.find("scattered.buyer_excluded_classes") != nullptr; }
bool has_reward_rule(const Profile& p) { return p.find("reward.cap_10k") != nullptr; }

MergeCondition judge_buyer(const Profile& p, const FirmClass& buyer) {
    MergeCondition c;
    c.label_zh = "受让方亩均评价类别";
    c.label_en = "the buyer's 亩均 class";
    c.verdict.rule_id = "7.buyer";
    c.verdict.clause = p.text("scattered.merge_clause");
    const auto excluded = p.texts("scattered.buyer_excluded_classes");
    std::string list;
    for (const auto& e : excluded) list += (list.empty() ? "" : "、") + e;
    c.threshold = fmt::format("不得为 {} 类 (not class {})", list, list);
    if (buyer.mujun_class.empty()) {
        c.verdict.outcome = Outcome::indeterminate;
        c.verdict.missing = "not_scored";
        c.measured = buyer.why_none.empty() ? std::string("类别不明 (no class)") : buyer.why_none;
        return c;
    }
    c.measured = fmt::format("{} 类{}", buyer.mujun_class, buyer.year ? fmt::format(" ({} 年评价)", *buyer.year) : std::string());
    const bool barred = std::find(excluded.begin(), excluded.end(), buyer.mujun_class) != excluded.end();
    c.verdict.outcome = barred ? Outcome::fail : Outcome::pass;
    c.verdict.reason_zh = barred ? "受让方为 " + buyer.mujun_class + " 类企业, 不得受让" : "受让方为 " + buyer.mujun_class + " 类企业";
    c.verdict.reason_en = barred ? "the buyer is a class " + buyer.mujun_class + " firm: it may not take the land"
                                 : "the buyer is a class " + buyer.mujun_class + " firm";
    return c;
}

MergeReward judge_reward(const Profile& p, const analysis::MergeCheckResult& m, const MergeVerdicts& v, const FirmClass& host,
                         std::optional<int> storeys) {
    MergeReward out;
    Verdict& r = out.verdict;
    r.rule_id = "R14.reward";
    const Param& cap = p.number_param("reward.cap_10k");
    r.clause = cap.cite;
    if (!m.planned_floor_area_m2 || !v.far_after || v.far_before <= 0) {
        r.outcome = Outcome::indeterminate;
        r.missing = "planned_floor_area";
        r.reason_zh = "未给出技改新增建筑面积 (--planned-floor-area) 或现状容积率为零, 无法估算奖励";
        r.reason_en = "no planned floor area (--planned-floor-area), or no current floor area: no reward estimate";
        return out;
    }
    const double planned = *m.planned_floor_area_m2;
    const double area_after = m.host_area_m2 + v.leftover_area_m2;
    const double floor_after = m.host_floor_area_m2 + planned;
    const Param& up = p.number_param("reward.uplift_over");
    const Param& gs = p.number_param("reward.gfa_share_over");
    // «容积率提高20%(不含)以上的部分»: floor area above (1 + 20 %) × the FAR before, on the land after.
    const double uplift = *v.far_after / v.far_before - 1;
    const double uplift_excess = floor_after - (1 + up.number) * v.far_before * area_after;
    // «建筑面积占…总建筑面积的20%(不含)以上的部分»: new floor area above 20 % of the total after.
    const double share = floor_after > 0 ? planned / floor_after : 0;
    const double share_excess = planned - gs.number * floor_after;
    const bool by_uplift = !fails_threshold(uplift, up.fail_if.value_or(Comparison::le), up.number);
    const bool by_share = !fails_threshold(share, gs.fail_if.value_or(Comparison::le), gs.number);
    auto finish = [&](double excess, double rate, const std::string& how_zh, const std::string& how_en) {
        out.excess_m2 = std::max(0.0, excess);
        out.rate_yuan_per_m2 = rate;
        const double raw_10k = out.excess_m2 * rate / 1e4;
        out.capped = raw_10k > cap.number;
        out.amount_10k = std::min(raw_10k, cap.number);
        r.measured = out.amount_10k;
        r.threshold = cap.number;
        r.comparison = "≤";
        r.outcome = out.amount_10k > 0 ? Outcome::pass : Outcome::not_applicable;
        r.reason_zh = fmt::format("{}: {:.2f} m² × {:g} 元/m² = {:.2f} 万元{}", how_zh, out.excess_m2, rate, raw_10k,
                                  out.capped ? fmt::format(", 封顶 {:g} 万元", cap.number) : std::string());
        r.reason_en = fmt::format("{}: {:.2f} m² × {:g} CNY/m² = {:.2f} (10k CNY){}", how_en, out.excess_m2, rate, raw_10k,
                                  out.capped ? fmt::format(", capped at {:g}", cap.number) : std::string());
    };
    if (by_uplift || by_share) {
        out.route = "uplift";
        const double excess = std::max(by_uplift ? uplift_excess : 0.0, by_share ? share_excess : 0.0);
        const auto classes = p.texts("reward.classes");
        const auto rates = p.numbers("reward.rates_by_class_yuan_per_m2");
        const auto it = std::find(classes.begin(), classes.end(), host.mujun_class);
        const std::string what_zh = fmt::format("容积率提高 {:.1f}%, 新增建筑面积占 {:.1f}%", uplift * 100, share * 100);
        const std::string what_en = fmt::format("FAR up {:.1f} %, new floor area {:.1f} % of the total", uplift * 100, share * 100);
        if (host.mujun_class.empty()) {
            r.outcome = Outcome::indeterminate;
            r.missing = "not_scored";
            r.reason_zh = what_zh + ", 超过 20% 的部分按亩均类别给予奖励, 但企业亩均类别不明";
            r.reason_en = what_en + ": the part above the line is rewarded by 亩均 class, and the firm's class is unknown";
            out.excess_m2 = excess;
            return out;
        }
        const std::size_t k = static_cast<std::size_t>(it - classes.begin());
        if (it == classes.end() || k >= rates.size()) {
            r.outcome = Outcome::not_applicable;
            r.reason_zh = what_zh + ", 但企业为 " + host.mujun_class + " 类, 不在奖励类别内";
            r.reason_en = what_en + ", but the firm is class " + host.mujun_class + ": no reward for its class";
            out.excess_m2 = excess;
            return out;
        }
        finish(excess, rates[k], what_zh + ", 超出部分 (" + host.mujun_class + " 类)", what_en + ", the part above the line (class " + host.mujun_class + ")");
        return out;
    }
    // Not over the lines: new production floor area by storeys.
    out.route = "storeys";
    if (!storeys) {
        r.outcome = Outcome::indeterminate;
        r.missing = "storeys";
        r.reason_zh = fmt::format("容积率提高 {:.1f}%、新增占比 {:.1f}% 未超过 20%; 按新增生产厂房层数奖励, 需给出 --storeys", uplift * 100, share * 100);
        r.reason_en = fmt::format("FAR up {:.1f} %, new share {:.1f} %, not over the line; the storey reward needs --storeys", uplift * 100,
                                  share * 100);
        return out;
    }
    const auto from = p.numbers("reward.storeys_from");
    const auto rates = p.numbers("reward.storey_rates_yuan_per_m2");
    double rate = 0;
    for (std::size_t i = 0; i < from.size() && i < rates.size(); ++i)
        if (*storeys >= from[i]) rate = rates[i];
    finish(rate > 0 ? planned : 0.0, rate, fmt::format("新增 {} 层生产厂房", *storeys), fmt::format("new {}-storey production building", *storeys));
    return out;
}

void settle(MergeVerdicts& v) {
    bool fail = false, unknown = false;
    for (const auto& c : v.conditions) {
        if (c.verdict.outcome == Outcome::fail) fail = true;
        if (c.verdict.outcome == Outcome::indeterminate && !c.needs_person()) unknown = true;
    }
    v.overall = fail ? Outcome::fail : unknown ? Outcome::indeterminate : Outcome::pass;
}

} // namespace tl::rules
