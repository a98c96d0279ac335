#include "geom/geos.hpp"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace tl::geom {

GeosContext::GeosContext() : m_handle{GEOS_init_r()} {
    if (!m_handle) throw std::bad_alloc{};
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, &GeosContext::on_notice, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(m_handle); }

void GeosContext::on_error(const char* msg, void* self) {
    static_cast<GeosContext*>(self)->m_last_error = msg ? msg : "";
}

void GeosContext::on_notice(const char*, void*) {
    // Notices (e.g. "Self-intersection at ...") come with isValid; the caller asks
    // GEOSisValidDetail for the same information, so they are not kept.
}

void GeosContext::raise(const char* op) {
    std::string msg = std::exchange(m_last_error, {});
    if (msg.empty()) msg = "failed";
    throw GeosError{op, msg};
}

GeomPtr own(GeosContext& c, GEOSGeometry* g, const char* op) {
    if (!g) c.raise(op);
    return GeomPtr{g, GeomDeleter{c.get()}};
}

bool check_predicate(GeosContext& c, char value, const char* op) {
    if (value == 2) c.raise(op);
    return value == 1;
}

namespace {

struct WktReaderDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSWKTReader* r) const noexcept { GEOSWKTReader_destroy_r(ctx, r); }
};
struct WkbReaderDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSWKBReader* r) const noexcept { GEOSWKBReader_destroy_r(ctx, r); }
};
struct WktWriterDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSWKTWriter* w) const noexcept { GEOSWKTWriter_destroy_r(ctx, w); }
};
struct WkbWriterDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSWKBWriter* w) const noexcept { GEOSWKBWriter_destroy_r(ctx, w); }
};
struct GeosFree {
    GEOSContextHandle_t ctx;
    void operator()(void* p) const noexcept { GEOSFree_r(ctx, p); }
};

} // namespace

GeomPtr from_wkt(GeosContext& c, std::string_view wkt) {
    std::unique_ptr<GEOSWKTReader, WktReaderDeleter> r{GEOSWKTReader_create_r(c.get()), {c.get()}};
    const std::string s(wkt);
    return own(c, GEOSWKTReader_read_r(c.get(), r.get(), s.c_str()), "read WKT");
}

GeomPtr from_wkb(GeosContext& c, std::string_view wkb) {
    std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> r{GEOSWKBReader_create_r(c.get()), {c.get()}};
    return own(c, GEOSWKBReader_read_r(c.get(), r.get(), reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size()),
               "read WKB");
}

std::string to_wkt(GeosContext& c, const GEOSGeometry* g, int decimals) {
    std::unique_ptr<GEOSWKTWriter, WktWriterDeleter> w{GEOSWKTWriter_create_r(c.get()), {c.get()}};
    GEOSWKTWriter_setTrim_r(c.get(), w.get(), 1);
    if (decimals >= 0) GEOSWKTWriter_setRoundingPrecision_r(c.get(), w.get(), decimals);
    char* s = GEOSWKTWriter_write_r(c.get(), w.get(), g);
    if (!s) c.raise("write WKT");
    std::unique_ptr<void, GeosFree> guard{s, {c.get()}};
    return std::string{s};
}

std::string to_wkb(GeosContext& c, const GEOSGeometry* g) {
    std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> w{GEOSWKBWriter_create_r(c.get()), {c.get()}};
    GEOSWKBWriter_setByteOrder_r(c.get(), w.get(), GEOS_WKB_NDR);
    GEOSWKBWriter_setFlavor_r(c.get(), w.get(), GEOS_WKB_ISO);
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(c.get(), w.get(), g, &size);
    if (!buf) c.raise("write WKB");
    std::unique_ptr<void, GeosFree> guard{buf, {c.get()}};
    return std::string(reinterpret_cast<const char*>(buf), size);
}

GeomPtr clone(GeosContext& c, const GEOSGeometry* g) { return own(c, GEOSGeom_clone_r(c.get(), g), "clone"); }

