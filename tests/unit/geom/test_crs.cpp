// CRS identification, coordinate diagnosis, transformation and ellipsoidal area.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <ogr_spatialref.h>
#include <proj.h>
#include <unistd.h>

#include "core/errors.hpp"
#include "geom/crs.hpp"
#include "support/paths.hpp"

using namespace tl;
using namespace tl::geom;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The ESRI WKT that ArcGIS writes for the CGCS2000 GK family (same shape as GBKTest.prj).
std::string esri_gk(const std::string& name, const std::string& datum, double fe, double cm) {
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "PROJCS[\"%s\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"%s\",SPHEROID[\"CGCS2000\","
                  "6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION["
                  "\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",%.1f],PARAMETER[\"False_Northing\",0.0],PARAMETER["
                  "\"Central_Meridian\",%.1f],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT["
                  "\"Meter\",1.0]]",
                  name.c_str(), datum.c_str(), fe, cm);
    return buf;
}

Envelope env(double minx, double miny, double maxx, double maxy) { return Envelope{minx, miny, maxx, maxy}; }

} // namespace

TEST_CASE("identify_crs: GBKTest.prj (ESRI CGCS2000_3_Degree_GK_CM_123E) is EPSG:4550", "[geom][crs]") {
    const CrsInfo crs = identify_crs(slurp(tl::test::realdata("gbk-samples/GBKTest.prj")), "source");
    REQUIRE(crs.epsg.has_value());
    CHECK(*crs.epsg == 4550);
    CHECK(crs.projected);
    CHECK_FALSE(crs.geographic);
    CHECK(crs.linear_unit == "metre");
    CHECK(crs.transverse_mercator);
    CHECK(crs.central_meridian == Approx(123));
    CHECK(crs.false_easting_m == Approx(500000));
    CHECK(crs.label() == "EPSG:4550 CGCS2000 / 3-degree Gauss-Kruger CM 123E");
    CHECK_THAT(crs.decided_by, Catch::StartsWith("source (matched EPSG"));
}

TEST_CASE("identify_crs: the CGCS2000 Gauss-Kruger family", "[geom][crs]") {
    SECTION("zone-prefixed ESRI names") {
        CHECK(identify_crs(esri_gk("CGCS2000_3_Degree_GK_Zone_40", "D_China_2000", 40500000, 120), "source").epsg == 4528);
        CHECK(identify_crs(esri_gk("CGCS2000_3_Degree_GK_Zone_39", "D_China_2000", 39500000, 117), "source").epsg == 4527);
        CHECK(identify_crs(esri_gk("CGCS2000_3_Degree_GK_Zone_41", "D_China_2000", 41500000, 123), "source").epsg == 4529);
    }
    SECTION("CM names") {
        CHECK(identify_crs(esri_gk("CGCS2000_3_Degree_GK_CM_120E", "D_China_2000", 500000, 120), "source").epsg == 4549);
        CHECK(identify_crs(esri_gk("CGCS2000_3_Degree_GK_CM_117E", "D_China_2000", 500000, 117), "source").epsg == 4548);
    }
    SECTION("parameters only (names PROJ does not know): our own match") {
        const CrsInfo a = identify_crs(esri_gk("Custom", "D_CGCS2000_custom", 500000, 120), "source");
        CHECK(a.epsg == 4549);
        CHECK_THAT(a.decided_by, Catch::Contains("matched CGCS2000 Gauss-Kruger parameters"));
        CHECK(identify_crs(esri_gk("Custom", "D_China_2000_x", 40500000, 120), "source").epsg == 4528);
        CHECK(identify_crs(esri_gk("Custom", "unknown", 20500000, 117), "source").epsg == 4498);  // 6-degree zone 20
        // A zone prefix that does not belong to the CM is not CGCS2000 GK.
        CHECK_FALSE(identify_crs(esri_gk("Custom", "D_China_2000_x", 40500000, 123), "source").epsg.has_value());
        // A GRS80 datum that is not CGCS2000 is not matched.
        CHECK_FALSE(identify_crs(esri_gk("Custom", "D_North_American_1983_x", 500000, 120), "source").epsg.has_value());
    }
    SECTION("user strings") {
        const CrsInfo e = identify_crs("EPSG:4549", "project crs");
        CHECK(e.epsg == 4549);
        CHECK(e.name == "CGCS2000 / 3-degree Gauss-Kruger CM 120E");
        CHECK(e.decided_by == "project crs (EPSG code)");
        CHECK(identify_crs("  epsg:4490 ", "project crs").epsg == 4490);
        CHECK(identify_crs("EPSG:4490", "x").geographic);
        CHECK(identify_crs("+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs", "x").epsg == 4549);
    }
    SECTION("nonsense is a ConfigError that says what is accepted") {
        CHECK_THROWS_AS(identify_crs("EPSG:12345678", "project crs"), ConfigError);
        CHECK_THROWS_WITH(identify_crs("not a crs", "project crs"), Catch::Contains("\"not a crs\"") && Catch::Contains("EPSG:4549"));
        CHECK_THROWS_AS(identify_crs("", "project crs"), ConfigError);
    }
}

