// Adjacency from shared segments (issue 23, decision 3): the fast path of find_adjacency.
//
// Cadastral parcels drawn on one topology share vertices: the common boundary of two neighbours
// is a chain of segments that both polygons hold with exactly the same end points. Every ring
// segment of a layer is indexed by its end points (canonical order, hashed, grouped by sorting);
// a segment held by exactly two features, traversed in opposite directions once every ring is
// oriented with the interior on its left (shells counter-clockwise, holes clockwise), is a piece
// of their common boundary, and the pair's shared length is the sum of those pieces.
//
// WHEN A PAIR IS FULLY EXPLAINED (the result then equals GEOS's relation and length)
// Geometries are valid, as geom::normalize hands them over (an invalid polygon may make GEOS
// fail on a pair this path settles). A pair sharing segments is settled here only when all of
// the following hold; otherwise GEOS measures it exactly as before (adjacency.cpp `measure`):
//   - both features are polygonal, every ring has >= 3 distinct vertices and a non-zero area,
//     and no vertex occurs twice in a feature (rings touching at a point, a shell through a hole,
//     repeated parts: GEOS decides those);
//   - every segment they share is held by these two features only and in opposite directions
//     (same direction: the interiors lie on the same side, i.e. they overlap);
//   - apart from the shared segments, no segment of one meets a segment of the other except at a
//     vertex both hold: no crossing, no vertex on the neighbour's edge (a T-junction drawn on one
//     side only), no collinear overlap of unequal segments. Orientation signs are Shewchuk's
//     filtered orient2d: when the sign is not certain in doubles the pair goes to GEOS;
//   - at every vertex both hold, the angular sectors of the two interiors do not overlap (an
//     edge of one running into the other's interior from a common vertex);
//   - the shared length reaches min_shared (a short edge may still be adjacent across a gap, which
//     only GEOS's near-length estimate decides).
// Then the boundaries meet only in the shared segments and common vertices, each boundary lies
// outside the other polygon's interior, so the interiors are disjoint (the pair `touches`), and
// length(linear part of ∂A ∩ ∂B) is the sum of the shared segments: relation adjacent, gap 0,
// overlap 0 — what `measure` returns for it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geom/geos.hpp"

namespace tl::analysis::segments {

struct Point {
    double x = 0, y = 0;
};

// One feature's rings, as read from GEOS (closing point dropped, consecutive duplicates dropped).
struct Rings {
    bool usable = false;                  // polygonal and regular as required above
    std::vector<Point> pts;               // every ring's vertices, ring after ring
    std::vector<std::uint32_t> ring_end;  // end offset of each ring in pts
    std::vector<std::uint8_t> reversed;   // 1: the ring's stored order has the interior on the right
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
};

Rings read_rings(geom::GeosContext& c, const GEOSGeometry* g);

// Pairs (by row position, a < b) that share at least one segment.
struct SharedPair {
    std::uint32_t a = 0, b = 0;
    double shared = 0;          // sum of the shared segments' lengths
    bool conflict = false;      // a shared segment in the same direction, or held by 3+ features
};

// Every pair sharing segments, sorted by (a, b). `rows` are the features' Rings by row.
std::vector<SharedPair> shared_pairs(const std::vector<Rings>& rows);

// True when the pair is fully explained by its shared segments (the conditions above on the
// geometry; the caller checks that the pair shares segments without conflict and is long enough).
bool fully_explained(const Rings& a, const Rings& b);

// The segments a and b share, merged into maximal lines (ISO WKB, layer CRS).
std::string shared_edges_wkb(geom::GeosContext& c, const Rings& a, const Rings& b);

} // namespace tl::analysis::segments
