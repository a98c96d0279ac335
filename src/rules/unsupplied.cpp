// R01 批而未供 verdicts. See unsupplied.hpp.
#include "rules/unsupplied.hpp"

#include "rules/evaluate.hpp"   // land_rights

namespace tl::rules {

analysis::UnsuppliedParams unsupplied_params(const Profile& p, const Date& as_of) {
    analysis::UnsuppliedParams u;
    u.as_of = as_of;
    u.age_edges_years.clear();
    for (double e : p.numbers("unsupplied.age_bucket_edges_years")) u.age_edges_years.push_back(static_cast<int>(e));
    u.sliver_min_area_m2 = p.number("unsupplied.sliver_min_area_m2");
    u.rights = land_rights(p);
    return u;
}

UnsuppliedVerdicts judge_unsupplied(const Profile& p, const analysis::UnsuppliedResult& r) {
    UnsuppliedVerdicts out;
    out.clause_zh = p.text("unsupplied.clause");
    out.clause_en = p.text("unsupplied.clause_en");
    for (const auto& b : r.batches) {
        Verdict v;
        v.rule_id = "R01";
        v.outcome = b.unsupplied_area_m2 > 0 ? Outcome::fail : Outcome::pass;
        v.measured = b.unsupplied_area_m2;
        v.comparison = ">";
        v.threshold = 0.0;
        v.clause = out.clause_zh;
        out.batches.push_back(std::move(v));
    }
    return out;
}

} // namespace tl::rules
