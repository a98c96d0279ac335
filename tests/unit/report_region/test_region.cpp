// Region projects: region.toml parsing (io/region.hpp) and the roll-up from county folders
// (report/region_rollup.hpp) on hand-written county results, so that each expected number is
// stated here: sums of integers stay integers, areas add in region order, a category that did
// not run adds nothing, the by_rule entries add by rule; the combined CSV takes the union of the
// counties' columns and keeps quoted cells (commas, quotes, line breaks) intact; a county
// without results, or with an error in its log, is listed as failed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "io/region.hpp"
#include "report/region_rollup.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

class Temp {
public:
    Temp() {
        std::string t = (fs::temp_directory_path() / "tl-region-XXXXXX").string();
        if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp");
        m_p = t;
    }
    ~Temp() {
        std::error_code ec;
        fs::remove_all(m_p, ec);
    }
    fs::path operator/(const std::string& rel) const { return m_p / fs::u8path(rel); }
private:
    fs::path m_p;
};

void put(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::string get(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("region.toml: counties, paths relative to the file, profiles") {
    Temp t;
    fs::create_directories(t / "a");
    put(t / "b/project.toml", "name = \"b\"\n");
    put(t / "r/region.toml", "name = \"市\"\nlevel = \"city\"\nas_of = 2023-12-31\nprofile = \"yinzhou\"\n"
                             "[[counties]]\nname = \"甲县\"\ndata = \"../a/\"\n"
                             "[[counties]]\nname = \"乙县\"\nproject = \"../b/project.toml\"\nprofile = \"xiangshan\"\n");
    REQUIRE(tl::io::is_region_file(t / "r/region.toml"));
    REQUIRE_FALSE(tl::io::is_region_file(t / "b/project.toml"));
    const tl::io::Region r = tl::io::load_region(t / "r/region.toml");
    CHECK(r.name == "市");
    CHECK(r.level == "city");
    CHECK(r.as_of.iso() == "2023-12-31");
    REQUIRE(r.counties.size() == 2);
    CHECK(r.counties[0].input == (t / "a").lexically_normal());
    CHECK(r.counties[0].source == "../a/");
    CHECK(r.profile_of(r.counties[0]) == "yinzhou");
    CHECK(r.profile_of(r.counties[1]) == "xiangshan");
    CHECK(r.counties[1].input == (t / "b/project.toml").lexically_normal());
}

TEST_CASE("region.toml: errors name the key, the line and the fix") {
    Temp t;
    fs::create_directories(t / "a");
    auto fails = [&](const std::string& text, const std::string& want) {
        put(t / "region.toml", text);
        REQUIRE_THROWS_AS(tl::io::load_region(t / "region.toml"), tl::ConfigError);
        REQUIRE_THROWS_WITH(tl::io::load_region(t / "region.toml"), Contains(want));
    };
    const std::string a = "[[counties]]\nname = \"甲县\"\ndata = \"a\"\n";
    fails(a, "no as_of");
    fails("as_of = \"2023-12-31\"\n", "no counties");
    fails("as_of = \"2023-12-31\"\ncolour = 1\n" + a, "line 2: unknown key \"colour\"");
    fails("as_of = \"2023-02-30\"\n" + a, "as_of is not a date");
    fails("as_of = \"2023-12-31\"\n" + a + a, "listed twice");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"x\"\n", "exactly one of project");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"x\"\ndata = \"a\"\nproject = \"p.toml\"\n", "project file not found");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"x\"\ndata = \"nowhere\"\n", "data folder not found");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"logs\"\ndata = \"a\"\n", "cannot be a folder name");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"a/b\"\ndata = \"a\"\n", "cannot be a folder name");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"region.csv\"\ndata = \"a\"\n", "cannot be a folder name");
    fails("as_of = \"2023-12-31\"\n[[counties]]\ndata = \"a\"\n", "has no name");
    fails("as_of = \"2023-12-31\"\n[[counties]]\nname = \"x\"\ndata = \"a\"\nsize = 3\n", "unknown key \"size\" in [[counties]]");
}