TEST_CASE("identify_crs: EPSG:4549 round trip through a shapefile .prj written by GDAL", "[geom][crs]") {
    GDALAllRegister();
    const auto dir = std::filesystem::temp_directory_path() / "tenglong_test_crs_prj";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string shp = (dir / "parcels.shp").string();
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        REQUIRE(drv);
        GDALDatasetUniquePtr ds{drv->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
        REQUIRE(ds);
        OGRSpatialReference srs;
        REQUIRE(srs.importFromEPSG(4549) == OGRERR_NONE);
        REQUIRE(ds->CreateLayer("parcels", &srs, wkbPolygon, nullptr));
    }
    const std::string prj = slurp((dir / "parcels.prj").string());
    CHECK_THAT(prj, Catch::Contains("CGCS2000_3_Degree_GK_CM_120E"));  // GDAL writes the ESRI form
    const CrsInfo crs = identify_crs(prj, "source");
    CHECK(crs.epsg == 4549);
    std::filesystem::remove_all(dir);
}

TEST_CASE("diagnose_coordinates", "[geom][crs]") {
    const CrsInfo cm120 = identify_crs("EPSG:4549", "t");
    const CrsInfo zone40 = identify_crs("EPSG:4528", "t");
    const CrsInfo geo = identify_crs("EPSG:4490", "t");

    SECTION("plausible data is ok") {
        CHECK(diagnose_coordinates(cm120, env(450000, 3300000, 460000, 3310000)).ok);
        CHECK(diagnose_coordinates(zone40, env(40450000, 3300000, 40460000, 3310000)).ok);
        CHECK(diagnose_coordinates(geo, env(120.1, 28.5, 120.4, 28.9)).ok);
        CHECK(diagnose_coordinates(cm120, Envelope{}).ok);  // empty layer
    }
    SECTION("zone-prefixed eastings in a CM-only CRS") {
        const auto d = diagnose_coordinates(cm120, env(40450000, 3300000, 40460000, 3310000));
        CHECK_FALSE(d.ok);
        CHECK(d.problem == "zone_prefixed");
        CHECK(d.suggested_epsg == 4528);
        CHECK_THAT(d.explanation, Catch::Contains("EPSG:4528") && Catch::Contains("zone prefix 40"));
        CHECK(diagnose_coordinates(cm120, env(39450000, 3300000, 39460000, 3310000)).suggested_epsg == 4527);
        CHECK(diagnose_coordinates(cm120, env(41450000, 3300000, 41460000, 3310000)).suggested_epsg == 4529);
    }
    SECTION("6-digit eastings in a zone-prefixed CRS") {
        const auto d = diagnose_coordinates(zone40, env(450000, 3300000, 460000, 3310000));
        CHECK_FALSE(d.ok);
        CHECK(d.problem == "missing_zone_prefix");
        CHECK(d.suggested_epsg == 4549);
    }
    SECTION("north-first (surveying X/Y order)") {
        const auto d = diagnose_coordinates(cm120, env(3300000, 450000, 3310000, 460000));
        CHECK_FALSE(d.ok);
        CHECK(d.problem == "north_first");
        CHECK_THAT(d.explanation, Catch::Contains("swap"));
        CHECK(diagnose_coordinates(zone40, env(3300000, 40450000, 3310000, 40460000)).problem == "north_first");
    }
    SECTION("degrees in a projected CRS, metres in a geographic one") {
        const auto d = diagnose_coordinates(cm120, env(120.1, 28.5, 120.4, 28.9));
        CHECK(d.problem == "degrees_in_projected");
        CHECK(d.suggested_epsg == 4490);
        const auto m = diagnose_coordinates(geo, env(450000, 3300000, 460000, 3310000));
        CHECK(m.problem == "metres_in_geographic");
        CHECK_FALSE(m.suggested_epsg.has_value());  // never guess the CM from 6-digit eastings
        CHECK(diagnose_coordinates(geo, env(40450000, 3300000, 40460000, 3310000)).suggested_epsg == 4528);
    }
}

