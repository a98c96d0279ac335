// Adjacency from shared segments; what is settled here and why it equals GEOS's answer:
// shared_segments.hpp.
#include "analysis/shared_segments.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

namespace tl::analysis::segments {

namespace {

bool same(const Point& p, const Point& q) { return p.x == q.x && p.y == q.y; }
bool less(const Point& p, const Point& q) { return p.x < q.x || (p.x == q.x && p.y < q.y); }

std::uint64_t bits(double v) {
    v += 0.0;   // -0.0 → +0.0: equal coordinates hash alike
    std::uint64_t u = 0;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 29);
}

// Shewchuk's orient2d with its static error bound (ccwerrboundA): the sign of the determinant
// of (a − c, b − c) when it is certain in doubles; kUncertain otherwise. Zero is returned only
// when it is exact (a product of two differences is zero only when a coordinate is equal).
constexpr int kUncertain = 2;
int orient(const Point& a, const Point& b, const Point& c) {
    constexpr double kEpsilon = 0x1p-53;
    constexpr double kErrBoundA = (3.0 + 16.0 * kEpsilon) * kEpsilon;
    const double detleft = (a.x - c.x) * (b.y - c.y);
    const double detright = (a.y - c.y) * (b.x - c.x);
    const double det = detleft - detright;
    double detsum = 0;
    if (detleft > 0) {
        if (detright <= 0) return det > 0 ? 1 : (det < 0 ? -1 : 0);
        detsum = detleft + detright;
    } else if (detleft < 0) {
        if (detright >= 0) return det > 0 ? 1 : (det < 0 ? -1 : 0);
        detsum = -detleft - detright;
    } else {
        return det > 0 ? 1 : (det < 0 ? -1 : 0);
    }
    const double bound = kErrBoundA * detsum;
    if (det >= bound && det > 0) return 1;
    if (-det >= bound && det < 0) return -1;
    return kUncertain;
}

double ring_signed_area2(const std::vector<Point>& pts, std::size_t begin, std::size_t end) {
    // Shoelace relative to the first vertex (projected coordinates are large); the closing
    // point is pts[end - 1] == pts[begin].
    const Point o = pts[begin];
    double sum = 0;
    for (std::size_t k = begin + 1; k + 1 < end; ++k)
        sum += (pts[k].x - o.x) * (pts[k + 1].y - o.y) - (pts[k + 1].x - o.x) * (pts[k].y - o.y);
    return sum;
}

// Appends one ring (closing point kept, consecutive duplicates dropped); false when degenerate.
bool add_ring(geom::GeosContext& c, const GEOSGeometry* ring, bool shell, Rings& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(c.get(), seq, &n) || n < 4) return false;
    std::vector<double> xy(2 * static_cast<std::size_t>(n));
    if (!GEOSCoordSeq_copyToBuffer_r(c.get(), seq, xy.data(), 0, 0)) return false;
    const std::size_t begin = out.pts.size();
    for (unsigned k = 0; k < n; ++k) {
        const Point p{xy[2 * k], xy[2 * k + 1]};
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
        if (out.pts.size() > begin && same(out.pts.back(), p)) continue;
        out.pts.push_back(p);
    }
    const std::size_t end = out.pts.size();
    if (end - begin < 4 || !same(out.pts[begin], out.pts[end - 1])) return false;
    const double area2 = ring_signed_area2(out.pts, begin, end);
    if (area2 == 0 || !std::isfinite(area2)) return false;
    out.ring_end.push_back(static_cast<std::uint32_t>(end));
    // Interior on the left: shells counter-clockwise (area > 0), holes clockwise.
    out.reversed.push_back(static_cast<std::uint8_t>(shell ? area2 < 0 : area2 > 0));
    return true;
}

bool add_polygon(geom::GeosContext& c, const GEOSGeometry* poly, Rings& out) {
    if (GEOSisEmpty_r(c.get(), poly)) return true;
    if (!add_ring(c, GEOSGetExteriorRing_r(c.get(), poly), true, out)) return false;
    const int holes = GEOSGetNumInteriorRings_r(c.get(), poly);
    for (int k = 0; k < holes; ++k)
        if (!add_ring(c, GEOSGetInteriorRingN_r(c.get(), poly, k), false, out)) return false;
    return true;
}

