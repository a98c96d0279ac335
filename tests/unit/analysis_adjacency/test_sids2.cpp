// Regression against a neighbour list nobody on this team produced: pysal's sids2.gal, the
// rook contiguity of the 100 North Carolina counties (231 pairs; queen would give 245, the 14
// extra pairs meet at a single corner). The shapefile is read with GDAL directly (lon/lat, no
// .prj), so this test depends only on the engine, not on io/geom normalisation.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include "analysis/adjacency.hpp"
#include "support/paths.hpp"

using namespace tl;
using IdPair = std::pair<long, long>;

namespace {

IdPair ordered(long a, long b) { return a < b ? IdPair{a, b} : IdPair{b, a}; }

// The GAL file: header "0 100 sids2 FIPSNO", then per county "id count" and a line of ids.
std::set<IdPair> read_gal(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::string header;
    std::getline(in, header);
    std::set<IdPair> pairs;
    long id = 0, count = 0;
    while (in >> id >> count) {
        for (long k = 0; k < count; ++k) {
            long other = 0;
            in >> other;
            pairs.insert(ordered(id, other));
        }
    }
    return pairs;
}

struct Counties {
    std::vector<long> ids;
    std::vector<geom::GeomPtr> geoms;
};

Counties read_sids2(geom::GeosContext& c) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(test::realdata("pysal-sids2/sids2.shp").c_str(),
                                              GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    REQUIRE(layer);
    Counties out;
    for (auto& f : *layer) {
        out.ids.push_back(static_cast<long>(f->GetFieldAsDouble("FIPSNO")));
        OGRGeometry* g = f->GetGeometryRef();
        REQUIRE(g);
        std::string wkb(static_cast<std::size_t>(g->WkbSize()), '\0');
        g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
        out.geoms.push_back(geom::from_wkb(c, wkb));
    }
    return out;
}

} // namespace

TEST_CASE("sids2: rook contiguity reproduces the published GAL exactly", "[analysis][adjacency][realdata]") {
    geom::GeosContext c;
    const std::set<IdPair> gal = read_gal(test::realdata("pysal-sids2/sids2.gal"));
    REQUIRE(gal.size() == 231);

    Counties counties = read_sids2(c);
    REQUIRE(counties.ids.size() == 100);
    std::vector<const GEOSGeometry*> geoms;
    for (auto& g : counties.geoms) geoms.push_back(g.get());

    analysis::AdjacencyOptions o;
    o.geographic = true;   // degrees: no metre tolerances (snap 0, any positive shared length)
    unsigned threads = GENERATE(1u, 2u);
    o.threads = threads;
    IssueLog issues;
    const auto r = analysis::find_adjacency(c, geoms, o, issues);
    CHECK(issues.size() == 0);

    std::set<IdPair> adjacent, corners;
    for (const auto& p : r.pairs) {
        const IdPair key = ordered(counties.ids[p.i], counties.ids[p.j]);
        CHECK(p.gap_m == 0);
        if (p.adjacent) {
            CHECK(p.relation == analysis::Relation::adjacent);
            CHECK(p.shared_m > 0);
            adjacent.insert(key);
        } else {
            CHECK(p.relation == analysis::Relation::point_touch);
            corners.insert(key);
        }
    }
    std::vector<IdPair> missing, extra;
    std::set_difference(gal.begin(), gal.end(), adjacent.begin(), adjacent.end(), std::back_inserter(missing));
    std::set_difference(adjacent.begin(), adjacent.end(), gal.begin(), gal.end(), std::back_inserter(extra));
    INFO("threads " << threads << ", missing " << missing.size() << ", extra " << extra.size());
    CHECK(missing.empty());
    CHECK(extra.empty());
    CHECK(adjacent.size() == 231);
    // The 14 corner-only pairs are reported, and none of them is in the GAL.
    CHECK(corners.size() == 14);
    for (const auto& k : corners) CHECK(gal.count(k) == 0);
}

TEST_CASE("sids2: a snap tolerance in degrees is not applied to a geographic layer", "[analysis][adjacency][realdata]") {
    geom::GeosContext c;
    Counties counties = read_sids2(c);
    std::vector<const GEOSGeometry*> geoms;
    for (auto& g : counties.geoms) geoms.push_back(g.get());
    analysis::AdjacencyOptions o;
    o.geographic = true;
    o.snap_m = 0.2;          // would swallow half the state if read as degrees
    o.min_shared_m = 1.0;    // would reject every pair if read as degrees
    IssueLog issues;
    const auto r = analysis::find_adjacency(c, geoms, o, issues);
    CHECK(r.adjacent_count() == 231);
}
