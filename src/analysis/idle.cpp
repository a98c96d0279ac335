#include "analysis/idle.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "geom/parallel.hpp"

namespace tl::analysis {

namespace {

// Building coverage of the supplied land: area(∪(buildings ∩ supply)) / area(supply).
double footprint_share(geom::GeosContext& c, const GEOSGeometry* supply, const geom::Envelope& env, double supply_area,
                       const OverlapIndex& buildings) {
    if (supply_area <= 0) return 0.0;
    const auto prepared = geom::prepare(c, supply);
    std::vector<geom::GeomPtr> parts;
    for (std::size_t j : buildings.intersecting(c, prepared.get(), env)) {
        auto part = geom::intersection(c, buildings.geometry(j), supply);
        if (geom::area(c, part.get()) > 0) parts.push_back(std::move(part));
    }
    if (parts.empty()) return 0.0;
    std::vector<const GEOSGeometry*> borrowed;
    for (const auto& p : parts) borrowed.push_back(p.get());
    const double covered = geom::area(c, geom::union_all(c, borrowed).get());
    return std::min(1.0, covered / supply_area);
}

struct Production {
    bool any_row = false;       // some enterprise row is linked
    bool producing = false;     // revenue, tax or value added > 0
}; // struct Production

} // namespace

IdleMeasures measure_supplies(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* buildings,
                              const geom::Layer* parcels, const geom::Layer* enterprises, const TownshipLookup& townships,
                              const IdleMeasureParams& p, IssueLog& issues) {
    IdleMeasures r;
    r.as_of = p.as_of;
    if (!supplies) {
        r.skipped_reason = "no supplies layer";
        Issue is;
        is.layer = "project";
        is.kind = "idle_skipped";
        is.detail = "闲置土地未分析：无供地图层（需约定动工日期）; idle land (R02/R03) not analysed: no supplies layer "
                    "(the agreed start dates live there)";
        issues.add(std::move(is));
        return r;
    }
    r.ran = true;
    r.used_buildings = buildings != nullptr;
    r.enterprise_table = enterprises != nullptr;
    // 建而未投 rests on the absence of production data, so it is judged only when the table
    // covers the as-of year: the evaluation year is the latest year in the table not after
    // as_of's (as for the 亩均 evaluation). A table holding only later years (a back-year run)
    // says nothing about production then: R21/R22 are not judged, and the run says why.
    if (enterprises) {
        std::set<int> years;
        for (std::size_t k = 0; k < enterprises->features.size(); ++k)
            if (const auto y = enterprises->number(k, "year", nullptr)) years.insert(static_cast<int>(*y));
        for (int y : years)
            if (y <= p.as_of.year) r.enterprise_year = y;
        if (!r.enterprise_year) {
            std::string seen;
            for (int y : years) seen += (seen.empty() ? "" : ", ") + std::to_string(y);
            if (seen.empty()) seen = "无 / none";
            r.enterprise_skipped_reason = fmt::format(
                "亩均数据没有 {} 年及以前的记录（表中年份: {}）：建而未投 R21、投而未达标 R22 未判定，请提供 {} 年数据或核对基准日",
                p.as_of.year, seen, p.as_of.year);
            r.enterprise_skipped_reason_en = fmt::format(
                "the enterprise table has no rows for {} or earlier (years in it: {}): R21/R22 not judged; give {} data or check --as-of",
                p.as_of.year, seen, p.as_of.year);
            Issue is;
            is.layer = "enterprises";
            is.kind = "enterprise_year_absent";
            is.field = "year";
            is.detail = r.enterprise_skipped_reason + "; " + r.enterprise_skipped_reason_en;
            issues.add(std::move(is));
        }
    }

    const OverlapIndex building_index = buildings ? OverlapIndex(*buildings) : OverlapIndex();
    const OverlapIndex parcel_index = parcels ? OverlapIndex(*parcels) : OverlapIndex();
    std::map<std::string, std::size_t> parcel_by_id;   // first feature with each id
    if (parcels) {
        for (std::size_t k = 0; k < parcels->features.size(); ++k) {
            if (!parcels->features[k].id.empty()) parcel_by_id.emplace(parcels->features[k].id, k);
        }
    }

    // Parcels linked in the evaluation year and the year before: a table far thinner than the year
    // before cannot tell a parcel that is not producing from one nobody entered (the rules judge).
    if (enterprises && r.enterprise_year) {
        std::map<int, std::set<std::string>> parcels_by_year;
        for (std::size_t k = 0; k < enterprises->features.size(); ++k) {
            const auto pid = enterprises->text(k, "parcel_id");
            const auto y = enterprises->number(k, "year", nullptr);
            if (pid && y) parcels_by_year[static_cast<int>(*y)].insert(*pid);
        }
        r.enterprise_parcels_year = parcels_by_year[*r.enterprise_year].size();
        const auto prev = parcels_by_year.find(*r.enterprise_year - 1);
        if (prev != parcels_by_year.end() && !prev->second.empty()) r.enterprise_parcels_prev_year = prev->second.size();
    }

    // Production evidence per parcel id, from the enterprise table (years up to as_of's).
    std::map<std::string, Production> production;
    if (enterprises && r.enterprise_year) {
        for (std::size_t k = 0; k < enterprises->features.size(); ++k) {
            const auto pid = enterprises->text(k, "parcel_id");
            if (!pid) continue;
            const auto year = enterprises->number(k, "year", &issues);
            if (year && *year > p.as_of.year) continue;
            auto& prod = production[*pid];
            prod.any_row = true;
            for (const char* key : {"revenue", "tax", "value_added"}) {
                const auto v = enterprises->number(k, key, &issues);
                if (v && *v > 0) prod.producing = true;
            }
        }
    }

    const geom::Layer& s = *supplies;
    // Area and building coverage of every supply, on --threads workers (pure geometry, one GEOS
    // context each; the shared geometries only read, their envelopes computed first). The loop
    // below uses them in supply order; a GEOS failure is rethrown there, where it is logged.
    // The township and the parcel overlapping most are found there too (issue 23: they were
    // most of this stage's serial time), for the supplies the loop below judges: those with a
    // supply date not after as_of (the loop reports the others and skips them).
    struct Measured {
        double area_m2 = 0;
        std::optional<double> footprint_share;
        std::string township;
        std::optional<OverlapIndex::Overlap> largest_parcel;   // only where parcel_id does not name one
        std::exception_ptr failure;
    };
    std::vector<Measured> measured(s.features.size());
    for (const auto& f : s.features) geom::warm_envelopes(c, f.geom.get());
    if (buildings) for (const auto& f : buildings->features) geom::warm_envelopes(c, f.geom.get());
    if (parcels) for (const auto& f : parcels->features) geom::warm_envelopes(c, f.geom.get());
    townships.warm_envelopes(c);
    geom::parallel_for(c, s.features.size(), p.threads, [&](geom::GeosContext& wc, std::size_t i) {
        const auto& f = s.features[i];
        if (!f.geom) return;
        Measured& m = measured[i];
        try {
            m.area_m2 = geom::area(wc, f.geom.get());
            if (buildings) m.footprint_share = footprint_share(wc, f.geom.get(), f.env, m.area_m2, building_index);
            const auto supplied_on = s.date(i, "supplied_on", nullptr);
            if (supplied_on && *supplied_on > p.as_of) return;
            m.township = townships.name_of(wc, f.geom.get());
            const std::string parcel_id = s.text(i, "parcel_id").value_or("");
            if (parcels && (parcel_id.empty() || parcel_by_id.find(parcel_id) == parcel_by_id.end()))
                m.largest_parcel = parcel_index.largest_overlap(wc, f.geom.get());
        } catch (const GeosError&) {
            m.failure = std::current_exception();
        }
    });

    for (std::size_t i = 0; i < s.features.size(); ++i) {
        const auto& f = s.features[i];
        if (!f.geom) continue;
        SupplyMeasure m;
        m.supply = i;
        m.fid = f.fid;
        m.supply_id = f.id;
        m.kind = s.text(i, "kind").value_or("");
        m.supplied_on = s.date(i, "supplied_on", &issues);
        m.agreed_start_on = s.date(i, "agreed_start_on", &issues);
        m.agreed_start_given = s.text(i, "agreed_start_on").has_value();
        m.agreed_completion_on = s.date(i, "agreed_completion_on", &issues);
        m.started_on = s.date(i, "started_on", &issues);
        m.stalled_since = s.date(i, "stalled_since", &issues);
        m.land_price_10k_cny = s.number(i, "land_price", &issues);
        m.government_delay = s.boolean(i, "government_delay", &issues).value_or(false);
        m.planned_investment_10k = s.number(i, "planned_investment", &issues);
        m.invested_10k = s.number(i, "invested", &issues);
        if (m.planned_investment_10k && *m.planned_investment_10k > 0 && m.invested_10k)
            m.invested_share = *m.invested_10k / *m.planned_investment_10k;

        if (m.supplied_on && *m.supplied_on > p.as_of) {
            issues.add(s.issue(i, "after_as_of", "supplied_on",
                                  fmt::format("供地日期 {} 晚于统计基准日 {}，不参与批而未供与闲置分析; supplied on {}, after as_of {}: "
                                              "left out of the unsupplied and idle analyses",
                                              m.supplied_on->iso(), p.as_of.iso(), m.supplied_on->iso(), p.as_of.iso()),
                                  IssueAction::note));
            continue;
        }

        try {
            if (measured[i].failure) std::rethrow_exception(measured[i].failure);
            m.area_m2 = measured[i].area_m2;
            if (buildings) m.footprint_share = measured[i].footprint_share;
            m.township = std::move(measured[i].township);
            // The supply's parcel: by parcel_id, else the parcel it overlaps most.
            m.parcel_id = s.text(i, "parcel_id").value_or("");
            std::optional<std::size_t> parcel;
            if (const auto it = parcel_by_id.find(m.parcel_id); !m.parcel_id.empty() && it != parcel_by_id.end()) {
                parcel = it->second;
            } else if (parcels) {
                if (const auto& best = measured[i].largest_parcel) {
                    parcel = best->index;
                    if (m.parcel_id.empty()) m.parcel_id = parcels->features[best->index].id;
                }
            }
            if (parcel) m.land_use = parcels->text(*parcel, "land_use").value_or("");
        } catch (const GeosError& e) {
            issues.add(s.issue(i, "overlay_failed", "",
                                  std::string("闲置分析叠加失败，该供地未判定; overlay failed, supply not judged: ") + e.what(),
                                  IssueAction::rejected));
            ++r.overlay_failures;
            continue;
        }
        if (const auto it = production.find(m.parcel_id); it != production.end()) {
            m.enterprise_row = it->second.any_row;
            m.producing = it->second.producing;
        }
        r.supplies.push_back(std::move(m));
    }
    return r;
}

} // namespace tl::analysis
