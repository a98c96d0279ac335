// The GEOS RAII wrappers: errors become GeosError with GEOS's message; predicates, prepared
// predicates, WKB/WKT round trips, overlay invariants, validity and repair.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "geom/geos.hpp"

using namespace tl;
using namespace tl::geom;

TEST_CASE("GEOS errors raise GeosError with the operation and GEOS's message", "[geom][geos]") {
    GeosContext c;
    try {
        (void)from_wkt(c, "POLYGON ((0 0, 1 1");
        FAIL("no exception");
    } catch (const GeosError& e) {
        CHECK(e.op == "read WKT");
        CHECK_THAT(e.what(), Catch::StartsWith("GEOS read WKT: "));
        CHECK_THAT(e.what(), Catch::Contains("ParseException"));
    }
    CHECK(c.last_error().empty());  // raise() consumed it
    CHECK_THROWS_AS(from_wkb(c, std::string("\x01\x03\x00", 3)), GeosError);
    CHECK_THROWS_AS(from_wkt(c, "CIRCLE (0 0, 1)"), GeosError);
    // After an error the context still works.
    CHECK(area(c, from_wkt(c, "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))").get()) == Approx(4));
    CHECK_THROWS_AS(check_predicate(c, 2, "test"), GeosError);
    CHECK(check_predicate(c, 1, "test"));
    CHECK_FALSE(check_predicate(c, 0, "test"));
}

TEST_CASE("WKB and WKT round trips", "[geom][geos]") {
    GeosContext c;
    const char* wkt = "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2)), ((20 20, 30 20, 30 30, 20 20)))";
    GeomPtr g = from_wkt(c, wkt);
    const std::string wkb = to_wkb(c, g.get());
    CHECK(static_cast<unsigned char>(wkb[0]) == 1);  // little-endian
    CHECK(static_cast<unsigned char>(wkb[1]) == 6);  // ISO MultiPolygon
    GeomPtr back = from_wkb(c, wkb);
    CHECK(GEOSEqualsExact_r(c.get(), g.get(), back.get(), 0) == 1);
    CHECK(to_wkt(c, back.get()) == wkt);
    CHECK(to_wkt(c, from_wkt(c, "POINT (1.23456 2)").get(), 2) == "POINT (1.23 2)");
    CHECK(to_wkb(c, clone(c, g.get()).get()) == wkb);
    CHECK(is_empty(c, empty_polygon(c).get()));
    CHECK(area(c, g.get()) == Approx(100 - 4 + 50));
    CHECK(length(c, from_wkt(c, "LINESTRING (0 0, 3 4)").get()) == Approx(5));
    const Envelope e = envelope(c, g.get());
    CHECK(e.minx == 0);
    CHECK(e.miny == 0);
    CHECK(e.maxx == 30);
    CHECK(e.maxy == 30);
}

