// check-split: the measures of a split plan (analysis/split_plan.hpp) and their verdicts under
// Linhai's [split] clause (rules/split.hpp, 临政发〔2022〕22号 (七), (五)).
#include <catch2/catch.hpp>

#include "analysis/split_plan.hpp"
#include "rules/split.hpp"
#include "support/wkt_layer.hpp"

using namespace tl;
using rules::Outcome;
using test::rect;

namespace {

const rules::Profile& linhai() {
    static const rules::Profile p = rules::load_profile(std::string(TL_PROFILES_DIR) + "/linhai.toml");
    return p;
}

const rules::Verdict& verdict(const rules::SplitJudgement& j, const std::string& id) {
    for (const auto& v : j.verdicts)
        if (v.rule_id == id) return v;
    FAIL("no verdict " << id);
    return j.verdicts.front();
}

// A 200 m × 100 m parcel (20000 m² = 30 亩) with two buildings, one supply, one enterprise row.
struct Site {
    geom::GeosContext c;
    geom::Layer parcels, buildings, supplies, enterprises;
    explicit Site(const std::string& split_from = "", bool split_column = true, const std::string& supply_kind = "挂牌出让",
                  const std::string& revenue = "800") {
        std::vector<std::string> pk{"id", "owner", "township", "land_use", "enterprise_id"};
        std::map<std::string, std::string> pv{{"id", "P1"}, {"owner", "某机械公司"}, {"township", "江南街道"}, {"land_use", "0601"},
                                              {"enterprise_id", "91331082MA00000001"}};
        if (split_column) { pk.push_back("split_from"); pv["split_from"] = split_from; }
        parcels = test::make_layer(c, "parcels", pk, {{rect(0, 0, 200, 100), pv}});
        buildings = test::make_layer(c, "buildings", {"id"}, {{rect(10, 10, 40, 40), {{"id", "B1"}}}, {rect(150, 10, 180, 60), {{"id", "B2"}}}});
        supplies = test::make_layer(c, "supplies", {"id", "parcel_id", "kind"}, {{rect(0, 0, 200, 100), {{"id", "S1"}, {"parcel_id", "P1"}, {"kind", supply_kind}}}});
        enterprises = test::make_layer(c, "enterprises", {"id", "parcel_id", "year", "revenue", "tax"},
                                       {{"", {{"id", "91331082MA00000001"}, {"year", "2022"}, {"revenue", "0"}, {"tax", "0"}}},
                                        {"", {{"id", "91331082MA00000001"}, {"year", "2023"}, {"revenue", revenue}, {"tax", "0"}}}});
    }
    analysis::SplitPlanMeasure measure(const std::vector<test::Row>& pieces) {
        const geom::Layer plan = test::make_layer(c, "split_plan", {"id", "use"}, pieces);
        return analysis::measure_split_plan(c, parcels, 0, plan, &buildings, &supplies, &enterprises);
    }
}; // struct Site

} // namespace

TEST_CASE("check-split: a plan that keeps every condition passes", "[split]") {
    Site s;
    const auto m = s.measure({{rect(0, 0, 100, 100), {{"id", "A"}, {"use", "生产"}}}, {rect(100, 0, 200, 100), {{"id", "B"}, {"use", "生产"}}}});
    CHECK(m.pieces.size() == 2);
    CHECK(m.pieces[0].area_m2 == Approx(10000));
    CHECK(m.uncovered_m2 == Approx(0).margin(1e-6));
    CHECK(m.overlap_m2 == Approx(0).margin(1e-6));
    CHECK(m.buildings.size() == 2);
    CHECK(m.pieces[0].buildings == 1);
    CHECK(m.production_year == 2023);   // the latest year decides
    const auto j = rules::judge_split(linhai(), m, false);
    for (const auto& v : j.verdicts) {
        INFO(v.rule_id << " " << v.reason_zh);
        CHECK(v.outcome == Outcome::pass);
    }
    CHECK(j.overall == Outcome::pass);
    CHECK(verdict(j, "R13.count").clause == "临政发〔2022〕22号 (七)");
    CHECK(verdict(j, "R13.agreement").clause == "临政发〔2022〕22号 (五)");
}

