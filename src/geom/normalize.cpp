#include "geom/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <ogr_geometry.h>

#include "core/errors.hpp"
#include "geom/parallel.hpp"

namespace tl::geom {

namespace {

std::string fmt(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// Z and M flags of the outermost WKB header (ISO: type + 1000/2000/3000; EWKB: high bits).
struct WkbHeader {
    bool ok = false;
    bool has_z = false;
    bool has_m = false;
    unsigned base_type = 0;  // 1 point ... 7 collection, 8+ curves/surfaces
};
WkbHeader read_header(const std::string& wkb) {
    WkbHeader h;
    if (wkb.size() < 5) return h;
    const auto* b = reinterpret_cast<const unsigned char*>(wkb.data());
    std::uint32_t type = 0;
    if (b[0] == 1) {
        type = std::uint32_t(b[1]) | std::uint32_t(b[2]) << 8 | std::uint32_t(b[3]) << 16 | std::uint32_t(b[4]) << 24;
    } else if (b[0] == 0) {
        type = std::uint32_t(b[4]) | std::uint32_t(b[3]) << 8 | std::uint32_t(b[2]) << 16 | std::uint32_t(b[1]) << 24;
    } else {
        return h;
    }
    h.ok = true;
    h.has_z = (type & 0x80000000u) != 0;
    h.has_m = (type & 0x40000000u) != 0;
    const std::uint32_t iso = type & 0x0FFFFFFFu;
    const std::uint32_t dim = iso / 1000;
    h.has_z = h.has_z || dim == 1 || dim == 3;
    h.has_m = h.has_m || dim == 2 || dim == 3;
    h.base_type = iso % 1000;
    return h;
}

// What OGR makes of WKB that GEOS 3.11 cannot read: curved geometries (CircularString,
// CurvePolygon, MultiSurface, ...) are turned into straight segments (OGR's default step, 4°
// of arc); coordinates that are not finite numbers are told apart from broken bytes (GEOS
// refuses a ring whose NaN first point does not "close" it).
struct OgrRescue {
    std::optional<std::string> linear_wkb;  // set when the geometry was curved and is now linear
    bool non_finite = false;
    double x = 0, y = 0;                     // the offending coordinate
};
OgrRescue rescue_with_ogr(const std::string& wkb) {
    OgrRescue r;
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) return r;
    OGRGeometryUniquePtr g{raw};
    struct FiniteCheck : OGRDefaultConstGeometryVisitor {
        using OGRDefaultConstGeometryVisitor::visit;
        bool bad = false;
        double x = 0, y = 0;
        void visit(const OGRPoint* p) override {
            if (!bad && !(std::isfinite(p->getX()) && std::isfinite(p->getY()))) {
                bad = true;
                x = p->getX();
                y = p->getY();
            }
        }
    } check;
    g->accept(&check);
    if (check.bad) {
        r.non_finite = true;
        r.x = check.x;
        r.y = check.y;
        return r;
    }
    if (!g->hasCurveGeometry()) return r;
    OGRGeometryUniquePtr lin{g->getLinearGeometry()};
    if (!lin) return r;
    lin->flattenTo2D();
    std::string out(static_cast<std::size_t>(lin->WkbSize()), '\0');
    if (lin->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(out.data()), wkbVariantIso) != OGRERR_NONE) return r;
    r.linear_wkb = std::move(out);
    return r;
}

// The union of the outer rings of g's polygons (each made valid): the land the feature claims.
GeomPtr shells_of(GeosContext& c, const GEOSGeometry* g) {
    std::vector<GEOSGeometry*> shells;
    try {
        const int type = GEOSGeomTypeId_r(c.get(), g);
        const int n = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* poly = type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(c.get(), g, i);
            if (GEOSisEmpty_r(c.get(), poly) == 1) continue;
            GeomPtr ring = clone(c, GEOSGetExteriorRing_r(c.get(), poly));
            GEOSGeometry* shell = GEOSGeom_createPolygon_r(c.get(), ring.get(), nullptr, 0);
            if (!shell) c.raise("shell polygon");
            ring.release();  // owned by the polygon now
            shells.push_back(shell);
        }
    } catch (...) {
        for (auto* p : shells) GEOSGeom_destroy_r(c.get(), p);
        throw;
    }
    GeomPtr multi = own(c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTIPOLYGON, shells.data(), static_cast<unsigned>(shells.size())),
                        "multipolygon");
    return make_valid_polygonal(c, multi.get());
}

