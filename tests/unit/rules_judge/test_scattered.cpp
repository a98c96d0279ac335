// R12 零星地块 verdicts (rules::judge_scattered): the (五) cap and 夹心地 / 边角地 on the measures of
// the hand-made block (tests/unit/analysis_adjacency/block.hpp), under the national profile and
// children changing one key.
#include <catch2/catch.hpp>

#include "analysis/scattered.hpp"
#include "rules/scattered.hpp"
#include "support/national.hpp"
#include "unit/analysis_adjacency/block.hpp"

using namespace tl;
using rules::LeftoverClass;
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

std::size_t leftover(const analysis::ScatteredResult& r, const std::string& id) {
    for (std::size_t k = 0; k < r.leftovers.size(); ++k)
        if (r.leftovers[k].id == id) return k;
    FAIL("no leftover " << id);
    throw 0;
}

} // namespace

TEST_CASE("R12: classes and the cap (五) 2, inclusive", "[rules][scattered]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    auto u1 = geom::from_wkt(c, test::rect(20, -10, 40, 0));
    auto u2 = geom::from_wkt(c, test::rect(160, 0, 170, 20));
    const std::vector<analysis::LeftoverInput> pieces{{"U1", u1.get(), "批次A"}, {"U2", u2.get(), "批次B"}};
    IssueLog issues;
    const auto r = analysis::find_scattered(c, parcels, nullptr, pieces, rules::scattered_params(national()), issues);
    const auto v = rules::judge_scattered(national(), r);
    REQUIRE(v.kinds.size() == r.leftovers.size());
    CHECK(v.kinds[leftover(r, "ZD-L1")] == LeftoverClass::sandwich);   // 40 of 60 m
    CHECK(v.kinds[leftover(r, "ZD-L2")] == LeftoverClass::sandwich);   // 50 of 60 m
    CHECK(v.kinds[leftover(r, "U1")] == LeftoverClass::edge);          // 20 of 60 m
    CHECK(v.kinds[leftover(r, "U2")] == LeftoverClass::edge);

    REQUIRE(v.hosts.size() == 3);
    CHECK(v.hosts[0].cap_m2 == Approx(1160));   // min(20 % × 5800, 10 亩)
    CHECK(v.hosts[1].cap_m2 == Approx(480));    // 20 % × 2400
    CHECK(v.hosts[2].cap_m2 == Approx(200));    // 20 % × 1000
    REQUIRE(v.candidates.size() == 6);
    CHECK(v.candidates[2].outcome == Outcome::pass);   // ZD-H: 600 ≤ 1160
    CHECK(v.hosts[0].total.outcome == Outcome::pass);
    // ZD-N2 (cap exactly 200 m²): the first 200 m² is within ("不超过" includes the number), the second is not.
    CHECK(v.candidates[4].outcome == Outcome::pass);
    CHECK(v.candidates[4].measured == Approx(200));
    CHECK(v.candidates[4].threshold == Approx(200));
    CHECK(v.candidates[5].outcome == Outcome::fail);
    CHECK(v.candidates[5].rule_id == "R12");
    CHECK(v.candidates[5].clause == national().text("scattered.clause"));
    CHECK(v.hosts[2].total.outcome == Outcome::fail);

    SECTION("the profile's numbers decide") {
        // 10 % of the host: ZD-H's cap is 580 m², the third candidate (600 m²) is beyond it.
        const auto v10 = rules::judge_scattered(
            child("[scattered]\nmax_share_of_host = { value = 0.10, fail_if = \"gt\", cite = \"t\" }\n"), r);
        CHECK(v10.hosts[0].cap_m2 == Approx(580));
        CHECK(v10.candidates[2].outcome == Outcome::fail);
        // 夹心地 only from 70 % enclosed: ZD-L1 (67 %) becomes 边角地, ZD-L2 (83 %) stays.
        const auto v70 = rules::judge_scattered(child("[scattered]\nsandwich_share_min = { value = 0.7, cite = \"t\" }\n"), r);
        CHECK(v70.kinds[leftover(r, "ZD-L1")] == LeftoverClass::edge);
        CHECK(v70.kinds[leftover(r, "ZD-L2")] == LeftoverClass::sandwich);
    }
}

TEST_CASE("R12: the 10 亩 cap binds on a large host, and bounds what is 零星", "[rules][scattered]") {
    geom::GeosContext c;
    const auto parcels = test::make_layer(c, "parcels", test::parcel_keys(), {
        {test::rect(0, 0, 300, 300), {{"id", "BIG"}, {"owner", "庚集团"}, {"land_use", "M2"}, {"tenure", "出让"}}},
        {test::rect(300, 0, 400, 200.0 / 3), {{"id", "S1"}}},                // 10 亩 (to the last bit)
        {test::rect(300, 100, 310, 110), {{"id", "S2"}}},
    });
    IssueLog issues;
    const auto r = analysis::find_scattered(c, parcels, nullptr, {}, rules::scattered_params(national()), issues);
    const auto v = rules::judge_scattered(national(), r);
    REQUIRE(v.hosts.size() == 1);
    CHECK(v.hosts[0].cap_m2 == Approx(10000.0 * 10 / 15));
    REQUIRE(v.candidates.size() == 2);
    CHECK(v.candidates[0].outcome == Outcome::pass);   // = 10 亩: within
    CHECK(v.candidates[1].outcome == Outcome::fail);
    // Under a 5 亩 cap S1 (10 亩) is not 零星 at all: not measured as a leftover.
    const auto p5 = child("[scattered]\nmax_area_mu = { value = 5, fail_if = \"gt\", cite = \"t\" }\n");
    const auto r5 = analysis::find_scattered(c, parcels, nullptr, {}, rules::scattered_params(p5), issues);
    CHECK(r5.too_large == 1);
    REQUIRE(r5.candidates.size() == 1);
}
