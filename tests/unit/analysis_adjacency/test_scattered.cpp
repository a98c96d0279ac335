// 零星地块 (R12, 临政发〔2022〕22号 (五)) on the hand-made block (block.hpp): what is found and
// measured. The cap and the classes (the verdicts): tests/unit/rules_judge/test_scattered.cpp.
#include <catch2/catch.hpp>

#include "analysis/scattered.hpp"
#include "block.hpp"
#include "support/national.hpp"

using namespace tl;
using analysis::LeftoverSource;

namespace {

const analysis::Leftover& by_id(const analysis::ScatteredResult& r, const std::string& id) {
    for (const auto& l : r.leftovers)
        if (l.id == id) return l;
    FAIL("no leftover " << id);
    throw 0;
}

} // namespace

TEST_CASE("scattered: leftovers, hosts, shares and running totals", "[analysis][scattered]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    // Two 批而未供 pieces: U1 under ZD-H (20 of its 60 m on the host: 边角地), U2 east of ZD-N2.
    auto u1 = geom::from_wkt(c, test::rect(20, -10, 40, 0));
    auto u2 = geom::from_wkt(c, test::rect(160, 0, 170, 20));
    const std::vector<analysis::LeftoverInput> pieces{{"U1", u1.get(), "批次A"}, {"U2", u2.get(), "批次B"}};
    analysis::ScatteredParams p = test::scattered_params();
    IssueLog issues;
    const auto r = analysis::find_scattered(c, parcels, nullptr, pieces, p, issues);
    CHECK(issues.size() == 0);

    // Leftovers: the two pieces, and the two state-held unsupplied parcels.
    REQUIRE(r.leftovers.size() == 4);
    CHECK(by_id(r, "ZD-L1").source == LeftoverSource::state_unassigned);   // owner empty
    CHECK(by_id(r, "ZD-L2").source == LeftoverSource::state_unassigned);   // owner 国有
    CHECK(by_id(r, "U1").source == LeftoverSource::unsupplied);
    // Classes: L1 has 40 of 60 m on ZD-H; L2 is closed in by three hosts (20 + 10 + 20 of 60 m);
    // U1 has 20 of 60 m on ZD-H; U2 20 of 60 m on ZD-N2.
    CHECK(by_id(r, "ZD-L1").enclosed_share == Approx(40.0 / 60));
    CHECK(by_id(r, "ZD-L2").enclosed_share == Approx(50.0 / 60));
    CHECK(by_id(r, "ZD-L2").hosts == 3);
    CHECK(by_id(r, "U1").enclosed_share == Approx(20.0 / 60));

    // Hosts: ZD-H, ZD-N1, ZD-N2 (industrial, with an owner); not ZD-G (0701) and not the leftovers.
    REQUIRE(r.hosts.size() == 3);
    CHECK(r.hosts[0].id == "ZD-H");
    CHECK(r.hosts[0].area_basis == "registered");
    CHECK(r.hosts[0].area_m2 == Approx(5800));          // registered
    CHECK(r.hosts[1].id == "ZD-N1");
    CHECK(r.hosts[1].area_m2 == Approx(2400));          // geometric
    CHECK(r.hosts[1].area_basis == "geometric");
    CHECK(r.hosts[2].id == "ZD-N2");

    // ZD-H takes L1 (40 m), then U1 and L2 (20 m each; equal area, by id): 200, 400, 600 ≤ 1160.
    REQUIRE(r.candidates.size() == 6);
    auto row = [&](std::size_t k) {
        return std::make_pair(r.hosts[r.candidates[k].host].id, r.leftovers[r.candidates[k].leftover].id);
    };
    CHECK(row(0) == std::make_pair(std::string("ZD-H"), std::string("ZD-L1")));
    CHECK(row(1) == std::make_pair(std::string("ZD-H"), std::string("U1")));
    CHECK(row(2) == std::make_pair(std::string("ZD-H"), std::string("ZD-L2")));
    CHECK(r.candidates[2].cumulative_m2 == Approx(600));
    // ZD-N2 (cap exactly 200 m²): the first 200 m² is within ("不超过" includes the number), the second is not.
    CHECK(row(4) == std::make_pair(std::string("ZD-N2"), std::string("U2")));
    CHECK(r.candidates[4].cumulative_m2 == Approx(200));
    CHECK(row(5) == std::make_pair(std::string("ZD-N2"), std::string("ZD-L2")));
    CHECK(r.candidates[5].cumulative_m2 == Approx(400));
    CHECK(r.hosts[2].candidates_m2 == Approx(400));
}

