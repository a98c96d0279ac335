// read_layer on fixtures written at test time: encodings, binding, value text, tables, errors.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/errors.hpp"
#include "core/issue_log.hpp"
#include "io/reader.hpp"
#include "unit/io/fixtures.hpp"

using namespace tl;
using namespace tl::io;
using tl::test::Col;
using tl::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::optional<std::string>& value(const RawLayer& l, std::size_t feature, const std::string& key) {
    const int k = l.key_index(key);
    REQUIRE(k >= 0);
    REQUIRE(feature < l.features.size());
    return l.features[feature].values.at(static_cast<std::size_t>(k));
}

std::optional<std::string> S(const char* s) { return std::string(s); }

LayerSpec spec_for(const std::string& name, const fs::path& source) {
    LayerSpec s;
    s.name = name;
    s.source = source.string();
    return s;
}

// GBK bytes (iconv -t GBK) of the Chinese strings used below.
const char* const kGbkLinhai = "\xC1\xD9\xBA\xA3\xCA\xD0\xBB\xAA\xB7\xE5\xBB\xFA\xD0\xB5\xD3\xD0\xCF\xDE\xB9\xAB\xCB\xBE";  // 临海市华峰机械有限公司
const char* const kGbkDuqiao = "\xB6\xC5\xC7\xC5\xD5\xF2";  // 杜桥镇
const char* const kGbkZhangsan = "\xD5\xC5\xC8\xFD";       // 张三

// A parcels shapefile whose DBF holds GBK bytes as they are (ENCODING="" writes no .cpg and no LDID).
fs::path write_gbk_parcels(const TempDir& dir, const std::string& stem = "parcels") {
    const fs::path shp = dir / (stem + ".shp");
    tl::test::write_layer("ESRI Shapefile", shp, stem,
                          {{"ZDDM", OFTString, 19}, {"QLRMC", OFTString, 60}, {"XZMC", OFTString, 20}},
                          {{S("330000001"), S(kGbkLinhai), S(kGbkDuqiao)}, {S("330000002"), S(kGbkZhangsan), S(kGbkDuqiao)}},
                          {tl::test::square(0), tl::test::square(1)}, {"ENCODING="});
    fs::remove(dir / (stem + ".cpg"));  // GDAL writes an empty one
    return shp;
}

} // namespace

TEST_CASE("GBK DBF with no .cpg and LDID 0 or 0x57 (ANSI) is decided by its bytes", "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = write_gbk_parcels(dir);
    auto ldid = GENERATE(0x00, 0x57);
    tl::test::set_ldid(dir / "parcels.dbf", static_cast<unsigned char>(ldid));
    // No .cpg, an empty one, or one that says only "system": none of them names an encoding.
    const std::string cpg = GENERATE(as<std::string>{}, "-", "", "system");
    if (cpg != "-") tl::test::write_bytes(dir / "parcels.cpg", cpg);
    INFO("ldid " << ldid << ", cpg \"" << cpg << "\"");
    IssueLog issues;
    RawLayer l = read_layer(spec_for("parcels", shp), issues);
    CHECK(l.encoding.encoding == "GBK");
    CHECK(l.encoding.decided_by == "bytes");
    CHECK(value(l, 0, "owner") == S("临海市华峰机械有限公司"));
    CHECK(value(l, 1, "owner") == S("张三"));
    CHECK(value(l, 0, "township") == S("杜桥镇"));
    CHECK(value(l, 0, "id") == S("330000001"));
    CHECK(issues.count_by_kind()["bad_encoding"] == 0);
    CHECK(issues.count_by_kind()["encoding"] == (cpg == "system" ? 1 : 0));  // a note that it was ignored
}

TEST_CASE("a .cpg decides before the bytes, and the project's encoding decides before the .cpg",
          "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = write_gbk_parcels(dir);
    tl::test::write_bytes(dir / "parcels.cpg", "UTF-8\n");  // a lie: the bytes are GBK

    SECTION("the .cpg is believed, and every value it cannot decode is an issue") {
        IssueLog issues;
        RawLayer l = read_layer(spec_for("parcels", shp), issues);
        CHECK(l.encoding.encoding == "UTF-8");
        CHECK(l.encoding.decided_by == "cpg");
        CHECK(l.features.size() == 2);  // features are kept
        CHECK(issues.count_by_kind()["bad_encoding"] == 4);
        CHECK(value(l, 0, "id") == S("330000001"));
        // ... and one note that says what the bytes look like and how to override.
        REQUIRE(issues.count_by_kind()["encoding"] == 1);
        for (const auto& i : issues.sorted())
            if (i.kind == "encoding")
                CHECK_THAT(i.detail, Catch::Contains("look like GBK") && Catch::Contains("encoding = \"GBK\"") &&
                                         Catch::Contains("[layers.parcels]"));
    }
    SECTION("encoding = \"GBK\" in the project overrides it") {
        LayerSpec spec = spec_for("parcels", shp);
        spec.encoding = "gbk";
        IssueLog issues;
        RawLayer l = read_layer(spec, issues);
        CHECK(l.encoding.encoding == "GBK");
        CHECK(l.encoding.decided_by == "project");
        CHECK(value(l, 0, "owner") == S("临海市华峰机械有限公司"));
        CHECK(issues.size() == 0);
    }
}

