// Coordinate reference systems: identification and transformation (PROJ via OGR/PROJ API).
//
// identify_crs accepts the source's WKT (ESRI .prj WKT1 included) or a user string
// ("EPSG:4549", WKT, PROJ string) and finds the EPSG code where one exists, with the
// traditional GIS axis order (x = easting/longitude). ESRI "Gauss_Kruger" .prj files for
// CGCS2000 are matched to EPSG 4491–4554 (e.g. CGCS2000_3_Degree_GK_CM_123E -> 4550;
// CGCS2000_3_Degree_GK_Zone_40 -> 4528). The order of attempts:
//   1. the definition carries an EPSG authority code                 -> decided_by "<who> (EPSG code)"
//   2. PROJ's identification (OGRSpatialReference::FindMatches), an EPSG match with
//      confidence >= 70 %                                             -> "<who> (matched EPSG, confidence N%)"
//   3. our own parameter match for the CGCS2000 Gauss-Kruger family (domain.md §9.1):
//      Transverse Mercator, CGCS2000/GRS80 ellipsoid, k0 = 1, lat0 = 0, FN = 0, metres,
//      CM a multiple of 3 and FE 500 000 (CM-only: the 3-degree code; the 6-degree CM-only codes
//      have identical parameters) or FE = zone·10⁶ + 500 000 (zone 25–45: 3°, 13–23: 6°)
//                                                                     -> "<who> (matched parameters)"
// A match is replaced by the EPSG definition itself (so the working CRS is always canonical);
// an unmatched CRS is used as given (epsg empty).
//
// diagnose_coordinates looks at a layer's extent in its claimed CRS and explains
// - zone-prefixed eastings (40 500 000 in a CM 120E CRS without the prefix: the data is
//   EPSG:4528, not 4549), and conversely 6-digit eastings in a zone-prefixed CRS,
// - north-first data (first ordinate 2.9e6–3.5e6 and second 3e5–7.4e5 in a GK CRS: Zhejiang
//   northings first, as Chinese surveying writes X = north),
// - degrees in a projected CRS or metres in a geographic one.
// It never changes data; the caller reports the diagnosis (and may stop the run).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "geom/geos.hpp"