namespace {

// One ring without its collinear vertices; nullptr on a GEOS failure. A ring that would keep
// fewer than three corners (not a valid ring to begin with) is copied as it is.
GEOSGeometry* ring_without_collinear(GEOSContextHandle_t h, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n)) return nullptr;
    if (n < 5) return GEOSGeom_clone_r(h, ring);   // a triangle has nothing to drop
    std::vector<double> xy(2 * static_cast<std::size_t>(n));
    if (!GEOSCoordSeq_copyToBuffer_r(h, seq, xy.data(), 0, 0)) return nullptr;
    struct P { double x, y; };
    auto collinear = [h](const P& a, const P& b, const P& p) {
        return GEOSOrientationIndex_r(h, a.x, a.y, b.x, b.y, p.x, p.y) == 0;
    };
    std::vector<P> kept;
    kept.reserve(n);
    for (unsigned i = 0; i + 1 < n; ++i) {   // the last position repeats the first
        const P p{xy[2 * i], xy[2 * i + 1]};
        while (kept.size() >= 2 && collinear(kept[kept.size() - 2], kept.back(), p)) kept.pop_back();
        kept.push_back(p);
    }
    for (bool dropped = true; dropped && kept.size() >= 3;) {   // around the start of the ring
        dropped = false;
        if (collinear(kept[kept.size() - 2], kept.back(), kept.front())) { kept.pop_back(); dropped = true; }
        else if (collinear(kept.back(), kept.front(), kept[1])) { kept.erase(kept.begin()); dropped = true; }
    }
    if (kept.size() < 3) return GEOSGeom_clone_r(h, ring);
    if (kept.size() + 1 == n) return GEOSGeom_clone_r(h, ring);   // nothing dropped
    kept.push_back(kept.front());
    std::vector<double> out;
    out.reserve(2 * kept.size());
    for (const P& p : kept) { out.push_back(p.x); out.push_back(p.y); }
    GEOSCoordSequence* cs = GEOSCoordSeq_copyFromBuffer_r(h, out.data(), static_cast<unsigned>(kept.size()), 0, 0);
    if (!cs) return nullptr;
    return GEOSGeom_createLinearRing_r(h, cs);   // takes the sequence, also on failure
}

// A polygon from copies of a shell and holes made by copy_ring (nullptr: a GEOS failure); nullptr
// on failure, with every copy freed.
template <typename CopyRing>
GEOSGeometry* assemble_polygon(GEOSContextHandle_t h, const GEOSGeometry* shell,
                               const std::vector<const GEOSGeometry*>& holes, CopyRing&& copy_ring) {
    std::vector<GEOSGeometry*> copies;   // the shell first, then the holes
    copies.reserve(holes.size() + 1);
    const auto release = [&] { for (auto* r : copies) GEOSGeom_destroy_r(h, r); };
    for (std::size_t k = 0; k <= holes.size(); ++k) {
        GEOSGeometry* r = copy_ring(h, k == 0 ? shell : holes[k - 1]);
        if (!r) { release(); return nullptr; }
        copies.push_back(r);
    }
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(h, copies[0], copies.data() + 1, static_cast<unsigned>(holes.size()));
    if (!poly) release();   // rings of the right type: GEOS fails before taking any of them
    return poly;
}

// One polygon rebuilt from its rings without their collinear vertices; nullptr on failure.
GEOSGeometry* polygon_without_collinear(GEOSContextHandle_t h, const GEOSGeometry* poly) {
    const int nh = GEOSGetNumInteriorRings_r(h, poly);
    if (nh < 0) return nullptr;
    std::vector<const GEOSGeometry*> holes;
    for (int k = 0; k < nh; ++k) holes.push_back(GEOSGetInteriorRingN_r(h, poly, k));
    return assemble_polygon(h, GEOSGetExteriorRing_r(h, poly), holes, ring_without_collinear);
}

} // namespace

GeomPtr polygon_from_rings(GeosContext& c, const GEOSGeometry* shell, const std::vector<const GEOSGeometry*>& holes) {
    return own(c, assemble_polygon(c.get(), shell, holes, GEOSGeom_clone_r), "polygon from rings");
}

