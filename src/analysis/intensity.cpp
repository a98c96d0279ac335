// Land-use intensity: see intensity.hpp for the counting rules and their sources.
#include "analysis/intensity.hpp"
#include "io/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "core/number.hpp"
#include "geom/parallel.hpp"
#include "index/feature_index.hpp"

namespace tl::analysis {

const char* to_string(FloorsSource s) noexcept {
    switch (s) {
        case FloorsSource::stated: return "stated";
        case FloorsSource::estimated: return "estimated";
        case FloorsSource::floor_area: return "floor_area";
        case FloorsSource::unknown: return "unknown";
    }
    return "unknown";
}

namespace {

std::string trim(std::string s) {
    auto not_space = [](unsigned char ch) { return !std::isspace(ch); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::string upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

int key_index(const geom::Layer& l, const std::string& key) {
    for (std::size_t k = 0; k < l.keys.size(); ++k) if (l.keys[k] == key) return static_cast<int>(k);
    return -1;
}

} // namespace

std::optional<double> parse_decimal(const std::string& text, bool* malformed) {
    if (malformed) *malformed = false;
    // Fast path for plain numbers ("12.5", "-3"): std::from_chars rounds correctly, as strtod
    // does; anything else (commas, "+", "NULL", hex, ...) takes the general path below.
    {
        std::size_t b = 0, e = text.size();
        while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
        double v = 0;
        const char* first = text.data() + b;
        const char* last = text.data() + e;
        if (b < e && (std::isdigit(static_cast<unsigned char>(*first)) || *first == '-' || *first == '.')) {
            const auto [p, ec] = std::from_chars(first, last, v);
            if (ec == std::errc() && p == last && std::isfinite(v)) return v;
        }
    }
    // Full-width digits, '．' and '，' (a table typed on a Chinese IME) read as their ASCII forms,
    // as core/number.hpp reads them for the value checks.
    std::string s;
    for (char ch : trim(tl::fold_fullwidth(text))) if (ch != ',') s.push_back(ch);
    const std::string u = upper(s);
    if (s.empty() || u == "NULL" || u == "-" || u == "NAN" || u == "NONE") return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) {
        if (malformed) *malformed = true;
        return std::nullopt;
    }
    return v;
}

int layer_key(const geom::Layer& l, const std::string& key) { return key_index(l, key); }

namespace {
// The stored value of column k of feature i, trimmed of ASCII white space, as a view ("" when
// null or absent).
std::string_view value_view(const geom::Layer& l, std::size_t i, int k) {
    if (k < 0 || i >= l.features.size()) return {};
    const auto& values = l.features[i].values;
    if (static_cast<std::size_t>(k) >= values.size() || !values[static_cast<std::size_t>(k)]) return {};
    std::string_view t = *values[static_cast<std::size_t>(k)];
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    return t;
}
// Layer::text(i, key).has_value() with the column looked up once: a value that is not blank
// (" \t\r\n", as Layer::text trims).
bool has_text(const geom::Layer& l, std::size_t i, int k) {
    if (k < 0 || i >= l.features.size()) return false;
    const auto& values = l.features[i].values;
    if (static_cast<std::size_t>(k) >= values.size() || !values[static_cast<std::size_t>(k)]) return false;
    return values[static_cast<std::size_t>(k)]->find_first_not_of(" \t\r\n") != std::string::npos;
}
} // namespace

std::string layer_text(const geom::Layer& l, std::size_t i, const std::string& key) {
    return layer_text(l, i, key_index(l, key));
}

std::optional<double> layer_number(const geom::Layer& l, std::size_t i, int key) {
    const std::string_view t = value_view(l, i, key);
    if (t.empty()) return std::nullopt;
    // Plain numbers ("12.5", "-3") straight from the stored text, without a copy; anything else
    // takes parse_decimal's general path (same results: from_chars is its own fast path).
    double v = 0;
    if (std::isdigit(static_cast<unsigned char>(t.front())) || t.front() == '-' || t.front() == '.') {
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec == std::errc() && p == t.data() + t.size() && std::isfinite(v)) return v;
    }
    return parse_decimal(std::string(t), nullptr);
}

std::string layer_text(const geom::Layer& l, std::size_t i, int k) {
    if (k < 0 || i >= l.features.size()) return {};
    const auto& values = l.features[i].values;
    if (static_cast<std::size_t>(k) >= values.size() || !values[k]) return {};
    return trim(*values[k]);
}

std::optional<double> layer_number(const geom::Layer& l, std::size_t i, const std::string& key, IssueLog* issues) {
    const std::string t = layer_text(l, i, key);
    if (t.empty()) return std::nullopt;
    bool bad = false;
    auto v = parse_decimal(t, &bad);
    if (bad && issues) {
        Issue is;
        is.layer = l.name;
        is.fid = l.features[i].fid;
        is.feature_id = l.features[i].id;
        is.kind = "bad_value";
        is.field = key;
        is.detail = fmt::format("{} = \"{}\" is not a number; treated as missing", key, t);
        is.action = IssueAction::kept;
        issues->add(std::move(is));
    }
    return v;
}

double storey_multiplier(double storey_height_m, const IntensityParams& p) noexcept {
    // 2008 控制指标: 层高超过8米 → ×2 ("超过" excludes the number, 《民法典》第1259条).
    if (storey_height_m > p.storey_double_height_m) return p.storey_double_factor;
    // GB/T 50353-2013 §3.0.1: 结构层高在2.20m以下的 → 1/2 (2.20 m and more count in full).
    if (storey_height_m < p.half_area_below_storey_height_m) return p.half_area_factor;
    return 1.0;
}

FloorCount count_floors(std::optional<double> floors, std::optional<double> height_m,
                        std::optional<double> storey_height_m, bool industrial, const IntensityParams& p,
                        std::optional<double> floor_area_m2, double footprint_m2) {
    FloorCount fc;
    if (floors) {
        const double f = *floors;
        if (!(f >= 1) || f >= p.max_plausible_floors || std::floor(f) != f) {
            fc.bad_floors = true;   // 0, negative, fractional or absurd: treated as missing
        } else {
            fc.floors = static_cast<int>(f);
            fc.source = FloorsSource::stated;
        }
    }
    const bool height_ok = height_m && *height_m > 0 && std::isfinite(*height_m);
    const bool storey_ok = storey_height_m && *storey_height_m > 0 && std::isfinite(*storey_height_m);
    if (!fc.floors) {
        if (!height_ok) {
            if (floor_area_m2 && *floor_area_m2 > 0 && footprint_m2 > 0) {   // 建筑面积 as stated
                fc.source = FloorsSource::floor_area;
                fc.storey_height_from = "none";
                fc.factor = *floor_area_m2 / footprint_m2;
            }
            return fc;   // otherwise unknown: no floors, no height, no floor area
        }
        const double h = *height_m;
        int n = 1;
        if (industrial) {
            // One storey up to the 8 m line; above it "每8米折算一层" (domain.md §5.2).
            n = h <= p.industrial_estimate_storey_height_m
                    ? 1 : static_cast<int>(std::ceil(h / p.industrial_estimate_storey_height_m));
        } else {
            n = std::max(1, static_cast<int>(std::floor(h / p.estimate_storey_height_m + 0.5)));
        }
        fc.floors = n;
        fc.source = FloorsSource::estimated;
    }
    if (storey_ok) {
        fc.storey_height_m = *storey_height_m;
        fc.storey_height_from = "storey_height_m";
    } else if (height_ok) {
        fc.storey_height_m = *height_m / *fc.floors;
        fc.storey_height_from = fc.source == FloorsSource::estimated ? "estimate" : "height_m/floors";
    } else {
        fc.storey_height_from = "none";
    }
    const double m = fc.storey_height_m ? storey_multiplier(*fc.storey_height_m, p) : 1.0;
    fc.factor = *fc.floors * m;
    return fc;
}

bool is_industrial_land_use(const std::string& land_use, const std::vector<std::string>& prefixes) {
    const std::string u = upper(trim(land_use));
    if (u.empty()) return false;
    for (const auto& pre : prefixes) {
        const std::string up = upper(pre);
        if (!up.empty() && u.compare(0, up.size(), up) == 0) return true;
    }
    return false;
}

std::string industry_division(const std::string& industry_code) {
    std::string digits;
    for (char ch : industry_code) {
        if (std::isdigit(static_cast<unsigned char>(ch))) digits.push_back(ch);
        else if (!digits.empty()) break;
    }
    return digits.size() >= 2 ? digits.substr(0, 2) : std::string{};
}

namespace {

using Tree = index::FeatureIndex;   // R-tree of building envelopes (immutable: shared by the workers)

struct Piece {
    std::uint32_t building;
    double area_m2;
};

struct ParcelWork {
    std::vector<Piece> pieces;            // sorted by building index
    double footprint_union_m2 = 0;        // area of ∪ pieces (= Σ pieces when none overlap)
    bool pieces_overlap = false;          // some pieces overlap: Σ pieces > ∪ pieces
    double largest_unbuilt_m2 = 0;
    std::optional<double> ellipsoidal_m2;
    std::vector<std::string> errors;      // GEOS failures, reported on the main thread
};

// Overlaps below this (m²) are rounding between walls drawn on one line, not two buildings on
// the same ground.
constexpr double kOverlapNoise_m2 = 1e-6;

// The largest polygon of a (multi)polygonal geometry, m².
double largest_part_area(geom::GeosContext& c, const GEOSGeometry* g) {
    double best = 0;
    const int n = GEOSGetNumGeometries_r(c.get(), g);
    for (int k = 0; k < n; ++k) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(c.get(), g, k);
        const int t = GEOSGeomTypeId_r(c.get(), part);
        if (t == GEOS_POLYGON) best = std::max(best, geom::area(c, part));
        else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) best = std::max(best, largest_part_area(c, part));
    }
    return best;
}

