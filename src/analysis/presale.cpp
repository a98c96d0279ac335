// 预告登记转让 measures; semantics in presale.hpp.
#include "analysis/presale.hpp"

#include <algorithm>
#include <unordered_map>

#include "analysis/intensity.hpp"

namespace tl::analysis {

PresaleMeasure measure_presale(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                               const std::vector<std::string>& kinds, const std::vector<std::string>& industrial_prefixes,
                               const Date& as_of, const TownshipLookup* townships) {
    PresaleMeasure m;
    if (!supplies) {
        m.skipped_reason = "no supplies layer";
        return m;
    }
    m.ran = true;
    std::unordered_map<std::string, std::size_t> parcel_of;
    if (parcels)
        for (std::size_t i = 0; i < parcels->features.size(); ++i) parcel_of.emplace(parcels->features[i].id, i);
    auto text = [](const geom::Layer& l, std::size_t i, const char* k) {
        auto v = l.text(i, k);
        return v ? *v : std::string();
    };
    for (std::size_t s = 0; s < supplies->features.size(); ++s) {
        const std::string kind = text(*supplies, s, "kind");
        if (std::none_of(kinds.begin(), kinds.end(), [&](const std::string& w) { return !w.empty() && kind.find(w) != std::string::npos; }))
            continue;
        const auto on = supplies->date(s, "supplied_on");
        if (on && as_of < *on) continue;   // not supplied yet on the as-of day
        PresaleSupply p;
        p.supply = s;
        p.supply_id = supplies->features[s].id;
        p.parcel_id = text(*supplies, s, "parcel_id");
        p.kind = kind;
        p.supplied_on = on;
        p.area_m2 = supplies->features[s].area_m2;
        p.planned_10k = supplies->number(s, "planned_investment");
        p.invested_10k = supplies->number(s, "invested");
        if (auto it = parcel_of.find(p.parcel_id); parcels && it != parcel_of.end()) {
            p.owner = text(*parcels, it->second, "owner");
            p.land_use = text(*parcels, it->second, "land_use");
            p.township = text(*parcels, it->second, "township");
        }
        if (p.township.empty() && townships && supplies->features[s].geom)
            p.township = townships->name_of(c, supplies->features[s].geom.get());
        if (!p.land_use.empty() && !is_industrial_land_use(p.land_use, industrial_prefixes)) {
            ++m.not_industrial;
            continue;
        }
        if (p.land_use.empty()) ++m.land_use_unknown;
        m.supplies.push_back(std::move(p));
    }
    return m;
}

} // namespace tl::analysis