TEST_CASE("roll-up: sums of the counties' numbers, combined lists, failed counties") {
    Temp t;
    for (const char* d : {"a", "b", "c", "d"}) fs::create_directories(t / "data" / d);
    put(t / "region.toml", "name = \"R\"\nas_of = \"2023-12-31\"\n"
                           "[[counties]]\nname = \"A\"\ndata = \"data/a\"\n[[counties]]\nname = \"B\"\ndata = \"data/b\"\n"
                           "[[counties]]\nname = \"C\"\ndata = \"data/c\"\n[[counties]]\nname = \"D\"\ndata = \"data/d\"\n");
    const tl::io::Region region = tl::io::load_region(t / "region.toml");
    const fs::path out = t / "out";
    put(out / "A/summary.json", R"({"as_of": "2023-12-31", "profile": "national",
        "layers": {"parcels": {"features_read": 10, "features_rejected": 1}},
        "categories": {"unsupplied": {"count": 2, "area_m2": 0.1, "area_mu": 1.25, "supply_rate": 0.5},
                       "idle": {"count": 3, "area_m2": 30.0, "area_mu": 0.05,
                                "by_rule": {"R02": {"count": 1, "area_m2": 10.0, "area_mu": 0.01, "name": "闲置"}}},
                       "control_line": {"ran": false, "skipped_reason": "no control_lines layer"}},
        "issues": {"total": 4, "by_kind": {"bad_date": 4}}})");
    put(out / "B/summary.json", R"({"as_of": "2023-12-31", "profile": "linhai",
        "layers": {"parcels": {"features_read": 5, "features_rejected": 0}, "buildings": {"features_read": 7}},
        "categories": {"unsupplied": {"count": 1, "area_m2": 0.2, "area_mu": 2.5, "supply_rate": 0.9},
                       "idle": {"count": 1, "area_m2": 1.5, "area_mu": 0.002,
                                "by_rule": {"R02": {"count": 2, "area_m2": 1.0, "area_mu": 0.001, "name": "闲置"},
                                            "R03": {"count": 1, "area_m2": 0.5, "area_mu": 0.001, "name": "中止"}}},
                       "control_line": {"count": 7, "area_m2": 70.0, "area_mu": 0.105}},
        "issues": {"total": 1, "by_kind": {"sliver": 1}}})");
    // Different columns, cells with a comma, a quote and a line break.
    put(out / "A/idle.csv", "\xEF\xBB\xBF" "编号,面积(亩)\r\n1,\"1,5\"\r\n2,\"say \"\"hi\"\"\"\r\n");
    put(out / "B/idle.csv", "\xEF\xBB\xBF" "编号,说明\r\n9,\"two\r\nlines\"\r\n");
    // GeoJSON: one feature a line, and a line of another shape (parsed).
    put(out / "A/idle.geojson", "{\n\"type\": \"FeatureCollection\",\n\"features\": [\n"
                                "{ \"type\": \"Feature\", \"properties\": { \"id\": 1 }, \"geometry\": null },\n"
                                "{ \"type\": \"Feature\", \"geometry\": null, \"properties\": { \"id\": 2 } }\n]\n}\n");
    // C: nothing at all; D: a log with an error (and no results).
    put(out / "logs/D.log", "读取: x\ntenglong: 错误: /x/parcels.shp: cut short\n");

    const auto res = tl::report::build_region_rollup(region, out, tl::report::Lang::en);
    CHECK(res.ok == 2);
    REQUIRE(res.failed == std::vector<std::string>{"C", "D"});
    CHECK_THAT(res.errors[0], Contains("no results"));
    CHECK(res.errors[1] == "/x/parcels.shp: cut short");

    const auto s = nlohmann::json::parse(get(out / "summary.json"));
    CHECK(s["counties_ok"] == 2);
    CHECK(s["counties_failed"] == 2);
    const auto& u = s["categories"]["unsupplied"];
    CHECK(u["count"].is_number_integer());
    CHECK(u["count"] == 3);
    CHECK(u["area_m2"].get<double>() == 0.1 + 0.2);   // exactly the double sum, in region order
    CHECK(u["area_mu"].get<double>() == 1.25 + 2.5);
    CHECK_FALSE(u.contains("supply_rate"));           // ratios are not summed
    const auto& cl = s["categories"]["control_line"];
    CHECK(cl["count"] == 7);                           // A's did not run: B's alone
    CHECK(cl["counties_ran"] == 1);
    CHECK(cl["by_county"]["A"]["ran"] == false);
    const auto& r02 = s["categories"]["idle"]["by_rule"]["R02"];
    CHECK(r02["count"] == 3);
    CHECK(r02["name"] == "闲置");
    CHECK(s["categories"]["idle"]["by_rule"]["R03"]["count"] == 1);
    CHECK(s["layers"]["parcels"]["features_read"] == 15);
    CHECK(s["layers"]["buildings"]["features_read"] == 7);
    CHECK(s["issues"]["total"] == 5);
    CHECK(s["issues"]["by_kind"]["sliver"] == 1);
    CHECK(s["counties"][3]["error"] == "/x/parcels.shp: cut short");

    CHECK(get(out / "idle.csv") == "\xEF\xBB\xBF" "county,编号,面积(亩),说明\r\n"
                                   "A,1,\"1,5\",\r\n"
                                   "A,2,\"say \"\"hi\"\"\",\r\n"
                                   "B,9,,\"two\r\nlines\"\r\n");
    const auto g = nlohmann::ordered_json::parse(get(out / "idle.geojson"));
    REQUIRE(g["features"].size() == 2);
    for (const auto& f : g["features"]) CHECK(f["properties"].begin().key() == "county");
    CHECK(g["features"][1]["properties"]["id"] == 2);
    CHECK(g["features"][1]["properties"]["county"] == "A");
    const std::string csv = get(out / "region.csv");
    CHECK_THAT(csv, Contains("\r\ntotal,done 2/4,,3,3.75,"));
    CHECK_THAT(csv, Contains("\r\nD,failed,"));
    CHECK(fs::exists(out / "report.html"));
    // A combined list no county has any more is removed by the next roll-up (no stale file).
    fs::remove(out / "A/idle.csv");
    fs::remove(out / "B/idle.csv");
    (void)tl::report::build_region_rollup(region, out, tl::report::Lang::en);
    CHECK_FALSE(fs::exists(out / "idle.csv"));
}
