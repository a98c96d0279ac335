// 亩均 evaluation: see mujun.hpp for the definitions and their sources.
#include "analysis/mujun.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "analysis/intensity.hpp"
#include "core/units.hpp"
#include "geom/parallel.hpp"

namespace tl::analysis {

const std::vector<std::string>& mujun_metric_names() {
    static const std::vector<std::string> names{"tax_per_mu", "value_added_per_mu", "va_per_tce", "va_per_t_emission",
                                                "va_per_employee", "rd_ratio", "tax_per_kwh"};
    return names;
}

std::optional<double> MujunUnit::metric(const std::string& name) const {
    const auto& names = mujun_metric_names();
    for (std::size_t k = 0; k < names.size() && k < metrics.size(); ++k)
        if (names[k] == name) return metrics[k];
    return std::nullopt;
}

namespace {

using Sums = std::array<std::optional<double>, kSumFieldCount>;

// (metric, numerator sum, denominator sum; no denominator: land in 亩), in mujun_metric_names() order
struct MetricDef { const char* name; SumField num; std::optional<SumField> den; };
const MetricDef kMetrics[kMetricCount] = {
    {"tax_per_mu", SumField::tax, std::nullopt},
    {"value_added_per_mu", SumField::value_added, std::nullopt},
    {"va_per_tce", SumField::value_added, SumField::energy_tce},
    {"va_per_t_emission", SumField::value_added, SumField::emissions_t},
    {"va_per_employee", SumField::value_added, SumField::employees},
    {"rd_ratio", SumField::rd_spend, SumField::revenue},
    {"tax_per_kwh", SumField::tax, SumField::electricity_kwh},
};
// The enterprises layer's keys, in SumField order.
const char* kSumFields[kSumFieldCount] = {"tax", "value_added", "energy_tce", "emissions_t", "employees", "rd_spend",
                                          "revenue", "electricity_kwh", "fixed_investment"};
std::optional<double> at(const Sums& s, SumField f) { return s[static_cast<std::size_t>(f)]; }

std::optional<bool> parse_scale(const std::string& t) {
    static const std::set<std::string> yes{"1", "Y", "y", "YES", "yes", "true", "TRUE", "True", "T", "是", "规上", "規上"};
    static const std::set<std::string> no{"0", "N", "n", "NO", "no", "false", "FALSE", "False", "F", "否", "规下", "規下"};
    if (yes.count(t)) return true;
    if (no.count(t)) return false;
    return std::nullopt;
}

struct Dsu {
    std::vector<std::size_t> parent;
    explicit Dsu(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
    void unite(std::size_t a, std::size_t b) { a = find(a); b = find(b); if (a != b) parent[std::max(a, b)] = std::min(a, b); }
}; // struct Dsu

std::optional<double> den_value(const Sums& sums, const std::optional<double>& mu, const std::optional<SumField>& den) {
    return den ? at(sums, *den) : mu;
}

} // namespace

std::vector<std::string> classes_by_rank(std::size_t n, double qa, double qb, double qc) {
    auto edge = [n](double q) { return static_cast<std::size_t>(std::min<double>(n, std::floor(q * n + 0.5))); };
    const std::size_t ea = edge(qa), eb = std::max(ea, edge(qa + qb)), ec = std::max(eb, edge(qa + qb + qc));
    std::vector<std::string> out(n);
    for (std::size_t r = 0; r < n; ++r) out[r] = r < ea ? "A" : r < eb ? "B" : r < ec ? "C" : "D";
    return out;
}

MujunResult evaluate_mujun(const geom::Layer& parcels, const std::vector<double>& parcel_area_basis_m2,
                           const geom::Layer& enterprises, const MujunParams& params, IssueLog& issues) {
    MujunResult res;
    const std::size_t np = parcels.features.size();
    const std::size_t ne = enterprises.features.size();
    res.unit_of_parcel.assign(np, std::nullopt);

    // Columns looked up once (layer_key): the loops below read 10^5 to 10^6 values.
    const int kp_enterprise = layer_key(parcels, "enterprise_id");
    const int ke_id = layer_key(enterprises, "id"), ke_year = layer_key(enterprises, "year"),
              ke_parcel = layer_key(enterprises, "parcel_id"), ke_name = layer_key(enterprises, "name"),
              ke_land = layer_key(enterprises, "land_area_m2"), ke_scale = layer_key(enterprises, "above_scale");
    std::array<int, kSumFieldCount> ke_sum{};
    for (std::size_t f = 0; f < kSumFieldCount; ++f) ke_sum[f] = layer_key(enterprises, kSumFields[f]);

    // ---- rows: year, enterprise node ------------------------------------------------------
    // Hashed, not ordered (issue 23: the ordered multimap's string compares were the largest
    // share of this function's profile); the links below do not depend on the order.
    std::unordered_map<std::string, std::size_t> parcel_by_id;
    std::unordered_map<std::string, std::vector<std::size_t>> parcels_by_enterprise;
    parcel_by_id.reserve(np);
    for (std::size_t j = 0; j < np; ++j) {
        if (!parcels.features[j].id.empty()) parcel_by_id.emplace(parcels.features[j].id, j);
        std::string eid = layer_text(parcels, j, kp_enterprise);
        if (!eid.empty()) parcels_by_enterprise[std::move(eid)].push_back(j);
    }
    std::unordered_map<std::string, std::size_t> enterprise_node;   // enterprise id -> node (np + k)
    std::vector<std::size_t> row_node(ne);
    std::vector<std::optional<int>> row_year(ne);
    const bool has_year_column = std::find(enterprises.keys.begin(), enterprises.keys.end(), "year") != enterprises.keys.end()
        && [&] { for (std::size_t i = 0; i < ne; ++i) if (!layer_text(enterprises, i, ke_year).empty()) return true; return false; }();
    std::size_t next_node = np;
    for (std::size_t i = 0; i < ne; ++i) {
        std::string eid = layer_text(enterprises, i, ke_id);
        if (eid.empty()) eid = enterprises.features[i].id;
        if (eid.empty()) row_node[i] = next_node++;
        else {
            auto [it, fresh] = enterprise_node.emplace(eid, next_node);
            if (fresh) ++next_node;
            row_node[i] = it->second;
        }
        if (has_year_column) {
            if (auto y = layer_number(enterprises, i, ke_year); y && std::floor(*y) == *y) row_year[i] = static_cast<int>(*y);
            else {
                Issue is;
                is.layer = enterprises.name; is.fid = enterprises.features[i].fid; is.feature_id = eid;
                is.kind = "enterprise_no_year"; is.field = "year";
                is.detail = "row without a usable year; left out of the 亩均 evaluation";
                is.action = IssueAction::kept;
                issues.add(std::move(is));
            }
        }
    }
    // Evaluation year.
    if (params.year) res.year = params.year;
    else if (has_year_column) {
        for (const auto& y : row_year)
            if (y && (!params.as_of_year || *y <= *params.as_of_year) && (!res.year || *y > *res.year)) res.year = y;
    }

    // ---- links -------------------------------------------------------------------------
    Dsu dsu(next_node);
    std::vector<bool> row_linked(ne, false);
    for (std::size_t i = 0; i < ne; ++i) {
        const std::string pid = layer_text(enterprises, i, ke_parcel);
        if (!pid.empty()) {
            if (auto it = parcel_by_id.find(pid); it != parcel_by_id.end()) { dsu.unite(it->second, row_node[i]); row_linked[i] = true; }
        }
        std::string eid = layer_text(enterprises, i, ke_id);
        if (!eid.empty()) {
            if (auto it = parcels_by_enterprise.find(eid); it != parcels_by_enterprise.end())
                for (const std::size_t j : it->second) { dsu.unite(j, row_node[i]); row_linked[i] = true; }
        }
        if (!row_linked[i] && (!row_year[i] || row_year[i] == res.year)) {
            Issue is;
            is.layer = enterprises.name; is.fid = enterprises.features[i].fid; is.feature_id = eid;
            is.kind = "enterprise_unmatched"; is.field = "parcel_id";
            is.detail = fmt::format("no parcel with id \"{}\" and no parcel whose enterprise_id is \"{}\"; "
                                    "evaluated on its own land_area_m2 if given", pid, eid);
            is.action = IssueAction::note;
            issues.add(std::move(is));
        }
    }

    // ---- build units (components that contain at least one enterprise row) ------------------
    // Indexed by root node (vectors, in root order as the maps were).
    std::vector<std::vector<std::size_t>> rows_of_root(next_node);
    for (std::size_t i = 0; i < ne; ++i) {
        if (has_year_column && !row_year[i]) continue;
        rows_of_root[dsu.find(row_node[i])].push_back(i);
    }
    std::vector<std::vector<std::size_t>> parcels_of_root(next_node);
    for (std::size_t j = 0; j < np; ++j) parcels_of_root[dsu.find(j)].push_back(j);

    // Each unit is built on its own (on params.threads workers) into its slot, in root order.
    std::vector<std::size_t> roots;
    for (std::size_t root = 0; root < next_node; ++root)
        if (!rows_of_root[root].empty()) roots.push_back(root);
    res.units.resize(roots.size());
    geom::GeosContext ctx;
    geom::parallel_for(ctx, roots.size(), params.threads, [&](geom::GeosContext&, std::size_t slot) {
        const std::size_t root = roots[slot];
        const auto& rows = rows_of_root[root];
        MujunUnit& u = res.units[slot];
        u.parcels = std::move(parcels_of_root[root]);
        std::set<std::string> ids, names;
        for (std::size_t i : rows) {
            std::string eid = layer_text(enterprises, i, ke_id);
            if (!eid.empty()) ids.insert(eid);
            std::string nm = layer_text(enterprises, i, ke_name);
            if (!nm.empty()) names.insert(nm);
        }
        u.enterprise_ids.assign(ids.begin(), ids.end());
        u.enterprise_names.assign(names.begin(), names.end());
        if (!u.parcels.empty()) {
            const auto& f = parcels.features[u.parcels.front()];
            u.key = "P:" + (f.id.empty() ? fmt::format("#{}", f.fid) : f.id);
            double land = 0;
            for (std::size_t j : u.parcels) land += j < parcel_area_basis_m2.size() ? parcel_area_basis_m2[j] : parcels.features[j].area_m2;
            u.land_m2 = land;
            u.land_basis = "parcels";
        } else {
            u.key = "E:" + (u.enterprise_ids.empty() ? fmt::format("#{}", enterprises.features[rows.front()].fid) : u.enterprise_ids.front());
        }
        // Per-year sums.
        std::map<int, Sums> by_year;
        std::map<int, std::map<std::string, double>> land_by_year;   // enterprise land per distinct enterprise
        for (std::size_t i : rows) {
            const int y = row_year[i].value_or(0);
            auto& s = by_year[y];
            for (std::size_t f = 0; f < kSumFieldCount; ++f)
                if (auto v = layer_number(enterprises, i, ke_sum[f])) s[f] = s[f].value_or(0) + *v;
            if (auto v = layer_number(enterprises, i, ke_land); v && *v > 0) {
                std::string eid = layer_text(enterprises, i, ke_id);
                land_by_year[y][eid.empty() ? fmt::format("#{}", i) : eid] = *v;
            }
        }
        auto land_in_year = [&](int y) -> std::optional<double> {
            if (u.land_m2) return u.land_m2;
            auto it = land_by_year.find(y);
            if (it == land_by_year.end() || it->second.empty()) return std::nullopt;
            double a = 0;
            for (const auto& kv : it->second) a += kv.second;
            return a;
        };
        for (const auto& [y, s] : by_year) {
            auto land = land_in_year(y);
            const auto tax = at(s, SumField::tax);
            if (land && *land > 0 && tax) u.tax_per_mu_by_year[y] = *tax / m2_to_mu(*land);
            if (const auto rv = at(s, SumField::revenue)) u.revenue_by_year[y] = *rv;
        }
        const int ey = res.year.value_or(0);
        if (auto it = by_year.find(ey); it != by_year.end()) {
            u.has_year_data = true;
            u.sums = it->second;
            if (!u.land_m2) { u.land_m2 = land_in_year(ey); if (u.land_m2) u.land_basis = "enterprise_land_area"; }
            std::optional<double> mu;
            if (u.land_m2) mu = m2_to_mu(*u.land_m2);
            for (std::size_t k = 0; k < kMetricCount; ++k) {
                const auto n = u.sum(kMetrics[k].num);
                const auto d = den_value(u.sums, mu, kMetrics[k].den);
                if (n && d && *d > 0) u.metrics[k] = *n / *d;
            }
            for (std::size_t i : rows) {
                if (row_year[i].value_or(0) != ey) continue;
                if (auto b = parse_scale(layer_text(enterprises, i, ke_scale))) u.above_scale = u.above_scale.value_or(false) || *b;
            }
        }
        // Scope (R09).
        if (!u.has_year_data) {
            u.scope_note = "no data in the evaluation year";
        } else if (u.above_scale.value_or(false)) {
            u.in_scope = true;
            u.scope_note = "规上";
        } else if (!u.land_m2) {
            u.scope_note = "规下, land area unknown";
        } else {
            const double mu = m2_to_mu(*u.land_m2);
            u.in_scope = mu >= params.below_scale_min_mu;   // “3亩(含)以上”: inclusive
            u.scope_note = fmt::format("{}, {:.2f} 亩 {} {:g} 亩", u.above_scale ? "规下" : "规上/规下 unknown (treated as 规下)",
                                       mu, u.in_scope ? "≥" : "<", params.below_scale_min_mu);
        }
    });
    std::sort(res.units.begin(), res.units.end(), [](const MujunUnit& a, const MujunUnit& b) { return a.key < b.key; });
    for (std::size_t k = 0; k < res.units.size(); ++k)
        for (std::size_t j : res.units[k].parcels) res.unit_of_parcel[j] = k;

    // ---- score and classes, per group ------------------------------------------------------
    for (int group = 0; group < 2; ++group) {
        const bool above = group == 0;
        const auto& weights = above ? params.weights_above : params.weights_below;
        auto& bench = above ? res.benchmarks_above : res.benchmarks_below;
        std::vector<std::size_t> members;
        for (std::size_t k = 0; k < res.units.size(); ++k) {
            auto& u = res.units[k];
            if (!u.in_scope || u.above_scale.value_or(false) != above) continue;
            if (!u.metric("tax_per_mu")) { u.class_note = "亩均税收 missing: not scored"; continue; }
            members.push_back(k);
        }
        // Benchmarks: county aggregate Σ num / Σ den over members having both.
        for (const auto& m : kMetrics) {
            if (!weights.count(m.name)) continue;
            double sn = 0, sd = 0;
            for (std::size_t k : members) {
                const auto& u = res.units[k];
                const auto n = u.sum(m.num);
                const auto d = den_value(u.sums, u.land_m2 ? std::optional<double>(m2_to_mu(*u.land_m2)) : std::nullopt, m.den);
                if (n && d && *d > 0) { sn += *n; sd += *d; }
            }
            if (sd > 0 && sn != 0) bench[m.name] = sn / sd;
        }
        // Item scores; missing item -> group average item score.
        std::map<std::string, double> avg_item;
        for (const auto& [name, w] : weights) {
            auto b = bench.find(name);
            if (b == bench.end()) continue;
            double s = 0; int n = 0;
            for (std::size_t k : members) if (auto x = res.units[k].metric(name)) { s += w * *x / b->second; ++n; }
            if (n) avg_item[name] = s / n;
        }
        std::vector<std::size_t> ranked;
        for (std::size_t k : members) {
            auto& u = res.units[k];
            double score = 0;
            for (const auto& [name, w] : weights) {
                auto b = bench.find(name);
                if (b == bench.end()) continue;
                if (auto x = u.metric(name)) score += w * *x / b->second;
                else if (auto a = avg_item.find(name); a != avg_item.end()) score += a->second;
            }
            u.score = score;
            const auto inv = u.sum(SumField::fixed_investment);
            if (params.override_a_investment_10k && inv && *inv >= *params.override_a_investment_10k) {
                u.mujun_class = "A";   // 临政发〔2022〕22号 (八): 1亿元以上 → A, 不占A类比例
                u.class_note = fmt::format("override A: fixed investment {:g} 万元 ≥ {:g}", *inv, *params.override_a_investment_10k);
                continue;
            }
            ranked.push_back(k);
        }
        std::sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
            const auto& ua = res.units[a]; const auto& ub = res.units[b];
            if (*ua.score != *ub.score) return *ua.score > *ub.score;
            return ua.key < ub.key;
        });
        const auto cls = classes_by_rank(ranked.size(), params.quota_a, params.quota_b, params.quota_c);
        for (std::size_t r = 0; r < ranked.size(); ++r) {
            auto& u = res.units[ranked[r]];
            u.rank = static_cast<int>(r + 1);
            u.mujun_class = cls[r];
            const auto inv = u.sum(SumField::fixed_investment);
            if (u.mujun_class == "D" && params.override_not_d_investment_10k && inv
                && *inv >= *params.override_not_d_investment_10k) {
                u.mujun_class = "C";   // 临政发〔2022〕22号 (八): 3000万元以上 不列入D类, 不占C类比例
                u.class_note = fmt::format("override not D: fixed investment {:g} 万元 ≥ {:g}", *inv,
                                           *params.override_not_d_investment_10k);
            }
        }
    }
    for (const auto& u : res.units) if (!u.mujun_class.empty()) ++res.evaluated;
    return res;
}

} // namespace tl::analysis
