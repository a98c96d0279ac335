// Adjacency of polygons: which parcels are neighbours (界线相邻), along how much boundary.
//
// WHAT COUNTS
// For a polygon layer, every unordered pair of features (i < j, in layer order) whose
// geometries come within `snap_m` of each other is measured and given one relation:
//
//   adjacent     the polygons touch (or overlap) and share boundary of total length
//                >= min_shared_m. Shared length of a touching pair = length of the linear part
//                of intersection(boundary(A), boundary(B)), exactly what PostGIS gives with
//                ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(a),ST_Boundary(b)),2)).
//                When the interiors overlap (a digitising error: a sliver of one parcel lies in
//                the other), the overlap is measured too: overlap_m2 = area(A ∩ B), and the
//                shared length is the mean of length(boundary(A) ∩ B) and length(boundary(B) ∩ A):
//                how much of each boundary lies on or inside the other parcel. For touching
//                polygons that is exactly the common boundary above; for a thin sliver of length
//                L and width w it is L + 2w (the sliver's ends are counted on both sides).
//   short_edge   they touch along a line, but shorter than min_shared_m (e.g. 0.4 m of a
//                corner that was digitised as a tiny stub). Not adjacent.
//   point_touch  they meet only at one or more points (corner contact, the "queen but not
//                rook" case). Not adjacent, whatever min_shared_m says. (R15: "point contact =
//                not adjacent".)
//   gap          they do not touch, but the distance between them (gap_m, GEOSDistance) is
//                positive and <= snap_m: a gap narrower than the boundary-point tolerance, as
//                between neighbouring parcels digitised a few centimetres apart. Shared length is
//                ESTIMATED as the mean of length(boundary(A) ∩ buffer(B, snap_m)) and
//                length(boundary(B) ∩ buffer(A, snap_m)): how much of each boundary runs within the
//                tolerance of the other parcel. Where a boundary turns away from the neighbour at
//                the end of the common stretch, up to about snap_m per end is counted too, so the
//                estimate can exceed the true common stretch by up to ~2 × snap_m. adjacent is
//                true when that estimate is >= min_shared_m (R15: "shared boundary ≥ 1.0 m after
//                snapping at 0.2 m"); a corner near-miss estimates ~2 × snap_m and stays
//                non-adjacent with the default 1.0 m.
//
// Pairs further apart than snap_m are not listed. With snap_m = 0 there are no gap pairs.
//
// UNITS
// Lengths, distances and areas are planar, in the units of the layer's CRS: metres and m² in
// tenglong's projected working CRS. For a GEOGRAPHIC layer (degrees) metre tolerances make no
// sense: set `geographic = true`, and snap_m and min_shared_m are not applied (exact contact
// only, any positive shared length is adjacent); the lengths are then in degrees and are
// meaningful only as "> 0". This reproduces the published rook contiguity of pysal's sids2
// (231 pairs, none of the 14 corner-only pairs), which is our regression test.
//
// DEGENERATE INPUT
// Features with a null or empty geometry are skipped. Non-polygonal geometries are measured
// the same way (their "boundary" is GEOS's) but tenglong only passes polygon layers. Two
// features with the same id are still two features (pairs are by position). A GEOS failure
// on one pair is recorded in the issue log (kind "adjacency_failed") and that pair is left out.
//
// SHARED SEGMENTS (issue 23)
// Parcels drawn on one topology hold their common boundary as identical segments. By default
// (`shared_segments`), a pair whose contact is fully explained by such segments gets its relation
// and shared length from them, without GEOS (shared_segments.hpp states when a pair qualifies and
// why the answer is the same); every other pair within `snap_m` (gaps, overlaps, a vertex on the
// neighbour's edge, a corner touch, a short edge) is measured by GEOS as described above. Off,
// every pair goes through GEOS: the reference the tests compare with (1 mm).
//
// DETERMINISM
// Work is spread over `threads` worker threads (one GeosContext each, prepared geometry of A
// built by the thread that owns row i); results are sorted by (i, j), so the output is
// identical for any thread count.
//
// Policy: R15 (domain.md §7, §10); snap tolerance 0.20 m = grade-三 界址点 tolerance
// (城镇地籍调查规程, JZD); min_shared 1.0 m is a tool convention, not law; both profile
// parameters.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

