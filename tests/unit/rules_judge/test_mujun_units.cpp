// The 亩均 table's unit check (rules::mujun_unit_problem, mujun.tax_per_mu_plausible_max_10k): a
// median 亩均税收 above the profile's plausible bound names the likely unit (元) and the fix.
#include <catch2/catch.hpp>

#include "analysis/mujun.hpp"
#include "rules/evaluate.hpp"

using namespace tl;

namespace {

analysis::MujunResult with_tax(std::initializer_list<double> tax_per_mu) {
    analysis::MujunResult r;
    r.year = 2023;
    const auto& names = analysis::mujun_metric_names();
    const auto k = static_cast<std::size_t>(std::find(names.begin(), names.end(), std::string("tax_per_mu")) - names.begin());
    for (double t : tax_per_mu) {
        analysis::MujunUnit u;
        u.has_year_data = true;
        u.in_scope = true;
        u.metrics.at(k) = t;
        r.units.push_back(u);
    }
    return r;
}

} // namespace

TEST_CASE("亩均 unit check: the median against the profile's plausible maximum", "[rules][mujun]") {
    const auto national = rules::load_profile("national");
    const double max = national.number("mujun.tax_per_mu_plausible_max_10k");
    CHECK_FALSE(rules::mujun_unit_problem(national, with_tax({5, 12, 30})).has_value());
    // Tax in 元 read as 万元: every value 10 000 times too large.
    const auto problem = rules::mujun_unit_problem(national, with_tax({50000, 120000, 300000}));
    REQUIRE(problem.has_value());
    CHECK(problem->find("元") != std::string::npos);
    CHECK(problem->find("units = { tax = \"元\" }") != std::string::npos);
    // One outlier does not trip it: the median does.
    CHECK_FALSE(rules::mujun_unit_problem(national, with_tax({5, 12, max * 100})).has_value());
    // No evaluation year: nothing to check.
    analysis::MujunResult none;
    CHECK_FALSE(rules::mujun_unit_problem(national, none).has_value());
}
