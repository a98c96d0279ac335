// WGS 84 copies of the output geometries, made once for every GeoJSON file of a run.
// The RFC 7946 GeoJSON files (shortlists, issues, map.geojson) repeat the same parcels:
// map.geojson holds every listed parcel again. GDAL's GeoJSON writer reprojected every feature it
// wrote (and its per-feature transform set-up cost more than the projection itself). Here each
// distinct geometry goes GEOS → WKB → OGR and through OGRGeometryFactory::transformWithOptions
// (WRAPDATELINE=YES, PROJ through OGRCoordinateTransformation) exactly as the GeoJSON driver does
// it, once, on several threads; their rings are then oriented by the right-hand rule as the RFC
// 7946 mode orients them, every coordinate rounded to kGeoJsonDecimals, and kept as WKB. The
// writers read that WKB: tenglong's own GeoJSON writer (report/geojson_writer.hpp) prints it
// straight into the file; GDAL's plain GeoJSON writer (the tests' reference, create_geojson
// below) gets OGR geometries from make() and writes the same values (tests/unit/report_geojson).
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>

#include "geom/crs.hpp"
#include "geom/geos.hpp"

class OGRGeometry;
class OGRSpatialReference;

namespace tl::report {

// Decimals of every GeoJSON coordinate (≈ 1 cm on the ground): fixed, so a run gives the same bytes.
inline constexpr int kGeoJsonDecimals = 7;

// OGRSpatialReference is reference counted (layers and geometries hold it): released, not deleted.
struct SrsRelease {
    void operator()(OGRSpatialReference* s) const noexcept;
}; // struct SrsRelease
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsRelease>;

class Wgs84Geometries {
public:
    explicit Wgs84Geometries(const geom::CrsInfo& working);
    ~Wgs84Geometries();
    Wgs84Geometries(const Wgs84Geometries&) = delete;
    Wgs84Geometries& operator=(const Wgs84Geometries&) = delete;

    // False when the working CRS's WKT cannot be read back (the writers then fail as before).
    bool valid() const noexcept;
    // Transforms every geometry not held yet, on up to `threads` workers (0: all cores); `c`
    // serves the calling thread. Returns the CPU seconds spent, summed over the workers.
    // Not to be called while writers read the cache.
    double add(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms, unsigned threads);

    // add() in parts, for a scheduler that runs the transform beside other work: reserve() takes
    // every geometry not held yet into the pending list (first-seen order; not to be called while
    // writers read or a transform runs) and returns the list's new length; transform() does
    // pending entries [begin, end) on the calling thread — disjoint ranges may run on several
    // threads at once — and returns its CPU seconds; pending_index() is a geometry's place in the
    // pending list (npos: null, transformed before reserve(), or not added), for the writers'
    // dependencies. A geometry's WKB is read only after the range holding it has run.
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t reserve(const std::vector<const GEOSGeometry*>& geoms);
    double transform(geom::GeosContext& c, std::size_t begin, std::size_t end);
    std::size_t pending_index(const GEOSGeometry* g) const;
    // A new OGR geometry with the WGS 84 coordinates of `g` and no spatial reference, or nullptr
    // when `g` was not added or could not be transformed. Safe to call from several threads.
    std::unique_ptr<OGRGeometry> make(const GEOSGeometry* g) const;
    // The same as ISO WKB (little endian), {nullptr, 0} when `g` was not added or could not be
    // transformed; valid while this object lives. Safe to call from several threads.
    std::pair<const unsigned char*, std::size_t> wkb(const GEOSGeometry* g) const;
    std::size_t size() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
}; // class Wgs84Geometries

// A new GeoJSON file (replacing `file`) with one layer for geometries made by `wgs84`, as
// tenglong's GeoJSON was written before its own writer, and is still written with
// TENGLONG_GEOJSON_WRITER=gdal (the reference of tests/e2e/geojson_writer.sh): RFC 7946 from
// GDAL's plain GeoJSON writer. The geometries come in
// WGS 84 lon/lat with the right-hand rule applied (as GDAL's RFC 7946 mode orients them) and
// every coordinate already rounded to kGeoJsonDecimals, and the layer has no CRS (so no "crs"
// member). GDAL prints each number with one "%.15g" (SIGNIFICANT_FIGURES), which gives exactly
// those 7 decimals; RFC7946=YES would copy every feature, fields and geometry, once more (14 % of
// the GeoJSON writers' CPU on a county), and its COORDINATE_PRECISION path formats through a
// std::ostringstream per coordinate and drops a last digit now and then (119.8000007 → 119.8).
// IoError when GDAL cannot create it or `wgs84` is not valid.
struct GeoJsonFile {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
}; // struct GeoJsonFile
GeoJsonFile create_geojson(const std::string& layer_name, const Wgs84Geometries& wgs84, const std::filesystem::path& file);

} // namespace tl::report
