// load_project: project files (strict keys, types, paths) and data-directory discovery.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/issue_log.hpp"
#include "io/project.hpp"
#include "io/reader.hpp"
#include "unit/io/fixtures.hpp"

using namespace tl;
using namespace tl::io;
using tl::test::TempDir;
namespace fs = std::filesystem;

namespace {

void write_parcels_shp(const fs::path& shp, const std::string& id_column = "ZDDM") {
    tl::test::write_layer("ESRI Shapefile", shp, shp.stem().string(), {{id_column, OFTString, 19}, {"QLRMC", OFTString, 40}},
                          {{std::string("P1"), std::string("张三")}}, {tl::test::square()}, {"ENCODING=UTF-8"});
}

// Writes `toml` as <dir>/project.toml next to a parcels.shp and returns the project path.
fs::path project_with(const TempDir& dir, const std::string& toml) {
    if (!fs::exists(dir / "parcels.shp")) write_parcels_shp(dir / "parcels.shp");
    const fs::path p = dir / "project.toml";
    tl::test::write_bytes(p, toml);
    return p;
}

// The ConfigError message load_project throws for `toml`, or "" if it does not throw.
std::string config_error(const std::string& toml) {
    TempDir dir;
    const fs::path p = project_with(dir, toml);
    try {
        load_project(p);
    } catch (const ConfigError& e) {
        CHECK(e.exit_code() == 2);
        CHECK(e.file == p.string());
        // Every message starts with the file it is about.
        CHECK_THAT(std::string(e.what()), Catch::StartsWith(p.string() + ": "));
        return e.what();
    }
    return {};
}

} // namespace

TEST_CASE("a valid project file", "[io][project]") {
    TempDir dir;
    write_parcels_shp(dir / "data" / "宗地.shp");
    tl::test::write_layer("GPKG", dir / "data" / "county.gpkg", "jzw", {{"CS", OFTInteger}}, {{std::string("3")}},
                          {tl::test::square()});
    const fs::path p = dir / "proj" / "演示县.toml";
    tl::test::write_bytes(p, R"(# 演示
name    = "演示县 2023 年度"
as_of   = "2023-12-31"
profile = "linhai"
crs     = "EPSG:4549"

[layers.parcels]
source   = "../data/宗地.shp"
encoding = "auto"
fields   = { id = "zddm", owner = "QLRMC" }   # column names match case-insensitively

[layers.buildings]
source = "../data/county.gpkg"
layer  = "jzw"
crs    = "EPSG:4549"
fields = { floors = "CS" }

[layers.approvals]
source = "PG:dbname=county host=localhost user=gis password=x"
layer  = "public.pcyd"
encoding = "GBK"
)");
    const Project pr = load_project(p);
    CHECK(pr.name == "演示县 2023 年度");
    REQUIRE(pr.as_of);
    CHECK(*pr.as_of == Date{2023, 12, 31});
    CHECK(pr.profile == "linhai");
    CHECK(pr.crs == "EPSG:4549");
    CHECK(pr.file == p);
    CHECK(pr.base_dir == dir.path() / "proj");
    REQUIRE(pr.layers.size() == 3);
    const LayerSpec& parcels = pr.layers.at("parcels");
    CHECK(parcels.source == (dir.path() / "data" / "宗地.shp").string());  // relative to the project file
    CHECK(fs::path(parcels.source).is_absolute());
    CHECK(parcels.encoding == "auto");
    CHECK(parcels.fields == std::map<std::string, std::string>{{"id", "zddm"}, {"owner", "QLRMC"}});
    const LayerSpec& buildings = pr.layers.at("buildings");
    CHECK(buildings.layer == "jzw");
    CHECK(buildings.crs == "EPSG:4549");
    const LayerSpec& approvals = pr.layers.at("approvals");
    CHECK(approvals.source == "PG:dbname=county host=localhost user=gis password=x");  // untouched
    CHECK(approvals.encoding == "GBK");
    CHECK(approvals.layer == "public.pcyd");

    // The project's layers read.
    IssueLog issues;
    CHECK(read_layer(parcels, issues).features.size() == 1);
    const RawLayer b = read_layer(buildings, issues);
    REQUIRE(b.features.size() == 1);
    CHECK(b.features[0].values[static_cast<std::size_t>(b.key_index("floors"))] == std::optional<std::string>("3"));
}

TEST_CASE("a TOML date for as_of, and defaults for what is left out", "[io][project]") {
    TempDir dir;
    const Project pr = load_project(project_with(dir, "as_of = 2023-06-30\n[layers.parcels]\nsource = \"parcels.shp\"\n"));
    REQUIRE(pr.as_of);
    CHECK(*pr.as_of == Date{2023, 6, 30});
    CHECK(pr.name == "project");  // the file's stem
    CHECK(pr.profile.empty());
    CHECK(pr.crs.empty());
    CHECK(pr.layers.at("parcels").encoding == "auto");
    CHECK(pr.layers.at("parcels").fields.empty());
}

