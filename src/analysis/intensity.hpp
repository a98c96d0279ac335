// Land-use intensity per parcel: built floor area, FAR (容积率), building coverage (建筑密度).
//
// How floor area is counted (domain.md §5.1, §5.2, R05, R06):
// - A building's footprint is apportioned to every parcel it overlaps by the area of
//   footprint ∩ parcel (planar, working CRS, m²). A footprint outside all parcels is an issue
//   ("building_outside_parcels") and counts nowhere.
// - Floor area of a piece = piece area × floor factor of the building, where the floor factor
//   is Σ over storeys of the storey multiplier, storeys assumed of equal height:
//       storey height >  8 m          -> ×2   (《工业项目建设用地控制指标》(2008): 层高超过8米的
//                                              按两层计算; "超过" excludes 8 m itself)
//       storey height <  2.2 m        -> ×0.5 (GB/T 50353-2013 §3.0.1: 结构层高 2.20 m 以下计 1/2)
//       otherwise                     -> ×1
//   All thresholds come from the profile ([intensity]); the numbers above are the national ones.
// - Storey height: the building's storey_height_m, else height_m ÷ floors; neither -> the
//   multiplier is 1 (storey height unknown, noted per building).
// - Missing floors (null) with a height: estimated, flagged (floors_source = estimated):
//       building on a non-industrial parcel: floors = max(1, round(height / 3.5 m));
//       on an industrial parcel: height <= 8 m -> 1 storey; higher -> ceil(height / 8 m)
//       storeys ("每8米折算一层", domain.md §5.2), so a high-bay plant counts like the 8 m rule.
//   The building's class is that of the parcel holding the largest part of its footprint
//   (ties: the earlier parcel in FID order).
// - floors 0, negative, non-integer or >= max_plausible_floors (200): issue
//   "building_bad_floors", the value is treated as missing (then estimated from height if any).
// - Neither usable floors nor height, but a stated floor area (floor_area_m2, 建筑面积 JZMJ):
//   floor factor = floor_area_m2 / footprint area (floors_source = floor_area; the 8 m rule
//   cannot be applied without storeys).
// - Neither usable floors, height nor floor area: issue "building_no_floors_or_height"; the building
//   counts in the footprint and coverage but adds no floor area, and the parcel's FAR is marked
//   a lower bound (far_is_lower_bound): rules must not pass it on that basis alone.
// - FAR = floor area / area basis; coverage = Σ footprint pieces / area basis. The area basis
//   is the registered area (宗地面积 ZDMJ, domain.md §5.2) when present and within
//   registered_area_tolerance of the geometric area, else the geometric area (issue
//   "registered_area_mismatch" when it differs more). Coverage counts the ground once:
//   footprint_area_m2 is the area of ∪(footprint ∩ parcel), so a podium and its tower drawn as
//   two polygons, or a 幢 entered twice, do not cover the ground twice. Floor area where
//   footprints overlap follows overlapping_floors (the profile's intensity.overlapping_floors):
//   highest (DEFAULT) — each part of the ground counts the floors of the highest building over
//   it (right for duplicated 幢 and for towers whose floors are counted from the ground);
//   sum — every polygon counts its own floors (right when a tower's floors are those above its
//   podium). Every overlapping pair of buildings is an issue ("building_overlap", with the
//   overlap area and a point in it) whatever the choice.
// - Largest unbuilt block (R04 用而未尽): parcel − footprints, opened morphologically with a
//   disc of unbuilt_min_width_m (buffer −w/2 then +w/2) so that yards, lanes and setbacks
//   narrower than a plant bay do not count; the area of its largest connected part. Measured
//   only where R04.unbuilt looks at it (unbuilt_scope: with the profile's industrial_only, the
//   industrial parcels): the opening is the costliest step of the stage (two GEOS buffers per
//   parcel, two thirds of its CPU on the 200 000-parcel county), and a value no rule reads
//   would be a number without a reason on the parcel list.
// - Ellipsoidal area (椭球面积, CGCS2000, PROJ geodesic) comes from the caller's function
//   (geom::ellipsoidal_area_m2 bound to the working CRS; see ellipsoidal_area_in()).
//
// Threads: parcels are measured in parallel, each worker with its own GeosContext and its own
// prepared parcel geometries; sums run in a fixed (building FID) order, so results do not depend
// on the thread count. Input layers are only read.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

using EllipsoidalAreaFn = std::function<double(geom::GeosContext&, const GEOSGeometry*)>;

