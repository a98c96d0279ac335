// R02/R03 闲置 candidates (《闲置土地处置办法》), tested on the boundary days of every period:
// the day before, the day, the day after, and 29 February. Plus start evidence from
// footprints, the 政府原因 exception, and 建而未投 / 投而未达标 from the enterprise table.
// analysis::measure_supplies measures, rules::judge_idle decides under the national profile (or
// a child changing one key).
#include <memory>
#include <optional>

#include <catch2/catch.hpp>

#include "analysis/idle.hpp"
#include "rules/idle.hpp"
#include "unit/analysis_unsupplied/layers.hpp"

using namespace tl;
using tl::test::make_layer;
using tl::test::rect;
using tl::test::Row;

namespace {

struct World {
    geom::GeosContext c;
    geom::Layer supplies;
    geom::Layer buildings;
    std::optional<geom::Layer> parcels;
    std::optional<geom::Layer> enterprises;
    std::unique_ptr<IssueLog> log = std::make_unique<IssueLog>();

    // Runs at `as_of` with a fresh issue log (kept in `log` for inspection).
    rules::IdleResult run(const Date& as_of, const rules::Profile& profile = national()) {
        analysis::IdleMeasureParams p;
        p.as_of = as_of;
        log = std::make_unique<IssueLog>();
        const auto m = analysis::measure_supplies(c, &supplies, &buildings, parcels ? &*parcels : nullptr,
                                                  enterprises ? &*enterprises : nullptr, analysis::TownshipLookup{}, p, *log);
        return rules::judge_idle(profile, m, &supplies, *log);
    }
    static const rules::Profile& national() {
        static const rules::Profile p = rules::load_profile("national");
        return p;
    }
}; // struct World

const std::vector<std::string> kBuildingKeys{"id", "floors", "parcel_id"};

std::unique_ptr<World> world(std::vector<Row> supply_rows, std::vector<Row> building_rows = {}) {
    auto w = std::make_unique<World>();
    w->supplies = make_layer(w->c, "supplies", test::supply_keys(), supply_rows);
    w->buildings = make_layer(w->c, "buildings", kBuildingKeys, building_rows);
    return w;
}

Row supply(const std::string& id, std::map<std::string, std::string> v, const std::string& wkt = rect(0, 0, 100, 100)) {
    v["id"] = id;
    if (!v.count("supplied_on")) v["supplied_on"] = "2019-06-01";
    return Row{wkt, v};
}

// The rule ids found, in output order.
std::vector<std::string> ids(const rules::IdleResult& r) {
    std::vector<std::string> out;
    for (const auto& c : r.candidates) out.push_back(c.rule());
    return out;
}

using V = std::vector<std::string>;

std::int64_t count_kind(const IssueLog& log, const std::string& kind) {
    auto m = log.count_by_kind();
    auto it = m.find(kind);
    return it == m.end() ? 0 : it->second;
}

} // namespace

TEST_CASE("R02: one year after the agreed start, counted per 民法典 (boundary days)", "[idle][date]") {
    auto w = world({supply("S", {{"agreed_start_on", "2022-03-01"}, {"land_price", "1000"}})});
    CHECK(ids(w->run({2022, 3, 1})).empty());          // the agreed day itself: not overdue
    CHECK(ids(w->run({2022, 3, 2})) == V{"R02p"});     // overdue, not idle yet
    CHECK(ids(w->run({2023, 2, 28})) == V{"R02p"});    // the day before the year runs out
    const auto on_day = w->run({2023, 3, 1});            // 届满: the year has run out at the end of this day
    REQUIRE(ids(on_day) == V{"R02"});
    CHECK(on_day.candidates[0].deadline == Date{2023, 3, 1});
    CHECK(on_day.candidates[0].days_overdue == 365);
    CHECK(on_day.candidates[0].fee_estimate_10k_cny == Approx(200.0));   // 20 % of 1000 万元
    CHECK(ids(w->run({2023, 3, 2})) == V{"R02"});      // the day after
    // Two years: 2024-03-01 (2024 is a leap year: 29 Feb is still the day before).
    CHECK(ids(w->run({2024, 2, 29})) == V{"R02"});
    const auto recovery = w->run({2024, 3, 1});
    REQUIRE(ids(recovery) == V{"R02b"});
    CHECK(recovery.candidates[0].deadline == Date{2024, 3, 1});
    CHECK(ids(w->run({2024, 3, 2})) == V{"R02b"});
}