std::size_t ring_begin(const Rings& r, std::size_t ring) { return ring == 0 ? 0 : r.ring_end[ring - 1]; }

// Every vertex k of a ring (not its closing point) with the ring it belongs to.
template <class F>
void for_each_vertex(const Rings& r, F&& f) {
    for (std::size_t ring = 0; ring < r.ring_end.size(); ++ring) {
        const std::size_t b = ring_begin(r, ring), e = r.ring_end[ring];
        for (std::size_t k = b; k + 1 < e; ++k) f(ring, b, e, k);
    }
}

// Neighbours of vertex k along the ring, in the oriented order (interior on the left).
void oriented_neighbours(const Rings& r, std::size_t ring, std::size_t b, std::size_t e, std::size_t k, Point& prev,
                         Point& next) {
    prev = k == b ? r.pts[e - 2] : r.pts[k - 1];
    next = r.pts[k + 1];
    if (r.reversed[ring]) std::swap(prev, next);
}

struct Box {
    double minx, miny, maxx, maxy;
    bool meets(double x0, double y0, double x1, double y1) const {
        return std::min(x0, x1) <= maxx && std::max(x0, x1) >= minx && std::min(y0, y1) <= maxy && std::max(y0, y1) >= miny;
    }
    bool holds(const Point& p) const { return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy; }
};

// Segments k (pts[k] → pts[k + 1]) of `r` whose envelope meets `box`.
std::vector<std::uint32_t> segments_in(const Rings& r, const Box& box) {
    std::vector<std::uint32_t> out;
    for (std::size_t ring = 0; ring < r.ring_end.size(); ++ring) {
        const std::size_t b = ring_begin(r, ring), e = r.ring_end[ring];
        for (std::size_t k = b; k + 1 < e; ++k)
            if (box.meets(r.pts[k].x, r.pts[k].y, r.pts[k + 1].x, r.pts[k + 1].y)) out.push_back(static_cast<std::uint32_t>(k));
    }
    return out;
}

// Do segments p1p2 and q1q2 meet anywhere other than at a common end point? True also when
// that cannot be told for certain in doubles (the pair then goes to GEOS).
bool meet_elsewhere(const Point& p1, const Point& p2, const Point& q1, const Point& q2) {
    const bool s11 = same(p1, q1), s12 = same(p1, q2), s21 = same(p2, q1), s22 = same(p2, q2);
    if ((s11 && s22) || (s12 && s21)) return false;   // the same segment: a shared one
    if (s11 || s12 || s21 || s22) {
        const Point& v = (s11 || s12) ? p1 : p2;
        const Point& p = (s11 || s12) ? p2 : p1;
        const Point& q = (s11 || s21) ? q2 : q1;
        const int o = orient(v, p, q);
        if (o == kUncertain) return true;
        if (o != 0) return false;                       // two lines through v: they meet at v only
        return (p.x - v.x) * (q.x - v.x) + (p.y - v.y) * (q.y - v.y) > 0;   // collinear, same way: overlap
    }
    const int o1 = orient(p1, p2, q1), o2 = orient(p1, p2, q2);
    if (o1 != kUncertain && o2 != kUncertain && o1 * o2 > 0) return false;
    const int o3 = orient(q1, q2, p1), o4 = orient(q1, q2, p2);
    if (o3 != kUncertain && o4 != kUncertain && o3 * o4 > 0) return false;
    if (o1 == kUncertain || o2 == kUncertain || o3 == kUncertain || o4 == kUncertain) return true;
    if (o1 == 0 && o2 == 0) {   // on one line: apart unless their extents overlap
        const bool by_x = p1.x != p2.x;
        const double pa = by_x ? std::min(p1.x, p2.x) : std::min(p1.y, p2.y);
        const double pb = by_x ? std::max(p1.x, p2.x) : std::max(p1.y, p2.y);
        const double qa = by_x ? std::min(q1.x, q2.x) : std::min(q1.y, q2.y);
        const double qb = by_x ? std::max(q1.x, q2.x) : std::max(q1.y, q2.y);
        return !(pb < qa || qb < pa);
    }
    return true;   // a crossing, or an end point on the other segment
}

