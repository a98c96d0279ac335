// Our GEOS wrappers against published answers: the GEOS project's own XMLTester cases
// (shared/realdata/geos-xml, LGPL-2.1 test data), read with GDAL's CPLParseXMLString.
//
// Overlay (TestOverlayAA.xml, TestNGOverlayA.xml, TestNGOverlayAPrec.xml): every case whose two
// inputs are polygonal, every overlay op in it (intersection, difference, union, symdifference
// and their NG / SR forms), run through geom::intersection/... (or the *_prec wrappers with
// grid = 1/scale, where the case or the op gives a precision scale: a <precisionModel scale=..>
// element, or the op's arg3, which is how the ...Prec file writes it). The result must match the
// expected geometry:
//   - area: area(actual Δ expected) <= kAreaTol · (area(A) + area(B)), compared on the
//     polygonal parts (ring start, ring order and part order may differ, so WKT text is not
//     compared). kAreaTol = 1e-9: the expected WKT prints intersection points with a finite
//     number of digits, and floating-point noise in computed vertices of slanted edges is of
//     the order of 1e-15 relative per coordinate; 1e-9 is far above that noise and far below
//     any real topological difference (the smallest polygon in these files is about 1e-3 of
//     the input area). On Debian 12 / GEOS 3.11.1 the worst difference observed is exactly 0
//     (printed by each test), so the tolerance only absorbs other platforms' last-bit noise.
//     Checked to bite: swapping intersection for union fails 65 assertions.
//   - lower-dimensional parts (lines and points that intersections produce): total length of
//     (actual lines Δ expected lines) <= kAreaTol · perimeter, and the same points.
// Validity (TestValid.xml): every case's published isValid answer, exactly; and every invalid
// polygonal case repaired by make_valid_polygonal is valid.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include <cpl_minixml.h>

#include "core/errors.hpp"
#include "geom/geos.hpp"
#include "support/paths.hpp"

using namespace tl;
using namespace tl::geom;

namespace {

constexpr double kAreaTol = 1e-9;

struct XmlDeleter {
    void operator()(CPLXMLNode* n) const noexcept { CPLDestroyXMLNode(n); }
};
using XmlPtr = std::unique_ptr<CPLXMLNode, XmlDeleter>;

XmlPtr load_xml(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    XmlPtr root{CPLParseXMLString(s.str().c_str())};
    REQUIRE(root);
    return root;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Element children of `node` named `name`.
std::vector<const CPLXMLNode*> children(const CPLXMLNode* node, const char* name) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* n = node ? node->psChild : nullptr; n; n = n->psNext) {
        if (n->eType == CXT_Element && std::string(n->pszValue) == name) out.push_back(n);
    }
    return out;
}

// The <run> element (the document may start with a comment or a declaration).
const CPLXMLNode* find_run(const CPLXMLNode* root) {
    for (const CPLXMLNode* n = root; n; n = n->psNext) {
        if (n->eType == CXT_Element && std::string(n->pszValue) == "run") return n;
    }
    FAIL("no <run> element");
    return nullptr;
}

std::string text_of(const CPLXMLNode* node) { return trim(CPLGetXMLValue(node, nullptr, "")); }

// precision scale from <precisionModel scale=".." type="FIXED"/>; 0 = floating.
double precision_scale(const CPLXMLNode* node) {
    const auto pm = children(node, "precisionModel");
    if (pm.empty()) return 0;
    const std::string type = lower(CPLGetXMLValue(pm[0], "type", ""));
    if (type == "floating" || type == "floating_single") return 0;
    return std::atof(CPLGetXMLValue(pm[0], "scale", "0"));
}

bool is_polygonal(GeosContext& c, const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(c.get(), g);
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

// Parts of g of one dimension (0 points, 1 lines, 2 polygons), unioned (so that the noding or
// order of parts does not matter).
GeomPtr parts_of_dimension(GeosContext& c, const GEOSGeometry* g, int dim) {
    std::vector<const GEOSGeometry*> parts;
    std::vector<const GEOSGeometry*> stack{g};
    while (!stack.empty()) {
        const GEOSGeometry* cur = stack.back();
        stack.pop_back();
        const int t = GEOSGeomTypeId_r(c.get(), cur);
        if (t == GEOS_MULTIPOINT || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0; i < GEOSGetNumGeometries_r(c.get(), cur); ++i) stack.push_back(GEOSGetGeometryN_r(c.get(), cur, i));
            continue;
        }
        const int d = (t == GEOS_POINT) ? 0 : (t == GEOS_POLYGON) ? 2 : 1;
        if (d == dim && GEOSisEmpty_r(c.get(), cur) != 1) parts.push_back(cur);
    }
    return union_all(c, parts);
}

