// Adjacency from shared segments (issue 23, decision 3) against the GEOS path it replaces: the
// same pairs, relation, verdict, gap and overlap, and the shared length within 1 mm, on the demo
// county, a county made by tenglong-gen, pysal's sids2, the GBK county polygons and every
// polygon pair of GEOS's own overlay and relate test cases (overlaps, holes, equal polygons in
// both orientations, touching at points and along edges) — and on hand-made pairs where the
// shared segments alone would give the wrong answer (a T-junction on one side, an interior
// overlap beside a shared edge, a polygon filling a hole, a third parcel on the same edge).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include "analysis/adjacency.hpp"
#include "support/paths.hpp"

using namespace tl;

namespace {

std::vector<geom::GeomPtr> read_polygons(geom::GeosContext& c, const std::string& path) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    REQUIRE(layer);
    std::vector<geom::GeomPtr> out;
    for (auto& f : *layer) {
        OGRGeometry* g = f->GetGeometryRef();
        if (!g) continue;
        std::string wkb(static_cast<std::size_t>(g->WkbSize()), '\0');
        g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
        geom::GeomPtr geom = geom::from_wkb(c, wkb);
        // As geom::normalize hands layers to the analyses: valid (repaired where needed).
        if (GEOSisValid_r(c.get(), geom.get()) != 1) geom = geom::make_valid_polygonal(c, geom.get());
        if (geom && !GEOSisEmpty_r(c.get(), geom.get())) out.push_back(std::move(geom));
    }
    return out;
}

std::vector<const GEOSGeometry*> raw(const std::vector<geom::GeomPtr>& v) {
    std::vector<const GEOSGeometry*> out;
    for (const auto& g : v) out.push_back(g.get());
    return out;
}

// Runs both paths and compares every pair; returns the fast path's result.
analysis::AdjacencyResult compare_paths(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms,
                                        analysis::AdjacencyOptions o, const std::string& what) {
    IssueLog issues_geos, issues_segments;
    o.shared_segments = false;
    const auto reference = analysis::find_adjacency(c, geoms, o, issues_geos);
    o.shared_segments = true;
    const auto fast = analysis::find_adjacency(c, geoms, o, issues_segments);
    INFO(what << ": snap " << o.snap_m << ", min shared " << o.min_shared_m << ", threads " << o.threads);
    CHECK(reference.by_shared_segments == 0);
    CHECK(issues_geos.size() == issues_segments.size());
    REQUIRE(reference.pairs.size() == fast.pairs.size());
    for (std::size_t k = 0; k < fast.pairs.size(); ++k) {
        const auto& x = reference.pairs[k];
        const auto& y = fast.pairs[k];
        INFO("pair " << x.i << "-" << x.j << " (" << analysis::to_string(x.relation) << ", " << x.shared_m << ")");
        REQUIRE(x.i == y.i);
        REQUIRE(x.j == y.j);
        CHECK(x.relation == y.relation);
        CHECK(x.adjacent == y.adjacent);
        CHECK(std::abs(x.shared_m - y.shared_m) <= 1e-3);
        CHECK(std::abs(x.gap_m - y.gap_m) <= 1e-3);
        CHECK(std::abs(x.overlap_m2 - y.overlap_m2) <= 1e-3);
        CHECK(x.edge_wkb.empty() == y.edge_wkb.empty());
    }
    return fast;
}

