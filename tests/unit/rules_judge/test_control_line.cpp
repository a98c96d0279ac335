// R16 verdicts (rules::judge_control_line) on the measures of the hand-made block
// (tests/unit/analysis_adjacency/block.hpp) and tests/data/adjacency/conversions.csv, under the
// national profile and a child changing one key.
#include <catch2/catch.hpp>

#include "analysis/control_line.hpp"
#include "rules/control_line.hpp"
#include "support/national.hpp"
#include "support/paths.hpp"
#include "unit/analysis_adjacency/block.hpp"

using namespace tl;
using rules::LineStatus;
using rules::Outcome;

namespace {

rules::Profile child(const std::string& keys) {
    return rules::parse_profile("[profile]\nid = \"t\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n"
                                "extends = \"national\"\n" + keys, "test");
}

const rules::Profile& national() {
    static const rules::Profile p = rules::load_profile("national");
    return p;
}

const rules::ParcelLineVerdict& line_of(const rules::ControlLineVerdicts& r, const std::string& id) {
    for (const auto& p : r.parcels)
        if (p.line->id == id) return p;
    FAIL("no parcel " << id);
    throw 0;
}

const rules::LedgerVerdict& ledger_row(const rules::ControlLineVerdicts& r, const std::string& id) {
    for (const auto& v : r.ledger)
        if (v.row->conversion.id == id) return v;
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

TEST_CASE("R16: outside below control_line.inside_share_min, partly outside listed, inside not", "[rules][control_line]") {
    World w;
    IssueLog issues;
    const auto m = analysis::measure_control_line(w.c, w.parcels, &w.lines, {}, test::control_line_params(), issues);
    const auto r = rules::judge_control_line(national(), m);
    REQUIRE(r.parcels.size() == 5);
    CHECK(line_of(r, "ZD-H").status == LineStatus::partly_outside);
    CHECK(line_of(r, "ZD-H").verdict.outcome == Outcome::pass);
    CHECK(line_of(r, "ZD-L1").status == LineStatus::inside);
    CHECK(line_of(r, "ZD-N1").status == LineStatus::outside);
    CHECK(line_of(r, "ZD-N1").verdict.outcome == Outcome::fail);
    CHECK(line_of(r, "ZD-N1").verdict.rule_id == "R16");
    CHECK(line_of(r, "ZD-N1").verdict.comparison == "<");
    CHECK(line_of(r, "ZD-N1").verdict.threshold == Approx(0.5));
    CHECK(line_of(r, "ZD-N1").verdict.clause == national().text("control_line.swap_clause"));
    CHECK(line_of(r, "ZD-L2").status == LineStatus::outside);

    SECTION("exactly half inside is not outside (strict <)") {
        const auto half = test::make_layer(w.c, "control_lines", {"id"}, {{test::rect(100, 20, 130, 60), {{"id", "K2"}}}});
        const auto m2 = analysis::measure_control_line(w.c, w.parcels, &half, {}, test::control_line_params(), issues);
        const auto r2 = rules::judge_control_line(national(), m2);
        CHECK(line_of(r2, "ZD-N1").status == LineStatus::partly_outside);
    }
    SECTION("the profile's share decides: ZD-H (79 % inside) is outside under 0.8") {
        const auto r2 = rules::judge_control_line(
            child("[control_line]\ninside_share_min = { value = 0.8, fail_if = \"lt\", cite = \"t\" }\n"), m);
        CHECK(line_of(r2, "ZD-H").status == LineStatus::outside);
    }
}

TEST_CASE("R16 ledger: 改一补一 and 先补后发 as verdicts", "[rules][control_line]") {
    World w;
    IssueLog issues;
    const auto conv = analysis::read_conversions(test::data("adjacency/conversions.csv"), issues);
    const auto m = analysis::measure_control_line(w.c, w.parcels, &w.lines, conv, test::control_line_params(), issues);
    auto r = rules::judge_control_line(national(), m);   // 改一补一
    // C1: 793.1 m² to compensate; 1000 given, approved first.
    CHECK(ledger_row(r, "C1").required_m2 == Approx(1000.0 * 4600 / 5800));
    CHECK(ledger_row(r, "C1").balance.outcome == Outcome::pass);
    CHECK(ledger_row(r, "C1").compensate_first.outcome == Outcome::pass);
    // C2: same day counts as "no later than".
    CHECK(ledger_row(r, "C2").balance.outcome == Outcome::pass);
    CHECK(ledger_row(r, "C2").compensate_first.outcome == Outcome::pass);
    // C3: ZD-N1 lies outside the line: nothing to compensate.
    CHECK(ledger_row(r, "C3").required_m2 == 0);
    CHECK(ledger_row(r, "C3").balance.outcome == Outcome::pass);
    CHECK(ledger_row(r, "C3").compensate_first.outcome == Outcome::pass);
    // C4: compensation approved a day after the conversion.
    CHECK(ledger_row(r, "C4").compensate_first.outcome == Outcome::fail);
    // C5: unreadable conversion date: indeterminate, saying what is missing.
    CHECK(ledger_row(r, "C5").compensate_first.outcome == Outcome::indeterminate);
    CHECK(ledger_row(r, "C5").compensate_first.missing == "converted_on");
    CHECK(r.total_balance.outcome == Outcome::pass);

    SECTION("Linping 1:1.2: C2 (200 m² for 200 m² inside) no longer balances") {
        r = rules::judge_control_line(child("[control_line]\nratio = { value = 1.2, fail_if = \"lt\", cite = \"临平政办〔2022〕92号 四(二)\" }\n"), m);
        CHECK(ledger_row(r, "C2").required_m2 == Approx(240));
        CHECK(ledger_row(r, "C2").balance.outcome == Outcome::fail);
        CHECK(ledger_row(r, "C1").balance.outcome == Outcome::pass);   // 951.7 ≤ 1000
        CHECK(r.clause_ledger.find("临平政办〔2022〕92号") != std::string::npos);
    }
}
