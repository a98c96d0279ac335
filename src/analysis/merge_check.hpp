// One 零增地技改 / merge application (`tenglong check-merge`): the MEASURES. The conditions of
// 临政发〔2022〕22号 (五) and (七) are judged by rules::judge_merge (src/rules/merge_check.hpp)
// from the profile: this file decides nothing.
//
// The application: a host parcel (an industrial firm's 宗地) and the parcels it wants to take
// in (--with). Each --with parcel is either
//   - a 零星地块 (state-held and not supplied under the profile's [land_rights]: owner empty or
//     state-held, tenure neither collective nor a supply form — is_state_unassigned), or
//   - another firm's parcel (anything else), a merge partner.
// Measured: the host's land use, owner, tenure, right type, remaining term, area basis
// (registered ZDMJ when given, else geometric) and current floor area (analysis/intensity.hpp on
// the host alone: footprint ∩ parcel × storeys; a lower bound when buildings lack floors and
// height or there is no buildings layer); per piece its area (geometric), tenure, right type,
// remaining term, the boundary it shares with the host and whether it is connected to the host
// through adjacent pieces (R15 adjacency: shared boundary ≥ min_shared_m after the snap; point
// contact never counts).
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

struct MergeCheckParams {
    LandRights rights;                 // profile [land_rights]: which --with parcels are 零星地块
    AdjacencyOptions adjacency;        // snap 0.2 m, min_shared 1.0 m (R15)
    IntensityParams intensity;         // floor-area counting (8 m rule)
}; // struct MergeCheckParams

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
    double snap_m = 0, min_shared_m = 0;   // the adjacency tolerances measured with
    std::vector<MergePiece> pieces;
}; // struct MergeCheckResult

// `host` and `with` are parcel indices (the caller resolves ids; duplicates in `with` and the
// host itself are ignored). `buildings` may be null (floor area 0, a lower bound).
MergeCheckResult measure_merge(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* buildings,
                             std::size_t host, const std::vector<std::size_t>& with,
                             std::optional<double> planned_floor_area_m2, const MergeCheckParams& params,
                             IssueLog& issues);

} // namespace tl::analysis