TEST_CASE("Transformer: EPSG:4549 -> EPSG:4326 against cs2cs", "[geom][crs]") {
    // Computed on Debian 12 with PROJ 9.1.1 (x/y swapped to cs2cs's EPSG axis order):
    //   echo "3300000 450000" | cs2cs -d 10 EPSG:4549 EPSG:4326
    //   29.8175420823  119.4827388069 0.0000000000
    const Transformer t{identify_crs("EPSG:4549", "t"), identify_crs("EPSG:4326", "t")};
    CHECK_FALSE(t.is_identity());
    double x = 450000, y = 3300000;
    t.transform_point(x, y);
    CHECK(x == Approx(119.4827388069).margin(1e-9));  // 1e-9° ≈ 0.1 mm
    CHECK(y == Approx(29.8175420823).margin(1e-9));

    const Transformer back{identify_crs("EPSG:4326", "t"), identify_crs("EPSG:4549", "t")};
    back.transform_point(x, y);
    CHECK(x == Approx(450000).margin(1e-4));
    CHECK(y == Approx(3300000).margin(1e-4));

    GeosContext c;
    GeomPtr g = from_wkt(c, "POLYGON ((450000 3300000, 450100 3300000, 450100 3300100, 450000 3300000))");
    GeomPtr ll = t.transform(c, g.get());
    const Envelope e = envelope(c, ll.get());
    CHECK(e.minx == Approx(119.4827388069).margin(1e-9));
    CHECK(e.miny == Approx(29.8175420823).margin(1e-9));

    double nx = std::nan(""), ny = 1;
    CHECK_THROWS_AS(t.transform_point(nx, ny), DataError);
    GeomPtr far = from_wkt(c, "POINT (1e30 1e30)");
    CHECK_THROWS_AS(t.transform(c, far.get()), DataError);

    const Transformer same{identify_crs("EPSG:4549", "a"), identify_crs("EPSG:4549", "b")};
    CHECK(same.is_identity());
    CHECK(Transformer(CrsInfo{}, CrsInfo{}).is_identity());
    CHECK_THROWS_WITH(Transformer(CrsInfo{}, identify_crs("EPSG:4549", "a")),
                      Catch::StartsWith("cannot transform from (unnamed CRS) to EPSG:4549"));
}

TEST_CASE("ellipsoidal_area_m2: 1 km squares near CM 120E at 30N", "[geom][crs]") {
    GeosContext c;
    const CrsInfo cm120 = identify_crs("EPSG:4549", "t");
    const Transformer to_gk{cgcs2000_geographic(), cm120};
    double e0 = 120.0, n0 = 30.0;
    to_gk.transform_point(e0, n0);
    CHECK(e0 == Approx(500000).margin(1e-6));

    // Gauss-Kruger (k0 = 1) enlarges lengths by k ≈ 1 + E²/(2 R²) at a distance E from the CM
    // (R² = M·N, the Gaussian radius of curvature at 30°N), so a planar area is k² times the
    // ellipsoidal one. Tolerance 2e-6 relative: the neglected higher-order terms (E⁴/R⁴ ≈ 3e-7
    // at 1.5°) and the variation of k across the 1 km square.
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    const double phi = 30.0 * M_PI / 180.0;
    const double w = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double r2 = (a * (1 - e2) / std::pow(w, 1.5)) * (a / std::sqrt(w));

    for (double offset_m : {0.0, 144500.0}) {  // on the CM; about 1.5° east
        const double x = e0 + offset_m - 500, y = n0 - 500;
        char wkt[256];
        std::snprintf(wkt, sizeof wkt, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", x, y, x + 1000, y,
                      x + 1000, y + 1000, x, y + 1000, x, y);
        GeomPtr sq = from_wkt(c, wkt);
        const double planar = area(c, sq.get());
        const double ellipsoidal = ellipsoidal_area_m2(c, sq.get(), cm120);
        const double k = 1 + offset_m * offset_m / (2 * r2);
        INFO("offset " << offset_m << " m: planar " << planar << ", ellipsoidal " << ellipsoidal);
        CHECK(planar == Approx(1e6));
        CHECK(planar / ellipsoidal == Approx(k * k).epsilon(2e-6));
        if (offset_m > 0) CHECK(planar / ellipsoidal - 1 == Approx(5.1e-4).epsilon(0.05));  // domain.md: +0.05 % at 1.5°
    }

    // Holes are subtracted; a geometry already in CGCS2000 lon/lat works too.
    const double x = e0 - 500, y = n0 - 500;
    char wkt[512];
    std::snprintf(wkt, sizeof wkt,
                  "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f), (%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))",
                  x, y, x + 1000, y, x + 1000, y + 1000, x, y + 1000, x, y, x + 250, y + 250, x + 750, y + 250, x + 750, y + 750,
                  x + 250, y + 750, x + 250, y + 250);
    GeomPtr holed = from_wkt(c, wkt);
    CHECK(ellipsoidal_area_m2(c, holed.get(), cm120) == Approx(750000).epsilon(1e-6));
    const Transformer to_ll{cm120, cgcs2000_geographic()};
    GeomPtr ll = to_ll.transform(c, holed.get());
    CHECK(ellipsoidal_area_m2(c, ll.get(), cgcs2000_geographic()) == Approx(750000).epsilon(1e-6));
}