enum class Op { intersection, difference, union_, symdifference };

std::optional<Op> op_of(const std::string& name) {
    std::string n = lower(name);
    for (const char* suffix : {"ng", "sr"}) {
        if (n.size() > 2 && n.compare(n.size() - 2, 2, suffix) == 0) n.resize(n.size() - 2);
    }
    if (n == "intersection") return Op::intersection;
    if (n == "difference") return Op::difference;
    if (n == "union") return Op::union_;
    if (n == "symdifference") return Op::symdifference;
    return std::nullopt;
}

GeomPtr run_op(GeosContext& c, Op op, const GEOSGeometry* a, const GEOSGeometry* b, double grid) {
    if (grid > 0) {
        switch (op) {
            case Op::intersection: return intersection_prec(c, a, b, grid);
            case Op::difference: return difference_prec(c, a, b, grid);
            case Op::union_: return union_prec(c, a, b, grid);
            case Op::symdifference: return sym_difference_prec(c, a, b, grid);
        }
    }
    switch (op) {
        case Op::intersection: return intersection(c, a, b);
        case Op::difference: return difference(c, a, b);
        case Op::union_: return union_(c, a, b);
        case Op::symdifference: return sym_difference(c, a, b);
    }
    return nullptr;
}

struct OverlayTally {
    int cases = 0;            // cases with two polygonal inputs
    int ops = 0;              // overlay ops run and compared
    int polygonal_results = 0;  // ops whose expected result has area (the non-trivial comparisons)
    int lower_dim_results = 0;  // ops whose expected result has lines or points
    int prec_ops = 0;         // ops run with a precision grid
    int skipped_cases = 0;    // cases with a non-polygonal input (none expected in these files)
    double worst = 0;         // largest area(actual Δ expected) / input area seen
};

OverlayTally run_overlay_file(const std::string& file) {
    GeosContext c;
    OverlayTally tally;
    XmlPtr root = load_xml(tl::test::realdata("geos-xml/" + file));
    const CPLXMLNode* run = find_run(root.get());
    const double run_scale = precision_scale(run);
    int case_no = 0;
    for (const CPLXMLNode* kase : children(run, "case")) {
        ++case_no;
        const std::string desc = trim(CPLGetXMLValue(kase, "desc", ""));
        GeomPtr a = from_wkt(c, text_of(children(kase, "a").at(0)));
        GeomPtr b = from_wkt(c, text_of(children(kase, "b").at(0)));
        if (!is_polygonal(c, a.get()) || !is_polygonal(c, b.get())) {
            ++tally.skipped_cases;
            continue;
        }
        ++tally.cases;
        const double case_scale = precision_scale(kase) > 0 ? precision_scale(kase) : run_scale;
        const double input_area = area(c, a.get()) + area(c, b.get());
        const double input_length = length(c, a.get()) + length(c, b.get());
        for (const CPLXMLNode* test : children(kase, "test")) {
            for (const CPLXMLNode* opnode : children(test, "op")) {
                const std::string name = CPLGetXMLValue(opnode, "name", "");
                const auto op = op_of(name);
                if (!op) continue;
                const bool a_first = lower(CPLGetXMLValue(opnode, "arg1", "A")) == "a";
                const double scale = std::atof(CPLGetXMLValue(opnode, "arg3", "0")) > 0
                                         ? std::atof(CPLGetXMLValue(opnode, "arg3", "0"))
                                         : case_scale;
                const double grid = scale > 0 ? 1.0 / scale : 0.0;
                const GEOSGeometry* x = a_first ? a.get() : b.get();
                const GEOSGeometry* y = a_first ? b.get() : a.get();
                INFO(file << " case " << case_no << " (" << desc << "): " << name << "(" << (a_first ? "A, B" : "B, A") << ")"
                          << (grid > 0 ? " grid " + std::to_string(grid) : std::string{}));
                GeomPtr expected = from_wkt(c, text_of(opnode));
                GeomPtr actual = run_op(c, *op, x, y, grid);
                ++tally.ops;
                if (grid > 0) ++tally.prec_ops;
                INFO("expected " << to_wkt(c, expected.get()) << "\nactual   " << to_wkt(c, actual.get()));

                GeomPtr ea = parts_of_dimension(c, expected.get(), 2);
                GeomPtr aa = parts_of_dimension(c, actual.get(), 2);
                if (area(c, ea.get()) > 0) ++tally.polygonal_results;
                const double diff = area(c, sym_difference(c, ea.get(), aa.get()).get());
                CHECK(diff <= kAreaTol * input_area);
                tally.worst = std::max(tally.worst, diff / input_area);

                GeomPtr el = parts_of_dimension(c, expected.get(), 1);
                GeomPtr al = parts_of_dimension(c, actual.get(), 1);
                GeomPtr ep = parts_of_dimension(c, expected.get(), 0);
                GeomPtr ap = parts_of_dimension(c, actual.get(), 0);
                if (!is_empty(c, el.get()) || !is_empty(c, ep.get())) ++tally.lower_dim_results;
                CHECK(length(c, sym_difference(c, el.get(), al.get()).get()) <= kAreaTol * input_length);
                CHECK(is_empty(c, sym_difference(c, ep.get(), ap.get()).get()));
            }
        }
    }
    return tally;
}

} // namespace

