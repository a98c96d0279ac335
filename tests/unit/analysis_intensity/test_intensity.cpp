// FAR, coverage, the 8 m rule, apportioning and floor estimation (analysis/intensity.hpp).
#include <cmath>
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analysis/intensity.hpp"
#include "geom/geos.hpp"
#include "wkt_layers.hpp"

using namespace tl;
using analysis::count_floors;
using analysis::FloorsSource;
using analysis::IntensityParams;
using test::box_wkt;

namespace {
std::size_t count_kind(const IssueLog& log, const std::string& kind) {
    auto m = log.count_by_kind();
    auto it = m.find(kind);
    return it == m.end() ? 0 : static_cast<std::size_t>(it->second);
}
} // namespace

TEST_CASE("8 m rule: a storey higher than 8 m counts double, 8 m itself does not", "[intensity][far]") {
    IntensityParams p;
    // 2008 控制指标: 层高超过8米 → ×2; "超过" excludes 8 m (《民法典》第1259条).
    CHECK(analysis::storey_multiplier(8.0, p) == 1.0);
    CHECK(analysis::storey_multiplier(8.01, p) == 2.0);
    CHECK(analysis::storey_multiplier(12.0, p) == 2.0);
    // GB/T 50353-2013: 结构层高 2.20 m and more in full, below it half.
    CHECK(analysis::storey_multiplier(2.2, p) == 1.0);
    CHECK(analysis::storey_multiplier(2.19, p) == 0.5);

    // single-storey high-bay plant: 1 floor, 12 m → storey 12 m → counts as 2
    auto hb = count_floors(1.0, 12.0, std::nullopt, true, p);
    CHECK(hb.source == FloorsSource::stated);
    CHECK(hb.storey_height_from == "height_m/floors");
    CHECK(*hb.factor == 2.0);
    // 2 floors of 18 m → 9 m each → both double
    CHECK(*count_floors(2.0, 18.0, std::nullopt, true, p).factor == 4.0);
    // 2 floors of exactly 16 m → 8 m each → no doubling
    CHECK(*count_floors(2.0, 16.0, std::nullopt, true, p).factor == 2.0);
    // the storey_height_m attribute wins over height ÷ floors
    auto st = count_floors(3.0, 12.0, 9.0, false, p);
    CHECK(st.storey_height_from == "storey_height_m");
    CHECK(*st.factor == 6.0);
    // floors without any height: no doubling possible, factor = floors
    auto nh = count_floors(5.0, std::nullopt, std::nullopt, false, p);
    CHECK(nh.storey_height_from == "none");
    CHECK(*nh.factor == 5.0);
    // the threshold comes from the parameters (profile), not a constant
    IntensityParams q;
    q.storey_double_height_m = 10.0;
    CHECK(*count_floors(1.0, 9.0, std::nullopt, true, q).factor == 1.0);
}

TEST_CASE("missing floors are estimated from height and flagged", "[intensity][estimate]") {
    IntensityParams p;
    // non-industrial: round(height / 3.5)
    auto a = count_floors(std::nullopt, 10.0, std::nullopt, false, p);
    CHECK(a.source == FloorsSource::estimated);
    CHECK(*a.floors == 3);                 // 10 / 3.5 = 2.86 → 3
    CHECK(*a.factor == 3.0);               // storey 3.33 m
    CHECK(*count_floors(std::nullopt, 1.5, std::nullopt, false, p).floors == 1);   // never 0 storeys
    CHECK(*count_floors(std::nullopt, 1.5, std::nullopt, false, p).factor == 0.5); // a 1.5 m storey counts half
    // industrial: ≤ 8 m one storey; above, one storey per 8 m
    CHECK(*count_floors(std::nullopt, 7.0, std::nullopt, true, p).floors == 1);
    CHECK(*count_floors(std::nullopt, 8.0, std::nullopt, true, p).floors == 1);
    CHECK(*count_floors(std::nullopt, 8.0, std::nullopt, true, p).factor == 1.0);
    auto b = count_floors(std::nullopt, 12.0, std::nullopt, true, p);
    CHECK(*b.floors == 2);
    CHECK(*b.factor == 2.0);               // same total as a 12 m single storey under the 8 m rule
    CHECK(*count_floors(std::nullopt, 24.5, std::nullopt, true, p).floors == 4);
    // neither floors nor height: unknown, not zero
    auto u = count_floors(std::nullopt, std::nullopt, std::nullopt, false, p);
    CHECK(u.source == FloorsSource::unknown);
    CHECK_FALSE(u.factor.has_value());
    // ... unless a stated floor area (建筑面积) exists
    auto fa = count_floors(std::nullopt, std::nullopt, std::nullopt, false, p, 300.0, 100.0);
    CHECK(fa.source == FloorsSource::floor_area);
    CHECK(*fa.factor == 3.0);
}

