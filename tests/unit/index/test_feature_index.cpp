// FeatureIndex: candidates by envelope, sorted ascending, closed boxes, expansion; checked
// against a brute-force scan on a fixed-seed random layout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "index/feature_index.hpp"

using namespace tl;
using tl::geom::Envelope;
using tl::index::FeatureIndex;

namespace {
bool meets(const Envelope& a, const Envelope& b) {
    return a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}
} // namespace

TEST_CASE("FeatureIndex: small layout", "[index]") {
    //  0: [0,10]²   1: [10,20]x[0,10] (shares an edge with 0)   2: [20,30]² (meets 1 at a corner)
    //  3: [100,110]² far away
    const std::vector<Envelope> envs{{0, 0, 10, 10}, {10, 0, 20, 10}, {20, 10, 30, 20}, {100, 100, 110, 110}};
    const FeatureIndex idx{envs};
    CHECK(idx.size() == 4);
    CHECK_FALSE(idx.empty());
    CHECK(idx.query(envs[0]) == std::vector<std::uint32_t>{0, 1});          // touching boxes are candidates
    CHECK(idx.query(envs[1]) == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(idx.query(Envelope{50, 50, 60, 60}).empty());
    CHECK(idx.query(Envelope{70, 70, 80, 80}, 20) == std::vector<std::uint32_t>{3});  // grown by 20 m each side: touches 3
    CHECK(idx.query(Envelope{50, 50, 60, 60}, -5).empty());                           // negative: no growth
    CHECK(idx.query(Envelope{-1e9, -1e9, 1e9, 1e9}) == std::vector<std::uint32_t>{0, 1, 2, 3});

    const FeatureIndex none;
    CHECK(none.empty());
    CHECK(none.query(envs[0]).empty());
}

TEST_CASE("FeatureIndex: from a Layer, skipping features without geometry", "[index]") {
    geom::GeosContext c;
    geom::Layer layer;
    layer.name = "parcels";
    for (int i = 0; i < 3; ++i) {
        geom::Feature f;
        f.fid = i;
        if (i != 1) {
            const double x = 500000 + 100.0 * i;
            f.geom = geom::from_wkt(c, "POLYGON ((" + std::to_string(x) + " 3300000, " + std::to_string(x + 50) + " 3300000, " +
                                           std::to_string(x + 50) + " 3300050, " + std::to_string(x) + " 3300000))");
            f.env = geom::envelope(c, f.geom.get());
        }
        layer.features.push_back(std::move(f));
    }
    FeatureIndex idx = index::build(layer);
    CHECK(idx.size() == 2);
    CHECK(idx.query(Envelope{499000, 3299000, 501000, 3301000}) == std::vector<std::uint32_t>{0, 2});
    CHECK(idx.query(layer.features[0].env, 150) == std::vector<std::uint32_t>{0, 2});  // 150 m gap
    CHECK(idx.query(layer.features[0].env, 149) == std::vector<std::uint32_t>{0});
    FeatureIndex moved = std::move(idx);
    CHECK(moved.size() == 2);
}

TEST_CASE("FeatureIndex: agrees with brute force (fixed seed)", "[index]") {
    std::mt19937 rng(20231231);
    std::uniform_real_distribution<double> pos(0, 10000), size(0, 300);
    std::vector<Envelope> envs;
    for (int i = 0; i < 5000; ++i) {
        const double x = pos(rng), y = pos(rng);
        envs.push_back(Envelope{x, y, x + size(rng), y + size(rng)});
    }
    const FeatureIndex idx{envs};
    REQUIRE(idx.size() == envs.size());
    std::size_t nontrivial = 0;
    for (int q = 0; q < 300; ++q) {
        const double x = pos(rng), y = pos(rng), expand = size(rng) / 10;
        const Envelope box{x, y, x + size(rng), y + size(rng)};
        const Envelope grown{box.minx - expand, box.miny - expand, box.maxx + expand, box.maxy + expand};
        std::vector<std::uint32_t> expected;
        for (std::uint32_t i = 0; i < envs.size(); ++i) {
            if (meets(envs[i], grown)) expected.push_back(i);
        }
        const auto got = idx.query(box, expand);
        CHECK(std::is_sorted(got.begin(), got.end()));
        CHECK(got == expected);
        if (expected.size() > 1) ++nontrivial;
    }
    CHECK(nontrivial > 200);  // the comparison is not vacuous
}
