// Verdicts per (parcel, rule) under the profiles (rules/evaluate.hpp).
#include <catch2/catch.hpp>

#include "../analysis_intensity/wkt_layers.hpp"
#include "rules/evaluate.hpp"

using namespace tl;
using rules::Outcome;

namespace {

struct Scenario {
    geom::GeosContext c;
    geom::Layer parcels;
    analysis::IntensityResult intensity;
    analysis::MujunResult mujun;

    // One parcel per entry: (land_use, industry_code, contract FAR, FAR, coverage, unknown buildings).
    void add(const std::string& id, const std::string& land_use, const std::string& code, std::optional<double> contract,
             double far, double coverage, int unknown = 0, const std::string& flags = "") {
        std::map<std::string, std::string> v{{"id", id}};
        if (!land_use.empty()) v["land_use"] = land_use;
        if (!flags.empty()) v["policy_flags"] = flags;
        rows.push_back({test::box_wkt(0, 0, 100, 100), v});
        analysis::ParcelIntensity pi;
        pi.index = intensity.parcels.size();
        pi.land_use = land_use;
        if (!land_use.empty()) pi.industrial = analysis::is_industrial_land_use(land_use, {"0601", "1001", "M"});
        pi.industry_code = code;
        pi.contract_far_min = contract;
        pi.geometric_area_m2 = pi.area_basis_m2 = 10000;
        pi.area_basis = "geometric";
        pi.far = far;
        pi.coverage = coverage;
        pi.floor_area_m2 = far * 10000;
        pi.footprint_area_m2 = coverage * 10000;
        pi.largest_unbuilt_m2 = 10000 * (1 - coverage);
        pi.unbuilt_measured = true;
        pi.buildings_unknown = unknown;
        pi.far_is_lower_bound = unknown > 0;
        intensity.parcels.push_back(pi);
    }
    // A 亩均 unit for parcel index j.
    analysis::MujunUnit& unit(std::size_t j, std::map<int, double> tax_per_mu, std::map<int, double> revenue = {},
                              const std::string& cls = "B", bool in_scope = true) {
        analysis::MujunUnit u;
        u.key = "P:" + std::to_string(j);
        u.parcels = {j};
        u.tax_per_mu_by_year = std::move(tax_per_mu);
        u.revenue_by_year = std::move(revenue);
        u.in_scope = in_scope;
        u.has_year_data = true;
        u.mujun_class = cls;
        u.score = 42;
        u.rank = 1;
        if (mujun.unit_of_parcel.size() <= j) mujun.unit_of_parcel.resize(j + 1);
        mujun.unit_of_parcel[j] = mujun.units.size();
        mujun.units.push_back(u);
        return mujun.units.back();
    }
    void build() {
        parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), rows);
        mujun.unit_of_parcel.resize(parcels.features.size());
        mujun.year = 2023;
    }
    rules::Evaluation run(const std::string& profile, bool with_mujun = true) {
        rules::EvaluationInputs in;
        in.parcels = &parcels;
        in.intensity = &intensity;
        in.have_buildings = true;
        in.mujun = with_mujun ? &mujun : nullptr;
        in.as_of = parse_date("2023-12-31");
        in.zones = zones_known ? &zones : nullptr;
        return rules::evaluate(rules::load_profile(profile), in);
    }
    std::vector<test::WktRow> rows;
    std::vector<analysis::ParcelZone> zones;   // per parcel (shorter: the rest in no zone)
    bool zones_known = true;                   // false: no control_lines layer
}; // struct Scenario

const rules::Verdict& verdict(const rules::Evaluation& ev, std::size_t j, const std::string& rule) {
    for (const auto& v : ev.parcels.at(j).verdicts) if (v.rule_id == rule) return v;
    FAIL("no verdict " << rule << " for parcel " << j);
    throw 0;
}

} // namespace

