// 工业用地控制线 shares and the 占补 ledger's areas (the measures of R16) on the hand-made block
// (block.hpp) and tests/data/adjacency/conversions.csv (Chinese headers, a bad date, an unknown
// parcel). The verdicts on them: tests/unit/rules_judge/test_control_line.cpp.
#include <catch2/catch.hpp>

#include "analysis/control_line.hpp"
#include "core/errors.hpp"
#include "block.hpp"
#include "support/paths.hpp"
#include "support/national.hpp"

using namespace tl;

namespace {

const analysis::ParcelLine& line_of(const analysis::ControlLineResult& r, const std::string& id) {
    for (const auto& p : r.parcels)
        if (p.id == id) return p;
    FAIL("no parcel " << id);
    throw 0;
}

const analysis::LedgerRow& ledger_row(const analysis::ControlLineResult& r, const std::string& id) {
    for (const auto& row : r.ledger)
        if (row.conversion.id == id) return row;
    FAIL("no ledger row " << id);
    throw 0;
}

struct World {
    geom::GeosContext c;
    geom::Layer parcels = test::block_parcels(c);
    geom::Layer lines = test::make_layer(c, "control_lines", {"id", "name", "kind"},
                                         {{test::rect(-50, -50, 80, 100), {{"id", "KZX-1"}}}});
};

} // namespace

TEST_CASE("control line: share inside per industrial parcel", "[analysis][control_line]") {
    World w;
    IssueLog issues;
    const analysis::ControlLineParams p = test::control_line_params();
    const auto r = analysis::measure_control_line(w.c, w.parcels, &w.lines, {}, p, issues);
    REQUIRE(r.has_lines);
    REQUIRE(r.parcels.size() == 5);   // H, L1 (0601), L2 (1001), N1, N2; not G, P, S
    CHECK(line_of(r, "ZD-H").inside_m2 == Approx(4600));
    CHECK(line_of(r, "ZD-H").inside_share == Approx(4600.0 / 5800));
    CHECK(line_of(r, "ZD-H").outside_m2() == Approx(1200));
    CHECK(line_of(r, "ZD-L1").inside_share == Approx(1.0));
    CHECK(line_of(r, "ZD-L1").outside_m2() == Approx(0));
    CHECK(line_of(r, "ZD-N1").inside_share == 0);

    SECTION("exactly half inside") {
        const auto half = test::make_layer(w.c, "control_lines", {"id"}, {{test::rect(100, 20, 130, 60), {{"id", "K2"}}}});
        const auto r2 = analysis::measure_control_line(w.c, w.parcels, &half, {}, p, issues);
        CHECK(line_of(r2, "ZD-N1").inside_share == Approx(0.5));
    }
    SECTION("no control lines: nothing measured") {
        const auto r2 = analysis::measure_control_line(w.c, w.parcels, nullptr, {}, p, issues);
        CHECK_FALSE(r2.has_lines);
        CHECK(r2.parcels.empty());
    }
}

TEST_CASE("control line: the 占补 ledger from a conversions CSV", "[analysis][control_line]") {
    World w;
    IssueLog issues;
    const auto conv = analysis::read_conversions(test::data("adjacency/conversions.csv"), issues);
    REQUIRE(conv.size() == 5);
    CHECK(conv[0].id == "C1");
    REQUIRE(conv[3].compensation_approved_on);
    CHECK(conv[3].compensation_approved_on->iso() == "2023-07-02");   // 2023年7月2日
    CHECK_FALSE(conv[4].converted_on);                                // 2023-13-01: an issue
    CHECK(issues.count_by_kind().at("bad_date") == 1);

    const analysis::ControlLineParams p = test::control_line_params();
    const auto r = analysis::measure_control_line(w.c, w.parcels, &w.lines, conv, p, issues);
    // C1: ZD-H is 79.3 % inside: of 1000 m² converted, 793.1 m² inside the line.
    CHECK(ledger_row(r, "C1").converted_inside_m2 == Approx(1000.0 * 4600 / 5800));
    CHECK(ledger_row(r, "C1").compensation_inside_m2 == Approx(1000));
    // C3: ZD-N1 lies outside the line: nothing inside.
    CHECK(ledger_row(r, "C3").converted_inside_m2 == 0);
    // C4: unknown parcel, counted fully.
    CHECK(ledger_row(r, "C4").converted_inside_m2 == Approx(100));
    CHECK(issues.count_by_kind().at("conversion_parcel_unknown") == 1);
    // Ledger order: by date, undated last.
    CHECK(r.ledger.front().conversion.id == "C1");
    CHECK(r.ledger.back().conversion.id == "C5");
    double converted = 0;
    for (const auto& row : r.ledger) converted += row.converted_inside_m2;
    CHECK(r.total_converted_inside_m2 == Approx(converted));
}

TEST_CASE("control line: a conversions table without the required columns is a ConfigError", "[analysis][control_line]") {
    IssueLog issues;
    CHECK_THROWS_AS(analysis::read_conversions(test::data("adjacency/conversions_bad_header.csv"), issues), tl::ConfigError);
    CHECK_THROWS_AS(analysis::read_conversions(test::data("adjacency/no_such_file.csv"), issues), tl::IoError);
}

// The zone is the union of the lines, tested part by part (its disjoint parts in an R-tree);
// each parcel's area inside must be the area of parcel ∩ union(lines) computed directly: lines
// that overlap (K1, K2), touch along an edge (K2, K5), stand apart (K3, with a hole; K4), a
// parcel wholly inside one part (ZD-L1 in K5) and parcels across several parts.
TEST_CASE("control line: the union's parts give the area inside the whole union", "[analysis][control_line]") {
    World w;
    IssueLog issues;
    const auto lines = test::make_layer(w.c, "control_lines", {"id"}, {
        {test::rect(-50, -50, 50, 30), {{"id", "K1"}}},
        {test::rect(40, 20, 120, 45), {{"id", "K2"}}},
        {"POLYGON((130 -10,170 -10,170 70,130 70,130 -10),(140 30,150 30,150 40,140 40,140 30))", {{"id", "K3"}}},
        {test::rect(101, 1, 104, 4), {{"id", "K4"}}},
        {test::rect(35, 45, 65, 65), {{"id", "K5"}}},
    });
    std::vector<const GEOSGeometry*> gs;
    for (const auto& f : lines.features) gs.push_back(f.geom.get());
    const geom::GeomPtr zone = geom::union_all(w.c, gs);
    REQUIRE(GEOSGetNumGeometries_r(w.c.get(), zone.get()) == 3);   // K1+K2+K5, K3, K4
    for (const unsigned threads : {1u, 2u}) {
        analysis::ControlLineParams p = test::control_line_params();
        p.threads = threads;
        const auto r = analysis::measure_control_line(w.c, w.parcels, &lines, {}, p, issues);
        REQUIRE(r.parcels.size() == 5);
        for (const auto& pl : r.parcels) {
            const auto& f = w.parcels.features[pl.parcel];
            const double expect = geom::area(w.c, geom::intersection(w.c, f.geom.get(), zone.get()).get());
            INFO(pl.id << " threads " << threads);
            CHECK(pl.inside_m2 == Approx(expect).margin(1e-6));
        }
        CHECK(line_of(r, "ZD-L1").inside_share == 1.0);   // wholly inside K5: its own area, exactly
        CHECK(line_of(r, "ZD-L2").inside_m2 == Approx(9));   // K4 only
        CHECK(line_of(r, "ZD-N1").inside_m2 == Approx(20 * 25 + 30 * 40 - 100));   // K2 strip, K3 minus its hole
    }
    CHECK(issues.size() == 0);
}