TEST_CASE("implausible floors are treated as missing", "[intensity][estimate]") {
    IntensityParams p;
    for (double bad : {0.0, -2.0, 200.0, 350.0, 2.5}) {
        auto f = count_floors(bad, 7.0, std::nullopt, false, p);
        INFO("floors = " << bad);
        CHECK(f.bad_floors);
        CHECK(f.source == FloorsSource::estimated);   // from the height
        CHECK(*f.floors == 2);                        // 7 / 3.5
        auto g = count_floors(bad, std::nullopt, std::nullopt, false, p);
        CHECK(g.bad_floors);
        CHECK(g.source == FloorsSource::unknown);
    }
    auto ok = count_floors(199.0, std::nullopt, std::nullopt, false, p);
    CHECK_FALSE(ok.bad_floors);
    CHECK(*ok.floors == 199);
}

TEST_CASE("land use and industry codes", "[intensity]") {
    const std::vector<std::string> pre{"0601", "1001", "M"};
    CHECK(analysis::is_industrial_land_use("0601", pre));
    CHECK(analysis::is_industrial_land_use(" 100102 ", pre));
    CHECK(analysis::is_industrial_land_use("m2", pre));
    CHECK_FALSE(analysis::is_industrial_land_use("0701", pre));
    CHECK_FALSE(analysis::is_industrial_land_use("", pre));
    CHECK(analysis::industry_division("C34") == "34");
    CHECK(analysis::industry_division("3411") == "34");
    CHECK(analysis::industry_division("x") == "");
}

TEST_CASE("footprints crossing parcel lines are apportioned by intersected area", "[intensity][apportion]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {box_wkt(0, 0, 100, 100), {{"id", "A"}, {"land_use", "0601"}, {"registered_area_m2", "10000"}}},
        {box_wkt(100, 0, 200, 100), {{"id", "B"}, {"land_use", "0701"}, {"registered_area_m2", "20000"}}},
        {box_wkt(300, 0, 400, 100), {{"id", "C"}}},
    });
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), {
        // 40 × 50 across the A|B line: 1000 m² in each; 2 floors of 10 m → ×2 each → factor 4
        {box_wkt(80, 0, 120, 50), {{"id", "b1"}, {"floors", "2"}, {"height_m", "20"}}},
        // wholly in A, no floors, 12 m: industrial estimate 2 storeys → factor 2
        {box_wkt(10, 60, 20, 70), {{"id", "b2"}, {"height_m", "12"}}},
        // wholly in A, nothing known
        {box_wkt(30, 60, 40, 70), {{"id", "b3"}}},
        // in no parcel
        {box_wkt(250, 0, 260, 10), {{"id", "b4"}, {"floors", "1"}}},
        // in B, floors 0 (bad) and no height → unknown
        {box_wkt(150, 60, 160, 70), {{"id", "b5"}, {"floors", "0"}}},
    });
    IssueLog issues;
    IntensityParams params;
    params.threads = 1;
    params.unbuilt_min_width_m = 0;   // plain difference here; the opening has its own test
    auto r = analysis::measure_intensity(parcels, &buildings, nullptr, params, issues);
    REQUIRE(r.parcels.size() == 3);
    const auto& A = r.parcels[0];
    const auto& B = r.parcels[1];
    const auto& C = r.parcels[2];
    // host parcel of b1: tie 1000/1000 → the earlier parcel (A, industrial)
    CHECK(r.buildings[0].host_parcel == std::size_t{0});
    CHECK(r.buildings[0].apportioned_m2 == Approx(2000));
    CHECK(A.footprint_area_m2 == Approx(1000 + 100 + 100));
    CHECK(A.floor_area_m2 == Approx(1000 * 4 + 100 * 2));
    CHECK(A.area_basis == "registered");
    CHECK(A.far == Approx(4200.0 / 10000));
    CHECK(A.coverage == Approx(1200.0 / 10000));
    CHECK(A.buildings == 3);
    CHECK(A.buildings_estimated == 1);
    CHECK(A.buildings_unknown == 1);
    CHECK(A.far_is_lower_bound);
    // B: registered 20000 is 100 % off the geometric 10000 → geometric basis, issue
    CHECK(B.area_basis == "geometric");
    CHECK(*B.area_difference_m2 == Approx(10000));
    CHECK(B.far == Approx(4000.0 / 10000));
    CHECK(B.coverage == Approx(1100.0 / 10000));
    CHECK(B.far_is_lower_bound);
    CHECK(C.footprint_area_m2 == 0);
    CHECK_FALSE(C.industrial.has_value());
    CHECK(C.largest_unbuilt_m2 == Approx(10000));
    // largest unbuilt part of A: A minus footprints is one connected piece
    CHECK(A.largest_unbuilt_m2 == Approx(10000 - 1200));
    // b3 has no values at all: reported at load time (inputs.cpp), not again here.
    CHECK(count_kind(issues, "building_no_floors_or_height") == 1);   // b5
    CHECK(count_kind(issues, "building_bad_floors") == 1);            // b5
    CHECK(count_kind(issues, "building_floors_estimated") == 1);      // b2
    CHECK(count_kind(issues, "building_outside_parcels") == 1);       // b4
    CHECK(count_kind(issues, "registered_area_mismatch") == 1);       // B
}

