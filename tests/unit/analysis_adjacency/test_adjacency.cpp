// Adjacency engine: hand-made WKT cases (one per relation) and property tests on random
// polygon coverages (fixed seeds): symmetry, pairs ⊆ envelope-overlapping pairs, no gap pairs
// at tolerance zero, shared lengths add up to the interior edge length, thread-count invariance.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/adjacency.hpp"

using namespace tl;
using analysis::AdjacencyOptions;
using analysis::Relation;

namespace {

std::vector<const GEOSGeometry*> raw(const std::vector<geom::GeomPtr>& v) {
    std::vector<const GEOSGeometry*> out;
    for (const auto& g : v) out.push_back(g.get());
    return out;
}

std::vector<geom::GeomPtr> from_wkts(geom::GeosContext& c, const std::vector<std::string>& wkts) {
    std::vector<geom::GeomPtr> out;
    for (const auto& w : wkts) out.push_back(geom::from_wkt(c, w));
    return out;
}

std::string square(double x, double y, double s) {
    return "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + s) + " " + std::to_string(y) +
           "," + std::to_string(x + s) + " " + std::to_string(y + s) + "," + std::to_string(x) + " " + std::to_string(y + s) + "," +
           std::to_string(x) + " " + std::to_string(y) + "))";
}

// A jittered grid coverage: (nx+1)×(ny+1) shared vertices, interior ones moved randomly by up to
// `jitter` of the cell size, so neighbouring cells share their edges exactly.
struct Grid {
    int nx = 0, ny = 0;
    std::vector<geom::GeomPtr> cells;   // row-major, cell (x, y) at y * nx + x
    double interior_edges_m = 0;        // total length of edges between two cells
};

Grid jittered_grid(geom::GeosContext& c, int nx, int ny, double size, double jitter, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-jitter * size, jitter * size);
    std::vector<std::pair<double, double>> v((nx + 1) * (ny + 1));
    for (int y = 0; y <= ny; ++y)
        for (int x = 0; x <= nx; ++x) {
            const bool interior = x > 0 && x < nx && y > 0 && y < ny;
            v[y * (nx + 1) + x] = {x * size + (interior ? u(rng) : 0.0), y * size + (interior ? u(rng) : 0.0)};
        }
    auto at = [&](int x, int y) { return v[y * (nx + 1) + x]; };
    auto pt = [](std::pair<double, double> p) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.17g %.17g", p.first, p.second);
        return std::string(buf);
    };
    auto dist = [](std::pair<double, double> a, std::pair<double, double> b) { return std::hypot(a.first - b.first, a.second - b.second); };
    Grid g;
    g.nx = nx;
    g.ny = ny;
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
            const std::string w = "POLYGON((" + pt(at(x, y)) + "," + pt(at(x + 1, y)) + "," + pt(at(x + 1, y + 1)) + "," +
                                  pt(at(x, y + 1)) + "," + pt(at(x, y)) + "))";
            g.cells.push_back(geom::from_wkt(c, w));
        }
    for (int y = 0; y <= ny; ++y)
        for (int x = 0; x < nx; ++x)
            if (y > 0 && y < ny) g.interior_edges_m += dist(at(x, y), at(x + 1, y));
    for (int x = 0; x <= nx; ++x)
        for (int y = 0; y < ny; ++y)
            if (x > 0 && x < nx) g.interior_edges_m += dist(at(x, y), at(x, y + 1));
    return g;
}

using Key = std::pair<std::size_t, std::size_t>;

std::map<Key, analysis::Pair> by_key(const analysis::AdjacencyResult& r) {
    std::map<Key, analysis::Pair> m;
    for (const auto& p : r.pairs) m[{p.i, p.j}] = p;
    return m;
}

bool env_overlap(geom::GeosContext& c, const GEOSGeometry* a, const GEOSGeometry* b, double tol) {
    const auto ea = geom::envelope(c, a), eb = geom::envelope(c, b);
    return ea.minx - tol <= eb.maxx && eb.minx - tol <= ea.maxx && ea.miny - tol <= eb.maxy && eb.miny - tol <= ea.maxy;
}

} // namespace