TEST_CASE("a UTF-8 shapefile with a .cpg written by GDAL", "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    tl::test::write_layer("ESRI Shapefile", shp, "parcels", {{"ZDDM", OFTString, 19}, {"权利人", OFTString, 60}},
                          {{S("A1"), S("临海市华峰机械有限公司")}}, {tl::test::square()}, {"ENCODING=UTF-8"});
    REQUIRE(fs::exists(dir / "parcels.cpg"));
    LayerSpec spec = spec_for("parcels", shp);
    spec.fields = {{"owner", "权利人"}};
    IssueLog issues;
    RawLayer l = read_layer(spec, issues);
    CHECK(l.encoding.encoding == "UTF-8");
    CHECK(l.encoding.decided_by == "cpg");
    CHECK(value(l, 0, "owner") == S("临海市华峰机械有限公司"));
    CHECK(std::find(l.source_fields.begin(), l.source_fields.end(), "权利人") != l.source_fields.end());
}

TEST_CASE("a UTF-8 DBF without .cpg or LDID is UTF-8 by its bytes; ASCII-only is ASCII", "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    const bool chinese = GENERATE(true, false);
    tl::test::write_layer("ESRI Shapefile", shp, "parcels", {{"ZDDM", OFTString, 19}, {"QLRMC", OFTString, 60}},
                          {{S("A1"), S(chinese ? "台州市" : "Taizhou")}}, {tl::test::square()}, {"ENCODING="});
    IssueLog issues;
    RawLayer l = read_layer(spec_for("parcels", shp), issues);
    CHECK(l.encoding.encoding == (chinese ? "UTF-8" : "ASCII"));
    CHECK(l.encoding.decided_by == "bytes");
    CHECK(value(l, 0, "owner") == S(chinese ? "台州市" : "Taizhou"));
}

TEST_CASE("GBK field names: a column 宗地代码 written in GBK binds by the project mapping", "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    // 宗地代码 is 8 GBK bytes, within the 10-byte DBF name limit.
    tl::test::write_layer("ESRI Shapefile", shp, "parcels", {{"\xD7\xDA\xB5\xD8\xB4\xFA\xC2\xEB", OFTString, 19}},
                          {{S("Z-1")}, {S("Z-2")}}, {tl::test::square(0), tl::test::square(1)}, {"ENCODING="});
    tl::test::set_ldid(dir / "parcels.dbf", 0x4D);
    LayerSpec spec = spec_for("parcels", shp);
    spec.fields = {{"id", "宗地代码"}};
    IssueLog issues;
    RawLayer l = read_layer(spec, issues);
    CHECK(l.encoding.decided_by == "ldid 0x4D");
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("id"))] == "宗地代码");
    CHECK(value(l, 1, "id") == S("Z-2"));
}

TEST_CASE("a GBK CSV table (Excel's \"CSV\" on a Chinese Windows)", "[io][reader][encoding][table]") {
    TempDir dir;
    const fs::path csv = dir / "enterprises.csv";
    // Header 企业名称 in GBK, as Excel writes it; no BOM.
    tl::test::write_bytes(csv, std::string("TYSHXYDM,\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,ND,SS\r\n") +
                                   "91331082MA28G0001X," + kGbkLinhai + ",2023,125.5\r\n" +
                                   "91331082MA28G0002Y,," + "2023,\r\n");
    LayerSpec spec = spec_for("enterprises", csv);
    spec.fields = {{"name", "企业名称"}};
    IssueLog issues;
    RawLayer l = read_layer(spec, issues);
    CHECK(l.driver == "CSV");
    CHECK(l.is_table);
    CHECK(l.encoding.encoding == "GBK");
    CHECK(l.encoding.decided_by == "bytes");
    REQUIRE(l.features.size() == 2);
    CHECK(l.features[0].wkb.empty());
    CHECK(l.geometry_types.empty());
    CHECK(value(l, 0, "name") == S("临海市华峰机械有限公司"));
    CHECK(value(l, 0, "id") == S("91331082MA28G0001X"));
    CHECK(value(l, 0, "year") == S("2023"));
    CHECK(value(l, 0, "tax") == S("125.5"));
    CHECK_FALSE(value(l, 1, "name"));  // empty cell = no value
    CHECK_FALSE(value(l, 1, "tax"));
    CHECK(issues.size() == 0);
}

