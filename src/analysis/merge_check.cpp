// check-merge: 临政发〔2022〕22号 (五) and (七) for one application; semantics in merge_check.hpp.
#include "analysis/merge_check.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "analysis/scattered.hpp"
#include "core/units.hpp"

namespace tl::analysis {

const char* to_string(Outcome o) noexcept {
    switch (o) {
        case Outcome::pass: return "pass";
        case Outcome::fail: return "fail";
        case Outcome::indeterminate: return "indeterminate";
        case Outcome::manual: return "manual";
    }
    return "?";
}

namespace {

constexpr double kAreaNoise_m2 = 1e-6;
constexpr double kRatioNoise = 1e-9;

std::string text_of(const geom::Layer& l, std::size_t i, const std::string& key) {
    auto v = l.text(i, key);
    return v ? *v : std::string();
}

// A layer holding clones of some features of `src` (same keys and values), for measuring one
// parcel without measuring the county.
geom::Layer subset(geom::GeosContext& c, const geom::Layer& src, const std::vector<std::size_t>& which) {
    geom::Layer l;
    l.name = src.name;
    l.keys = src.keys;
    l.bound = src.bound;
    for (auto i : which) {
        const auto& f = src.features[i];
        geom::Feature g;
        g.fid = f.fid;
        g.id = f.id;
        if (f.geom) g.geom = geom::clone(c, f.geom.get());
        g.env = f.env;
        g.area_m2 = f.area_m2;
        g.repaired = f.repaired;
        g.values = f.values;
        l.features.push_back(std::move(g));
    }
    l.counts.read = l.counts.used = static_cast<std::int64_t>(which.size());
    return l;
}

std::string m2_mu(double m2) { return fmt::format("{:.2f} m² ({:.2f} 亩)", m2, m2_to_mu(m2)); }

} // namespace

MergeCheckResult check_merge(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* buildings,
                             std::size_t host, const std::vector<std::size_t>& with,
                             std::optional<double> planned_floor_area_m2, const MergeCheckParams& params,
                             IssueLog& issues) {
    MergeCheckResult r;
    r.host = host;
    r.host_id = parcels.features[host].id;
    r.host_owner = text_of(parcels, host, "owner");
    r.host_land_use = text_of(parcels, host, "land_use");
    r.host_tenure = text_of(parcels, host, "tenure");
    r.host_right_type = text_of(parcels, host, "right_type");
    r.host_remaining_term_years = parcels.number(host, "remaining_term_years", &issues);
    r.host_area_m2 = parcel_area_basis(parcels, host, &r.host_area_basis);
    r.planned_floor_area_m2 = planned_floor_area_m2;

    std::set<std::size_t> seen{host};
    for (auto i : with) {
        if (!seen.insert(i).second) continue;
        MergePiece p;
        p.parcel = i;
        p.id = parcels.features[i].id;
        p.tenure = text_of(parcels, i, "tenure");
        p.right_type = text_of(parcels, i, "right_type");
        p.leftover = is_state_unassigned(text_of(parcels, i, "owner"), p.tenure, params.rights);
        p.area_m2 = parcels.features[i].area_m2;
        p.remaining_term_years = parcels.number(i, "remaining_term_years", &issues);
        r.pieces.push_back(std::move(p));
    }

    // ---- adjacency among host + pieces; connected to the host through accepted pieces -----
    std::vector<const GEOSGeometry*> geoms{parcels.features[host].geom.get()};
    for (const auto& p : r.pieces) geoms.push_back(parcels.features[p.parcel].geom.get());
    AdjacencyOptions ao = params.adjacency;
    ao.want_edges = false;
    const AdjacencyResult adj = find_adjacency(c, geoms, ao, issues);
    std::vector<std::vector<std::size_t>> links(geoms.size());
    for (const auto& pr : adj.pairs) {
        if (!pr.adjacent) continue;
        links[pr.i].push_back(pr.j);
        links[pr.j].push_back(pr.i);
        if (pr.i == 0) r.pieces[pr.j - 1].shared_with_host_m = pr.shared_m;
    }
    std::vector<bool> reached(geoms.size(), false);
    std::deque<std::size_t> queue{0};
    reached[0] = true;
    while (!queue.empty()) {
        const auto k = queue.front();
        queue.pop_front();
        for (auto m : links[k])
            if (!reached[m]) {
                reached[m] = true;
                queue.push_back(m);
            }
    }
    for (std::size_t k = 0; k < r.pieces.size(); ++k) r.pieces[k].connected = reached[k + 1];

    // ---- host floor area (analysis/intensity.hpp on the host alone) ------------------------
    {
        std::vector<std::size_t> near;
        if (buildings) {
            const auto& he = parcels.features[host].env;
            for (std::size_t b = 0; b < buildings->features.size(); ++b) {
                const auto& e = buildings->features[b].env;
                if (buildings->features[b].geom && e.minx <= he.maxx && he.minx <= e.maxx && e.miny <= he.maxy && he.miny <= e.maxy)
                    near.push_back(b);
            }
        }
        const geom::Layer host_layer = subset(c, parcels, {host});
        const geom::Layer building_layer = buildings ? subset(c, *buildings, near) : geom::Layer{};
        IssueLog local;   // building issues belong to analyze's log, not to this check
        IntensityParams ip = params.intensity;
        ip.threads = 1;
        const IntensityResult ir = measure_intensity(host_layer, buildings ? &building_layer : nullptr, nullptr, ip, local);
        if (!ir.parcels.empty()) {
            r.host_floor_area_m2 = ir.parcels[0].floor_area_m2;
            r.floor_area_lower_bound = ir.parcels[0].far_is_lower_bound || !buildings;
        }
    }

    auto add = [&](std::string id, std::string zh, std::string en, Outcome o, std::string measured, std::string threshold,
                   const std::string& clause) {
        r.conditions.push_back({std::move(id), std::move(zh), std::move(en), o, std::move(measured), std::move(threshold), clause});
    };

    std::vector<const MergePiece*> leftovers, partners;
    for (const auto& p : r.pieces) (p.leftover ? leftovers : partners).push_back(&p);

    auto adjacency_condition = [&](const std::vector<const MergePiece*>& set, const std::string& id, const std::string& clause) {
        std::string measured;
        bool all = true;
        for (const auto* p : set) {
            all = all && p->connected;
            measured += fmt::format("{}{} {}", measured.empty() ? "" : "; ", p->id,
                                    p->shared_with_host_m > 0 ? fmt::format("共用界线 {:.2f} m", p->shared_with_host_m)
                                                              : (p->connected ? std::string("经相邻地块连通") : std::string("不相邻")));
        }
        add(id, "界线相邻", "shares a boundary with the host", all ? Outcome::pass : Outcome::fail, measured,
            fmt::format("共用界线 ≥ {:g} m (点接触不算), 捕捉容差 {:g} m", params.adjacency.min_shared_m, params.adjacency.snap_m), clause);
    };

    // ---- (五) ------------------------------------------------------------------------------
    const bool industrial = is_industrial_code(r.host_land_use, params.industrial_prefixes);
    const bool firm = !is_state_owner(r.host_owner, params.rights);
    // (五) applies to an application with 零星地块 or a planned 零增地 floor area (or nothing else
    // to test); a pure merge of firms' parcels is tested under (七) alone.
    const bool apply_5 = !leftovers.empty() || planned_floor_area_m2.has_value() || partners.empty();
    add(apply_5 ? "5.host" : "7.host", "宿主为企业工业用地", "host is industrial land held by a firm",
        r.host_land_use.empty() ? Outcome::indeterminate : (industrial && firm ? Outcome::pass : Outcome::fail),
        fmt::format("地类 {}, 权利人 {}", r.host_land_use.empty() ? "(空)" : r.host_land_use, r.host_owner.empty() ? "(空)" : r.host_owner),
        "工业用地 (0601 / 1001xx / M)", apply_5 ? params.clause_5 : params.clause_7);
    if (!leftovers.empty()) {
        adjacency_condition(leftovers, "5.adjacent", params.clause_5 + " 周边零星地块");
        for (const auto* p : leftovers) r.leftover_area_m2 += p->area_m2;
        const double cap_share = params.max_share_of_host * r.host_area_m2;
        const double cap_mu = mu_to_m2(params.max_area_mu);
        add("5.cap_share", fmt::format("累计面积不超过原用地面积{:g}%", params.max_share_of_host * 100),
            fmt::format("cumulative area ≤ {:g} % of the host", params.max_share_of_host * 100),
            r.leftover_area_m2 <= cap_share + kAreaNoise_m2 ? Outcome::pass : Outcome::fail,
            fmt::format("{} / 原用地 {} = {:.2f}%", m2_mu(r.leftover_area_m2), m2_mu(r.host_area_m2),
                        r.host_area_m2 > 0 ? 100 * r.leftover_area_m2 / r.host_area_m2 : 0.0),
            fmt::format("≤ {:g}% (≤ {})", params.max_share_of_host * 100, m2_mu(cap_share)), params.clause_5);
        add("5.cap_mu", fmt::format("累计面积不超过{:g}亩", params.max_area_mu), fmt::format("cumulative area ≤ {:g} mu", params.max_area_mu),
            r.leftover_area_m2 <= cap_mu + kAreaNoise_m2 ? Outcome::pass : Outcome::fail, m2_mu(r.leftover_area_m2),
            fmt::format("≤ {:g} 亩 ({:.2f} m²)", params.max_area_mu, cap_mu), params.clause_5);
    }
    r.far_before = r.host_area_m2 > 0 ? r.host_floor_area_m2 / r.host_area_m2 : 0.0;
    // The labels say the profile's numbers (临政发〔2022〕22号 (五): 20% / 20%), never fixed ones.
    const std::string uplift_zh = fmt::format("容积率提高{:g}%以上或新增建筑面积占{:g}%以上", params.far_uplift_min * 100, params.gfa_share_min * 100);
    const std::string uplift_en = fmt::format("FAR up ≥ {:g} % or new floor area ≥ {:g} % of total", params.far_uplift_min * 100,
                                              params.gfa_share_min * 100);
    if (!apply_5) {
        // nothing: (七) only
    } else if (!planned_floor_area_m2) {
        add("5.uplift", uplift_zh, uplift_en,
            Outcome::indeterminate,
            fmt::format("现状建筑面积 {:.2f} m², 容积率 {:.3f}; 未给出 --planned-floor-area", r.host_floor_area_m2, r.far_before),
            fmt::format("容积率 ≥ {:.3f} (提高 ≥ {:g}%) 或 新增 ≥ 技改后总建筑面积 {:g}%", r.far_before * (1 + params.far_uplift_min),
                        params.far_uplift_min * 100, params.gfa_share_min * 100),
            params.clause_5);
    } else {
        const double planned = *planned_floor_area_m2;
        const double total_after = r.host_floor_area_m2 + planned;
        const double land_after = r.host_area_m2 + r.leftover_area_m2;
        r.far_after = land_after > 0 ? total_after / land_after : 0.0;
        const double share = total_after > 0 ? planned / total_after : 0.0;
        const bool far_ok = *r.far_after >= r.far_before * (1 + params.far_uplift_min) - kRatioNoise;   // 20%以上: ≥
        const bool share_ok = share >= params.gfa_share_min - kRatioNoise;
        Outcome o = far_ok || share_ok ? Outcome::pass : Outcome::fail;
        // With a lower-bound current floor area (buildings without floors/height, or no
        // buildings layer) the real FAR before is higher and the real share lower: a computed
        // pass may be a real fail, a computed fail stays a fail.
        if (o == Outcome::pass && r.floor_area_lower_bound) o = Outcome::indeterminate;
        add("5.uplift", uplift_zh, uplift_en, o,
            fmt::format("容积率 {:.3f} → {:.3f} (提高 {:.1f}%); 新增 {:.2f} m² / 技改后 {:.2f} m² = {:.1f}%{}", r.far_before, *r.far_after,
                        r.far_before > 0 ? 100 * (*r.far_after / r.far_before - 1) : 100.0, planned, total_after, 100 * share,
                        r.floor_area_lower_bound ? " (现状建筑面积为下限: 部分建筑缺层数/高度)" : ""),
            fmt::format("提高 ≥ {:g}% 或 占比 ≥ {:g}% (含本数)", params.far_uplift_min * 100, params.gfa_share_min * 100),
            params.clause_5);
    }
    if (apply_5)
        add("5.plan", "符合相关规划要求", "conforms to the plans", Outcome::manual, "数据中无规划条件, 需人工核实", "符合相关规划",
            params.clause_5);
    else
        add("7.plan", "规划、消防、环保及出让合同允许", "plans, fire, environment rules and the contract allow it", Outcome::manual,
            "数据中无此信息, 需人工核实; 合并后不得再分割", "允许合并转让", params.clause_7);

    // ---- (七) ------------------------------------------------------------------------------
    if (!partners.empty()) {
        adjacency_condition(partners, "7.adjacent", params.clause_7 + " 界线相邻");
        auto same = [&](const std::string& id, const char* zh, const char* en, const std::string& host_value,
                        std::string MergePiece::*field, const char* column) {
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
                fmt::format("与宿主相同 ({})", column), params.clause_7);
        };
        same("7.tenure", "权利性质相同", "same tenure (QLXZ)", r.host_tenure, &MergePiece::tenure, "QLXZ");
        same("7.right", "使用权类型相同", "same right type (QLLX)", r.host_right_type, &MergePiece::right_type, "QLLX");
        std::optional<double> term = r.host_remaining_term_years;
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
            "取最短剩余年限", params.clause_7);
    }

    bool any_fail = false, any_indeterminate = false;
    for (const auto& cnd : r.conditions) {
        any_fail = any_fail || cnd.outcome == Outcome::fail;
        any_indeterminate = any_indeterminate || cnd.outcome == Outcome::indeterminate;
    }
    r.overall = any_fail ? Outcome::fail : (any_indeterminate ? Outcome::indeterminate : Outcome::pass);
    return r;
}

} // namespace tl::analysis
