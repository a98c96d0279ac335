// 批而未供 (approved but not supplied), rule R01 (domain.md §2, §10 R01).
//
// WHAT IS MEASURED
// For every approval batch (layer "approvals", one feature = one batch polygon, multi-part and
// holed polygons allowed) independently of the other batches:
//
//     supplied_m2   = area( batch ∩ ∪{ supply ∩ batch : supply intersects batch } )
//     unsupplied    = batch − ∪{ supply ∩ batch }                (GEOS OverlayNG, no snapping)
//
// which is what PostGIS gives with
//     ST_Difference(b.geom, ST_Union(ST_CollectionExtract(ST_Intersection(s.geom, b.geom), 3)))
// over the supplies with ST_Intersects(s.geom, b.geom) — and tests/e2e/unsupplied_postgis.sh
// checks that we agree with it within 0.01 m² per batch. Supplies are found with an R-tree over
// envelopes and tested exactly with the batch's prepared geometry; each intersection keeps its
// polygonal part only (a supply that merely touches the batch contributes nothing). Supplies
// may overlap each other (the union counts shared ground once) and may cross the batch edge
// (only the part inside counts). We do not snap: the robust overlay inside GEOS decides, and
// the narrow gaps left by supplies drawn a few millimetres off the batch line become slivers
// (below).
//
// PIECES AND SLIVERS
// Each polygon of the unsupplied geometry is one piece (the features of unsupplied.geojson).
// A piece is a SLIVER, dropped from the reported unsupplied area, when
//     area < sliver_min_area_m2                                  (R01 min_sliver_m2), OR
//     it is nowhere at least sliver_min_width_m wide, measured by a NEGATIVE BUFFER: the piece
//     buffered inward by sliver_min_width_m / 2 is empty (= its largest inscribed circle has a
//     diameter below sliver_min_width_m). This catches long thin strips along a supply boundary
//     that a pure area test keeps (a 200 m × 0.3 m strip has 60 m²).
// Slivers are judged per piece: a hairline gap (two supplies drawn 3 mm apart) that runs into a
// real unsupplied piece (e.g. the road between them) stays part of that piece; it adds only
// length × gap (0.3 m² for 100 m × 3 mm) and is kept so that our areas stay those of the plain
// overlay that PostGIS reproduces.
// Every dropped sliver is counted in the batch result and logged as an issue (layer
// "approvals", kind "sliver_dropped", action "dropped", with its area, width test and
// location), never silently. The sliver area is neither supplied nor unsupplied:
//     approved_area_m2 = supplied_area_m2 + unsupplied_area_m2 + sliver_area_m2  (exactly up to
// floating point), and the supply rate treats slivers as boundary noise of supplied land:
//     supply_rate = 1 − unsupplied_area_m2 / approved_area_m2.
//
// AGE
// age_years = whole years from approved_on to as_of by the legal counting of domain.md §0
// (core/date.hpp whole_years_between: a year is complete at the end of its corresponding day;
// 29 Feb → 28 Feb). Bucket edges (DEFAULT 2, 5) give "<2年", "2–5年", "≥5年": a batch is in
// "≥5年" from the day period_elapsed_years(approved_on, 5, as_of) becomes true ("以上" includes
// the number, 《民法典》第1259条). A batch whose approved_on is missing or does not parse goes to
// the bucket "日期不详" ("date unknown") with an issue (missing: kind "missing_date" logged here;
// unparseable: kind "bad_date" logged by geom::Layer::date) — never dropped, never guessed.
//
// AS OF
// A batch approved after as_of was not approved on that date: it is left out, with an issue
// (kind "after_as_of", action "note"). A supply whose supplied_on is after as_of does not count
// as supplied (its "after_as_of" issue is logged once, by find_idle in idle.hpp, which owns the
// supply records). Supplies without a supplied_on date count as supplied.
//
// WITHOUT A SUPPLIES LAYER
// supply_source = auto (DEFAULT) uses the supplies layer when the project has one, else the
// PARCELS whose `tenure` (权利性质, QLXZ) reads as supplied under the profile's [land_rights]
// (analysis/land_rights.hpp: contains a supply form — 出让, 划拨, ... — and no "未供"-like
// word): a parcel with such a tenure has had its supply formalities done. `owner`
// is NOT used (a collective or a village can be an owner without any supply). The choice is
// reported in UnsuppliedResult::supply_source and as an issue note (layer "project", kind
// "supply_source_parcels"). With neither supplies nor a bound parcels.tenure column the
// analysis does not run (ran = false, skipped_reason says why, issue "unsupplied_skipped"):
// reporting every batch as 100 % unsupplied would be false.
//
// FAILURES
// A GEOS failure on one batch is an issue (kind "overlay_failed", action "rejected") and that
// batch is left out of the results; the run goes on.
//
// ORDER
// Batches are sorted by (batch id, fid); pieces by (batch, then position in the batch:
// ascending min x, min y of the piece's envelope, then area). Output is identical for
// identical input.
#pragma once
#include "analysis/land_rights.hpp"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"
#include "analysis/township.hpp"