// The pieces' polygons, one by one (a multipolygon's parts count singly: a building read from
// PostGIS is a MULTIPOLYGON of one part, and must give the same answer as from the shapefile),
// when their envelopes are pairwise apart (no gap of zero: walls that touch share an envelope
// edge); nullopt when a piece is not polygonal or two envelopes meet.
std::optional<std::vector<const GEOSGeometry*>> polygons_apart(geom::GeosContext& c,
                                                               const std::vector<const GEOSGeometry*>& pieces) {
    std::vector<const GEOSGeometry*> polys;
    for (const GEOSGeometry* g : pieces) {
        const int type = GEOSGeomTypeId_r(c.get(), g);
        if (type == GEOS_POLYGON) {
            polys.push_back(g);
        } else if (type == GEOS_MULTIPOLYGON) {
            const int n = GEOSGetNumGeometries_r(c.get(), g);
            for (int k = 0; k < n; ++k) polys.push_back(GEOSGetGeometryN_r(c.get(), g, k));
        } else {
            return std::nullopt;
        }
    }
    std::vector<geom::Envelope> env;
    env.reserve(polys.size());
    for (const GEOSGeometry* g : polys) {
        const geom::Envelope e = geom::envelope(c, g);
        for (const auto& o : env)
            if (!(e.maxx < o.minx || o.maxx < e.minx || e.maxy < o.miny || o.maxy < e.miny)) return std::nullopt;
        env.push_back(e);
    }
    return polys;
}