// Binds geom::ellipsoidal_area_m2 to the working CRS (kept inline so that the analysis library
// does not need the CRS code at link time).
inline EllipsoidalAreaFn ellipsoidal_area_in(const geom::CrsInfo& working) {
    return [working](geom::GeosContext& c, const GEOSGeometry* g) { return geom::ellipsoidal_area_m2(c, g, working); };
}

enum class UnbuiltScope { all, industrial, none };
enum class OverlapFloors { highest, sum };

struct IntensityParams {
    double storey_double_height_m = 8.0;          // DEFAULT 8 m (2008 控制指标), strict ">"
    double storey_double_factor = 2.0;            // DEFAULT ×2
    double half_area_below_storey_height_m = 2.2; // DEFAULT 2.2 m (GB/T 50353-2013), strict "<"
    double half_area_factor = 0.5;                // DEFAULT ×0.5
    double estimate_storey_height_m = 3.5;        // DEFAULT 3.5 m, non-industrial estimate
    double industrial_estimate_storey_height_m = 8.0;  // DEFAULT 8 m, industrial estimate
    int max_plausible_floors = 200;               // DEFAULT 200: floors >= this are not believed
    double unbuilt_min_width_m = 20.0;            // DEFAULT 20 m: open space narrower than this is not a buildable block
    // Which parcels get the largest unbuilt block (R04.unbuilt's measured value): all, the
    // industrial ones only (the rule's industrial_only gate), or none (the rule is disabled).
    UnbuiltScope unbuilt_scope = UnbuiltScope::all;
    double registered_area_tolerance = 0.05;      // DEFAULT 5 %
    OverlapFloors overlapping_floors = OverlapFloors::highest;   // where footprints overlap (see above)
    std::vector<std::string> industrial_prefixes{"0601", "1001", "M"};  // land_use code prefixes
    unsigned threads = 0;                         // DEFAULT 0 = std::thread::hardware_concurrency()
    EllipsoidalAreaFn ellipsoidal_area_m2;        // optional; empty -> ellipsoidal area not computed
}; // struct IntensityParams

enum class FloorsSource { stated, estimated, floor_area, unknown };
const char* to_string(FloorsSource s) noexcept;

// The floor count of one building and its floor factor.
struct FloorCount {
    std::optional<int> floors;            // stated or estimated; nullopt when unknown
    FloorsSource source = FloorsSource::unknown;
    std::optional<double> storey_height_m;
    std::string storey_height_from;       // "storey_height_m" | "height_m/floors" | "estimate" | "none"
    std::optional<double> factor;         // Σ storey multipliers; nullopt when floors unknown
    bool bad_floors = false;              // a floors value was present but not believed
}; // struct FloorCount

// Storey multiplier for one storey of the given height (see header comment).
double storey_multiplier(double storey_height_m, const IntensityParams& p) noexcept;

// Floors and floor factor from the raw attributes (nullopt = missing). Pure; no issues.
// `floor_area_m2` and `footprint_m2` are used only when neither floors nor height is usable.
FloorCount count_floors(std::optional<double> floors, std::optional<double> height_m,
                        std::optional<double> storey_height_m, bool industrial, const IntensityParams& p,
                        std::optional<double> floor_area_m2 = std::nullopt, double footprint_m2 = 0);

// True when the land-use code starts with one of the prefixes (case-insensitive, trimmed).
bool is_industrial_land_use(const std::string& land_use, const std::vector<std::string>& prefixes);

// Two-digit industry code (GB/T 4754) from "C34", "3411", "34", " c 34 "; "" when none.
std::string industry_division(const std::string& industry_code);

struct BuildingIntensity {
    std::size_t index = 0;                // feature index in the buildings layer
    double footprint_m2 = 0;              // planar area of the footprint
    double apportioned_m2 = 0;            // Σ pieces inside parcels
    std::optional<std::size_t> host_parcel;  // parcel index holding the largest piece
    bool industrial = false;              // class used for estimation (host parcel's)
    FloorCount floors;
    std::string use;                      // 用途 as io::building_use reads it (生产, 仓储, 办公, 生活配套, 其他); "" unknown
}; // struct BuildingIntensity

// A parcel's buildings of one use (R07 配套 share): Σ pieces inside the parcel and their floor area.
struct UseArea {
    std::string use;
    double footprint_m2 = 0, floor_area_m2 = 0;
}; // struct UseArea