TEST_CASE("R02 with an agreed start on 29 February", "[idle][date]") {
    auto w = world({supply("S", {{"agreed_start_on", "2020-02-29"}})});
    CHECK(ids(w->run({2021, 2, 27})) == V{"R02p"});
    const auto r = w->run({2021, 2, 28});                 // no 29 Feb in 2021: the month's last day
    REQUIRE(ids(r) == V{"R02"});
    CHECK(r.candidates[0].deadline == Date{2021, 2, 28});
    CHECK_FALSE(r.candidates[0].fee_estimate_10k_cny.has_value());   // no price: no estimate
    CHECK(ids(w->run({2021, 3, 1})) == V{"R02"});
    CHECK(ids(w->run({2022, 2, 27})) == V{"R02"});
    CHECK(ids(w->run({2022, 2, 28})) == V{"R02b"});
}

TEST_CASE("evidence of a start: a date on or before as_of, or footprints over the share", "[idle]") {
    SECTION("started_on") {
        auto w = world({supply("S", {{"agreed_start_on", "2020-01-10"}, {"started_on", "2021-05-01"}})});
        CHECK(ids(w->run({2023, 12, 31})).empty());
        CHECK(ids(w->run({2021, 4, 30})) == V{"R02"});    // not started yet on that date
    }
    SECTION("footprint share: 5 % is started (以上 includes), 4.9 % is not") {
        // Supply 100 × 100 = 10 000 m²; the building sticks out of the supply by 10 m (not counted).
        auto w5 = world({supply("S", {{"agreed_start_on", "2020-01-10"}})}, {Row{rect(10, 10, 20, 60), {{"id", "J1"}}},
                                                                            Row{rect(95, 50, 110, 60), {{"id", "J2"}}}});
        // J1: 10 × 50 = 500 m² → 5.0 %; J2 inside: 5 × 10 = 50 m² → 5.5 % in all.
        auto r = w5->run({2023, 12, 31});
        CHECK(ids(r).empty());
        auto w49 = world({supply("S", {{"agreed_start_on", "2020-01-10"}})}, {Row{rect(10, 10, 20, 59), {{"id", "J1"}}}});
        r = w49->run({2023, 12, 31});
        REQUIRE(ids(r) == V{"R02b"});
        CHECK(r.candidates[0].footprint_share == Approx(0.049));
        auto w50 = world({supply("S", {{"agreed_start_on", "2020-01-10"}})}, {Row{rect(10, 10, 20, 60), {{"id", "J1"}}}});
        CHECK(ids(w50->run({2023, 12, 31})).empty());
        // Overlapping footprints are counted once: two copies of 490 m² are still 4.9 %.
        auto wdup = world({supply("S", {{"agreed_start_on", "2020-01-10"}})},
                          {Row{rect(10, 10, 20, 59), {{"id", "J1"}}}, Row{rect(10, 10, 20, 59), {{"id", "J2"}}}});
        CHECK(ids(wdup->run({2023, 12, 31})) == V{"R02b"});
    }
}

TEST_CASE("政府原因 (Art. 8): listed for negotiated disposal, never fee or recovery", "[idle]") {
    auto w = world({supply("S", {{"agreed_start_on", "2020-01-10"}, {"land_price", "500"}, {"government_delay", "是"}})});
    const auto r = w->run({2023, 12, 31});
    REQUIRE(ids(r) == V{"R02g"});
    CHECK_FALSE(r.candidates[0].fee_estimate_10k_cny.has_value());
    CHECK(r.candidates[0].government_delay);
    CHECK(r.rule("R02g").disposal_zh == "政府原因，协商处置");
    CHECK(r.candidates[0].verdict.outcome == rules::Outcome::fail);
    CHECK(r.candidates[0].verdict.clause.find("第八条") != std::string::npos);
}