TEST_CASE("R04.far: the applicable floor is the largest of contract, local and 2008 industry minimum", "[rules][far]") {
    Scenario s;
    s.add("P0", "0601", "C34", 1.0, 0.9, 0.4);      // 2008: 0.7, contract 1.0 → floor 1.0 → fail
    s.add("P1", "0601", "13", std::nullopt, 1.0, 0.4);   // floor 1.0, FAR exactly 1.0 → pass (不低于)
    s.add("P2", "0701", "", std::nullopt, 0.1, 0.1);     // residential → not applicable
    s.add("P3", "", "", std::nullopt, 0.1, 0.1);         // no land use → indeterminate
    s.add("P4", "0601", "34", std::nullopt, 0.5, 0.4, 2); // FAR a lower bound below 0.7 → indeterminate
    s.add("P5", "0601", "34", std::nullopt, 0.8, 0.4, 2); // lower bound already above 0.7 → pass
    s.add("P6", "0601", "", std::nullopt, 0.3, 0.4);     // no code, no contract: no floor (national)
    s.add("P7", "0601", "34", std::nullopt, 0.7 - 1e-12, 0.4);  // equal within 1e-9 → pass
    s.build();
    auto ev = s.run("national");
    const auto& v0 = verdict(ev, 0, "R04.far");
    CHECK(v0.outcome == Outcome::fail);
    CHECK(*v0.threshold == 1.0);
    CHECK(*v0.measured == 0.9);
    CHECK(v0.comparison == "<");
    CHECK(v0.clause.find("出让合同") != std::string::npos);
    CHECK(verdict(ev, 1, "R04.far").outcome == Outcome::pass);
    CHECK(verdict(ev, 1, "R04.far").clause.find("2008") != std::string::npos);
    CHECK(verdict(ev, 2, "R04.far").outcome == Outcome::not_applicable);
    CHECK(verdict(ev, 3, "R04.far").outcome == Outcome::indeterminate);
    CHECK(verdict(ev, 4, "R04.far").outcome == Outcome::indeterminate);
    CHECK(verdict(ev, 4, "R04.far").reason_en.find("lower bound") != std::string::npos);
    CHECK(verdict(ev, 5, "R04.far").outcome == Outcome::pass);
    CHECK(verdict(ev, 6, "R04.far").outcome == Outcome::indeterminate);
    CHECK(verdict(ev, 7, "R04.far").outcome == Outcome::pass);
    CHECK(ev.parcels[0].inefficient());
    CHECK_FALSE(ev.parcels[3].inefficient());   // indeterminate is never a pass, nor a fail
    CHECK(ev.parcels[3].indeterminate >= 1);

    // Stock land (never supplied, as every parcel above) is never judged by a county's
    // new-project floor: under Xiangshan P1 keeps the 2008 floor and P6 has none.
    auto stock = s.run("xiangshan");
    CHECK(verdict(stock, 1, "R04.far").outcome == Outcome::pass);
    CHECK(*verdict(stock, 1, "R04.far").threshold == 1.0);
    CHECK(verdict(stock, 6, "R04.far").outcome == Outcome::indeterminate);

    // Xiangshan's new-project floor 2.0 (象政发〔2022〕10号 四(二) «新建工业用地项目») governs a parcel
    // supplied on or after 2022-04-01, where it is the largest; one supplied the day before keeps 1.0.
    s.intensity.parcels[1].latest_supplied_on = parse_date("2022-04-01");
    s.intensity.parcels[6].latest_supplied_on = parse_date("2023-06-30");
    s.intensity.parcels[7].latest_supplied_on = parse_date("2022-03-31");
    auto xs = s.run("xiangshan");
    const auto& x1 = verdict(xs, 1, "R04.far");
    CHECK(x1.outcome == Outcome::fail);
    CHECK(*x1.threshold == 2.0);
    CHECK(x1.clause.find("象政发〔2022〕10号 四(二)") != std::string::npos);
    CHECK(verdict(xs, 6, "R04.far").outcome == Outcome::fail);   // the new-project floor applies without a code
    CHECK(verdict(xs, 7, "R04.far").outcome == Outcome::pass);   // supplied before: 2008 floor 0.7
    CHECK(*verdict(xs, 7, "R04.far").threshold == Approx(0.7));
    // Zhoushan's draft 1.5 from 2023-05-04: P1 (2022) is stock there, P6 (2023-06-30) new.
    auto zs = s.run("zhoushan");
    CHECK(*verdict(zs, 1, "R04.far").threshold == 1.0);
    CHECK(*verdict(zs, 6, "R04.far").threshold == 1.5);
}

