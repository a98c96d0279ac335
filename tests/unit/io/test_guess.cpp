// io::guess (what `tenglong init` writes), the reader's binding of Chinese names and aliases,
// and init's as_of placeholder in a project file.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/issue_log.hpp"
#include "io/guess.hpp"
#include "io/project.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"
#include "unit/io/fixtures.hpp"

using namespace tl;
using namespace tl::io;
using namespace tl::io::guess;
using tl::test::TempDir;
namespace fs = std::filesystem;

namespace {

const LayerDef& layer(const char* name) { return *find_layer_def(name); }

// The column guess_fields chose for `key`, "" when none.
std::string chosen(const LayerFields& g, const std::string& key) {
    for (const auto& f : g.fields)
        if (f.field->key == key) return f.chosen ? f.chosen->column : std::string();
    FAIL("no key " << key);
    return {};
}

Confidence confidence(const LayerFields& g, const std::string& key) {
    for (const auto& f : g.fields)
        if (f.field->key == key && f.chosen) return f.chosen->confidence;
    return Confidence::none;
}

} // namespace

TEST_CASE("layer names: Chinese, pinyin, initials, with years and codes around them", "[io][guess]") {
    auto best = [](const std::string& name) -> std::string {
        const auto c = layer_candidates(name);
        return c.empty() ? std::string() : c.front().layer->name;
    };
    CHECK(best("宗地") == "parcels");
    CHECK(best("zongdi") == "parcels");
    CHECK(best("ZD_2023") == "parcels");
    CHECK(best("ZD330188") == "parcels");
    CHECK(best("zdjbxx") == "parcels");
    CHECK(best("宗地基本信息表") == "parcels");
    CHECK(best("jianzhu") == "buildings");
    CHECK(best("JZW") == "buildings");
    CHECK(best("建筑物2023") == "buildings");
    CHECK(best("pici") == "approvals");
    CHECK(best("pcyd") == "approvals");
    CHECK(best("批次用地") == "approvals");
    CHECK(best("gongdi") == "supplies");
    CHECK(best("土地供应") == "supplies");
    CHECK(best("kongzhixian") == "control_lines");
    CHECK(best("kzx") == "control_lines");
    CHECK(best("工业用地控制线2021") == "control_lines");
    CHECK(best("zhenjie") == "townships");
    CHECK(best("XZQ") == "townships");
    CHECK(best("mujun") == "enterprises");
    CHECK(best("2023年亩均评价") == "enterprises");
    CHECK(best("readme").empty());
    CHECK(best("道路").empty());
    // Exact names are sure; two-letter initials inside a longer name less so.
    CHECK(layer_candidates("zongdi").front().confidence == Confidence::high);
    CHECK(layer_candidates("zd_2023").front().confidence == Confidence::medium);
    CHECK(layer_candidates("宗地基本信息表").front().confidence == Confidence::medium);
}

TEST_CASE("column names: Chinese names, aliases, pinyin initials, brackets and units", "[io][guess]") {
    const std::vector<std::string> cols{"宗地代码", "权利人", "地类编码", "宗地面积（平方米）", "乡镇", "权利性质", "信用代码",
                                        "容积率下限", "备注", "OBJECTID"};
    const auto g = guess_fields(layer("parcels"), cols);
    CHECK(chosen(g, "id") == "宗地代码");
    CHECK(confidence(g, "id") == Confidence::high);
    CHECK(chosen(g, "owner") == "权利人");
    CHECK(chosen(g, "land_use") == "地类编码");
    CHECK(chosen(g, "registered_area_m2") == "宗地面积（平方米）");   // no unit in 宗地面积: brackets aside
    CHECK(chosen(g, "township") == "乡镇");
    CHECK(chosen(g, "tenure") == "权利性质");
    CHECK(chosen(g, "enterprise_id") == "信用代码");
    CHECK(chosen(g, "contract_far_min") == "容积率下限");
    CHECK(chosen(g, "remaining_term_years").empty());
    CHECK(g.unmapped == std::vector<std::string>{"备注", "OBJECTID"});

    // Pinyin initials of supplies, and a DBF-truncated Chinese name.
    const auto s = guess_fields(layer("supplies"), {"HTBH", "ZDDM", "CJJK", "YTZ", "约定竣工日", "供地日期"});
    CHECK(chosen(s, "id") == "HTBH");
    CHECK(chosen(s, "land_price") == "CJJK");
    CHECK(chosen(s, "invested") == "YTZ");
    CHECK(chosen(s, "supplied_on") == "供地日期");
    CHECK(chosen(s, "agreed_completion_on") == "约定竣工日");
    CHECK(confidence(s, "agreed_completion_on") == Confidence::medium);

    // A column in another unit of the same quantity is chosen (the reader converts it); one in a
    // unit of another quantity never is: it is offered with the unit named.
    const auto e = guess_fields(layer("enterprises"), {"统一社会信用代码", "税收（元）", "工业增加值（万元）", "年份", "综合能耗(千克)", "用地面积（亩）"});
    CHECK(chosen(e, "tax") == "税收（元）");
    CHECK(chosen(e, "value_added") == "工业增加值（万元）");
    CHECK(chosen(e, "year") == "年份");
    CHECK(chosen(e, "land_area_m2") == "用地面积（亩）");
    CHECK(chosen(e, "energy_tce").empty());
    bool offered = false;
    for (const auto& f : e.fields) {
        if (f.field->key == "energy_tce")
            for (const auto& o : f.others) offered = offered || (o.column == "综合能耗(千克)" && o.unit_mismatch == "千克");
        if (f.field->key == "tax") CHECK_THAT(f.chosen->why_zh, Catch::Contains("读入时换算为「万元」"));
    }
    CHECK(offered);
    CHECK(std::find(e.unmapped.begin(), e.unmapped.end(), "综合能耗(千克)") != e.unmapped.end());
    CHECK(header_unit("税收（元）")->name == "元");
    CHECK(header_unit("税收(2023)") == nullptr);
    CHECK(field_unit(*find_field_def(layer("enterprises"), "tax"))->name == "万元");
    CHECK(field_unit(*find_field_def(layer("parcels"), "registered_area_m2"))->name == "平方米");
    CHECK(field_unit(*find_field_def(layer("parcels"), "owner")) == nullptr);
}

