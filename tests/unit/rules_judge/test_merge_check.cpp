// check-merge's verdicts (临政发〔2022〕22号 (五), (七); rules::judge_merge under the national
// profile) on the measures of the hand-made block (tests/unit/analysis_adjacency/block.hpp).
#include <catch2/catch.hpp>

#include "analysis/merge_check.hpp"
#include "rules/merge_check.hpp"
#include "support/national.hpp"
#include "unit/analysis_adjacency/block.hpp"

using namespace tl;
using rules::Outcome;

namespace {

const rules::Profile& national() {
    static const rules::Profile p = rules::load_profile("national");
    return p;
}

// The measures and the verdicts of one application.
struct Checked {
    analysis::MergeCheckResult m;
    rules::MergeVerdicts v;
    Outcome overall() const { return v.overall; }
};

struct World {
    geom::GeosContext c;
    geom::Layer parcels = test::block_parcels(c);
    geom::Layer buildings = test::block_buildings(c);
    std::size_t at(const std::string& id) const {
        for (std::size_t i = 0; i < parcels.features.size(); ++i)
            if (parcels.features[i].id == id) return i;
        throw std::runtime_error("no parcel " + id);
    }
    Checked check(const std::string& host, const std::vector<std::string>& with, std::optional<double> planned,
                  const rules::Profile& profile = national()) {
        IssueLog issues;
        std::vector<std::size_t> idx;
        for (const auto& id : with) idx.push_back(at(id));
        Checked out;
        out.m = analysis::measure_merge(c, parcels, &buildings, at(host), idx, planned, rules::merge_params(profile), issues);
        out.v = rules::judge_merge(profile, out.m);
        return out;
    }
};

const rules::Verdict& cond(const Checked& r, const std::string& id) {
    for (const auto& c : r.v.conditions)
        if (c.verdict.rule_id == id) return c.verdict;
    FAIL("no condition " << id);
    throw 0;
}

} // namespace

TEST_CASE("check-merge: (五) with two 零星地块 and a planned floor area", "[rules][merge]") {
    World w;
    // ZD-H: 5800 m² registered, floor area 1800 (B1, 2 × 900) + 1800 (B2, 12 m single storey ×2) = 3600.
    auto r = w.check("ZD-H", {"ZD-L1", "ZD-L2"}, 1000.0);
    CHECK(r.m.host_floor_area_m2 == Approx(3600));
    CHECK(r.v.far_before == Approx(3600.0 / 5800));
    CHECK(r.v.leftover_area_m2 == Approx(400));
    CHECK(cond(r, "5.host").outcome == Outcome::pass);
    CHECK(cond(r, "5.adjacent").outcome == Outcome::pass);
    CHECK(cond(r, "5.cap_share").outcome == Outcome::pass);   // 400 ≤ 1160
    CHECK(cond(r, "5.cap_mu").outcome == Outcome::pass);      // 0.6 亩 ≤ 10
    // FAR after = 4600 / 6200 = 0.742 (+19.5 %): not ≥ 20 %; share 1000 / 4600 = 21.7 % ≥ 20 %: pass.
    CHECK(*r.v.far_after == Approx(4600.0 / 6200));
    CHECK(cond(r, "5.uplift").outcome == Outcome::pass);
    // 符合规划: only a person can judge; it is listed, never a pass, and does not decide.
    CHECK(cond(r, "5.plan").outcome == Outcome::indeterminate);
    CHECK(cond(r, "5.plan").missing == "person");
    CHECK(cond(r, "5.cap_share").measured == Approx(400));
    CHECK(cond(r, "5.cap_share").threshold == Approx(1160));
    CHECK(r.overall() == Outcome::pass);

    SECTION("too little new floor area fails the uplift test") {
        r = w.check("ZD-H", {"ZD-L1"}, 500.0);
        // FAR 4100 / 6000 = 0.683 (+10 %); share 500 / 4100 = 12.2 %.
        CHECK(cond(r, "5.uplift").outcome == Outcome::fail);
        CHECK(r.overall() == Outcome::fail);
    }
    SECTION("exactly 20 % of the total after passes (20%以上 includes the number)") {
        r = w.check("ZD-H", {"ZD-L1"}, 900.0);
        CHECK(cond(r, "5.uplift").outcome == Outcome::pass);   // 900 / 4500 = 20 %
    }
    SECTION("without --planned-floor-area the uplift is indeterminate") {
        r = w.check("ZD-H", {"ZD-L1"}, std::nullopt);
        CHECK(cond(r, "5.uplift").outcome == Outcome::indeterminate);
        CHECK(r.overall() == Outcome::indeterminate);
    }
    SECTION("a 零星地块 that does not touch the host fails adjacency") {
        // ZD-L2 alone touches ZD-H (20 m); ZD-P only at a corner.
        auto r2 = w.check("ZD-N2", {"ZD-L1"}, 5000.0);
        CHECK(cond(r2, "5.adjacent").outcome == Outcome::fail);
        CHECK(r2.overall() == Outcome::fail);
    }
    SECTION("the cap: ZD-N2 (1000 m², cap 200 m²) with ZD-L2 (200 m²) passes exactly") {
        auto r2 = w.check("ZD-N2", {"ZD-L2"}, 1000.0);
        CHECK(cond(r2, "5.cap_share").outcome == Outcome::pass);
    }
}

