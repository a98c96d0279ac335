// 亩均 metrics, joins, scope, scores, classes and overrides (analysis/mujun.hpp).
#include <catch2/catch.hpp>

#include "analysis/mujun.hpp"
#include "core/units.hpp"
#include "wkt_layers.hpp"

using namespace tl;
using test::box_wkt;

namespace {

// A parcel of exactly `mu` 亩 as a rectangle 100 m wide.
std::string mu_box(double x0, double mu) { return box_wkt(x0, 0, x0 + 100, mu_to_m2(mu) / 100); }

std::vector<double> areas(const geom::Layer& l) {
    std::vector<double> a;
    for (const auto& f : l.features) a.push_back(f.area_m2);
    return a;
}

const analysis::MujunUnit& unit_of(const analysis::MujunResult& r, std::size_t parcel) {
    REQUIRE(r.unit_of_parcel.at(parcel).has_value());
    return r.units.at(*r.unit_of_parcel[parcel]);
}

} // namespace

TEST_CASE("亩均 formulas and merging several enterprises on one parcel", "[mujun]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {mu_box(0, 3), {{"id", "P1"}}},
        {mu_box(200, 10), {{"id", "P2"}, {"enterprise_id", "E3"}}},
    });
    auto ent = test::wkt_layer(c, "enterprises", test::enterprise_keys(), {
        {"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2023"}, {"tax", "10"}, {"value_added", "60"}, {"energy_tce", "20"},
              {"emissions_t", "2"}, {"employees", "30"}, {"rd_spend", "3"}, {"revenue", "100"}, {"above_scale", "是"},
              {"electricity_kwh", "50"}}},
        {"", {{"id", "E2"}, {"parcel_id", "P1"}, {"year", "2023"}, {"tax", "5"}, {"value_added", "30"}, {"energy_tce", "10"},
              {"employees", "15"}, {"revenue", "50"}, {"above_scale", "否"}}},
        // joined through parcels.enterprise_id (no parcel_id in the table)
        {"", {{"id", "E3"}, {"year", "2023"}, {"tax", "40"}, {"value_added", "100"}, {"above_scale", "1"}}},
    });
    IssueLog issues;
    auto r = analysis::evaluate_mujun(parcels, areas(parcels), ent, analysis::MujunParams{}, issues);
    REQUIRE(r.year == 2023);
    REQUIRE(r.units.size() == 2);
    const auto& u1 = unit_of(r, 0);
    CHECK(u1.key == "P:P1");
    CHECK(u1.enterprise_ids == std::vector<std::string>{"E1", "E2"});
    CHECK(*u1.metric("tax_per_mu") == Approx(15.0 / 3));            // (10 + 5) 万元 / 3 亩
    CHECK(*u1.metric("value_added_per_mu") == Approx(90.0 / 3));
    CHECK(*u1.metric("va_per_tce") == Approx(90.0 / 30));
    CHECK(*u1.metric("va_per_t_emission") == Approx(90.0 / 2));
    CHECK(*u1.metric("va_per_employee") == Approx(90.0 / 45));
    CHECK(*u1.metric("rd_ratio") == Approx(3.0 / 150));
    CHECK(*u1.metric("tax_per_kwh") == Approx(15.0 / 50));
    CHECK(u1.above_scale == true);   // any member 规上
    CHECK(u1.in_scope);
    const auto& u2 = unit_of(r, 1);
    CHECK(u2.enterprise_ids == std::vector<std::string>{"E3"});
    CHECK(*u2.metric("tax_per_mu") == Approx(4.0));
    CHECK_FALSE(u2.metric("va_per_tce").has_value());   // no energy: missing, not zero
}

TEST_CASE("scope: 规下 with 3 亩 or more (inclusive)", "[mujun][scope]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {mu_box(0, 3), {{"id", "P1"}}},
        {mu_box(200, 2.99), {{"id", "P2"}}},
    });
    auto ent = test::wkt_layer(c, "enterprises", test::enterprise_keys(), {
        {"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2023"}, {"tax", "1"}, {"above_scale", "规下"}}},
        {"", {{"id", "E2"}, {"parcel_id", "P2"}, {"year", "2023"}, {"tax", "1"}, {"above_scale", "规下"}}},
    });
    IssueLog issues;
    auto r = analysis::evaluate_mujun(parcels, areas(parcels), ent, analysis::MujunParams{}, issues);
    CHECK(unit_of(r, 0).in_scope);          // 3亩(含)以上
    CHECK_FALSE(unit_of(r, 1).in_scope);
    CHECK(unit_of(r, 1).mujun_class.empty());
}

TEST_CASE("classes by rank follow the quotas", "[mujun][class]") {
    auto c = analysis::classes_by_rank(10, 0.1, 0.2, 0.3);
    CHECK(c == std::vector<std::string>{"A", "B", "B", "C", "C", "C", "D", "D", "D", "D"});
    auto t = analysis::classes_by_rank(1248, 0.107, 0.352, 0.461);   // 天台 2022: 134/439/575/100
    CHECK(std::count(t.begin(), t.end(), "A") == 134);
    CHECK(std::count(t.begin(), t.end(), "B") == 439);
    CHECK(std::count(t.begin(), t.end(), "C") == 575);
    CHECK(std::count(t.begin(), t.end(), "D") == 100);
    CHECK(analysis::classes_by_rank(0, 0.1, 0.2, 0.3).empty());
}

