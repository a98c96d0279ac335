// R01 批而未供: hand-computable overlays (exact expected areas), slivers, ages, fallbacks,
// order, and a seeded property test (supplied + unsupplied = approved).
#include <algorithm>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "analysis/township.hpp"
#include "analysis/unsupplied.hpp"
#include "layers.hpp"
#include "support/national.hpp"

using namespace tl;
using tl::test::make_layer;
using tl::test::rect;
using tl::test::Row;

namespace {

const Date kAsOf{2023, 12, 31};

analysis::UnsuppliedParams params() {
    analysis::UnsuppliedParams p;
    p.rights = test::national_land_rights();
    p.as_of = kAsOf;
    return p;
}

geom::Layer approvals(geom::GeosContext& c, const std::vector<Row>& rows) {
    return make_layer(c, "approvals", test::approval_keys(), rows);
}
geom::Layer supplies(geom::GeosContext& c, const std::vector<Row>& rows) {
    return make_layer(c, "supplies", test::supply_keys(), rows);
}

Row batch(const std::string& id, const std::string& wkt, const std::string& approved_on = "2020-06-01") {
    return Row{wkt, {{"id", id}, {"name", "批次" + id}, {"doc_no", "浙土字〔2020〕" + id + "号"}, {"approved_on", approved_on}}};
}
Row supply(const std::string& id, const std::string& wkt) { return Row{wkt, {{"id", id}, {"supplied_on", "2021-01-01"}}}; }

const analysis::BatchResult& only(const analysis::UnsuppliedResult& r) {
    REQUIRE(r.batches.size() == 1);
    return r.batches.front();
}

std::int64_t count_kind(const IssueLog& log, const std::string& kind) {
    auto m = log.count_by_kind();
    auto it = m.find(kind);
    return it == m.end() ? 0 : it->second;
}

} // namespace

TEST_CASE("overlapping supplies are counted once", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B1", rect(0, 0, 100, 100))});
    // A: x 0..50, B: x 40..70 (overlaps A by 10 m): union covers x 0..70 = 7000 m².
    auto s = supplies(c, {supply("A", rect(0, 0, 50, 100)), supply("B", rect(40, 0, 70, 100))});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    REQUIRE(r.ran);
    CHECK(r.supply_source == "supplies");
    const auto& b = only(r);
    CHECK(b.approved_area_m2 == Approx(10000.0));
    CHECK(b.supplied_area_m2 == Approx(7000.0));
    CHECK(b.unsupplied_area_m2 == Approx(3000.0));
    CHECK(b.unsupplied_raw_area_m2 == Approx(3000.0));
    CHECK(b.supply_rate == Approx(0.7));
    CHECK(b.supply_ids == std::vector<std::string>{"A", "B"});
    REQUIRE(b.pieces.size() == 1);
    CHECK(r.pieces[b.pieces[0]].area_m2 == Approx(3000.0));
    CHECK(r.pieces[b.pieces[0]].part == 1);
}

TEST_CASE("a supply crossing the batch edge counts only inside; touching counts nothing", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B1", rect(0, 0, 100, 100))});
    auto s = supplies(c, {
        supply("CROSS", rect(80, 0, 120, 50)),     // 20 × 50 = 1000 m² inside
        supply("TOUCH", rect(100, 50, 150, 100)),  // shares the edge x = 100 only
        supply("CORNER", rect(-10, 100, 0, 110)),  // touches at the corner (0, 100)
        supply("FAR", rect(500, 500, 600, 600)),   // not a candidate
    });
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    const auto& b = only(r);
    CHECK(b.supplied_area_m2 == Approx(1000.0));
    CHECK(b.unsupplied_area_m2 == Approx(9000.0));
    CHECK(b.supply_ids == std::vector<std::string>{"CROSS"});
}