TEST_CASE("no buildings layer: zero floor area, unbuilt part unknown", "[intensity]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {{box_wkt(0, 0, 10, 10), {{"id", "A"}}}});
    IssueLog issues;
    auto r = analysis::measure_intensity(parcels, nullptr, nullptr, IntensityParams{}, issues);
    CHECK(r.parcels[0].far == 0);
    CHECK(std::isnan(r.parcels[0].largest_unbuilt_m2));
}

TEST_CASE("unbuilt blocks narrower than the minimum width do not count", "[intensity][unbuilt]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {box_wkt(0, 0, 100, 100), {{"id", "A"}, {"land_use", "0601"}}},
        {box_wkt(200, 0, 300, 100), {{"id", "B"}, {"land_use", "0601"}}},
    });
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), {
        {box_wkt(0, 0, 60, 100), {{"id", "a"}, {"floors", "1"}}},     // leaves a 40 m wide strip
        {box_wkt(200, 0, 285, 100), {{"id", "b"}, {"floors", "1"}}},  // leaves a 15 m wide strip
    });
    IssueLog issues;
    IntensityParams p;   // DEFAULT width 20 m
    auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
    // the 40 × 100 strip survives the opening except its four rounded corners (r = 10 m)
    const double corners = 4 * (1 - M_PI / 4) * 100;
    CHECK(r.parcels[0].largest_unbuilt_m2 == Approx(4000 - corners).epsilon(0.01));
    CHECK(r.parcels[1].largest_unbuilt_m2 == Approx(0).margin(1e-6));   // 15 m: a yard, not a block
    p.unbuilt_min_width_m = 0;
    auto q = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
    CHECK(q.parcels[1].largest_unbuilt_m2 == Approx(1500));
}

