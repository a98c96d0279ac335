// normalize: from a RawLayer (source coordinates, WKB) to a Layer (GEOS, valid, working CRS).
//
// For each feature, in FID order:
//   no geometry / empty geometry           -> rejected, issue "empty_geometry"
//   WKB that GEOS cannot parse             -> rejected, issue "unreadable_geometry"
//   NaN/infinite coordinates               -> rejected, issue "non_finite_coordinates"
//   wrong dimension (point/line in a polygon layer) -> rejected, issue "wrong_geometry_type"
//   Z/M values                             -> dropped to 2D, counted (one issue per layer, "dropped_z")
//   transform to the working CRS fails     -> rejected, issue "transform_failed"
//   invalid (GEOSisValidDetail)            -> repaired with MakeValid, issue "invalid_geometry"
//                                             (reason and location); if the repair leaves no area
//                                             -> rejected, issue "unrepairable_geometry"
//   duplicate id (same canonical id as an earlier feature) -> kept, issue "duplicate_id"
//   area below `min_area_m2`               -> kept, issue "sliver" (a note; analyses decide)
// Tables (enterprises) pass through without geometry. Counts reconcile: read = used + rejected.
#pragma once
#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "geom/layer.hpp"
#include "io/reader.hpp"

namespace tl::geom {

struct NormalizeOptions {
    double sliver_area_m2 = 1.0;   // DEFAULT 1 m²: smaller polygons are noted as slivers
}; // struct NormalizeOptions

// The layer's own CRS (project assignment first, else the source's); throws DataError naming the
// layer and the fix when there is none, or ConfigError when the project's string is invalid.
CrsInfo layer_crs(const io::RawLayer& raw);

Layer normalize(GeosContext& c, io::RawLayer&& raw, const CrsInfo& source_crs, const CrsInfo& working_crs,
                const NormalizeOptions& options, IssueLog& issues);

} // namespace tl::geom
