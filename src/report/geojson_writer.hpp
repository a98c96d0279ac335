// tenglong's own streaming RFC 7946 GeoJSON writer (issue 23 decision 2): features go straight
// from a table's cells and the run's WGS 84 geometries (report/wgs84.hpp: PROJ once per
// geometry, rings by the right-hand rule, coordinates rounded to kGeoJsonDecimals) into a text
// buffer flushed to the file every megabyte — no OGRFeature, no JSON tree, no GDAL driver.
//
//   * the file: {"type":"FeatureCollection","features":[ one feature a line ]} — no `crs`, no
//     `bbox`, no `name` (as GDAL's writer was configured: WRITE_BBOX=NO, WRITE_NAME=NO);
//   * a feature: {"type":"Feature","properties":{…},"geometry":{…} or null};
//   * coordinates: the rounded value printed with at most 7 decimals, trailing zeros dropped
//     (never an exponent, never "-0"); Z kept, M dropped (as GDAL does);
//   * strings: JSON-escaped (", \, control characters), UTF-8 passed through, an invalid byte
//     sequence written as U+FFFD (a GeoJSON file is UTF-8, RFC 8259 §8.1);
//   * numbers: as the caller hands them — a table's cell as the CSV prints it, with the
//     column's fixed decimals (report::format_cell), so the map, the lists and the CSV agree;
//     a real always has a decimal point (3.0, not 3), so GDAL and QGIS read a real column as
//     real; NaN and infinities are null.
// GDAL's GeoJSON driver reads these files back feature for feature and value for value as it
// reads its own writer's (tests/unit/report_geojson, tests/e2e/geojson_writer.sh).
#pragma once
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "geom/geos.hpp"

namespace tl::report {

class Wgs84Geometries;

class GeoJsonWriter {
public:
    // Creates (replaces) `file`; IoError naming it when it cannot.
    GeoJsonWriter(const std::filesystem::path& file, const Wgs84Geometries& wgs84);
    ~GeoJsonWriter();
    GeoJsonWriter(const GeoJsonWriter&) = delete;
    GeoJsonWriter& operator=(const GeoJsonWriter&) = delete;

    void begin_feature();
    // Properties, in the order written. `number_text` is a JSON number as text (a cell as the CSV
    // prints it): "" is null; a real column's value gets ".0" when it has no decimal point.
    void prop_null(std::string_view key);
    void prop_string(std::string_view key, std::string_view value);
    void prop_integer(std::string_view key, std::int64_t value);
    void prop_real(std::string_view key, double value);   // shortest round trip; NaN: null
    void prop_number_text(std::string_view key, std::string_view number_text, bool real);
    // The geometry of the feature (after its properties): `g`'s WGS 84 copy, or null when `g` is
    // null. IoError when `g` was not transformed (as GDAL's path reported it).
    void geometry(const GEOSGeometry* g);   // without it, the feature's geometry is null
    void end_feature();
    // Closes the collection and the file; IoError when a write failed (disk full).
    void finish();

private:
    void key(std::string_view k);
    void flush_if_full();
    void flush();
    void geometry_wkb(const unsigned char*& p, const unsigned char* end);

    std::filesystem::path m_file;
    const Wgs84Geometries& m_wgs84;
    std::FILE* m_out = nullptr;
    fmt::memory_buffer m_buf;
    std::size_t m_features = 0;
    bool m_first_prop = true;
    bool m_has_geometry = false;
    bool m_failed = false;
}; // class GeoJsonWriter

// JSON string literal of `s` (quotes included) appended to `out` (exposed for tests).
void append_json_string(fmt::memory_buffer& out, std::string_view s);

// Which writer analyze uses for GeoJSON: tenglong's (the default) or GDAL's driver, kept as the
// reference the tests compare with (environment TENGLONG_GEOJSON_WRITER=gdal; not for users).
bool use_gdal_geojson_writer();

} // namespace tl::report