TEST_CASE("unknown keys are errors naming file, line, key and the allowed keys", "[io][project][errors]") {
    SECTION("top level") {
        const std::string msg = config_error("name = \"x\"\ncolour = \"red\"\n[layers.parcels]\nsource = \"parcels.shp\"\n");
        CHECK_THAT(msg, Catch::Contains("line 2: unknown key \"colour\" at the top level"));
        CHECK_THAT(msg, Catch::Contains("allowed keys: name, mapping_unit, as_of, profile, crs, decisions, layers, revitalization"));
    }
    SECTION("unknown layer") {
        const std::string msg = config_error("[layers.parcels]\nsource = \"parcels.shp\"\n\n[layers.roads]\nsource = \"parcels.shp\"\n");
        CHECK_THAT(msg, Catch::Contains("line 4: unknown layer [layers.roads]"));
        CHECK_THAT(msg, Catch::Contains("parcels, buildings, approvals, supplies, control_lines, townships, enterprises"));
    }
    SECTION("in a layer section") {
        const std::string msg = config_error("[layers.parcels]\nsource = \"parcels.shp\"\nfeild = { id = \"ZDDM\" }\n");
        CHECK_THAT(msg, Catch::Contains("line 3: unknown key \"feild\" in [layers.parcels]"));
        CHECK_THAT(msg, Catch::Contains("allowed keys: source, layer, sheet, sql, encoding, crs, fields"));
    }
    SECTION("unknown field key") {
        const std::string msg =
            config_error("[layers.parcels]\nsource = \"parcels.shp\"\nfields = { id = \"ZDDM\", area = \"ZDMJ\" }\n");
        CHECK_THAT(msg, Catch::Contains("line 3: unknown key \"area\" in layers.parcels.fields"));
        CHECK_THAT(msg, Catch::Contains("registered_area_m2"));
    }
}

TEST_CASE("values of the wrong type or form are errors with the line", "[io][project][errors]") {
    const std::string parcels = "[layers.parcels]\nsource = \"parcels.shp\"\n";
    CHECK_THAT(config_error("name = 2023\n" + parcels), Catch::Contains("line 1: name must be a string") &&
                                                            Catch::Contains("not an integer"));
    CHECK_THAT(config_error("as_of = 20231231\n" + parcels), Catch::Contains("line 1: as_of must be a date"));
    CHECK_THAT(config_error("as_of = \"2023-02-30\"\n" + parcels),
               Catch::Contains("line 1: as_of = \"2023-02-30\" is not a date"));
    CHECK_THAT(config_error("as_of = \"31/12/2023\"\n" + parcels), Catch::Contains("is not a date"));
    CHECK_THAT(config_error(parcels + "fields = \"ZDDM\"\n"),
               Catch::Contains("line 3: layers.parcels.fields must be an inline table"));
    CHECK_THAT(config_error(parcels + "fields = { id = 7 }\n"),
               Catch::Contains("line 3: layers.parcels.fields.id must be a string"));
    CHECK_THAT(config_error(parcels + "encoding = \"klingon\"\n"),
               Catch::Contains("line 3: layers.parcels.encoding = \"klingon\" is not an encoding"));
    CHECK_THAT(config_error("crs = \"EPSG:99999999\"\n" + parcels), Catch::Contains("line 1: crs = \"EPSG:99999999\" is not a CRS"));
    CHECK_THAT(config_error("layers = 3\n"), Catch::Contains("layers must be a table"));
    CHECK_THAT(config_error("[layers]\nparcels = \"parcels.shp\"\n"), Catch::Contains("line 2: layers.parcels must be a table"));
    CHECK_THAT(config_error("name = \"x\n"), Catch::Contains("line 1") && Catch::Contains("not valid TOML"));
    // The encoding names a project may use.
    CHECK(config_error(parcels + "encoding = \"GB18030\"\n").empty());
    CHECK(config_error(parcels + "encoding = \"cp936\"\n").empty());
}

TEST_CASE("a project file saved as GBK (Notepad's ANSI) is an error that says to save it as UTF-8", "[io][project][errors]") {
    const std::string msg = config_error("name = \"\xD1\xDD\xCA\xBE\"\n[layers.parcels]\nsource = \"parcels.shp\"\n");
    CHECK_THAT(msg, Catch::Contains("line 1") && Catch::Contains("not UTF-8") && Catch::Contains("save it as UTF-8"));
}