TEST_CASE("check-merge: (七) merge of two firms' parcels", "[rules][merge]") {
    World w;
    SECTION("ZD-H + ZD-N1 without a planned floor area: a pure (七) merge, passes") {
        auto r = w.check("ZD-H", {"ZD-N1"}, std::nullopt);
        CHECK(cond(r, "7.host").outcome == Outcome::pass);
        for (const auto& c : r.v.conditions) CHECK(c.verdict.rule_id.rfind("5.", 0) != 0);
        CHECK(r.overall() == Outcome::pass);
    }
    SECTION("ZD-H + ZD-N1: adjacent, same tenure and right type; term = 28 years") {
        auto r = w.check("ZD-H", {"ZD-N1"}, 2000.0);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::pass);
        CHECK(cond(r, "7.tenure").outcome == Outcome::pass);
        CHECK(cond(r, "7.right").outcome == Outcome::pass);
        CHECK(cond(r, "7.term").outcome == Outcome::pass);
        REQUIRE(r.v.merged_term_years);
        CHECK(*r.v.merged_term_years == 28.0);
    }
    SECTION("ZD-N1 + ZD-N2: 出让 vs 划拨 fails the tenure test") {
        auto r = w.check("ZD-N1", {"ZD-N2"}, 2000.0);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::pass);
        CHECK(cond(r, "7.tenure").outcome == Outcome::fail);
        CHECK(r.overall() == Outcome::fail);
    }
    SECTION("ZD-H + ZD-P: corner contact is not 界线相邻; missing right type is indeterminate") {
        auto r = w.check("ZD-H", {"ZD-P"}, 2000.0);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::fail);
        CHECK(cond(r, "7.right").outcome == Outcome::indeterminate);
        CHECK(cond(r, "7.term").outcome == Outcome::indeterminate);
    }
    SECTION("ZD-H + ZD-S: a 0.5 m stub is not 界线相邻") {
        auto r = w.check("ZD-H", {"ZD-S"}, 2000.0);
        CHECK(cond(r, "7.adjacent").outcome == Outcome::fail);
    }
}

TEST_CASE("check-merge: the profile's numbers decide (五)", "[rules][merge]") {
    World w;
    const auto child = rules::parse_profile("[profile]\nid = \"t\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n"
                                            "extends = \"national\"\n[scattered]\n"
                                            "gfa_share_min = { value = 0.25, fail_if = \"lt\", cite = \"t\" }\n"
                                            "max_share_of_host = { value = 0.05, fail_if = \"gt\", cite = \"t\" }\n", "test");
    // 1000 / 4600 = 21.7 % < 25 %, and FAR +19.5 % < 20 %: fail; 400 m² > 5 % × 5800.
    auto r = w.check("ZD-H", {"ZD-L1", "ZD-L2"}, 1000.0, child);
    CHECK(cond(r, "5.uplift").outcome == Outcome::fail);
    CHECK(cond(r, "5.cap_share").outcome == Outcome::fail);
    CHECK(r.overall() == Outcome::fail);
}