TEST_CASE("R06.coverage: below 30 % fails, 30 % itself passes", "[rules][coverage]") {
    Scenario s;
    s.add("P0", "0601", "34", std::nullopt, 1, 0.2999);
    s.add("P1", "0601", "34", std::nullopt, 1, 0.30);
    s.build();
    auto ev = s.run("national");
    CHECK(verdict(ev, 0, "R06.coverage").outcome == Outcome::fail);
    CHECK(verdict(ev, 1, "R06.coverage").outcome == Outcome::pass);
    CHECK(verdict(ev, 0, "R06.coverage").clause.find("2008") != std::string::npos);
    // without a buildings layer nothing passes
    rules::EvaluationInputs in;
    in.parcels = &s.parcels;
    in.intensity = &s.intensity;
    in.have_buildings = false;
    auto nb = rules::evaluate(rules::load_profile("national"), in);
    CHECK(verdict(nb, 1, "R06.coverage").outcome == Outcome::indeterminate);
    CHECK(verdict(nb, 1, "R04.far").outcome == Outcome::indeterminate);
    CHECK(nb.skipped_rules.count("R11.class_d") == 1);   // no enterprise table
}

TEST_CASE("R10.tax_low under Linping (3万元以下, inclusive) and Linhai (5万元(含)以下)", "[rules][mujun]") {
    Scenario s;
    for (int k = 0; k < 5; ++k) s.add("P" + std::to_string(k), "0601", "34", std::nullopt, 1, 0.4);
    s.add("P5", "0701", "", std::nullopt, 1, 0.4);
    s.build();
    s.unit(0, {{2023, 3.0}});
    s.unit(1, {{2023, 3.01}});
    s.unit(2, {{2023, 5.0}});
    s.unit(3, {{2022, 20.0}});   // nothing in the evaluation year
    // P4: no unit;  P5: not industrial
    auto lp = s.run("linping");
    CHECK(verdict(lp, 0, "R10.tax_low").outcome == Outcome::fail);
    CHECK(verdict(lp, 0, "R10.tax_low").comparison == "≤");
    CHECK(verdict(lp, 0, "R10.tax_low").clause.find("临平政办〔2022〕92号 三(一)4") != std::string::npos);
    CHECK(verdict(lp, 1, "R10.tax_low").outcome == Outcome::pass);
    CHECK(verdict(lp, 2, "R10.tax_low").outcome == Outcome::pass);
    CHECK(verdict(lp, 3, "R10.tax_low").outcome == Outcome::indeterminate);
    CHECK(verdict(lp, 4, "R10.tax_low").outcome == Outcome::indeterminate);
    CHECK(verdict(lp, 5, "R10.tax_low").outcome == Outcome::not_applicable);
    auto lh = s.run("linhai");
    CHECK(verdict(lh, 2, "R10.tax_low").outcome == Outcome::fail);   // 5万元(含)
    CHECK(*verdict(lh, 2, "R10.tax_low").threshold == 5);
    // national has no county line
    auto nat = s.run("national");
    for (const auto& v : nat.parcels[0].verdicts) CHECK(v.rule_id != "R10.tax_low");
}

TEST_CASE("R10.yiyuan: 亿元企业 with 亩均税收 ≤ 10万 in two consecutive years (Linhai 附件 二)", "[rules][mujun]") {
    Scenario s;
    for (int k = 0; k < 5; ++k) s.add("P" + std::to_string(k), "0601", "34", std::nullopt, 1, 0.4);
    s.build();
    s.unit(0, {{2022, 9}, {2023, 10}}, {{2023, 15000}});    // both ≤ 10 → fail
    s.unit(1, {{2022, 11}, {2023, 10}}, {{2023, 15000}});   // 2022 above → pass
    s.unit(2, {{2023, 8}}, {{2023, 15000}});                // 2022 missing → indeterminate
    s.unit(3, {{2022, 1}, {2023, 1}}, {{2023, 9999}});      // not a 亿元 enterprise
    s.unit(4, {{2022, 1}, {2023, 1}});                      // revenue unknown
    auto lh = s.run("linhai");
    CHECK(verdict(lh, 0, "R10.yiyuan").outcome == Outcome::fail);
    CHECK(verdict(lh, 0, "R10.yiyuan").clause.find("临政发〔2022〕22号 附件 二") != std::string::npos);
    CHECK(verdict(lh, 1, "R10.yiyuan").outcome == Outcome::pass);
    CHECK(verdict(lh, 2, "R10.yiyuan").outcome == Outcome::indeterminate);
    CHECK(verdict(lh, 3, "R10.yiyuan").outcome == Outcome::not_applicable);
    CHECK(verdict(lh, 4, "R10.yiyuan").outcome == Outcome::indeterminate);
    CHECK(lh.counts.at("R10.yiyuan")[static_cast<int>(Outcome::fail)] == 1);
    CHECK(lh.notes.empty());   // in force on 2023-12-31
}