// The built part of a parcel, as one valid geometry to subtract: the union of the pieces. Most
// parcels hold one building, or buildings whose envelopes are apart; their multipolygon is
// already valid and the union (an overlay of its own) is skipped.
geom::GeomPtr footprint_of(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& pieces) {
    const auto polys = polygons_apart(c, pieces);
    if (!polys) return geom::union_all(c, pieces);
    std::vector<GEOSGeometry*> clones;
    clones.reserve(polys->size());
    try {
        for (const GEOSGeometry* g : *polys) clones.push_back(geom::clone(c, g).release());
    } catch (...) {
        for (auto* g : clones) GEOSGeom_destroy_r(c.get(), g);
        throw;
    }
    return geom::own(c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTIPOLYGON, clones.data(),
                                                    static_cast<unsigned>(clones.size())), "collection");
}

void measure_parcel(geom::GeosContext& c, const geom::Feature& parcel, const geom::Layer* buildings,
                    const Tree* tree, const IntensityParams& params, bool want_unbuilt, ParcelWork& out) {
    if (params.ellipsoidal_area_m2) {
        try { out.ellipsoidal_m2 = params.ellipsoidal_area_m2(c, parcel.geom.get()); }
        catch (const std::exception& e) { out.errors.push_back(std::string("ellipsoidal area: ") + e.what()); }
    }
    if (!buildings || !tree) { out.largest_unbuilt_m2 = std::numeric_limits<double>::quiet_NaN(); return; }
    const std::vector<std::uint32_t> candidates = tree->query(parcel.env);   // sorted, FID order
    geom::PreparedPtr prepared = geom::prepare(c, parcel.geom.get());
    std::vector<geom::GeomPtr> clipped;   // owned pieces (for the unbuilt part)
    std::vector<const GEOSGeometry*> inside;
    bool all_in_interior = true;   // every piece a whole building off the parcel's boundary
    for (std::uint32_t b : candidates) {
        const geom::Feature& bf = buildings->features[b];
        try {
            // Fewest prepared tests for the same answers (issue 23): a building the parcel covers
            // has its envelope inside the parcel's, so one whose envelope sticks out is either
            // apart or crossing the boundary (intersects alone decides; contains_properly and
            // covers would both be false). Inside the envelope, contains_properly comes first:
            // it is true for most buildings (wholly inside their parcel) and implies intersects.
            const geom::Envelope& pe = parcel.env;
            const geom::Envelope& be = bf.env;
            const bool envelope_inside = be.minx >= pe.minx && be.maxx <= pe.maxx && be.miny >= pe.miny && be.maxy <= pe.maxy;
            const bool interior = envelope_inside && geom::prepared_contains_properly(c, prepared.get(), bf.geom.get());
            if (!interior && !geom::prepared_intersects(c, prepared.get(), bf.geom.get())) continue;
            if (interior || (envelope_inside && geom::prepared_covers(c, prepared.get(), bf.geom.get()))) {
                out.pieces.push_back({b, bf.area_m2});   // wholly inside: no overlay needed
                inside.push_back(bf.geom.get());
                all_in_interior = all_in_interior && interior;
                continue;
            }
            all_in_interior = false;
            geom::GeomPtr piece = geom::intersection(c, parcel.geom.get(), bf.geom.get());
            const double a = geom::area(c, piece.get());
            if (a > 0) {
                out.pieces.push_back({b, a});
                inside.push_back(piece.get());
                clipped.push_back(std::move(piece));
            }
        } catch (const std::exception& e) {
            out.errors.push_back(fmt::format("building #{} ({}): {}", bf.fid, bf.id, e.what()));
        }
    }
    // Coverage counts the ground covered once (area of the union of the pieces): a podium and
    // its tower drawn as two polygons, or one 幢 entered twice, must not cover it twice. Pieces
    // whose envelopes are apart cannot overlap, and their sum is the union's area.
    geom::GeomPtr built;   // ∪ pieces, when it had to be built
    double pieces_sum_m2 = 0;
    for (const Piece& pc : out.pieces) pieces_sum_m2 += pc.area_m2;
    out.footprint_union_m2 = pieces_sum_m2;
    try {
        if (inside.size() > 1 && !polygons_apart(c, inside)) {
            built = geom::union_all(c, inside);
            const double union_m2 = geom::area(c, built.get());
            // Walls that touch give a union equal to the sum up to rounding; only a real overlap counts.
            if (union_m2 < pieces_sum_m2 - kOverlapNoise_m2) {
                out.footprint_union_m2 = union_m2;
                out.pieces_overlap = true;
            }
        }
    } catch (const std::exception& e) {
        out.errors.push_back(std::string("footprint union: ") + e.what());
    }
    // Largest connected unbuilt part (R04 用而未尽), where the rule reads it.
    if (!want_unbuilt) { out.largest_unbuilt_m2 = std::numeric_limits<double>::quiet_NaN(); return; }
    try {
        geom::GeomPtr cut;   // parcel − buildings, where there are buildings
        if (!inside.empty() && all_in_interior) cut = parcel_with_holes(c, parcel.geom.get(), inside);
        if (!inside.empty() && !cut)
            cut = geom::difference(c, parcel.geom.get(), built ? built.get() : footprint_of(c, inside).get());
        // One way of writing the shape (geom::canonical_polygonal): the opening below simplifies
        // its input rings (GEOS BufferInputLineSimplifier), and which of two close vertices that
        // drops depends on where a ring starts and which way it runs. A county parcel 20.0–20.6 m
        // wide, with a collinear vertex 8 cm from a corner, gave 1064.7 or 1011.7 m² by its
        // ring's start; now it gives 1064.7 m² however it is written. The shortcut above and
        // the overlay also give the same bytes this way.
        geom::GeomPtr unbuilt = geom::canonical_polygonal(c, cut ? cut.get() : parcel.geom.get());
        if (params.unbuilt_min_width_m > 0) {
            // Morphological opening: what remains can hold a disc of the minimum width.
            const double r = params.unbuilt_min_width_m / 2;
            geom::GeomPtr eroded = geom::own(c, GEOSBuffer_r(c.get(), unbuilt.get(), -r, 8), "buffer");
            unbuilt = geom::own(c, GEOSBuffer_r(c.get(), eroded.get(), r, 8), "buffer");
        }
        out.largest_unbuilt_m2 = largest_part_area(c, unbuilt.get());
    } catch (const std::exception& e) {
        out.errors.push_back(std::string("unbuilt part: ") + e.what());
        out.largest_unbuilt_m2 = std::numeric_limits<double>::quiet_NaN();
    }
}

} // namespace

