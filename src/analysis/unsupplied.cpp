#include "analysis/unsupplied.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <cmath>
#include <numeric>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "geom/parallel.hpp"

namespace tl::analysis {

namespace {

// Polygonal parts of g (recursing into multi-polygons and collections), as clones.
void collect_polygons(geom::GeosContext& c, const GEOSGeometry* g, std::vector<geom::GeomPtr>& out) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == -1) c.raise("geometry type");
    if (type == GEOS_POLYGON) {
        if (!geom::is_empty(c, g)) out.push_back(geom::clone(c, g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        if (n < 0) c.raise("number of geometries");
        for (int i = 0; i < n; ++i) collect_polygons(c, GEOSGetGeometryN_r(c.get(), g, i), out);
    }
}

// The polygonal part of g as one geometry (Polygon, MultiPolygon or an empty polygon).
geom::GeomPtr polygonal_part(geom::GeosContext& c, const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return geom::clone(c, g);
    std::vector<geom::GeomPtr> polys;
    collect_polygons(c, g, polys);
    if (polys.empty()) return geom::empty_polygon(c);
    if (polys.size() == 1) return std::move(polys.front());
    std::vector<GEOSGeometry*> raw;
    raw.reserve(polys.size());
    for (auto& p : polys) raw.push_back(p.release());  // the collection takes ownership
    return geom::own(c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTIPOLYGON, raw.data(), static_cast<unsigned>(raw.size())),
                     "multipolygon");
}

struct PointXY { double x = 0, y = 0; bool ok = false; };

PointXY point_on(geom::GeosContext& c, const GEOSGeometry* g) {
    PointXY p;
    try {
        auto pt = geom::own(c, GEOSPointOnSurface_r(c.get(), g), "point on surface");
        if (!geom::is_empty(c, pt.get()) && GEOSGeomGetX_r(c.get(), pt.get(), &p.x) && GEOSGeomGetY_r(c.get(), pt.get(), &p.y)) {
            p.ok = true;
        }
    } catch (const GeosError&) {
        // location is optional in an issue
    }
    return p;
}

std::string format_edges_label(int lo, int hi, bool zh) {
    if (lo < 0) return zh ? fmt::format("<{}年", hi) : fmt::format("<{} y", hi);
    if (hi < 0) return zh ? fmt::format("≥{}年", lo) : fmt::format("≥{} y", lo);
    return zh ? fmt::format("{}–{}年", lo, hi) : fmt::format("{}–{} y", lo, hi);
}

std::vector<std::string> labels(const std::vector<int>& edges, bool zh) {
    std::vector<std::string> out;
    if (edges.empty()) {
        out.push_back(zh ? "全部" : "all");
        return out;
    }
    out.push_back(format_edges_label(-1, edges.front(), zh));
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) out.push_back(format_edges_label(edges[i], edges[i + 1], zh));
    out.push_back(format_edges_label(edges.back(), -1, zh));
    return out;
}

// One stand-in for "a supply": a borrowed geometry with its id.
struct SupplyRef {
    const GEOSGeometry* geom = nullptr;
    std::string id;
}; // struct SupplyRef

Issue make_issue(const std::string& layer, std::int64_t fid, std::string feature_id, std::string kind, std::string field,
                 std::string detail, IssueAction action) {
    Issue i;
    i.layer = layer;
    i.fid = fid;
    i.feature_id = std::move(feature_id);
    i.kind = std::move(kind);
    i.field = std::move(field);
    i.detail = std::move(detail);
    i.action = action;
    return i;
}

} // namespace

std::vector<std::string> age_bucket_labels_zh(const std::vector<int>& edges) { return labels(edges, true); }
std::vector<std::string> age_bucket_labels_en(const std::vector<int>& edges) { return labels(edges, false); }

int age_bucket(const std::vector<int>& edges, int whole_years) noexcept {
    // Edge e belongs to the bucket above it: a batch is "≥5年" on the day 5 years have run out.
    int b = 0;
    for (int e : edges) {
        if (whole_years >= e) ++b;
    }
    return b;
}

bool is_sliver(geom::GeosContext& c, const GEOSGeometry* g, double area_m2, double min_area_m2, double min_width_m) {
    if (area_m2 < min_area_m2) return true;
    if (min_width_m <= 0) return false;
    // Inward buffer by half the width: empty iff no disc of diameter min_width_m fits inside.
    auto core = geom::own(c, GEOSBuffer_r(c.get(), g, -min_width_m / 2.0, 8), "negative buffer");
    return geom::is_empty(c, core.get()) || geom::area(c, core.get()) <= 0.0;
}

