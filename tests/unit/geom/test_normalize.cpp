// normalize: every rule of geom/normalize.hpp on a hand-built RawLayer, with the exact issues
// and the counts that must reconcile (read = used + rejected).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "core/errors.hpp"
#include "geom/normalize.hpp"

using namespace tl;
using namespace tl::geom;

namespace {

// ISO WKB with Z kept (geom::to_wkb writes 2D, as the pipeline wants).
std::string wkb_3d(GeosContext& c, const GEOSGeometry* g) {
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(c.get());
    GEOSWKBWriter_setOutputDimension_r(c.get(), w, 3);
    GEOSWKBWriter_setFlavor_r(c.get(), w, GEOS_WKB_ISO);
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(c.get(), w, g, &size);
    std::string out(reinterpret_cast<const char*>(buf), size);
    GEOSFree_r(c.get(), buf);
    GEOSWKBWriter_destroy_r(c.get(), w);
    return out;
}

io::RawFeature feature(GeosContext& c, std::int64_t fid, const std::string& id, const std::string& wkt) {
    io::RawFeature f;
    f.fid = fid;
    if (!wkt.empty()) f.wkb = wkb_3d(c, from_wkt(c, wkt).get());
    f.values = {id, std::string{"owner"}};
    return f;
}

// A square polygon whose vertex `vertex` has x = NaN (WKB: 1 order + 4 type + 4 rings + 4 points).
io::RawFeature nan_feature(GeosContext& c, std::int64_t fid, const std::string& id, const std::string& wkt, int vertex) {
    io::RawFeature f = feature(c, fid, id, wkt);
    const double v = std::numeric_limits<double>::quiet_NaN();
    std::memcpy(f.wkb.data() + 13 + 16 * vertex, &v, sizeof v);
    return f;
}

io::RawLayer parcels_layer() {
    io::RawLayer raw;
    raw.name = "parcels";
    raw.driver = "ESRI Shapefile";
    raw.spec.name = "parcels";
    raw.spec.source = "/data/county/parcels.shp";
    raw.keys = {"id", "owner", "land_use"};
    raw.columns = {"ZDDM", "QLRMC", ""};
    return raw;
}

// A square of side `s` with its lower-left corner at (x, y).
std::string square(double x, double y, double s) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", x, y, x + s, y, x + s, y + s,
                  x, y + s, x, y);
    return buf;
}

std::vector<Issue> issues_of(const IssueLog& log, const std::string& kind) {
    std::vector<Issue> out;
    for (auto& i : log.sorted()) {
        if (i.kind == kind) out.push_back(i);
    }
    return out;
}

} // namespace

