// check-merge: the measures of one application; semantics in merge_check.hpp.
#include "analysis/merge_check.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

#include <fmt/format.h>

#include "analysis/scattered.hpp"
#include "core/units.hpp"

namespace tl::analysis {

namespace {

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

} // namespace

MergeCheckResult measure_merge(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* buildings,
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
    r.snap_m = params.adjacency.snap_m;
    r.min_shared_m = params.adjacency.min_shared_m;

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

    return r;
}

} // namespace tl::analysis