TEST_CASE("adjacency: one case per relation", "[analysis][adjacency]") {
    geom::GeosContext c;
    IssueLog issues;
    AdjacencyOptions o;   // snap 0.2, min_shared 1.0
    o.want_edges = true;

    SECTION("shared edge, exact length") {
        auto g = from_wkts(c, {square(0, 0, 10), square(10, 3, 10)});   // share x=10, y 3..10: 7 m
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::adjacent);
        CHECK(r.pairs[0].adjacent);
        CHECK(r.pairs[0].shared_m == Approx(7.0).margin(1e-9));
        CHECK(r.pairs[0].gap_m == 0);
        CHECK_FALSE(r.pairs[0].edge_wkb.empty());
        auto e = geom::from_wkb(c, r.pairs[0].edge_wkb);
        CHECK(geom::length(c, e.get()) == Approx(7.0));
    }
    SECTION("corner contact is point_touch, not adjacent") {
        auto g = from_wkts(c, {square(0, 0, 10), square(10, 10, 10)});
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::point_touch);
        CHECK_FALSE(r.pairs[0].adjacent);
        CHECK(r.pairs[0].shared_m < 1.0);
    }
    SECTION("a shared stub shorter than min_shared is short_edge") {
        auto g = from_wkts(c, {square(0, 0, 10), square(10, 9.5, 10)});   // 0.5 m
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::short_edge);
        CHECK_FALSE(r.pairs[0].adjacent);
        CHECK(r.pairs[0].shared_m == Approx(0.5).margin(1e-9));
    }
    SECTION("exactly min_shared counts (以上 includes the number)") {
        auto g = from_wkts(c, {square(0, 0, 10), square(10, 9, 10)});   // 1.0 m
        o.snap_m = 0;
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].shared_m == 1.0);
        CHECK(r.pairs[0].adjacent);
    }
    SECTION("a 5 cm gap is a gap pair within 0.2 m, and nothing at snap 0") {
        auto g = from_wkts(c, {square(0, 0, 10), "POLYGON((10.05 0,20 0,20 10,10.05 10,10.05 0))"});
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::gap);
        CHECK(r.pairs[0].gap_m == Approx(0.05));
        CHECK(r.pairs[0].adjacent);
        // 10 m along the gap; the ends add at most ~2 × snap (documented).
        CHECK(r.pairs[0].shared_m >= 10.0 - 1e-9);
        CHECK(r.pairs[0].shared_m <= 10.0 + 2 * o.snap_m + 1e-9);
        o.snap_m = 0;
        CHECK(analysis::find_adjacency(c, raw(g), o, issues).pairs.empty());
    }
    SECTION("a 0.3 m gap is beyond the default tolerance") {
        auto g = from_wkts(c, {square(0, 0, 10), "POLYGON((10.3 0,20 0,20 10,10.3 10,10.3 0))"});
        CHECK(analysis::find_adjacency(c, raw(g), o, issues).pairs.empty());
    }
    SECTION("overlap sliver: area reported, shared ≈ sliver length") {
        auto g = from_wkts(c, {square(0, 0, 10), "POLYGON((9.98 0,20 0,20 10,9.98 10,9.98 0))"});
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::adjacent);
        CHECK(r.pairs[0].overlap_m2 == Approx(0.2));
        CHECK(r.pairs[0].shared_m == Approx(10.04));   // 10 m along, + the sliver width at each end (documented)
    }
    SECTION("touching at one vertex and running 5 cm apart elsewhere is adjacent with a snap") {
        auto g = from_wkts(c, {square(0, 0, 10), "POLYGON((10 0,20 0,20 10,10.05 10,10 0))"});
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].adjacent);
        CHECK(r.pairs[0].gap_m == 0);
        o.snap_m = 0;
        r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].relation == Relation::point_touch);
    }
    SECTION("holes: a parcel inside another's hole shares the hole ring") {
        auto g = from_wkts(c, {"POLYGON((0 0,30 0,30 30,0 30,0 0),(10 10,20 10,20 20,10 20,10 10))", square(10, 10, 10)});
        auto r = analysis::find_adjacency(c, raw(g), o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].adjacent);
        CHECK(r.pairs[0].shared_m == Approx(40.0));
    }
    SECTION("null and empty geometries are skipped") {
        auto g = from_wkts(c, {square(0, 0, 10), "POLYGON EMPTY", square(10, 0, 10)});
        auto v = raw(g);
        v.push_back(nullptr);
        auto r = analysis::find_adjacency(c, v, o, issues);
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.pairs[0].i == 0);
        CHECK(r.pairs[0].j == 2);
    }
    CHECK(issues.size() == 0);
}