TEST_CASE("scattered: the 10 亩 cap binds on a large host", "[analysis][scattered]") {
    geom::GeosContext c;
    // A 300 × 300 m host (135 亩): 20 % would be 27 亩, so 10 亩 = 6666.67 m² is the cap.
    const auto parcels = test::make_layer(c, "parcels", test::parcel_keys(), {
        {test::rect(0, 0, 300, 300), {{"id", "BIG"}, {"owner", "庚集团"}, {"land_use", "M2"}, {"tenure", "出让"}}},
        {test::rect(300, 0, 400, 200.0 / 3), {{"id", "S1"}}},                // 10 亩 (to the last bit)
        {test::rect(300, 100, 310, 110), {{"id", "S2"}}},
    });
    IssueLog issues;
    const analysis::ScatteredParams p = test::scattered_params();
    const auto r = analysis::find_scattered(c, parcels, nullptr, {}, p, issues);
    REQUIRE(r.hosts.size() == 1);
    REQUIRE(r.candidates.size() == 2);
    CHECK(r.leftovers[r.candidates[0].leftover].id == "S1");   // longer shared edge first
    CHECK(r.candidates[0].cumulative_m2 == Approx(10000.0 * 10 / 15));
}

TEST_CASE("scattered: supplied parcels are not leftovers; small parcels only when the profile says", "[analysis][scattered]") {
    geom::GeosContext c;
    const geom::Layer parcels = test::block_parcels(c);
    IssueLog issues;
    const analysis::ScatteredParams defaults = test::scattered_params();
    SECTION("a supplies row naming ZD-L1 makes it supplied") {
        const auto supplies = test::make_layer(c, "supplies", {"id", "parcel_id"}, {{"", {{"id", "GD1"}, {"parcel_id", "ZD-L1"}}}});
        const auto r = analysis::find_scattered(c, parcels, &supplies, {}, defaults, issues);
        for (const auto& l : r.leftovers) CHECK(l.id != "ZD-L1");
    }
    SECTION("a supply polygon covering ZD-L2 makes it supplied") {
        const auto supplies = test::make_layer(c, "supplies", {"id", "parcel_id"}, {{test::rect(100, 0, 110, 20), {{"id", "GD2"}}}});
        const auto r = analysis::find_scattered(c, parcels, &supplies, {}, defaults, issues);
        for (const auto& l : r.leftovers) CHECK(l.id != "ZD-L2");
    }
    SECTION("small parcels below 3 亩 when enabled: ZD-G joins ZD-H across its 5 cm gap") {
        analysis::ScatteredParams p = test::scattered_params();
        p.small_parcel_max_m2 = mu_to_m2(3);
        const auto r = analysis::find_scattered(c, parcels, nullptr, {}, p, issues);
        bool found = false;
        for (const auto& cand : r.candidates)
            if (r.leftovers[cand.leftover].id == "ZD-G") {
                found = true;
                CHECK(r.leftovers[cand.leftover].source == LeftoverSource::small_parcel);
                CHECK(cand.gap_m == Approx(0.05));
            }
        CHECK(found);
        // ZD-S (stub 0.5 m) and ZD-P (corner) are small but not adjacent to a host.
        for (const auto& cand : r.candidates) {
            CHECK(r.leftovers[cand.leftover].id != "ZD-S");
            CHECK(r.leftovers[cand.leftover].id != "ZD-P");
        }
    }
}

TEST_CASE("scattered: tenure 国有 is ownership, not supply; 出让/划拨 are supply; 集体 is not state land", "[analysis][scattered]") {
    using analysis::is_state_unassigned;
    const analysis::ScatteredParams p = test::scattered_params();
    CHECK(is_state_unassigned("", "", p.rights));
    CHECK(is_state_unassigned("", "国有", p.rights));
    CHECK(is_state_unassigned("国有", "国有土地", p.rights));
    CHECK_FALSE(is_state_unassigned("", "国有建设用地使用权出让", p.rights));
    CHECK_FALSE(is_state_unassigned("", "划拨", p.rights));
    CHECK_FALSE(is_state_unassigned("", "集体", p.rights));
    CHECK_FALSE(is_state_unassigned("甲公司", "国有", p.rights));
}