TEST_CASE("the unbuilt block is measured only where R04.unbuilt reads it", "[intensity][unbuilt]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {box_wkt(0, 0, 100, 100), {{"id", "I"}, {"land_use", "0601"}}},     // industrial
        {box_wkt(200, 0, 300, 100), {{"id", "R"}, {"land_use", "0701"}}},   // residential
        {box_wkt(400, 0, 500, 100), {{"id", "U"}}},                         // land use missing
    });
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), {
        {box_wkt(0, 0, 50, 100), {{"id", "a"}, {"floors", "1"}}},
        {box_wkt(200, 0, 250, 100), {{"id", "b"}, {"floors", "1"}}},
        {box_wkt(400, 0, 450, 100), {{"id", "c"}, {"floors", "1"}}},
    });
    IssueLog issues;
    IntensityParams p;
    p.unbuilt_min_width_m = 0;
    SECTION("all parcels (industrial_only = false)") {
        p.unbuilt_scope = analysis::UnbuiltScope::all;
        auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
        for (const auto& pi : r.parcels) {
            CHECK(pi.unbuilt_measured);
            CHECK(pi.largest_unbuilt_m2 == Approx(5000));
        }
    }
    SECTION("industrial parcels only: the others are not measured, their FAR and coverage are") {
        p.unbuilt_scope = analysis::UnbuiltScope::industrial;
        auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
        CHECK(r.parcels[0].unbuilt_measured);
        CHECK(r.parcels[0].largest_unbuilt_m2 == Approx(5000));
        for (std::size_t j : {1, 2}) {
            CHECK_FALSE(r.parcels[j].unbuilt_measured);
            CHECK(std::isnan(r.parcels[j].largest_unbuilt_m2));
            CHECK(r.parcels[j].coverage == Approx(0.5));
        }
    }
    SECTION("rule disabled: nowhere") {
        p.unbuilt_scope = analysis::UnbuiltScope::none;
        auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
        for (const auto& pi : r.parcels) CHECK_FALSE(pi.unbuilt_measured);
    }
    CHECK(count_kind(issues, "overlay_failed") == 0);
}

TEST_CASE("contract FAR floor: the larger of parcels' and supplies' values", "[intensity]") {
    geom::GeosContext c;
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {box_wkt(0, 0, 10, 10), {{"id", "A"}, {"contract_far_min", "1.2"}}},
        {box_wkt(20, 0, 30, 10), {{"id", "B"}}},
    });
    auto supplies = test::wkt_layer(c, "supplies", {"id", "parcel_id", "contract_far_min"}, {
        {box_wkt(0, 0, 10, 10), {{"id", "s1"}, {"parcel_id", "A"}, {"contract_far_min", "1.5"}}},
        {box_wkt(20, 0, 30, 10), {{"id", "s2"}, {"parcel_id", "B"}, {"contract_far_min", "0.8"}}},
    });
    IssueLog issues;
    auto r = analysis::measure_intensity(parcels, nullptr, &supplies, IntensityParams{}, issues);
    CHECK(*r.parcels[0].contract_far_min == 1.5);
    CHECK(*r.parcels[1].contract_far_min == 0.8);
}

TEST_CASE("property: apportioning conserves footprint area, results do not depend on threads", "[intensity][property]") {
    geom::GeosContext c;
    std::mt19937 rng(20231231);   // named seed: the county's as_of
    std::uniform_real_distribution<double> pos(0, 500), size(5, 60), h(3, 30);
    std::vector<test::WktRow> prow, brow;
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j)
            prow.push_back({box_wkt(i * 50.0, j * 50.0, (i + 1) * 50.0, (j + 1) * 50.0),
                            {{"id", "P" + std::to_string(i * 10 + j)}, {"land_use", (i + j) % 2 ? "0601" : "0701"}}});
    for (int k = 0; k < 300; ++k) {
        const double x = pos(rng) * 0.9, y = pos(rng) * 0.9, w = size(rng), d = size(rng);
        brow.push_back({box_wkt(x, y, std::min(x + w, 500.0), std::min(y + d, 500.0)),
                        {{"id", "B" + std::to_string(k)}, {"height_m", std::to_string(h(rng))}}});
    }
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), prow);
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), brow);
    IssueLog i1, i2;
    IntensityParams p1, p2;
    p1.threads = 1;
    p2.threads = 2;
    auto r1 = analysis::measure_intensity(parcels, &buildings, nullptr, p1, i1);
    auto r2 = analysis::measure_intensity(parcels, &buildings, nullptr, p2, i2);
    int crossing = 0;
    for (const auto& b : r1.buildings) {
        CHECK(b.apportioned_m2 == Approx(b.footprint_m2).epsilon(1e-12));
        if (b.apportioned_m2 > 0 && b.host_parcel) {
            const auto& host = r1.parcels[*b.host_parcel];
            (void)host;
        }
    }
    // The parcels tile the square, so their covered ground adds up to the union of all the
    // (overlapping) footprints: each piece of ground counted once, in exactly one parcel.
    double sum_covered = 0;
    for (const auto& p : r1.parcels) { sum_covered += p.footprint_area_m2; CHECK(p.far >= 0); }
    std::vector<const GEOSGeometry*> all;
    for (const auto& f : buildings.features) all.push_back(f.geom.get());
    const double union_m2 = geom::area(c, geom::union_all(c, all).get());
    CHECK(sum_covered == Approx(union_m2).epsilon(1e-9));
    CHECK(i1.count_by_kind()["building_overlap"] > 0);   // 300 random boxes do overlap
    for (std::size_t j = 0; j < r1.parcels.size(); ++j) {
        CHECK(r1.parcels[j].far == r2.parcels[j].far);               // bit-identical
        CHECK(r1.parcels[j].coverage == r2.parcels[j].coverage);
        CHECK(r1.parcels[j].largest_unbuilt_m2 == r2.parcels[j].largest_unbuilt_m2);
        if (r1.parcels[j].buildings > 0 && r1.parcels[j].footprint_area_m2 < 2500) ++crossing;
    }
    CHECK(crossing > 10);   // the test exercised parcels with partial pieces
    CHECK(i1.size() == i2.size());
}

