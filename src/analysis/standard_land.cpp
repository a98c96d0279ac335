// 标准地 measures; semantics in standard_land.hpp.
#include "analysis/standard_land.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>

#include "analysis/intensity.hpp"
#include "core/units.hpp"
#include "geom/parallel.hpp"

namespace tl::analysis {

namespace {

void add_to(std::vector<StandardLandYear>& years, int year, std::optional<bool> flag, double area_m2) {
    auto it = std::find_if(years.begin(), years.end(), [&](const StandardLandYear& y) { return y.year == year; });
    if (it == years.end()) {
        years.push_back({});
        years.back().year = year;
        it = years.end() - 1;
    }
    ++it->supplies;
    it->area_m2 += area_m2;
    if (!flag) {
        ++it->unflagged;
        it->unflagged_m2 += area_m2;
    } else if (*flag) {
        ++it->standard;
        it->standard_m2 += area_m2;
    } else {
        ++it->not_standard;
        it->not_standard_m2 += area_m2;
    }
}

void sort_years(std::vector<StandardLandYear>& years) {
    std::sort(years.begin(), years.end(), [](const StandardLandYear& a, const StandardLandYear& b) { return a.year < b.year; });
}

} // namespace

StandardLandMeasure measure_standard_land(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* parcels,
                                          const geom::Layer* enterprises, const std::vector<ParcelBuilt>* built,
                                          bool buildings_layer, const StandardLandParams& params, const TownshipLookup* townships) {
    StandardLandMeasure m;
    if (!supplies) {
        m.skipped_reason = "no supplies layer";
        return m;
    }
    m.ran = true;
    m.flag_column = supplies->has_column("standard_land");
    m.buildings_layer = buildings_layer;
    m.enterprise_table = enterprises != nullptr;

    std::unordered_map<std::string, std::size_t> parcel_of;
    if (parcels)
        for (std::size_t i = 0; i < parcels->features.size(); ++i) parcel_of.emplace(parcels->features[i].id, i);
    // Enterprise rows by parcel and by firm, in table order.
    std::unordered_map<std::string, std::vector<std::size_t>> rows_by_parcel, rows_by_firm;
    std::vector<std::optional<int>> row_year;
    if (enterprises) {
        row_year.resize(enterprises->features.size());
        for (std::size_t r = 0; r < enterprises->features.size(); ++r) {
            if (auto y = enterprises->number(r, "year")) row_year[r] = static_cast<int>(*y);
            if (auto p = enterprises->text(r, "parcel_id"); p && !p->empty()) rows_by_parcel[*p].push_back(r);
            if (!enterprises->features[r].id.empty()) rows_by_firm[enterprises->features[r].id].push_back(r);
        }
    }
    auto text = [](const geom::Layer& l, std::size_t i, const char* k) {
        auto v = l.text(i, k);
        return v ? *v : std::string();
    };

    // The township of each supply whose parcel does not name one, on --threads workers (a GEOS
    // look-up per supply; issue 23), used in supply order below.
    const std::size_t ns = supplies->features.size();
    std::vector<std::string> township_of(ns);
    if (townships) {
        std::vector<std::size_t> look_up;
        for (std::size_t s = 0; s < ns; ++s) {
            const auto on = supplies->date(s, "supplied_on");
            if ((on && params.as_of < *on) || !supplies->features[s].geom) continue;
            const auto pit = parcel_of.find(text(*supplies, s, "parcel_id"));
            if (parcels && pit != parcel_of.end() && !text(*parcels, pit->second, "township").empty()) continue;
            look_up.push_back(s);
        }
        for (std::size_t s : look_up) geom::warm_envelopes(c, supplies->features[s].geom.get());
        townships->warm_envelopes(c);
        geom::parallel_for(c, look_up.size(), params.threads, [&](geom::GeosContext& wc, std::size_t k) {
            township_of[look_up[k]] = townships->name_of(wc, supplies->features[look_up[k]].geom.get());
        });
    }

    for (std::size_t s = 0; s < ns; ++s) {
        const auto on = supplies->date(s, "supplied_on");
        if (on && params.as_of < *on) continue;   // not supplied yet on the as-of day
        const std::string kind = text(*supplies, s, "kind");
        const std::optional<bool> flag = supplies->boolean(s, "standard_land");
        const std::string parcel_id = text(*supplies, s, "parcel_id");
        const auto pit = parcel_of.find(parcel_id);
        const bool has_parcel = parcels && pit != parcel_of.end();
        std::string township = has_parcel ? text(*parcels, pit->second, "township") : std::string();
        if (township.empty() && townships && supplies->features[s].geom) township = std::move(township_of[s]);
        const double area_m2 = supplies->features[s].area_m2;

        // The year's share: 出让 on industrial land.
        const bool transfer = std::any_of(params.kinds.begin(), params.kinds.end(),
                                          [&](const std::string& w) { return !w.empty() && kind.find(w) != std::string::npos; });
        if (transfer) {
            const std::string land_use = has_parcel ? text(*parcels, pit->second, "land_use") : std::string();
            if (land_use.empty()) {
                ++m.land_use_unknown;
            } else if (is_industrial_land_use(land_use, params.industrial_prefixes)) {
                if (!on) {
                    ++m.undated;
                } else if (params.share_from && *on < *params.share_from) {
                    ++m.before_share_from;
                } else {
                    add_to(m.years, on->year, flag, area_m2);
                    add_to(m.by_township[township], on->year, flag, area_m2);
                }
            }
        }
        if (!flag || !*flag) continue;

        // A 标准地 supply: its contract and what was measured.
        StandardLandSupply x;
        x.supply = s;
        x.supply_id = supplies->features[s].id;
        x.parcel_id = parcel_id;
        x.kind = kind;
        x.township = township;
        x.supplied_on = on;
        x.accepted_on = supplies->date(s, "accepted_on");
        x.reviewed_on = supplies->date(s, "reviewed_on");
        x.area_m2 = area_m2;
        x.c_investment_10k_per_mu = supplies->number(s, "std_investment_10k_per_mu");
        x.c_far = supplies->number(s, "contract_far_min");
        x.c_tax_10k_per_mu = supplies->number(s, "std_tax_10k_per_mu");
        x.c_va_per_tce_10k = supplies->number(s, "std_va_per_tce_10k");
        x.c_energy_tce_per_10k = supplies->number(s, "std_energy_tce_per_10k");
        x.c_va_per_t_emission_10k = supplies->number(s, "std_va_per_t_emission_10k");
        x.c_rd_share_pct = supplies->number(s, "std_rd_share_pct");
        const double mu = m2_to_mu(area_m2);
        x.invested_10k = supplies->number(s, "invested");
        if (x.invested_10k && mu > 0) x.investment_10k_per_mu = *x.invested_10k / mu;
        x.parcel_found = has_parcel;
        if (has_parcel) {
            x.owner = text(*parcels, pit->second, "owner");
            if (built && buildings_layer && pit->second < built->size()) {
                const ParcelBuilt& b = (*built)[pit->second];
                x.far = b.far;
                x.coverage = b.coverage;
                x.far_is_lower_bound = b.far_is_lower_bound;
                x.buildings = b.buildings;
            }
        }
        if (enterprises) {
            // The linked rows: by parcel, and by the parcel holder's credit code.
            std::set<std::size_t> rows;
            if (auto it = rows_by_parcel.find(parcel_id); !parcel_id.empty() && it != rows_by_parcel.end()) rows.insert(it->second.begin(), it->second.end());
            if (has_parcel) {
                const std::string firm = text(*parcels, pit->second, "enterprise_id");
                if (auto it = rows_by_firm.find(firm); !firm.empty() && it != rows_by_firm.end()) rows.insert(it->second.begin(), it->second.end());
            }
            int review_year = params.as_of.year;
            if (x.reviewed_on) review_year = std::min(review_year, x.reviewed_on->year);
            std::optional<int> year;
            for (std::size_t r : rows)
                if (row_year[r] && *row_year[r] <= review_year && (!year || *row_year[r] > *year)) year = row_year[r];
            if (year) {
                x.enterprise_year = year;
                auto sum = [&](const char* key) -> std::optional<double> {
                    std::optional<double> total;
                    for (std::size_t r : rows) {
                        if (row_year[r] != year) continue;
                        if (auto v = enterprises->number(r, key)) total = total.value_or(0) + *v;
                    }
                    return total;
                };
                for (std::size_t r : rows) x.enterprise_rows += row_year[r] == year ? 1 : 0;
                const auto tax = sum("tax"), va = sum("value_added"), energy = sum("energy_tce"), emission = sum("emissions_t"),
                           rd = sum("rd_spend"), revenue = sum("revenue");
                if (tax && mu > 0) x.tax_10k_per_mu = *tax / mu;
                if (va && energy && *energy > 0) x.va_per_tce_10k = *va / *energy;
                if (va && energy && *va > 0) x.energy_tce_per_10k = *energy / *va;
                if (va && emission && *emission > 0) x.va_per_t_emission_10k = *va / *emission;
                if (rd && revenue && *revenue > 0) x.rd_share_pct = *rd / *revenue * 100;
            }
        }
        m.supplies.push_back(std::move(x));
    }
    sort_years(m.years);
    for (auto& [town, ys] : m.by_township) sort_years(ys);
    return m;
}

} // namespace tl::analysis