namespace tl::analysis {

enum class SupplySource { auto_, supplies, parcels };

struct UnsuppliedParams {
    // The date the analysis speaks for (project as_of / --as-of). Required.
    Date as_of;
    // Pieces smaller than this are slivers. DEFAULT: 10 m² (domain.md R01 min_sliver_m2).
    double sliver_min_area_m2 = 10.0;
    // Pieces nowhere this wide are slivers (negative buffer by half of it leaves nothing);
    // 0 disables the width test. DEFAULT: 0.5 m (well above the 0.2 m 界址点 tolerance of R15,
    // well below any usable strip of land).
    double sliver_min_width_m = 0.5;
    unsigned threads = 0;                      // overlay workers; DEFAULT 0 = all cores (results do not depend on it)
    // Age bucket edges in whole years, ascending, each counted by the legal rule
    // (period_elapsed_years). DEFAULT: {2, 5} → "<2年", "2–5年", "≥5年" (domain.md §2, [I]).
    std::vector<int> age_edges_years{2, 5};
    // Where "supplied" comes from (see WITHOUT A SUPPLIES LAYER). DEFAULT: auto.
    SupplySource supply_source = SupplySource::auto_;
    // Tenure vocabularies (profile [land_rights]) for parcels standing in for supplies.
    LandRights rights;
    // A note is logged when the registered area (PZMJ) differs from the geometric area by more
    // than this fraction of the geometric area. DEFAULT: 0.05 (5 %). Negative disables.
    double registered_area_tolerance = 0.05;
}; // struct UnsuppliedParams

// Age bucket labels for the edges: {"<2年", "2–5年", "≥5年"} / {"<2 y", "2–5 y", "≥5 y"}.
std::vector<std::string> age_bucket_labels_zh(const std::vector<int>& edges);
std::vector<std::string> age_bucket_labels_en(const std::vector<int>& edges);
// Bucket index for an age in whole years (0 .. edges.size()).
int age_bucket(const std::vector<int>& edges, int whole_years) noexcept;
constexpr const char* kAgeUnknownZh = "日期不详";
constexpr const char* kAgeUnknownEn = "date unknown";

struct UnsuppliedPiece {
    std::size_t batch = 0;       // index into UnsuppliedResult::batches
    int part = 0;                // 1-based number of the piece within its batch
    geom::GeomPtr geom;          // polygon, working CRS
    double area_m2 = 0;
}; // struct UnsuppliedPiece

struct BatchResult {
    std::int64_t fid = -1;               // approvals feature FID
    std::size_t feature = 0;             // position in the approvals layer (geometry is there)
    std::string id;                      // 批次编号 (PCBH)
    std::string name;                    // 批次名称
    std::string doc_no;                  // 批准文号
    std::string kind;                    // 批次类型 (城市批次 / 单独选址 ...)
    std::optional<Date> approved_on;     // nullopt: missing or unparseable (bucket 日期不详)
    std::optional<int> age_years;        // whole years at as_of
    int age_bucket = -1;                 // index into the labels; -1 = 日期不详
    double approved_area_m2 = 0;         // geometric area of the batch
    std::optional<double> registered_area_m2;  // PZMJ as given
    double supplied_area_m2 = 0;         // area(batch ∩ ∪ supplies)
    double unsupplied_raw_area_m2 = 0;   // area(batch − ∪ supplies), before dropping slivers
    double unsupplied_area_m2 = 0;       // reported: raw − slivers
    double sliver_area_m2 = 0;
    int sliver_count = 0;
    double supply_rate = 0;              // 1 − unsupplied / approved (slivers count as supplied)
    std::vector<std::string> supply_ids; // ids of the supplies (or parcels) overlapping, sorted
    std::string township;                // 镇街 of largest overlap ("" when none)
    std::string township_id;
    std::vector<std::size_t> pieces;     // indices into UnsuppliedResult::pieces
}; // struct BatchResult

struct UnsuppliedResult {
    bool ran = false;
    std::string skipped_reason;          // when !ran
    std::string supply_source;           // "supplies" or "parcels" (tenure stand-in)
    Date as_of;
    std::vector<int> age_edges_years;
    std::vector<std::string> bucket_labels_zh;  // without 日期不详
    std::vector<std::string> bucket_labels_en;
    std::vector<BatchResult> batches;    // every batch analysed (also fully supplied ones)
    std::vector<UnsuppliedPiece> pieces; // kept pieces (no slivers)
    int batches_failed = 0;              // overlay failures (each an issue)
    int batches_after_as_of = 0;
}; // struct UnsuppliedResult

// Runs R01. `approvals` is required; `supplies`, `parcels` and `townships` may be null.
// Layers are borrowed for the duration of the call; the result owns its piece geometries.
UnsuppliedResult find_unsupplied(geom::GeosContext& c, const geom::Layer& approvals,
                                 const geom::Layer* supplies, const geom::Layer* parcels,
                                 const TownshipLookup& townships, const UnsuppliedParams& params,
                                 IssueLog& issues);

// The sliver test alone (exposed for tests and for other analyses' leftovers):
// true when area < min_area_m2, or min_width_m > 0 and buffer(g, −min_width_m/2) is empty.
bool is_sliver(geom::GeosContext& c, const GEOSGeometry* g, double area_m2, double min_area_m2, double min_width_m);

} // namespace tl::analysis
