// Parcel → zone; semantics in zones.hpp.
#include "analysis/zones.hpp"

namespace tl::analysis {

std::vector<ParcelZone> measure_parcel_zones(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer& zones) {
    std::vector<ParcelZone> out(parcels.features.size());
    struct Zone {
        const geom::Feature* f;
        geom::PreparedPtr prepared;
        std::string name, kind;
    };
    std::vector<Zone> zs;
    for (std::size_t z = 0; z < zones.features.size(); ++z) {
        const geom::Feature& f = zones.features[z];
        if (!f.geom) continue;
        auto name = zones.text(z, "name");
        auto kind = zones.text(z, "kind");
        zs.push_back({&f, geom::prepare(c, f.geom.get()), name ? *name : std::string(), kind ? *kind : std::string()});
    }
    for (std::size_t i = 0; i < parcels.features.size(); ++i) {
        const geom::Feature& p = parcels.features[i];
        if (!p.geom || p.area_m2 <= 0) continue;
        for (const auto& z : zs) {
            const geom::Envelope& a = p.env;
            const geom::Envelope& b = z.f->env;
            if (a.minx > b.maxx || b.minx > a.maxx || a.miny > b.maxy || b.miny > a.maxy) continue;
            if (!geom::prepared_intersects(c, z.prepared.get(), p.geom.get())) continue;
            const double share = geom::prepared_covers(c, z.prepared.get(), p.geom.get())
                                     ? 1.0
                                     : geom::area(c, geom::intersection(c, p.geom.get(), z.f->geom.get()).get()) / p.area_m2;
            if (share > out[i].share) out[i] = {z.name, z.kind, share};
        }
    }
    return out;
}

} // namespace tl::analysis