TEST_CASE("missing sources and the missing parcels layer", "[io][project][errors]") {
    {
        const std::string msg = config_error("[layers.parcels]\nsource = \"parcels.shp\"\n[layers.buildings]\nsource = \"jzw/buildings.shp\"\n");
        CHECK_THAT(msg, Catch::Contains("line 4: layer buildings: source file not found"));
        CHECK_THAT(msg, Catch::Contains("jzw/buildings.shp"));
    }
    CHECK_THAT(config_error("[layers.buildings]\nsource = \"parcels.shp\"\n"),
               Catch::Contains("no [layers.parcels] section"));
    CHECK_THAT(config_error("name = \"x\"\n"), Catch::Contains("no [layers.parcels] section"));
    CHECK_THAT(config_error("[layers.parcels]\nlayer = \"x\"\n"), Catch::Contains("line 1: [layers.parcels] has no source"));
    TempDir dir;
    CHECK_THROWS_AS(load_project(dir / "nope.toml"), ConfigError);
}

TEST_CASE("a project whose parcels lack the id column fails at read time with the fix", "[io][project][errors]") {
    TempDir dir;
    write_parcels_shp(dir / "parcels.shp", "BH");
    const fs::path p = project_with(dir, "[layers.parcels]\nsource = \"parcels.shp\"\nfields = { owner = \"QLRMC\" }\n");
    const Project pr = load_project(p);
    IssueLog issues;
    CHECK_THROWS_WITH(read_layer(pr.layers.at("parcels"), issues),
                      Catch::Contains("required field id (宗地代码) has no column; map it with fields = { id = \"...\" }") &&
                          Catch::Contains("columns are: BH, QLRMC"));
    tl::test::write_bytes(p, "[layers.parcels]\nsource = \"parcels.shp\"\nfields = { id = \"BH\" }\n");
    CHECK(read_layer(load_project(p).layers.at("parcels"), issues).features.size() == 1);
}

TEST_CASE("data directory: canonical layers found by file stems, Chinese and case-insensitive", "[io][project][discovery]") {
    TempDir dir;
    write_parcels_shp(dir / "宗地.shp");
    tl::test::write_bytes(dir / "Buildings.GeoJSON", R"({"type":"FeatureCollection","features":[]})");
    tl::test::write_bytes(dir / "亩均数据.csv", "TYSHXYDM,SS\n1,2\n");
    tl::test::write_layer("GPKG", dir / "county.gpkg", "PCYD", {{"PCBH", OFTString}}, {{std::string("1")}}, {tl::test::square()});
    tl::test::write_layer("GPKG", dir / "county.gpkg", "供地", {{"GDBH", OFTString}}, {{std::string("1")}},
                          {tl::test::square()}, {}, true);
    tl::test::write_layer("GPKG", dir / "county.gpkg", "roads", {{"X", OFTString}}, {}, {tl::test::square()}, {}, true);
    tl::test::write_bytes(dir / "readme.txt", "not data");
    write_parcels_shp(dir / "roads.shp");  // a layer tenglong does not know: ignored

    const Project pr = load_project(dir.path());
    CHECK(pr.file.empty());
    CHECK(pr.base_dir == dir.path());
    CHECK(pr.name == dir.path().filename().string());
    std::vector<std::string> names;
    for (const auto& [name, spec] : pr.layers) names.push_back(name);
    CHECK(names == std::vector<std::string>{"approvals", "buildings", "enterprises", "parcels", "supplies"});
    CHECK(pr.layers.at("parcels").source == (dir / "宗地.shp").string());
    CHECK(pr.layers.at("parcels").layer.empty());
    CHECK(pr.layers.at("buildings").source == (dir / "Buildings.GeoJSON").string());
    CHECK(pr.layers.at("enterprises").source == (dir / "亩均数据.csv").string());
    CHECK(pr.layers.at("approvals").source == (dir / "county.gpkg").string());
    CHECK(pr.layers.at("approvals").layer == "PCYD");
    CHECK(pr.layers.at("supplies").layer == "供地");
    CHECK(pr.layers.at("parcels").encoding == "auto");

    IssueLog issues;
    const RawLayer s = read_layer(pr.layers.at("supplies"), issues);
    CHECK(s.source_layer == "供地");
}

TEST_CASE("data directory: a GBK file name (a zip from a Chinese Windows) is still 宗地", "[io][project][discovery]") {
    TempDir dir;
    write_parcels_shp(dir.path() / "\xD7\xDA\xB5\xD8.shp");  // 宗地 in GBK bytes
    const Project pr = load_project(dir.path());
    REQUIRE(pr.layers.count("parcels"));
    IssueLog issues;
    CHECK(read_layer(pr.layers.at("parcels"), issues).features.size() == 1);
}