TEST_CASE("adjacency property: jittered grid coverages", "[analysis][adjacency][property]") {
    geom::GeosContext c;
    const unsigned seed = GENERATE(1u, 2u, 3u, 4u, 5u);
    const int nx = 9, ny = 7;
    Grid g = jittered_grid(c, nx, ny, 50.0, 0.3, seed);
    INFO("seed " << seed);
    IssueLog issues;
    AdjacencyOptions o;
    o.snap_m = 0;
    o.min_shared_m = 1.0;
    auto r = analysis::find_adjacency(c, raw(g.cells), o, issues);
    CHECK(issues.size() == 0);

    // Rook neighbours are adjacent, diagonal ones touch at a point, nothing else is listed.
    std::set<Key> expect_adj, expect_corner;
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
            const std::size_t k = y * nx + x;
            if (x + 1 < nx) expect_adj.insert({k, k + 1});
            if (y + 1 < ny) expect_adj.insert({k, k + nx});
            if (x + 1 < nx && y + 1 < ny) expect_corner.insert({k, k + nx + 1});
            if (x > 0 && y + 1 < ny) expect_corner.insert({k, k + nx - 1});
        }
    std::set<Key> adj, corner;
    double total_shared = 0;
    for (const auto& p : r.pairs) {
        CHECK(p.i < p.j);
        CHECK(p.relation != Relation::gap);   // tolerance zero: no gap pairs
        CHECK(env_overlap(c, g.cells[p.i].get(), g.cells[p.j].get(), 0));   // pairs ⊆ envelope pairs
        if (p.adjacent) {
            adj.insert({p.i, p.j});
            total_shared += p.shared_m;
        } else if (p.relation == Relation::point_touch) {
            corner.insert({p.i, p.j});
        }
    }
    CHECK(adj == expect_adj);
    CHECK(corner == expect_corner);
    CHECK(total_shared == Approx(g.interior_edges_m).epsilon(1e-12));

    SECTION("symmetric: reversing the feature order gives the same pairs and lengths") {
        std::vector<const GEOSGeometry*> rev = raw(g.cells);
        std::reverse(rev.begin(), rev.end());
        const std::size_t n = rev.size();
        auto rr = by_key(analysis::find_adjacency(c, rev, o, issues));
        auto fwd = by_key(r);
        REQUIRE(rr.size() == fwd.size());
        for (const auto& [k, p] : fwd) {
            const Key mirrored{n - 1 - k.second, n - 1 - k.first};
            REQUIRE(rr.count(mirrored) == 1);
            CHECK(rr[mirrored].relation == p.relation);
            CHECK(rr[mirrored].shared_m == Approx(p.shared_m).margin(1e-9));
        }
    }
    SECTION("one and two threads give identical results") {
        o.threads = 1;
        auto r1 = analysis::find_adjacency(c, raw(g.cells), o, issues);
        o.threads = 2;
        auto r2 = analysis::find_adjacency(c, raw(g.cells), o, issues);
        REQUIRE(r1.pairs.size() == r2.pairs.size());
        for (std::size_t k = 0; k < r1.pairs.size(); ++k) {
            CHECK(r1.pairs[k].i == r2.pairs[k].i);
            CHECK(r1.pairs[k].j == r2.pairs[k].j);
            CHECK(r1.pairs[k].shared_m == r2.pairs[k].shared_m);   // bit-identical
        }
    }
    SECTION("two groups: only the pairs across them, as measured in the full run") {
        const std::size_t split = g.cells.size() / 2;
        o.group_split = split;
        const auto split_run = analysis::find_adjacency(c, raw(g.cells), o, issues);
        std::vector<analysis::Pair> expect;
        for (const auto& p : r.pairs)
            if (p.i < split && p.j >= split) expect.push_back(p);
        REQUIRE(!expect.empty());
        REQUIRE(split_run.pairs.size() == expect.size());
        for (std::size_t k = 0; k < expect.size(); ++k) {
            CHECK(split_run.pairs[k].i == expect[k].i);
            CHECK(split_run.pairs[k].j == expect[k].j);
            CHECK(split_run.pairs[k].relation == expect[k].relation);
            CHECK(split_run.pairs[k].shared_m == expect[k].shared_m);   // bit-identical
        }
        o.group_split = 0;   // an empty first group: no pair across (not "every pair")
        CHECK(analysis::find_adjacency(c, raw(g.cells), o, issues).pairs.empty());
    }
    SECTION("shrunk cells: gap pairs appear within the tolerance and vanish at zero") {
        std::vector<geom::GeomPtr> shrunk;
        for (const auto& cell : g.cells) shrunk.push_back(geom::own(c, GEOSBuffer_r(c.get(), cell.get(), -0.04, 8), "buffer"));
        o.snap_m = 0;
        CHECK(analysis::find_adjacency(c, raw(shrunk), o, issues).pairs.empty());
        o.snap_m = 0.2;
        auto rg = analysis::find_adjacency(c, raw(shrunk), o, issues);
        std::set<Key> gap_adj;
        for (const auto& p : rg.pairs) {
            CHECK(p.relation == Relation::gap);
            CHECK(p.gap_m > 0);
            CHECK(p.gap_m <= 0.2);
            if (p.adjacent) gap_adj.insert({p.i, p.j});
        }
        CHECK(gap_adj == expect_adj);   // rook neighbours still adjacent, corners not
    }
}