TEST_CASE("normalize: every per-feature rule, exact issues and counts", "[geom][normalize]") {
    GeosContext c;
    const CrsInfo crs = identify_crs("EPSG:4549", "project crs");
    const double X = 500000, Y = 3300000;

    io::RawLayer raw = parcels_layer();
    raw.features.push_back(feature(c, 0, "A", square(X, Y, 100)));                    // good
    raw.features.push_back(feature(c, 1, "B", ""));                                   // no geometry
    raw.features.push_back(feature(c, 2, "C", "POLYGON EMPTY"));                      // empty
    raw.features.push_back(feature(c, 3, "D", "POLYGON ((500000 3300000, 500010 3300010, 500010 3300000, 500000 3300010, 500000 3300000))"));  // bow-tie
    raw.features.push_back(feature(c, 4, "E", "POLYGON ((500200 3300000, 500300 3300000, 500300 3300100, 500200 3300100, 500200 3300000), "
                                              "(500400 3300010, 500410 3300010, 500410 3300020, 500400 3300020, 500400 3300010))"));  // hole outside shell
    raw.features.push_back(feature(c, 5, "A", square(X + 1000, Y, 50)));              // duplicate id of fid 0
    raw.features.push_back(feature(c, 6, "G", "POINT (500000 3300000)"));             // point in a polygon layer
    raw.features.push_back(feature(c, 7, "H", "POLYGON Z ((500500 3300000 12, 500510 3300000 12, 500510 3300010 13, 500500 3300010 12, 500500 3300000 12))"));
    raw.features.push_back(nan_feature(c, 8, "I", square(X + 2000, Y, 10), 1));   // NaN in the middle of a ring
    {
        io::RawFeature junk;
        junk.fid = 9;
        junk.wkb = std::string("\x01\x03\x00\x00\x00\xff\xff", 7);
        junk.values = {std::string{"J"}, std::nullopt};
        raw.features.push_back(std::move(junk));
    }
    raw.features.push_back(feature(c, 10, "K", square(X + 3000, Y, 0.5)));          // 0.25 m²: sliver
    raw.features.push_back(feature(c, 11, "L", "POLYGON ((500000 3300000, 500010 3300000, 500020 3300000, 500000 3300000))"));  // collapsed
    raw.features.push_back(nan_feature(c, 12, "M", square(X + 4000, Y, 10), 0));  // NaN first point: the ring does not close
    // Out of FID order on input: the result is in FID order.
    std::swap(raw.features[0], raw.features[5]);

    IssueLog log;
    Layer layer = normalize(c, std::move(raw), crs, crs, NormalizeOptions{}, log);

    // counts reconcile
    CHECK(layer.counts.read == 13);
    CHECK(layer.counts.used == 6);
    CHECK(layer.counts.rejected == 7);
    CHECK(layer.counts.repaired == 2);
    CHECK(layer.counts.reconciles());

    // used features in FID order, polygonal, valid, 2D
    std::vector<std::int64_t> fids;
    for (const auto& f : layer.features) {
        fids.push_back(f.fid);
        const int t = GEOSGeomTypeId_r(c.get(), f.geom.get());
        CHECK((t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON));
        CHECK(check_validity(c, f.geom.get()).valid);
        CHECK(GEOSHasZ_r(c.get(), f.geom.get()) == 0);
        CHECK(f.area_m2 == Approx(area(c, f.geom.get())));
    }
    CHECK(fids == std::vector<std::int64_t>{0, 3, 4, 5, 7, 10});
    CHECK(layer.features[0].id == "A");
    CHECK(layer.features[0].area_m2 == Approx(10000));
    CHECK(layer.features[0].env.minx == Approx(X));
    CHECK(layer.features[0].env.maxy == Approx(Y + 100));
    CHECK_FALSE(layer.features[0].repaired);
    CHECK(layer.features[1].repaired);                    // bow-tie: two triangles of 25 m²
    CHECK(layer.features[1].area_m2 == Approx(50));
    CHECK(layer.features[2].repaired);                    // the stray hole does not cut the shell
    CHECK(layer.features[2].area_m2 == Approx(10000));
    CHECK(layer.features[4].area_m2 == Approx(100));
    CHECK(layer.keys == std::vector<std::string>{"id", "owner", "land_use"});
    CHECK(layer.bound == std::vector<bool>{true, true, false});
    CHECK(layer.has_column("owner"));
    CHECK_FALSE(layer.has_column("land_use"));

    // the issues, exactly
    const auto by_kind = log.count_by_kind("parcels");
    const std::map<std::string, std::int64_t> expected{
        {"empty_geometry", 2},      {"invalid_geometry", 2},      {"duplicate_id", 1}, {"wrong_geometry_type", 1},
        {"non_finite_coordinates", 2}, {"unreadable_geometry", 1}, {"sliver", 1},        {"unrepairable_geometry", 1},
        {"dropped_z", 1}};
    CHECK(by_kind == expected);
    CHECK(log.size() == 12);

    const auto empties = issues_of(log, "empty_geometry");
    REQUIRE(empties.size() == 2);
    CHECK(empties[0].fid == 1);
    CHECK(empties[0].feature_id == "B");
    CHECK(empties[0].action == IssueAction::rejected);
    CHECK(empties[1].fid == 2);

    const auto invalid = issues_of(log, "invalid_geometry");
    REQUIRE(invalid.size() == 2);
    CHECK(invalid[0].fid == 3);
    CHECK(invalid[0].action == IssueAction::repaired);
    CHECK_THAT(invalid[0].detail, Catch::Contains("Self-intersection"));
    CHECK_THAT(invalid[0].detail, Catch::Contains("0.00 m² before, 50.00 m² after"));
    REQUIRE(invalid[0].x.has_value());
    CHECK(*invalid[0].x == Approx(500005));
    CHECK(*invalid[0].y == Approx(3300005));
    CHECK(invalid[1].fid == 4);
    CHECK_THAT(invalid[1].detail, Catch::Contains("Hole lies outside shell"));
    CHECK_THAT(invalid[1].detail, Catch::Contains("10000.00 m² after"));

    const auto dup = issues_of(log, "duplicate_id");
    REQUIRE(dup.size() == 1);
    CHECK(dup[0].fid == 5);
    CHECK(dup[0].feature_id == "A");
    CHECK(dup[0].action == IssueAction::kept);
    CHECK_THAT(dup[0].detail, Catch::Contains("fid 0"));

    CHECK(issues_of(log, "wrong_geometry_type")[0].fid == 6);
    CHECK_THAT(issues_of(log, "wrong_geometry_type")[0].detail, Catch::Contains("Point"));
    const auto nan = issues_of(log, "non_finite_coordinates");
    REQUIRE(nan.size() == 2);
    CHECK(nan[0].fid == 8);
    CHECK(nan[1].fid == 12);
    CHECK_THAT(nan[1].detail, Catch::Contains("nan"));
    CHECK(issues_of(log, "unreadable_geometry")[0].fid == 9);
    CHECK(issues_of(log, "unreadable_geometry")[0].action == IssueAction::rejected);
    CHECK(issues_of(log, "sliver")[0].fid == 10);
    CHECK(issues_of(log, "sliver")[0].action == IssueAction::note);
    CHECK(issues_of(log, "unrepairable_geometry")[0].fid == 11);
    CHECK(issues_of(log, "unrepairable_geometry")[0].action == IssueAction::rejected);
    const auto z = issues_of(log, "dropped_z");
    REQUIRE(z.size() == 1);
    CHECK(z[0].fid == -1);
    CHECK_THAT(z[0].detail, Catch::StartsWith("1 feature(s)"));

    // stats for inspect
    CHECK(layer.stats.dropped_z == 1);
    CHECK(layer.stats.duplicate_ids == 1);
    CHECK(layer.stats.slivers == 1);
    CHECK(layer.stats.multipart == 1);   // the repaired bow-tie
    CHECK(layer.stats.with_holes == 0);
    CHECK(layer.stats.invalid_by_reason.at("Self-intersection") == 2);  // the bow-tie and the collapsed ring
    CHECK(layer.stats.invalid_by_reason.at("Hole lies outside shell") == 1);
    CHECK(layer.stats.rejected_by_kind.at("empty_geometry") == 2);
    std::int64_t rejected = 0;
    for (const auto& [kind, n] : layer.stats.rejected_by_kind) rejected += n;
    CHECK(rejected == layer.counts.rejected);
}

