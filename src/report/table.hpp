// Shortlist tables and their writers: one Table, written as CSV (UTF-8 with BOM, so Excel on a
// Chinese Windows opens it), XLSX (frozen header, column widths, number formats: 亩 to 2
// decimals) and RFC 7946 GeoJSON (WGS 84 lon/lat through PROJ, CCW outer rings, 7 decimals,
// no `crs` member). CSV and GeoJSON are written by tenglong itself, streaming (no GDAL driver,
// no intermediate tree); XLSX by libxlsxwriter. Headers are Chinese with Lang::zh (the default) and English with Lang::en.
// Rows are written in the order given: callers sort them (determinism).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "geom/crs.hpp"
#include "geom/geos.hpp"

namespace tl::report {

enum class Lang { zh, en };

enum class ColumnKind {
    text,
    integer,
    real,      // `decimals` places
    area_m2,   // 2 decimals
    area_mu,   // 2 decimals (亩)
    ratio,     // shown as a fraction with 4 decimals (0.2531)
    date       // ISO text
};

struct Column {
    std::string key;     // machine name, also the GeoJSON property name (English snake_case)
    std::string zh;      // header with Lang::zh
    std::string en;      // header with Lang::en
    ColumnKind kind = ColumnKind::text;
    int decimals = 2;    // for ColumnKind::real
    std::string domain{};   // the values' coded-value domain in results.gdb (report/gdb.hpp): "verdict", or none
}; // struct Column

using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Table {
    std::string name;                       // file stem: "unsupplied", "idle", ...
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;    // each row has columns.size() cells
    std::vector<const GEOSGeometry*> geoms; // optional: one per row (borrowed), working CRS

    void add_row(std::vector<Cell> row, const GEOSGeometry* geom = nullptr);
}; // struct Table

const std::string& header(const Column& c, Lang lang);

// Index of the column with `key` in t, or -1.
int column_index(const Table& t, const std::string& key);
// Text of cell `col` of `row` as the CSV writes it; "" when col is -1 or out of the row.
std::string cell_text(const Table& t, const std::vector<Cell>& row, int col);

// A list's long form (inefficient_rules, idle_rules: one row per rule met, no geometry) made to
// follow the list as decided: after the 镇街 and the decisions (闭环管理) were applied to `list`,
// keeps the rows of `long_form` whose `key` (要素序号 / 要素号) is still on `list`, with that
// row's 镇街 (township) and 处置状态 (case_status) when both tables have the column.
void follow_list(Table& long_form, const Table& list, const std::string& key);

// Text of a cell as written to CSV (numbers with the column's fixed decimals; null = empty).
std::string format_cell(const Column& c, const Cell& v);

void write_csv(const Table& t, const std::filesystem::path& file, Lang lang);
void write_xlsx(const Table& t, const std::filesystem::path& file, Lang lang);
// Simplestyle for a shortlist's GeoJSON: with a category (an id of styles/categories.json),
// each feature also gets `category`, `title`, `description` (report/map.hpp feature_text, in
// `lang`), `fill`, `fill-opacity`, `stroke` and `stroke-width` after the table's columns.
struct GeoJsonStyle {
    std::string category;   // empty: no style properties
    Lang lang = Lang::zh;
}; // struct GeoJsonStyle

class Wgs84Geometries;

// RFC 7946 FeatureCollection: geometry per row transformed from `working` to WGS 84 lon/lat.
// Properties use the column keys (stable for machines), plus the style properties above.
// `wgs84`: the run's WGS 84 geometries (report/wgs84.hpp) holding every geometry of `t`; without
// it the table's geometries are transformed here.
// Written by tenglong's streaming writer (report/geojson_writer.hpp); GDAL's driver with
// TENGLONG_GEOJSON_WRITER=gdal (the tests' reference).
void write_geojson(geom::GeosContext& c, const Table& t, const geom::CrsInfo& working,
                   const std::filesystem::path& file, const GeoJsonStyle& style = {},
                   const Wgs84Geometries* wgs84 = nullptr);
// The same through GDAL's GeoJSON driver: the reference the tests compare the writer with.
void write_geojson_gdal(geom::GeosContext& c, const Table& t, const geom::CrsInfo& working,
                        const std::filesystem::path& file, const GeoJsonStyle& style = {},
                        const Wgs84Geometries* wgs84 = nullptr);

} // namespace tl::report