// Both tolerance settings the product uses (R15's 0.2 m / 1.0 m, and neighbors' exact contact).
std::size_t compare_both_tolerances(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms,
                                    const std::string& what, bool geographic = false) {
    std::size_t settled = 0;
    for (const unsigned threads : {1u, 2u}) {
        analysis::AdjacencyOptions o;
        o.geographic = geographic;
        o.threads = threads;
        o.want_edges = threads == 2;
        settled = compare_paths(c, geoms, o, what).by_shared_segments;
        o.snap_m = 0;
        o.min_shared_m = 0;
        compare_paths(c, geoms, o, what);
    }
    return settled;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("shared segments: the demo county gives GEOS's pairs and lengths", "[analysis][adjacency][segments]") {
    geom::GeosContext c;
    const auto parcels = read_polygons(c, std::string(TL_DEMO_DIR) + "/parcels.shp");
    REQUIRE(parcels.size() > 2000);
    const std::size_t settled = compare_both_tolerances(c, raw(parcels), "demo");
    CHECK(settled > 3000);   // most neighbours are drawn on one topology: the fast path is used
    // Two groups (零星地块: hosts, then leftovers; only mixed pairs measured), 1 and 2 threads.
    for (const unsigned threads : {1u, 2u}) {
        analysis::AdjacencyOptions o;
        o.threads = threads;
        o.group_split = parcels.size() / 2;
        const auto r = compare_paths(c, raw(parcels), o, "demo, two groups");
        CHECK(r.by_shared_segments > 0);
        for (const auto& p : r.pairs) CHECK((p.i < *o.group_split && p.j >= *o.group_split));
    }
}

TEST_CASE("shared segments: a county made by tenglong-gen gives GEOS's pairs and lengths", "[analysis][adjacency][segments]") {
    const char* gen = std::getenv("TL_GEN");
    INFO("TL_GEN (the tenglong-gen binary) is set by ctest");
    REQUIRE(gen);
    const auto dir = std::filesystem::temp_directory_path() / ("tl_adj_gen_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const std::string cmd = std::string("\"") + gen + "\" region \"" + dir.string() + "\" --counties 1 --parcels 20000 --seed 23 -q";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::string shp;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.path().filename() == "parcels.shp") shp = e.path().string();
    REQUIRE(!shp.empty());
    geom::GeosContext c;
    const auto parcels = read_polygons(c, shp);
    std::filesystem::remove_all(dir);
    REQUIRE(parcels.size() > 15000);
    const std::size_t settled = compare_both_tolerances(c, raw(parcels), "generated county");
    CHECK(settled > 20000);
}

TEST_CASE("shared segments: sids2 and the GBK county polygons (lon/lat)", "[analysis][adjacency][segments][realdata]") {
    geom::GeosContext c;
    const auto sids2 = read_polygons(c, test::realdata("pysal-sids2/sids2.shp"));
    REQUIRE(sids2.size() == 100);
    CHECK(compare_both_tolerances(c, raw(sids2), "sids2", true) > 0);
    // Published rook contiguity: 231 pairs (test_sids2.cpp), with the fast path on.
    analysis::AdjacencyOptions o;
    o.geographic = true;
    IssueLog issues;
    CHECK(analysis::find_adjacency(c, raw(sids2), o, issues).adjacent_count() == 231);

    const auto gbk = read_polygons(c, test::realdata("gbk-samples/polygon.shp"));
    REQUIRE(gbk.size() == 55);
    compare_both_tolerances(c, raw(gbk), "gbk-samples polygon", true);
}

TEST_CASE("shared segments: every polygon pair of GEOS's XML test cases", "[analysis][adjacency][segments][realdata]") {
    geom::GeosContext c;
    const std::regex a_re(R"(<a>\s*([^<]*?)\s*</a>)"), b_re(R"(<b>\s*([^<]*?)\s*</b>)");
    const std::regex case_re(R"(<case>([\s\S]*?)</case>)");
    std::size_t cases = 0;
    for (const char* file : {"TestOverlayAA.xml", "TestNGOverlayA.xml", "TestNGOverlayAPrec.xml", "TestRelateAA.xml"}) {
        const std::string text = slurp(test::realdata(std::string("geos-xml/") + file));
        for (auto it = std::sregex_iterator(text.begin(), text.end(), case_re); it != std::sregex_iterator(); ++it) {
            const std::string body = (*it)[1];
            std::smatch ma, mb;
            if (!std::regex_search(body, ma, a_re) || !std::regex_search(body, mb, b_re)) continue;
            std::vector<geom::GeomPtr> pair;
            pair.push_back(geom::from_wkt(c, ma[1].str()));
            pair.push_back(geom::from_wkt(c, mb[1].str()));
            for (const bool geographic : {false, true}) {   // the cases' units: exact and with tolerances
                analysis::AdjacencyOptions o;
                o.geographic = geographic;
                compare_paths(c, raw(pair), o, std::string(file) + ": " + ma[1].str() + " / " + mb[1].str());
                // And in both orders (the fast path is symmetric).
                std::vector<const GEOSGeometry*> swapped{pair[1].get(), pair[0].get()};
                compare_paths(c, swapped, o, std::string(file) + " swapped");
            }
            ++cases;
        }
    }
    CHECK(cases >= 55);
}