TEST_CASE("R03: started, under-developed or under-invested, stalled one full year", "[idle][date]") {
    // Supply 10 000 m²; 900 m² of footprints = 9 % coverage = 30 % developed (proxy, / 0.30).
    auto base = std::map<std::string, std::string>{{"agreed_start_on", "2020-01-10"}, {"started_on", "2020-09-01"},
                                                   {"stalled_since", "2022-06-30"}, {"planned_investment", "10000"},
                                                   {"invested", "3000"}};
    auto w = world({supply("S", base)}, {Row{rect(0, 0, 30, 30), {{"id", "J"}}}});
    CHECK(ids(w->run({2023, 6, 29})).empty());          // the day before the year runs out
    const auto r = w->run({2023, 6, 30});
    REQUIRE(ids(r) == V{"R03"});
    CHECK(r.candidates[0].developed_share == Approx(0.30));
    CHECK(r.candidates[0].invested_share == Approx(0.30));
    CHECK(r.candidates[0].deadline == Date{2023, 6, 30});
    CHECK(ids(w->run({2023, 7, 1})) == V{"R03"});

    // Developed 40 % (1200 m²) and invested exactly 25 %: "不足" is strict, so neither is low.
    base["invested"] = "2500";
    auto w2 = world({supply("S", base)}, {Row{rect(0, 0, 30, 40), {{"id", "J"}}}});
    CHECK(ids(w2->run({2023, 12, 31})).empty());
    base["invested"] = "2499";
    auto w3 = world({supply("S", base)}, {Row{rect(0, 0, 30, 40), {{"id", "J"}}}});
    CHECK(ids(w3->run({2023, 12, 31})) == V{"R03"});
    base["government_delay"] = "Y";
    auto w4 = world({supply("S", base)}, {Row{rect(0, 0, 30, 40), {{"id", "J"}}}});
    CHECK(ids(w4->run({2023, 12, 31})) == V{"R03g"});
}

TEST_CASE("missing data is reported, never guessed", "[idle]") {
    SECTION("no agreed start date") {
        auto w = world({supply("S", {})});
        const auto r = w->run({2023, 12, 31});
        CHECK(r.candidates.empty());
        CHECK(r.supplies_not_evaluable == 1);
        CHECK(count_kind(*w->log, "missing_date") == 1);
    }
    SECTION("bad agreed start date") {
        auto w = world({supply("S", {{"agreed_start_on", "2021-13-01"}})});
        const auto r = w->run({2023, 12, 31});
        CHECK(r.candidates.empty());
        CHECK(count_kind(*w->log, "bad_date") == 1);
    }
    SECTION("stalled, with no way to measure development or investment") {
        auto w = std::make_unique<World>();
        w->supplies = make_layer(w->c, "supplies", test::supply_keys(),
                                {supply("S", {{"agreed_start_on", "2020-01-10"}, {"started_on", "2020-09-01"},
                                              {"stalled_since", "2021-01-01"}})});
        analysis::IdleMeasureParams p;
        p.as_of = {2023, 12, 31};
        const auto m = analysis::measure_supplies(w->c, &w->supplies, nullptr, nullptr, nullptr, analysis::TownshipLookup{}, p, *w->log);
        const auto r = rules::judge_idle(World::national(), m, &w->supplies, *w->log);
        CHECK(r.candidates.empty());
        CHECK_FALSE(r.used_buildings);
        CHECK(count_kind(*w->log, "idle_indeterminate") == 1);
    }
    SECTION("supplied after as_of") {
        auto w = world({supply("S", {{"agreed_start_on", "2020-01-10"}, {"supplied_on", "2024-01-05"}})});
        const auto r = w->run({2023, 12, 31});
        CHECK(r.candidates.empty());
        CHECK(count_kind(*w->log, "after_as_of") == 1);
    }
    SECTION("no supplies layer") {
        geom::GeosContext c;
        IssueLog log;
        analysis::IdleMeasureParams p;
        p.as_of = {2023, 12, 31};
        const auto m = analysis::measure_supplies(c, nullptr, nullptr, nullptr, nullptr, analysis::TownshipLookup{}, p, log);
        const auto r = rules::judge_idle(World::national(), m, nullptr, log);
        CHECK_FALSE(r.ran);
        CHECK(count_kind(log, "idle_skipped") == 1);
    }
}