TEST_CASE("GBKTest.shp: real CM 123E data fits its identified CRS", "[geom][crs][realdata]") {
    GDALAllRegister();
    const std::string path = tl::test::realdata("gbk-samples/GBKTest.shp");
    GDALDatasetUniquePtr ds{GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY)};
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    REQUIRE(layer);
    OGREnvelope e;
    REQUIRE(layer->GetExtent(&e, TRUE) == OGRERR_NONE);
    char* wkt = nullptr;
    REQUIRE(layer->GetSpatialRef());
    layer->GetSpatialRef()->exportToWkt(&wkt);
    const CrsInfo crs = identify_crs(wkt, "source");
    CPLFree(wkt);
    CHECK(crs.epsg == 4550);
    const auto d = diagnose_coordinates(crs, Envelope{e.MinX, e.MinY, e.MaxX, e.MaxY});
    INFO(d.explanation);
    CHECK(d.ok);
    // Its points lie around 122–124°E, 42.3–42.9°N (Liaoning).
    const Transformer t{crs, cgcs2000_geographic()};
    double x = e.MinX, y = e.MinY;
    t.transform_point(x, y);
    CHECK(x > 122.0);
    CHECK(x < 124.0);
    CHECK(y > 42.0);
    CHECK(y < 43.0);
}

TEST_CASE("PROJ's own log reaches last_proj_message, not stderr", "[geom][crs]") {
    // Without route_proj_logging PROJ's default logger writes "proj_create: unrecognized format /
    // unknown name" to stderr from any context without a logger of its own.
    route_proj_logging();
    std::FILE* captured = std::tmpfile();
    REQUIRE(captured);
    std::fflush(stderr);
    const int saved = ::dup(2);
    ::dup2(::fileno(captured), 2);
    PJ_CONTEXT* ctx = proj_context_create();   // a fresh context copies the default one's logger
    PJ* p = proj_create(ctx, "this is no CRS");
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    CHECK(p == nullptr);
    proj_destroy(p);
    proj_context_destroy(ctx);
    std::rewind(captured);
    std::string printed;
    for (int ch; (ch = std::fgetc(captured)) != EOF;) printed += static_cast<char>(ch);
    std::fclose(captured);
    CHECK(printed.empty());
    CHECK_THAT(last_proj_message(), Catch::Contains("proj_create"));
}