TEST_CASE("supplies that miss each other by millimetres leave slivers, dropped and logged", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B1", rect(0, 0, 100, 100))});
    // Left supply ends 2 mm short of the right one: a 0.002 × 100 m gap = 0.2 m² (area sliver).
    // A 0.3 m wide strip along the top, 100 m long = 30 m²: over 10 m², but narrower than
    // 0.5 m everywhere (width sliver).
    auto s = supplies(c, {supply("L", rect(0, 0, 49.998, 99.7)), supply("R", rect(50, 0, 100, 99.7))});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    const auto& b = only(r);
    // The gap and the top strip touch: one polygon of 0.002 × 99.7 + 0.3 × 100 m².
    const double gap = 0.002 * 99.7, strip = 0.3 * 100.0;
    CHECK(b.unsupplied_raw_area_m2 == Approx(gap + strip).epsilon(1e-9));
    CHECK(b.sliver_count == 1);
    CHECK(b.sliver_area_m2 == Approx(gap + strip).epsilon(1e-9));
    CHECK(b.unsupplied_area_m2 == 0.0);
    CHECK(b.pieces.empty());
    CHECK(b.supply_rate == Approx(1.0));
    CHECK(b.supplied_area_m2 + b.unsupplied_area_m2 + b.sliver_area_m2 == Approx(b.approved_area_m2).epsilon(1e-12));
    CHECK(count_kind(issues, "sliver_dropped") == 1);
    const auto rows = issues.sorted();
    const auto it = std::find_if(rows.begin(), rows.end(), [](const Issue& i) { return i.kind == "sliver_dropped"; });
    REQUIRE(it != rows.end());
    CHECK(it->action == IssueAction::dropped);
    CHECK(it->layer == "approvals");
    CHECK(it->feature_id == "B1");
    CHECK(it->x.has_value());
    CHECK(it->detail.find("30.20") != std::string::npos);  // the area, 2 decimals
}

TEST_CASE("sliver thresholds: area and width separately", "[unsupplied]") {
    geom::GeosContext c;
    auto sq = geom::from_wkt(c, rect(0, 0, 3, 3));          // 9 m², 3 m wide
    auto strip = geom::from_wkt(c, rect(0, 0, 200, 0.3));   // 60 m², 0.3 m wide
    auto wide = geom::from_wkt(c, rect(0, 0, 200, 0.6));    // 120 m², 0.6 m wide
    CHECK(analysis::is_sliver(c, sq.get(), 9.0, 10.0, 0.5));
    CHECK_FALSE(analysis::is_sliver(c, sq.get(), 9.0, 5.0, 0.5));
    CHECK(analysis::is_sliver(c, strip.get(), 60.0, 10.0, 0.5));
    CHECK_FALSE(analysis::is_sliver(c, strip.get(), 60.0, 10.0, 0.0));  // width test off
    CHECK_FALSE(analysis::is_sliver(c, wide.get(), 120.0, 10.0, 0.5));
    CHECK(analysis::is_sliver(c, wide.get(), 120.0, 10.0, 0.7));
}

TEST_CASE("a gap wider than the thresholds is a piece", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B1", rect(0, 0, 100, 100))});
    auto s = supplies(c, {supply("L", rect(0, 0, 49, 100)), supply("R", rect(50, 0, 100, 100))});  // 1 m × 100 m
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    const auto& b = only(r);
    CHECK(b.unsupplied_area_m2 == Approx(100.0));
    CHECK(b.sliver_count == 0);
    REQUIRE(b.pieces.size() == 1);
    CHECK(count_kind(issues, "sliver_dropped") == 0);
}

TEST_CASE("multi-part batch: each unsupplied polygon is a piece, in spatial order", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("M", "MULTIPOLYGON(((200 0,300 0,300 100,200 100,200 0)),((0 0,100 0,100 100,0 100,0 0)),"
                                      "((400 0,420 0,420 20,400 20,400 0)))")});
    // Supply covers the middle part entirely and half of the first.
    auto s = supplies(c, {supply("S", rect(50, 0, 300, 100))});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    const auto& b = only(r);
    CHECK(b.approved_area_m2 == Approx(20400.0));
    CHECK(b.supplied_area_m2 == Approx(15000.0));
    CHECK(b.unsupplied_area_m2 == Approx(5400.0));
    REQUIRE(b.pieces.size() == 2);
    CHECK(r.pieces[b.pieces[0]].area_m2 == Approx(5000.0));   // x 0..50 comes first
    CHECK(r.pieces[b.pieces[1]].area_m2 == Approx(400.0));    // x 400..420
    CHECK(r.pieces[b.pieces[1]].part == 2);
}

