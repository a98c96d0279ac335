// R12 零星地块 (临政发〔2022〕22号 (五) 2, domain.md §7): judging the candidates that
// analysis::find_scattered measured, under the profile.
//
//   CAP   累计面积不超过原用地面积20%, 且不超过10亩 — both inclusive (《民法典》第1259条, domain.md §0):
//         cap_m2 = min(scattered.max_share_of_host × host area, scattered.max_area_mu 亩).
//         Per candidate, Verdict R12: pass when the host's running total (cumulative_m2, this
//         candidate included) is ≤ cap_m2, fail beyond (1e-6 m² of floating-point noise allowed);
//         per host, the total of all its adjacent candidates against the same cap.
//   CLASS 夹心地 when the enclosed share ≥ scattered.sandwich_share_min, else 边角地.
//   Clause: scattered.clause.
#pragma once
#include <string>
#include <vector>

#include "analysis/scattered.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

enum class LeftoverClass { sandwich, edge };   // 夹心地, 边角地
const char* to_string(LeftoverClass k) noexcept;
const char* to_string_zh(LeftoverClass k) noexcept;

// What find_scattered measures, from the profile: the largest leftover that can be 零星
// (scattered.max_area_mu), the industrial codes, the [land_rights] vocabularies, adjacency.
analysis::ScatteredParams scattered_params(const Profile& p);

struct HostCap {
    double cap_share_m2 = 0;                // max_share_of_host × host area
    double cap_area_m2 = 0;                 // max_area_mu in m²
    double cap_m2 = 0;                      // min of the two
    Verdict total;                          // R12: all adjacent candidates within the cap
}; // struct HostCap

struct ScatteredVerdicts {
    std::vector<LeftoverClass> kinds;       // per analysis leftover
    std::vector<HostCap> hosts;             // per analysis host
    std::vector<Verdict> candidates;        // per analysis candidate: R12 cumulative area within the cap
    double max_share_of_host = 0, max_area_mu = 0;
    std::string clause;                     // scattered.clause
}; // struct ScatteredVerdicts

ScatteredVerdicts judge_scattered(const Profile& p, const analysis::ScatteredResult& r);

} // namespace tl::rules