GeomPtr canonical_polygonal(GeosContext& c, const GEOSGeometry* g) {
    GEOSContextHandle_t h = c.get();
    GeomPtr out;
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON && !GEOSisEmpty_r(h, g)) {
        out = own(c, polygon_without_collinear(h, g), "polygon without collinear vertices");
    } else if (type == GEOS_MULTIPOLYGON && !GEOSisEmpty_r(h, g)) {
        const int n = GEOSGetNumGeometries_r(h, g);
        std::vector<GEOSGeometry*> parts;
        for (int k = 0; k < n; ++k) {
            GEOSGeometry* p = polygon_without_collinear(h, GEOSGetGeometryN_r(h, g, k));
            if (!p) {
                for (auto* x : parts) GEOSGeom_destroy_r(h, x);
                c.raise("polygon without collinear vertices");
            }
            parts.push_back(p);
        }
        GEOSGeometry* m = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size()));
        if (!m) for (auto* x : parts) GEOSGeom_destroy_r(h, x);
        out = own(c, m, "multipolygon without collinear vertices");
    } else {
        out = clone(c, g);
    }
    if (GEOSNormalize_r(h, out.get()) != 0) c.raise("normalize");
    return out;
}

GeomPtr empty_polygon(GeosContext& c) { return own(c, GEOSGeom_createEmptyPolygon_r(c.get()), "empty polygon"); }

double area(GeosContext& c, const GEOSGeometry* g) {
    double a = 0;
    if (!GEOSArea_r(c.get(), g, &a)) c.raise("area");
    return a;
}

double length(GeosContext& c, const GEOSGeometry* g) {
    double l = 0;
    if (!GEOSLength_r(c.get(), g, &l)) c.raise("length");
    return l;
}

bool is_empty(GeosContext& c, const GEOSGeometry* g) { return check_predicate(c, GEOSisEmpty_r(c.get(), g), "isEmpty"); }

Envelope envelope(GeosContext& c, const GEOSGeometry* g) {
    Envelope e;
    if (!GEOSGeom_getXMin_r(c.get(), g, &e.minx) || !GEOSGeom_getYMin_r(c.get(), g, &e.miny) ||
        !GEOSGeom_getXMax_r(c.get(), g, &e.maxx) || !GEOSGeom_getYMax_r(c.get(), g, &e.maxy)) {
        c.raise("envelope");
    }
    return e;
}

void warm_envelopes(GeosContext& c, const GEOSGeometry* g) {
    if (!g) return;
    double v = 0;
    GEOSGeom_getXMin_r(c.get(), g, &v);
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        if (const GEOSGeometry* r = GEOSGetExteriorRing_r(c.get(), g)) GEOSGeom_getXMin_r(c.get(), r, &v);
        const int n = GEOSGetNumInteriorRings_r(c.get(), g);
        for (int k = 0; k < n; ++k) GEOSGeom_getXMin_r(c.get(), GEOSGetInteriorRingN_r(c.get(), g, k), &v);
    } else if (type >= GEOS_MULTIPOINT) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int k = 0; k < n; ++k) warm_envelopes(c, GEOSGetGeometryN_r(c.get(), g, k));
    }
}

GeomPtr intersection(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(c, GEOSIntersection_r(c.get(), a, b), "intersection");
}
GeomPtr difference(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(c, GEOSDifference_r(c.get(), a, b), "difference");
}
GeomPtr union_(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(c, GEOSUnion_r(c.get(), a, b), "union");
}
GeomPtr sym_difference(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b) {
    return own(c, GEOSSymDifference_r(c.get(), a, b), "symdifference");
}
GeomPtr intersection_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid) {
    return own(c, GEOSIntersectionPrec_r(c.get(), a, b, grid), "intersection");
}
GeomPtr difference_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid) {
    return own(c, GEOSDifferencePrec_r(c.get(), a, b, grid), "difference");
}
GeomPtr union_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid) {
    return own(c, GEOSUnionPrec_r(c.get(), a, b, grid), "union");
}
GeomPtr sym_difference_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid) {
    return own(c, GEOSSymDifferencePrec_r(c.get(), a, b, grid), "symdifference");
}