TEST_CASE("normalize: reprojects into the working CRS", "[geom][normalize]") {
    GeosContext c;
    // Zone-prefixed CGCS2000 zone 40 and CM 120E differ only by the 40 000 000 m prefix.
    const CrsInfo zone40 = identify_crs("EPSG:4528", "source");
    const CrsInfo cm120 = identify_crs("EPSG:4549", "project crs");
    io::RawLayer raw = parcels_layer();
    raw.features.push_back(feature(c, 0, "A", square(40500000, 3300000, 100)));
    raw.features.push_back(feature(c, 1, "B", "MULTIPOLYGON (((40500200 3300000, 40500300 3300000, 40500300 3300100, 40500200 3300000)), "
                                               "((40500400 3300000, 40500500 3300000, 40500500 3300100, 40500400 3300000)))"));
    raw.features.push_back(feature(c, 2, "C", "POLYGON ((40500000 3300000, 40500100 3300000, 40500100 3300100, 40500000 3300100, 40500000 3300000), "
                                               "(40500010 3300010, 40500020 3300010, 40500020 3300020, 40500010 3300010))"));
    IssueLog log;
    Layer layer = normalize(c, std::move(raw), zone40, cm120, NormalizeOptions{}, log);
    CHECK(log.size() == 0);
    REQUIRE(layer.features.size() == 3);
    CHECK(layer.features[0].env.minx == Approx(500000).margin(1e-6));
    CHECK(layer.features[0].env.miny == Approx(3300000).margin(1e-6));
    CHECK(layer.features[0].area_m2 == Approx(10000).epsilon(1e-9));
    CHECK(layer.stats.multipart == 1);
    CHECK(layer.stats.with_holes == 1);
    CHECK(layer.crs.epsg == 4549);
    CHECK(layer.source_crs.epsg == 4528);
}

