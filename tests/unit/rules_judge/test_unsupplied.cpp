// R01 批而未供 verdicts (rules::judge_unsupplied) and the measures' parameters from the profile.
#include <catch2/catch.hpp>

#include "rules/unsupplied.hpp"

using namespace tl;

TEST_CASE("R01: a batch with unsupplied land fails, a fully supplied one passes; clause and numbers are the profile's", "[rules][unsupplied]") {
    const auto national = rules::load_profile("national");
    analysis::UnsuppliedResult r;
    r.batches.resize(2);
    r.batches[0].unsupplied_area_m2 = 12.5;
    r.batches[1].unsupplied_area_m2 = 0;
    const auto v = rules::judge_unsupplied(national, r);
    REQUIRE(v.batches.size() == 2);
    CHECK(v.batches[0].rule_id == "R01");
    CHECK(v.batches[0].outcome == rules::Outcome::fail);
    CHECK(v.batches[0].measured == Approx(12.5));
    CHECK(v.batches[1].outcome == rules::Outcome::pass);
    CHECK(v.clause_zh == national.text("unsupplied.clause"));
    CHECK(v.clause_zh.find("自然资规〔2018〕1号") != std::string::npos);
    CHECK(v.clause_en.find("approved") != std::string::npos);

    const auto p = rules::unsupplied_params(national, Date{2023, 12, 31});
    CHECK(p.age_edges_years == std::vector<int>{2, 5});
    CHECK(p.sliver_min_area_m2 == 10);
    CHECK(p.as_of == Date{2023, 12, 31});
    CHECK_FALSE(p.rights.unsupplied_tenures.empty());
}