TEST_CASE("建而未投 and 投而未达标 from the enterprise table", "[idle]") {
    const std::vector<std::string> ekeys{"id", "parcel_id", "year", "revenue", "tax", "value_added"};
    auto w = world(
        {
            // Built (20 % coverage), completion passed, enterprise reports nothing → R21.
            supply("A", {{"parcel_id", "P1"}, {"agreed_start_on", "2020-01-10"}, {"agreed_completion_on", "2022-01-10"}},
                   rect(0, 0, 100, 100)),
            // Producing, invested 800 of 1000 → R22.
            supply("B", {{"parcel_id", "P2"}, {"agreed_start_on", "2020-01-10"}, {"planned_investment", "1000"}, {"invested", "800"}},
                   rect(200, 0, 300, 100)),
            // Producing, investment reached → nothing.
            supply("C", {{"parcel_id", "P3"}, {"agreed_start_on", "2020-01-10"}, {"planned_investment", "1000"}, {"invested", "1000"}},
                   rect(400, 0, 500, 100)),
            // Built, completion not yet due → nothing.
            supply("D", {{"parcel_id", "P4"}, {"agreed_start_on", "2020-01-10"}, {"agreed_completion_on", "2024-06-30"}},
                   rect(600, 0, 700, 100)),
            // No parcel_id: linked through the parcel it overlaps most (P5), which produces.
            supply("E", {{"agreed_start_on", "2020-01-10"}}, rect(800, 0, 900, 100)),
            // Built, no production, but residential land (0701): not 亩均 scope → nothing.
            supply("F", {{"parcel_id", "P7"}, {"agreed_start_on", "2020-01-10"}}, rect(1000, 0, 1100, 100)),
            // Producing with invested 0: taken as not recorded → no R22.
            supply("G", {{"parcel_id", "P8"}, {"agreed_start_on", "2020-01-10"}, {"planned_investment", "1000"}, {"invested", "0"}},
                   rect(1200, 0, 1300, 100)),
            // Built, no production, land use unknown (no such parcel): not judged.
            supply("H", {{"parcel_id", "P404"}, {"agreed_start_on", "2020-01-10"}}, rect(5000, 0, 5100, 100)),
        },
        {Row{rect(0, 0, 40, 50), {{"id", "J1"}}}, Row{rect(200, 0, 240, 50), {{"id", "J2"}}},
         Row{rect(400, 0, 440, 50), {{"id", "J3"}}}, Row{rect(600, 0, 640, 50), {{"id", "J4"}}},
         Row{rect(800, 0, 840, 50), {{"id", "J5"}}}, Row{rect(1000, 0, 1040, 50), {{"id", "J7"}}},
         Row{rect(1200, 0, 1240, 50), {{"id", "J8"}}}, Row{rect(5000, 0, 5040, 50), {{"id", "J9"}}}});
    w->enterprises = make_layer(w->c, "enterprises", ekeys,
                               {Row{"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2023"}, {"revenue", "0"}}},
                                Row{"", {{"id", "E2"}, {"parcel_id", "P2"}, {"year", "2023"}, {"revenue", "5200"}}},
                                Row{"", {{"id", "E3"}, {"parcel_id", "P3"}, {"year", "2023"}, {"tax", "120"}}},
                                Row{"", {{"id", "E5"}, {"parcel_id", "P5"}, {"year", "2023"}, {"value_added", "80"}}},
                                Row{"", {{"id", "E8"}, {"parcel_id", "P8"}, {"year", "2023"}, {"revenue", "10"}}},
                                // A future year does not count as production on as_of.
                                Row{"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2024"}, {"revenue", "900"}}}});
    auto parcel = [](const std::string& id, const std::string& land_use, double x0) {
        return Row{rect(x0, 0, x0 + 100, 100), {{"id", id}, {"land_use", land_use}}};
    };
    w->parcels = make_layer(w->c, "parcels", {"id", "land_use"},
                            {parcel("P1", "0601", 0), parcel("P2", "100101", 200), parcel("P3", "M2", 400),
                             parcel("P4", "0601", 600), Row{rect(780, 0, 880, 100), {{"id", "P5"}, {"land_use", "0601"}}},
                             Row{rect(880, 0, 980, 100), {{"id", "P6"}, {"land_use", "0601"}}}, parcel("P7", "0701", 1000),
                             parcel("P8", "0601", 1200)});
    const auto r = w->run({2023, 12, 31});
    CHECK(r.enterprise_checks);
    CHECK(ids(r) == V{"R21", "R22"});
    REQUIRE(r.candidates.size() == 2);
    CHECK(r.candidates[0].supply_id == "A");
    CHECK(r.candidates[0].footprint_share == Approx(0.20));
    CHECK(r.candidates[1].supply_id == "B");
    CHECK(r.candidates[1].invested_share == Approx(0.8));
    CHECK(r.candidates[1].land_use == "100101");
    CHECK(r.candidates[1].industrial == true);

    // Without the enterprise table these rules are not evaluated.
    w->enterprises.reset();
    CHECK(ids(w->run({2023, 12, 31})).empty());
}

