// RAII over the GEOS C API (reentrant `_r` functions only; GEOS_USE_ONLY_R_API is set
// project-wide). Nothing outside this header calls GEOSGeom_destroy_r or GEOSPreparedGeom_destroy_r.
//
// - GeosContext: one per thread. The context must outlive every GeomPtr made from it.
//   GEOS signals failure with a sentinel (NULL, or 2 for predicates) and sends the message to
//   the context's handler; `check()` turns that back into a tl::GeosError with the message.
// - GeomPtr: unique_ptr whose deleter holds the context handle.
// - PreparedGeom: the prepared handle; the base geometry must outlive it (the caller keeps it).
//
// Geometries are immutable once built and may be *read* from other threads with their own
// contexts (we compute envelopes on the loading thread first, so no lazy cache is filled
// concurrently).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "core/errors.hpp"

namespace tl::geom {

class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;
    GeosContext(GeosContext&&) = delete;
    GeosContext& operator=(GeosContext&&) = delete;

    GEOSContextHandle_t get() const noexcept { return m_handle; }
    // Throws GeosError{op, last message}.
    [[noreturn]] void raise(const char* op);
    // The last error message GEOS sent (cleared by raise()).
    const std::string& last_error() const noexcept { return m_last_error; }

private:
    static void on_error(const char* msg, void* self);
    static void on_notice(const char* msg, void* self);
    GEOSContextHandle_t m_handle;
    std::string m_last_error;
}; // class GeosContext

struct GeomDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(GEOSGeometry* g) const noexcept { if (g) GEOSGeom_destroy_r(ctx, g); }
}; // struct GeomDeleter
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const noexcept { if (g) GEOSPreparedGeom_destroy_r(ctx, g); }
}; // struct PreparedDeleter
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// Takes ownership of a GEOS result; raises on NULL.
GeomPtr own(GeosContext& c, GEOSGeometry* g, const char* op);
// Raises on predicate value 2; returns value == 1.
bool check_predicate(GeosContext& c, char value, const char* op);

// ---- construction and serialization ----------------------------------------------------
GeomPtr from_wkt(GeosContext& c, std::string_view wkt);
GeomPtr from_wkb(GeosContext& c, std::string_view wkb);
std::string to_wkt(GeosContext& c, const GEOSGeometry* g, int decimals = -1);  // -1: full precision
std::string to_wkb(GeosContext& c, const GEOSGeometry* g);  // ISO WKB, little-endian
GeomPtr clone(GeosContext& c, const GEOSGeometry* g);
// A polygon from copies of the given rings (they stay the caller's). No check: the caller knows
// the rings make a valid polygon.
GeomPtr polygon_from_rings(GeosContext& c, const GEOSGeometry* shell, const std::vector<const GEOSGeometry*>& holes);
// The same point set written one way: in every ring of a (multi)polygon the vertices that lie on
// the straight line through their neighbours (GEOS's robust orientation test: exactly collinear,
// repeated points included) are dropped, then GEOSNormalize orders parts, rings, direction and
// start points. What depends on how a ring is written (the buffer's input simplifier, which
// drops one of two close vertices according to where the ring starts) then depends only on the
// shape. Other geometry types come back normalized, unchanged otherwise.
GeomPtr canonical_polygonal(GeosContext& c, const GEOSGeometry* g);
GeomPtr empty_polygon(GeosContext& c);

// ---- measures (planar, in the units of the CRS; metres in the working CRS) -----------------
double area(GeosContext& c, const GEOSGeometry* g);
double length(GeosContext& c, const GEOSGeometry* g);
bool is_empty(GeosContext& c, const GEOSGeometry* g);
struct Envelope { double minx = 0, miny = 0, maxx = 0, maxy = 0; };
Envelope envelope(GeosContext& c, const GEOSGeometry* g);
// Fills the envelope caches GEOS 3.11 computes lazily (of `g` and of every ring and component),
// so that other threads may then read `g` with their own contexts without racing on the cache
// (null and empty geometries are fine). Call it on the thread that owns `g`, before sharing it.
void warm_envelopes(GeosContext& c, const GEOSGeometry* g);

// ---- overlay (OverlayNG through the C API; robust strategies inside GEOS) ---------------
GeomPtr intersection(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr union_(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr sym_difference(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b);
// Union of many geometries (cascaded); `parts` are borrowed, not consumed.
GeomPtr union_all(GeosContext& c, const std::vector<const GEOSGeometry*>& parts);
// Same with a fixed-precision grid (grid_size > 0), GEOS*Prec_r.
GeomPtr intersection_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid);
GeomPtr difference_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid);
GeomPtr union_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid);
GeomPtr sym_difference_prec(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double grid);

// ---- predicates ------------------------------------------------------------------------
bool intersects(GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b);
PreparedPtr prepare(GeosContext& c, const GEOSGeometry* g);
bool prepared_intersects(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool prepared_contains(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g);
bool prepared_covers(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g);
// g lies in p's interior: no point of g on p's boundary (OGC containsProperly).
bool prepared_contains_properly(GeosContext& c, const GEOSPreparedGeometry* p, const GEOSGeometry* g);

// ---- validity --------------------------------------------------------------------------
struct ValidityReport {
    bool valid = true;
    std::string reason;          // GEOS reason, e.g. "Self-intersection"
    bool has_location = false;
    double x = 0, y = 0;         // where GEOS found the problem
}; // struct ValidityReport
ValidityReport check_validity(GeosContext& c, const GEOSGeometry* g);
// GEOSMakeValidWithParams_r, method STRUCTURE, keep collapsed = false. Returns the polygonal
// part only (points/lines that MakeValid may produce from degenerate rings are dropped).
GeomPtr make_valid_polygonal(GeosContext& c, const GEOSGeometry* g);

} // namespace tl::geom