// The unbuilt part without an overlay (intensity.hpp). With the buildings apart and inside, the
// polygon made of those rings is valid (no two holes touch, none touches the shell) and equals
// parcel − ∪buildings; GEOSDifference would reach the same rings through a full noding and graph
// pass (≈ 2 s of the county's CPU, most parcels qualifying).
geom::GeomPtr parcel_with_holes(geom::GeosContext& c, const GEOSGeometry* parcel,
                                const std::vector<const GEOSGeometry*>& buildings) {
    GEOSContextHandle_t h = c.get();
    if (GEOSGeomTypeId_r(h, parcel) != GEOS_POLYGON) return nullptr;
    const auto polys = polygons_apart(c, buildings);
    if (!polys) return nullptr;
    std::vector<const GEOSGeometry*> holes;
    for (const GEOSGeometry* poly : *polys) {
        if (GEOSGetNumInteriorRings_r(h, poly) != 0) return nullptr;   // a courtyard: an island
        holes.push_back(GEOSGetExteriorRing_r(h, poly));
    }
    const int own_holes = GEOSGetNumInteriorRings_r(h, parcel);
    for (int k = 0; k < own_holes; ++k) holes.push_back(GEOSGetInteriorRingN_r(h, parcel, k));
    return geom::polygon_from_rings(c, GEOSGetExteriorRing_r(h, parcel), holes);
}