TEST_CASE("candidates are ordered by supply id, then fid, then rule", "[idle]") {
    auto w = world({supply("Z", {{"agreed_start_on", "2020-01-10"}}), supply("A", {{"agreed_start_on", "2023-06-01"}}),
                    supply("M", {{"agreed_start_on", "2021-12-01"}})});
    const auto r = w->run({2023, 12, 31});
    REQUIRE(r.candidates.size() == 3);
    CHECK(r.candidates[0].supply_id == "A");
    CHECK(r.candidates[1].supply_id == "M");
    CHECK(r.candidates[2].supply_id == "Z");
    CHECK(ids(r) == V{"R02p", "R02b", "R02b"});
    for (const auto& cand : r.candidates) {
        CHECK_FALSE(cand.measured_zh.empty());
        CHECK_FALSE(cand.threshold_en.empty());
    }
}

TEST_CASE("every rule is named in Chinese and English, from the profile", "[idle]") {
    IssueLog log;
    const auto r = rules::judge_idle(World::national(), analysis::IdleMeasures{}, nullptr, log);
    REQUIRE(r.rules.size() == rules::idle_rule_ids().size());
    for (const auto& info : r.rules) {
        CHECK(info.name_zh.size() > 5);
        CHECK(info.name_en.size() > 5);
        CHECK(info.disposal_zh.size() > 5);
        CHECK(info.clause_zh.size() > 5);
    }
    CHECK(r.rule("R03").id == "R03");
}

TEST_CASE("the profile's numbers decide: start share, periods, far.coverage_min as the full-development proxy", "[idle]") {
    const auto child = [](const std::string& keys) {
        return rules::parse_profile("[profile]\nid = \"t\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n"
                                    "extends = \"national\"\n" + keys, "test");
    };
    // 4.9 % coverage: not started under the national 5 %; started under a 4 % share.
    auto w = world({supply("S", {{"agreed_start_on", "2020-01-10"}})}, {Row{rect(10, 10, 20, 59), {{"id", "J1"}}}});
    CHECK(ids(w->run({2023, 12, 31})) == V{"R02b"});
    CHECK(ids(w->run({2023, 12, 31}, child("[idle]\nstart_footprint_share = { value = 0.04, cite = \"t\" }\n"))).empty());
    // Recovery after three years instead of two: R02 on the same day.
    CHECK(ids(w->run({2023, 12, 31}, child("[idle]\nrecovery_years = { value = 5, cite = \"t\" }\n"))) == V{"R02"});
    // R03: 9 % coverage is 30 % developed under the 30 % 建筑系数, 45 % under a 20 % one (not low).
    auto base = std::map<std::string, std::string>{{"agreed_start_on", "2020-01-10"}, {"started_on", "2020-09-01"},
                                                   {"stalled_since", "2022-06-30"}};
    auto w3 = world({supply("S", base)}, {Row{rect(0, 0, 30, 30), {{"id", "J"}}}});
    const auto r = w3->run({2023, 12, 31});
    REQUIRE(ids(r) == V{"R03"});
    CHECK(r.candidates[0].verdict.measured == Approx(0.30));
    CHECK(r.candidates[0].verdict.threshold == Approx(1.0 / 3.0));
    CHECK(r.candidates[0].verdict.comparison == "<");
    CHECK(ids(w3->run({2023, 12, 31}, child("[far]\ncoverage_min = { value = 0.20, fail_if = \"lt\", cite = \"t\" }\n"))).empty());
}
