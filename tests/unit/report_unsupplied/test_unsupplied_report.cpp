// unsupplied.* and idle.* tables and their summary totals.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/units.hpp"
#include "io/gdal.hpp"
#include "report/idle_report.hpp"
#include "report/unsupplied_report.hpp"
#include "rules/idle.hpp"
#include "rules/unsupplied.hpp"
#include "unit/analysis_unsupplied/layers.hpp"

using namespace tl;
using tl::test::make_layer;
using tl::test::rect;
using tl::test::Row;

namespace {

const rules::Profile& national() {
    static const rules::Profile p = rules::load_profile("national");
    return p;
}

int column(const report::Table& t, const std::string& key) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        if (t.columns[i].key == key) return static_cast<int>(i);
    }
    FAIL("no column " << key);
    return -1;
}

std::string cell(const report::Table& t, std::size_t row, const std::string& key) {
    const int k = column(t, key);
    return report::format_cell(t.columns[static_cast<std::size_t>(k)], t.rows.at(row)[static_cast<std::size_t>(k)]);
}

void check_shape(const report::Table& t) {
    for (const auto& row : t.rows) REQUIRE(row.size() == t.columns.size());
    for (const auto& c : t.columns) {
        CHECK_FALSE(c.key.empty());
        CHECK_FALSE(c.zh.empty());
        CHECK_FALSE(c.en.empty());
    }
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Unsupplied {
    geom::GeosContext c;
    geom::Layer approvals, supplies;
    analysis::UnsuppliedParams params;
    analysis::UnsuppliedResult result;
    IssueLog issues;
}; // struct Unsupplied

// Three batches: B1 30 % supplied (one piece of 7000 m² after a sliver is dropped), B2 fully
// supplied, B3 two pieces and no date.
std::unique_ptr<Unsupplied> unsupplied_case() {
    auto u = std::make_unique<Unsupplied>();
    u->approvals = make_layer(u->c, "approvals", test::approval_keys(), {
        Row{rect(0, 0, 100, 100), {{"id", "B1"}, {"name", "2016年第3批次"}, {"doc_no", "浙政土〔2016〕12号"}, {"approved_on", "2016-05-20"}}},
        Row{rect(200, 0, 300, 100), {{"id", "B2"}, {"name", "2021年第1批次"}, {"approved_on", "2021-03-01"}}},
        Row{"MULTIPOLYGON(((400 0,410 0,410 10,400 10,400 0)),((500 0,520 0,520 10,500 10,500 0)))", {{"id", "B3"}}},
    });
    u->supplies = make_layer(u->c, "supplies", test::supply_keys(), {
        Row{rect(0, 0, 15, 100), {{"id", "S1"}}},             // S1 and S1b miss each other by 3 cm:
        Row{rect(15.03, 0, 30, 100), {{"id", "S1b"}}},        //   a 0.03 × 100 m sliver of 3 m²
        Row{rect(200, 0, 300, 100), {{"id", "S2"}}},
    });
    u->params.as_of = Date{2023, 12, 31};
    u->result = analysis::find_unsupplied(u->c, u->approvals, &u->supplies, nullptr, analysis::TownshipLookup{}, u->params,
                                          u->issues);
    return u;
}

} // namespace