UnsuppliedResult find_unsupplied(geom::GeosContext& c, const geom::Layer& approvals, const geom::Layer* supplies,
                                 const geom::Layer* parcels, const TownshipLookup& townships,
                                 const UnsuppliedParams& params, IssueLog& issues) {
    UnsuppliedResult r;
    r.as_of = params.as_of;
    r.age_edges_years = params.age_edges_years;
    std::sort(r.age_edges_years.begin(), r.age_edges_years.end());
    r.age_edges_years.erase(std::unique(r.age_edges_years.begin(), r.age_edges_years.end()), r.age_edges_years.end());
    r.bucket_labels_zh = age_bucket_labels_zh(r.age_edges_years);
    r.bucket_labels_en = age_bucket_labels_en(r.age_edges_years);

    // ---- what counts as supplied -------------------------------------------------------
    const bool parcels_usable = parcels && parcels->has_column("tenure");
    const geom::Layer* source = nullptr;
    bool from_parcels = false;
    switch (params.supply_source) {
        case SupplySource::supplies: source = supplies; break;
        case SupplySource::parcels: source = parcels_usable ? parcels : nullptr; from_parcels = true; break;
        case SupplySource::auto_:
            if (supplies) {
                source = supplies;
            } else if (parcels_usable) {
                source = parcels;
                from_parcels = true;
            }
            break;
    }
    if (!source) {
        r.ran = false;
        r.skipped_reason = params.supply_source == SupplySource::supplies
                               ? "no supplies layer (supply_source = supplies)"
                               : "no supplies layer, and parcels have no tenure (权利性质) column to stand in for it";
        issues.add(make_issue("project", -1, "", "unsupplied_skipped", "",
                              "批而未供未计算：无供地图层，宗地也无权利性质(出让/划拨)字段可替代 — 请提供 supplies 图层或映射 parcels.tenure; "
                              "批而未供 (R01) not computed: " + r.skipped_reason,
                              IssueAction::note));
        return r;
    }
    r.ran = true;
    r.supply_source = from_parcels ? "parcels" : "supplies";

    std::vector<SupplyRef> refs;
    std::size_t parcels_used = 0;
    for (std::size_t j = 0; j < source->features.size(); ++j) {
        const auto& f = source->features[j];
        if (!f.geom) continue;
        if (from_parcels) {
            const auto tenure = source->text(j, "tenure");
            if (!tenure || !tenure_is_supplied(*tenure, params.rights)) continue;
            ++parcels_used;
        } else {
            // A supply made after as_of was not there on that date. The issue ("after_as_of")
            // is logged by find_idle, which owns the supply records, so it appears once.
            const auto supplied_on = source->date(j, "supplied_on", &issues);
            if (supplied_on && *supplied_on > params.as_of) continue;
        }
        refs.push_back({f.geom.get(), f.id});
    }
    if (from_parcels) {
        std::string tenures;
        for (const auto& t : params.rights.supplied_tenures) tenures += (tenures.empty() ? "" : "/") + t;
        issues.add(make_issue("project", -1, "", "supply_source_parcels", "tenure",
                              fmt::format("无供地图层：以权利性质含 {} 的 {} 宗宗地作为已供地; no supplies layer: {} parcels whose "
                                          "tenure contains {} stand in for supply records",
                                          tenures, parcels_used, parcels_used, tenures),
                              IssueAction::note));
    }
    std::vector<const GEOSGeometry*> supply_geoms;
    supply_geoms.reserve(refs.size());
    for (const auto& s : refs) supply_geoms.push_back(s.geom);
    const OverlapIndex supply_index(c, supply_geoms);

    // ---- batches in output order: (id, fid) ------------------------------------------------
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < approvals.features.size(); ++i) {
        if (approvals.features[i].geom) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& fa = approvals.features[a];
        const auto& fb = approvals.features[b];
        return std::tie(fa.id, fa.fid) < std::tie(fb.id, fb.fid);
    });

    const bool date_bound = approvals.has_column("approved_on");
    if (!date_bound) {
        issues.add(make_issue(approvals.name, -1, "", "missing_column", "approved_on",
                              "批次图层无批准日期字段：全部批次账龄为“日期不详”; approvals have no approved_on column: every batch "
                              "is in the age bucket 'date unknown'",
                              IssueAction::note));
    }

    // ---- the overlays, batch − ∪(supply ∩ batch), on --threads workers ----------------------
    // Pure geometry per batch (one GEOS context per worker; the shared geometries only read,
    // their envelopes computed first); the loop after it logs and collects in batch order.
    struct Sliver { double area_m2; bool by_area; PointXY at; };
    struct Overlay {
        double approved_area_m2 = 0, supplied_area_m2 = 0, unsupplied_raw_area_m2 = 0;
        std::vector<std::string> supply_ids;
        std::vector<Sliver> slivers;
        std::vector<geom::GeomPtr> kept;   // in a stable spatial order
        std::optional<std::string> failed; // GEOS error text
    };
    std::vector<Overlay> overlays(order.size());
    for (const auto& f : approvals.features) geom::warm_envelopes(c, f.geom.get());
    for (const auto* g : supply_geoms) geom::warm_envelopes(c, g);
    auto overlay_of = [&](geom::GeosContext& wc, std::size_t k) {
        const auto& f = approvals.features[order[k]];
        Overlay& o = overlays[k];
        try {
            const GEOSGeometry* batch = f.geom.get();
            o.approved_area_m2 = geom::area(wc, batch);
            const auto prepared = geom::prepare(wc, batch);
            std::vector<geom::GeomPtr> clipped;
            for (std::size_t j : supply_index.intersecting(wc, prepared.get(), f.env)) {
                auto part = polygonal_part(wc, geom::intersection(wc, refs[j].geom, batch).get());
                if (geom::is_empty(wc, part.get())) continue;   // touches only
                clipped.push_back(std::move(part));
                o.supply_ids.push_back(refs[j].id);
            }
            std::sort(o.supply_ids.begin(), o.supply_ids.end());
            geom::GeomPtr unsupplied;
            if (clipped.empty()) {
                unsupplied = geom::clone(wc, batch);
            } else {
                std::vector<const GEOSGeometry*> parts;
                for (const auto& p : clipped) parts.push_back(p.get());
                auto supplied = polygonal_part(wc, geom::union_all(wc, parts).get());
                o.supplied_area_m2 = geom::area(wc, supplied.get());
                unsupplied = polygonal_part(wc, geom::difference(wc, batch, supplied.get()).get());
            }
            o.unsupplied_raw_area_m2 = geom::area(wc, unsupplied.get());

            std::vector<geom::GeomPtr> polys;
            collect_polygons(wc, unsupplied.get(), polys);
            std::vector<geom::GeomPtr> kept;
            for (auto& p : polys) {
                const double a = geom::area(wc, p.get());
                if (is_sliver(wc, p.get(), a, params.sliver_min_area_m2, params.sliver_min_width_m))
                    o.slivers.push_back({a, a < params.sliver_min_area_m2, point_on(wc, p.get())});
                else
                    kept.push_back(std::move(p));
            }
            // Pieces in a stable spatial order within the batch.
            std::vector<std::tuple<double, double, double, std::size_t>> keys;
            for (std::size_t q = 0; q < kept.size(); ++q) {
                const auto e = geom::envelope(wc, kept[q].get());
                keys.emplace_back(e.minx, e.miny, geom::area(wc, kept[q].get()), q);
            }
            std::sort(keys.begin(), keys.end());
            for (const auto& key : keys) o.kept.push_back(std::move(kept[std::get<3>(key)]));
            // The pieces outlive the worker's context: the caller's context destroys them.
            for (auto& g : o.kept) g.get_deleter().ctx = c.get();
        } catch (const GeosError& e) {
            o.failed = e.what();
            o.kept.clear();
        }
    };
    geom::parallel_for(c, order.size(), params.threads, overlay_of);

    for (std::size_t k_batch = 0; k_batch < order.size(); ++k_batch) {
        const std::size_t i = order[k_batch];
        Overlay& o = overlays[k_batch];
        const auto& f = approvals.features[i];
        BatchResult b;
        b.fid = f.fid;
        b.feature = i;
        b.id = f.id;
        b.name = approvals.text(i, "name").value_or("");
        b.doc_no = approvals.text(i, "doc_no").value_or("");
        b.kind = approvals.text(i, "kind").value_or("");
        b.registered_area_m2 = approvals.number(i, "approved_area_m2", &issues);

        // Approval date and age (domain.md §0 counting).
        if (date_bound) {
            const auto text = approvals.text(i, "approved_on");
            b.approved_on = approvals.date(i, "approved_on", &issues);  // logs a malformed date (bad_date) itself
            // Missing = null/empty or a placeholder ("NULL", "-", "/"): the forms parse_number
            // reads as missing without calling them malformed. Those get their own issue here.
            bool malformed = false;
            if (!b.approved_on && (!text || (!geom::parse_number(*text, &malformed) && !malformed))) {
                issues.add(make_issue(approvals.name, f.fid, f.id, "missing_date", "approved_on",
                                      "批准日期缺失：账龄归入“日期不详”; approval date missing: age bucket 'date unknown'",
                                      IssueAction::kept));
            }
        }
        if (b.approved_on) {
            if (*b.approved_on > params.as_of) {
                ++r.batches_after_as_of;
                issues.add(make_issue(approvals.name, f.fid, f.id, "after_as_of", "approved_on",
                                      fmt::format("批准日期 {} 晚于统计基准日 {}，不计入批而未供; approved on {}, after as_of {}: "
                                                  "not part of this analysis", b.approved_on->iso(), params.as_of.iso(),
                                                  b.approved_on->iso(), params.as_of.iso()),
                                      IssueAction::note));
                continue;
            }
            b.age_years = whole_years_between(*b.approved_on, params.as_of);
            b.age_bucket = age_bucket(r.age_edges_years, *b.age_years);
        }

        // The overlay (computed above): slivers logged in polygon order, as they were found.
        if (o.failed) {
            // A failed overlay logs only its failure (no sliver of it), and the batch is left out.
            ++r.batches_failed;
            issues.add(make_issue(approvals.name, f.fid, f.id, "overlay_failed", "",
                                  std::string("批而未供叠加分析失败，该批次未计入; overlay failed, batch left out: ") + *o.failed,
                                  IssueAction::rejected));
            continue;
        }
        b.approved_area_m2 = o.approved_area_m2;
        b.supply_ids = std::move(o.supply_ids);
        b.supplied_area_m2 = o.supplied_area_m2;
        b.unsupplied_raw_area_m2 = o.unsupplied_raw_area_m2;
        for (const Sliver& sl : o.slivers) {
            const double a = sl.area_m2;
            ++b.sliver_count;
            b.sliver_area_m2 += a;
            Issue is = make_issue(
                approvals.name, f.fid, f.id, "sliver_dropped", "",
                fmt::format("未供碎片 {:.2f} m² 已剔除（{}）; unsupplied sliver of {:.2f} m² dropped ({})", a,
                            sl.by_area ? fmt::format("面积 < {} m²", params.sliver_min_area_m2)
                                       : fmt::format("宽度处处 < {} m", params.sliver_min_width_m),
                            a,
                            sl.by_area ? fmt::format("area < {} m²", params.sliver_min_area_m2)
                                       : fmt::format("narrower than {} m everywhere", params.sliver_min_width_m)),
                IssueAction::dropped);
            if (sl.at.ok) {
                is.x = sl.at.x;
                is.y = sl.at.y;
            }
            issues.add(std::move(is));
        }
        std::vector<geom::GeomPtr> kept = std::move(o.kept);
        try {
            if (const auto t = townships.find(c, f.geom.get())) {
                b.township = t->name;
                b.township_id = t->id;
            }
        } catch (const GeosError& e) {
            ++r.batches_failed;
            issues.add(make_issue(approvals.name, f.fid, f.id, "overlay_failed", "",
                                  std::string("批而未供叠加分析失败，该批次未计入; overlay failed, batch left out: ") + e.what(),
                                  IssueAction::rejected));
            continue;
        }

        b.unsupplied_area_m2 = 0;
        const std::size_t batch_index = r.batches.size();
        int part = 0;
        for (auto& g : kept) {
            UnsuppliedPiece piece;
            piece.batch = batch_index;
            piece.part = ++part;
            piece.area_m2 = geom::area(c, g.get());
            piece.geom = std::move(g);
            b.unsupplied_area_m2 += piece.area_m2;
            b.pieces.push_back(r.pieces.size());
            r.pieces.push_back(std::move(piece));
        }
        b.supply_rate = b.approved_area_m2 > 0 ? 1.0 - b.unsupplied_area_m2 / b.approved_area_m2 : 0.0;

        if (b.registered_area_m2 && params.registered_area_tolerance >= 0 && b.approved_area_m2 > 0) {
            const double diff = std::abs(*b.registered_area_m2 - b.approved_area_m2);
            if (diff > params.registered_area_tolerance * b.approved_area_m2) {
                issues.add(make_issue(approvals.name, f.fid, f.id, "area_mismatch", "approved_area_m2",
                                      fmt::format("批准面积 {:.2f} m² 与图形面积 {:.2f} m² 相差 {:.1f}%（按图形面积计算）; registered area "
                                                  "{:.2f} m² differs from the geometric {:.2f} m² by {:.1f}% (the geometric area is used)",
                                                  *b.registered_area_m2, b.approved_area_m2, 100.0 * diff / b.approved_area_m2,
                                                  *b.registered_area_m2, b.approved_area_m2, 100.0 * diff / b.approved_area_m2),
                                      IssueAction::note));
            }
        }
        r.batches.push_back(std::move(b));
    }
    return r;
}

} // namespace tl::analysis
