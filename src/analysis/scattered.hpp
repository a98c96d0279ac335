// 零星地块 (scattered leftover land) that a neighbouring industrial firm could absorb in a
// 零增地技改: the MEASURES of R12, 临政发〔2022〕22号 (五) (domain.md §7). The rule that judges them
// (the 20 % / 10 亩 cap, 夹心地 / 边角地) is rules::judge_scattered (src/rules/scattered.hpp),
// from the profile's [scattered] keys: this file finds and measures.
//
// WHAT IS A LEFTOVER (candidate land)
//   unsupplied        a piece of approved but unsupplied land (批而未供), passed in by the caller
//                     (the unsupplied analysis' pieces), id "<batch id>#<part>" or as given.
//   state_unassigned  a parcel held by the state and not assigned to anyone: owner empty or
//                     state-held, tenure (QLXZ) neither collective nor a supply form (the profile's
//                     [land_rights] vocabularies, analysis/land_rights.hpp: "国有(未供)",
//                     "国有土地（储备）" and tenure "国有未供" are state land not supplied), no
//                     supplies row naming the parcel (supplies.parcel_id), and no supply polygon
//                     covering half of it or more. A parcel lying for half or more inside
//                     unsupplied pieces that are themselves candidates (within max_area_mu) is not
//                     listed again: those pieces stand for it. A piece too large to be 零星 stands
//                     for nothing, so the parcels inside it are judged on their own.
//   small_parcel      a non-industrial parcel smaller than `small_parcel_max_m2` (strict "<", the
//                     Guangdong 三旧 heuristic "不足3亩" [S] ZX-GD); only when the profile sets a
//                     threshold (DEFAULT 0: off), because such a parcel usually has an owner.
//   Any leftover larger than max_leftover_m2 (the profile's 10 亩 cap, scattered.max_area_mu,
//   given by rules::scattered_params) is left out: it could never be taken in under (五), so it
//   is not 零星 (counted in ScatteredResult::too_large).
// WHAT IS A HOST
//   an industrial parcel (land_use starting with one of `industrial_prefixes`: 0601, 1001xx,
//   M/M1–M3, domain.md §9.3) that has an owner (not empty, not state-only) and is not itself a
//   leftover.
// ADJACENCY
//   leftover ↔ host by the adjacency engine (analysis/adjacency.hpp, R15): shared boundary
//   ≥ min_shared_m after the snap tolerance; point contact never counts. (五) says "周边"; we
//   require boundary contact, which is stricter and what (七) "界线相邻" means.
// MEASURES
//   enclosed share = Σ shared length with all adjacent hosts / perimeter of the leftover (holes
//   included), capped at 1 (the rules class 夹心地 / 边角地 by it).
//   Host area = its registered area (ZDMJ, "原用地面积") when given and > 0, else its geometric
//   area. Per host, candidates are taken in order of decreasing shared length (then smaller
//   area, then id); `cumulative_m2` is the running total of their areas (the rules compare it
//   with the cap). A leftover adjacent to several hosts is listed with each (the planner decides
//   which firm takes it).
// Areas are planar m² in the working CRS; 亩 = m² × 15 / 10000 (core/units.hpp).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/adjacency.hpp"
#include "analysis/land_rights.hpp"
#include "core/issue_log.hpp"
#include "core/units.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

enum class LeftoverSource { unsupplied, state_unassigned, small_parcel };
const char* to_string(LeftoverSource s) noexcept;

// A piece of leftover land given by the caller (批而未供 pieces). Geometry borrowed.
struct LeftoverInput {
    std::string id;
    const GEOSGeometry* geom = nullptr;
    std::string detail;                 // e.g. batch name / doc no, shown in the table
}; // struct LeftoverInput

struct ScatteredParams {
    double max_leftover_m2 = 0;         // larger leftovers are not 零星 (rules::scattered_params: scattered.max_area_mu)
    double small_parcel_max_m2 = 0;     // DEFAULT 0 = off; e.g. mu_to_m2(3) (GD "不足3亩")
    double supplied_cover_min = 0.5;    // DEFAULT 0.5: a supply polygon covering ≥ this share means supplied
    std::vector<std::string> industrial_prefixes;   // profile land_use.industrial_prefixes
    LandRights rights;                  // profile [land_rights]
    AdjacencyOptions adjacency;         // snap 0.2 m, min_shared 1.0 m (R15)
}; // struct ScatteredParams

struct Leftover {
    std::string id;
    LeftoverSource source = LeftoverSource::unsupplied;
    std::string detail;
    const GEOSGeometry* geom = nullptr;     // borrowed (input piece or parcel geometry)
    std::optional<std::size_t> parcel;      // parcel index for state_unassigned / small_parcel
    double area_m2 = 0;
    double perimeter_m = 0;
    double shared_with_hosts_m = 0;         // Σ over adjacent hosts
    double enclosed_share = 0;              // shared_with_hosts_m / perimeter_m, ≤ 1
    int hosts = 0;                          // adjacent hosts
}; // struct Leftover

struct HostSummary {
    std::size_t parcel = 0;                 // index in the parcels layer
    std::string id;
    double area_m2 = 0;                     // area basis of the cap
    std::string area_basis;                 // "registered" | "geometric"
    double candidates_m2 = 0;               // Σ area of all adjacent leftovers
    int candidates = 0;
}; // struct HostSummary

struct Candidate {
    std::size_t leftover = 0;               // index into ScatteredResult::leftovers
    std::size_t host = 0;                   // index into ScatteredResult::hosts
    double shared_m = 0;
    double gap_m = 0;                       // > 0 when adjacent across a gap within the snap
    double cumulative_m2 = 0;               // running total for the host, this candidate included
}; // struct Candidate

struct ScatteredResult {
    std::vector<Leftover> leftovers;        // every leftover found (adjacent to a host or not)
    std::size_t too_large = 0;              // leftovers left out for exceeding max_leftover_m2
    std::vector<HostSummary> hosts;         // hosts with at least one candidate, by parcel index
    std::vector<Candidate> candidates;      // by host, then the order described above
    // For the run's warning when nothing is found: how many parcels read as state-held, and how
    // many of those as unsupplied (before the size cap and the pieces standing for them).
    std::size_t state_held_parcels = 0;
    std::size_t state_unassigned_parcels = 0;
}; // struct ScatteredResult

// `parcels` must outlive the result (geometries are borrowed), as must `pieces`' geometries.
// `supplies` may be null. Issues: adjacency failures (analysis/adjacency.hpp).
ScatteredResult find_scattered(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* supplies,
                               const std::vector<LeftoverInput>& pieces, const ScatteredParams& params,
                               IssueLog& issues);

// Helpers shared with merge_check and control_line.
bool is_industrial_code(const std::string& land_use, const std::vector<std::string>& prefixes);
// Registered area (ZDMJ) when given and > 0, else the geometric area; `basis` says which.
double parcel_area_basis(const geom::Layer& parcels, std::size_t i, std::string* basis);

} // namespace tl::analysis