TEST_CASE("batch with a hole: the hole is not approved land", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("H", "POLYGON((0 0,100 0,100 100,0 100,0 0),(40 40,60 40,60 60,40 60,40 40))")});
    // Supply over the hole and around it: 40 × 40 − 20 × 20 = 1200 m² inside the batch.
    auto s = supplies(c, {supply("S", rect(30, 30, 70, 70))});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    const auto& b = only(r);
    CHECK(b.approved_area_m2 == Approx(9600.0));
    CHECK(b.supplied_area_m2 == Approx(1200.0));
    CHECK(b.unsupplied_area_m2 == Approx(8400.0));
    REQUIRE(b.pieces.size() == 1);
    // The piece has the bigger hole (30..70).
    const auto* piece = r.pieces[b.pieces[0]].geom.get();
    CHECK(GEOSGetNumInteriorRings_r(c.get(), piece) == 1);
    // A supply wholly inside the hole touches nothing of the batch.
    auto s2 = supplies(c, {supply("IN_HOLE", rect(45, 45, 55, 55))});
    const auto r2 = analysis::find_unsupplied(c, a, &s2, nullptr, analysis::TownshipLookup{}, params(), issues);
    CHECK(only(r2).supplied_area_m2 == 0.0);
    CHECK(only(r2).unsupplied_area_m2 == Approx(9600.0));
    CHECK(only(r2).supply_ids.empty());
}

TEST_CASE("no supply at all: the whole batch is unsupplied", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B", rect(0, 0, 10, 20))});
    auto s = supplies(c, {});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    CHECK(only(r).unsupplied_area_m2 == Approx(200.0));
    CHECK(only(r).supply_rate == 0.0);
}

TEST_CASE("age buckets follow the legal counting of years", "[unsupplied][date]") {
    geom::GeosContext c;
    IssueLog issues;
    // as_of 2023-12-31. Five years after 2018-12-31 run out at the end of 2023-12-31 (届满).
    auto a = approvals(c, {
        batch("A", rect(0, 0, 10, 10), "2018-12-31"),   // 5 years  -> ≥5年
        batch("B", rect(0, 0, 10, 10), "2019-01-01"),   // 4 years  -> 2–5年 (5th year ends 2024-01-01)
        batch("C", rect(0, 0, 10, 10), "2021-12-31"),   // 2 years  -> 2–5年
        batch("D", rect(0, 0, 10, 10), "2022-01-01"),   // 1 year   -> <2年
        batch("E", rect(0, 0, 10, 10), "2023-12-31"),   // 0        -> <2年
        batch("F", rect(0, 0, 10, 10), "2022-02-30"),   // not a date -> 日期不详
        batch("G", rect(0, 0, 10, 10), ""),             // missing    -> 日期不详
        batch("H", rect(0, 0, 10, 10), "2024-01-01"),   // after as_of -> left out
        batch("I", rect(0, 0, 10, 10), "NULL"),         // placeholder -> missing
    });
    auto s = supplies(c, {});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    REQUIRE(r.bucket_labels_zh == std::vector<std::string>{"<2年", "2–5年", "≥5年"});
    REQUIRE(r.bucket_labels_en == std::vector<std::string>{"<2 y", "2–5 y", "≥5 y"});
    REQUIRE(r.batches.size() == 8);
    std::map<std::string, int> bucket;
    std::map<std::string, int> age;
    for (const auto& b : r.batches) {
        bucket[b.id] = b.age_bucket;
        age[b.id] = b.age_years.value_or(-1);
    }
    CHECK(bucket["A"] == 2);
    CHECK(age["A"] == 5);
    CHECK(bucket["B"] == 1);
    CHECK(age["B"] == 4);
    CHECK(bucket["C"] == 1);
    CHECK(bucket["D"] == 0);
    CHECK(bucket["E"] == 0);
    CHECK(bucket["F"] == -1);
    CHECK(bucket["G"] == -1);
    CHECK(bucket["I"] == -1);
    CHECK(bucket.count("H") == 0);
    CHECK(r.batches_after_as_of == 1);
    CHECK(count_kind(issues, "bad_date") == 1);
    CHECK(count_kind(issues, "missing_date") == 2);
    CHECK(count_kind(issues, "after_as_of") == 1);

    // The day after as_of moves B to ≥5年; 29 Feb approvals age on 28 Feb.
    auto p = params();
    p.as_of = Date{2024, 1, 1};
    const auto r2 = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, p, issues);
    for (const auto& b : r2.batches) {
        if (b.id == "B") CHECK(b.age_bucket == 2);
    }
    auto leap = approvals(c, {batch("L", rect(0, 0, 10, 10), "2020-02-29")});
    p.as_of = Date{2022, 2, 27};
    CHECK(only(analysis::find_unsupplied(c, leap, &s, nullptr, analysis::TownshipLookup{}, p, issues)).age_bucket == 0);
    p.as_of = Date{2022, 2, 28};
    CHECK(only(analysis::find_unsupplied(c, leap, &s, nullptr, analysis::TownshipLookup{}, p, issues)).age_bucket == 1);
}