TEST_CASE("R11.class_d and R20.policy_flags", "[rules][mujun]") {
    Scenario s;
    s.add("P0", "0601", "34", std::nullopt, 1, 0.4, 0, "淘汰类");
    s.add("P1", "0601", "34", std::nullopt, 1, 0.4);
    s.add("P2", "0601", "34", std::nullopt, 1, 0.4);
    s.add("P3", "0601", "34", std::nullopt, 1, 0.4);
    s.build();
    s.unit(0, {{2023, 1}}, {}, "D");
    s.unit(1, {{2023, 1}}, {}, "A");
    s.unit(2, {{2023, 1}}, {}, "", false);   // outside the scope
    s.unit(3, {{2023, 1}}, {}, "", true);    // in scope but not scored
    auto ev = s.run("national");
    CHECK(verdict(ev, 0, "R11.class_d").outcome == Outcome::fail);
    CHECK(verdict(ev, 1, "R11.class_d").outcome == Outcome::pass);
    CHECK(verdict(ev, 2, "R11.class_d").outcome == Outcome::not_applicable);
    CHECK(verdict(ev, 3, "R11.class_d").outcome == Outcome::indeterminate);
    // A unit with rows, none in the evaluation year (a back-year run): missing data, not n/a.
    s.mujun.units[*s.mujun.unit_of_parcel[2]].has_year_data = false;
    auto back = s.run("national");
    CHECK(verdict(back, 2, "R11.class_d").outcome == Outcome::indeterminate);
    CHECK(verdict(back, 2, "R11.class_d").missing == "enterprise_year");
    CHECK(verdict(ev, 0, "R20.policy_flags").outcome == Outcome::fail);
    CHECK(verdict(ev, 0, "R20.policy_flags").reason_zh.find("淘汰类") != std::string::npos);
    CHECK(verdict(ev, 1, "R20.policy_flags").outcome == Outcome::pass);
}

TEST_CASE("an expired profile is noted", "[rules]") {
    Scenario s;
    s.add("P0", "0601", "34", std::nullopt, 1, 0.4);
    s.build();
    rules::EvaluationInputs in;
    in.parcels = &s.parcels;
    in.intensity = &s.intensity;
    in.as_of = parse_date("2024-06-30");
    auto ev = rules::evaluate(rules::load_profile("linping"), in);
    REQUIRE(ev.notes.size() == 1);
    CHECK(ev.notes[0].find("expired") != std::string::npos);
}

TEST_CASE("profile parameters reach the analyses", "[rules]") {
    auto ip = rules::intensity_params(rules::load_profile("national"));
    CHECK(ip.storey_double_height_m == 8.0);
    CHECK(ip.estimate_storey_height_m == 3.5);
    CHECK(ip.industrial_prefixes == std::vector<std::string>{"0601", "1001", "M"});
    // R04.unbuilt is industrial_only in the national profile: the opening is measured there only.
    CHECK(ip.unbuilt_scope == analysis::UnbuiltScope::industrial);
    const std::string head = "[profile]\nid = \"t\"\nextends = \"national\"\nname = \"t\"\njurisdiction = \"t\"\n"
                             "effective_from = 2020-01-01\n";
    CHECK(rules::intensity_params(rules::parse_profile(head + "[rules.unbuilt]\nindustrial_only = false\n", "t.toml", TL_PROFILES_DIR))
              .unbuilt_scope == analysis::UnbuiltScope::all);
    CHECK(rules::intensity_params(rules::parse_profile(head + "[rules.unbuilt]\nenabled = false\n", "t.toml", TL_PROFILES_DIR))
              .unbuilt_scope == analysis::UnbuiltScope::none);
    auto mp = rules::mujun_params(rules::load_profile("linhai"));
    CHECK(*mp.override_a_investment_10k == 10000);
    CHECK(mp.weights_above.at("tax_per_mu") == 30);
    CHECK(mp.weights_below.size() == 2);
    CHECK_FALSE(rules::mujun_params(rules::load_profile("national")).override_a_investment_10k.has_value());
}

