// map.geojson: every category in one RFC 7946 FeatureCollection, for a planner to drop on
// geojson.io, QGIS, or any web map.
//
//   * coordinates: WGS 84 lon/lat, transformed from the working CRS by PROJ (report/wgs84.hpp,
//     as GDAL's GeoJSON driver with RFC7946=YES does), outer rings counter-clockwise and holes clockwise, 7 decimals
//     (about 1 cm on the ground; fixed, so the same run gives the same bytes), no `crs` member;
//   * features in legend order: township boundaries first (category "township", no fill), then
//     each category in the order of styles/categories.json; within a category in the shortlist's
//     row order. Shortlist rows that share one geometry (a parcel failing three rules, a supply
//     meeting two idle tests) are one feature, its `rules` listing them all ("R05;R07");
//   * properties: category, category_name, id (the row key, e.g. batch id), township, area_m2,
//     area_mu (2 decimals), rules, rows (shortlist rows merged), and simplestyle-spec 1.1.0:
//     title, description, fill, fill-opacity, stroke, stroke-width (colours from styles/).
//
// The per-category files (unsupplied.geojson, ...) carry the same simplestyle properties
// beside their shortlist columns: write_geojson with GeoJsonStyle (table.hpp) calls
// simplestyle_of() below.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "geom/layer.hpp"
#include "report/styles.hpp"
#include "report/table.hpp"

namespace tl::report {


// title: "批而未供 PC2019-001" (category name + row key); description: the row's reason in
// one line: township, area in 亩, rule, status or age bucket, clause (those the table has).
struct FeatureText {
    std::string title;
    std::string description;
}; // struct FeatureText
FeatureText feature_text(const Table& t, std::size_t row, const CategoryStyle& st, Lang lang);

// Writes map.geojson from the shortlist tables that carry geometries (each table's name is its
// category id; tables without geometries are skipped) and the township boundaries (may be
// null). `wgs84`: the run's WGS 84 geometries holding all of them (report/wgs84.hpp); without it
// they are transformed here. Throws IoError naming the file.
void write_map_geojson(geom::GeosContext& c, const std::vector<const Table*>& tables, const geom::Layer* townships,
                       const geom::CrsInfo& working, Lang lang, const std::filesystem::path& file,
                       const Wgs84Geometries* wgs84 = nullptr);

} // namespace tl::report