// Angle of direction d, exact for identical inputs (identical neighbours give identical angles).
double angle(const Point& v, const Point& to) { return std::atan2(to.y - v.y, to.x - v.x); }

// At common vertex v: do the open sectors of the two interiors overlap (or is it unclear)?
// A's interior is the sector from direction u1 (to A's next vertex) counter-clockwise to u2 (to
// A's previous vertex); B's from w1 to w2. Disjoint when B's sector lies in A's complement,
// the counter-clockwise arc from u2 to u1.
bool sectors_overlap(const Point& v, const Point& a_prev, const Point& a_next, const Point& b_prev,
                     const Point& b_next) {
    constexpr double kTwoPi = 6.283185307179586476925286766559;
    constexpr double kAmbiguous_rad = 1e-9;
    const Point dirs[4] = {a_next, a_prev, b_next, b_prev};
    double theta[4];
    for (int k = 0; k < 4; ++k) theta[k] = angle(v, dirs[k]);
    for (int k = 0; k < 4; ++k)
        for (int m = k + 1; m < 4; ++m) {
            if (same(dirs[k], dirs[m])) continue;
            double d = std::fabs(theta[k] - theta[m]);
            d = std::min(d, kTwoPi - d);
            if (d < kAmbiguous_rad) return true;   // nearly the same direction, different vertices
        }
    auto rel = [&](double t) {
        double r = t - theta[1];
        if (r < 0) r += kTwoPi;
        return r;
    };
    const double reach = rel(theta[0]);   // the complement arc [0, reach]
    if (reach <= 0) return true;
    const double r1 = rel(theta[2]), r2 = rel(theta[3]);
    return !(r1 <= r2 && r2 <= reach);
}

} // namespace

Rings read_rings(geom::GeosContext& c, const GEOSGeometry* g) {
    Rings out;
    if (!g || GEOSisEmpty_r(c.get(), g)) return out;
    const int type = GEOSGeomTypeId_r(c.get(), g);
    bool ok = false;
    if (type == GEOS_POLYGON) {
        ok = add_polygon(c, g, out);
    } else if (type == GEOS_MULTIPOLYGON) {
        ok = true;
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int k = 0; k < n && ok; ++k) ok = add_polygon(c, GEOSGetGeometryN_r(c.get(), g, k), out);
    }
    if (!ok || out.pts.empty()) return Rings{};
    // No vertex twice in the feature (rings touching at a point, parts sharing a vertex).
    std::vector<Point> vertices;
    vertices.reserve(out.pts.size());
    for_each_vertex(out, [&](std::size_t, std::size_t, std::size_t, std::size_t k) { vertices.push_back(out.pts[k]); });
    std::sort(vertices.begin(), vertices.end(), less);
    if (std::adjacent_find(vertices.begin(), vertices.end(), same) != vertices.end()) return Rings{};
    out.minx = out.maxx = out.pts[0].x;
    out.miny = out.maxy = out.pts[0].y;
    for (const auto& p : out.pts) {
        out.minx = std::min(out.minx, p.x);
        out.maxx = std::max(out.maxx, p.x);
        out.miny = std::min(out.miny, p.y);
        out.maxy = std::max(out.maxy, p.y);
    }
    out.usable = true;
    return out;
}

