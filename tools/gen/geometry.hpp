// Plain polygons for the generator (metres, EPSG:4549) and their conversion to OGR and GEOS.
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <geos_c.h>
#include <ogr_geometry.h>

namespace tlgen {

struct Pt { double x = 0, y = 0; };
// Open ring: the closing vertex is added on output. Exterior rings are clockwise (the shapefile
// convention), holes counter-clockwise.
using Ring = std::vector<Pt>;
struct Poly { Ring outer; std::vector<Ring> holes; };
using MultiPoly = std::vector<Poly>;

// Coordinates are rounded to the millimetre, as survey data is delivered; every shared vertex is
// computed from the same numbers, so neighbours share bit-identical coordinates.
inline double mm(double v) { return std::round(v * 1000.0) / 1000.0; }
inline Pt mm(Pt p) { return {mm(p.x), mm(p.y)}; }

double ring_signed_area(const Ring& r);   // > 0 counter-clockwise
double poly_area(const Poly& p);
double multi_area(const MultiPoly& m);
Ring rect_cw(double x0, double y0, double x1, double y1);
Ring rect_ccw(double x0, double y0, double x1, double y1);

std::unique_ptr<OGRGeometry> to_ogr(const MultiPoly& m);

// A GEOS context handle for this thread, released on destruction.
class Geos {
public:
    Geos();
    ~Geos();
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;
    GEOSContextHandle_t ctx() const { return ctx_; }

    GEOSGeometry* make(const MultiPoly& m) const;         // caller owns
    MultiPoly read(const GEOSGeometry* g) const;
    MultiPoly union_all(const std::vector<MultiPoly>& parts) const;
    // "Valid Geometry" or GEOS's reason, e.g. "Self-intersection[500123.4 3300456.7]".
    std::string validity_reason(const MultiPoly& m) const;
    std::string validity_reason_wkb(const unsigned char* wkb, std::size_t size) const;

private:
    GEOSContextHandle_t ctx_;
}; // class Geos

} // namespace tlgen
