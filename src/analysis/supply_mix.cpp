#include "analysis/supply_mix.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/intensity.hpp"
#include "analysis/township.hpp"
#include "geom/parallel.hpp"

namespace tl::analysis {

SupplyMixResult measure_supply_mix(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                                   const std::vector<std::string>& transfer_kinds,
                                   const std::vector<std::string>& industrial_prefixes, const Date& as_of,
                                   const TownshipLookup* townships, unsigned threads) {
    SupplyMixResult r;
    if (!supplies) {
        r.skipped_reason = "no supplies layer";
        return r;
    }
    r.ran = true;
    std::map<std::string, std::size_t> parcel_by_id;
    if (parcels)
        for (std::size_t j = 0; j < parcels->features.size(); ++j)
            if (!parcels->features[j].id.empty()) parcel_by_id.emplace(parcels->features[j].id, j);
    const OverlapIndex parcel_index = parcels ? OverlapIndex(*parcels) : OverlapIndex();
    // Which supplies count (cheap, in order), then their parcel and township on --threads
    // workers (GEOS overlays: issue 23, they were this analysis's time), then the sums in
    // supply order (the same floating-point sums, whatever the threads).
    struct Counted {
        std::size_t supply = 0;
        int year = 0;
        std::optional<std::size_t> parcel;
        std::string township;
    };
    std::vector<Counted> counted;
    for (std::size_t i = 0; i < supplies->features.size(); ++i) {
        const auto& f = supplies->features[i];
        if (!f.geom) continue;
        const std::string kind = supplies->text(i, "kind").value_or("");
        if (kind.empty()) { ++r.no_kind; continue; }
        bool transfer = false;
        for (const auto& k : transfer_kinds) transfer = transfer || (!k.empty() && kind.find(k) != std::string::npos);
        if (!transfer) continue;
        const auto on = supplies->date(i, "supplied_on", nullptr);
        if (!on) { ++r.undated; continue; }
        if (as_of < *on) { ++r.after_as_of; continue; }
        counted.push_back({i, on->year, std::nullopt, {}});
    }
    for (const auto& k : counted) geom::warm_envelopes(c, supplies->features[k.supply].geom.get());
    if (parcels) for (const auto& f : parcels->features) geom::warm_envelopes(c, f.geom.get());
    if (townships) townships->warm_envelopes(c);
    geom::parallel_for(c, counted.size(), threads, [&](geom::GeosContext& wc, std::size_t n) {
        Counted& k = counted[n];
        const GEOSGeometry* g = supplies->features[k.supply].geom.get();
        const std::string pid = supplies->text(k.supply, "parcel_id").value_or("");
        if (auto it = parcel_by_id.find(pid); !pid.empty() && it != parcel_by_id.end()) k.parcel = it->second;
        else if (parcels)
            if (const auto best = parcel_index.largest_overlap(wc, g)) k.parcel = best->index;
        if (townships) k.township = townships->name_of(wc, g);
    });
    std::map<int, SupplyMixYear> years;
    std::map<std::string, std::map<int, SupplyMixYear>> town_years;
    for (const Counted& k : counted) {
        const auto& f = supplies->features[k.supply];
        const std::string land_use = k.parcel ? parcels->text(*k.parcel, "land_use").value_or("") : std::string();
        auto add = [&](SupplyMixYear& y) {
            y.year = k.year;
            ++y.supplies;
            y.transferred_m2 += f.area_m2;
            if (land_use.empty()) y.unknown_m2 += f.area_m2;
            else if (is_industrial_land_use(land_use, industrial_prefixes)) y.industrial_m2 += f.area_m2;
        };
        add(years[k.year]);
        if (townships) add(town_years[k.township][k.year]);
    }
    for (auto& [year, y] : years) r.years.push_back(y);
    for (auto& [town, ys] : town_years)
        for (auto& [year, y] : ys) r.by_township[town].push_back(y);
    return r;
}

} // namespace tl::analysis