TEST_CASE("data directory errors: no parcels, two candidates", "[io][project][discovery][errors]") {
    {
        TempDir dir;
        write_parcels_shp(dir / "buildings.shp");
        CHECK_THROWS_WITH(load_project(dir.path()), Catch::Contains("no parcels (宗地) layer found") &&
                                                        Catch::Contains("buildings.shp") && Catch::Contains("宗地"));
    }
    {
        TempDir dir;
        write_parcels_shp(dir / "parcels.shp");
        write_parcels_shp(dir / "ZD.shp");
        try {
            load_project(dir.path());
            FAIL("no exception");
        } catch (const ConfigError& e) {
            CHECK_THAT(std::string(e.what()), Catch::Contains("more than one source for the parcels") &&
                                                  Catch::Contains("ZD.shp") && Catch::Contains("parcels.shp"));
            CHECK(e.exit_code() == 2);
        }
    }
}

TEST_CASE("profile: a built-in name stays, a path is relative to the project file", "[io][project]") {
    TempDir dir;
    tl::test::write_bytes(dir / "profiles" / "mine.toml", "# profile\n");
    const std::string parcels = "[layers.parcels]\nsource = \"parcels.shp\"\n";
    CHECK(load_project(project_with(dir, "profile = \"linhai\"\n" + parcels)).profile == "linhai");
    CHECK(load_project(project_with(dir, "profile = \"profiles/mine.toml\"\n" + parcels)).profile ==
          (dir / "profiles" / "mine.toml").string());
    CHECK_THAT(config_error("profile = \"profiles/nope.toml\"\n" + parcels),
               Catch::Contains("line 1: profile file not found") && Catch::Contains("profiles/nope.toml"));
}

TEST_CASE("passing a data file instead of a project or folder says what to pass", "[io][project][errors]") {
    TempDir dir;
    write_parcels_shp(dir / "parcels.shp");
    CHECK_THROWS_WITH(load_project(dir / "parcels.shp"), Catch::Contains("is a data file, not a project"));
    CHECK_THROWS_AS(load_project(dir / "parcels.shp"), ConfigError);
}

TEST_CASE("sql: the layer is a query's result (a PostGIS view in the project file)", "[io][project][sql]") {
    TempDir dir;
    tl::test::write_layer("GPKG", dir / "county.gpkg", "zd", {{"ZDDM", OFTString, 19}, {"QLRMC", OFTString, 40}},
                          {{std::string("P1"), std::string("张三")}, {std::string("P2"), std::string("李四")}},
                          {tl::test::square(), tl::test::square()});
    const fs::path p = dir / "project.toml";
    tl::test::write_bytes(p, "[layers.parcels]\nsource = \"county.gpkg\"\nsql = \"SELECT * FROM zd WHERE ZDDM = 'P2'\"\n");
    const Project pr = load_project(p);
    CHECK(pr.layers.at("parcels").sql == "SELECT * FROM zd WHERE ZDDM = 'P2'");
    IssueLog issues;
    const RawLayer raw = read_layer(pr.layers.at("parcels"), issues);
    REQUIRE(raw.features.size() == 1);
    CHECK(raw.features[0].values[0].value_or("") == "P2");
    CHECK(raw.source_layer == "sql: SELECT * FROM zd WHERE ZDDM = 'P2'");

    // A query the source refuses: a project error naming the layer and the key to fix.
    tl::test::write_bytes(p, "[layers.parcels]\nsource = \"county.gpkg\"\nsql = \"SELECT * FROM no_such_table\"\n");
    CHECK_THROWS_AS(read_layer(load_project(p).layers.at("parcels"), issues), ConfigError);
    CHECK_THROWS_WITH(read_layer(load_project(p).layers.at("parcels"), issues),
                      Catch::Contains("layer parcels: the sql query failed") && Catch::Contains("no_such_table") &&
                          Catch::Contains("[layers.parcels]"));
}

TEST_CASE("sql errors: empty, or together with layer", "[io][project][sql][errors]") {
    const std::string parcels = "[layers.parcels]\nsource = \"parcels.shp\"\n";
    CHECK_THAT(config_error(parcels + "sql = \"  \"\n"), Catch::Contains("line 3: layers.parcels.sql is empty"));
    CHECK_THAT(config_error(parcels + "layer = \"parcels\"\nsql = \"SELECT 1\"\n"),
               Catch::Contains("[layers.parcels] has both layer and sql"));
    CHECK_THAT(config_error(parcels + "sql = 3\n"), Catch::Contains("layers.parcels.sql must be a string"));
}