TEST_CASE("typed fields give their text form; GeoPackage is UTF-8 by driver", "[io][reader]") {
    TempDir dir;
    const fs::path gpkg = dir / "data.gpkg";
    tl::test::write_layer("GPKG", gpkg, "supplies",
                          {{"GDBH", OFTString}, {"GYRQ", OFTDate}, {"CRJK", OFTReal}, {"JHTZ", OFTInteger64},
                           {"ZDDM", OFTString}},
                          {{S("G1"), S("2021-03-05"), S("0.1"), S("1234567890123"), S("宗地一")},
                           {S("G2"), std::nullopt, S("1e-300"), std::nullopt, std::nullopt}},
                          {"MULTIPOLYGON (((0 0,1 0,1 1,0 0)))", ""});
    IssueLog issues;
    RawLayer l = read_layer(spec_for("supplies", gpkg), issues);
    CHECK(l.driver == "GPKG");
    CHECK(l.encoding.encoding == "UTF-8");
    CHECK(l.encoding.decided_by == "driver");
    CHECK_FALSE(l.is_table);
    CHECK(value(l, 0, "supplied_on") == S("2021-03-05"));
    CHECK(value(l, 0, "land_price") == S("0.1"));  // not 0.10000000000000001
    CHECK(value(l, 1, "land_price") == S("1e-300"));
    CHECK(value(l, 0, "planned_investment") == S("1234567890123"));
    CHECK(value(l, 0, "parcel_id") == S("宗地一"));
    CHECK_FALSE(value(l, 1, "supplied_on"));
    CHECK_FALSE(value(l, 1, "planned_investment"));
    CHECK(l.geometry_types.at("MultiPolygon") == 1);
    CHECK(l.geometry_types.at("None") == 1);
    CHECK(l.features[1].wkb.empty());
    // ISO WKB, little endian: 01, type 6 = MultiPolygon
    REQUIRE(l.features[0].wkb.size() > 5);
    CHECK(l.features[0].wkb.substr(0, 5) == std::string("\x01\x06\x00\x00\x00", 5));
    CHECK(l.source_srs_wkt.find("4549") != std::string::npos);
    CHECK(l.source_srs_wkt.rfind("PROJCRS", 0) == 0);  // WKT2
    // Unbound keys are present, with an empty column.
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("stalled_since"))].empty());
}

TEST_CASE("Z geometries are named with their suffix and exported as ISO WKB", "[io][reader]") {
    TempDir dir;
    const fs::path gj = dir / "buildings.geojson";
    tl::test::write_bytes(gj, R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"JZWBH":"B1","CS":3},"geometry":{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}},
      {"type":"Feature","properties":{"JZWBH":"B2","CS":null},"geometry":null}]})");
    IssueLog issues;
    RawLayer l = read_layer(spec_for("buildings", gj), issues);
    CHECK(l.geometry_types.at("Polygon Z") == 1);
    CHECK(l.geometry_types.at("None") == 1);
    CHECK(value(l, 0, "floors") == S("3"));
    CHECK_FALSE(value(l, 1, "floors"));
    // ISO WKB type code of Polygon Z is 1003 (0x03EB), not the 0x80000003 of the old 2.5D form.
    CHECK(l.features[0].wkb.substr(0, 5) == std::string("\x01\xEB\x03\x00\x00", 5));
}

TEST_CASE("a GeoPackage with several canonical layers: the layer named like the canonical one is read",
          "[io][reader]") {
    TempDir dir;
    const fs::path gpkg = dir / "county.gpkg";
    tl::test::write_layer("GPKG", gpkg, "建筑物", {{"JZWBH", OFTString}}, {{S("B1")}}, {tl::test::square()});
    tl::test::write_layer("GPKG", gpkg, "宗地", {{"ZDDM", OFTString}}, {{S("P1")}, {S("P2")}},
                          {tl::test::square(0), tl::test::square(1)}, {}, true);
    IssueLog issues;
    RawLayer l = read_layer(spec_for("parcels", gpkg), issues);
    CHECK(l.source_layer == "宗地");
    CHECK(l.features.size() == 2);
    LayerSpec spec = spec_for("buildings", gpkg);
    spec.layer = "建筑物";
    CHECK(read_layer(spec, issues).features.size() == 1);
    spec.layer = "nope";
    CHECK_THROWS_WITH(read_layer(spec, issues), Catch::Contains("no layer \"nope\"") && Catch::Contains("宗地"));
}

