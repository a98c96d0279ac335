// results.gdb (`analyze --formats ...,gdb`): every result table in one Esri File Geodatabase,
// written by GDAL's OpenFileGDB driver (GDAL >= 3.6), for planners who work in ArcGIS.
//
// One feature class per table with geometries (polygons as multipolygons, points as points, in
// the working CRS) and one plain table per table without (the batches of 批而未供, the 占补
// ledger). Field names are the column keys (English snake_case, as in the GeoJSON); each
// field's alias is its header (Chinese with Lang::zh, what ArcGIS shows in its attribute
// table), each layer's alias its title. Numbers are rounded as in the CSV. Columns marked with
// a domain (Column::domain) get a coded-value domain: "verdict" = pass / fail / not_applicable /
// indeterminate with the descriptions 达标 / 不达标 / 不适用 / 无法判定 (pass / fail / ... with
// Lang::en). Rows are written in table order; the layers' UUIDs are reproducible
// (OPENFILEGDB_REPRODUCIBLE_UUID), so the same tables give the same bytes. Coordinates are
// stored on the geodatabase's precision grid, ArcGIS's default for metres (0.0001 m resolution,
// 0.001 m XY tolerance): a vertex moves by at most 0.05 mm against parcels.gpkg. Integers are
// 32-bit fields (64-bit ones need ArcGIS Pro 3.2).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "geom/crs.hpp"
#include "report/table.hpp"

namespace tl::report {

struct GdbLayer {
    const Table* table = nullptr;
    std::string name;    // layer name (empty: table->name)
    std::string alias;   // shown by ArcGIS instead of the name
}; // struct GdbLayer

// Creates `dir` (a folder named *.gdb that must not exist yet) and writes every layer into it.
// Throws IoError naming the folder, the layer and what GDAL said.
void write_gdb(const std::vector<GdbLayer>& layers, const geom::CrsInfo& working, const std::filesystem::path& dir,
               Lang lang);

} // namespace tl::report
