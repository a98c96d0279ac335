// report/geojson_writer: tenglong's own streaming GeoJSON writer against GDAL's driver (issue 23
// decision 2). One table of awkward values — Chinese, quotes, backslashes, newlines, control
// characters, null and NaN, negative, 1e-9, huge and int64-extreme numbers, empty and null
// geometries, a clockwise ring, multipolygons with holes, points — written by both, read back
// through GDAL: the same fields and types, features, values and coordinates. With TL_GEOJSON_OUT
// set, the files are left there (tests/e2e/geojson_writer.sh validates ours with
// @placemarkio/check-geojson and compares both again with the Python bindings).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include "geom/crs.hpp"
#include "io/gdal.hpp"
#include "report/geojson_writer.hpp"
#include "report/table.hpp"
#include "report/wgs84.hpp"

using namespace tl;
namespace fs = std::filesystem;

namespace {

fs::path out_dir() {
    if (const char* d = std::getenv("TL_GEOJSON_OUT")) {
        fs::create_directories(d);
        return d;
    }
    fs::path p = fs::temp_directory_path() / ("tl_report_geojson_" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct ReadBack {
    std::vector<std::pair<std::string, OGRFieldType>> fields;
    std::vector<std::vector<std::string>> values;   // per feature: each field as text ("<null>"), numbers %.17g
    std::vector<std::string> geometries;            // ISO WKB as hex, "<null>"
};

ReadBack read_back(const fs::path& file) {
    ReadBack r;
    const char* drivers[] = {"GeoJSON", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
    REQUIRE(ds);
    REQUIRE(ds->GetLayerCount() == 1);
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) r.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef(), defn->GetFieldDefn(i)->GetType());
    for (auto& f : *layer) {
        std::vector<std::string> row;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!f->IsFieldSetAndNotNull(i)) { row.push_back("<null>"); continue; }
            const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
            char buf[64];
            if (t == OFTReal) { std::snprintf(buf, sizeof buf, "%.17g", f->GetFieldAsDouble(i)); row.push_back(buf); }
            else if (t == OFTInteger || t == OFTInteger64) row.push_back(std::to_string(f->GetFieldAsInteger64(i)));
            else row.push_back(f->GetFieldAsString(i));
        }
        r.values.push_back(std::move(row));
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g) { r.geometries.push_back("<null>"); continue; }
        std::vector<unsigned char> wkb(g->WkbSize());
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        std::string hex;
        for (unsigned char b : wkb) { char h[3]; std::snprintf(h, sizeof h, "%02x", b); hex += h; }
        r.geometries.push_back(hex);
    }
    return r;
}

} // namespace