TEST_CASE("R04.far: 舟山's 产业平台 floor judges a new project in a platform zone, and only that", "[rules][far][zones]") {
    Scenario s;
    // FAR 1.8: meets 舟山's 1.5 for new projects, not the platform's 2.0.
    s.add("P0", "0601", "", std::nullopt, 1.8, 0.4);   // new project, in 演示县经济开发区 → 2.0 → fail
    s.add("P1", "0601", "", std::nullopt, 1.8, 0.4);   // new project, zone without a platform word → 1.5 → pass
    s.add("P2", "0601", "", std::nullopt, 1.8, 0.4);   // new project, only 30 % in the platform → 1.5 → pass
    s.add("P3", "0601", "", std::nullopt, 1.8, 0.4);   // stock land in the platform → no county floor at all
    s.build();
    for (int j = 0; j < 3; ++j) s.intensity.parcels[j].latest_supplied_on = parse_date("2024-01-10");
    s.intensity.parcels[3].latest_supplied_on = parse_date("2015-06-01");
    s.zones = {{"演示县经济开发区", "一级控制线", 0.95}, {"城东村级工业点", "二级控制线", 1.0}, {"北山小微企业园", "", 0.3},
               {"演示县经济开发区", "一级控制线", 1.0}};
    auto ev = s.run("zhoushan");
    const auto& v0 = verdict(ev, 0, "R04.far");
    CHECK(v0.outcome == Outcome::fail);
    CHECK(*v0.threshold == 2.0);
    CHECK(v0.clause == "舟山“155”方案(征求意见稿) 二(一)1");
    CHECK(v0.reason_zh.find("演示县经济开发区") != std::string::npos);
    CHECK(verdict(ev, 1, "R04.far").outcome == Outcome::pass);
    CHECK(*verdict(ev, 1, "R04.far").threshold == 1.5);
    CHECK(verdict(ev, 2, "R04.far").outcome == Outcome::pass);
    CHECK(verdict(ev, 3, "R04.far").outcome == Outcome::indeterminate);   // stock, no industry code: no floor applies
    // Without a control_lines layer a new project between the two floors cannot be judged.
    s.zones_known = false;
    auto ev2 = s.run("zhoushan");
    CHECK(verdict(ev2, 0, "R04.far").outcome == Outcome::indeterminate);
    CHECK(verdict(ev2, 0, "R04.far").missing == "zones");
    // Under national there is no platform floor: zones change nothing.
    s.zones_known = true;
    CHECK(verdict(s.run("national"), 0, "R04.far").outcome == Outcome::indeterminate);   // no floor without code/contract
}

TEST_CASE("R07.ancillary: 临海 (十四) raises the cap in a 产业园区 or for an A/B firm of 50 亩", "[rules][ancillary][zones]") {
    Scenario s;
    for (int j = 0; j < 5; ++j) s.add("P" + std::to_string(j), "0601", "34", std::nullopt, 1.2, 0.4);
    s.build();
    for (auto& pi : s.intensity.parcels) pi.ancillary_area_m2 = 1000;   // 10 % of 10000 m²
    s.intensity.parcels[4].ancillary_area_m2 = 2000;                   // 20 %: over even the raised cap
    s.parcels.keys.push_back("ancillary_area_m2");
    s.parcels.bound.push_back(true);
    for (auto& f : s.parcels.features) f.values.push_back(std::string("1000"));
    s.zones = {{"北山工业功能区", "一级控制线", 1.0}, {"城东村", "", 1.0}, {}, {}, {"西溪小微企业园", "", 0.8}};
    s.unit(2, {{2023, 30}}, {}, "A").land_m2 = 40000;   // class A, 60 亩 → raised
    s.unit(3, {{2023, 30}}, {}, "C").land_m2 = 40000;   // class C → 7 %
    auto ev = s.run("linhai");
    CHECK(verdict(ev, 0, "R07.ancillary").outcome == Outcome::pass);
    CHECK(*verdict(ev, 0, "R07.ancillary").threshold == Approx(0.15));
    CHECK(verdict(ev, 4, "R07.ancillary").outcome == Outcome::fail);
    CHECK(*verdict(ev, 4, "R07.ancillary").threshold == Approx(0.15));
    CHECK(verdict(ev, 4, "R07.ancillary").clause == "临政发〔2022〕22号 (十四)");
    CHECK(verdict(ev, 4, "R07.ancillary").reason_zh.find("西溪小微企业园") != std::string::npos);
    CHECK(verdict(ev, 1, "R07.ancillary").outcome == Outcome::fail);
    CHECK(*verdict(ev, 1, "R07.ancillary").threshold == Approx(0.07));
    CHECK(verdict(ev, 2, "R07.ancillary").outcome == Outcome::pass);
    CHECK(verdict(ev, 3, "R07.ancillary").outcome == Outcome::fail);
    CHECK(verdict(s.run("national"), 0, "R07.ancillary").outcome == Outcome::fail);   // no raised cap in the 2008 indicators
}