TEST_CASE("age bucket edges are configurable", "[unsupplied][date]") {
    CHECK(analysis::age_bucket({1, 3, 10}, 0) == 0);
    CHECK(analysis::age_bucket({1, 3, 10}, 1) == 1);
    CHECK(analysis::age_bucket({1, 3, 10}, 9) == 2);
    CHECK(analysis::age_bucket({1, 3, 10}, 10) == 3);
    CHECK(analysis::age_bucket_labels_zh({1, 3, 10}) == std::vector<std::string>{"<1年", "1–3年", "3–10年", "≥10年"});
}

TEST_CASE("supplies after as_of are not supplied", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B", rect(0, 0, 100, 100))});
    auto s = supplies(c, {Row{rect(0, 0, 50, 100), {{"id", "LATE"}, {"supplied_on", "2024-03-01"}}},
                          Row{rect(50, 0, 100, 100), {{"id", "NODATE"}}}});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    CHECK(only(r).supplied_area_m2 == Approx(5000.0));
    CHECK(only(r).supply_ids == std::vector<std::string>{"NODATE"});
    CHECK(count_kind(issues, "after_as_of") == 0);   // logged by find_idle (once), not here
}

TEST_CASE("without supplies, parcels with a supply tenure stand in", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto a = approvals(c, {batch("B", rect(0, 0, 100, 100))});
    const std::vector<std::string> keys{"id", "owner", "tenure"};
    auto parcels = make_layer(c, "parcels", keys, {
        Row{rect(0, 0, 30, 100), {{"id", "P1"}, {"owner", "甲公司"}, {"tenure", "出让"}}},
        Row{rect(30, 0, 60, 100), {{"id", "P2"}, {"owner", "某村集体"}, {"tenure", "集体土地所有权"}}},
        Row{rect(60, 0, 80, 100), {{"id", "P3"}, {"owner", "县交通局"}, {"tenure", "国有建设用地使用权/划拨"}}},
        Row{rect(80, 0, 100, 100), {{"id", "P4"}, {"owner", "乙公司"}}},   // tenure unknown: not supplied
    });
    const auto r = analysis::find_unsupplied(c, a, nullptr, &parcels, analysis::TownshipLookup{}, params(), issues);
    REQUIRE(r.ran);
    CHECK(r.supply_source == "parcels");
    CHECK(only(r).supplied_area_m2 == Approx(5000.0));
    CHECK(only(r).supply_ids == std::vector<std::string>{"P1", "P3"});
    CHECK(count_kind(issues, "supply_source_parcels") == 1);

    // The supplies layer wins when present, even if parcels could stand in.
    auto s = supplies(c, {supply("S", rect(0, 0, 10, 100))});
    const auto r2 = analysis::find_unsupplied(c, a, &s, &parcels, analysis::TownshipLookup{}, params(), issues);
    CHECK(r2.supply_source == "supplies");
    CHECK(only(r2).supplied_area_m2 == Approx(1000.0));

    // Parcels without a tenure column cannot stand in: not run, and said so.
    auto bare = make_layer(c, "parcels", {"id", "owner"}, {Row{rect(0, 0, 30, 100), {{"id", "P1"}, {"owner", "甲"}}}});
    IssueLog log2;
    const auto r3 = analysis::find_unsupplied(c, a, nullptr, &bare, analysis::TownshipLookup{}, params(), log2);
    CHECK_FALSE(r3.ran);
    CHECK(r3.batches.empty());
    CHECK(count_kind(log2, "unsupplied_skipped") == 1);
}