namespace tl::geom {

// PROJ prints its errors to stderr ("proj_create: unrecognized format / unknown name") from any
// context that has no logger of its own. route_proj_logging() gives PROJ's default context —
// which every context created later copies — a logger that keeps the message instead
// (last_proj_message(): the last error PROJ logged on this thread, for our own error text).
// Called once by main before threads start; identify_crs and Transformer call it too (cheap,
// idempotent), so libraries and tests get it without main.
void route_proj_logging();
std::string last_proj_message();

struct CrsInfo {
    std::optional<int> epsg;         // EPSG code when identified
    std::string name;                // e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
    std::string wkt;                 // WKT2 of the CRS as used
    bool geographic = false;
    bool projected = false;
    std::string linear_unit;         // "metre" for projected metric CRSs
    std::string decided_by;          // "source (EPSG code)", "source (matched EPSG, confidence 70%)", "project crs", ...
    // Transverse Mercator parameters, for projected TM CRSs (Gauss-Kruger is TM with k0 = 1).
    bool transverse_mercator = false;
    std::optional<double> central_meridian;   // degrees
    std::optional<double> false_easting_m;
    std::string label() const;       // "EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E"
}; // struct CrsInfo

// Throws ConfigError (empty file) on a string PROJ cannot understand; the message quotes the
// string and says what is accepted. `decided_by` says who named the CRS ("source", "project crs").
CrsInfo identify_crs(const std::string& definition, const std::string& decided_by);

// EPSG:4490, CGCS2000 geographic, in lon/lat order.
CrsInfo cgcs2000_geographic();

// No coordinate on Earth in any CRS county data uses is this large: 1e8 is 100 000 km in metres
// (a zone-prefixed Gauss-Kruger easting is below 4.6e7) and far beyond any degree value. A
// larger finite number (1e300 from a broken export) is not a place: normalize rejects the
// feature ("coordinates_out_of_range") instead of handing it to PROJ and the writers.
inline constexpr double kMaxPlausibleCoordinate = 1e8;
inline bool plausible_coordinate(double x, double y) noexcept {
    return x >= -kMaxPlausibleCoordinate && x <= kMaxPlausibleCoordinate && y >= -kMaxPlausibleCoordinate &&
           y <= kMaxPlausibleCoordinate;   // false for NaN too
}

struct CoordinateDiagnosis {
    bool ok = true;
    std::string problem;             // "zone_prefixed", "missing_zone_prefix", "north_first",
                                     // "degrees_in_projected", "metres_in_geographic"
    std::string explanation;         // planner-facing sentence, with the fix
    std::optional<int> suggested_epsg;
}; // struct CoordinateDiagnosis
// `extent` in the layer's coordinates. An empty layer (all-zero extent) is ok.
// Coordinates beyond kMaxPlausibleCoordinate should be left out of `extent` (normalize rejects
// them feature by feature); such an extent is not diagnosed.
CoordinateDiagnosis diagnose_coordinates(const CrsInfo& crs, const Envelope& extent);

// Transforms geometries from one CRS to another (PROJ, traditional GIS axis order: x =
// easting/longitude). One per thread (it holds a PJ_CONTEXT); movable, not copyable.
class Transformer {
public:
    // Throws DataError naming both CRSs when PROJ cannot build an operation between them (one
    // side without a CRS included). Two CrsInfo without any CRS give the identity.
    Transformer(const CrsInfo& from, const CrsInfo& to);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;
    // Same CRS on both sides: transform() is a clone, transform_point() does nothing.
    bool is_identity() const noexcept { return m_identity; }
    // Returns a new, transformed geometry (GEOSGeom_transformXY_r; Z is left as it is). Throws
    // DataError if a coordinate cannot be transformed (outside the CRS domain, NaN).
    GeomPtr transform(GeosContext& c, const GEOSGeometry* g) const;
    // Throws DataError when the point cannot be transformed.
    void transform_point(double& x, double& y) const;
    // false (and x, y unchanged or HUGE_VAL) when the point cannot be transformed.
    bool try_transform_point(double& x, double& y) const noexcept;
private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_identity = false;
}; // class Transformer

// Area of a polygonal geometry given in `crs`, on the CGCS2000 ellipsoid (椭球面积), m².
// Converts each ring to CGCS2000 lon/lat and uses PROJ's geodesic polygon area
// (geod_polygonarea, a = 6378137, f = 1/298.257222101); holes are subtracted; non-polygonal
// parts count 0. Throws DataError when a coordinate cannot be transformed. Thread-safe: each
// thread keeps (thread_local) the transformer of the last CRS it was called with.
// In a CGCS2000 Gauss-Kruger CRS (cgcs2000_gauss_kruger) the area comes from the grid
// coordinates and the projection's scale factor instead (gauss_kruger_ellipsoidal_area_m2): no
// PROJ call per vertex. It is the ellipsoidal area of the region the polygon bounds in the grid
// (straight grid edges); the geodesic path's region has geodesic edges between the same
// vertices, and the two differ by under 1e-8 of a parcel's area (see crs.cpp).
double ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const CrsInfo& crs);
// Same, through PROJ and a geodesic polygon whatever the CRS, with a transformer to EPSG:4490
// built once (for many geometries).
double ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const Transformer& to_lonlat);

// EPSG:4491–4554, the CGCS2000 Gauss-Kruger family (TM, k0 = 1, lat0 = 0, FN = 0, metres).
bool cgcs2000_gauss_kruger(const CrsInfo& crs);
// ∫∫ dA / k² over the polygon in such a CRS (crs.cpp derives it); throws DataError when the
// coordinates are not plausible ones.
double gauss_kruger_ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const CrsInfo& crs);

} // namespace tl::geom
