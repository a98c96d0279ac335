// check-merge (临政发〔2022〕22号 (五), (七)) on the hand-made block (block.hpp).
#include <catch2/catch.hpp>

#include "analysis/merge_check.hpp"
#include "block.hpp"
#include "support/national.hpp"

using namespace tl;
using analysis::Outcome;

namespace {

struct World {
    geom::GeosContext c;
    geom::Layer parcels = test::block_parcels(c);
    geom::Layer buildings = test::block_buildings(c);
    std::size_t at(const std::string& id) const {
        for (std::size_t i = 0; i < parcels.features.size(); ++i)
            if (parcels.features[i].id == id) return i;
        throw std::runtime_error("no parcel " + id);
    }
};

const analysis::Condition& cond(const analysis::MergeCheckResult& r, const std::string& id) {
    for (const auto& c : r.conditions)
        if (c.id == id) return c;
    FAIL("no condition " << id);
    throw 0;
}

} // namespace

TEST_CASE("check-merge: (五) with two 零星地块 and a planned floor area", "[analysis][merge]") {
    World w;
    const analysis::MergeCheckParams p = test::merge_params();
    IssueLog issues;
    // ZD-H: 5800 m² registered, floor area 1800 (B1, 2 × 900) + 1800 (B2, 12 m single storey ×2) = 3600.
    auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-L1"), w.at("ZD-L2")}, 1000.0, p, issues);
    CHECK(r.host_floor_area_m2 == Approx(3600));
    CHECK(r.far_before == Approx(3600.0 / 5800));
    CHECK(r.leftover_area_m2 == Approx(400));
    CHECK(cond(r, "5.host").outcome == Outcome::pass);
    CHECK(cond(r, "5.adjacent").outcome == Outcome::pass);
    CHECK(cond(r, "5.cap_share").outcome == Outcome::pass);   // 400 ≤ 1160
    CHECK(cond(r, "5.cap_mu").outcome == Outcome::pass);      // 0.6 亩 ≤ 10
    // FAR after = 4600 / 6200 = 0.742 (+19.5 %): not ≥ 20 %; share 1000 / 4600 = 21.7 % ≥ 20 %: pass.
    CHECK(*r.far_after == Approx(4600.0 / 6200));
    CHECK(cond(r, "5.uplift").outcome == Outcome::pass);
    CHECK(cond(r, "5.plan").outcome == Outcome::manual);
    CHECK(r.overall == Outcome::pass);

    SECTION("too little new floor area fails the uplift test") {
        r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-L1")}, 500.0, p, issues);
        // FAR 4100 / 6000 = 0.683 (+10 %); share 500 / 4100 = 12.2 %.
        CHECK(cond(r, "5.uplift").outcome == Outcome::fail);
        CHECK(r.overall == Outcome::fail);
    }
    SECTION("exactly 20 % of the total after passes (20%以上 includes the number)") {
        r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-L1")}, 900.0, p, issues);
        CHECK(cond(r, "5.uplift").outcome == Outcome::pass);   // 900 / 4500 = 20 %
    }
    SECTION("without --planned-floor-area the uplift is indeterminate") {
        r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-L1")}, std::nullopt, p, issues);
        CHECK(cond(r, "5.uplift").outcome == Outcome::indeterminate);
        CHECK(r.overall == Outcome::indeterminate);
    }
    SECTION("a 零星地块 that does not touch the host fails adjacency") {
        // ZD-L2 alone touches ZD-H (20 m); ZD-P only at a corner.
        auto r2 = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-N2"), {w.at("ZD-L1")}, 5000.0, p, issues);
        CHECK(cond(r2, "5.adjacent").outcome == Outcome::fail);
        CHECK(r2.overall == Outcome::fail);
    }
    SECTION("the cap: ZD-N2 (1000 m², cap 200 m²) with ZD-L2 (200 m²) passes exactly") {
        auto r2 = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-N2"), {w.at("ZD-L2")}, 1000.0, p, issues);
        CHECK(cond(r2, "5.cap_share").outcome == Outcome::pass);
    }
}

TEST_CASE("check-merge: (七) merge of two firms' parcels", "[analysis][merge]") {
    World w;
    const analysis::MergeCheckParams p = test::merge_params();
    IssueLog issues;
    SECTION("ZD-H + ZD-N1 without a planned floor area: a pure (七) merge, passes") {
        auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-N1")}, std::nullopt, p, issues);
        CHECK(cond(r, "7.host").outcome == Outcome::pass);
        for (const auto& c : r.conditions) CHECK(c.id.rfind("5.", 0) != 0);
        CHECK(r.overall == Outcome::pass);
    }
    SECTION("ZD-H + ZD-N1: adjacent, same tenure and right type; term = 28 years") {
        auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-N1")}, 2000.0, p, issues);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::pass);
        CHECK(cond(r, "7.tenure").outcome == Outcome::pass);
        CHECK(cond(r, "7.right").outcome == Outcome::pass);
        CHECK(cond(r, "7.term").outcome == Outcome::pass);
        REQUIRE(r.merged_term_years);
        CHECK(*r.merged_term_years == 28.0);
    }
    SECTION("ZD-N1 + ZD-N2: 出让 vs 划拨 fails the tenure test") {
        auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-N1"), {w.at("ZD-N2")}, 2000.0, p, issues);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::pass);
        CHECK(cond(r, "7.tenure").outcome == Outcome::fail);
        CHECK(r.overall == Outcome::fail);
    }
    SECTION("ZD-H + ZD-P: corner contact is not 界线相邻; missing right type is indeterminate") {
        auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-P")}, 2000.0, p, issues);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::fail);
        CHECK(cond(r, "7.right").outcome == Outcome::indeterminate);
        CHECK(cond(r, "7.term").outcome == Outcome::indeterminate);
    }
    SECTION("ZD-H + ZD-S: a 0.5 m stub is not 界线相邻") {
        auto r = analysis::check_merge(w.c, w.parcels, &w.buildings, w.at("ZD-H"), {w.at("ZD-S")}, 2000.0, p, issues);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::fail);
    }
}