TEST_CASE("township of largest overlap", "[unsupplied][township]") {
    geom::GeosContext c;
    IssueLog issues;
    auto towns = make_layer(c, "townships", {"id", "name"}, {
        Row{rect(-1000, -1000, 30, 1000), {{"id", "330001"}, {"name", "东城街道"}}},
        Row{rect(30, -1000, 1000, 1000), {{"id", "330002"}, {"name", "西岙镇"}}},
    });
    const analysis::TownshipLookup lookup(towns);
    auto a = approvals(c, {batch("B", rect(0, 0, 100, 100)), batch("C", rect(-100, 0, -50, 10)),
                           batch("OUT", rect(5000, 5000, 5010, 5010))});
    auto s = supplies(c, {});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, lookup, params(), issues);
    REQUIRE(r.batches.size() == 3);
    CHECK(r.batches[0].id == "B");
    CHECK(r.batches[0].township == "西岙镇");     // 70 % there
    CHECK(r.batches[0].township_id == "330002");
    CHECK(r.batches[1].township == "东城街道");
    CHECK(r.batches[2].township.empty());
    auto b = geom::from_wkt(c, rect(0, 0, 100, 100));
    const auto t = lookup.find(c, b.get());
    REQUIRE(t);
    CHECK(t->share == Approx(0.7));
    CHECK(t->overlap_m2 == Approx(7000.0));
}

TEST_CASE("batches come out sorted by id, then fid; areas mismatching PZMJ are noted", "[unsupplied]") {
    geom::GeosContext c;
    IssueLog issues;
    auto rows = std::vector<Row>{batch("B2", rect(0, 0, 10, 10)), batch("B1", rect(0, 0, 20, 10)), batch("B1", rect(0, 0, 30, 10))};
    rows[0].values["approved_area_m2"] = "100";      // matches
    rows[1].values["approved_area_m2"] = "300";      // geometric 200: 50 % off
    auto a = approvals(c, rows);
    auto s = supplies(c, {});
    const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
    REQUIRE(r.batches.size() == 3);
    CHECK(r.batches[0].id == "B1");
    CHECK(r.batches[0].fid == 1);
    CHECK(r.batches[1].id == "B1");
    CHECK(r.batches[1].fid == 2);
    CHECK(r.batches[2].id == "B2");
    CHECK(r.batches[0].registered_area_m2 == Approx(300.0));
    CHECK_FALSE(r.batches[1].registered_area_m2.has_value());
    CHECK(count_kind(issues, "area_mismatch") == 1);
}

TEST_CASE("OverlapIndex: exact candidates, ties to the lower position, null geometries skipped", "[township]") {
    geom::GeosContext c;
    auto a = geom::from_wkt(c, rect(0, 0, 10, 10));
    auto b = geom::from_wkt(c, rect(10, 0, 20, 10));     // touches a's right edge
    auto d = geom::from_wkt(c, rect(0, 0, 10, 10));      // same as a
    auto diamond = geom::from_wkt(c, "POLYGON((30 25,35 30,30 35,25 30,30 25))");  // envelope meets the query box only
    const analysis::OverlapIndex index(c, {a.get(), nullptr, b.get(), d.get(), diamond.get()});
    CHECK(index.size() == 5);
    auto q = geom::from_wkt(c, rect(5, 5, 26, 26));
    CHECK(index.envelope_candidates(geom::envelope(c, q.get())) == std::vector<std::size_t>{0, 2, 3, 4});
    CHECK(index.intersecting(c, q.get()) == std::vector<std::size_t>{0, 2, 3});   // the diamond misses
    auto left = geom::from_wkt(c, rect(2, 2, 8, 8));
    const auto best = index.largest_overlap(c, left.get());
    REQUIRE(best);
    CHECK(best->index == 0);                              // a and d tie: the lower position wins
    CHECK(best->share == Approx(1.0));
    auto edge = geom::from_wkt(c, "LINESTRING(10 0,10 10)");
    CHECK_FALSE(index.largest_overlap(c, edge.get()));    // touching is not overlapping
}