TEST_CASE("normalize: tables pass through without geometry", "[geom][normalize]") {
    GeosContext c;
    io::RawLayer raw;
    raw.name = "enterprises";
    raw.is_table = true;
    raw.keys = {"id", "tax"};
    raw.columns = {"QYDM", "SS"};
    for (int i = 0; i < 3; ++i) {
        io::RawFeature f;
        f.fid = i;
        f.values = {std::string{"E1"}, std::to_string(100 * i)};  // the same enterprise, three years
        raw.features.push_back(std::move(f));
    }
    IssueLog log;
    Layer layer = normalize(c, std::move(raw), CrsInfo{}, CrsInfo{}, NormalizeOptions{}, log);
    CHECK(layer.is_table);
    CHECK(layer.counts.read == 3);
    CHECK(layer.counts.used == 3);
    CHECK(log.size() == 0);
    CHECK_FALSE(layer.features[0].geom);
    CHECK(layer.number(2, "tax") == Approx(200));
}

TEST_CASE("layer_crs: project first, then source, else a DataError naming the fix", "[geom][normalize][crs]") {
    io::RawLayer raw = parcels_layer();
    try {
        (void)layer_crs(raw);
        FAIL("no DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()) == "parcels.shp: layer has no CRS (.prj missing); set crs = \"EPSG:4549\" for it in the project file");
    }

    raw.source_srs_wkt = identify_crs("EPSG:4550", "test").wkt;
    CrsInfo from_source = layer_crs(raw);
    CHECK(from_source.epsg == 4550);
    CHECK_THAT(from_source.decided_by, Catch::StartsWith("source"));

    raw.spec.crs = "EPSG:4549";
    CrsInfo from_project = layer_crs(raw);
    CHECK(from_project.epsg == 4549);
    CHECK_THAT(from_project.decided_by, Catch::StartsWith("project crs"));

    raw.spec.crs = "EPSG:99999999";
    CHECK_THROWS_AS(layer_crs(raw), ConfigError);
    try {
        (void)layer_crs(raw);
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Catch::Contains("[layers.parcels] crs"));
        CHECK_THAT(e.what(), Catch::Contains("EPSG:99999999"));
    }
}

TEST_CASE("normalize: coordinates that do not fit the CRS stop the layer with the fix", "[geom][normalize][crs]") {
    GeosContext c;
    const CrsInfo cm120 = identify_crs("EPSG:4549", "source");
    const auto layer_with = [&](const std::string& wkt) {
        io::RawLayer raw = parcels_layer();
        raw.features.push_back(feature(c, 0, "A", wkt));
        raw.features.push_back(feature(c, 1, "B", ""));  // rejected before the check: does not disturb it
        return raw;
    };
    NormalizeOptions stop;
    stop.stop_on_bad_coordinates = true;
    SECTION("zone-prefixed eastings in a CM 120E layer") {
        IssueLog log;
        try {
            (void)normalize(c, layer_with(square(40500000, 3300000, 100)), cm120, cm120, stop, log);
            FAIL("no DataError");
        } catch (const DataError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("parcels.shp: eastings"));
            CHECK_THAT(e.what(), Catch::Contains("set crs = \"EPSG:4528\""));
        }
        Layer layer = normalize(c, layer_with(square(40500000, 3300000, 100)), cm120, cm120, NormalizeOptions{}, log);
        CHECK_FALSE(layer.coordinates.ok);
        CHECK(layer.coordinates.problem == "zone_prefixed");
        CHECK(layer.coordinates.suggested_epsg == 4528);
        CHECK(layer.counts.reconciles());
    }
    SECTION("north-first") {
        IssueLog log;
        CHECK_THROWS_WITH(normalize(c, layer_with(square(3300000, 500000, 100)), cm120, cm120, stop, log),
                          Catch::Contains("northing first"));
    }
    SECTION("plausible coordinates pass") {
        IssueLog log;
        Layer layer = normalize(c, layer_with(square(500000, 3300000, 100)), cm120, cm120, stop, log);
        CHECK(layer.coordinates.ok);
        CHECK(layer.counts.used == 1);
        CHECK(layer.counts.rejected == 1);
    }
}