std::vector<SharedPair> shared_pairs(const std::vector<Rings>& rows) {
    // One record per ring segment: hash of its canonical end points, row, start index, and
    // whether its oriented direction runs from the canonical first end point.
    struct Record {
        std::uint64_t hash;
        std::uint32_t row;
        std::uint32_t k;
        bool forward;
    };
    std::vector<Record> records;
    std::size_t total = 0;
    for (const auto& r : rows) total += r.usable ? r.pts.size() : 0;
    records.reserve(total);
    for (std::uint32_t row = 0; row < rows.size(); ++row) {
        const Rings& r = rows[row];
        if (!r.usable) continue;
        for (std::size_t ring = 0; ring < r.ring_end.size(); ++ring) {
            const std::size_t b = ring_begin(r, ring), e = r.ring_end[ring];
            for (std::size_t k = b; k + 1 < e; ++k) {
                const Point& p = r.pts[k];
                const Point& q = r.pts[k + 1];
                const bool p_first = less(p, q);
                const Point& lo = p_first ? p : q;
                const Point& hi = p_first ? q : p;
                const std::uint64_t h = mix(mix(mix(mix(0, bits(lo.x)), bits(lo.y)), bits(hi.x)), bits(hi.y));
                // Oriented start = p unless the ring is reversed.
                const bool forward = p_first != static_cast<bool>(r.reversed[ring]);
                records.push_back({h, row, static_cast<std::uint32_t>(k), forward});
            }
        }
    }
    std::sort(records.begin(), records.end(), [](const Record& x, const Record& y) {
        return std::tie(x.hash, x.row, x.k) < std::tie(y.hash, y.row, y.k);
    });

    std::vector<SharedPair> contributions;
    auto ends = [&](const Record& rec, Point& lo, Point& hi) {
        const Point& p = rows[rec.row].pts[rec.k];
        const Point& q = rows[rec.row].pts[rec.k + 1];
        lo = less(p, q) ? p : q;
        hi = less(p, q) ? q : p;
    };
    std::vector<std::size_t> cls;
    std::vector<bool> taken;
    for (std::size_t s = 0; s < records.size();) {
        std::size_t e = s + 1;
        while (e < records.size() && records[e].hash == records[s].hash) ++e;
        if (e - s >= 2) {
            // Split the run into classes of exactly equal segments (hash collisions apart).
            taken.assign(e - s, false);
            for (std::size_t m = s; m < e; ++m) {
                if (taken[m - s]) continue;
                Point lo, hi;
                ends(records[m], lo, hi);
                cls.clear();
                for (std::size_t n = m; n < e; ++n) {
                    if (taken[n - s]) continue;
                    Point lo2, hi2;
                    ends(records[n], lo2, hi2);
                    if (same(lo, lo2) && same(hi, hi2)) {
                        taken[n - s] = true;
                        cls.push_back(n);
                    }
                }
                if (cls.size() < 2) continue;
                const Record& x = records[cls[0]];
                const Record& y = records[cls[1]];
                if (cls.size() == 2 && x.row != y.row && x.forward != y.forward) {
                    const double len = std::hypot(hi.x - lo.x, hi.y - lo.y);
                    contributions.push_back({std::min(x.row, y.row), std::max(x.row, y.row), len, false});
                    continue;
                }
                for (std::size_t u = 0; u < cls.size(); ++u)
                    for (std::size_t w = u + 1; w < cls.size(); ++w) {
                        const std::uint32_t ru = records[cls[u]].row, rw = records[cls[w]].row;
                        if (ru != rw) contributions.push_back({std::min(ru, rw), std::max(ru, rw), 0.0, true});
                    }
            }
        }
        s = e;
    }
    std::stable_sort(contributions.begin(), contributions.end(),
                     [](const SharedPair& x, const SharedPair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
    std::vector<SharedPair> out;
    for (const auto& c : contributions) {
        if (out.empty() || out.back().a != c.a || out.back().b != c.b) {
            out.push_back(c);
        } else {
            out.back().shared += c.shared;
            out.back().conflict = out.back().conflict || c.conflict;
        }
    }
    return out;
}

bool fully_explained(const Rings& a, const Rings& b) {
    if (!a.usable || !b.usable) return false;
    const Box box{std::max(a.minx, b.minx), std::max(a.miny, b.miny), std::min(a.maxx, b.maxx), std::min(a.maxy, b.maxy)};
    if (box.minx > box.maxx || box.miny > box.maxy) return false;
    const std::vector<std::uint32_t> sa = segments_in(a, box);
    const std::vector<std::uint32_t> sb = segments_in(b, box);
    for (const std::uint32_t ka : sa) {
        const Point& p1 = a.pts[ka];
        const Point& p2 = a.pts[ka + 1];
        const Box ea{std::min(p1.x, p2.x), std::min(p1.y, p2.y), std::max(p1.x, p2.x), std::max(p1.y, p2.y)};
        for (const std::uint32_t kb : sb) {
            const Point& q1 = b.pts[kb];
            const Point& q2 = b.pts[kb + 1];
            if (!ea.meets(q1.x, q1.y, q2.x, q2.y)) continue;
            if (meet_elsewhere(p1, p2, q1, q2)) return false;
        }
    }
    // Vertices both hold: the interiors' sectors there must not overlap.
    struct Vertex {
        Point p;
        Point prev, next;
    };
    auto vertices_in = [&](const Rings& r) {
        std::vector<Vertex> out;
        for_each_vertex(r, [&](std::size_t ring, std::size_t bgn, std::size_t end, std::size_t k) {
            if (!box.holds(r.pts[k])) return;
            Vertex v{r.pts[k], {}, {}};
            oriented_neighbours(r, ring, bgn, end, k, v.prev, v.next);
            out.push_back(v);
        });
        std::sort(out.begin(), out.end(), [](const Vertex& x, const Vertex& y) { return less(x.p, y.p); });
        return out;
    };
    const std::vector<Vertex> va = vertices_in(a);
    const std::vector<Vertex> vb = vertices_in(b);
    std::size_t m = 0, n = 0;
    while (m < va.size() && n < vb.size()) {
        if (less(va[m].p, vb[n].p)) {
            ++m;
        } else if (less(vb[n].p, va[m].p)) {
            ++n;
        } else {
            if (sectors_overlap(va[m].p, va[m].prev, va[m].next, vb[n].prev, vb[n].next)) return false;
            ++m;
            ++n;
        }
    }
    return true;
}

std::string shared_edges_wkb(geom::GeosContext& c, const Rings& a, const Rings& b) {
    const Box box{std::max(a.minx, b.minx), std::max(a.miny, b.miny), std::min(a.maxx, b.maxx), std::min(a.maxy, b.maxy)};
    std::vector<std::pair<Point, Point>> b_segments;
    for (const std::uint32_t k : segments_in(b, box)) {
        const Point& p = b.pts[k];
        const Point& q = b.pts[k + 1];
        b_segments.emplace_back(less(p, q) ? p : q, less(p, q) ? q : p);
    }
    auto key_less = [](const std::pair<Point, Point>& x, const std::pair<Point, Point>& y) {
        return less(x.first, y.first) || (same(x.first, y.first) && less(x.second, y.second));
    };
    std::sort(b_segments.begin(), b_segments.end(), key_less);
    std::vector<GEOSGeometry*> lines;
    try {
        for (const std::uint32_t k : segments_in(a, box)) {
            const Point& p = a.pts[k];
            const Point& q = a.pts[k + 1];
            const std::pair<Point, Point> key{less(p, q) ? p : q, less(p, q) ? q : p};
            if (!std::binary_search(b_segments.begin(), b_segments.end(), key, key_less)) continue;
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(c.get(), 2, 2);
            if (!seq) c.raise("coordinate sequence");
            GEOSCoordSeq_setXY_r(c.get(), seq, 0, p.x, p.y);
            GEOSCoordSeq_setXY_r(c.get(), seq, 1, q.x, q.y);
            GEOSGeometry* line = GEOSGeom_createLineString_r(c.get(), seq);
            if (!line) c.raise("line string");
            lines.push_back(line);
        }
    } catch (...) {
        for (auto* l : lines) GEOSGeom_destroy_r(c.get(), l);
        throw;
    }
    if (lines.empty()) return {};
    geom::GeomPtr coll = geom::own(
        c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTILINESTRING, lines.data(), static_cast<unsigned>(lines.size())),
        "collect");
    geom::GeomPtr merged = geom::own(c, GEOSLineMerge_r(c.get(), coll.get()), "line merge");
    return geom::to_wkb(c, merged.get());
}

} // namespace tl::analysis::segments