TEST_CASE("scattered: state land as deliveries spell it (profile [land_rights])", "[analysis][scattered]") {
    using analysis::is_state_owner;
    using analysis::is_state_unassigned;
    const analysis::ScatteredParams p = test::scattered_params();
    // Bracketed qualifiers, half- and full-width, spaces.
    CHECK(is_state_owner("国有(未供)", p.rights));
    CHECK(is_state_owner("国有（未供）", p.rights));
    CHECK(is_state_owner("国有土地（储备）", p.rights));
    CHECK(is_state_owner(" 国 有 ", p.rights));
    CHECK(is_state_owner("国家", p.rights));
    CHECK(is_state_owner("象山县土地储备中心", p.rights));
    CHECK(is_state_owner("国有【未供】", p.rights));              // lenticular brackets
    CHECK(is_state_owner("国有储备地", p.rights));
    CHECK(is_state_owner("演示县自然资源和规划局", p.rights));     // reserve land held by the bureau
    CHECK_FALSE(is_state_unassigned("演示县自然资源和规划局", "划拨", p.rights));   // its own office land is supplied
    CHECK_FALSE(is_state_owner("某某县人民政府", p.rights));   // a government body holds its land (划拨), not reserve land
    // A prefix is not enough: these are firms.
    CHECK_FALSE(is_state_owner("国家电网有限公司", p.rights));
    CHECK_FALSE(is_state_owner("国有资产投资有限公司", p.rights));
    CHECK_FALSE(is_state_owner("甲公司(国有)", p.rights));
    // Tenure "国有未供" is not a supply; "拟出让" neither; "出让" is.
    CHECK(is_state_unassigned("国有(未供)", "国有未供", p.rights));
    CHECK(is_state_unassigned("国有", "拟出让", p.rights));
    CHECK_FALSE(is_state_unassigned("国有(未供)", "出让", p.rights));
    // Patterns are the profile's: without them nothing but an empty owner is state land.
    analysis::LandRights none;
    CHECK(is_state_owner("", none));
    CHECK_FALSE(is_state_owner("国有", none));
    CHECK(analysis::glob_match("*储备中心", "县土地储备中心"));
    CHECK_FALSE(analysis::glob_match("国有", "国有资产"));
    CHECK(analysis::glob_match("a*b*c", "axxbyyc"));
    CHECK_FALSE(analysis::glob_match("a*b*c", "axxbyy"));
}

TEST_CASE("scattered: a state parcel over 10 亩 is not 零星", "[analysis][scattered]") {
    geom::GeosContext c;
    const auto parcels = test::make_layer(c, "parcels", test::parcel_keys(), {
        {test::rect(0, 0, 300, 300), {{"id", "BIG"}, {"owner", "庚集团"}, {"land_use", "M2"}, {"tenure", "出让"}}},
        {test::rect(300, 0, 400, 100), {{"id", "RESERVE"}}},   // 10000 m² = 15 亩
    });
    IssueLog issues;
    const analysis::ScatteredParams p = test::scattered_params();
    const auto r = analysis::find_scattered(c, parcels, nullptr, {}, p, issues);
    CHECK(r.leftovers.empty());
    CHECK(r.too_large == 1);
    CHECK(r.candidates.empty());
}

TEST_CASE("scattered: a state scrap inside a batch's large unsupplied remainder is still a candidate", "[analysis][scattered]") {
    geom::GeosContext c;
    // The host, and east of it a 30 亩 unsupplied remainder of a batch with a 400 m² state-held
    // scrap inside it, along the host's boundary, written as deliveries write it.
    const auto parcels = test::make_layer(c, "parcels", test::parcel_keys(), {
        {test::rect(0, 0, 300, 300), {{"id", "BIG"}, {"owner", "庚集团"}, {"land_use", "M2"}, {"tenure", "出让"}}},
        {test::rect(300, 0, 320, 20), {{"id", "SCRAP"}, {"owner", "国有(未供)"}, {"tenure", "国有未供"}}},
    });
    auto remainder = geom::from_wkt(c, test::rect(300, 0, 500, 100));   // 20000 m² = 30 亩
    auto small = geom::from_wkt(c, test::rect(300, 250, 310, 260));     // 100 m², a candidate itself
    const analysis::ScatteredParams p = test::scattered_params();
    IssueLog issues;
    SECTION("the too-large piece stands for nothing") {
        const auto r = analysis::find_scattered(c, parcels, nullptr, {{"PC1#1", remainder.get(), "批次1"}}, p, issues);
        CHECK(r.too_large == 1);
        REQUIRE(r.candidates.size() == 1);
        CHECK(r.leftovers[r.candidates[0].leftover].id == "SCRAP");
        CHECK(r.leftovers[r.candidates[0].leftover].source == analysis::LeftoverSource::state_unassigned);
    }
    SECTION("a candidate piece covering the scrap stands for it") {
        auto cover = geom::from_wkt(c, test::rect(300, 0, 320, 20));
        const auto r = analysis::find_scattered(c, parcels, nullptr, {{"PC2#1", cover.get(), "批次2"}, {"PC3#1", small.get(), "批次3"}},
                                                p, issues);
        for (const auto& l : r.leftovers) CHECK(l.id != "SCRAP");
        CHECK(r.candidates.size() == 2);   // PC2#1 and PC3#1
    }
    SECTION("a small piece that is no candidate itself stands for nothing") {
        // The piece covers the scrap's eastern 60 % and touches no host: the scrap, which lies
        // along the host, is listed on its own (issue 17: represented only by a candidate piece).
        auto east = geom::from_wkt(c, test::rect(308, 0, 330, 20));
        const auto r = analysis::find_scattered(c, parcels, nullptr, {{"PC4#1", east.get(), "批次4"}}, p, issues);
        REQUIRE(r.candidates.size() == 1);
        CHECK(r.leftovers[r.candidates[0].leftover].id == "SCRAP");
        CHECK(r.hosts.at(r.candidates[0].host).id == "BIG");
    }
}