TEST_CASE("normalize: 20 000 parcels, reprojected, some invalid (timing)", "[geom][normalize][.slow]") {
    GeosContext c;
    io::RawLayer raw = parcels_layer();
    for (int i = 0; i < 20000; ++i) {
        const double x = 40450000 + 60.0 * (i % 200), y = 3300000 + 60.0 * (i / 200);
        const std::string wkt = i % 50 == 0 ? "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 50) + " " +
                                                  std::to_string(y + 50) + ", " + std::to_string(x + 50) + " " + std::to_string(y) + ", " +
                                                  std::to_string(x) + " " + std::to_string(y + 50) + ", " + std::to_string(x) + " " +
                                                  std::to_string(y) + "))"
                                            : square(x, y, 50);
        raw.features.push_back(feature(c, i, "P" + std::to_string(i), wkt));
    }
    IssueLog log;
    const auto t0 = std::chrono::steady_clock::now();
    Layer layer = normalize(c, std::move(raw), identify_crs("EPSG:4528", "s"), identify_crs("EPSG:4549", "w"), NormalizeOptions{}, log);
    const auto t1 = std::chrono::steady_clock::now();
    double ell = 0;
    for (const auto& f : layer.features) ell += ellipsoidal_area_m2(c, f.geom.get(), layer.crs);
    const auto t2 = std::chrono::steady_clock::now();
    WARN("normalize " << std::chrono::duration<double>(t1 - t0).count() << " s, ellipsoidal areas "
                      << std::chrono::duration<double>(t2 - t1).count() << " s");
    CHECK(layer.counts.used == 20000);
    CHECK(layer.counts.repaired == 400);
    CHECK(ell > 0);
}

TEST_CASE("normalize: absurd finite coordinates (1e300) reject the feature, not the layer", "[geom][normalize][crs]") {
    // A broken export wrote 1e300: the feature is no place on Earth. It must neither reach PROJ
    // and the writers (GDAL fails there with its own stderr lines) nor spoil the layer's extent
    // for the CRS diagnosis (stop_on_bad_coordinates stays quiet about the good parcels).
    GeosContext c;
    const CrsInfo cm120 = identify_crs("EPSG:4549", "source");
    io::RawLayer raw = parcels_layer();
    raw.features.push_back(feature(c, 0, "A", square(500000, 3300000, 100)));
    raw.features.push_back(feature(c, 1, "B", "POLYGON ((1e300 1e300, 2e300 1e300, 2e300 2e300, 1e300 1e300))"));
    raw.features.push_back(feature(c, 2, "C", square(500000, -2e8, 100)));   // beyond 1e8 m
    raw.features.push_back(feature(c, 3, "D", square(40500000, 3300000, 100)));   // large but plausible: diagnosed, not rejected
    NormalizeOptions opts;
    IssueLog log;
    Layer layer = normalize(c, std::move(raw), cm120, cm120, opts, log);
    const auto out = issues_of(log, "coordinates_out_of_range");
    REQUIRE(out.size() == 2);
    CHECK(out[0].fid == 1);
    CHECK(out[0].action == IssueAction::rejected);
    CHECK_THAT(out[0].detail, Catch::Contains("1e+300"));
    CHECK_THAT(out[0].detail, Catch::Contains("EPSG:4549"));
    CHECK(out[1].fid == 2);
    CHECK(layer.counts.read == 4);
    CHECK(layer.counts.used == 2);
    CHECK(layer.counts.rejected == 2);
    CHECK(layer.counts.reconciles());
    CHECK(plausible_coordinate(4.6e7, 3.3e6));
    CHECK_FALSE(plausible_coordinate(1e300, 0));
    CHECK_FALSE(plausible_coordinate(std::nan(""), 0));
    // The diagnosis of an absurd extent says nothing (and must not overflow an int conversion).
    CHECK(diagnose_coordinates(cm120, Envelope{1e300, 1e300, 2e300, 2e300}).ok);
}
