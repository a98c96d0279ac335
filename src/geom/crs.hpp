// Coordinate reference systems: identification and transformation (PROJ via OGR/PROJ API).
//
// identify_crs accepts the source's WKT (ESRI .prj WKT1 included) or a user string
// ("EPSG:4549", WKT, PROJ string) and finds the EPSG code where one exists, with the
// traditional GIS axis order (x = easting/longitude). ESRI "Gauss_Kruger" .prj files for
// CGCS2000 are matched to EPSG 4513–4554 (e.g. CGCS2000_3_Degree_GK_CM_123E -> 4550;
// CGCS2000_3_Degree_GK_Zone_40 -> 4528).
//
// diagnose_coordinates looks at a layer's extent in its claimed CRS and explains
// - zone-prefixed eastings (40 500 000 in a CM 120E CRS without the prefix: the data is
//   EPSG:4528, not 4549),
// - north-first data (first ordinate 2.9e6–3.5e6 in a Chinese GK CRS),
// - degrees in a projected CRS or metres in a geographic one.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "geom/geos.hpp"

namespace tl::geom {

struct CrsInfo {
    std::optional<int> epsg;         // EPSG code when identified
    std::string name;                // e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
    std::string wkt;                 // WKT2 of the CRS as used
    bool geographic = false;
    bool projected = false;
    std::string linear_unit;         // "metre" for projected metric CRSs
    std::string decided_by;          // "source EPSG", "matched ESRI .prj (confidence 90%)", "project crs", ...
    std::string label() const;       // "EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E"
}; // struct CrsInfo

// Throws ConfigError on a string PROJ cannot understand.
CrsInfo identify_crs(const std::string& definition, const std::string& decided_by);

struct CoordinateDiagnosis {
    bool ok = true;
    std::string problem;             // "zone_prefixed", "north_first", "degrees_in_projected", ...
    std::string explanation;         // planner-facing sentence, with the fix
    std::optional<int> suggested_epsg;
}; // struct CoordinateDiagnosis
CoordinateDiagnosis diagnose_coordinates(const CrsInfo& crs, const Envelope& extent);

// Transforms geometries from one CRS to another (PROJ, traditional GIS axis order).
// One per thread (it holds a PJ_CONTEXT).
class Transformer {
public:
    Transformer(const CrsInfo& from, const CrsInfo& to);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;
    bool is_identity() const noexcept { return m_identity; }
    // In place on a GEOS geometry; returns a new geometry (GEOSGeom_transformXY_r). Throws
    // DataError if a coordinate cannot be transformed (outside the CRS domain, NaN).
    GeomPtr transform(GeosContext& c, const GEOSGeometry* g) const;
    void transform_point(double& x, double& y) const;
private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_identity = false;
}; // class Transformer

// Area of a polygonal geometry given in `crs`, on the CGCS2000 ellipsoid (椭球面积), m².
// (Converts to geographic coordinates and uses PROJ's geodesic polygon area.)
double ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const CrsInfo& crs);

} // namespace tl::geom