// MakeValid, and never more land than the outer rings enclose: GEOS's STRUCTURE method turns a
// hole lying outside its shell into an extra polygon, but a hole can only take land away. The
// result is valid (an intersection of valid polygonal geometries) and polygonal.
GeomPtr repair(GeosContext& c, const GEOSGeometry* g) {
    GeomPtr fixed = make_valid_polygonal(c, g);
    if (is_empty(c, fixed.get())) return fixed;
    GeomPtr shells = shells_of(c, g);
    if (is_empty(c, shells.get())) return shells;
    PreparedPtr p = prepare(c, shells.get());
    if (prepared_covers(c, p.get(), fixed.get())) return fixed;
    GeomPtr clipped = intersection(c, fixed.get(), shells.get());
    // The intersection may carry lines or points where the two touch: keep the polygonal part.
    return make_valid_polygonal(c, clipped.get());
}

// Calls fn(x, y) for every coordinate; stops early when fn returns false. Returns false then.
template <typename Fn>
bool for_each_xy(GeosContext& c, const GEOSGeometry* g, Fn&& fn) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    switch (type) {
        case GEOS_POINT:
        case GEOS_LINESTRING:
        case GEOS_LINEARRING: {
            if (GEOSisEmpty_r(c.get(), g) == 1) return true;
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), g);
            if (!seq) c.raise("coordinates");
            unsigned int n = 0;
            if (!GEOSCoordSeq_getSize_r(c.get(), seq, &n)) c.raise("coordinates");
            for (unsigned int i = 0; i < n; ++i) {
                double x = 0, y = 0;
                if (!GEOSCoordSeq_getXY_r(c.get(), seq, i, &x, &y)) c.raise("coordinates");
                if (!fn(x, y)) return false;
            }
            return true;
        }
        case GEOS_POLYGON: {
            if (GEOSisEmpty_r(c.get(), g) == 1) return true;
            if (!for_each_xy(c, GEOSGetExteriorRing_r(c.get(), g), fn)) return false;
            const int holes = GEOSGetNumInteriorRings_r(c.get(), g);
            for (int i = 0; i < holes; ++i) {
                if (!for_each_xy(c, GEOSGetInteriorRingN_r(c.get(), g, i), fn)) return false;
            }
            return true;
        }
        default: {
            const int n = GEOSGetNumGeometries_r(c.get(), g);
            for (int i = 0; i < n; ++i) {
                if (!for_each_xy(c, GEOSGetGeometryN_r(c.get(), g, i), fn)) return false;
            }
            return true;
        }
    }
}

const char* type_name(int type) {
    switch (type) {
        case GEOS_POINT: return "Point";
        case GEOS_LINESTRING: return "LineString";
        case GEOS_LINEARRING: return "LinearRing";
        case GEOS_POLYGON: return "Polygon";
        case GEOS_MULTIPOINT: return "MultiPoint";
        case GEOS_MULTILINESTRING: return "MultiLineString";
        case GEOS_MULTIPOLYGON: return "MultiPolygon";
        case GEOS_GEOMETRYCOLLECTION: return "GeometryCollection";
        default: return "unknown";
    }
}

