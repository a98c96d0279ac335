// scattered.* and control_line.* tables: columns, rows, labels per language, and the files
// (CSV with BOM, GeoJSON in WGS 84) on the hand-made block.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <gdal.h>

#include "geom/crs.hpp"
#include "report/control_line_report.hpp"
#include "rules/control_line.hpp"
#include "rules/scattered.hpp"
#include "report/labels.hpp"
#include "report/scattered_report.hpp"
#include "support/paths.hpp"
#include "unit/analysis_adjacency/block.hpp"
#include "support/national.hpp"

using namespace tl;

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int column(const report::Table& t, const std::string& key) {
    for (std::size_t k = 0; k < t.columns.size(); ++k)
        if (t.columns[k].key == key) return static_cast<int>(k);
    FAIL("no column " << key);
    return -1;
}

std::string cell_text(const report::Table& t, std::size_t row, const std::string& key) {
    return report::format_cell(t.columns[column(t, key)], t.rows[row][column(t, key)]);
}

// The block sits at the README's offsets from (500000, 3200000) in EPSG:4549.
geom::GeomPtr shifted(geom::GeosContext& c, const GEOSGeometry* g) {
    return geom::own(c, GEOSGeom_transformXY_r(c.get(), g, [](double* x, double* y, void*) { *x += 500000; *y += 3200000; return 1; }, nullptr),
                     "shift");
}

} // namespace

TEST_CASE("scattered table: one row per candidate with the cap test and clause", "[report][scattered]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    IssueLog issues;
    const auto r = analysis::find_scattered(c, parcels, nullptr, {}, test::scattered_params(), issues);
    const auto p = rules::judge_scattered(rules::load_profile("national"), r);
    const report::Table zh = report::scattered_table(r, p, report::Lang::zh);
    REQUIRE(zh.rows.size() == r.candidates.size());
    REQUIRE(zh.rows.size() == 4);   // H–L1, H–L2, N1–L2, N2–L2
    REQUIRE(zh.geoms.size() == zh.rows.size());
    CHECK(cell_text(zh, 0, "leftover_id") == "ZD-L1");
    CHECK(cell_text(zh, 0, "kind") == "夹心地");
    CHECK(cell_text(zh, 0, "host_id") == "ZD-H");
    CHECK(cell_text(zh, 0, "shared_length_m") == "40.00");
    CHECK(cell_text(zh, 0, "area_mu") == "0.30");
    CHECK(cell_text(zh, 0, "within_cap") == "通过");
    CHECK(cell_text(zh, 0, "rule") == "R12");
    CHECK(cell_text(zh, 0, "clause") == p.clause);
    CHECK(p.clause.find("临政发〔2022〕22号 (五)") != std::string::npos);   // national: the Linhai reference, said so
    // ZD-N2 (1000 m², cap 200 m²) and ZD-L2 (200 m²): exactly at the cap, inclusive.
    CHECK(cell_text(zh, 3, "host_id") == "ZD-N2");
    CHECK(cell_text(zh, 3, "cap_m2") == "200.00");
    CHECK(cell_text(zh, 3, "within_cap") == "通过");
    const report::Table en = report::scattered_table(r, p, report::Lang::en);
    CHECK(cell_text(en, 0, "kind") == "sandwich");
    CHECK(cell_text(en, 0, "within_cap") == "pass");

    SECTION("written as CSV with BOM and as WGS 84 GeoJSON") {
        const auto dir = std::filesystem::temp_directory_path() / "tl-report-scattered";
        std::filesystem::create_directories(dir);
        report::write_csv(zh, dir / "scattered.csv", report::Lang::zh);
        const std::string csv = slurp(dir / "scattered.csv");
        CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
        CHECK(csv.find("零星地块编号") != std::string::npos);
        CHECK(csv.find("ZD-L1,国有未供地块,夹心地,200.00,0.30") != std::string::npos);
        // GeoJSON needs real coordinates: shift the leftovers into place.
        GDALAllRegister();
        std::vector<geom::GeomPtr> keep;
        report::Table g = zh;
        for (auto& ptr : g.geoms) {
            keep.push_back(shifted(c, ptr));
            ptr = keep.back().get();
        }
        report::write_geojson(c, g, geom::identify_crs("EPSG:4549", "test"), dir / "scattered.geojson");
        const std::string gj = slurp(dir / "scattered.geojson");
        CHECK(gj.find("\"leftover_id\":\"ZD-L1\"") != std::string::npos);
        CHECK(gj.find("\"within_cap\":\"通过\"") != std::string::npos);
        std::filesystem::remove_all(dir);
    }
}

TEST_CASE("control line tables: candidates first, ledger with a total row", "[report][control_line]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    const geom::Layer lines = test::make_layer(c, "control_lines", {"id"}, {{test::rect(-50, -50, 80, 100), {{"id", "KZX-1"}}}});
    IssueLog issues;
    const auto conv = analysis::read_conversions(test::data("adjacency/conversions.csv"), issues);
    const auto m = analysis::measure_control_line(c, parcels, &lines, conv, test::control_line_params(), issues);
    const auto profile = rules::parse_profile("[profile]\nid = \"t\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n"
                                              "extends = \"national\"\n[control_line]\n"
                                              "ratio = { value = 1.2, fail_if = \"lt\", cite = \"临平政办〔2022〕92号 四(二) 1:1.2\" }\n", "test");
    const auto r = rules::judge_control_line(profile, m);
    const std::string clause_swap = profile.text("control_line.swap_clause");

    const report::Table t = report::control_line_table(r, parcels, report::Lang::zh);
    REQUIRE(t.rows.size() == 4);   // outside: L2, N1, N2; partly outside: H
    CHECK(cell_text(t, 0, "parcel_id") == "ZD-L2");
    CHECK(cell_text(t, 0, "status") == "outside");   // the code; the CSV shows its words
    CHECK(report::value_label(report::kDomainLineStatus, "outside", report::Lang::zh) == "线外(置换候选)");
    CHECK(cell_text(t, 3, "parcel_id") == "ZD-H");
    CHECK(report::value_label(report::kDomainLineStatus, cell_text(t, 3, "status"), report::Lang::zh) == "部分在线外");
    CHECK(cell_text(t, 3, "outside_m2") == "1200.00");
    CHECK(cell_text(t, 3, "inside_share") == "0.7931");
    CHECK(cell_text(t, 0, "clause") == clause_swap);   // the profile's control_line.swap_clause
    CHECK(clause_swap.find("浙政发〔2021〕31号") != std::string::npos);
    CHECK(cell_text(t, 0, "threshold") == "线内比例 < 50% 为线外");

    const report::Table l = report::control_line_ledger_table(m, r, report::Lang::en);
    REQUIRE(l.rows.size() == conv.size() + 1);
    CHECK(cell_text(l, 0, "id") == "C1");
    CHECK(cell_text(l, 0, "required_m2") == "951.72");   // 1.2 × 1000 × 4600/5800
    CHECK(cell_text(l, 1, "id") == "C2");
    CHECK(cell_text(l, 1, "balance") == "fail");         // 200 < 1.2 × 200
    CHECK(cell_text(l, l.rows.size() - 1, "id") == "total");
    CHECK(l.geoms.empty());
}