TEST_CASE("an XLSX table is UTF-8 by driver", "[io][reader][table]") {
    TempDir dir;
    const fs::path xlsx = dir / "enterprises.xlsx";
    tl::test::write_layer("XLSX", xlsx, "Sheet1", {{"TYSHXYDM", OFTString}, {"QYMC", OFTString}, {"SS", OFTReal}},
                          {{S("91331082MA28G0001X"), S("临海市华峰机械有限公司"), S("12.25")}}, {});
    IssueLog issues;
    RawLayer l = read_layer(spec_for("enterprises", xlsx), issues);
    CHECK(l.is_table);
    CHECK(l.encoding.decided_by == "driver");
    CHECK(value(l, 0, "name") == S("临海市华峰机械有限公司"));
    CHECK(value(l, 0, "tax") == S("12.25"));
}

TEST_CASE("a required field without a column is a ConfigError that says how to map it", "[io][reader][errors]") {
    TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    tl::test::write_layer("ESRI Shapefile", shp, "parcels", {{"BH", OFTString, 10}, {"QLRMC", OFTString, 10}},
                          {{S("1"), S("x")}}, {tl::test::square()});
    IssueLog issues;
    try {
        read_layer(spec_for("parcels", shp), issues);
        FAIL("no exception");
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("parcels.shp: layer parcels (宗地) [layers.parcels]: 缺必填字段 required field id (宗地代码) "
                                        "has no column; map it with fields = { id = \"...\" }; columns are: BH, QLRMC"));
        CHECK(e.exit_code() == 2);
    }
    // Mapped, it reads.
    LayerSpec spec = spec_for("parcels", shp);
    spec.fields = {{"id", "bh"}};
    CHECK(read_layer(spec, issues).features.size() == 1);
    // A mapping to a column that does not exist names the columns that do.
    spec.fields = {{"id", "ZDBH"}};
    CHECK_THROWS_WITH(read_layer(spec, issues), Catch::Contains("fields.id = \"ZDBH\" names no column") &&
                                                    Catch::Contains("did you mean \"BH\"?") &&
                                                    Catch::Contains("columns are: BH, QLRMC"));
    // Every problem of the layer in one message.
    spec.fields = {{"id", "ZDBH"}, {"owner", "QLRM"}};
    CHECK_THROWS_WITH(read_layer(spec, issues), Catch::Contains("fields.id = \"ZDBH\" names no column") &&
                                                    Catch::Contains("fields.owner = \"QLRM\" names no column") &&
                                                    Catch::Contains("did you mean \"QLRMC\"?"));
    spec.fields = {{"colour", "BH"}};
    CHECK_THROWS_AS(read_layer(spec, issues), ConfigError);
}

TEST_CASE("a source GDAL cannot open is an IoError with GDAL's message", "[io][reader][errors]") {
    TempDir dir;
    IssueLog issues;
    const fs::path junk = dir / "parcels.geojson";
    tl::test::write_bytes(junk, "this is not json");
    try {
        read_layer(spec_for("parcels", junk), issues);
        FAIL("no exception");
    } catch (const IoError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains(junk.string()));
        CHECK_THAT(msg, Catch::Contains("cannot open"));
        CHECK(msg.size() > junk.string().size() + 20);  // GDAL's own words follow
        CHECK(e.exit_code() == 1);
    }
    CHECK_THROWS_AS(read_layer(spec_for("parcels", dir / "missing.shp"), issues), IoError);
    // A PG: connection string never shows its password.
    LayerSpec pg = spec_for("parcels", "PG:dbname=nosuchdb host=/nonexistent user=u password=s3cret");
    try {
        read_layer(pg, issues);
        FAIL("no exception");
    } catch (const IoError& e) {
        CHECK_THAT(std::string(e.what()), !Catch::Contains("s3cret"));
    }
}