TEST_CASE("values: parcel and credit codes found by their form, dates raise a name match", "[io][guess]") {
    std::vector<std::vector<std::string>> samples{{"330188001001GB00015", "330188003006JB00041", ""},
                                                  {"913301880002149811", "91330188099756819H"},
                                                  {"2019-05-01", "2020/6/3", "20210101"}};
    const auto g = guess_fields(layer("enterprises"), {"BM", "DM", "RQ"}, &samples);
    CHECK(chosen(g, "parcel_id") == "BM");
    CHECK(confidence(g, "parcel_id") == Confidence::low);
    CHECK(chosen(g, "id") == "DM");
    CHECK(looks_like(ValueKind::parcel_code, "330188001001GB00015"));
    CHECK_FALSE(looks_like(ValueKind::parcel_code, "33018800100GB00015"));
    CHECK(looks_like(ValueKind::credit_code, "91330188099756819H"));
    CHECK_FALSE(looks_like(ValueKind::credit_code, "张三"));
    // A date column named loosely is raised by its values.
    std::vector<std::vector<std::string>> dates{{"2019-05-01", "2020-06-03"}};
    const auto s = guess_fields(layer("supplies"), {"供地日期(合同)"}, &dates);
    CHECK(chosen(s, "supplied_on") == "供地日期(合同)");
    CHECK(confidence(s, "supplied_on") == Confidence::high);
}

TEST_CASE("did you mean: the closest column, else the field's best candidate", "[io][guess]") {
    const auto& parcels = layer("parcels");
    const FieldDef& id = *find_field_def(parcels, "id");
    CHECK(did_you_mean(id, "宗地代吗", {"宗地代码", "权利人"}) == "宗地代码");
    CHECK(did_you_mean(id, "ZDBH", {"BH", "QLRMC"}) == "BH");
    CHECK(did_you_mean(id, "", {"宗地代码_2023", "权利人"}) == "宗地代码_2023");
    CHECK(did_you_mean(id, "XYZ", {"权利人"}).empty());
    CHECK(same_column_name("税收（万元）", "税收(万元)"));
    CHECK(same_column_name("zddm", "ZDDM"));
    CHECK_FALSE(same_column_name("税收(元)", "税收(万元)"));
}

TEST_CASE("the reader binds Chinese column names and aliases without a project file", "[io][guess][reader]") {
    TempDir dir;
    const fs::path shp = dir / "zongdi.shp";
    tl::test::write_layer("ESRI Shapefile", shp, "zongdi", {{"宗地代码", OFTString, 19}, {"权利人", OFTString, 40}, {"宗地面积", OFTReal, 16}},
                          {{std::string("P1"), std::string("张三"), std::string("12")}}, {tl::test::square()}, {"ENCODING=CP936"});
    // (GBK: a DBF column name holds 10 bytes, 宗地代码 is 8 in GBK and 12 in UTF-8.)
    // The folder finds zongdi.shp as the parcels layer.
    const Project p = load_project(dir.path());
    REQUIRE(p.layers.count("parcels"));
    IssueLog issues;
    const RawLayer l = read_layer(p.layers.at("parcels"), issues);
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("id"))] == "宗地代码");
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("owner"))] == "权利人");
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("registered_area_m2"))] == "宗地面积");
    // all_columns: every source column after the canonical keys, nothing required.
    LayerSpec spec = p.layers.at("parcels");
    spec.name = "approvals";
    ReadOptions ro;
    ro.all_columns = true;
    const RawLayer all = read_layer(spec, issues, ro);
    REQUIRE(all.keys.size() == layer("approvals").fields.size() + 3);
    CHECK(all.columns.back() == "宗地面积");
    CHECK(*all.features.at(0).values.back() == "12");
}

