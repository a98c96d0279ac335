// Reading one layer the way county data really arrives.
//
// read_layer opens the source with GDAL (GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR), binds the
// canonical fields to source columns (project mapping first, else the schema default, both
// case-insensitive), decodes text to UTF-8 and returns every feature's geometry as ISO WKB in
// the source coordinates together with its bound attribute values. It does not reproject and
// does not judge geometry: that is geom::normalize.
//
// Encoding (shapefiles and other DBF-based sources): the reader opens the DBF raw and decides
//   1. the project's `encoding =` when it is not "auto"          -> decided_by "project"
//   2. the .cpg file                                              -> "cpg"
//   3. the DBF language-driver byte (0x4D/0x7A = CP936 GBK, ...)  -> "ldid 0x4D"
//   4. the bytes: valid UTF-8 with non-ASCII -> UTF-8, else valid GBK -> GBK, ASCII only -> ASCII
//                                                                 -> "bytes"
// A value that does not decode is an issue (kind "bad_encoding", action "kept"): the decodable
// part is kept, the feature is used. Field names are decoded the same way (GBK 井号).
// Other drivers (GPKG, GeoJSON, PG) are UTF-8 by definition: decided_by "driver".
// CSV (Excel's "CSV" on a Chinese Windows is GBK) follows steps 1 and 4. Step 4 looks at every
// text value and column name; its rule is encoding.hpp ByteSniffer. When a declared encoding
// (steps 1-3) disagrees with what the bytes look like (a .cpg saying UTF-8 over GBK bytes, an
// LDID of 1252 over Chinese text), it is still followed, and one issue (kind "encoding", note)
// says what the bytes look like and which `encoding =` would read them.
//
// Values (RawFeature::values): text is decoded, trimmed of ASCII blanks, and an empty cell is
// std::nullopt; integers as plain digits; reals as the shortest text that reads back to the
// same double (0.1, not 0.10000000000000001); OFTDate as YYYY-MM-DD, OFTDateTime as
// YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; booleans as GDAL's 1/0. Only bound columns are kept.
// CSV and XLSX tables are read with a header row (GDAL would otherwise guess, and a sheet of text
// columns would lose its header) that is FOUND, not assumed to be row 1: io/table_rows.hpp (title
// rows, blank rows, 合计/小计 rows and 注/说明 footnotes are skipped and listed as issues). A
// workbook's sheet is `layer =` (or `sheet =`) in the project file, else the sheet whose header
// names the most fields. A table row's FID is GDAL's: a sheet's row number, a CSV's line - 1 (also
// when title rows were skipped: the CSV's data records are read from a /vsimem copy and given the
// FIDs they have in the file), so that issues.csv points at the row a planner sees. Curved geometries (FileGDB arcs) are
// approximated by straight segments (GEOS reads no curves), with an issue "curve_geometry".
// Whatever GDAL says while reading a feature is an issue "read_warning" (note), not stderr.
//
// Errors: IoError (exit 1) when the source cannot be opened or read (names path and GDAL's
// message), also when a .shp is shorter than its header says (cut short: records would be
// missing); ConfigError (exit 2) when a required field has no column, or a column the project
// names does not exist (names layer, key, column and the columns that do exist).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "io/project.hpp"
#include "io/schema.hpp"

namespace tl::io {

struct EncodingInfo {
    std::string encoding;    // "UTF-8", "GBK", "ASCII", ...
    std::string decided_by;  // "project", "cpg", "ldid 0x4D", "bytes", "driver"
}; // struct EncodingInfo

struct RawFeature {
    std::int64_t fid = -1;                        // OGR FID
    std::string wkb;                              // ISO WKB, source coordinates; empty = no geometry
    std::vector<std::optional<std::string>> values;  // aligned with RawLayer::keys; nullopt = null/unset
}; // struct RawFeature

struct RawLayer {
    std::string name;             // canonical layer name
    LayerSpec spec;
    std::string driver;           // GDAL short name, e.g. "ESRI Shapefile"
    std::string source_layer;     // the layer name inside the source
    EncodingInfo encoding;
    std::string source_srs_wkt;   // WKT2 of the source's own CRS; empty when it has none
    bool is_table = false;
    std::vector<std::string> keys;      // bound canonical keys, in schema order (unbound keys included);
                                        // with ReadOptions::all_columns then "" per source column
    std::vector<std::string> columns;   // source column bound to each key; "" = gap (not in source)
    std::vector<std::string> source_fields;  // all source field names, decoded
    std::map<std::string, std::string> unit_conversions;  // key -> "税收（元）: 元 -> 万元 (x0.0001, from the column header)"
    std::map<std::string, std::int64_t> geometry_types;  // "Polygon" -> n, "MultiPolygon" -> n, "None" -> n
    std::vector<RawFeature> features;   // in FID order
    std::int64_t rows_skipped = 0;      // table rows that are no data (title, blank, 合计, 注; table_rows.hpp),
                                        // each an issue "table_row_skipped"; counted as read and rejected

    // Index of `key` in keys, or -1.
    int key_index(const std::string& key) const;
}; // struct RawLayer

struct ReadOptions {
    // For `tenglong init`: after the canonical keys, every source column as a key "" of its
    // own (RawLayer::columns names it), so that the values of all columns come back; a
    // required field without a column or a mapped column that is missing is then no error.
    bool all_columns = false;
}; // struct ReadOptions

RawLayer read_layer(const LayerSpec& spec, IssueLog& issues, const ReadOptions& options = {});
// The same for a table that is no canonical layer (the decisions table, schema.hpp
// decisions_table_def): its fields are bound and its rows found as above.
RawLayer read_layer(const LayerDef& def, const LayerSpec& spec, IssueLog& issues, const ReadOptions& options = {});

} // namespace tl::io