TEST_CASE("shared segments: pairs the segments alone would get wrong go to GEOS", "[analysis][adjacency][segments]") {
    geom::GeosContext c;
    auto run = [&](const std::vector<std::string>& wkts) {
        std::vector<geom::GeomPtr> g;
        for (const auto& w : wkts) g.push_back(geom::from_wkt(c, w));
        analysis::AdjacencyOptions o;
        o.snap_m = 0;
        o.min_shared_m = 0;
        o.threads = 1;
        compare_paths(c, raw(g), o, wkts.front());
        IssueLog issues;
        return analysis::find_adjacency(c, raw(g), o, issues);
    };
    const std::string a = "POLYGON((0 0,10 0,10 4,10 6,10 10,0 10,0 0))";
    SECTION("clean neighbours on one topology: settled from segments") {
        const auto r = run({a, "POLYGON((10 0,20 0,20 10,10 10,10 6,10 4,10 0))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 1);
        CHECK(r.pairs[0].shared_m == Approx(10));
    }
    SECTION("a T-junction: the neighbour holds (10 4)-(10 10) as one segment") {
        const auto r = run({a, "POLYGON((10 0,20 0,20 10,10 10,10 4,10 0))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 0);
        CHECK(r.pairs[0].shared_m == Approx(10));
    }
    SECTION("a dent of the neighbour into the parcel beside shared segments (interiors overlap)") {
        const auto r = run({a, "POLYGON((10 0,20 0,20 10,10 10,10 6,8 5,10 4,10 0))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 0);
        CHECK(r.pairs[0].overlap_m2 > 0);
    }
    SECTION("the neighbour's corner touches the parcel's edge away from the shared segments") {
        // B shares (10 0)-(10 4) and reaches back to touch A's edge at (10 8) (a vertex of B only).
        const auto r = run({"POLYGON((0 0,10 0,10 4,10 10,0 10,0 0))",
                            "POLYGON((10 0,20 0,20 12,10 12,15 10,10 8,12 6,10 4,10 0))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 0);
    }
    SECTION("a parcel filling another's hole: every segment shared") {
        const auto r = run({"POLYGON((0 0,30 0,30 30,0 30,0 0),(10 10,10 20,20 20,20 10,10 10))",
                            "POLYGON((10 10,20 10,20 20,10 20,10 10))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 1);
        CHECK(r.pairs[0].shared_m == Approx(40));
    }
    SECTION("equal polygons (same segments, same direction): GEOS") {
        const auto r = run({a, a});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 0);
        CHECK(r.pairs[0].overlap_m2 == Approx(100));
    }
    SECTION("three parcels holding one segment (a duplicate over a neighbour): GEOS for those pairs") {
        const std::string b = "POLYGON((10 0,20 0,20 10,10 10,10 6,10 4,10 0))";
        const auto r = run({a, b, b});
        CHECK(r.pairs.size() == 3);
        CHECK(r.by_shared_segments == 0);
    }
    SECTION("meeting only at a corner: GEOS (point_touch)") {
        const auto r = run({a, "POLYGON((10 10,20 10,20 20,10 20,10 10))"});
        REQUIRE(r.pairs.size() == 1);
        CHECK(r.by_shared_segments == 0);
        CHECK(r.pairs[0].relation == analysis::Relation::point_touch);
    }
}