TEST_CASE("unsupplied batch table: rows are batches with unsupplied land", "[report][unsupplied]") {
    auto u = unsupplied_case();
    const auto t = report::unsupplied_batches_table(u->result, rules::judge_unsupplied(national(), u->result), u->params, report::Lang::zh);
    CHECK(t.name == "unsupplied");
    check_shape(t);
    REQUIRE(t.rows.size() == 2);                         // B2 is fully supplied
    CHECK(cell(t, 0, "batch_id") == "B1");
    CHECK(cell(t, 0, "approved_on") == "2016-05-20");
    CHECK(cell(t, 0, "age_years") == "7");
    CHECK(cell(t, 0, "age_bucket") == "≥5年");
    CHECK(cell(t, 0, "area_m2") == "7000.00");
    CHECK(cell(t, 0, "area_mu") == "10.50");             // 7000 × 15 / 10000, exactly
    CHECK(cell(t, 0, "supply_rate") == "0.3000");        // the 3 m² sliver counts as supplied
    CHECK(cell(t, 0, "sliver_count") == "1");
    CHECK(cell(t, 0, "sliver_area_m2") == "3.00");
    CHECK(cell(t, 0, "supplied_area_m2") == "2997.00");
    CHECK(cell(t, 0, "rule") == "R01");
    CHECK(cell(t, 0, "supply_ids") == "S1;S1b");
    CHECK(cell(t, 0, "clause").find("批而未供") != std::string::npos);
    CHECK(cell(t, 1, "batch_id") == "B3");
    CHECK(cell(t, 1, "age_bucket") == "日期不详");
    CHECK(cell(t, 1, "approved_on").empty());
    CHECK(cell(t, 1, "piece_count") == "2");
    CHECK(t.geoms.empty());

    const auto all = report::unsupplied_batches_table(u->result, rules::judge_unsupplied(national(), u->result), u->params, report::Lang::en, {true});
    REQUIRE(all.rows.size() == 3);
    CHECK(cell(all, 1, "batch_id") == "B2");
    CHECK(cell(all, 1, "supply_rate") == "1.0000");
    CHECK(cell(all, 2, "age_bucket") == "date unknown");
    CHECK(cell(all, 0, "value").find("supply rate 30.0%") != std::string::npos);
}

