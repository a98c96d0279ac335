// R12 零星地块 verdicts. See scattered.hpp.
#include "rules/scattered.hpp"

#include <algorithm>

#include "core/units.hpp"
#include "rules/evaluate.hpp"   // land_rights

namespace tl::rules {

namespace {

constexpr double kAreaNoise_m2 = 1e-6;

Verdict cap_verdict(double measured_m2, double cap_m2, const std::string& clause) {
    Verdict v;
    v.rule_id = "R12";
    v.outcome = measured_m2 <= cap_m2 + kAreaNoise_m2 ? Outcome::pass : Outcome::fail;   // "不超过": ≤
    v.measured = measured_m2;
    v.comparison = ">";
    v.threshold = cap_m2;
    v.clause = clause;
    return v;
}

} // namespace

const char* to_string(LeftoverClass k) noexcept { return k == LeftoverClass::sandwich ? "sandwich" : "edge"; }
const char* to_string_zh(LeftoverClass k) noexcept { return k == LeftoverClass::sandwich ? "夹心地" : "边角地"; }

analysis::ScatteredParams scattered_params(const Profile& p) {
    analysis::ScatteredParams s;
    s.max_leftover_m2 = mu_to_m2(p.number("scattered.max_area_mu"));
    s.industrial_prefixes = p.texts("land_use.industrial_prefixes");
    s.rights = land_rights(p);
    s.adjacency.snap_m = p.number("adjacency.snap_m");
    s.adjacency.min_shared_m = p.number("adjacency.min_shared_m");
    return s;
}

ScatteredVerdicts judge_scattered(const Profile& p, const analysis::ScatteredResult& r) {
    ScatteredVerdicts out;
    out.max_share_of_host = p.number("scattered.max_share_of_host");
    out.max_area_mu = p.number("scattered.max_area_mu");
    out.clause = p.text("scattered.clause");
    const double sandwich_share_min = p.number("scattered.sandwich_share_min");
    for (const auto& l : r.leftovers)
        out.kinds.push_back(l.enclosed_share >= sandwich_share_min ? LeftoverClass::sandwich : LeftoverClass::edge);
    for (const auto& h : r.hosts) {
        HostCap c;
        c.cap_share_m2 = out.max_share_of_host * h.area_m2;
        c.cap_area_m2 = mu_to_m2(out.max_area_mu);
        c.cap_m2 = std::min(c.cap_share_m2, c.cap_area_m2);
        c.total = cap_verdict(h.candidates_m2, c.cap_m2, out.clause);
        out.hosts.push_back(std::move(c));
    }
    for (const auto& cand : r.candidates) out.candidates.push_back(cap_verdict(cand.cumulative_m2, out.hosts[cand.host].cap_m2, out.clause));
    return out;
}

} // namespace tl::rules