TEST_CASE("Predicates, plain and prepared", "[geom][geos]") {
    GeosContext c;
    GeomPtr big = from_wkt(c, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    GeomPtr inner = from_wkt(c, "POLYGON ((2 2, 4 2, 4 4, 2 4, 2 2))");
    GeomPtr edge = from_wkt(c, "POLYGON ((0 0, 5 0, 5 5, 0 5, 0 0))");            // touches the boundary from inside
    GeomPtr neighbour = from_wkt(c, "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))");  // shares an edge
    GeomPtr corner = from_wkt(c, "POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))");  // one point
    GeomPtr away = from_wkt(c, "POLYGON ((30 30, 40 30, 40 40, 30 30))");

    CHECK(intersects(c, big.get(), inner.get()));
    CHECK(intersects(c, big.get(), neighbour.get()));
    CHECK(intersects(c, big.get(), corner.get()));
    CHECK_FALSE(intersects(c, big.get(), away.get()));

    PreparedPtr p = prepare(c, big.get());
    CHECK(prepared_intersects(c, p.get(), corner.get()));
    CHECK_FALSE(prepared_intersects(c, p.get(), away.get()));
    CHECK(prepared_contains(c, p.get(), inner.get()));
    CHECK_FALSE(prepared_contains(c, p.get(), neighbour.get()));
    // contains vs covers: a polygon covers (and here contains) a part touching its boundary;
    // a line along the boundary is covered but not contained.
    CHECK(prepared_covers(c, p.get(), edge.get()));
    GeomPtr boundary_line = from_wkt(c, "LINESTRING (0 0, 10 0)");
    CHECK(prepared_covers(c, p.get(), boundary_line.get()));
    CHECK_FALSE(prepared_contains(c, p.get(), boundary_line.get()));
}

TEST_CASE("Overlay invariants and union_all", "[geom][geos]") {
    GeosContext c;
    GeomPtr a = from_wkt(c, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    GeomPtr b = from_wkt(c, "POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))");
    const double ab = area(c, intersection(c, a.get(), b.get()).get());
    const double a_b = area(c, difference(c, a.get(), b.get()).get());
    CHECK(ab == Approx(25));
    CHECK(ab + a_b == Approx(area(c, a.get())));  // area(A∩B) + area(A−B) = area(A)
    CHECK(area(c, union_(c, a.get(), b.get()).get()) == Approx(175));
    CHECK(area(c, sym_difference(c, a.get(), b.get()).get()) == Approx(150));
    CHECK(area(c, intersection_prec(c, a.get(), b.get(), 1.0).get()) == Approx(25));
    CHECK(area(c, union_prec(c, a.get(), b.get(), 1.0).get()) == Approx(175));
    CHECK(area(c, difference_prec(c, a.get(), b.get(), 1.0).get()) == Approx(75));
    CHECK(area(c, sym_difference_prec(c, a.get(), b.get(), 1.0).get()) == Approx(150));

    GeomPtr d = from_wkt(c, "POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0))");
    GeomPtr all = union_all(c, {a.get(), b.get(), d.get()});
    CHECK(area(c, all.get()) == Approx(275));
    CHECK(GEOSGetNumGeometries_r(c.get(), all.get()) == 2);
    CHECK(is_empty(c, union_all(c, {}).get()));
    CHECK(area(c, a.get()) == Approx(100));  // inputs are borrowed, not consumed
}

TEST_CASE("Validity report and polygonal repair", "[geom][geos]") {
    GeosContext c;
    GeomPtr ok = from_wkt(c, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    const ValidityReport good = check_validity(c, ok.get());
    CHECK(good.valid);
    CHECK(good.reason.empty());
    CHECK_FALSE(good.has_location);

    GeomPtr bowtie = from_wkt(c, "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))");
    const ValidityReport bad = check_validity(c, bowtie.get());
    CHECK_FALSE(bad.valid);
    CHECK(bad.reason == "Self-intersection");
    REQUIRE(bad.has_location);
    CHECK(bad.x == Approx(5));
    CHECK(bad.y == Approx(5));
    GeomPtr fixed = make_valid_polygonal(c, bowtie.get());
    CHECK(check_validity(c, fixed.get()).valid);
    CHECK(GEOSGeomTypeId_r(c.get(), fixed.get()) == GEOS_MULTIPOLYGON);
    CHECK(area(c, fixed.get()) == Approx(50));

    // A collapsed ring leaves nothing polygonal: an empty polygon, not a line.
    GeomPtr flat = from_wkt(c, "POLYGON ((0 0, 10 0, 20 0, 0 0))");
    CHECK_FALSE(check_validity(c, flat.get()).valid);
    GeomPtr none = make_valid_polygonal(c, flat.get());
    CHECK(is_empty(c, none.get()));
    CHECK(GEOSGeomTypeId_r(c.get(), none.get()) == GEOS_POLYGON);
}

TEST_CASE("canonical_polygonal: one way of writing a shape", "[geom][geos]") {
    GeosContext c;
    auto canon = [&](const char* wkt) {
        auto g = from_wkt(c, wkt);
        auto out = canonical_polygonal(c, g.get());
        CHECK(area(c, out.get()) == area(c, g.get()));   // the same point set
        return to_wkt(c, out.get());
    };
    // A square written from every corner, both ways round, with collinear and repeated vertices.
    const std::string square = canon("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    CHECK(square == "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))");
    for (const char* w : {"POLYGON((10 10,0 10,0 0,10 0,10 10))", "POLYGON((0 0,0 10,10 10,10 0,0 0))",
                          "POLYGON((5 0,10 0,10 10,0 10,0 0,5 0))",               // starts mid-edge
                          "POLYGON((0 0,2 0,5 0,10 0,10 4,10 10,0 10,0 3,0 0))",   // collinear vertices
                          "POLYGON((0 0,10 0,10 0,10 10,0 10,0 0))",              // a repeated point
                          "POLYGON((0 5,0 0,10 0,10 10,0 10,0 5))"})               // starts and ends mid-edge
        CHECK(canon(w) == square);
    // holes and parts too; a triangle keeps its three corners
    CHECK(canon("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 5,2 8,8 8,8 2,2 2))") ==
          canon("POLYGON((10 10,0 10,0 0,10 0,10 10),(8 8,8 2,2 2,2 8,8 8))"));
    CHECK(canon("MULTIPOLYGON(((20 0,30 0,30 5,30 10,20 10,20 0)),((0 0,10 0,10 10,0 10,0 0)))") ==
          canon("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((20 0,30 0,30 10,20 10,20 0)))"));
    CHECK(canon("POLYGON((0 0,10 0,0 10,0 0))") == "POLYGON ((0 0, 0 10, 10 0, 0 0))");
    // a vertex off the line by a millimetre is a corner, not collinear
    CHECK(canon("POLYGON((0 0,5 0.001,10 0,10 10,0 10,0 0))").find("5 0.001") != std::string::npos);
    // other types come back as they are, normalized
    CHECK(canon("LINESTRING(1 1,0 0)") == "LINESTRING (0 0, 1 1)");
}