TEST_CASE("GeoJSON strings: escapes, UTF-8 kept, a broken sequence is U+FFFD", "[report]") {
    fmt::memory_buffer b;
    report::append_json_string(b, std::string("低效\"引号\"\\ 换行\n回车\r制表\t\x01\x1f end"));
    CHECK(fmt::to_string(b) == "\"低效\\\"引号\\\"\\\\ 换行\\n回车\\r制表\\t\\u0001\\u001f end\"");
    b.clear();
    report::append_json_string(b, std::string("a\xff" "b\xe4\xbd" "c\xed\xa0\x80"));   // stray byte, cut 低, a surrogate
    CHECK(fmt::to_string(b) == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    b.clear();
    report::append_json_string(b, "");
    CHECK(fmt::to_string(b) == "\"\"");
}

TEST_CASE("tenglong's GeoJSON writer: GDAL reads back what GDAL's own writer gives, awkward values included", "[report]") {
    io::gdal::ensure_registered();
    geom::GeosContext c;
    const geom::CrsInfo crs = geom::identify_crs("EPSG:4549", "test");
    using K = report::ColumnKind;
    report::Table t;
    t.name = "inefficient";
    t.columns = {{"parcel_id", "宗地代码", "parcel_id"},
                 {"township", "镇街", "township"},
                 {"count", "个数", "count", K::integer},
                 {"area_m2", "面积(m²)", "area (m²)", K::area_m2},
                 {"area_mu", "面积(亩)", "area (mu)", K::area_mu},
                 {"share", "比例", "share", K::ratio},
                 {"far", "容积率", "far", K::real, 6},
                 {"whole", "整数值实数", "whole", K::real, 0},
                 {"on", "日期", "on", K::date},
                 {"note", "说明", "note", K::text},
                 {"reason", "主要原因", "reason", K::text}};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::int64_t big = std::numeric_limits<std::int64_t>::max(), small = std::numeric_limits<std::int64_t>::min();
    std::vector<geom::GeomPtr> keep;
    auto g = [&](const char* wkt) {
        keep.push_back(geom::from_wkt(c, wkt));
        return keep.back().get();
    };
    const GEOSGeometry* square = g("POLYGON((500000 3300000,500100 3300000,500100 3300100,500000 3300100,500000 3300000))");
    const GEOSGeometry* clockwise = g("POLYGON((501000 3300000,501000 3300100,501100 3300100,501100 3300000,501000 3300000))");
    const GEOSGeometry* holes = g("MULTIPOLYGON(((502000 3300000,502300 3300000,502300 3300300,502000 3300300,502000 3300000),"
                                  "(502010 3300010,502010 3300090,502090 3300090,502090 3300010,502010 3300010),"
                                  "(502110 3300110,502190 3300110,502190 3300190,502110 3300190,502110 3300110)),"
                                  "((503000 3300000,503050 3300000,503050 3300050,503000 3300050,503000 3300000)))");
    const GEOSGeometry* empty = g("POLYGON EMPTY");
    const GEOSGeometry* point = g("POINT(500123.456789 3300987.654321)");
    const GEOSGeometry* line = g("LINESTRING(500000 3300000,500010.5 3300020.25)");
    t.add_row({std::string("330188001001JB00001"), std::string("城关镇"), std::int64_t{3}, 1918.164, 2.8772, 0.25314, 0.838,
               7.0, std::string("2023-12-31"), std::string("他说\"你好\"，路径 C:\\数据\\宗地"), std::string("第一行\n第二行\r\n\t制表")},
              square);
    t.add_row({std::string("负数 -0"), report::Cell{}, std::int64_t{-42}, -12.345, -0.001, -0.00004, -0.0, -3.0, report::Cell{},
               1e-9, std::string("\x01控制字符\x1f")},
              clockwise);
    t.add_row({std::string("huge"), std::string(""), big, 1.5e300, 9.87654321e15, 1e-9, 1e-9, 1e20, std::string(""),
               std::string("«书名号»《》 emoji 😀"), std::string("/slash/ and 'single'")},
              holes);
    t.add_row({std::string("nan"), std::string("镇"), nan, nan, nan, std::numeric_limits<double>::infinity(), nan, nan, report::Cell{},
               report::Cell{}, report::Cell{}},
              empty);
    t.add_row({std::string("min"), std::string("镇"), small, 0.0, 0.0, 0.0, 0.0, 0.0, report::Cell{}, std::int64_t{7}, 2.5}, nullptr);
    t.add_row({std::string("point"), std::string("镇"), 3.6, 1.0, 2.0, 1.0, 1.0, 1.0, report::Cell{}, report::Cell{}, report::Cell{}}, point);
    t.add_row({std::string("short row")}, line);

    report::Wgs84Geometries wgs84(crs);
    wgs84.add(c, t.geoms, 1);
    const fs::path dir = out_dir();
    for (const bool styled : {false, true}) {
        const report::GeoJsonStyle style = styled ? report::GeoJsonStyle{"inefficient", report::Lang::zh} : report::GeoJsonStyle{};
        const std::string stem = styled ? "awkward_styled" : "awkward";
        report::write_geojson(c, t, crs, dir / (stem + ".geojson"), style, &wgs84);
        report::write_geojson_gdal(c, t, crs, dir / (stem + "_gdal.geojson"), style, &wgs84);
        const ReadBack ours = read_back(dir / (stem + ".geojson")), theirs = read_back(dir / (stem + "_gdal.geojson"));
        REQUIRE(ours.fields.size() == theirs.fields.size());
        for (std::size_t i = 0; i < ours.fields.size(); ++i) {
            INFO(ours.fields[i].first);
            CHECK(ours.fields[i] == theirs.fields[i]);
        }
        REQUIRE(ours.values.size() == t.rows.size());
        REQUIRE(theirs.values.size() == t.rows.size());
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            for (std::size_t i = 0; i < ours.fields.size(); ++i) {
                INFO("row " << r << " field " << ours.fields[i].first);
                CHECK(ours.values[r][i] == theirs.values[r][i]);
            }
            INFO("row " << r << " geometry");
            CHECK(ours.geometries[r] == theirs.geometries[r]);
        }
        // Written the same twice: the same bytes.
        report::write_geojson(c, t, crs, dir / (stem + "_again.geojson"), style, &wgs84);
        CHECK(slurp(dir / (stem + ".geojson")) == slurp(dir / (stem + "_again.geojson")));
        fs::remove(dir / (stem + "_again.geojson"));
    }
    const std::string text = slurp(dir / "awkward.geojson");
    CHECK(text.rfind("{\"type\":\"FeatureCollection\",\"features\":[\n", 0) == 0);
    CHECK(text.find("\"crs\"") == std::string::npos);
    CHECK(text.find(":nan") == std::string::npos);
    CHECK(text.find("NaN") == std::string::npos);
    CHECK(text.find("Infinity") == std::string::npos);
    CHECK(text.find("\"whole\":7.0,") != std::string::npos);     // a real column stays real
    CHECK(text.find("\"far\":0.000000,") != std::string::npos);  // 1e-9 at the column's 6 decimals
    CHECK(text.find("-0.000000") == std::string::npos);          // no negative zero
    if (!std::getenv("TL_GEOJSON_OUT")) fs::remove_all(dir);
}

