// report/styles, report/map, report/html and report/diff: styles parsed from the embedded
// styles/categories.json, QGIS .qml text, map.geojson (merged rows, CCW rings, 7 decimals,
// lon/lat through PROJ), the HTML report's sections and "no data" states, the CSV reader of
// `diff` and the GeoPackage layer_styles table.
#include <charconv>
#include <cmath>
#include <functional>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include "geom/crs.hpp"
#include "io/gdal.hpp"
#include "report/diff.hpp"
#include "report/html.hpp"
#include "report/map.hpp"
#include "report/styles.hpp"
#include "report/wgs84.hpp"

using namespace tl;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("tl_report_map_" + name + "_" + std::to_string(::getpid()));
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

report::Table shortlist(const std::string& name, std::vector<const GEOSGeometry*> geoms) {
    report::Table t;
    t.name = name;
    t.columns = {{"batch_id", "批次编号", "batch id"},
                 {"township", "镇街", "township"},
                 {"area_m2", "面积(m²)", "area (m²)", report::ColumnKind::area_m2},
                 {"area_mu", "面积(亩)", "area (mu)", report::ColumnKind::area_mu},
                 {"rule", "规则", "rule"}};
    const char* rules[] = {"R01", "R01b", "R01"};
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        t.add_row({std::string(i < 2 ? "PC-1" : "PC-2"), std::string("城关镇"), 10000.0, 15.0, std::string(rules[i % 3])}, geoms[i]);
    }
    return t;
}

} // namespace

TEST_CASE("styles: every category of the outputs, valid colours, unique ids", "[report]") {
    const auto& cats = report::category_styles();
    std::set<std::string> ids;
    for (const auto& c : cats) {
        CHECK(ids.insert(c.id).second);
        CHECK(std::regex_match(c.fill, std::regex("#[0-9a-f]{6}")));
        CHECK(std::regex_match(c.stroke, std::regex("#[0-9a-f]{6}")));
        CHECK(c.fill_opacity >= 0);
        CHECK(c.fill_opacity <= 1);
        CHECK_FALSE(c.zh.empty());
        CHECK_FALSE(c.en.empty());
    }
    for (const char* id : {"unsupplied", "idle", "inefficient", "scattered", "control_line", "parcels", "issues", "township"}) {
        CHECK(ids.count(id) == 1);
    }
    CHECK(report::category_style("unsupplied").key == "batch_id");
    CHECK_THROWS_AS(report::category_style("nope"), Error);
    CHECK(report::mujun_class_colours().size() == 4);
}

TEST_CASE("qml: QGIS style carries the category colours and is well formed", "[report]") {
    const std::string q = report::qml_for("unsupplied");
    CHECK(q.rfind("<!DOCTYPE qgis", 0) == 0);
    CHECK(q.find("<renderer-v2 type=\"singleSymbol\"") != std::string::npos);
    CHECK(q.find("value=\"227,26,28,140\"") != std::string::npos);   // #e31a1c at 0.55
    CHECK(q.find("</qgis>") != std::string::npos);
    CHECK(report::qml_for("parcels").find("attr=\"mujun_class\"") != std::string::npos);
    CHECK(report::qml_for("issues").find("SimpleMarker") != std::string::npos);
    CHECK(report::qml_for("idle") == report::qml_for("idle"));   // deterministic
}

