// check-merge's (五) and (七) conditions as verdicts. See merge_check.hpp.
#include "rules/merge_check.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/scattered.hpp"   // is_industrial_code
#include "core/units.hpp"
#include "rules/evaluate.hpp"       // land_rights, intensity_params

namespace tl::rules {

namespace {

constexpr double kAreaNoise_m2 = 1e-6;
constexpr double kRatioNoise = 1e-9;

std::string m2_mu(double m2) { return fmt::format("{:.2f} m² ({:.2f} 亩)", m2, m2_to_mu(m2)); }

} // namespace

analysis::MergeCheckParams merge_params(const Profile& p) {
    analysis::MergeCheckParams m;
    m.rights = land_rights(p);
    m.intensity = intensity_params(p);
    m.adjacency.snap_m = p.number("adjacency.snap_m");
    m.adjacency.min_shared_m = p.number("adjacency.min_shared_m");
    return m;
}

MergeVerdicts judge_merge(const Profile& profile, const analysis::MergeCheckResult& m) {
    MergeVerdicts r;
    const double max_share_of_host = profile.number("scattered.max_share_of_host");
    const double max_area_mu = profile.number("scattered.max_area_mu");
    const double far_uplift_min = profile.number("scattered.far_uplift_min");
    const double gfa_share_min = profile.number("scattered.gfa_share_min");
    const std::string clause_5 = profile.text("scattered.clause");
    const std::string clause_7 = profile.text("scattered.merge_clause");
    const auto rights = land_rights(profile);
    const double snap_m = m.snap_m, min_shared_m = m.min_shared_m;   // as measured (check-merge --snap/--min-shared)
    const auto industrial_prefixes = profile.texts("land_use.industrial_prefixes");

    auto add = [&](std::string id, std::string zh, std::string en, Outcome o, std::string measured, std::string threshold,
                   const std::string& clause, std::string missing = {}) -> Verdict& {
        MergeCondition c;
        c.label_zh = std::move(zh);
        c.label_en = std::move(en);
        c.verdict.rule_id = std::move(id);
        c.verdict.outcome = o;
        c.verdict.clause = clause;
        c.verdict.missing = o == Outcome::indeterminate ? std::move(missing) : std::string();
        c.measured = std::move(measured);
        c.threshold = std::move(threshold);
        r.conditions.push_back(std::move(c));
        return r.conditions.back().verdict;
    };

    std::vector<const analysis::MergePiece*> leftovers, partners;
    for (const auto& p : m.pieces) (p.leftover ? leftovers : partners).push_back(&p);

    auto adjacency_condition = [&](const std::vector<const analysis::MergePiece*>& set, const std::string& id, const std::string& clause) {
        std::string measured;
        bool all = true;
        for (const auto* p : set) {
            all = all && p->connected;
            measured += fmt::format("{}{} {}", measured.empty() ? "" : "; ", p->id,
                                    p->shared_with_host_m > 0 ? fmt::format("共用界线 {:.2f} m", p->shared_with_host_m)
                                                              : (p->connected ? std::string("经相邻地块连通") : std::string("不相邻")));
        }
        add(id, "界线相邻", "shares a boundary with the host", all ? Outcome::pass : Outcome::fail, measured,
            fmt::format("共用界线 ≥ {:g} m (点接触不算), 捕捉容差 {:g} m", min_shared_m, snap_m), clause);
    };

    // ---- (五) ------------------------------------------------------------------------------
    const bool industrial = analysis::is_industrial_code(m.host_land_use, industrial_prefixes);
    const bool firm = !analysis::is_state_owner(m.host_owner, rights);
    // (五) applies to an application with 零星地块 or a planned 零增地 floor area (or nothing else
    // to test); a pure merge of firms' parcels is tested under (七) alone.
    const bool apply_5 = !leftovers.empty() || m.planned_floor_area_m2.has_value() || partners.empty();
    add(apply_5 ? "5.host" : "7.host", "宿主为企业工业用地", "host is industrial land held by a firm",
        m.host_land_use.empty() ? Outcome::indeterminate : (industrial && firm ? Outcome::pass : Outcome::fail),
        fmt::format("地类 {}, 权利人 {}", m.host_land_use.empty() ? "(空)" : m.host_land_use, m.host_owner.empty() ? "(空)" : m.host_owner),
        fmt::format("工业用地 ({})", fmt::join(industrial_prefixes, " / ")), apply_5 ? clause_5 : clause_7, "land_use");
    if (!leftovers.empty()) {
        adjacency_condition(leftovers, "5.adjacent", clause_5 + " 周边零星地块");
        for (const auto* p : leftovers) r.leftover_area_m2 += p->area_m2;
        const double cap_share = max_share_of_host * m.host_area_m2;
        const double cap_mu = mu_to_m2(max_area_mu);
        Verdict& share = add("5.cap_share", fmt::format("累计面积不超过原用地面积{:g}%", max_share_of_host * 100),
                             fmt::format("cumulative area ≤ {:g} % of the host", max_share_of_host * 100),
                             r.leftover_area_m2 <= cap_share + kAreaNoise_m2 ? Outcome::pass : Outcome::fail,
                             fmt::format("{} / 原用地 {} = {:.2f}%", m2_mu(r.leftover_area_m2), m2_mu(m.host_area_m2),
                                         m.host_area_m2 > 0 ? 100 * r.leftover_area_m2 / m.host_area_m2 : 0.0),
                             fmt::format("≤ {:g}% (≤ {})", max_share_of_host * 100, m2_mu(cap_share)), clause_5);
        share.measured = r.leftover_area_m2;
        share.comparison = ">";
        share.threshold = cap_share;
        Verdict& mu = add("5.cap_mu", fmt::format("累计面积不超过{:g}亩", max_area_mu), fmt::format("cumulative area ≤ {:g} mu", max_area_mu),
                          r.leftover_area_m2 <= cap_mu + kAreaNoise_m2 ? Outcome::pass : Outcome::fail, m2_mu(r.leftover_area_m2),
                          fmt::format("≤ {:g} 亩 ({:.2f} m²)", max_area_mu, cap_mu), clause_5);
        mu.measured = r.leftover_area_m2;
        mu.comparison = ">";
        mu.threshold = cap_mu;
    }
    r.far_before = m.host_area_m2 > 0 ? m.host_floor_area_m2 / m.host_area_m2 : 0.0;
    // The labels say the profile's numbers (临政发〔2022〕22号 (五): 20% / 20%), never fixed ones.
    const std::string uplift_zh = fmt::format("容积率提高{:g}%以上或新增建筑面积占{:g}%以上", far_uplift_min * 100, gfa_share_min * 100);
    const std::string uplift_en = fmt::format("FAR up ≥ {:g} % or new floor area ≥ {:g} % of total", far_uplift_min * 100,
                                              gfa_share_min * 100);
    if (!apply_5) {
        // nothing: (七) only
    } else if (!m.planned_floor_area_m2) {
        add("5.uplift", uplift_zh, uplift_en, Outcome::indeterminate,
            fmt::format("现状建筑面积 {:.2f} m², 容积率 {:.3f}; 未给出 --planned-floor-area", m.host_floor_area_m2, r.far_before),
            fmt::format("容积率 ≥ {:.3f} (提高 ≥ {:g}%) 或 新增 ≥ 技改后总建筑面积 {:g}%", r.far_before * (1 + far_uplift_min),
                        far_uplift_min * 100, gfa_share_min * 100),
            clause_5, "planned_floor_area");
    } else {
        const double planned = *m.planned_floor_area_m2;
        const double total_after = m.host_floor_area_m2 + planned;
        const double land_after = m.host_area_m2 + r.leftover_area_m2;
        r.far_after = land_after > 0 ? total_after / land_after : 0.0;
        const double share = total_after > 0 ? planned / total_after : 0.0;
        const bool far_ok = *r.far_after >= r.far_before * (1 + far_uplift_min) - kRatioNoise;   // 20%以上: ≥
        const bool share_ok = share >= gfa_share_min - kRatioNoise;
        Outcome o = far_ok || share_ok ? Outcome::pass : Outcome::fail;
        // With a lower-bound current floor area (buildings without floors/height, or no
        // buildings layer) the real FAR before is higher and the real share lower: a computed
        // pass may be a real fail, a computed fail stays a fail.
        if (o == Outcome::pass && m.floor_area_lower_bound) o = Outcome::indeterminate;
        Verdict& v = add("5.uplift", uplift_zh, uplift_en, o,
                         fmt::format("容积率 {:.3f} → {:.3f} (提高 {:.1f}%); 新增 {:.2f} m² / 技改后 {:.2f} m² = {:.1f}%{}", r.far_before,
                                     *r.far_after, r.far_before > 0 ? 100 * (*r.far_after / r.far_before - 1) : 100.0, planned,
                                     total_after, 100 * share, m.floor_area_lower_bound ? " (现状建筑面积为下限: 部分建筑缺层数/高度)" : ""),
                         fmt::format("提高 ≥ {:g}% 或 占比 ≥ {:g}% (含本数)", far_uplift_min * 100, gfa_share_min * 100), clause_5,
                         "floors");
        v.measured = share;
        v.comparison = "<";
        v.threshold = gfa_share_min;
    }
    // What the data cannot hold: a person judges (indeterminate, missing "person"; never a pass).
    auto person = [&](const char* id, const char* zh, const char* en, const char* measured, const char* threshold,
                      const std::string& clause) {
        Verdict& v = add(id, zh, en, Outcome::indeterminate, measured, threshold, clause, "person");
        v.reason_zh = std::string("需人工核实: ") + measured;
        v.reason_en = "a person must judge: the data do not hold it";
    };
    if (apply_5)
        person("5.plan", "符合相关规划要求", "conforms to the plans", "数据中无规划条件, 需人工核实", "符合相关规划", clause_5);
    else
        person("7.plan", "规划、消防、环保及出让合同允许", "plans, fire, environment rules and the contract allow it",
               "数据中无此信息, 需人工核实; 合并后不得再分割", "允许合并转让", clause_7);

    // ---- (七) ------------------------------------------------------------------------------
    if (!partners.empty()) {
        adjacency_condition(partners, "7.adjacent", clause_7 + " 界线相邻");
        auto same = [&](const std::string& id, const char* zh, const char* en, const std::string& host_value,
                        std::string analysis::MergePiece::*field, const char* column, const char* missing_code) {
            bool all = !host_value.empty();
            std::string measured = fmt::format("宿主 {}", host_value.empty() ? "(空)" : host_value);
            bool missing = host_value.empty();
            for (const auto* p : partners) {
                const std::string& v = p->*field;
                missing = missing || v.empty();
                all = all && !v.empty() && v == host_value;
                measured += fmt::format("; {} {}", p->id, v.empty() ? "(空)" : v);
            }
            add(id, zh, en, missing ? Outcome::indeterminate : (all ? Outcome::pass : Outcome::fail), measured,
                fmt::format("与宿主相同 ({})", column), clause_7, missing_code);
        };
        same("7.tenure", "权利性质相同", "same tenure (QLXZ)", m.host_tenure, &analysis::MergePiece::tenure, "QLXZ", "tenure");
        same("7.right", "使用权类型相同", "same right type (QLLX)", m.host_right_type, &analysis::MergePiece::right_type, "QLLX",
             "right_type");
        std::optional<double> term = m.host_remaining_term_years;
        bool known = term.has_value();
        std::string measured = fmt::format("宿主 {}", term ? fmt::format("{:g} 年", *term) : std::string("(空)"));
        for (const auto* p : partners) {
            known = known && p->remaining_term_years.has_value();
            if (p->remaining_term_years) term = term ? std::min(*term, *p->remaining_term_years) : *p->remaining_term_years;
            measured += fmt::format("; {} {}", p->id, p->remaining_term_years ? fmt::format("{:g} 年", *p->remaining_term_years) : std::string("(空)"));
        }
        if (known) r.merged_term_years = term;
        add("7.term", "合并后使用年限按最短剩余年限确定", "merged term = shortest remaining term",
            known ? Outcome::pass : Outcome::indeterminate,
            measured + (known ? fmt::format(" → 合并后 {:g} 年", *term) : std::string(" → 缺剩余年限, 无法确定")),
            "取最短剩余年限", clause_7, "remaining_term_years");
    }

    bool any_fail = false, any_indeterminate = false;
    for (const auto& cnd : r.conditions) {
        any_fail = any_fail || cnd.verdict.outcome == Outcome::fail;
        any_indeterminate = any_indeterminate || (cnd.verdict.outcome == Outcome::indeterminate && !cnd.needs_person());
    }
    r.overall = any_fail ? Outcome::fail : (any_indeterminate ? Outcome::indeterminate : Outcome::pass);
    return r;
}

} // namespace tl::rules