TEST_CASE("check-split: a cut building, a small piece, too many pieces, a gap", "[split]") {
    Site s;
    // x = 25 cuts B1 (10..40): 15 m × 30 m = 450 m² on the far side of its larger part.
    const auto m = s.measure({{rect(0, 0, 25, 100), {{"id", "A"}}}, {rect(25, 0, 100, 100), {{"id", "B"}}},
                              {rect(100, 0, 150, 100), {{"id", "C"}}}, {rect(150, 0, 199, 100), {{"id", "D"}}}});
    const auto j = rules::judge_split(linhai(), m, false);
    CHECK(verdict(j, "R13.count").outcome == Outcome::fail);              // 4 > 3
    CHECK(verdict(j, "R13.piece_area").outcome == Outcome::fail);         // A: 2500 m² = 3.75 亩 < 10
    CHECK(*verdict(j, "R13.piece_area").measured == Approx(3.75));
    CHECK(verdict(j, "R13.whole_building").outcome == Outcome::fail);
    CHECK(*verdict(j, "R13.whole_building").measured == Approx(450));     // B1: 450 m² on each side of x = 25
    CHECK(verdict(j, "R13.plan").outcome == Outcome::fail);               // 1 m × 100 m uncovered
    CHECK(*verdict(j, "R13.plan").measured == Approx(100));
    CHECK(verdict(j, "R13.ancillary").outcome == Outcome::indeterminate); // no 用途 in the plan
    CHECK(j.overall == Outcome::fail);
    // 工业地产 (七) «工业地产除外»: the count does not apply.
    CHECK(verdict(rules::judge_split(linhai(), m, true), "R13.count").outcome == Outcome::not_applicable);
}

TEST_CASE("check-split: ancillary land alone, a second split, 协议出让, not producing", "[split]") {
    Site s("330182001001GB00009", true, "协议出让", "0");
    const auto m = s.measure({{rect(0, 0, 100, 100), {{"id", "A"}, {"use", "行政办公及生活服务"}}},
                              {rect(100, 0, 200, 100), {{"id", "B"}, {"use", "生产"}}}});
    const auto j = rules::judge_split(linhai(), m, false);
    CHECK(verdict(j, "R13.ancillary").outcome == Outcome::fail);
    CHECK(verdict(j, "R13.resplit").outcome == Outcome::fail);
    CHECK(verdict(j, "R13.agreement").outcome == Outcome::fail);
    CHECK(verdict(j, "R13.producing").outcome == Outcome::fail);
    // No 原宗地代码 column: an earlier split cannot be judged, never a pass.
    Site t("", false);
    const auto j2 = rules::judge_split(linhai(), t.measure({{rect(0, 0, 200, 100), {{"id", "A"}}}}), false);
    CHECK(verdict(j2, "R13.resplit").outcome == Outcome::indeterminate);
    CHECK(verdict(j2, "R13.resplit").missing == "split_from");
    CHECK(j2.overall != Outcome::pass);
}

TEST_CASE("check-split: the numbers are the profile's", "[split]") {
    Site s;
    const auto m = s.measure({{rect(0, 0, 100, 100), {{"id", "A"}, {"use", "生产"}}}, {rect(100, 0, 200, 100), {{"id", "B"}, {"use", "生产"}}}});
    const std::string child = std::string("[profile]\nid = \"t\"\nextends = \"") + TL_PROFILES_DIR + "/linhai.toml\"\n"
        "name = \"t\"\njurisdiction = \"t\"\nadmin_code = \"1\"\nlevel = \"county\"\ndocuments = [\"t\"]\n"
        "effective_from = 2022-07-16\n[split]\nmin_piece_area_mu = { value = 20, fail_if = \"lt\", cite = \"t\" }\n"
        "max_pieces = { value = 1, fail_if = \"gt\", cite = \"t\" }\n";
    const rules::Profile p = rules::parse_profile(child, "t.toml");
    const auto j = rules::judge_split(p, m, false);
    CHECK(verdict(j, "R13.piece_area").outcome == Outcome::fail);   // 15 亩 < 20
    CHECK(verdict(j, "R13.count").outcome == Outcome::fail);        // 2 > 1
    CHECK_FALSE(rules::has_split_rules(rules::load_profile(std::string(TL_PROFILES_DIR) + "/national.toml")));
}