GeomPtr union_all(GeosContext& c, const std::vector<const GEOSGeometry*>& parts) {
    if (parts.empty()) return empty_polygon(c);
    // A collection of clones: GEOSGeom_createCollection_r takes ownership of its members.
    std::vector<GEOSGeometry*> clones;
    clones.reserve(parts.size());
    try {
        for (const auto* p : parts) clones.push_back(clone(c, p).release());
    } catch (...) {
        for (auto* g : clones) GEOSGeom_destroy_r(c.get(), g);
        throw;
    }
    GeomPtr coll = own(c, GEOSGeom_createCollection_r(c.get(), GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                      static_cast<unsigned>(clones.size())),
                       "collection");
    return own(c, GEOSUnaryUnion_r(c.get(), coll.get()), "unary union");
}

bool intersects(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b) {
    return check_predicate(c, GEOSIntersects_r(c.get(), a, b), "intersects");
}

PreparedPtr prepare(GeosContext& c, const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(c.get(), g);
    if (!p) c.raise("prepare");
    return PreparedPtr{p, PreparedDeleter{c.get()}};
}
bool prepared_intersects(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return check_predicate(c, GEOSPreparedIntersects_r(c.get(), p, g), "prepared intersects");
}
bool prepared_contains(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return check_predicate(c, GEOSPreparedContains_r(c.get(), p, g), "prepared contains");
}
bool prepared_covers(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return check_predicate(c, GEOSPreparedCovers_r(c.get(), p, g), "prepared covers");
}

bool prepared_contains_properly(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return check_predicate(c, GEOSPreparedContainsProperly_r(c.get(), p, g), "prepared containsProperly");
}

ValidityReport check_validity(GeosContext& c, const GEOSGeometry* g) {
    ValidityReport r;
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char v = GEOSisValidDetail_r(c.get(), g, 0, &reason, &location);
    if (v == 2) c.raise("isValidDetail");
    r.valid = v == 1;
    if (reason) {
        r.reason = reason;
        GEOSFree_r(c.get(), reason);
    }
    if (location) {
        GeomPtr loc{location, GeomDeleter{c.get()}};
        if (!GEOSisEmpty_r(c.get(), location) && GEOSGeomGetX_r(c.get(), location, &r.x) &&
            GEOSGeomGetY_r(c.get(), location, &r.y)) {
            r.has_location = true;
        }
    }
    return r;
}

namespace {

// Collects polygonal parts of g into out (as clones).
void collect_polygons(GeosContext& c, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(c.get(), g)) out.push_back(clone(c, g).release());
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i) collect_polygons(c, GEOSGetGeometryN_r(c.get(), g, i), out);
    }
}

} // namespace

GeomPtr make_valid_polygonal(GeosContext& c, const GEOSGeometry* g) {
    struct ParamsDeleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSMakeValidParams* p) const noexcept { GEOSMakeValidParams_destroy_r(ctx, p); }
    };
    std::unique_ptr<GEOSMakeValidParams, ParamsDeleter> params{GEOSMakeValidParams_create_r(c.get()), {c.get()}};
    GEOSMakeValidParams_setMethod_r(c.get(), params.get(), GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(c.get(), params.get(), 0);
    GeomPtr fixed = own(c, GEOSMakeValidWithParams_r(c.get(), g, params.get()), "make valid");
    std::vector<GEOSGeometry*> polys;
    try {
        collect_polygons(c, fixed.get(), polys);
    } catch (...) {
        for (auto* p : polys) GEOSGeom_destroy_r(c.get(), p);
        throw;
    }
    if (polys.empty()) return empty_polygon(c);
    if (polys.size() == 1) return GeomPtr{polys[0], GeomDeleter{c.get()}};
    return own(c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())),
               "multipolygon");
}

} // namespace tl::geom