TEST_CASE("parcel_with_holes: the overlay's answer without the overlay, or nothing", "[intensity][unbuilt]") {
    // The shortcut for the unbuilt part (parcel − buildings) must give, after GEOSNormalize, the
    // very vertices GEOSDifference gives: the opening that follows is sensitive to ring start
    // points, and the two paths must not give two answers for one parcel.
    geom::GeosContext c;
    std::mt19937 rng(20231231);
    std::uniform_real_distribution<double> u01(0, 1);
    auto normalized_wkb = [&](geom::GeomPtr g) {
        REQUIRE(g);
        REQUIRE(GEOSNormalize_r(c.get(), g.get()) == 0);
        return geom::to_wkb(c, g.get());
    };
    int built = 0, with_pond = 0, rotated = 0;
    for (int t = 0; t < 400; ++t) {
        // A quadrilateral parcel (some skewed), sometimes with a pond as its own hole.
        const double w = 60 + 140 * u01(rng), h = 60 + 140 * u01(rng), skew = t % 3 == 0 ? 20 * u01(rng) : 0;
        const bool pond = t % 5 == 0;
        std::string wkt = fmt::format("POLYGON(({0} {1},{2} {1},{3} {4},{5} {4},{0} {1})", 1000.25, 2000.5,
                                      1000.25 + w, 1000.25 + w + skew, 2000.5 + h, 1000.25 + skew);
        if (pond) wkt += fmt::format(",({0} {1},{0} {2},{3} {2},{3} {1},{0} {1})", 1000.25 + w - 12 + skew, 2000.5 + h - 12,
                                     2000.5 + h - 4, 1000.25 + w - 4 + skew);
        wkt += ")";
        auto parcel = geom::from_wkt(c, wkt);
        auto prepared = geom::prepare(c, parcel.get());
        // Buildings on a grid of cells (apart by construction), some rotated.
        std::vector<geom::GeomPtr> owned;
        std::vector<const GEOSGeometry*> inside;
        const int n = 1 + static_cast<int>(u01(rng) * 5);
        for (int k = 0; k < n; ++k) {
            const double cx = 1000.25 + skew + 10 + (w - 40) * (k + 0.5) / n, cy = 2000.5 + 15 + (h - 40) * u01(rng);
            const double bw = std::min(8 + 10 * u01(rng), (w - 40) / n - 3), bd = 6 + 12 * u01(rng);
            geom::GeomPtr b = geom::from_wkt(c, box_wkt(cx - bw / 2, cy - bd / 2, cx + bw / 2, cy + bd / 2));
            if (k % 2 == 1) {   // turned a little: its envelope still stays in its cell
                const double a = 0.2;
                std::string r = fmt::format("POLYGON(({} {},{} {},{} {},{} {},{} {}))",
                    cx + (-bw / 2) * std::cos(a) - (-bd / 2) * std::sin(a), cy + (-bw / 2) * std::sin(a) + (-bd / 2) * std::cos(a),
                    cx + (bw / 2) * std::cos(a) - (-bd / 2) * std::sin(a), cy + (bw / 2) * std::sin(a) + (-bd / 2) * std::cos(a),
                    cx + (bw / 2) * std::cos(a) - (bd / 2) * std::sin(a), cy + (bw / 2) * std::sin(a) + (bd / 2) * std::cos(a),
                    cx + (-bw / 2) * std::cos(a) - (bd / 2) * std::sin(a), cy + (-bw / 2) * std::sin(a) + (bd / 2) * std::cos(a),
                    cx + (-bw / 2) * std::cos(a) - (-bd / 2) * std::sin(a), cy + (-bw / 2) * std::sin(a) + (-bd / 2) * std::cos(a));
                b = geom::from_wkt(c, r);
                ++rotated;
            }
            if (!geom::prepared_contains_properly(c, prepared.get(), b.get())) continue;   // the caller's check
            inside.push_back(b.get());
            owned.push_back(std::move(b));
        }
        if (inside.empty()) continue;
        geom::GeomPtr quick = analysis::parcel_with_holes(c, parcel.get(), inside);
        if (!quick) continue;   // envelopes met: the caller falls back to the overlay
        ++built;
        if (pond) ++with_pond;
        CHECK(geom::check_validity(c, quick.get()).valid);
        geom::GeomPtr overlay = geom::difference(c, parcel.get(), geom::union_all(c, inside).get());
        CHECK(geom::area(c, quick.get()) == Approx(geom::area(c, overlay.get())).epsilon(1e-12));
        CHECK(normalized_wkb(std::move(quick)) == normalized_wkb(std::move(overlay)));
    }
    CHECK(built > 300);
    CHECK(with_pond > 50);
    CHECK(rotated > 100);

    // Where it does not apply it says so (nullptr), and the overlay runs instead.
    auto parcel = geom::from_wkt(c, box_wkt(0, 0, 100, 100));
    auto a = geom::from_wkt(c, box_wkt(10, 10, 30, 30));
    auto touching = geom::from_wkt(c, box_wkt(30, 10, 50, 30));                 // shares an edge with a
    auto overlapping_env = geom::from_wkt(c, "POLYGON((35 35,60 35,35 60,35 35))");
    auto near_env = geom::from_wkt(c, box_wkt(29, 40, 50, 60));                 // envelopes meet, shapes apart
    auto courtyard = geom::from_wkt(c, "POLYGON((60 60,90 60,90 90,60 90,60 60),(70 70,80 70,80 80,70 80,70 70))");
    auto multi_parcel = geom::from_wkt(c, "MULTIPOLYGON(((0 0,100 0,100 100,0 100,0 0)),((200 0,300 0,300 100,200 100,200 0)))");
    CHECK(analysis::parcel_with_holes(c, parcel.get(), {a.get()}));
    CHECK_FALSE(analysis::parcel_with_holes(c, parcel.get(), {a.get(), touching.get()}));
    CHECK(analysis::parcel_with_holes(c, parcel.get(), {a.get(), overlapping_env.get()}));
    CHECK_FALSE(analysis::parcel_with_holes(c, parcel.get(), {overlapping_env.get(), near_env.get()}));
    CHECK_FALSE(analysis::parcel_with_holes(c, parcel.get(), {courtyard.get()}));
    CHECK_FALSE(analysis::parcel_with_holes(c, multi_parcel.get(), {a.get()}));
}