// Property (style.md §6.9): for random batches and supplies, supplied + unsupplied = approved,
// unsupplied + slivers = raw difference, and every piece lies inside its batch.
TEST_CASE("property: supplied + unsupplied = approved", "[unsupplied][property]") {
    geom::GeosContext c;
    std::mt19937 rng(20231231u);  // named seed: the default as_of
    std::uniform_real_distribution<double> pos(0.0, 1000.0), size(5.0, 300.0), angle(0.0, 3.14159265358979);
    auto random_polygon = [&]() {
        // A rotated rectangle, sometimes with a square bite out (a hole or a notch).
        const double cx = pos(rng), cy = pos(rng), w = size(rng), h = size(rng), t = angle(rng);
        auto corner = [&](double dx, double dy) {
            return std::to_string(cx + dx * std::cos(t) - dy * std::sin(t)) + " " + std::to_string(cy + dx * std::sin(t) + dy * std::cos(t));
        };
        std::string wkt = "POLYGON((" + corner(-w / 2, -h / 2) + "," + corner(w / 2, -h / 2) + "," + corner(w / 2, h / 2) + "," +
                          corner(-w / 2, h / 2) + "," + corner(-w / 2, -h / 2) + ")";
        if (rng() % 3 == 0) {
            const double q = std::min(w, h) / 4;
            wkt += ",(" + corner(-q, -q) + "," + corner(-q, q) + "," + corner(q, q) + "," + corner(q, -q) + "," + corner(-q, -q) + ")";
        }
        return wkt + ")";
    };
    int nontrivial = 0, with_slivers = 0;
    for (int round = 0; round < 20; ++round) {
        std::vector<Row> brows, srows;
        for (int i = 0; i < 15; ++i) brows.push_back(batch("B" + std::to_string(i), random_polygon()));
        for (int i = 0; i < 60; ++i) srows.push_back(supply("S" + std::to_string(i), random_polygon()));
        auto a = approvals(c, brows);
        auto s = supplies(c, srows);
        IssueLog issues;
        const auto r = analysis::find_unsupplied(c, a, &s, nullptr, analysis::TownshipLookup{}, params(), issues);
        REQUIRE(r.batches.size() == brows.size());
        CHECK(r.batches_failed == 0);
        for (const auto& b : r.batches) {
            CHECK(b.supplied_area_m2 + b.unsupplied_raw_area_m2 == Approx(b.approved_area_m2).epsilon(1e-6));
            CHECK(b.unsupplied_area_m2 + b.sliver_area_m2 == Approx(b.unsupplied_raw_area_m2).epsilon(1e-9).margin(1e-9));
            CHECK(b.supply_rate >= 0.0);
            CHECK(b.supply_rate <= 1.0 + 1e-12);
            if (b.supplied_area_m2 > 0 && b.unsupplied_area_m2 > 0) ++nontrivial;
            if (b.sliver_count > 0) ++with_slivers;
            const auto* bg = a.features[b.feature].geom.get();
            double pieces = 0;
            for (std::size_t k : b.pieces) {
                const auto* pg = r.pieces[k].geom.get();
                pieces += r.pieces[k].area_m2;
                CHECK(geom::area(c, geom::difference(c, pg, bg).get()) <= 1e-6 * r.pieces[k].area_m2 + 1e-9);
            }
            CHECK(pieces == Approx(b.unsupplied_area_m2).margin(1e-9));
        }
    }
    // The test must have tested something: partly supplied batches, and some slivers.
    CHECK(nontrivial >= 50);
    INFO("batches with slivers: " << with_slivers);
}
