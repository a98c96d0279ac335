// check-merge's measures (analysis::measure_merge) on the hand-made block (block.hpp): roles,
// adjacency through accepted pieces, the host's floor area. The conditions (verdicts):
// tests/unit/rules_judge/test_merge_check.cpp.
#include <catch2/catch.hpp>

#include "analysis/merge_check.hpp"
#include "block.hpp"
#include "support/national.hpp"

using namespace tl;

TEST_CASE("check-merge measures: roles, connection, floor area", "[analysis][merge]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    const geom::Layer buildings = test::block_buildings(c);
    auto at = [&](const std::string& id) {
        for (std::size_t i = 0; i < parcels.features.size(); ++i)
            if (parcels.features[i].id == id) return i;
        throw std::runtime_error("no parcel " + id);
    };
    IssueLog issues;
    const auto p = test::merge_params();
    // ZD-H: 5800 m² registered, floor area 1800 (B1, 2 × 900) + 1800 (B2, 12 m single storey ×2) = 3600.
    const auto r = analysis::measure_merge(c, parcels, &buildings, at("ZD-H"), {at("ZD-L1"), at("ZD-L2"), at("ZD-N1"), at("ZD-P")},
                                           1000.0, p, issues);
    CHECK(r.host_floor_area_m2 == Approx(3600));
    CHECK(r.host_area_m2 == Approx(5800));
    CHECK(r.host_area_basis == "registered");
    CHECK_FALSE(r.floor_area_lower_bound);
    REQUIRE(r.pieces.size() == 4);
    CHECK(r.pieces[0].leftover);         // ZD-L1: owner empty
    CHECK(r.pieces[1].leftover);         // ZD-L2: 国有
    CHECK_FALSE(r.pieces[2].leftover);   // ZD-N1: a firm's
    CHECK(r.pieces[0].shared_with_host_m == Approx(40));
    CHECK(r.pieces[0].connected);
    CHECK(r.pieces[2].connected);
    CHECK(r.pieces[3].shared_with_host_m == 0);   // ZD-P: corner contact only
    CHECK(r.min_shared_m == p.adjacency.min_shared_m);
    // Without buildings the floor area is a lower bound (0).
    const auto r0 = analysis::measure_merge(c, parcels, nullptr, at("ZD-H"), {at("ZD-L1")}, std::nullopt, p, issues);
    CHECK(r0.host_floor_area_m2 == 0);
    CHECK(r0.floor_area_lower_bound);
}