// The Gauss-Kruger path (∫∫ dA / k² from the grid coordinates, no PROJ per vertex) against the
// geodesic path on the same polygon densified to 10 m edges (so that straight grid edges and
// geodesic edges bound the same region to far below the tolerance): squares of 1 and 20 km, a
// long thin strip and an L with a hole, on the CM, 1.5° east and 1.5° west, in CM-only,
// zone-prefixed 3° and 6° CRSs. A wrong scale factor or moment shows as 1e-4 or more.
TEST_CASE("ellipsoidal_area_m2: Gauss-Kruger grid path equals the densified geodesic", "[geom][crs]") {
    GeosContext c;
    struct Case { const char* epsg; double lon, lat; };
    for (const Case& cs : {Case{"EPSG:4549", 120.0, 30.0}, Case{"EPSG:4549", 121.5, 27.2}, Case{"EPSG:4549", 118.5, 31.0},
                           Case{"EPSG:4528", 121.4, 29.5}, Case{"EPSG:4497", 113.8, 35.0}}) {
        const CrsInfo gk = identify_crs(cs.epsg, "t");
        REQUIRE(cgcs2000_gauss_kruger(gk));
        const Transformer to_gk{cgcs2000_geographic(), gk}, to_ll{gk, cgcs2000_geographic()};
        double x = cs.lon, y = cs.lat;
        to_gk.transform_point(x, y);
        char wkt[1024];
        std::vector<std::string> shapes;
        for (double side : {1000.0, 20000.0}) {
            std::snprintf(wkt, sizeof wkt, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", x, y, x + side, y,
                          x + side, y + side, x, y + side, x, y);
            shapes.emplace_back(wkt);
        }
        std::snprintf(wkt, sizeof wkt, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", x, y, x + 15000, y + 3000,
                      x + 15010, y + 3040, x + 10, y + 40, x, y);
        shapes.emplace_back(wkt);
        std::snprintf(wkt, sizeof wkt,
                      "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f), "
                      "(%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))",
                      x, y, x + 3000, y, x + 3000, y + 800, x + 900, y + 800, x + 900, y + 2500, x, y + 2500, x, y,
                      x + 100, y + 100, x + 600, y + 300, x + 200, y + 700, x + 100, y + 100);
        shapes.emplace_back(wkt);
        for (const auto& w : shapes) {
            GeomPtr g = from_wkt(c, w);
            GeomPtr dense = own(c, GEOSDensify_r(c.get(), g.get(), 10.0), "densify");
            const double geodesic = ellipsoidal_area_m2(c, dense.get(), to_ll);
            const double grid = gauss_kruger_ellipsoidal_area_m2(c, g.get(), gk);
            INFO(cs.epsg << " at " << cs.lon << "E: " << w << ": geodesic " << geodesic << ", grid " << grid);
            CHECK(std::fabs(grid - geodesic) / geodesic < 1e-9);
            CHECK(ellipsoidal_area_m2(c, g.get(), gk) == grid);   // the CRS overload takes this path
            if (cs.lon != 120.0) CHECK(std::fabs(area(c, g.get()) - grid) / grid > 1e-5);   // not the planar area (off the CM)
        }
    }
    // A zero-area sliver is 0 (the geodesic path gives rounding noise of 1e-4 m² there).
    const CrsInfo cm120 = identify_crs("EPSG:4549", "t");
    GeomPtr sliver = from_wkt(c, "POLYGON ((500000 3300000, 500100 3300000, 500200 3300000, 500000 3300000))");
    CHECK(ellipsoidal_area_m2(c, sliver.get(), cm120) == 0);
}

TEST_CASE("ellipsoidal_area_m2: other CRSs keep the geodesic path", "[geom][crs]") {
    CHECK(cgcs2000_gauss_kruger(identify_crs("EPSG:4549", "t")));
    CHECK(cgcs2000_gauss_kruger(identify_crs("EPSG:4513", "t")));
    CHECK(cgcs2000_gauss_kruger(identify_crs("EPSG:4491", "t")));
    CHECK(cgcs2000_gauss_kruger(identify_crs("EPSG:4554", "t")));
    CHECK_FALSE(cgcs2000_gauss_kruger(identify_crs("EPSG:4490", "t")));    // geographic
    CHECK_FALSE(cgcs2000_gauss_kruger(identify_crs("EPSG:32651", "t")));   // UTM 51N: TM, WGS 84, k0 0.9996
    CHECK_FALSE(cgcs2000_gauss_kruger(identify_crs("EPSG:2385", "t")));    // Xian 1980 GK CM 120E: another ellipsoid
    // UTM 51N (TM, but k0 = 0.9996 and WGS 84) near 120.5E 30N: the geodesic path.
    GeosContext c;
    const CrsInfo utm = identify_crs("EPSG:32651", "t");
    const Transformer to_utm{cgcs2000_geographic(), utm};
    double x = 120.5, y = 30.0;
    to_utm.transform_point(x, y);
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", x, y, x + 1000, y, x + 1000,
                  y + 1000, x, y + 1000, x, y);
    GeomPtr sq = from_wkt(c, wkt);
    const Transformer to_ll{utm, cgcs2000_geographic()};
    CHECK(ellipsoidal_area_m2(c, sq.get(), utm) == ellipsoidal_area_m2(c, sq.get(), to_ll));
}