struct ParcelIntensity {
    std::size_t index = 0;                // feature index in the parcels layer
    std::string land_use;
    std::optional<bool> industrial;       // nullopt when land_use is missing
    std::string industry_code;            // as given
    std::optional<double> contract_far_min;  // max of parcels.contract_far_min and supplies'
    // The latest supplies.supplied_on joined by parcel_id (a re-supply is a new project): what
    // tells a new project (新建项目) from stock land for floors that speak of new projects only.
    std::optional<Date> latest_supplied_on;
    // 行政办公及生活服务设施用地 and 绿地 areas as the parcel records them (R07, R08); nullopt when
    // not given.
    std::optional<double> ancillary_area_m2, green_area_m2;
    double geometric_area_m2 = 0;
    std::optional<double> registered_area_m2;
    std::optional<double> area_difference_m2;  // registered − geometric
    std::optional<double> ellipsoidal_area_m2;
    double area_basis_m2 = 0;             // denominator of FAR and coverage
    std::string area_basis;               // "registered" | "geometric"
    double footprint_area_m2 = 0;         // area of ∪(footprint ∩ parcel): the ground covered once
    bool footprints_overlap = false;      // some footprints in the parcel overlap each other
    double floor_area_m2 = 0;             // Σ piece × floor factor (buildings with known floors)
    double far = 0;                       // floor_area / area_basis
    double coverage = 0;                  // footprint_area / area_basis
    double largest_unbuilt_m2 = 0;        // largest buildable unbuilt block (see below); NaN when not computable
    bool unbuilt_measured = false;        // false outside IntensityParams::unbuilt_scope (value then NaN)
    int buildings = 0;                    // buildings with a piece in the parcel
    int buildings_estimated = 0;          // ... whose floors were estimated
    int buildings_unknown = 0;            // ... with neither floors nor height
    bool far_is_lower_bound = false;      // buildings_unknown > 0
    // By building use (buildings.use, R07 配套 share): pieces of buildings with a use, by use (in
    // first-seen order), and those without one. Footprints are Σ pieces (an overlap counts twice);
    // floor areas Σ piece × floor factor (buildings with unknown floors add none).
    std::vector<UseArea> by_use;
    double no_use_footprint_m2 = 0, no_use_floor_area_m2 = 0;
    int buildings_without_use = 0;
}; // struct ParcelIntensity

struct IntensityResult {
    std::vector<ParcelIntensity> parcels;      // one per parcel feature, same order
    std::vector<BuildingIntensity> buildings;  // one per building feature, same order
}; // struct IntensityResult

// Measures every parcel. `buildings` and `supplies` may be null (no buildings: FAR 0, coverage 0
// for every parcel, and every building-based rule becomes indeterminate downstream).
// Issues: building_no_floors_or_height, building_bad_floors, building_floors_estimated (note),
// building_overlap (one per overlapping pair, on the lower FID, kept),
// building_outside_parcels, registered_area_mismatch, overlay_failed (GEOS error on one pair).
// Attribute values are read without issues (geom::Layer values are validated once at load).
IntensityResult measure_intensity(const geom::Layer& parcels, const geom::Layer* buildings,
                                  const geom::Layer* supplies, const IntensityParams& params, IssueLog& issues);

// The parcel with each building cut out as a hole, built from their rings without an overlay,
// where that is plainly parcel − ∪buildings: the parcel is one polygon, every building lies in
// its interior (the caller has checked containsProperly), has no courtyard, and no two
// buildings' envelopes meet. nullptr where those do not hold (the caller then runs the overlay).
// After GEOSNormalize it equals the overlay's answer vertex for vertex (unit-tested).
geom::GeomPtr parcel_with_holes(geom::GeosContext& c, const GEOSGeometry* parcel,
                                const std::vector<const GEOSGeometry*>& buildings);

// ---- small helpers shared with mujun/rules (read a Layer without its accessors) ---------------
// Text of `key` for feature i ("" when unbound/null), trimmed.
std::string layer_text(const geom::Layer& l, std::size_t i, const std::string& key);
// Number of `key` for feature i; nullopt when missing; a value that does not parse is an issue
// ("bad_value", kept as missing) when `issues` is given.
std::optional<double> layer_number(const geom::Layer& l, std::size_t i, const std::string& key, IssueLog* issues);
// The same with the key's column looked up once (layer_key: -1 when the layer has no such key),
// for loops over many features.
int layer_key(const geom::Layer& l, const std::string& key);
std::string layer_text(const geom::Layer& l, std::size_t i, int key);
std::optional<double> layer_number(const geom::Layer& l, std::size_t i, int key);
// Parses "1234.5", " 1,234.5 "; "", "NULL", "-" -> nullopt. `malformed` set on other text.
std::optional<double> parse_decimal(const std::string& text, bool* malformed);

} // namespace tl::analysis
