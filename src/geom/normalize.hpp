// normalize: from a RawLayer (source coordinates, WKB) to a Layer (GEOS, valid, working CRS).
//
// For each feature, in FID order (the input is sorted by FID first):
//   no geometry / empty geometry           -> rejected, issue "empty_geometry"
//   WKB that GEOS cannot parse             -> rejected, issue "unreadable_geometry" (GEOS's message).
//                                             Curved geometries (CurvePolygon, MultiSurface) are
//                                             linearized through OGR first (one "linearized_curves"
//                                             note per layer); a ring GEOS refuses because of a NaN
//                                             vertex counts as non-finite (below)
//   NaN/infinite coordinates               -> rejected, issue "non_finite_coordinates"
//   a coordinate beyond ±kMaxPlausibleCoordinate (1e8, crs.hpp) -> rejected, issue
//                                             "coordinates_out_of_range" (1e300 from a broken export)
//   wrong dimension (point/line in a polygon layer) -> rejected, issue "wrong_geometry_type";
//                                             a GeometryCollection of polygons only becomes a MultiPolygon
//   Z/M values                             -> dropped to 2D, counted (one issue per layer, "dropped_z", fid -1)
//   transform to the working CRS fails     -> rejected, issue "transform_failed"
//   invalid (GEOSisValidDetail, in the working CRS) -> repaired with MakeValid (STRUCTURE), then
//                                             clipped to the outer rings (a hole lying outside its
//                                             shell removes nothing and adds nothing), issue
//                                             "invalid_geometry", action repaired, detail: reason,
//                                             location, area before and after; x/y = location.
//                                             If the repair leaves no area -> rejected, issue
//                                             "unrepairable_geometry"
//   duplicate id (same canonical id as an earlier *used* feature) -> kept, issue "duplicate_id"
//                                             (field "id", detail names the first fid)
//   area below `sliver_area_m2`            -> kept, issue "sliver" (a note; analyses decide)
// Every used feature of a polygon layer is a valid, non-empty Polygon or MultiPolygon in the
// working CRS, with env and area_m2 (planar, m²) filled in. Tables (enterprises) pass through
// without geometry and without checks. Counts reconcile: read = used + rejected; repaired ⊆ used;
// Layer::stats adds multipart/hole counts and invalid reasons for `inspect`.
#pragma once
#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "geom/layer.hpp"
#include "io/reader.hpp"

namespace tl::geom {

struct NormalizeOptions {
    double sliver_area_m2 = 1.0;   // DEFAULT 1 m²: smaller polygons are noted as slivers
    double sliver_width_m = 0.5;   // DEFAULT 0.5 m: polygons thinner on average (2·area/perimeter) too
    // DEFAULT false. normalize always runs diagnose_coordinates on the extent of the readable
    // geometries before transforming them (zone-prefixed eastings, north-first, degrees in a
    // projected CRS, ...) and keeps the result in Layer::coordinates. When true, a layer whose
    // coordinates do not fit its CRS throws DataError with the explanation and the fix instead
    // of being transformed to the wrong place. (analysis::load_inputs makes the same check on
    // the raw extent itself, so it leaves this false; inspect goes on and reports.)
    bool stop_on_bad_coordinates = false;
    // Workers for the per-feature GEOS work (parse, checks, transform, validity, repair,
    // measures); 0 = all cores. The result is the same whatever the count.
    unsigned threads = 1;
}; // struct NormalizeOptions

// The layer's own CRS (project assignment first, else the source's); throws DataError naming the
// layer and the fix when there is none ("parcels.shp: layer has no CRS (.prj missing); set crs =
// \"EPSG:4549\" for it in the project file"), or ConfigError when the project's string is invalid.
// Tables get an empty CrsInfo.
CrsInfo layer_crs(const io::RawLayer& raw);

// The RawLayer is consumed (attribute values are moved). Throws tl::Error when PROJ has no
// operation from source_crs to working_crs, GeosError only on a GEOS failure that is not about
// one feature's data.
Layer normalize(GeosContext& c, io::RawLayer&& raw, const CrsInfo& source_crs, const CrsInfo& working_crs,
                const NormalizeOptions& options, IssueLog& issues);

} // namespace tl::geom
