// 零星地块 candidates; semantics in scattered.hpp (R12, 临政发〔2022〕22号 (五)).
#include "analysis/scattered.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "geom/parallel.hpp"
#include "index/feature_index.hpp"

namespace tl::analysis {

const char* to_string(LeftoverSource s) noexcept {
    switch (s) {
        case LeftoverSource::unsupplied: return "unsupplied";
        case LeftoverSource::state_unassigned: return "state_unassigned";
        case LeftoverSource::small_parcel: return "small_parcel";
    }
    return "?";
}


namespace {

std::string trim(std::string s) {
    auto sp = [](unsigned char ch) { return std::isspace(ch) != 0; };
    while (!s.empty() && sp(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t k = 0;
    while (k < s.size() && sp(static_cast<unsigned char>(s[k]))) ++k;
    return s.substr(k);
}

std::string upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

std::string text_of(const geom::Layer& l, std::size_t i, const std::string& key) {
    auto v = l.text(i, key);
    return v ? trim(*v) : std::string();
}

constexpr double kAreaNoise_m2 = 1e-6;

} // namespace

bool is_industrial_code(const std::string& land_use, const std::vector<std::string>& prefixes) {
    const std::string code = upper(trim(land_use));
    if (code.empty()) return false;
    for (const auto& p : prefixes) {
        const std::string up = upper(trim(p));
        if (!up.empty() && code.compare(0, up.size(), up) == 0) return true;
    }
    return false;
}

double parcel_area_basis(const geom::Layer& parcels, std::size_t i, std::string* basis) {
    const auto reg = parcels.number(i, "registered_area_m2");
    if (reg && *reg > 0) {
        if (basis) *basis = "registered";
        return *reg;
    }
    if (basis) *basis = "geometric";
    return parcels.features[i].area_m2;
}

ScatteredResult find_scattered(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* supplies,
                               const std::vector<LeftoverInput>& pieces, const ScatteredParams& params,
                               IssueLog& issues) {
    ScatteredResult out;
    const std::size_t n = parcels.features.size();

    // ---- which parcels are supplied (for state_unassigned) ----------------------------------
    std::set<std::string> supplied_ids;
    std::vector<const GEOSGeometry*> supply_geoms;
    if (supplies) {
        for (std::size_t k = 0; k < supplies->features.size(); ++k) {
            const std::string pid = text_of(*supplies, k, "parcel_id");
            if (!pid.empty()) supplied_ids.insert(pid);
            if (supplies->features[k].geom) supply_geoms.push_back(supplies->features[k].geom.get());
        }
    }
    std::vector<geom::Envelope> supply_envs;
    for (auto* g : supply_geoms) supply_envs.push_back(geom::envelope(c, g));
    const index::FeatureIndex supply_index(supply_envs);

    // The pieces that can stand for the parcels under them: only those that are candidates
    // themselves (within the 10 亩 cap). A batch's large unsupplied remainder is dropped below as
    // too large, and a state-held scrap inside it must then be judged on its own, not vanish.
    const double too_large_m2 = params.max_leftover_m2;
    std::vector<const GEOSGeometry*> piece_geoms;
    std::vector<geom::Envelope> piece_envs;
    for (const auto& p : pieces) {
        if (!p.geom || geom::is_empty(c, p.geom)) continue;
        if (geom::area(c, p.geom) > too_large_m2 + kAreaNoise_m2) continue;
        piece_geoms.push_back(p.geom);
        piece_envs.push_back(geom::envelope(c, p.geom));
    }
    const index::FeatureIndex piece_index(piece_envs);

    // Share of `g` (area a) covered by the union-free sum of the indexed geometries: overlapping
    // supplies could double count, so the share is capped at 1.
    auto covered_share = [](geom::GeosContext& wc, const GEOSGeometry* g, const geom::Envelope& env, double a,
                            const index::FeatureIndex& idx, const std::vector<const GEOSGeometry*>& geoms) {
        if (a <= 0) return 0.0;
        double covered = 0;
        for (auto k : idx.query(env)) {
            if (!geom::intersects(wc, g, geoms[k])) continue;
            auto inter = geom::intersection(wc, g, geoms[k]);
            covered += geom::area(wc, inter.get());
        }
        return std::min(1.0, covered / a);
    };

    // ---- leftovers and hosts ------------------------------------------------------------------
    for (const auto& p : pieces) {
        if (!p.geom || geom::is_empty(c, p.geom)) continue;
        Leftover l;
        l.id = p.id;
        l.source = LeftoverSource::unsupplied;
        l.detail = p.detail;
        l.geom = p.geom;
        out.leftovers.push_back(std::move(l));
    }
    // Each parcel's role, on --threads workers (one GEOS context each; the shared geometries
    // only read, their envelopes computed first), then collected in parcel order.
    struct Role {
        bool leftover = false, represented = false, host = false, state = false;
        LeftoverSource source = LeftoverSource::state_unassigned;
        std::string detail;
    };
    std::vector<Role> roles(n);
    auto classify = [&](geom::GeosContext& wc, std::size_t i) {
        const auto& f = parcels.features[i];
        if (!f.geom) return;
        Role& r = roles[i];
        const std::string owner = text_of(parcels, i, "owner");
        const std::string land_use = text_of(parcels, i, "land_use");
        const bool industrial = is_industrial_code(land_use, params.industrial_prefixes);
        const bool state = is_state_owner(owner, params.rights);
        r.state = state;
        if (is_state_unassigned(owner, text_of(parcels, i, "tenure"), params.rights) &&
            !supplied_ids.count(f.id) &&
            covered_share(wc, f.geom.get(), f.env, f.area_m2, supply_index, supply_geoms) < params.supplied_cover_min) {
            r.leftover = true;
            r.detail = owner.empty() ? "权利人为空, 未供应" : owner + ", 未供应";
        } else if (params.small_parcel_max_m2 > 0 && !industrial && f.area_m2 < params.small_parcel_max_m2) {
            r.leftover = true;
            r.source = LeftoverSource::small_parcel;
            r.detail = owner;
        }
        // Already represented by an unsupplied piece?
        if (r.leftover) r.represented = covered_share(wc, f.geom.get(), f.env, f.area_m2, piece_index, piece_geoms) >= 0.5;
        else r.host = industrial && !state;
    };
    for (const auto& f : parcels.features) geom::warm_envelopes(c, f.geom.get());
    for (const auto* g : supply_geoms) geom::warm_envelopes(c, g);
    for (const auto* g : piece_geoms) geom::warm_envelopes(c, g);
    geom::parallel_for(c, n, params.adjacency.threads, classify);
    std::vector<std::size_t> host_parcels;
    std::set<std::size_t> maybe_represented;   // indices into out.leftovers
    const std::size_t n_pieces = out.leftovers.size();   // the unsupplied pieces come first
    for (std::size_t i = 0; i < n; ++i) {
        Role& r = roles[i];
        out.state_held_parcels += r.state ? 1 : 0;
        out.state_unassigned_parcels += r.leftover && r.source == LeftoverSource::state_unassigned ? 1 : 0;
        if (r.leftover) {
            // A scrap mostly inside an unsupplied piece stays in for now: it is represented by
            // the piece only if the piece itself turns out to be a candidate (below).
            if (r.represented) maybe_represented.insert(out.leftovers.size());
            const auto& f = parcels.features[i];
            Leftover l;
            l.id = f.id;
            l.source = r.source;
            l.detail = std::move(r.detail);
            l.geom = f.geom.get();
            l.parcel = i;
            out.leftovers.push_back(std::move(l));
        } else if (r.host) {
            host_parcels.push_back(i);
        }
    }
    for (auto& l : out.leftovers) {
        l.area_m2 = geom::area(c, l.geom);
        l.perimeter_m = geom::length(c, l.geom);
    }
    const auto before = out.leftovers.size();
    std::vector<bool> flagged(out.leftovers.size(), false);
    for (auto k : maybe_represented) flagged[k] = true;
    std::size_t pieces_kept = 0;
    {
        std::vector<Leftover> kept;
        std::vector<bool> kept_flag;
        for (std::size_t k = 0; k < out.leftovers.size(); ++k) {
            if (out.leftovers[k].area_m2 > too_large_m2 + kAreaNoise_m2) continue;
            if (k < n_pieces) ++pieces_kept;
            kept.push_back(std::move(out.leftovers[k]));
            kept_flag.push_back(flagged[k]);
        }
        out.leftovers = std::move(kept);
        flagged = std::move(kept_flag);
    }
    out.too_large = before - out.leftovers.size();

    // ---- adjacency leftover ↔ host ------------------------------------------------------------
    // One engine run over hosts followed by leftovers; only mixed pairs are kept.
    std::vector<const GEOSGeometry*> geoms;
    for (auto h : host_parcels) geoms.push_back(parcels.features[h].geom.get());
    for (const auto& l : out.leftovers) geoms.push_back(l.geom);
    AdjacencyOptions ao = params.adjacency;
    ao.want_edges = false;
    ao.group_split = host_parcels.size();   // host–host and leftover–leftover pairs are not measured
    if (ao.layer_name.empty() || ao.layer_name == "parcels") ao.layer_name = "parcels+leftovers";
    const AdjacencyResult adj = find_adjacency(c, geoms, ao, issues);

    const std::size_t nh = host_parcels.size();
    // Which unsupplied pieces are candidates (beside a host), and so which flagged scraps they
    // represent: a scrap ≥ half inside such pieces is listed as the piece, not again.
    std::vector<bool> piece_is_candidate(pieces_kept, false);
    for (const auto& p : adj.pairs)
        if (p.adjacent && p.i < nh && p.j >= nh && p.j - nh < pieces_kept) piece_is_candidate[p.j - nh] = true;
    std::vector<bool> represented(out.leftovers.size(), false);
    {
        std::vector<const GEOSGeometry*> cand_geoms;
        std::vector<geom::Envelope> cand_envs;
        for (std::size_t k = 0; k < pieces_kept; ++k)
            if (piece_is_candidate[k]) {
                cand_geoms.push_back(out.leftovers[k].geom);
                cand_envs.push_back(geom::envelope(c, out.leftovers[k].geom));
            }
        const index::FeatureIndex cand_index(cand_envs);
        for (std::size_t k = pieces_kept; k < out.leftovers.size(); ++k)
            if (flagged[k])
                represented[k] = covered_share(c, out.leftovers[k].geom, geom::envelope(c, out.leftovers[k].geom), out.leftovers[k].area_m2,
                                               cand_index, cand_geoms) >= 0.5;
    }
    std::map<std::size_t, std::size_t> host_slot;   // parcel index -> index in out.hosts
    for (const auto& p : adj.pairs) {
        if (!p.adjacent) continue;
        if (!((p.i < nh) && (p.j >= nh))) continue;   // i < j: hosts come first
        const std::size_t hp = host_parcels[p.i];
        const std::size_t li = p.j - nh;
        if (represented[li]) continue;
        if (out.leftovers[li].parcel && *out.leftovers[li].parcel == hp) continue;
        auto it = host_slot.find(hp);
        if (it == host_slot.end()) {
            HostSummary h;
            h.parcel = hp;
            h.id = parcels.features[hp].id;
            h.area_m2 = parcel_area_basis(parcels, hp, &h.area_basis);
            it = host_slot.emplace(hp, out.hosts.size()).first;
            out.hosts.push_back(h);
        }
        Candidate cand;
        cand.leftover = li;
        cand.host = it->second;
        cand.shared_m = p.shared_m;
        cand.gap_m = p.gap_m;
        out.candidates.push_back(cand);
        out.leftovers[li].shared_with_hosts_m += p.shared_m;
        out.leftovers[li].hosts += 1;
    }

    if (std::find(represented.begin(), represented.end(), true) != represented.end()) {
        std::vector<std::size_t> remap(out.leftovers.size(), 0);
        std::vector<Leftover> kept;
        for (std::size_t k = 0; k < out.leftovers.size(); ++k) {
            if (represented[k]) continue;
            remap[k] = kept.size();
            kept.push_back(std::move(out.leftovers[k]));
        }
        out.leftovers = std::move(kept);
        for (auto& cand : out.candidates) cand.leftover = remap[cand.leftover];
    }

    // Hosts by parcel index; candidates per host by decreasing shared length, area, id.
    std::vector<std::size_t> order(out.hosts.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out.hosts[a].parcel < out.hosts[b].parcel; });
    std::vector<std::size_t> rank(order.size());
    std::vector<HostSummary> hosts_sorted;
    for (std::size_t k = 0; k < order.size(); ++k) {
        rank[order[k]] = k;
        hosts_sorted.push_back(out.hosts[order[k]]);
    }
    out.hosts = std::move(hosts_sorted);
    for (auto& cand : out.candidates) cand.host = rank[cand.host];
    std::sort(out.candidates.begin(), out.candidates.end(), [&](const Candidate& a, const Candidate& b) {
        const auto& la = out.leftovers[a.leftover];
        const auto& lb = out.leftovers[b.leftover];
        return std::make_tuple(a.host, -a.shared_m, la.area_m2, la.id) < std::make_tuple(b.host, -b.shared_m, lb.area_m2, lb.id);
    });
    for (auto& cand : out.candidates) {
        HostSummary& h = out.hosts[cand.host];
        h.candidates_m2 += out.leftovers[cand.leftover].area_m2;
        h.candidates += 1;
        cand.cumulative_m2 = h.candidates_m2;
    }
    for (auto& l : out.leftovers)
        l.enclosed_share = l.perimeter_m > 0 ? std::min(1.0, l.shared_with_hosts_m / l.perimeter_m) : 0.0;
    return out;
}

} // namespace tl::analysis