TEST_CASE("GEOS XML: TestOverlayAA.xml through our overlay wrappers", "[geom][geos][xml]") {
    const OverlayTally t = run_overlay_file("TestOverlayAA.xml");
    WARN("TestOverlayAA.xml: " << t.cases << " polygon cases, " << t.ops << " ops (" << t.polygonal_results
                               << " with area, " << t.lower_dim_results << " with lines/points); worst relative area difference " << t.worst);
    CHECK(t.skipped_cases == 0);
    REQUIRE(t.cases >= 13);
    REQUIRE(t.ops >= 44);
    REQUIRE(t.polygonal_results >= 30);
}

TEST_CASE("GEOS XML: TestNGOverlayA.xml through our overlay wrappers", "[geom][geos][xml]") {
    const OverlayTally t = run_overlay_file("TestNGOverlayA.xml");
    WARN("TestNGOverlayA.xml: " << t.cases << " polygon cases, " << t.ops << " ops (" << t.polygonal_results
                                << " with area, " << t.lower_dim_results << " with lines/points); worst relative area difference " << t.worst);
    CHECK(t.skipped_cases == 0);
    REQUIRE(t.cases >= 20);
    REQUIRE(t.ops >= 88);
    REQUIRE(t.polygonal_results >= 50);
}

TEST_CASE("GEOS XML: TestNGOverlayAPrec.xml through the *_prec wrappers", "[geom][geos][xml]") {
    const OverlayTally t = run_overlay_file("TestNGOverlayAPrec.xml");
    WARN("TestNGOverlayAPrec.xml: " << t.cases << " polygon cases, " << t.ops << " ops (" << t.prec_ops << " on a grid, "
                                    << t.polygonal_results << " with area, " << t.lower_dim_results << " with lines/points); worst relative area difference " << t.worst);
    CHECK(t.skipped_cases == 0);
    REQUIRE(t.cases >= 12);
    REQUIRE(t.ops >= 60);
    REQUIRE(t.prec_ops == t.ops);  // every op in this file carries its precision
    REQUIRE(t.polygonal_results >= 30);
}

TEST_CASE("GEOS XML: TestValid.xml validity, exactly as published, and repair", "[geom][geos][xml]") {
    GeosContext c;
    XmlPtr root = load_xml(tl::test::realdata("geos-xml/TestValid.xml"));
    const CPLXMLNode* run = find_run(root.get());
    int cases = 0, judged = 0, invalid = 0, repaired_polygonal = 0, repaired_empty = 0;
    for (const CPLXMLNode* kase : children(run, "case")) {
        ++cases;
        const std::string desc = trim(CPLGetXMLValue(kase, "desc", ""));
        const std::string wkt = text_of(children(kase, "a").at(0));
        INFO("case " << cases << " (" << desc << "): " << wkt);
        GeomPtr a = from_wkt(c, wkt);
        for (const CPLXMLNode* test : children(kase, "test")) {
            for (const CPLXMLNode* opnode : children(test, "op")) {
                if (lower(CPLGetXMLValue(opnode, "name", "")) != "isvalid") continue;
                const std::string want = lower(text_of(opnode));
                REQUIRE((want == "true" || want == "false"));
                const ValidityReport r = check_validity(c, a.get());
                CHECK(r.valid == (want == "true"));
                ++judged;
                if (r.valid) continue;
                ++invalid;
                CHECK_FALSE(r.reason.empty());
                if (!is_polygonal(c, a.get())) continue;
                GeomPtr fixed = make_valid_polygonal(c, a.get());
                CHECK(check_validity(c, fixed.get()).valid);
                CHECK(is_polygonal(c, fixed.get()));
                if (is_empty(c, fixed.get())) {
                    ++repaired_empty;
                } else {
                    ++repaired_polygonal;
                }
            }
        }
    }
    WARN("TestValid.xml: " << cases << " cases, " << judged << " judged, " << invalid << " invalid; "
                           << repaired_polygonal + repaired_empty << " invalid polygonal cases repaired ("
                           << repaired_empty << " to empty)");
    REQUIRE(cases == 87);
    REQUIRE(judged == 87);
    REQUIRE(invalid >= 40);
    REQUIRE(repaired_polygonal >= 20);
}