// A polygon layer accepts Polygon and MultiPolygon; a GeometryCollection whose members are all
// polygonal becomes a MultiPolygon (overlaps between members are then a validity problem,
// repaired like any other). Returns null when `g` has non-polygonal parts.
GeomPtr as_polygonal(GeosContext& c, GeomPtr g) {
    const int type = GEOSGeomTypeId_r(c.get(), g.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
    if (type != GEOS_GEOMETRYCOLLECTION) return nullptr;
    std::vector<const GEOSGeometry*> polys;
    std::vector<const GEOSGeometry*> stack{g.get()};
    while (!stack.empty()) {
        const GEOSGeometry* cur = stack.back();
        stack.pop_back();
        const int t = GEOSGeomTypeId_r(c.get(), cur);
        if (t == GEOS_POLYGON) {
            if (GEOSisEmpty_r(c.get(), cur) != 1) polys.push_back(cur);
        } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            const int n = GEOSGetNumGeometries_r(c.get(), cur);
            for (int i = n - 1; i >= 0; --i) stack.push_back(GEOSGetGeometryN_r(c.get(), cur, i));
        } else if (GEOSisEmpty_r(c.get(), cur) != 1) {
            return nullptr;
        }
    }
    std::vector<GEOSGeometry*> clones;
    try {
        for (const auto* p : polys) clones.push_back(clone(c, p).release());
    } catch (...) {
        for (auto* p : clones) GEOSGeom_destroy_r(c.get(), p);
        throw;
    }
    return own(c, GEOSGeom_createCollection_r(c.get(), GEOS_MULTIPOLYGON, clones.data(), static_cast<unsigned>(clones.size())),
               "multipolygon");
}

// Drops Z (and any M GEOS kept) by writing 2D WKB and reading it back.
GeomPtr force_2d(GeosContext& c, const GEOSGeometry* g) {
    struct WriterDeleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSWKBWriter* w) const noexcept { GEOSWKBWriter_destroy_r(ctx, w); }
    };
    struct BufFree {
        GEOSContextHandle_t ctx;
        void operator()(unsigned char* p) const noexcept { GEOSFree_r(ctx, p); }
    };
    std::unique_ptr<GEOSWKBWriter, WriterDeleter> w{GEOSWKBWriter_create_r(c.get()), {c.get()}};
    GEOSWKBWriter_setOutputDimension_r(c.get(), w.get(), 2);
    GEOSWKBWriter_setFlavor_r(c.get(), w.get(), GEOS_WKB_ISO);
    std::size_t size = 0;
    std::unique_ptr<unsigned char, BufFree> buf{GEOSWKBWriter_write_r(c.get(), w.get(), g, &size), {c.get()}};
    if (!buf) c.raise("write 2D WKB");
    return from_wkb(c, std::string_view(reinterpret_cast<const char*>(buf.get()), size));
}

// More than one polygon? Any interior ring? (LayerStats::multipart, with_holes)
void polygon_shape(GeosContext& c, const GEOSGeometry* g, bool& multipart, bool& holes) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    int parts = 1;
    holes = false;
    if (type == GEOS_POLYGON) {
        holes = GEOSGetNumInteriorRings_r(c.get(), g) > 0;
    } else {
        parts = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < parts && !holes; ++i) holes = GEOSGetNumInteriorRings_r(c.get(), GEOSGetGeometryN_r(c.get(), g, i)) > 0;
    }
    multipart = parts > 1;
}

} // namespace

CrsInfo layer_crs(const io::RawLayer& raw) {
    if (raw.is_table) {
        CrsInfo none;
        none.decided_by = "table (no geometry)";
        return none;
    }
    if (!trim(raw.spec.crs).empty()) {
        try {
            return identify_crs(raw.spec.crs, "project crs");
        } catch (const ConfigError& e) {
            throw ConfigError("", "[layers." + raw.name + "] crs = " + e.what());
        }
    }
    std::string where = std::filesystem::path(raw.spec.source).filename().string();
    if (where.empty()) where = raw.spec.source.empty() ? raw.name : raw.spec.source;
    if (!trim(raw.source_srs_wkt).empty()) {
        try {
            return identify_crs(raw.source_srs_wkt, "source");
        } catch (const ConfigError& e) {
            throw DataError(where + ": the layer's CRS cannot be read (" + e.what() + "); set crs = \"EPSG:4549\" (or the layer's "
                            "real CRS) for it in the project file");
        }
    }
    const bool shapefile = raw.driver == "ESRI Shapefile";
    throw DataError(where + ": layer has no CRS" + (shapefile ? std::string{" (.prj missing)"} : std::string{}) +
                    "; set crs = \"EPSG:4549\" for it in the project file");
}