TEST_CASE("score against the county benchmark, missing items get the average, Linhai (八) overrides", "[mujun][class]") {
    geom::GeosContext c;
    std::vector<test::WktRow> prow, erow;
    // ten 规上 units of 10 亩; tax 10..100 万元 → 亩均税收 1..10
    for (int k = 0; k < 10; ++k) {
        prow.push_back({mu_box(k * 200.0, 10), {{"id", "P" + std::to_string(k)}}});
        std::map<std::string, std::string> v{{"id", "E" + std::to_string(k)}, {"parcel_id", "P" + std::to_string(k)},
                                             {"year", "2023"}, {"tax", std::to_string((k + 1) * 10)}, {"above_scale", "是"}};
        if (k == 0) v["fixed_investment"] = "12000";   // ≥ 1亿: A although it ranks last
        if (k == 1) v["fixed_investment"] = "3000";    // ≥ 3000万: not D
        erow.push_back({"", v});
    }
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), prow);
    auto ent = test::wkt_layer(c, "enterprises", test::enterprise_keys(), erow);
    analysis::MujunParams mp;
    mp.weights_above = {{"tax_per_mu", 100}};
    mp.quota_a = 0.1; mp.quota_b = 0.2; mp.quota_c = 0.3; mp.quota_d = 0.4;
    IssueLog issues;
    auto r0 = analysis::evaluate_mujun(parcels, areas(parcels), ent, mp, issues);
    // without overrides: benchmark = Σ tax / Σ 亩 = 550 / 100 = 5.5
    CHECK(r0.benchmarks_above.at("tax_per_mu") == Approx(5.5));
    CHECK(*unit_of(r0, 9).score == Approx(100 * 10 / 5.5));
    CHECK(unit_of(r0, 9).mujun_class == "A");
    CHECK(unit_of(r0, 0).mujun_class == "D");
    CHECK(unit_of(r0, 1).mujun_class == "D");
    mp.override_a_investment_10k = 10000;
    mp.override_not_d_investment_10k = 3000;
    auto r = analysis::evaluate_mujun(parcels, areas(parcels), ent, mp, issues);
    CHECK(unit_of(r, 0).mujun_class == "A");   // 1亿元以上 → A (不占A类比例)
    CHECK(unit_of(r, 0).rank == 0);            // taken out of the ranking
    CHECK(unit_of(r, 9).mujun_class == "A");   // the quota's A is still given by rank
    CHECK(unit_of(r, 1).mujun_class == "C");   // 3000万元以上 → not D
    CHECK_FALSE(unit_of(r, 1).class_note.empty());
    CHECK(unit_of(r, 2).mujun_class == "D");
}

TEST_CASE("consecutive years are kept per unit", "[mujun][years]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {{mu_box(0, 10), {{"id", "P1"}}}});
    auto ent = test::wkt_layer(c, "enterprises", test::enterprise_keys(), {
        {"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2022"}, {"tax", "90"}, {"revenue", "15000"}, {"above_scale", "是"}}},
        {"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2023"}, {"tax", "100"}, {"revenue", "16000"}, {"above_scale", "是"}}},
        {"", {{"id", "E1"}, {"parcel_id", "P1"}, {"year", "2024"}, {"tax", "500"}, {"above_scale", "是"}}},
    });
    IssueLog issues;
    analysis::MujunParams mp;
    mp.as_of_year = 2023;   // the 2024 row is after as_of
    auto r = analysis::evaluate_mujun(parcels, areas(parcels), ent, mp, issues);
    CHECK(r.year == 2023);
    const auto& u = unit_of(r, 0);
    CHECK(u.tax_per_mu_by_year.at(2022) == Approx(9));
    CHECK(u.tax_per_mu_by_year.at(2023) == Approx(10));
    CHECK(u.revenue_by_year.at(2023) == Approx(16000));
    CHECK(*u.metric("tax_per_mu") == Approx(10));
}

TEST_CASE("an enterprise without a parcel uses its own land area; unmatched rows are noted", "[mujun]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {{mu_box(0, 10), {{"id", "P1"}}}});
    auto ent = test::wkt_layer(c, "enterprises", test::enterprise_keys(), {
        {"", {{"id", "E9"}, {"parcel_id", "NOPE"}, {"year", "2023"}, {"tax", "20"}, {"land_area_m2", "4000"}, {"above_scale", "否"}}},
    });
    IssueLog issues;
    auto r = analysis::evaluate_mujun(parcels, areas(parcels), ent, analysis::MujunParams{}, issues);
    REQUIRE(r.units.size() == 1);
    CHECK(r.units[0].key == "E:E9");
    CHECK(r.units[0].land_basis == "enterprise_land_area");
    CHECK(*r.units[0].metric("tax_per_mu") == Approx(20 / m2_to_mu(4000)));
    CHECK_FALSE(r.unit_of_parcel[0].has_value());
    CHECK(issues.count_by_kind().at("enterprise_unmatched") == 1);
}