TEST_CASE("the unbuilt block does not depend on how the parcel's ring is written", "[intensity][unbuilt]") {
    // A county parcel (fid 74985 of the generated county) 20.6 m wide at its foot and 19.6 m at
    // its head, with a collinear vertex 8 cm from its foot's corner: GEOS's buffer simplifier
    // dropped either that vertex or the corner by where the ring started (1011.7 or 1064.7 m²).
    geom::GeosContext c;
    const std::vector<std::pair<double, double>> ring{{508029.99, 3295752.91}, {508027.89, 3295828},
        {508047.529, 3295828}, {508050.624, 3295752.91}, {508030.071, 3295752.91}};
    std::vector<test::WktRow> rows;
    for (int dir = 0; dir < 2; ++dir)
        for (std::size_t start = 0; start < ring.size(); ++start) {
            std::string wkt = "POLYGON((";
            for (std::size_t k = 0; k <= ring.size(); ++k) {
                const std::size_t i = (start + (dir ? ring.size() - k % ring.size() : k)) % ring.size();
                wkt += fmt::format("{}{} {}", k ? "," : "", ring[i].first, ring[i].second);
            }
            wkt += "))";
            rows.push_back({wkt, {{"id", "P" + std::to_string(rows.size())}, {"land_use", "0601"}}});
        }
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), rows);
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), {});
    IssueLog issues;
    IntensityParams p;   // the national profile's 20 m minimum width
    REQUIRE(p.unbuilt_min_width_m == 20);
    auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
    REQUIRE(r.parcels.size() == 10);
    for (const auto& pi : r.parcels) CHECK(pi.largest_unbuilt_m2 == r.parcels[0].largest_unbuilt_m2);   // to the bit
    CHECK(r.parcels[0].largest_unbuilt_m2 == Approx(1064.727).margin(0.01));   // the corner kept (PostGIS on the ring as the file has it)
}