Layer normalize(GeosContext& c, io::RawLayer&& raw, const CrsInfo& source_crs, const CrsInfo& working_crs,
                const NormalizeOptions& options, IssueLog& issues) {
    Layer out;
    out.name = raw.name;
    out.keys = raw.keys;
    out.is_table = raw.is_table;
    out.bound.assign(out.keys.size(), false);
    for (std::size_t k = 0; k < out.keys.size() && k < raw.columns.size(); ++k) out.bound[k] = !raw.columns[k].empty();
    int id_key = -1;
    for (std::size_t k = 0; k < raw.keys.size(); ++k) {
        if (raw.keys[k] == "id") id_key = static_cast<int>(k);
    }

    const auto by_fid = [](const io::RawFeature& a, const io::RawFeature& b) { return a.fid < b.fid; };
    if (!std::is_sorted(raw.features.begin(), raw.features.end(), by_fid))
        std::stable_sort(raw.features.begin(), raw.features.end(), by_fid);
    out.features.reserve(raw.features.size());

    const auto feature_id = [&](const io::RawFeature& rf) -> std::string {
        if (id_key < 0 || static_cast<std::size_t>(id_key) >= rf.values.size() || !rf.values[static_cast<std::size_t>(id_key)]) return {};
        return trim(*rf.values[static_cast<std::size_t>(id_key)]);
    };

    if (raw.is_table) {
        for (auto& rf : raw.features) {
            ++out.counts.read;
            Feature f;
            f.fid = rf.fid;
            f.id = feature_id(rf);
            f.values = std::move(rf.values);
            out.features.push_back(std::move(f));
        }
        out.counts.used = static_cast<std::int64_t>(out.features.size());
        // Title, blank, 合计 and footnote rows of a delivered table: read, and rejected (each an issue).
        out.counts.read += raw.rows_skipped;
        out.counts.rejected += raw.rows_skipped;
        return out;
    }

    out.source_crs = source_crs;
    out.crs = working_crs;
    const Transformer transformer{source_crs, working_crs};
    std::unordered_map<std::string, std::int64_t> first_fid_of_id;
    first_fid_of_id.reserve(raw.features.size());
    std::int64_t linearized = 0;

    const auto issue_for = [&](std::int64_t fid, const std::string& id, const char* kind, std::string detail, IssueAction action) {
        Issue issue;
        issue.layer = out.name;
        issue.fid = fid;
        issue.feature_id = id;
        issue.kind = kind;
        issue.detail = std::move(detail);
        issue.action = action;
        return issue;
    };
    const auto reject_for = [&](std::int64_t fid, const std::string& id, const char* kind, std::string detail) {
        ++out.counts.rejected;
        ++out.stats.rejected_by_kind[kind];
        issues.add(issue_for(fid, id, kind, std::move(detail), IssueAction::rejected));
    };
    // The per-feature GEOS work runs on options.threads workers (parallel.hpp); what it finds is
    // kept per feature and merged here in FID order: counts, stats and issues come out the same
    // whatever the thread count.

    // Pass 1, in source coordinates: read, check, 2D. The extent of what was read tells whether
    // the coordinates fit the CRS at all (diagnose_coordinates) before anything is transformed.
    struct Read {
        const char* reject_kind = nullptr;  // set: the feature is rejected with `detail`
        std::string detail;
        bool linearized = false;            // read through OGR's linear approximation
        bool dropped_z = false;
        GeomPtr g;                          // owned by `c` once the job is done
        Envelope env;
    };
    const std::size_t n_read = raw.features.size();
    std::vector<Read> read(n_read);
    parallel_for(c, n_read, options.threads, [&](GeosContext& wc, std::size_t i) {
        const io::RawFeature& rf = raw.features[i];
        Read& r = read[i];
        const auto reject = [&](const char* kind, std::string detail) {
            r.reject_kind = kind;
            r.detail = std::move(detail);
        };
        // 1. presence and readability
        if (rf.wkb.empty()) return reject("empty_geometry", "the feature has no geometry");
        const WkbHeader header = read_header(rf.wkb);
        GeomPtr g;
        try {
            g = from_wkb(wc, rf.wkb);
        } catch (const GeosError& e) {
            const OgrRescue rescue = rescue_with_ogr(rf.wkb);
            if (rescue.non_finite)
                return reject("non_finite_coordinates",
                              "a coordinate is not a finite number (" + fmt(rescue.x, 3) + ", " + fmt(rescue.y, 3) + ")");
            if (rescue.linear_wkb) {
                try {
                    g = from_wkb(wc, *rescue.linear_wkb);
                    r.linearized = true;
                } catch (const GeosError&) {
                }
            }
            if (!g) return reject("unreadable_geometry", std::string{"the geometry cannot be read ("} + e.what() + ")");
        }
        if (is_empty(wc, g.get())) return reject("empty_geometry", "the geometry is empty");
        // 2. coordinates
        double bad_x = 0, bad_y = 0;
        const bool finite = for_each_xy(wc, g.get(), [&](double x, double y) {
            bad_x = x;
            bad_y = y;
            return std::isfinite(x) && std::isfinite(y);
        });
        if (!finite)
            return reject("non_finite_coordinates",
                          "a coordinate is not a finite number (" + fmt(bad_x, 3) + ", " + fmt(bad_y, 3) + ")");
        if (!for_each_xy(wc, g.get(), [&](double x, double y) {
                bad_x = x;
                bad_y = y;
                return plausible_coordinate(x, y);
            })) {
            char shown[64];
            std::snprintf(shown, sizeof shown, "(%.6g, %.6g)", bad_x, bad_y);
            return reject("coordinates_out_of_range",
                          std::string{"coordinate "} + shown + " is no place on Earth in " + source_crs.label() +
                              " (beyond ±1e8); the export is broken: fix or redraw this feature in the source data");
        }
        // 3. type
        const int type = GEOSGeomTypeId_r(wc.get(), g.get());
        {
            GeomPtr poly = as_polygonal(wc, std::move(g));
            if (!poly) return reject("wrong_geometry_type", std::string{"a "} + type_name(type) + " in a polygon layer");
            g = std::move(poly);
        }
        // 4. dimension
        if (header.has_z || header.has_m || GEOSHasZ_r(wc.get(), g.get()) == 1) {
            r.dropped_z = true;
            if (GEOSHasZ_r(wc.get(), g.get()) == 1) g = force_2d(wc, g.get());
        }
        r.env = envelope(wc, g.get());
        g.get_deleter().ctx = c.get();
        r.g = std::move(g);
    });

    struct Pending {
        io::RawFeature* rf;
        std::string id;
        GeomPtr g;
    };
    std::vector<Pending> pending;
    pending.reserve(n_read);
    Envelope extent;
    bool have_extent = false;
    for (std::size_t i = 0; i < n_read; ++i) {
        io::RawFeature& rf = raw.features[i];
        Read& r = read[i];
        ++out.counts.read;
        std::string id = feature_id(rf);
        if (r.linearized) ++linearized;
        if (r.reject_kind) {
            reject_for(rf.fid, id, r.reject_kind, std::move(r.detail));
            continue;
        }
        if (r.dropped_z) ++out.stats.dropped_z;
        const Envelope& e = r.env;
        if (!have_extent) {
            extent = e;
            have_extent = true;
        } else {
            extent.minx = std::min(extent.minx, e.minx);
            extent.miny = std::min(extent.miny, e.miny);
            extent.maxx = std::max(extent.maxx, e.maxx);
            extent.maxy = std::max(extent.maxy, e.maxy);
        }
        pending.push_back(Pending{&rf, std::move(id), std::move(r.g)});
    }
    read.clear();
    read.shrink_to_fit();

    out.coordinates = diagnose_coordinates(source_crs, extent);
    if (!out.coordinates.ok && options.stop_on_bad_coordinates) {
        std::string where = std::filesystem::path(raw.spec.source).filename().string();
        if (where.empty()) where = out.name;
        throw DataError(where + ": " + out.coordinates.explanation + " (layer " + out.name + ", CRS " + source_crs.label() +
                        ", decided by " + source_crs.decided_by + ")");
    }

    // Pass 2, in FID order: transform, validate and repair, note duplicates and slivers.
    // A Transformer holds a PROJ context: one per worker, made when the worker first needs it.
    struct Checked {
        const char* reject_kind = nullptr;  // "transform_failed" or "unrepairable_geometry"
        std::string invalid_reason;         // set when GEOS found the geometry invalid
        std::optional<Issue> issue;         // the rejection or the repair
        GeomPtr g;                          // used: valid, in the working CRS, owned by `c`
        Envelope env;
        double area_m2 = 0;
        double perimeter_m = 0;
        bool repaired = false;
        bool multipart = false;
        bool holes = false;
    };
    std::vector<Checked> checked(pending.size());
    std::mutex transformers_mutex;
    std::map<GEOSContextHandle_t, std::unique_ptr<Transformer>> worker_transformers;
    const auto transformer_for = [&](GeosContext& wc) -> const Transformer& {
        if (&wc == &c) return transformer;
        std::lock_guard<std::mutex> lock(transformers_mutex);
        auto& t = worker_transformers[wc.get()];
        if (!t) t = std::make_unique<Transformer>(source_crs, working_crs);
        return *t;
    };
    parallel_for(c, pending.size(), options.threads, [&](GeosContext& wc, std::size_t i) {
        Pending& p = pending[i];
        Checked& r = checked[i];
        const io::RawFeature& rf = *p.rf;
        const std::string& id = p.id;
        GeomPtr g = std::move(p.g);
        g.get_deleter().ctx = wc.get();
        const auto make_issue = [&](const char* kind, std::string detail, IssueAction action) {
            return issue_for(rf.fid, id, kind, std::move(detail), action);
        };
        // 5. CRS
        try {
            g = transformer_for(wc).transform(wc, g.get());
        } catch (const Error& e) {
            r.reject_kind = "transform_failed";
            r.issue = make_issue("transform_failed", e.what(), IssueAction::rejected);
            return;
        }
        // 6. validity
        const ValidityReport validity = check_validity(wc, g.get());
        if (!validity.valid) {
            const std::string reason = validity.reason.empty() ? std::string{"invalid"} : validity.reason;
            r.invalid_reason = reason;
            std::string where;
            if (validity.has_location) where = " at (" + fmt(validity.x, 3) + ", " + fmt(validity.y, 3) + ")";
            const double before = area(wc, g.get());
            GeomPtr fixed;
            std::string failure;
            try {
                fixed = repair(wc, g.get());
            } catch (const GeosError& e) {
                failure = e.what();
            }
            const double after = fixed ? area(wc, fixed.get()) : 0.0;
            if (!fixed || is_empty(wc, fixed.get()) || !(after > 0) || !check_validity(wc, fixed.get()).valid) {
                Issue issue = make_issue("unrepairable_geometry",
                                         "invalid geometry (" + reason + where + "); MakeValid left no valid area" +
                                             (failure.empty() ? std::string{} : " (" + failure + ")"),
                                         IssueAction::rejected);
                if (validity.has_location) {
                    issue.x = validity.x;
                    issue.y = validity.y;
                }
                r.reject_kind = "unrepairable_geometry";
                r.issue = std::move(issue);
                return;
            }
            Issue issue = make_issue("invalid_geometry",
                                     reason + where + "; repaired with MakeValid: area " + fmt(before, 2) + " m² before, " +
                                         fmt(after, 2) + " m² after",
                                     IssueAction::repaired);
            if (validity.has_location) {
                issue.x = validity.x;
                issue.y = validity.y;
            }
            r.issue = std::move(issue);
            g = std::move(fixed);
            r.repaired = true;
        }
        r.env = envelope(wc, g.get());
        r.area_m2 = area(wc, g.get());
        polygon_shape(wc, g.get(), r.multipart, r.holes);
        r.perimeter_m = out.is_table ? 0.0 : length(wc, g.get());
        g.get_deleter().ctx = c.get();
        r.g = std::move(g);
    });
    worker_transformers.clear();

    for (std::size_t i = 0; i < pending.size(); ++i) {
        Pending& p = pending[i];
        Checked& r = checked[i];
        io::RawFeature& rf = *p.rf;
        const std::string& id = p.id;
        const auto make_issue = [&](const char* kind, std::string detail, IssueAction action) {
            return issue_for(rf.fid, id, kind, std::move(detail), action);
        };
        if (!r.invalid_reason.empty()) ++out.stats.invalid_by_reason[r.invalid_reason];
        if (r.reject_kind) {
            ++out.counts.rejected;
            ++out.stats.rejected_by_kind[r.reject_kind];
            issues.add(std::move(*r.issue));
            continue;
        }
        if (r.issue) issues.add(std::move(*r.issue));

        Feature f;
        f.fid = rf.fid;
        f.id = id;
        f.env = r.env;
        f.area_m2 = r.area_m2;
        f.repaired = r.repaired;
        f.values = std::move(rf.values);
        if (r.multipart) ++out.stats.multipart;
        if (r.holes) ++out.stats.with_holes;
        f.geom = std::move(r.g);
        if (r.repaired) ++out.counts.repaired;

        // 7. identity and size (notes; the feature is used)
        if (!id.empty()) {
            const auto [it, inserted] = first_fid_of_id.emplace(id, f.fid);
            if (!inserted) {
                ++out.stats.duplicate_ids;
                Issue issue = make_issue("duplicate_id", "id \"" + id + "\" was already used by fid " + std::to_string(it->second) +
                                                             "; both features are kept",
                                         IssueAction::kept);
                issue.field = "id";
                issues.add(std::move(issue));
            }
        }
        // A sliver is tiny, or thin: mean width 2·area/perimeter (exact for a long strip, whose
        // perimeter is about twice its length) below sliver_width_m.
        const double perimeter_m = r.perimeter_m;
        const double mean_width_m = perimeter_m > 0 ? 2.0 * f.area_m2 / perimeter_m : 0.0;
        if (f.area_m2 < options.sliver_area_m2) {
            ++out.stats.slivers;
            issues.add(make_issue("sliver", "area " + fmt(f.area_m2, 4) + " m² is below the sliver area " +
                                                fmt(options.sliver_area_m2, 2) + " m²",
                                  IssueAction::note));
        } else if (perimeter_m > 0 && mean_width_m < options.sliver_width_m) {
            ++out.stats.slivers;
            issues.add(make_issue("sliver", "thin strip: mean width " + fmt(mean_width_m, 3) + " m (area " + fmt(f.area_m2, 2) +
                                                " m²) is below the sliver width " + fmt(options.sliver_width_m, 2) + " m",
                                  IssueAction::note));
        }
        out.features.push_back(std::move(f));
    }
    out.counts.used = static_cast<std::int64_t>(out.features.size());

    if (out.stats.dropped_z > 0) {
        Issue issue;
        issue.layer = out.name;
        issue.kind = "dropped_z";
        issue.detail = std::to_string(out.stats.dropped_z) + " feature(s) had Z or M values; tenglong works in 2D and dropped them";
        issue.action = IssueAction::note;
        issues.add(std::move(issue));
    }
    if (linearized > 0) {
        Issue issue;
        issue.layer = out.name;
        issue.kind = "linearized_curves";
        issue.detail = std::to_string(linearized) + " feature(s) had curved edges; they were approximated by straight segments";
        issue.action = IssueAction::note;
        issues.add(std::move(issue));
    }
    return out;
}

} // namespace tl::geom