TEST_CASE("init's as_of placeholder loads as unset; a real date does not", "[io][project]") {
    TempDir dir;
    tl::test::write_layer("ESRI Shapefile", dir / "parcels.shp", "parcels", {{"ZDDM", OFTString, 19}}, {{std::string("P1")}},
                          {tl::test::square()}, {"ENCODING=UTF-8"});
    const fs::path f = dir / "project.toml";
    tl::test::write_bytes(f, std::string("as_of = \"") + as_of_placeholder_text() + "\"\n[layers.parcels]\nsource = \"parcels.shp\"\n");
    Project p = load_project(f);
    CHECK(p.as_of_placeholder);
    CHECK_FALSE(p.as_of);
    tl::test::write_bytes(f, "as_of = \"2023-12-31\"\n[layers.parcels]\nsource = \"parcels.shp\"\n");
    p = load_project(f);
    CHECK_FALSE(p.as_of_placeholder);
    CHECK(p.as_of);
}

TEST_CASE("units: a header in 元 or 亩, or the project's units, is converted as it is read", "[io][guess][reader]") {
    TempDir dir;
    tl::test::write_bytes(dir / "mujun.csv",
                          "统一社会信用代码,税收（元）,用地面积,工业增加值(万元)\n913301880002149811,766300,2.5,12.5\n913301880002149812,,x,1\n"
                          "913301880002149813,\"1,234,500.00\",２.５,1\n");
    tl::test::write_bytes(dir / "project.toml",
                          "[layers.parcels]\nsource = \"mujun.csv\"\n"   // any source: only the table is read below
                          "[layers.enterprises]\nsource = \"mujun.csv\"\nunits = { land_area_m2 = \"亩\" }\n");
    const Project p = load_project(dir / "project.toml");
    IssueLog issues;
    const RawLayer l = read_layer(p.layers.at("enterprises"), issues);
    auto value = [&](std::size_t row, const char* key) { return l.features.at(row).values[static_cast<std::size_t>(l.key_index(key))]; };
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("tax"))] == "税收（元）");
    CHECK(*value(0, "tax") == "76.63");
    CHECK(*value(0, "land_area_m2") == "1666.6666666666667");
    CHECK(*value(0, "value_added") == "12.5");
    CHECK_FALSE(value(1, "tax"));
    CHECK(*value(1, "land_area_m2") == "x");   // not a number: left for the value check
    CHECK(*value(2, "tax") == "123.45");                  // thousands separators, as the value check reads them
    CHECK(*value(2, "land_area_m2") == "1666.6666666666667");   // full-width digits
    REQUIRE(l.unit_conversions.count("tax"));
    CHECK_THAT(l.unit_conversions.at("tax"), Catch::Contains("元 -> 万元") && Catch::Contains("column header"));
    CHECK_THAT(l.unit_conversions.at("land_area_m2"), Catch::Contains("亩 -> 平方米") && Catch::Contains("units.land_area_m2"));
    int notes = 0;
    for (const auto& i : issues.sorted()) notes += i.kind == "unit_converted" ? 1 : 0;
    CHECK(notes == 2);
    // A unit of another quantity, or a key without a unit, is a ConfigError naming what is allowed.
    tl::test::write_bytes(dir / "project.toml", "[layers.parcels]\nsource = \"mujun.csv\"\n[layers.enterprises]\nsource = \"mujun.csv\"\n"
                                                "units = { tax = \"亩\" }\n");
    CHECK_THROWS_WITH(load_project(dir / "project.toml"), Catch::Contains("units.tax = \"亩\" is not a unit of 税收(万元)") &&
                                                              Catch::Contains("万元"));
    tl::test::write_bytes(dir / "project.toml", "[layers.parcels]\nsource = \"mujun.csv\"\n[layers.enterprises]\nsource = \"mujun.csv\"\n"
                                                "units = { name = \"元\" }\n");
    CHECK_THROWS_AS(load_project(dir / "project.toml"), ConfigError);
}