TEST_CASE("parse_decimal: the plain-number fast path and the general path agree", "[intensity][values]") {
    using analysis::parse_decimal;
    bool bad = false;
    CHECK(*parse_decimal("12.5", &bad) == 12.5);
    CHECK(*parse_decimal(" -3 ", &bad) == -3.0);
    CHECK(*parse_decimal("-.5", &bad) == -0.5);
    CHECK(*parse_decimal("1e3", &bad) == 1000.0);
    CHECK(*parse_decimal("1,234.5", &bad) == 1234.5);   // commas: general path
    CHECK(*parse_decimal("+7", &bad) == 7.0);           // sign: general path
    CHECK_FALSE(parse_decimal("NULL", &bad));
    CHECK_FALSE(bad);
    CHECK_FALSE(parse_decimal("-", &bad));
    CHECK_FALSE(parse_decimal("12abc", &bad));
    CHECK(bad);
    CHECK_FALSE(parse_decimal("nan", &bad));
    // Same double as strtod for values that are not exactly representable.
    for (const char* t : {"0.1", "2.675", "123456.789012345", "1e-320", "0.30000000000000004"})
        CHECK(*parse_decimal(t, nullptr) == std::strtod(t, nullptr));
}

TEST_CASE("overlapping footprints: coverage counts the ground once, floors by the profile's choice", "[intensity][overlap]") {
    geom::GeosContext c;
    // A 100 × 100 m parcel; a 2-storey podium 40 × 40 and a 5-storey tower 40 × 40 drawn apart,
    // overlapping by 20 × 40 = 800 m²; a 3-storey shed that only shares a wall with the podium.
    auto parcels = test::wkt_layer(c, "parcels", test::parcel_keys(), {
        {box_wkt(0, 0, 100, 100), {{"id", "P"}, {"land_use", "0601"}}},
    });
    auto buildings = test::wkt_layer(c, "buildings", test::building_keys(), {
        {box_wkt(0, 0, 40, 40), {{"id", "podium"}, {"floors", "2"}, {"height_m", "8"}}},
        {box_wkt(20, 0, 60, 40), {{"id", "tower"}, {"floors", "5"}, {"height_m", "20"}}},
        {box_wkt(0, 40, 10, 50), {{"id", "shed"}, {"floors", "3"}, {"height_m", "9"}}},
    });
    SECTION("highest (default)") {
        IssueLog issues;
        IntensityParams p;
        const auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
        const auto& pi = r.parcels[0];
        CHECK(pi.footprint_area_m2 == Approx(2400 + 100));
        CHECK(pi.coverage == Approx(0.25));
        CHECK(pi.footprints_overlap);
        // tower 1600 × 5 + podium's own 800 × 2 + shed 100 × 3
        CHECK(pi.floor_area_m2 == Approx(8000 + 1600 + 300));
        REQUIRE(issues.count_by_kind()["building_overlap"] == 1);   // podium–tower; the shed only touches
        for (const auto& is : issues.sorted())
            if (is.kind == "building_overlap") {
                CHECK(is.detail.find("800.00") != std::string::npos);
                REQUIRE(is.x);
                CHECK(*is.x > 20);
                CHECK(*is.x < 40);
            }
    }
    SECTION("sum") {
        IssueLog issues;
        IntensityParams p;
        p.overlapping_floors = analysis::OverlapFloors::sum;
        const auto r = analysis::measure_intensity(parcels, &buildings, nullptr, p, issues);
        CHECK(r.parcels[0].coverage == Approx(0.25));
        CHECK(r.parcels[0].floor_area_m2 == Approx(1600 * 2 + 1600 * 5 + 300));
    }
}