IntensityResult measure_intensity(const geom::Layer& parcels, const geom::Layer* buildings,
                                  const geom::Layer* supplies, const IntensityParams& params, IssueLog& issues) {
    IntensityResult result;
    const std::size_t np = parcels.features.size();
    const std::size_t nb = buildings ? buildings->features.size() : 0;
    result.parcels.resize(np);
    result.buildings.resize(nb);

    // Columns looked up once (issue 23: the loops below read 10^5 to 10^6 values; a lookup by
    // key name per value was a scan of the layer's keys with string compares).
    const int kp_land_use = layer_key(parcels, "land_use"), kp_industry = layer_key(parcels, "industry_code"),
              kp_contract_far = layer_key(parcels, "contract_far_min"),
              kp_ancillary = layer_key(parcels, "ancillary_area_m2"), kp_green = layer_key(parcels, "green_area_m2"),
              kp_registered = layer_key(parcels, "registered_area_m2");
    // Land use first: it decides where the unbuilt block is measured (unbuilt_scope).
    for (std::size_t j = 0; j < np; ++j) {
        ParcelIntensity& p = result.parcels[j];
        p.land_use = layer_text(parcels, j, kp_land_use);
        if (!p.land_use.empty()) p.industrial = is_industrial_land_use(p.land_use, params.industrial_prefixes);
        p.unbuilt_measured = buildings && (params.unbuilt_scope == UnbuiltScope::all ||
                                           (params.unbuilt_scope == UnbuiltScope::industrial && p.industrial.value_or(false)));
    }

    // ---- pass A (parallel over parcels): pieces, unbuilt part, ellipsoidal area ----------
    // The workers share the parcel and building geometries: GEOS 3.11 computes envelopes
    // lazily (rings included), so they are computed here first, on this thread.
    {
        geom::GeosContext c;
        for (const auto& f : parcels.features) geom::warm_envelopes(c, f.geom.get());
        if (buildings) for (const auto& f : buildings->features) geom::warm_envelopes(c, f.geom.get());
    }
    std::optional<Tree> tree;
    if (buildings) tree.emplace(*buildings);
    std::vector<ParcelWork> work(np);
    geom::GeosContext ctx;
    geom::parallel_for(ctx, np, params.threads, [&](geom::GeosContext& wc, std::size_t j) {
        if (!parcels.features[j].geom) return;
        measure_parcel(wc, parcels.features[j], buildings, tree ? &*tree : nullptr, params,
                       result.parcels[j].unbuilt_measured, work[j]);
        std::sort(work[j].pieces.begin(), work[j].pieces.end(),
                  [](const Piece& a, const Piece& b) { return a.building < b.building; });
    });

    // ---- parcel attributes ----------------------------------------------------------------
    std::vector<std::optional<double>> supply_far(np);
    std::vector<std::optional<Date>> supply_date(np);
    if (supplies) {
        // supplies.contract_far_min joined by parcel_id (the largest value wins), and the
        // latest supply date (bad dates are reported by the idle analysis, not twice here).
        std::map<std::string, std::size_t> by_id;
        for (std::size_t j = 0; j < np; ++j) if (!parcels.features[j].id.empty()) by_id.emplace(parcels.features[j].id, j);
        const int ks_parcel = layer_key(*supplies, "parcel_id"), ks_contract_far = layer_key(*supplies, "contract_far_min");
        for (std::size_t s = 0; s < supplies->features.size(); ++s) {
            auto it = by_id.find(layer_text(*supplies, s, ks_parcel));
            if (it == by_id.end()) continue;
            if (auto v = layer_number(*supplies, s, ks_contract_far); v && *v > 0) {
                auto& cur = supply_far[it->second];
                cur = cur ? std::max(*cur, *v) : *v;
            }
            if (auto d = supplies->date(s, "supplied_on", nullptr)) {
                auto& cur = supply_date[it->second];
                if (!cur || *cur < *d) cur = d;
            }
        }
    }
    for (std::size_t j = 0; j < np; ++j) {
        ParcelIntensity& p = result.parcels[j];
        const geom::Feature& f = parcels.features[j];
        p.index = j;
        p.industry_code = layer_text(parcels, j, kp_industry);
        auto cfar = layer_number(parcels, j, kp_contract_far);
        if (cfar && *cfar <= 0) cfar.reset();
        p.contract_far_min = cfar;
        if (supply_far[j]) p.contract_far_min = p.contract_far_min ? std::max(*p.contract_far_min, *supply_far[j]) : supply_far[j];
        p.latest_supplied_on = supply_date[j];
        if (auto v = layer_number(parcels, j, kp_ancillary); v && *v >= 0) p.ancillary_area_m2 = v;
        if (auto v = layer_number(parcels, j, kp_green); v && *v >= 0) p.green_area_m2 = v;
        p.geometric_area_m2 = f.area_m2;
        auto reg = layer_number(parcels, j, kp_registered);
        if (reg && *reg > 0) {
            p.registered_area_m2 = reg;
            p.area_difference_m2 = *reg - f.area_m2;
        }
        p.area_basis_m2 = f.area_m2;
        p.area_basis = "geometric";
        if (p.registered_area_m2) {
            const double rel = f.area_m2 > 0 ? std::abs(*p.area_difference_m2) / f.area_m2 : INFINITY;
            if (rel <= params.registered_area_tolerance) {
                p.area_basis_m2 = *p.registered_area_m2;
                p.area_basis = "registered";
            } else {
                issues.add(parcels.issue(j, "registered_area_mismatch", "registered_area_m2",
                    fmt::format("registered area {:.2f} m² differs from the geometric area {:.2f} m² by {:.1f} % "
                                "(tolerance {:.1f} %); FAR and coverage use the geometric area",
                                *p.registered_area_m2, f.area_m2, rel * 100, params.registered_area_tolerance * 100),
                    IssueAction::kept));
            }
        }
        p.ellipsoidal_area_m2 = work[j].ellipsoidal_m2;
        p.largest_unbuilt_m2 = work[j].largest_unbuilt_m2;
        for (const auto& e : work[j].errors)
            issues.add(parcels.issue(j, "overlay_failed", "", e, IssueAction::kept));
    }

    // ---- pass B: per building, host parcel, class, floors --------------------------------
    std::vector<std::vector<std::pair<std::size_t, double>>> by_building(nb);   // (parcel, piece)
    for (std::size_t j = 0; j < np; ++j)
        for (const Piece& pc : work[j].pieces) by_building[pc.building].emplace_back(j, pc.area_m2);
    const int kb_floors = buildings ? layer_key(*buildings, "floors") : -1,
              kb_height = buildings ? layer_key(*buildings, "height_m") : -1,
              kb_storey = buildings ? layer_key(*buildings, "storey_height_m") : -1,
              kb_floor_area = buildings ? layer_key(*buildings, "floor_area_m2") : -1,
              kb_use = buildings ? layer_key(*buildings, "use") : -1;
    for (std::size_t b = 0; b < nb; ++b) {
        BuildingIntensity& bi = result.buildings[b];
        bi.index = b;
        bi.footprint_m2 = buildings->features[b].area_m2;
        double best = -1;
        for (const auto& [j, a] : by_building[b]) {   // parcels in index order: ties keep the first
            bi.apportioned_m2 += a;
            if (a > best) { best = a; bi.host_parcel = j; }
        }
        bi.industrial = bi.host_parcel && result.parcels[*bi.host_parcel].industrial.value_or(false);
        const auto floors = layer_number(*buildings, b, kb_floors);
        const auto height = layer_number(*buildings, b, kb_height);
        const auto storey = layer_number(*buildings, b, kb_storey);
        const auto stated_area = layer_number(*buildings, b, kb_floor_area);
        if (const std::string word = layer_text(*buildings, b, kb_use); !word.empty()) {
            if (auto u = io::building_use(word)) bi.use = *u;
            else issues.add(buildings->issue(b, "building_use_unknown", "use",
                fmt::format("房屋用途「{}」不认识 (请写 生产、仓储、办公、生活配套 或 其他); 按用途不明处理", word), IssueAction::kept));
        }
        bi.floors = count_floors(floors, height, storey, bi.industrial, params, stated_area, bi.footprint_m2);
        if (bi.floors.bad_floors)
            issues.add(buildings->issue(b, "building_bad_floors", "floors",
                fmt::format("floors = {} is not a plausible storey count (1..{}); treated as missing{}", *floors,
                            params.max_plausible_floors - 1,
                            bi.floors.source == FloorsSource::estimated ? ", estimated from height" : ""),
                IssueAction::kept));
        // A building with no floors, height or floor area at all was reported when the layer was
        // loaded (analysis/inputs.cpp, "missing_floors_and_height"); here only the ones whose
        // values were given but unusable (floors 0, 999, ...) get their issue.
        const bool nothing_given = !has_text(*buildings, b, kb_floors) && !has_text(*buildings, b, kb_height) &&
                                   !has_text(*buildings, b, kb_floor_area);
        if (bi.floors.source == FloorsSource::unknown && !nothing_given)
            issues.add(buildings->issue(b, "building_no_floors_or_height", "floors",
                "neither floors, height nor floor area: the building adds no floor area and the parcel's FAR is a lower bound",
                IssueAction::kept));
        else if (bi.floors.source == FloorsSource::estimated)
            issues.add(buildings->issue(b, "building_floors_estimated", "floors",
                fmt::format("floors estimated from height {:.2f} m as {} ({} rule)", *height, *bi.floors.floors,
                            bi.industrial ? "industrial: ≤ 8 m one storey, else one per 8 m" : "3.5 m per storey"),
                IssueAction::note));
        if (by_building[b].empty())
            issues.add(buildings->issue(b, "building_outside_parcels", "",
                "the footprint lies in no parcel; it is not counted", IssueAction::kept));
    }

    // ---- overlapping buildings: one issue per pair (on the lower FID) -----------------------
    // Two footprints whose interiors meet (not walls that touch) are a podium and its tower drawn
    // apart, or a 幢 entered twice; either way the planner should see them. Found through the
    // building R-tree, measured on --threads workers, reported in building order.
    if (buildings && tree) {
        struct Overlap { std::uint32_t other; double area_m2; double x, y; };
        std::vector<std::vector<Overlap>> overlaps(nb);
        geom::parallel_for(ctx, nb, params.threads, [&](geom::GeosContext& wc, std::size_t b) {
            const geom::Feature& bf = buildings->features[b];
            if (!bf.geom) return;
            for (std::uint32_t o : tree->query(bf.env)) {
                if (o <= b || !buildings->features[o].geom) continue;
                const GEOSGeometry* og = buildings->features[o].geom.get();
                try {
                    // Interiors meet: "T********" (DE-9IM), cheaper than an overlay for the many
                    // neighbours that only share a wall.
                    const char rel = GEOSRelatePattern_r(wc.get(), bf.geom.get(), og, "T********");
                    if (!geom::check_predicate(wc, rel, "relate")) continue;
                    geom::GeomPtr inter = geom::intersection(wc, bf.geom.get(), og);
                    const double a = geom::area(wc, inter.get());
                    if (a <= kOverlapNoise_m2) continue;
                    geom::GeomPtr pt = geom::own(wc, GEOSPointOnSurface_r(wc.get(), inter.get()), "point on surface");
                    double x = 0, y = 0;
                    GEOSGeomGetX_r(wc.get(), pt.get(), &x);
                    GEOSGeomGetY_r(wc.get(), pt.get(), &y);
                    overlaps[b].push_back({o, a, x, y});
                } catch (const std::exception&) {
                    // An overlay failure here only loses the issue; the measures above are unaffected.
                }
            }
        });
        for (std::size_t b = 0; b < nb; ++b) {
            for (const Overlap& ov : overlaps[b]) {
                const geom::Feature& other = buildings->features[ov.other];
                Issue is = buildings->issue(b, "building_overlap", "",
                    fmt::format("与建筑 #{}{} 重叠 {:.2f} m² (占本栋 {:.1f} %); 建筑密度按重叠只计一次, 建筑面积按 {}; "
                                "overlaps building #{}{} by {:.2f} m² ({:.1f} % of this one): coverage counts the ground once, "
                                "floor area {}",
                                other.fid, other.id.empty() ? "" : " (" + other.id + ")", ov.area_m2,
                                buildings->features[b].area_m2 > 0 ? 100.0 * ov.area_m2 / buildings->features[b].area_m2 : 0.0,
                                params.overlapping_floors == OverlapFloors::highest ? "重叠处取最高者层数" : "各栋分别计",
                                other.fid, other.id.empty() ? "" : " (" + other.id + ")", ov.area_m2,
                                buildings->features[b].area_m2 > 0 ? 100.0 * ov.area_m2 / buildings->features[b].area_m2 : 0.0,
                                params.overlapping_floors == OverlapFloors::highest ? "takes the highest building's floors where they overlap"
                                                                                    : "sums every building's floors"),
                    IssueAction::kept);
                is.x = ov.x;
                is.y = ov.y;
                issues.add(std::move(is));
            }
        }
    }

    // ---- pass D (parallel over the parcels whose pieces overlap): floor area, highest ---------
    // Under OverlapFloors::highest each part of the ground counts the floors of the highest
    // building over it: pieces are taken by decreasing floor factor and each adds only the ground
    // not yet covered. Parcels whose pieces do not overlap give the same number either way.
    std::vector<std::size_t> overlapping;
    for (std::size_t j = 0; j < np; ++j)
        if (work[j].pieces_overlap) overlapping.push_back(j);
    std::vector<std::optional<double>> highest_floor_area(np);
    if (params.overlapping_floors == OverlapFloors::highest && !overlapping.empty()) {
        geom::parallel_for(ctx, overlapping.size(), params.threads, [&](geom::GeosContext& wc, std::size_t k) {
            const std::size_t j = overlapping[k];
            std::vector<const Piece*> order;
            for (const Piece& pc : work[j].pieces) order.push_back(&pc);
            auto factor = [&](const Piece* pc) { return result.buildings[pc->building].floors.factor.value_or(0.0); };
            std::stable_sort(order.begin(), order.end(), [&](const Piece* a, const Piece* b) { return factor(a) > factor(b); });
            try {
                const GEOSGeometry* parcel_geom = parcels.features[j].geom.get();
                geom::GeomPtr covered;
                double covered_m2 = 0, floor_area = 0;
                for (const Piece* pc : order) {
                    const GEOSGeometry* bg = buildings->features[pc->building].geom.get();
                    geom::GeomPtr piece = geom::intersection(wc, parcel_geom, bg);
                    geom::GeomPtr grown = covered ? geom::union_(wc, covered.get(), piece.get()) : std::move(piece);
                    const double grown_m2 = geom::area(wc, grown.get());
                    floor_area += std::max(0.0, grown_m2 - covered_m2) * factor(pc);
                    covered = std::move(grown);
                    covered_m2 = grown_m2;
                }
                highest_floor_area[j] = floor_area;
            } catch (const std::exception&) {
                // Left empty: the sum is used and the parcel's overlay_failed issue says why.
            }
        });
    }

    // ---- pass C: per parcel sums in building order -----------------------------------------
    for (std::size_t j = 0; j < np; ++j) {
        ParcelIntensity& p = result.parcels[j];
        for (const Piece& pc : work[j].pieces) {
            const BuildingIntensity& bi = result.buildings[pc.building];
            ++p.buildings;
            if (bi.floors.factor) p.floor_area_m2 += pc.area_m2 * *bi.floors.factor;
            else ++p.buildings_unknown;
            const double floor_m2 = bi.floors.factor ? pc.area_m2 * *bi.floors.factor : 0.0;
            if (bi.use.empty()) {
                ++p.buildings_without_use;
                p.no_use_footprint_m2 += pc.area_m2;
                p.no_use_floor_area_m2 += floor_m2;
            } else {
                auto it = std::find_if(p.by_use.begin(), p.by_use.end(), [&](const UseArea& u) { return u.use == bi.use; });
                if (it == p.by_use.end()) it = p.by_use.insert(p.by_use.end(), UseArea{bi.use, 0, 0});
                it->footprint_m2 += pc.area_m2;
                it->floor_area_m2 += floor_m2;
            }
            if (bi.floors.source == FloorsSource::estimated) ++p.buildings_estimated;
        }
        p.footprint_area_m2 = work[j].footprint_union_m2;
        p.footprints_overlap = work[j].pieces_overlap;
        if (highest_floor_area[j]) p.floor_area_m2 = *highest_floor_area[j];
        p.far_is_lower_bound = p.buildings_unknown > 0;
        if (p.area_basis_m2 > 0) {
            p.far = p.floor_area_m2 / p.area_basis_m2;
            p.coverage = p.footprint_area_m2 / p.area_basis_m2;
        }
    }
    return result;
}

} // namespace tl::analysis