TEST_CASE("adjacency property: Voronoi coverages", "[analysis][adjacency][property]") {
    geom::GeosContext c;
    const unsigned seed = GENERATE(11u, 12u, 13u);
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1000);
    std::string wkt = "MULTIPOINT(";
    for (int k = 0; k < 120; ++k) wkt += (k ? "," : "") + std::to_string(u(rng)) + " " + std::to_string(u(rng));
    wkt += ")";
    auto sites = geom::from_wkt(c, wkt);
    auto frame = geom::from_wkt(c, "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))");
    auto diagram = geom::own(c, GEOSVoronoiDiagram_r(c.get(), sites.get(), frame.get(), 0, 0), "voronoi");
    std::vector<geom::GeomPtr> cells;
    double perimeters = 0;
    for (int k = 0; k < GEOSGetNumGeometries_r(c.get(), diagram.get()); ++k) {
        auto cell = geom::intersection(c, GEOSGetGeometryN_r(c.get(), diagram.get(), k), frame.get());
        if (geom::area(c, cell.get()) <= 0) continue;
        perimeters += geom::length(c, cell.get());
        cells.push_back(std::move(cell));
    }
    IssueLog issues;
    AdjacencyOptions o;
    o.snap_m = 0;
    o.min_shared_m = 0;   // every positive shared length
    auto r = analysis::find_adjacency(c, raw(cells), o, issues);
    double total_shared = 0, overlap = 0;
    std::size_t adjacent = 0;
    for (const auto& p : r.pairs) {
        CHECK(p.relation != Relation::gap);
        CHECK(env_overlap(c, cells[p.i].get(), cells[p.j].get(), 0));
        overlap += p.overlap_m2;
        if (p.adjacent) {
            ++adjacent;
            total_shared += p.shared_m;
        }
    }
    CHECK(adjacent >= cells.size());          // a planar subdivision of 120 cells has ~3n edges
    CHECK(overlap == Approx(0).margin(1e-6));
    // Every interior edge is shared by exactly two cells: Σ shared = (Σ perimeters − frame) / 2.
    CHECK(total_shared == Approx((perimeters - 4000.0) / 2).epsilon(1e-9));
}