TEST_CASE("map.geojson: rows sharing a geometry merge, rings CCW, 7 decimals, lon/lat", "[report]") {
    io::gdal::ensure_registered();
    geom::GeosContext c;
    // Clockwise squares in EPSG:4549 (CM 120E): x = 500000 is on the central meridian.
    auto a = geom::from_wkt(c, "POLYGON((500000 3300000,500000 3300100,500100 3300100,500100 3300000,500000 3300000))");
    auto b = geom::from_wkt(c, "POLYGON((501000 3300000,501000 3300100,501100 3300100,501100 3300000,501000 3300000))");
    const report::Table t = shortlist("unsupplied", {a.get(), a.get(), b.get()});
    const geom::CrsInfo crs = geom::identify_crs("EPSG:4549", "test");
    const fs::path dir = temp_dir("map");
    report::write_map_geojson(c, {&t}, nullptr, crs, report::Lang::zh, dir / "map.geojson");

    const std::string text = slurp(dir / "map.geojson");
    CHECK(text.find("\"crs\"") == std::string::npos);
    CHECK_FALSE(std::regex_search(text, std::regex("\\d\\.\\d{8,}")));   // ≤ 7 decimals

    GDALDatasetUniquePtr ds{GDALDataset::Open((dir / "map.geojson").string().c_str(), GDAL_OF_VECTOR)};
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayer(0);
    REQUIRE(l->GetFeatureCount() == 2);
    l->ResetReading();
    OGRFeatureUniquePtr f1{l->GetNextFeature()};
    CHECK(std::string(f1->GetFieldAsString("category")) == "unsupplied");
    CHECK(std::string(f1->GetFieldAsString("id")) == "PC-1");
    CHECK(std::string(f1->GetFieldAsString("rules")) == "R01;R01b");
    CHECK(f1->GetFieldAsInteger("rows") == 2);
    CHECK(std::string(f1->GetFieldAsString("fill")) == report::category_style("unsupplied").fill);
    CHECK(std::string(f1->GetFieldAsString("title")) == "批而未供 PC-1");
    CHECK(std::string(f1->GetFieldAsString("description")).find("15.00 亩") != std::string::npos);
    const auto* poly = f1->GetGeometryRef()->toPolygon();
    const OGRLinearRing* ring = poly->getExteriorRing();
    CHECK_FALSE(ring->isClockwise());                     // RFC 7946: exterior CCW
    OGRPoint p;
    ring->getPoint(0, &p);
    CHECK(std::abs(p.getX() - 120.0) < 0.002);             // central meridian
    CHECK(p.getY() > 29.7);
    CHECK(p.getY() < 29.9);
    fs::remove_all(dir);
}

