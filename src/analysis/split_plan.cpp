// check-split's measures; semantics in split_plan.hpp.
#include "analysis/split_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tl::analysis {

namespace {

std::string text_or(const geom::Layer& l, std::size_t i, const char* key) {
    auto v = l.text(i, key);
    return v ? *v : std::string();
}

bool envelopes_meet(const geom::Envelope& a, const geom::Envelope& b) {
    return a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

} // namespace

SplitPlanMeasure measure_split_plan(geom::GeosContext& c, const geom::Layer& parcels, std::size_t parcel_index,
                                    const geom::Layer& plan, const geom::Layer* buildings, const geom::Layer* supplies,
                                    const geom::Layer* enterprises) {
    SplitPlanMeasure m;
    const geom::Feature& parcel = parcels.features.at(parcel_index);
    m.parcel_id = parcel.id;
    m.owner = text_or(parcels, parcel_index, "owner");
    m.township = text_or(parcels, parcel_index, "township");
    m.land_use = text_or(parcels, parcel_index, "land_use");
    m.parcel_area_m2 = parcel.area_m2;
    if (parcels.has_column("split_from")) m.split_from = text_or(parcels, parcel_index, "split_from");

    // Pieces: each one's land inside the parcel and outside it; the union for gaps and overlaps.
    std::vector<const GEOSGeometry*> parts;
    double pieces_sum_m2 = 0;
    for (std::size_t i = 0; i < plan.features.size(); ++i) {
        const geom::Feature& f = plan.features[i];
        SplitPieceMeasure piece;
        piece.id = f.id.empty() ? fmt::format("第{}块", i + 1) : f.id;
        piece.use = text_or(plan, i, "use");
        piece.area_m2 = geom::area(c, geom::intersection(c, f.geom.get(), parcel.geom.get()).get());
        piece.outside_parcel_m2 = std::max(0.0, f.area_m2 - piece.area_m2);
        pieces_sum_m2 += f.area_m2;
        parts.push_back(f.geom.get());
        m.pieces.push_back(std::move(piece));
    }
    if (!parts.empty()) {
        geom::GeomPtr all = geom::union_all(c, parts);
        const double union_m2 = geom::area(c, all.get());
        m.overlap_m2 = std::max(0.0, pieces_sum_m2 - union_m2);
        m.uncovered_m2 = geom::area(c, geom::difference(c, parcel.geom.get(), all.get()).get());
        m.outside_m2 = geom::area(c, geom::difference(c, all.get(), parcel.geom.get()).get());
    } else {
        m.uncovered_m2 = parcel.area_m2;
    }

    // Buildings on the parcel: how their footprint falls into the pieces (以幢为最小分割单位).
    m.buildings_layer = buildings != nullptr;
    if (buildings) {
        for (std::size_t b = 0; b < buildings->features.size(); ++b) {
            const geom::Feature& bf = buildings->features[b];
            if (!bf.geom || !envelopes_meet(bf.env, parcel.env)) continue;
            geom::GeomPtr on_parcel = geom::intersection(c, bf.geom.get(), parcel.geom.get());
            const double on_parcel_m2 = geom::area(c, on_parcel.get());
            if (on_parcel_m2 <= 0) continue;
            SplitBuildingMeasure bm;
            bm.id = bf.id.empty() ? fmt::format("FID {}", bf.fid) : bf.id;
            bm.footprint_on_parcel_m2 = on_parcel_m2;
            std::size_t best = 0;
            double sum_m2 = 0;
            for (std::size_t i = 0; i < plan.features.size(); ++i) {
                if (!envelopes_meet(plan.features[i].env, bf.env)) continue;
                const double a = geom::area(c, geom::intersection(c, on_parcel.get(), plan.features[i].geom.get()).get());
                if (a <= 0) continue;
                ++bm.pieces;
                sum_m2 += a;
                if (a > bm.largest_piece_m2) { bm.largest_piece_m2 = a; best = i; }
            }
            bm.cut_off_m2 = std::max(0.0, sum_m2 - bm.largest_piece_m2);
            if (bm.pieces > 0) ++m.pieces[best].buildings;
            m.buildings.push_back(std::move(bm));
        }
    }

    // The parcel's supplies (供应方式), joined on 宗地代码.
    m.supplies_layer = supplies != nullptr;
    if (supplies) {
        for (std::size_t s = 0; s < supplies->features.size(); ++s)
            if (text_or(*supplies, s, "parcel_id") == parcel.id) m.supply_kinds.push_back(text_or(*supplies, s, "kind"));
    }

    // Production: the parcel's enterprise rows (by 宗地代码, else by 统一社会信用代码), latest year.
    m.enterprises_layer = enterprises != nullptr;
    if (enterprises) {
        const std::string credit = text_or(parcels, parcel_index, "enterprise_id");
        std::optional<std::size_t> latest;
        std::optional<int> latest_year;
        for (std::size_t e = 0; e < enterprises->features.size(); ++e) {
            const bool by_parcel = text_or(*enterprises, e, "parcel_id") == parcel.id;
            const bool by_firm = !credit.empty() && enterprises->features[e].id == credit;
            if (!by_parcel && !by_firm) continue;
            const auto y = enterprises->number(e, "year");
            const std::optional<int> year = y ? std::optional<int>(static_cast<int>(*y)) : std::nullopt;
            if (!latest || (year && (!latest_year || *year > *latest_year))) { latest = e; latest_year = year; }
        }
        if (latest) {
            m.enterprise_matched = true;
            m.production_year = latest_year;
            m.revenue_10k = enterprises->number(*latest, "revenue");
            m.tax_10k = enterprises->number(*latest, "tax");
            m.value_added_10k = enterprises->number(*latest, "value_added");
        }
    }
    return m;
}

} // namespace tl::analysis
