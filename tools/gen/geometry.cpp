#include "geometry.hpp"

#include <stdexcept>

namespace tlgen {

double ring_signed_area(const Ring& r) {
    double a = 0;
    const std::size_t n = r.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Pt& p = r[i];
        const Pt& q = r[(i + 1) % n];
        a += p.x * q.y - q.x * p.y;
    }
    return a / 2;
}

double poly_area(const Poly& p) {
    double a = std::fabs(ring_signed_area(p.outer));
    for (const auto& h : p.holes) a -= std::fabs(ring_signed_area(h));
    return a;
}

double multi_area(const MultiPoly& m) {
    double a = 0;
    for (const auto& p : m) a += poly_area(p);
    return a;
}

Ring rect_cw(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}};
}

Ring rect_ccw(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

namespace {

OGRLinearRing* ogr_ring(const Ring& r) {
    auto* ring = new OGRLinearRing();
    ring->setNumPoints(static_cast<int>(r.size() + 1), FALSE);
    for (std::size_t i = 0; i < r.size(); ++i) ring->setPoint(static_cast<int>(i), r[i].x, r[i].y);
    ring->setPoint(static_cast<int>(r.size()), r[0].x, r[0].y);
    return ring;
}

OGRPolygon* ogr_poly(const Poly& p) {
    auto* poly = new OGRPolygon();
    poly->addRingDirectly(ogr_ring(p.outer));
    for (const auto& h : p.holes) poly->addRingDirectly(ogr_ring(h));
    return poly;
}

} // namespace

std::unique_ptr<OGRGeometry> to_ogr(const MultiPoly& m) {
    if (m.empty()) return nullptr;
    if (m.size() == 1) return std::unique_ptr<OGRGeometry>(ogr_poly(m[0]));
    auto mp = std::make_unique<OGRMultiPolygon>();
    for (const auto& p : m) mp->addGeometryDirectly(ogr_poly(p));
    return mp;
}

Geos::Geos() : ctx_(GEOS_init_r()) {}
Geos::~Geos() { GEOS_finish_r(ctx_); }

namespace {

GEOSGeometry* geos_ring(GEOSContextHandle_t ctx, const Ring& r) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(r.size() + 1), 2);
    for (std::size_t i = 0; i <= r.size(); ++i) {
        const Pt& p = r[i % r.size()];
        GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(ctx, seq);
}

GEOSGeometry* geos_poly(GEOSContextHandle_t ctx, const Poly& p) {
    std::vector<GEOSGeometry*> holes;
    for (const auto& h : p.holes) holes.push_back(geos_ring(ctx, h));
    return GEOSGeom_createPolygon_r(ctx, geos_ring(ctx, p.outer), holes.data(), static_cast<unsigned>(holes.size()));
}

Ring read_ring(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx, seq, &n);
    Ring r;
    for (unsigned i = 0; i + 1 < n; ++i) {  // drop the closing vertex
        double x, y;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
        r.push_back({x, y});
    }
    return r;
}

} // namespace

GEOSGeometry* Geos::make(const MultiPoly& m) const {
    if (m.size() == 1) return geos_poly(ctx_, m[0]);
    std::vector<GEOSGeometry*> polys;
    for (const auto& p : m) polys.push_back(geos_poly(ctx_, p));
    return GEOSGeom_createCollection_r(ctx_, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
}

MultiPoly Geos::read(const GEOSGeometry* g) const {
    MultiPoly out;
    const int n = GEOSGetNumGeometries_r(ctx_, g);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx_, g, i);
        if (GEOSGeomTypeId_r(ctx_, part) != GEOS_POLYGON) continue;
        Poly p;
        p.outer = read_ring(ctx_, GEOSGetExteriorRing_r(ctx_, part));
        if (ring_signed_area(p.outer) > 0) p.outer.assign(p.outer.rbegin(), p.outer.rend());
        const int nh = GEOSGetNumInteriorRings_r(ctx_, part);
        for (int h = 0; h < nh; ++h) {
            Ring r = read_ring(ctx_, GEOSGetInteriorRingN_r(ctx_, part, h));
            if (ring_signed_area(r) < 0) r.assign(r.rbegin(), r.rend());
            p.holes.push_back(std::move(r));
        }
        out.push_back(std::move(p));
    }
    return out;
}

MultiPoly Geos::union_all(const std::vector<MultiPoly>& parts) const {
    std::vector<GEOSGeometry*> geoms;
    for (const auto& m : parts) for (const auto& p : m) geoms.push_back(geos_poly(ctx_, p));
    GEOSGeometry* coll = GEOSGeom_createCollection_r(ctx_, GEOS_GEOMETRYCOLLECTION, geoms.data(), static_cast<unsigned>(geoms.size()));
    GEOSGeometry* u = GEOSUnaryUnion_r(ctx_, coll);
    GEOSGeom_destroy_r(ctx_, coll);
    if (!u) throw std::runtime_error("GEOS union failed");
    // Merge collinear vertices left where cells met, so outlines carry only their corners.
    GEOSGeometry* s = GEOSTopologyPreserveSimplify_r(ctx_, u, 0.0);
    MultiPoly out = read(s ? s : u);
    if (s) GEOSGeom_destroy_r(ctx_, s);
    GEOSGeom_destroy_r(ctx_, u);
    return out;
}

std::string Geos::validity_reason(const MultiPoly& m) const {
    GEOSGeometry* g = make(m);
    char* r = GEOSisValidReason_r(ctx_, g);
    std::string s = r ? r : "";
    GEOSFree_r(ctx_, r);
    GEOSGeom_destroy_r(ctx_, g);
    return s;
}

std::string Geos::validity_reason_wkb(const unsigned char* wkb, std::size_t size) const {
    GEOSGeometry* g = GEOSGeomFromWKB_buf_r(ctx_, wkb, size);
    if (!g) return "unreadable WKB";
    char* r = GEOSisValidReason_r(ctx_, g);
    std::string s = r ? r : "";
    GEOSFree_r(ctx_, r);
    GEOSGeom_destroy_r(ctx_, g);
    return s;
}

} // namespace tlgen