TEST_CASE("WGS 84 copies made in parts on several threads (the write stage's chunk tasks) equal add()'s", "[report]") {
    io::gdal::ensure_registered();
    geom::GeosContext c;
    const geom::CrsInfo crs = geom::identify_crs("EPSG:4549", "test");
    // 300 distinct squares and each listed twice (a parcel on two lists): the second sighting
    // is not pending again; a null is skipped.
    std::vector<geom::GeomPtr> keep;
    std::vector<const GEOSGeometry*> geoms;
    for (int i = 0; i < 300; ++i) {
        const double x = 500000 + 137.25 * i, y = 3300000 + 91.5 * (i % 17);
        keep.push_back(geom::from_wkt(c, "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x) + " " +
                                             std::to_string(y + 50) + "," + std::to_string(x + 40) + " " + std::to_string(y + 50) + "," +
                                             std::to_string(x) + " " + std::to_string(y) + "))"));
        geoms.push_back(keep.back().get());
    }
    std::vector<const GEOSGeometry*> listed = geoms;
    listed.push_back(nullptr);
    listed.insert(listed.end(), geoms.begin(), geoms.begin() + 100);

    report::Wgs84Geometries whole(crs);
    whole.add(c, listed, 1);
    report::Wgs84Geometries parts(crs);
    const std::size_t pending = parts.reserve(listed);
    REQUIRE(pending == geoms.size());
    CHECK(parts.pending_index(geoms[7]) == 7);
    CHECK(parts.pending_index(nullptr) == report::Wgs84Geometries::npos);
    // Before its range has run a geometry has no copy; ranges out of order, two threads at once.
    CHECK(parts.wkb(geoms[0]).first == nullptr);
    std::thread other([&] {
        geom::GeosContext c2;
        parts.transform(c2, 200, 300);
        parts.transform(c2, 0, 70);
    });
    parts.transform(c, 70, 200);
    other.join();
    CHECK(parts.size() == whole.size());
    for (const GEOSGeometry* g : geoms) {
        const auto [a, na] = whole.wkb(g);
        const auto [b, nb] = parts.wkb(g);
        REQUIRE(a != nullptr);
        REQUIRE(b != nullptr);
        CHECK(std::string(reinterpret_cast<const char*>(a), na) == std::string(reinterpret_cast<const char*>(b), nb));
    }
}