TEST_CASE("unsupplied pieces table: one feature per piece, with geometry", "[report][unsupplied]") {
    auto u = unsupplied_case();
    const auto t = report::unsupplied_pieces_table(u->result, rules::judge_unsupplied(national(), u->result), u->params, report::Lang::zh);
    check_shape(t);
    REQUIRE(t.rows.size() == 3);
    REQUIRE(t.geoms.size() == 3);
    for (const auto* g : t.geoms) CHECK(g != nullptr);
    CHECK(cell(t, 0, "batch_id") == "B1");
    CHECK(cell(t, 1, "batch_id") == "B3");
    CHECK(cell(t, 1, "piece") == "1");
    CHECK(cell(t, 1, "area_m2") == "100.00");
    CHECK(cell(t, 2, "piece") == "2");
    CHECK(cell(t, 2, "area_m2") == "200.00");

    // The writers accept the tables (CSV with BOM and our headers; GeoJSON in WGS 84).
    const auto dir = std::filesystem::temp_directory_path() / "tl_report_unsupplied_test";
    std::filesystem::create_directories(dir);
    const auto batches = report::unsupplied_batches_table(u->result, rules::judge_unsupplied(national(), u->result), u->params, report::Lang::zh);
    report::write_csv(batches, dir / "unsupplied.csv", report::Lang::zh);
    const std::string csv = slurp(dir / "unsupplied.csv");
    CHECK(csv.rfind("\xEF\xBB\xBF批次编号,批次名称", 0) == 0);
    CHECK(csv.find("7000.00,10.50,0.3000") != std::string::npos);
    io::gdal::ensure_registered();   // the CLI registers GDAL's drivers at start-up
    const auto crs = geom::identify_crs("EPSG:4549", "test");
    report::write_geojson(u->c, t, crs, dir / "unsupplied.geojson");
    const std::string gj = slurp(dir / "unsupplied.geojson");
    CHECK(gj.find("\"FeatureCollection\"") != std::string::npos);
    CHECK(gj.find("\"batch_id\"") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("unsupplied summary totals", "[report][unsupplied]") {
    auto u = unsupplied_case();
    const auto j = report::unsupplied_summary_json(u->result);
    CHECK(j["ran"] == true);
    CHECK(j["count"] == 2);
    CHECK(j["area_m2"].get<double>() == Approx(7300.0));
    CHECK(j["area_mu"].get<double>() == Approx(10.95));
    CHECK(j["pieces"] == 3);
    CHECK(j["supply_source"] == "supplies");
    CHECK(j["batches_analysed"]["count"] == 3);
    CHECK(j["batches_analysed"]["area_m2"].get<double>() == Approx(20300.0));
    CHECK(j["by_age_bucket"]["≥5年"]["count"] == 1);
    CHECK(j["by_age_bucket"]["≥5年"]["area_m2"].get<double>() == Approx(7000.0));
    CHECK(j["by_age_bucket"]["日期不详"]["count"] == 1);
    CHECK(j["by_age_bucket"]["<2年"]["count"] == 0);
    CHECK(j["slivers_dropped"]["count"] == 1);
    CHECK(j["slivers_dropped"]["area_m2"].get<double>() == Approx(3.0));
    CHECK(j["supply_rate"].get<double>() == Approx(1.0 - 7300.0 / 20300.0).margin(1e-4));
}

TEST_CASE("idle table: one row per rule met, with clause and geometry", "[report][idle]") {
    geom::GeosContext c;
    IssueLog issues;
    auto supplies = make_layer(c, "supplies", test::supply_keys(), {
        Row{rect(0, 0, 100, 100), {{"id", "G1"}, {"kind", "出让"}, {"agreed_start_on", "2021-03-01"}, {"land_price", "1234.5"}}},
        Row{rect(200, 0, 300, 50), {{"id", "G2"}, {"agreed_start_on", "2022-09-01"}}},
        Row{rect(400, 0, 500, 100), {{"id", "G3"}, {"agreed_start_on", "2021-03-01"}, {"government_delay", "是"}}},
        Row{rect(600, 0, 700, 100), {{"id", "G4"}, {"agreed_start_on", "2024-03-01"}}},   // not yet due
    });
    analysis::IdleMeasureParams p;
    p.as_of = Date{2023, 12, 31};
    // The clause comes from the profile: the national one, and a county's override of R21/R22.
    const auto national = rules::load_profile("national");
    const auto r = rules::judge_idle(national, analysis::measure_supplies(c, &supplies, nullptr, nullptr, nullptr,
                                                                          analysis::TownshipLookup{}, p, issues),
                                     &supplies, issues);
    const auto t = report::idle_table(r, &supplies, report::Lang::zh);
    CHECK(t.name == "idle");
    check_shape(t);
    REQUIRE(t.rows.size() == 3);
    REQUIRE(t.geoms.size() == 3);
    CHECK(cell(t, 0, "supply_id") == "G1");
    CHECK(cell(t, 0, "rule") == "R02b");
    CHECK(cell(t, 0, "deadline") == "2023-03-01");
    CHECK(cell(t, 0, "fee_estimate") == "246.90");
    CHECK(cell(t, 0, "area_mu") == "15.00");
    CHECK(cell(t, 0, "status") == "候选，需调查认定");
    CHECK(cell(t, 0, "clause").find("第十四条") != std::string::npos);
    CHECK(cell(t, 1, "rule") == "R02");
    CHECK(cell(t, 1, "days_overdue") == "486");
    CHECK(cell(t, 2, "rule") == "R02g");
    CHECK(cell(t, 2, "fee_estimate").empty());
    CHECK(cell(t, 2, "disposal") == "政府原因，协商处置");
    const auto en = report::idle_table(r, &supplies, report::Lang::en);
    CHECK(cell(en, 0, "clause").find("MLR Order No. 53") != std::string::npos);
    CHECK(cell(en, 2, "government_delay") == "yes");

    const auto j = report::idle_summary_json(r);
    CHECK(j["count"] == 3);
    CHECK(j["area_m2"].get<double>() == Approx(25000.0));
    CHECK(j["idle_legal"]["count"] == 2);
    CHECK(j["by_rule"]["R02b"]["count"] == 1);
    CHECK(j["by_rule"]["R02b"]["fee_estimate_10k_cny"].get<double>() == Approx(246.9));
    CHECK(j["by_rule"]["R02g"]["area_mu"].get<double>() == Approx(15.0));
    CHECK(j["by_rule"]["R03"]["count"] == 0);
    CHECK(j["supplies_evaluated"] == 4);
}
