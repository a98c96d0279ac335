// One 零增地技改 / merge application, tested condition by condition (`tenglong check-merge`).
//
// The application: a host parcel (an industrial firm's 宗地) and the parcels it wants to take
// in (--with). Each --with parcel is either
//   - a 零星地块 (state-held and not supplied: owner empty or 国有…, tenure neither collective nor
//     a supply form — is_state_unassigned of analysis/scattered.hpp) → tested under
//     临政发〔2022〕22号 (五), or
//   - another firm's parcel (anything else) → a merge transfer tested under (七).
// CONDITIONS (each with its numbers, threshold and clause; outcome pass | fail | indeterminate
// when data is missing | manual when only a planner can judge):
//   (五)
//   5.host      the host is industrial land (land_use 0601 / 1001xx / M…) held by a firm
//   5.adjacent  every 零星地块 touches the host, or another accepted piece that does, with
//               shared boundary ≥ min_shared_m (R15; point contact never counts) — "周边"
//   5.cap_share Σ 零星地块 area ≤ 20 % of the host's area ("不超过原用地面积20%", inclusive)
//   5.cap_mu    Σ 零星地块 area ≤ 10 亩 ("且不超过10亩", inclusive)
//   5.uplift    FAR after ≥ 1.20 × FAR before ("容积率提高20%以上", inclusive) OR new floor area
//               ≥ 20 % of the total floor area after ("新增建筑面积占技改后总建筑面积20%以上").
//               FAR before = host floor area / host area basis; FAR after = (host floor area +
//               planned) / (host area basis + Σ 零星地块 area); needs --planned-floor-area, else
//               indeterminate. Host floor area from the buildings (analysis/intensity.hpp: footprint
//               ∩ parcel × storeys, storeys over 8 m counted twice); a lower bound when buildings
//               lack floors and height (then a fail is reported as indeterminate).
//   5.plan      符合相关规划要求 — manual (not in the data).
//   (五) is tested when there are 零星地块 or a planned floor area (or nothing else); an
//   application of other firms' parcels only is a pure merge, tested under (七) alone (7.host,
//   7.plan: plans/fire/environment/contract allow it — manual).
//   (七) merge transfer, for the parcels of other firms
//   7.adjacent  界线相邻: as 5.adjacent
//   7.tenure    same 权利性质 (QLXZ, parcels.tenure) as the host
//   7.right     same 权利类型 (QLLX, parcels.right_type) as the host
//   7.term      the merged parcel's term = the shortest remaining term (SYNX) of all — reported
//               (pass when every term is known, indeterminate otherwise)
// OVERALL: pass when no condition fails or is indeterminate (manual ones are listed as
// reminders and do not decide); fail when one fails; else indeterminate.
// Areas: the host's area basis is its registered area (ZDMJ) when given, else geometric; the
// pieces' areas are geometric (planar, working CRS).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/adjacency.hpp"
#include "analysis/land_rights.hpp"
#include "analysis/intensity.hpp"
#include "core/issue_log.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

enum class Outcome { pass, fail, indeterminate, manual };
const char* to_string(Outcome o) noexcept;

struct MergeCheckParams {
    double max_share_of_host = 0.20;   // DEFAULT 0.20 (五) ≤
    double max_area_mu = 10.0;         // DEFAULT 10 亩 (五) ≤
    double far_uplift_min = 0.20;      // DEFAULT 0.20 (五) FAR_after ≥ (1 + this) × FAR_before
    double gfa_share_min = 0.20;       // DEFAULT 0.20 (五) planned ≥ this × total after
    std::vector<std::string> industrial_prefixes;   // profile land_use.industrial_prefixes
    LandRights rights;                 // profile [land_rights]
    AdjacencyOptions adjacency;        // snap 0.2 m, min_shared 1.0 m (R15)
    IntensityParams intensity;         // floor-area counting (8 m rule)
    std::string clause_5;              // profile scattered.clause
    std::string clause_7;              // profile scattered.merge_clause
}; // struct MergeCheckParams

struct Condition {
    std::string id;                    // "5.cap_share", ...
    std::string label_zh;
    std::string label_en;
    Outcome outcome = Outcome::indeterminate;
    std::string measured;              // the numbers, human-readable
    std::string threshold;
    std::string clause;
}; // struct Condition

struct MergePiece {
    std::size_t parcel = 0;
    std::string id;
    bool leftover = false;             // (五) 零星地块; false: (七) merge partner
    double area_m2 = 0;
    double shared_with_host_m = 0;     // direct shared length with the host (0 if only via others)
    bool connected = false;            // adjacent to the host or to a connected piece
    std::string tenure, right_type;
    std::optional<double> remaining_term_years;
}; // struct MergePiece

struct MergeCheckResult {
    std::size_t host = 0;
    std::string host_id, host_owner, host_land_use, host_tenure, host_right_type;
    double host_area_m2 = 0;
    std::string host_area_basis;
    std::optional<double> host_remaining_term_years;
    double host_floor_area_m2 = 0;
    bool floor_area_lower_bound = false;
    std::optional<double> planned_floor_area_m2;
    double leftover_area_m2 = 0;       // Σ 零星地块
    double far_before = 0;
    std::optional<double> far_after;
    std::optional<double> merged_term_years;
    std::vector<MergePiece> pieces;
    std::vector<Condition> conditions;
    Outcome overall = Outcome::indeterminate;
}; // struct MergeCheckResult

// `host` and `with` are parcel indices (the caller resolves ids; duplicates in `with` and the
// host itself are ignored). `buildings` may be null (floor area 0, a lower bound).
MergeCheckResult check_merge(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* buildings,
                             std::size_t host, const std::vector<std::size_t>& with,
                             std::optional<double> planned_floor_area_m2, const MergeCheckParams& params,
                             IssueLog& issues);

} // namespace tl::analysis