enum class Relation { adjacent, short_edge, point_touch, gap };
const char* to_string(Relation r) noexcept;

struct AdjacencyOptions {
    // Gap tolerance: pairs closer than this (and not touching) are reported as `gap`.
    // DEFAULT: 0.20 m (grade-三 界址点 tolerance, R15).
    double snap_m = 0.20;
    // Shared length from which a pair is `adjacent`. 0 means "any positive length".
    // DEFAULT: 1.0 m (R15).
    double min_shared_m = 1.0;
    // Geographic layer (degrees): snap_m and min_shared_m are not applied (see above).
    // DEFAULT: false.
    bool geographic = false;
    // Worker threads; 0 = std::thread::hardware_concurrency(). DEFAULT: 0.
    unsigned threads = 0;
    // Keep the shared-edge geometry of each pair (ISO WKB in Pair::edge_wkb). DEFAULT: false.
    bool want_edges = false;
    // Layer name for issues. DEFAULT: "parcels".
    std::string layer_name = "parcels";
    // Two groups in one run (bare geometries only): positions [0, group_split) and the rest;
    // when set, only pairs with one of each are measured (i < group_split <= j; none when either
    // group is empty). DEFAULT: unset (every pair).
    std::optional<std::size_t> group_split;
    // Settle pairs fully explained by shared segments without GEOS (see SHARED SEGMENTS).
    // DEFAULT: true; false measures every pair with GEOS (the reference path).
    bool shared_segments = true;
}; // struct AdjacencyOptions

struct Pair {
    std::size_t i = 0;          // index into Layer::features (i < j)
    std::size_t j = 0;
    Relation relation = Relation::point_touch;
    bool adjacent = false;      // the verdict (relation adjacent, or gap with enough length)
    double shared_m = 0;        // shared length (exact for touching pairs, estimate for gaps)
    double gap_m = 0;           // distance between the polygons; 0 when they touch
    double overlap_m2 = 0;      // area of A ∩ B (> 0 only for overlapping pairs)
    std::string edge_wkb;       // with want_edges: the shared edges (lines), contact points for
                                // point_touch; ISO WKB in the layer's CRS
}; // struct Pair

struct AdjacencyResult {
    std::vector<Pair> pairs;             // sorted by (i, j); every relation (filter on `adjacent`)
    std::size_t candidates = 0;          // envelope candidate pairs examined (R-tree)
    std::size_t by_shared_segments = 0;  // pairs settled from shared segments, without GEOS
    std::size_t adjacent_count() const noexcept;
}; // struct AdjacencyResult

// Measures every pair of `layer` as described above. `issues` receives per-pair failures.
AdjacencyResult find_adjacency(geom::GeosContext& c, const geom::Layer& layer,
                               const AdjacencyOptions& options, IssueLog& issues);

// Same on bare geometries (borrowed; nulls skipped): for layers built elsewhere, e.g. leftovers
// mixed with parcels in scattered.cpp. Geometries must not be modified while this runs.
AdjacencyResult find_adjacency(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms,
                               const AdjacencyOptions& options, IssueLog& issues);

// Measures one pair (a, b) with the same rules; returns false when they are further apart than
// the tolerance (no relation). `out.i`/`out.j` are left as they are.
bool measure_pair(geom::GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b,
                  const AdjacencyOptions& options, Pair& out);

// Neighbouring parcels that miss each other by no more than `snap_m` (the grade-三 boundary
// point tolerance in the national profile): each pair is an issue "gap" (a note: the analyses
// snap across it). Shared by inspect and analyze, so both report the same gaps.
void report_parcel_gaps(geom::GeosContext& c, const geom::Layer& parcels, double snap_m, double min_shared_m,
                        unsigned threads, IssueLog& issues);

} // namespace tl::analysis