TEST_CASE("per-category GeoJSON gets simplestyle with a GeoJsonStyle", "[report]") {
    io::gdal::ensure_registered();
    geom::GeosContext c;
    auto a = geom::from_wkt(c, "POLYGON((500000 3300000,500100 3300000,500100 3300100,500000 3300000))");
    const report::Table t = shortlist("unsupplied", {a.get()});
    const fs::path dir = temp_dir("cat");
    report::write_geojson(c, t, geom::identify_crs("EPSG:4549", "test"), dir / "u.geojson", {"unsupplied", report::Lang::en});
    const std::string text = slurp(dir / "u.geojson");
    CHECK(text.find("\"fill\":\"#e31a1c\"") != std::string::npos);
    CHECK(text.find("\"stroke-width\":1") != std::string::npos);
    CHECK(text.find("\"title\":\"Approved, not supplied PC-1\"") != std::string::npos);
    report::write_geojson(c, t, geom::identify_crs("EPSG:4549", "test"), dir / "plain.geojson");
    CHECK(slurp(dir / "plain.geojson").find("\"fill\"") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("report.html: sections, no-data states, language, determinism", "[report]") {
    geom::GeosContext c;
    auto a = geom::from_wkt(c, "POLYGON((500000 3300000,500000 3300100,500100 3300100,500100 3300000,500000 3300000))");
    const report::Table t = shortlist("unsupplied", {a.get()});
    nlohmann::ordered_json s;
    s["project"] = "测试县";
    s["as_of"] = "2023-12-31";
    s["categories"]["unsupplied"] = {{"ran", true}, {"count", 1}, {"area_mu", 15.0},
                                     {"by_age_bucket", {{"2年以上", {{"count", 1}, {"area_mu", 15.0}}}}}};
    s["categories"]["idle"] = {{"ran", false}, {"skipped_reason", "no supplies"}};
    s["issues"] = {{"total", 2}, {"by_kind", {{"invalid_geometry", 2}}}};
    report::ReportInput in;
    in.summary = &s;
    in.tables = {&t};
    const std::string zh = report::report_html(c, in);
    CHECK(zh.find("<html lang=\"zh-CN\">") != std::string::npos);
    CHECK(zh.find("id=\"county-map\"") != std::string::npos);
    CHECK(zh.find("id=\"cat-unsupplied\"") != std::string::npos);
    CHECK(zh.find("id=\"scale-bar\"") != std::string::npos);
    CHECK(zh.find("id=\"north-arrow\"") != std::string::npos);
    CHECK(zh.find("无数据（未运行此项分析）") != std::string::npos);   // idle did not run
    CHECK(zh.find("<tr><td>图形无效（已修复） <span class=\"code\">invalid_geometry</span></td><td class=\"n\">2</td></tr>") != std::string::npos);
    CHECK(zh.find("2年以上") != std::string::npos);
    CHECK(zh.find("<script src") == std::string::npos);   // the page's own script is inline: no file, no network
    CHECK(zh.find("id=\"tl-data\"") != std::string::npos);
    CHECK(zh == report::report_html(c, in));
    // y is flipped: the square's top edge (larger northing) is drawn above (smaller SVG y).
    in.lang = report::Lang::en;
    const std::string en = report::report_html(c, in);
    CHECK(en.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en.find("No data (this analysis did not run)") != std::string::npos);
    in.summary = nullptr;
    CHECK_THROWS_AS(report::report_html(c, in), Error);
}

// report.html's map data is written straight into the page (no JSON tree, issue 23 memory): it
// must be the bytes a compact ordered_json dump of the same data gives, with "</" written "<\\/"
// (inside <script>), invalid UTF-8 replaced, and rows drawn on one geometry grouped in one entry.
TEST_CASE("report.html: the map data is JSON, the dump's bytes, grouped by geometry", "[report]") {
    geom::GeosContext c;
    auto a = geom::from_wkt(c, "POLYGON((500000 3300000,500000 3300100,500100 3300100,500100 3300000,500000 3300000))");
    auto b = geom::from_wkt(c, "POLYGON((500200 3300000,500200 3300100,500300 3300100,500300 3300000,500200 3300000))");
    report::Table t = shortlist("unsupplied", {a.get(), b.get(), a.get()});
    t.rows[0][0] = std::string("PC-</script><b>1");
    t.rows[1][1] = std::string("城关\xff镇");   // not UTF-8: replaced, as the dump replaces it
    nlohmann::ordered_json s;
    s["project"] = "测试县";
    s["as_of"] = "2023-12-31";
    s["categories"]["unsupplied"] = {{"ran", true}, {"count", 2}, {"area_mu", 30.0}};
    report::ReportInput in;
    in.summary = &s;
    in.tables = {&t};
    const std::string page = report::report_html(c, in);
    const std::string open = "<script type=\"application/json\" id=\"tl-data\">";
    const auto from = page.find(open);
    REQUIRE(from != std::string::npos);
    const auto to = page.find("</script>", from + open.size());
    REQUIRE(to != std::string::npos);
    const std::string data = page.substr(from + open.size(), to - from - open.size());
    CHECK(data.find("</") == std::string::npos);
    CHECK(data.find("PC-<\\/script><b>1") != std::string::npos);
    const auto parsed = nlohmann::ordered_json::parse(data);
    // The dump of the parsed data, escaped as the page escapes it, gives the page's bytes.
    const std::string dumped = parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string escaped;
    for (std::size_t k = 0; k < dumped.size(); ++k) {
        if (dumped[k] == '<' && k + 1 < dumped.size() && dumped[k + 1] == '/') { escaped += "<\\/"; ++k; continue; }
        escaped += dumped[k];
    }
    CHECK(escaped == data);
    const auto& u = parsed.at("unsupplied");
    CHECK(u.at("columns") == nlohmann::ordered_json::array({"批次编号", "镇街", "规则", "面积(亩)"}));
    REQUIRE(u.at("entries").size() == 2);                 // a (rows 0 and 2), then b (row 1)
    REQUIRE(u.at("entries")[0].size() == 2);
    CHECK(u.at("entries")[0][0][0] == "PC-</script><b>1");
    CHECK(u.at("entries")[0][1][0] == "PC-2");
    CHECK(u.at("entries")[0][1][3] == "15.00");
    CHECK(u.at("entries")[1][0][1] == "城关\xEF\xBF\xBD镇");   // U+FFFD
}

TEST_CASE("diff: CSV reader handles BOM, quotes, CRLF", "[report]") {
    const fs::path dir = temp_dir("csv");
    {
        std::ofstream o(dir / "a.csv", std::ios::binary);
        o << "\xEF\xBB\xBF" << "批次编号,说明\r\nPC-1,\"a, \"\"b\"\"\"\r\nPC-2,\"two\nlines\"\r\n";
    }
    const report::CsvData d = report::read_csv(dir / "a.csv");
    REQUIRE(d.header == std::vector<std::string>{"批次编号", "说明"});
    REQUIRE(d.rows.size() == 2);
    CHECK(d.rows[0][1] == "a, \"b\"");
    CHECK(d.rows[1][1] == "two\nlines");
    fs::remove_all(dir);
}

TEST_CASE("diff: entered, left, changed by key; ignored columns; self-diff empty", "[report]") {
    const fs::path o = temp_dir("old"), n = temp_dir("new");
    // A's rule changes (a verdict: changed); E's age bucket and area move with the day (measured:
    // not a change, counted as moved); C only in the ignored age in years.
    std::ofstream(o / "unsupplied.csv", std::ios::binary) << "\xEF\xBB\xBF批次编号,账龄,批后年限(年),未供面积(亩),规则\r\nA,1-2年,1.5,10.00,R01\r\n"
                                                             "B,2年以上,3.0,5.00,R01\r\nC,1-2年,1.0,2.00,R01\r\nE,1-2年,1.5,4.00,R01\r\n";
    std::ofstream(n / "unsupplied.csv", std::ios::binary) << "\xEF\xBB\xBF批次编号,账龄,批后年限(年),未供面积(亩),规则\r\nA,2年以上,2.5,10.00,R01 | R01b\r\n"
                                                             "C,1-2年,1.9,2.00,R01\r\nD,1年以内,0.2,7.00,R01\r\nE,2年以上,2.5,3.00,R01\r\n";
    const report::DiffResult d = report::diff_outputs(o, n);
    REQUIRE(d.categories.size() == 1);
    const auto& cd = d.categories[0];
    CHECK(cd.compared);
    CHECK(cd.entered == 1);
    CHECK(cd.left == 1);
    CHECK(cd.changed == 1);
    CHECK(cd.unchanged == 2);   // C: only the ignored age in years changed; E: measured values moved
    CHECK(cd.moved == 1);
    REQUIRE(d.entries.size() == 3);
    CHECK(d.entries[0].key == "D");
    CHECK(d.entries[0].status == report::DiffStatus::entered);
    CHECK(d.entries[1].key == "B");
    CHECK(d.entries[1].status == report::DiffStatus::left);
    CHECK(d.entries[2].key == "A");
    REQUIRE(d.entries[2].changes.size() == 1);
    CHECK(d.entries[2].changes[0].column == "规则");
    CHECK(d.entries[2].changes[0].old_value == "R01");
    CHECK(d.entries[1].reason == "不再满足条件");   // no run.json: nothing more is known
    CHECK(report::diff_outputs(n, n).entries.empty());
    CHECK_THROWS_AS(report::diff_outputs(o / "missing", n), UsageError);
    fs::remove_all(o);
    fs::remove_all(n);
}

TEST_CASE("gpkg: layer_styles row QGIS reads as the default style", "[report]") {
    io::gdal::ensure_registered();
    const fs::path dir = temp_dir("gpkg");
    const fs::path file = dir / "p.gpkg";
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDatasetUniquePtr ds{drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
        REQUIRE(ds);
        REQUIRE(ds->CreateLayer("parcels", nullptr, wkbMultiPolygon, nullptr));
    }
    report::embed_gpkg_style(file, "parcels", report::qml_for("parcels"), "tenglong");
    GDALDatasetUniquePtr ds{GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR)};
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayerByName("layer_styles");
    REQUIRE(l);
    REQUIRE(l->GetFeatureCount() == 1);
    l->ResetReading();
    OGRFeatureUniquePtr f{l->GetNextFeature()};
    CHECK(std::string(f->GetFieldAsString("f_table_name")) == "parcels");
    CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
    CHECK(std::string(f->GetFieldAsString("styleQML")) == report::qml_for("parcels"));
    CHECK_THROWS_AS(report::embed_gpkg_style(file, "nope", "x", "y"), IoError);
    ds.reset();
    fs::remove_all(dir);
}

TEST_CASE("styles/*.qml in the source tree are what the binary writes", "[report]") {
    // TL_UPDATE_STYLES=1 test_report_map regenerates them after a change of categories.json.
    const fs::path styles = fs::path(TL_PROFILES_DIR).parent_path() / "styles";
    const bool update = std::getenv("TL_UPDATE_STYLES") != nullptr;
    for (const char* id : {"unsupplied", "idle", "inefficient", "scattered", "control_line", "parcels", "issues"}) {
        const fs::path f = styles / (std::string(id) + ".qml");
        if (update) report::write_qml(id, f);
        INFO(f.string() << " is stale: run TL_UPDATE_STYLES=1 test_report_map");
        CHECK(slurp(f) == report::qml_for(id));
    }
    // And the embedded categories.json is the file in the tree (rebuild after editing it).
    CHECK(slurp(styles / "categories.json") == report::categories_json_text());
}

// report/wgs84: the writers hand GDAL's plain GeoJSON writer geometries transformed to WGS 84
// and oriented beforehand (once per distinct geometry, on several threads); the file must be the
// one GDAL's RFC 7946 mode writes when it reprojects and orients every feature itself from the
// working CRS. The geometries include rings of both windings, outer and inner.
TEST_CASE("GeoJSON from shared WGS 84 geometries equals GDAL reprojecting each feature", "[report]") {
    io::gdal::ensure_registered();
    geom::GeosContext c;
    const geom::CrsInfo crs = geom::identify_crs("EPSG:4549", "test");
    std::vector<geom::GeomPtr> owned;
    owned.push_back(geom::from_wkt(c, "MULTIPOLYGON(((500000 3300000,500100 3300000,500100 3300100,500000 3300000)),"
                                      "((500200 3300200,500300 3300200,500300 3300300,500200 3300300,500200 3300200),"
                                      "(500220 3300220,500240 3300220,500240 3300240,500220 3300220)))"));
    // clockwise shell and hole: the shell is reversed, the hole kept (RFC 7946 §3.1.6)
    owned.push_back(geom::from_wkt(c, "POLYGON((501000 3301000,501000 3301100,501100 3301100,501100 3301000,501000 3301000),"
                                      "(501010 3301010,501010 3301020,501020 3301020,501020 3301010,501010 3301010))"));
    owned.push_back(geom::from_wkt(c, "POINT(512345.678 3312345.678)"));
    owned.push_back(geom::from_wkt(c, "LINESTRING(480000 3290000,481000.5 3290100.25)"));
    for (int i = 0; i < 1500; ++i) {   // more than one worker's chunk
        const double x = 440000 + 97.31 * i, y = 3250000 + 61.7 * (i % 400);
        owned.push_back(geom::from_wkt(c, "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 35.5) +
                                              " " + std::to_string(y) + "," + std::to_string(x + 35.5) + " " + std::to_string(y + 20.25) +
                                              "," + std::to_string(x) + " " + std::to_string(y) + "))"));
    }
    report::Table t;
    t.name = "check";
    t.columns = {{"id", "编号", "id"}};
    for (std::size_t i = 0; i < owned.size(); ++i) {
        t.add_row({std::string("G") + std::to_string(i)}, owned[i].get());
        if (i % 3 == 0) t.add_row({std::string("again") + std::to_string(i)}, owned[i].get());   // shared geometry
    }
    const fs::path dir = temp_dir("wgs84");

    // The references: GDAL's RFC 7946 writer reprojecting (and orienting) every feature from the
    // working CRS itself, with 7 decimals and with 15.
    auto write_reference = [&](const fs::path& file, const char* decimals) {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
        GDALDatasetUniquePtr ds{drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
        REQUIRE(ds);
        OGRSpatialReference srs;
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        REQUIRE(srs.importFromWkt(crs.wkt.c_str()) == OGRERR_NONE);
        char** lco = nullptr;
        lco = CSLSetNameValue(lco, "RFC7946", "YES");
        lco = CSLSetNameValue(lco, "COORDINATE_PRECISION", decimals);
        lco = CSLSetNameValue(lco, "WRITE_BBOX", "NO");
        lco = CSLSetNameValue(lco, "WRITE_NAME", "NO");
        OGRLayer* layer = ds->CreateLayer("check", &srs, wkbUnknown, lco);
        CSLDestroy(lco);
        REQUIRE(layer);
        OGRFieldDefn def("id", OFTString);
        REQUIRE(layer->CreateField(&def) == OGRERR_NONE);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            OGRFeatureUniquePtr f{OGRFeature::CreateFeature(layer->GetLayerDefn())};
            f->SetField(0, std::get<std::string>(t.rows[r][0]).c_str());
            const std::string wkb = geom::to_wkb(c, t.geoms[r]);
            OGRGeometry* g = nullptr;
            REQUIRE(OGRGeometryFactory::createFromWkb(reinterpret_cast<const unsigned char*>(wkb.data()), &srs, &g, wkb.size(),
                                                      wkbVariantIso) == OGRERR_NONE);
            f->SetGeometryDirectly(g);
            REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
        }
    };
    write_reference(dir / "ref7.geojson", "7");
    write_reference(dir / "ref15.geojson", "15");
    const std::string ref7 = slurp(dir / "ref7.geojson");
    REQUIRE(ref7.find("120.") != std::string::npos);   // lon/lat, not metres
    const auto ref15 = nlohmann::json::parse(slurp(dir / "ref15.geojson"));

    // Ours: the same document (members, rings and their orientation, properties), every
    // coordinate the reference's correctly rounded to 7 decimals. (GDAL's own 7-decimal text
    // differs where its rounding heuristic drops a last digit: 119.8000007 → 119.8.)
    auto round7 = [](double v) {
        char buf[64];
        const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 7);
        double r = 0;
        std::from_chars(buf, res.ptr, r);
        return r == 0 ? 0.0 : r;
    };
    std::function<void(const nlohmann::json&, const nlohmann::json&, bool)> same =
        [&](const nlohmann::json& ours, const nlohmann::json& ref, bool coordinates) {
            if (coordinates && ref.is_number()) {
                REQUIRE(ours.is_number());
                CHECK(ours.get<double>() == round7(ref.get<double>()));
            } else if (ref.is_object()) {
                REQUIRE(ours.is_object());
                REQUIRE(ours.size() == ref.size());
                for (auto it = ref.begin(); it != ref.end(); ++it) {
                    REQUIRE(ours.contains(it.key()));
                    same(ours[it.key()], it.value(), coordinates || it.key() == "coordinates");
                }
            } else if (ref.is_array()) {
                REQUIRE(ours.is_array());
                REQUIRE(ours.size() == ref.size());
                for (std::size_t k = 0; k < ref.size(); ++k) same(ours[k], ref[k], coordinates);
            } else {
                CHECK(ours == ref);
            }
        };
    auto check_file = [&](const fs::path& file) {
        const std::string text = slurp(file);
        same(nlohmann::json::parse(text), ref15, false);
        CHECK(text.find("\"crs\"") == std::string::npos);   // RFC 7946: no crs member
        // No coordinate has more than 7 decimals.
        static const std::regex long_decimal("[0-9]\\.[0-9]{8,}");
        CHECK_FALSE(std::regex_search(text, long_decimal));
    };

    report::write_geojson(c, t, crs, dir / "own.geojson");   // the table's own WGS 84 copies
    check_file(dir / "own.geojson");

    report::Wgs84Geometries shared(crs);
    CHECK(shared.add(c, t.geoms, 2) >= 0.0);
    CHECK(shared.size() == owned.size());
    report::write_geojson(c, t, crs, dir / "shared.geojson", {}, &shared);
    check_file(dir / "shared.geojson");
    CHECK(slurp(dir / "shared.geojson") == slurp(dir / "own.geojson"));
    fs::remove_all(dir);
}