TEST_CASE("a .shp cut short is an IoError naming the file and the fix, not parcels without shape",
          "[io][reader][errors]") {
    // A copy interrupted mid-file: the .shx and .dbf still list every record, the .shp ends
    // early. GDAL would hand the missing records over without geometry.
    TempDir dir;
    const fs::path shp = dir / "parcels.shp";
    tl::test::write_layer("ESRI Shapefile", shp, "parcels", {{"ZDDM", OFTString, 19}},
                          {{S("A1")}, {S("A2")}, {S("A3")}},
                          {tl::test::square(0), tl::test::square(1), tl::test::square(2)}, {"ENCODING=UTF-8"});
    IssueLog issues;
    REQUIRE(read_layer(spec_for("parcels", shp), issues).features.size() == 3);   // whole: fine
    const auto whole = fs::file_size(shp);
    fs::resize_file(shp, whole - 40);
    try {
        read_layer(spec_for("parcels", shp), issues);
        FAIL("no exception");
    } catch (const IoError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("parcels.shp is cut short"));
        CHECK_THAT(msg, Catch::Contains(std::to_string(whole) + " bytes"));
        CHECK_THAT(msg, Catch::Contains("export the complete"));
        CHECK(e.exit_code() == 1);
    }
}

TEST_CASE("an LDID of 1252 over GBK text is followed, with a note that the bytes look like GBK",
          "[io][reader][encoding]") {
    TempDir dir;
    const fs::path shp = write_gbk_parcels(dir);
    tl::test::set_ldid(dir / "parcels.dbf", 0x03);
    IssueLog issues;
    RawLayer l = read_layer(spec_for("parcels", shp), issues);
    CHECK(l.encoding.encoding == "CP1252");
    CHECK(l.encoding.decided_by == "ldid 0x03");
    CHECK(issues.count_by_kind()["encoding"] == 1);
    // A correct declaration gets no note.
    tl::test::set_ldid(dir / "parcels.dbf", 0x4D);
    IssueLog clean;
    CHECK(read_layer(spec_for("parcels", shp), clean).encoding.encoding == "GBK");
    CHECK(clean.size() == 0);
}

TEST_CASE("tables whose columns are all text keep their header row", "[io][reader][table]") {
    TempDir dir;
    SECTION("XLSX") {
        const fs::path xlsx = dir / "enterprises.xlsx";
        tl::test::write_layer("XLSX", xlsx, "Sheet1", {{"TYSHXYDM", OFTString}, {"QYMC", OFTString}},
                              {{S("91331082MA28G0001X"), S("华峰")}, {S("91331082MA28G0002Y"), S("东海")}}, {});
        IssueLog issues;
        RawLayer l = read_layer(spec_for("enterprises", xlsx), issues);
        CHECK(l.source_fields == std::vector<std::string>{"TYSHXYDM", "QYMC"});
        REQUIRE(l.features.size() == 2);
        CHECK(value(l, 1, "name") == S("东海"));
    }
    SECTION("CSV with a UTF-8 BOM (Excel's \"CSV UTF-8\")") {
        const fs::path csv = dir / "enterprises.csv";
        tl::test::write_bytes(csv, "\xEF\xBB\xBFTYSHXYDM,QYMC\r\n91331082MA28G0001X,华峰\r\n");
        IssueLog issues;
        RawLayer l = read_layer(spec_for("enterprises", csv), issues);
        CHECK(l.source_fields == std::vector<std::string>{"TYSHXYDM", "QYMC"});
        CHECK(l.encoding.encoding == "UTF-8");
        REQUIRE(l.features.size() == 1);
        CHECK(value(l, 0, "name") == S("华峰"));
        CHECK(value(l, 0, "id") == S("91331082MA28G0001X"));
    }
}

TEST_CASE("curved parcels (FileGDB/GeoPackage arcs) are approximated by straight segments, with a note",
          "[io][reader]") {
    TempDir dir;
    const fs::path gpkg = dir / "parcels.gpkg";
    tl::test::write_layer("GPKG", gpkg, "parcels", {{"ZDDM", OFTString}}, {{S("C1")}},
                          {"CURVEPOLYGON (CIRCULARSTRING (0 0,10 10,20 0,10 -10,0 0))"});
    IssueLog issues;
    RawLayer l = read_layer(spec_for("parcels", gpkg), issues);
    CHECK(l.geometry_types.at("CurvePolygon") == 1);
    REQUIRE(l.features.size() == 1);
    // ISO WKB of a plain Polygon (type 3) with many vertices.
    CHECK(l.features[0].wkb.substr(0, 5) == std::string("\x01\x03\x00\x00\x00", 5));
    CHECK(l.features[0].wkb.size() > 9 + 16 * 20);
    REQUIRE(issues.count_by_kind()["curve_geometry"] == 1);
    CHECK(issues.sorted()[0].feature_id == "C1");
}
