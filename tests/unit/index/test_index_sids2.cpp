// Real data with a published answer: the 100 North Carolina counties of libpysal's sids2
// (shared/realdata/pysal-sids2, BSD-3) and their published rook contiguity list (sids2.gal,
// 231 pairs). Read with GDAL into a RawLayer, normalized, indexed:
//   - the shapefile has no .prj: layer_crs says so and names the fix;
//   - every published neighbour pair is among the R-tree candidates (the index never loses a pair);
//   - exact GEOS predicates on the candidates give the published relation: 245 pairs touch
//     anywhere (queen), 231 share a boundary of positive length (rook) — exactly the GAL pairs.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "geom/normalize.hpp"
#include "index/feature_index.hpp"
#include "support/paths.hpp"

using namespace tl;

namespace {

io::RawLayer read_sids2() {
    GDALAllRegister();
    const std::string path = tl::test::realdata("pysal-sids2/sids2.shp");
    GDALDatasetUniquePtr ds{GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY)};
    REQUIRE(ds);
    OGRLayer* lyr = ds->GetLayer(0);
    REQUIRE(lyr);
    io::RawLayer raw;
    raw.name = "townships";
    raw.driver = "ESRI Shapefile";
    raw.spec.name = "townships";
    raw.spec.source = path;
    raw.keys = {"id", "name"};
    raw.columns = {"FIPSNO", "NAME"};
    if (const OGRSpatialReference* srs = lyr->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        raw.source_srs_wkt = wkt ? wkt : "";
        CPLFree(wkt);
    }
    for (auto& f : *lyr) {
        io::RawFeature rf;
        rf.fid = f->GetFID();
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            rf.wkb.resize(static_cast<std::size_t>(g->WkbSize()));
            g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(rf.wkb.data()), wkbVariantIso);
        }
        rf.values = {std::string{f->GetFieldAsString("FIPSNO")}, std::string{f->GetFieldAsString("NAME")}};
        raw.features.push_back(std::move(rf));
    }
    return raw;
}

// The GAL file: "0 100 sids2 FIPSNO", then per county "id count" and a line of neighbour ids.
std::set<std::pair<std::string, std::string>> read_gal() {
    std::ifstream in(tl::test::realdata("pysal-sids2/sids2.gal"));
    REQUIRE(in);
    std::string header;
    std::getline(in, header);
    std::set<std::pair<std::string, std::string>> pairs;
    std::string id;
    int count = 0;
    while (in >> id >> count) {
        for (int k = 0; k < count; ++k) {
            std::string other;
            in >> other;
            pairs.insert(id < other ? std::make_pair(id, other) : std::make_pair(other, id));
        }
    }
    return pairs;
}

} // namespace

TEST_CASE("sids2: no .prj is a DataError naming the fix", "[index][realdata]") {
    const io::RawLayer raw = read_sids2();
    CHECK(raw.source_srs_wkt.empty());
    CHECK_THROWS_AS(geom::layer_crs(raw), DataError);
    CHECK_THROWS_WITH(geom::layer_crs(raw),
                      "sids2.shp: layer has no CRS (.prj missing); set crs = \"EPSG:4549\" for it in the project file");
}

TEST_CASE("sids2: R-tree candidates and exact predicates reproduce the published contiguity", "[index][realdata]") {
    geom::GeosContext c;
    io::RawLayer raw = read_sids2();
    raw.spec.crs = "EPSG:4326";  // what a project file would say for this lon/lat layer
    const geom::CrsInfo crs = geom::layer_crs(raw);
    REQUIRE(crs.epsg == 4326);
    IssueLog log;
    const geom::Layer layer = geom::normalize(c, std::move(raw), crs, crs, geom::NormalizeOptions{}, log);
    REQUIRE(layer.counts.read == 100);
    REQUIRE(layer.counts.used == 100);
    CHECK(layer.counts.reconciles());

    const index::FeatureIndex idx = index::build(layer);
    REQUIRE(idx.size() == 100);

    std::set<std::pair<std::string, std::string>> candidates, queen, rook;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const auto& fi = layer.features[i];
        geom::PreparedPtr p = geom::prepare(c, fi.geom.get());
        for (std::uint32_t j : idx.query(fi.env)) {
            if (j <= i) continue;
            const auto& fj = layer.features[j];
            const auto key = fi.id < fj.id ? std::make_pair(fi.id, fj.id) : std::make_pair(fj.id, fi.id);
            candidates.insert(key);
            if (!geom::prepared_intersects(c, p.get(), fj.geom.get())) continue;
            queen.insert(key);
            // Rook: the shared boundary has positive length (the two interiors do not overlap).
            geom::GeomPtr shared = geom::intersection(c, fi.geom.get(), fj.geom.get());
            if (geom::area(c, shared.get()) == 0 && geom::length(c, shared.get()) > 0) rook.insert(key);
        }
    }
    const auto gal = read_gal();
    REQUIRE(gal.size() == 231);
    for (const auto& pair : gal) {
        INFO(pair.first << " - " << pair.second);
        CHECK(candidates.count(pair) == 1);
    }
    CHECK(candidates.size() > queen.size());  // the index over-approximates, predicates decide
    CHECK(queen.size() == 245);
    CHECK(rook == gal);
}
