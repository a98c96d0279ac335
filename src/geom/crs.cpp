#include "geom/crs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <geodesic.h>
#include <ogr_spatialref.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include "core/errors.hpp"

namespace tl::geom {

namespace {

// CGCS2000 ellipsoid (domain.md §9.1). GRS80's 1/f differs by 1e-10: the same for our purposes.
constexpr double kCgcsA = 6378137.0;
constexpr double kCgcsInvF = 298.257222101;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string fmt_double(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Runs OGR calls with GDAL's messages captured instead of printed; restores the error state.
class QuietCpl {
public:
    QuietCpl() : m_pusher(CPLQuietErrorHandler) { CPLErrorReset(); }
    std::string message() const { return CPLGetLastErrorMsg(); }
private:
    CPLErrorStateBackuper m_backup;
    CPLErrorHandlerPusher m_pusher;
};

struct SrsArrayFree {
    void operator()(OGRSpatialReferenceH* a) const noexcept { OSRFreeSRSArray(a); }
};
struct CplFree {
    void operator()(void* p) const noexcept { CPLFree(p); }
};

// EPSG code of `srs` itself when it carries one at its root.
std::optional<int> authority_epsg(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code && lower(auth) == "epsg") {
        try {
            return std::stoi(code);
        } catch (...) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

// PROJ's identification; the best EPSG match with confidence >= 70 %.
std::optional<int> find_match(const OGRSpatialReference& srs, int* confidence) {
    int n = 0;
    int* conf_raw = nullptr;
    std::unique_ptr<OGRSpatialReferenceH, SrsArrayFree> matches{srs.FindMatches(nullptr, &n, &conf_raw)};
    std::unique_ptr<int, CplFree> conf{conf_raw};
    for (int i = 0; i < n && matches; ++i) {
        const auto* m = OGRSpatialReference::FromHandle(matches.get()[i]);
        const int c = conf ? conf.get()[i] : 0;
        if (c < 70) break;  // sorted by decreasing confidence
        if (auto code = authority_epsg(*m)) {
            *confidence = c;
            return code;
        }
    }
    return std::nullopt;
}

bool near(double a, double b, double tol) { return std::fabs(a - b) <= tol; }

bool is_tm(const OGRSpatialReference& srs) {
    const char* p = srs.GetAttrValue("PROJECTION");
    if (!p) return false;
    const std::string proj = lower(p);
    return proj == "transverse_mercator" || proj == "gauss_kruger" || proj == "gauss-kruger";
}

// The CGCS2000 Gauss-Kruger family by its parameters (domain.md §9.1):
//   3° zone-prefixed: 4513 + (zone − 25), zones 25–45, CM = 3·zone, FE = zone·10⁶ + 500 000
//   3° CM-only:       4534 + (CM − 75)/3, CM 75–135,  FE = 500 000
//   6° zone-prefixed: 4491 + (zone − 13), zones 13–23, CM = 6·zone − 3
//   (6° CM-only codes 4502–4512 have the 3° CM-only parameters; we choose the 3° code.)
std::optional<int> match_cgcs2000_gk(const OGRSpatialReference& srs) {
    if (!srs.IsProjected() || !is_tm(srs)) return std::nullopt;
    OGRErr err = OGRERR_NONE;
    const double a = srs.GetSemiMajor(&err);
    if (err != OGRERR_NONE || !near(a, kCgcsA, 1e-3)) return std::nullopt;
    const double invf = srs.GetInvFlattening(&err);
    if (err != OGRERR_NONE || !near(invf, kCgcsInvF, 1e-6)) return std::nullopt;
    // The ellipsoid is shared with GRS80 datums (NAD83, ETRS89, GDA94, ...): the datum name
    // must not name one of those. CGCS2000 exports call it D_China_2000, China_2000,
    // China_Geodetic_Coordinate_System_2000, D_CGCS2000, or leave it unnamed.
    const char* dn = srs.GetAttrValue("DATUM");
    const std::string datum = dn ? lower(dn) : std::string{};
    const bool cgcs_name = datum.find("2000") != std::string::npos || datum.find("china") != std::string::npos ||
                           datum.find("cgcs") != std::string::npos;
    const bool unnamed = datum.empty() || datum.find("unknown") != std::string::npos ||
                         datum.find("unnamed") != std::string::npos || datum.find("not specified") != std::string::npos ||
                         datum.find("not_specified") != std::string::npos || datum.find("custom") != std::string::npos;
    if (!cgcs_name && !unnamed) return std::nullopt;
    if (!near(srs.GetLinearUnits(nullptr), 1.0, 1e-12)) return std::nullopt;
    const double k0 = srs.GetNormProjParm(SRS_PP_SCALE_FACTOR, 1.0);
    const double lat0 = srs.GetNormProjParm(SRS_PP_LATITUDE_OF_ORIGIN, 0.0);
    const double fn = srs.GetNormProjParm(SRS_PP_FALSE_NORTHING, 0.0);
    const double cm = srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0);
    const double fe = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
    if (!near(k0, 1.0, 1e-9) || !near(lat0, 0.0, 1e-9) || !near(fn, 0.0, 1e-6)) return std::nullopt;
    const double cm_r = std::round(cm);
    if (!near(cm, cm_r, 1e-9)) return std::nullopt;
    const int cm_i = static_cast<int>(cm_r);
    if (cm_i < 75 || cm_i > 135 || cm_i % 3 != 0) return std::nullopt;
    if (near(fe, 500000.0, 1e-6)) return 4534 + (cm_i - 75) / 3;
    const double zone_r = std::round((fe - 500000.0) / 1e6);
    if (!near(fe, zone_r * 1e6 + 500000.0, 1e-6)) return std::nullopt;
    const int zone = static_cast<int>(zone_r);
    if (zone >= 25 && zone <= 45 && zone * 3 == cm_i) return 4513 + (zone - 25);
    if (zone >= 13 && zone <= 23 && zone * 6 - 3 == cm_i) return 4491 + (zone - 13);
    return std::nullopt;
}

CrsInfo describe(const OGRSpatialReference& srs) {
    CrsInfo info;
    info.epsg = authority_epsg(srs);
    if (const char* n = srs.GetName()) info.name = n;
    char* wkt = nullptr;
    const char* const opts[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
    if (srs.exportToWkt(&wkt, opts) == OGRERR_NONE && wkt) info.wkt = wkt;
    CPLFree(wkt);
    info.geographic = srs.IsGeographic() != 0;
    info.projected = srs.IsProjected() != 0;
    if (info.projected) {
        const char* unit = nullptr;
        const double factor = srs.GetLinearUnits(&unit);
        info.linear_unit = near(factor, 1.0, 1e-12) ? std::string{"metre"} : std::string{unit ? unit : ""};
        if (is_tm(srs)) {
            info.transverse_mercator = true;
            info.central_meridian = srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0);
            info.false_easting_m = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
        }
    }
    return info;
}

} // namespace

namespace {
thread_local std::string t_last_proj_message;

void keep_proj_message(void* /*app_data*/, int level, const char* msg) {
    if (level <= PJ_LOG_ERROR && msg) t_last_proj_message = msg;
}
} // namespace

void route_proj_logging() {
    static std::once_flag once;
    std::call_once(once, [] { proj_log_func(PJ_DEFAULT_CTX, nullptr, &keep_proj_message); });
}

std::string last_proj_message() { return t_last_proj_message; }

std::string CrsInfo::label() const {
    if (epsg) return "EPSG:" + std::to_string(*epsg) + (name.empty() ? "" : " " + name);
    return name.empty() ? std::string{"(unnamed CRS)"} : name;
}

CrsInfo identify_crs(const std::string& definition, const std::string& decided_by) {
    route_proj_logging();
    const std::string def = trim(definition);
    QuietCpl quiet;
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (def.empty() || srs.SetFromUserInput(def.c_str()) != OGRERR_NONE) {
        std::string shown = def.size() > 120 ? def.substr(0, 117) + "..." : def;
        std::string why = quiet.message();
        throw ConfigError("", "\"" + shown + "\" is not a coordinate reference system PROJ understands" +
                                  (why.empty() ? std::string{} : " (" + why + ")") +
                                  "; use an EPSG code such as \"EPSG:4549\", WKT, or a .prj file's text");
    }

    std::optional<int> code = authority_epsg(srs);
    std::string how;
    if (code) {
        how = "EPSG code";
    } else {
        int confidence = 0;
        code = find_match(srs, &confidence);
        if (code) {
            how = "matched EPSG, confidence " + std::to_string(confidence) + "%";
        } else if ((code = match_cgcs2000_gk(srs))) {
            how = "matched CGCS2000 Gauss-Kruger parameters";
        }
    }

    if (code) {
        OGRSpatialReference canonical;
        canonical.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (canonical.importFromEPSG(*code) == OGRERR_NONE) {
            CrsInfo info = describe(canonical);
            info.epsg = *code;
            info.decided_by = decided_by + " (" + how + ")";
            return info;
        }
    }
    CrsInfo info = describe(srs);
    info.epsg.reset();
    info.decided_by = decided_by + " (no EPSG match; used as given)";
    return info;
}

CrsInfo cgcs2000_geographic() {
    static const CrsInfo info = identify_crs("EPSG:4490", "CGCS2000 geographic");
    return info;
}

// ---- diagnosis --------------------------------------------------------------------------

namespace {

// Zone-prefixed code for a Gauss-Kruger easting such as 40 512 345 (zone 40 -> 4528).
std::optional<int> zone_prefixed_code(double x) {
    if (!(x >= 0 && x < 1e9)) return std::nullopt;   // the int conversion below must not overflow
    const int zone = static_cast<int>(std::floor(x / 1e6));
    if (zone >= 25 && zone <= 45) return 4513 + (zone - 25);
    if (zone >= 13 && zone <= 23) return 4491 + (zone - 13);
    return std::nullopt;
}

bool in(double v, double lo, double hi) { return v >= lo && v <= hi; }

std::string coords(const Envelope& e) {
    return "x " + fmt_double(e.minx, 0) + "…" + fmt_double(e.maxx, 0) + ", y " + fmt_double(e.miny, 0) + "…" +
           fmt_double(e.maxy, 0);
}

} // namespace

CoordinateDiagnosis diagnose_coordinates(const CrsInfo& crs, const Envelope& e) {
    CoordinateDiagnosis d;
    if (e.minx == 0 && e.miny == 0 && e.maxx == 0 && e.maxy == 0) return d;
    if (!plausible_coordinate(e.minx, e.miny) || !plausible_coordinate(e.maxx, e.maxy)) return d;
    const bool looks_degrees = in(e.minx, -180, 180) && in(e.maxx, -180, 180) && in(e.miny, -90, 90) && in(e.maxy, -90, 90);
    const std::string label = crs.label();

    if (crs.geographic) {
        if (looks_degrees) return d;
        d.ok = false;
        d.problem = "metres_in_geographic";
        d.explanation = "coordinates (" + coords(e) + ") are not degrees, but the layer's CRS is geographic (" + label +
                        "); the data is projected: set the layer's crs to its projected CRS";
        if (auto z = zone_prefixed_code(e.minx); z && zone_prefixed_code(e.maxx) == z) {
            d.suggested_epsg = z;
            d.explanation += " (the 8-digit eastings carry zone prefix " + std::to_string(static_cast<int>(e.minx / 1e6)) +
                             ": EPSG:" + std::to_string(*z) + ")";
        } else {
            d.explanation += " (for example EPSG:4549 for CGCS2000 CM 120E; read the data's metadata — the "
                             "central meridian cannot be told from 6-digit eastings)";
        }
        return d;
    }
    if (!crs.projected) return d;

    if (looks_degrees) {
        d.ok = false;
        d.problem = "degrees_in_projected";
        d.suggested_epsg = 4490;
        d.explanation = "coordinates (" + coords(e) + ") look like longitude/latitude degrees, but the layer's CRS is " +
                        label + "; set the layer's crs to its geographic CRS, e.g. \"EPSG:4490\" (CGCS2000)";
        return d;
    }
    if (!crs.transverse_mercator) return d;

    // North-first: X = northing written first, as Chinese surveying does (Zhejiang 27–31.2°N).
    const auto easting_range = [&](double v) {
        const double local = v - std::floor(v / 1e6) * 1e6;  // without a zone prefix
        return in(local, 3e5, 7.4e5);
    };
    if (in(e.minx, 2.9e6, 3.5e6) && in(e.maxx, 2.9e6, 3.5e6) && easting_range(e.miny) && easting_range(e.maxy) &&
        (e.maxy - e.miny) < 1e6) {
        d.ok = false;
        d.problem = "north_first";
        d.suggested_epsg = crs.epsg;
        d.explanation = "coordinates (" + coords(e) + ") have the northing first (x = 2.9–3.5 million m is a Zhejiang "
                        "northing, y looks like an easting): the data was written in surveying order (X north); swap x "
                        "and y when exporting, or re-export the layer with easting first";
        return d;
    }

    const double fe = crs.false_easting_m.value_or(500000.0);
    const bool crs_prefixed = fe >= 1e6;
    if (!crs_prefixed) {
        auto z = zone_prefixed_code(e.minx);
        if (z && zone_prefixed_code(e.maxx) == z) {
            const int zone = static_cast<int>(std::floor(e.minx / 1e6));
            d.ok = false;
            d.problem = "zone_prefixed";
            d.suggested_epsg = z;
            d.explanation = "eastings (" + fmt_double(e.minx, 0) + "…" + fmt_double(e.maxx, 0) + ") carry the zone prefix " +
                            std::to_string(zone) + ", but " + label + " has no zone prefix (false easting " +
                            fmt_double(fe, 0) + "); the data is EPSG:" + std::to_string(*z) +
                            ": set crs = \"EPSG:" + std::to_string(*z) + "\" for the layer in the project file";
        }
        return d;
    }
    // Zone-prefixed CRS, 6-digit eastings.
    if (in(e.minx, 1e5, 9e5) && in(e.maxx, 1e5, 9e5)) {
        d.ok = false;
        d.problem = "missing_zone_prefix";
        std::optional<int> cm_only;
        if (crs.central_meridian) {
            const double cm = *crs.central_meridian;
            const int cm_i = static_cast<int>(std::lround(cm));
            if (cm_i >= 75 && cm_i <= 135 && cm_i % 3 == 0) cm_only = 4534 + (cm_i - 75) / 3;
        }
        d.suggested_epsg = cm_only;
        d.explanation = "eastings (" + fmt_double(e.minx, 0) + "…" + fmt_double(e.maxx, 0) + ") have no zone prefix, but " +
                        label + " expects one (false easting " + fmt_double(fe, 0) + ")" +
                        (cm_only ? "; the data is EPSG:" + std::to_string(*cm_only) + ": set crs = \"EPSG:" +
                                       std::to_string(*cm_only) + "\" for the layer in the project file"
                                 : std::string{"; set the layer's crs to the matching CM-only CRS"});
    }
    return d;
}

// ---- Transformer ------------------------------------------------------------------------

namespace {
struct PjContextDeleter {
    void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using PjContextPtr = std::unique_ptr<PJ_CONTEXT, PjContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;
} // namespace

struct Transformer::Impl {
    PjContextPtr ctx;
    PjPtr op;
    std::string from_label, to_label;

    std::string last_log;  // PROJ's last message (kept, not printed: errors are ours to report)

    static void on_log(void* self, int level, const char* msg) {
        if (level <= PJ_LOG_ERROR && msg) static_cast<Impl*>(self)->last_log = msg;
    }
    std::string last_error() const {
        const int e = ctx ? proj_context_errno(ctx.get()) : 0;
        const char* s = e ? proj_context_errno_string(ctx.get(), e) : nullptr;
        if (s) return s;
        if (!last_log.empty()) return last_log;
        return "coordinate outside the area where the transformation is defined";
    }
    bool trans(double& x, double& y) const noexcept {
        if (!std::isfinite(x) || !std::isfinite(y)) return false;
        proj_errno_reset(op.get());
        const PJ_COORD out = proj_trans(op.get(), PJ_FWD, proj_coord(x, y, 0, 0));
        if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y) || out.xy.x == HUGE_VAL) return false;
        x = out.xy.x;
        y = out.xy.y;
        return true;
    }
};

Transformer::Transformer(const CrsInfo& from, const CrsInfo& to) : m_impl{std::make_unique<Impl>()} {
    m_impl->from_label = from.label();
    m_impl->to_label = to.label();
    // Same CRS, or no CRS on either side (coordinates are taken as they are, e.g. by inspect).
    if ((from.epsg && to.epsg && *from.epsg == *to.epsg) || from.wkt == to.wkt) {
        m_identity = true;
        return;
    }
    route_proj_logging();
    m_impl->ctx.reset(proj_context_create());
    if (!m_impl->ctx) throw std::bad_alloc{};
    PJ_CONTEXT* ctx = m_impl->ctx.get();
    proj_log_func(ctx, m_impl.get(), &Impl::on_log);
    const auto fail = [&](const std::string& what) {
        throw DataError("cannot transform from " + m_impl->from_label + " to " + m_impl->to_label + ": " + what + " (" +
                    m_impl->last_error() + ")");
    };
    PjPtr src{proj_create(ctx, from.wkt.c_str())};
    if (!src) fail("PROJ does not understand the source CRS");
    PjPtr dst{proj_create(ctx, to.wkt.c_str())};
    if (!dst) fail("PROJ does not understand the target CRS");
    if (proj_is_equivalent_to_with_ctx(ctx, src.get(), dst.get(), PJ_COMP_EQUIVALENT)) {
        m_identity = true;
        return;
    }
    PjPtr op{proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr)};
    if (!op) fail("PROJ found no coordinate operation");
    m_impl->op.reset(proj_normalize_for_visualization(ctx, op.get()));
    if (!m_impl->op) fail("cannot set the x/y axis order");
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

bool Transformer::try_transform_point(double& x, double& y) const noexcept {
    if (m_identity) return std::isfinite(x) && std::isfinite(y);
    return m_impl->trans(x, y);
}

void Transformer::transform_point(double& x, double& y) const {
    const double x0 = x, y0 = y;
    if (!try_transform_point(x, y)) {
        throw DataError("cannot transform (" + fmt_double(x0, 3) + ", " + fmt_double(y0, 3) + ") from " + m_impl->from_label +
                        " to " + m_impl->to_label + ": " + (m_identity ? std::string{"not a finite number"} : m_impl->last_error()));
    }
}

namespace {
struct TransformState {
    const Transformer* t;
    bool failed = false;
    double x = 0, y = 0;
};
int transform_cb(double* x, double* y, void* userdata) {
    auto* s = static_cast<TransformState*>(userdata);
    const double x0 = *x, y0 = *y;
    if (s->t->try_transform_point(*x, *y)) return 1;
    s->failed = true;
    s->x = x0;
    s->y = y0;
    return 0;
}
} // namespace

GeomPtr Transformer::transform(GeosContext& c, const GEOSGeometry* g) const {
    if (m_identity) return clone(c, g);
    TransformState state{this};
    GEOSGeometry* r = GEOSGeom_transformXY_r(c.get(), g, &transform_cb, &state);
    if (!r) {
        if (state.failed) {
            throw DataError("cannot transform (" + fmt_double(state.x, 3) + ", " + fmt_double(state.y, 3) + ") from " +
                            m_impl->from_label + " to " + m_impl->to_label + ": " + m_impl->last_error());
        }
        c.raise("transform");
    }
    return GeomPtr{r, GeomDeleter{c.get()}};
}

// ---- ellipsoidal area -------------------------------------------------------------------

namespace {

double ring_area(GeosContext& c, const GEOSGeometry* ring, const Transformer& t, const geod_geodesic& geod) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), ring);
    if (!seq) c.raise("ring coordinates");
    unsigned int n = 0;
    if (!GEOSCoordSeq_getSize_r(c.get(), seq, &n)) c.raise("ring size");
    if (n < 4) return 0;
    std::vector<double> lats, lons;
    lats.reserve(n);
    lons.reserve(n);
    for (unsigned int i = 0; i + 1 < n; ++i) {  // the closing point repeats the first
        double x = 0, y = 0;
        if (!GEOSCoordSeq_getXY_r(c.get(), seq, i, &x, &y)) c.raise("ring coordinate");
        t.transform_point(x, y);
        lons.push_back(x);
        lats.push_back(y);
    }
    double a = 0, p = 0;
    geod_polygonarea(&geod, lats.data(), lons.data(), static_cast<int>(lats.size()), &a, &p);
    return std::fabs(a);
}

double polygonal_area(GeosContext& c, const GEOSGeometry* g, const Transformer& t, const geod_geodesic& geod) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(c.get(), g) == 1) return 0;
        double a = ring_area(c, GEOSGetExteriorRing_r(c.get(), g), t, geod);
        const int holes = GEOSGetNumInteriorRings_r(c.get(), g);
        for (int i = 0; i < holes; ++i) a -= ring_area(c, GEOSGetInteriorRingN_r(c.get(), g, i), t, geod);
        return a;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        double a = 0;
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i) a += polygonal_area(c, GEOSGetGeometryN_r(c.get(), g, i), t, geod);
        return a;
    }
    return 0;
}

} // namespace

double ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const Transformer& to_lonlat) {
    geod_geodesic geod;
    geod_init(&geod, kCgcsA, 1.0 / kCgcsInvF);
    return polygonal_area(c, g, to_lonlat, geod);
}

// ---- ellipsoidal area from Gauss-Kruger grid coordinates -------------------------------
//
// Gauss-Kruger is conformal: an element of area dx·dy of the grid is dx·dy / k² on the
// ellipsoid, k the point scale factor there. The ellipsoidal area of the region the polygon
// bounds in the grid (its edges straight lines of the grid, as the parcel is drawn and stored) is
// therefore ∫∫ dA / k². Expanded about the polygon's centroid c, with E the distance from the
// central meridian (k0 = 1) and R² = M·N (the Gaussian radius of curvature at c):
//     1/k² = 1/k(c)² + (first-order terms, whose integral about the centroid is 0)
//            + ½·∂²(1/k²)/∂E²·(E − E_c)² + ⅙·∂³(1/k²)/∂E³·(E − E_c)³ + …
// with 1/k² = sech²(E/R) up to terms in e²·E⁴/R⁴ (k = cosh(E/R) on the sphere), so
// ∂²(1/k²)/∂E² = −2/R² + 8·E_c²/R⁴ and ∂³(1/k²)/∂E³ = 16·E_c/R⁴:
//     area = A / k(c)² − (1 − 4·E_c²/R²)·I₂ / R² + (8/3)·E_c·I₃ / R⁴,   I_n = ∫∫ (E − E_c)ⁿ dA.
// For a parcel of 500 m the I₂ term is 5e-10 of the area and I₃'s below 1e-15; the neglected
// terms (northward variation of R, the fourth order) stay below 3e-9 of the area even for
// county-sized polygons 60 km across and up to 300 km from the CM (measured against geodesic
// polygons densified to 20 m edges: README § Benchmark). k(c) and the latitude come from Krüger's series to order n⁶ (C. F. F. Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85 (2011), eqs. 11, 25–29
// and 35–36): accurate to a few nanometres within 4 000 km of the CM, far below what matters here.
// Used only for the CGCS2000 Gauss-Kruger CRSs EPSG:4491–4554 (TM, CGCS2000 ellipsoid, k0 = 1,
// lat0 = 0, FN = 0, metres; domain.md §9.1); any other CRS goes through PROJ and a geodesic
// polygon as before.
namespace {

struct GaussKrugerSeries {
    double e2 = 0, e = 0;
    double rectifying_ratio = 0;   // A/a: the rectifying radius over a (Karney eq. 14)
    double beta[7] = {};           // β1…β6 (Karney eq. 36), β[0] unused

    GaussKrugerSeries() {
        const double f = 1.0 / kCgcsInvF;
        e2 = f * (2 - f);
        e = std::sqrt(e2);
        const double n = f / (2 - f), n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
        rectifying_ratio = (1 + n2 / 4 + n4 / 64 + n6 / 256) / (1 + n);
        beta[1] = n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800;
        beta[2] = n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720;
        beta[3] = 17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720;
        beta[4] = 4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600;
        beta[5] = 4583 * n5 / 161280 - 108847 * n6 / 3991680;
        beta[6] = 20648693 * n6 / 638668800;
    }

    // tan of the conformal latitude for tan φ = tau (Karney eqs. 7–9).
    double conformal_tan(double tau) const {
        const double sigma = std::sinh(e * std::atanh(e * tau / std::hypot(1.0, tau)));
        return std::hypot(1.0, sigma) * tau - sigma * std::hypot(1.0, tau);
    }

    // Scale factor k and sin²φ of the latitude at a grid point, `east_m` from the central
    // meridian and `north_m` from the equator (k0 = 1, lat0 = 0, FN = 0).
    void scale_at(double east_m, double north_m, double& k, double& sin2_phi) const {
        const double a_rect = rectifying_ratio * kCgcsA;
        const double xi = north_m / a_rect, eta = east_m / a_rect;
        double xip = xi, etap = eta, p = 1, q = 0;   // ζ' = ζ − Σ βj sin 2jζ; p + iq = dζ'/dζ (conjugated)
        // sin, cos, sinh, cosh of 2jξ and 2jη by the angle-addition formulas from those of 2ξ
        // and 2η (four calls instead of 24; |2jη| < 0.6 in any Gauss-Kruger zone, so the
        // recurrence adds rounding of a few ulp, far below what k needs).
        const double s1 = std::sin(2 * xi), c1 = std::cos(2 * xi), sh1 = std::sinh(2 * eta), ch1 = std::cosh(2 * eta);
        double s2 = s1, c2 = c1, sh = sh1, ch = ch1;
        for (int j = 1; j <= 6; ++j) {
            if (j > 1) {
                const double s_next = s2 * c1 + c2 * s1, c_next = c2 * c1 - s2 * s1;
                const double sh_next = sh * ch1 + ch * sh1, ch_next = ch * ch1 + sh * sh1;
                s2 = s_next;
                c2 = c_next;
                sh = sh_next;
                ch = ch_next;
            }
            xip -= beta[j] * s2 * ch;
            etap -= beta[j] * c2 * sh;
            p -= 2 * j * beta[j] * c2 * ch;
            q += 2 * j * beta[j] * s2 * sh;
        }
        const double sh_p = std::sinh(etap), ch_p = std::max(0.0, std::cos(xip));
        const double r = std::hypot(sh_p, ch_p);   // cos φ' · cosh η'
        const double taup = std::sin(xip) / r;     // tan of the conformal latitude
        // φ from the conformal latitude by Newton's method (Karney eqs. 19–21).
        double tau = taup / (1 - e2);
        for (int i = 0; i < 8; ++i) {
            const double taupa = conformal_tan(tau);
            const double dtau = (taup - taupa) * (1 + (1 - e2) * tau * tau) /
                                ((1 - e2) * std::hypot(1.0, tau) * std::hypot(1.0, taupa));
            tau += dtau;
            if (!(std::fabs(dtau) >= 1e-14 * std::max(1.0, std::fabs(taup)))) break;
        }
        sin2_phi = tau * tau / (1 + tau * tau);
        // Karney eq. 28 with eq. 25's r: k = (A/a)/|dζ'/dζ| · √(1 − e² sin²φ) · √(1 + tan²φ) · r.
        k = rectifying_ratio / std::hypot(p, q) * std::sqrt(1 - e2 * sin2_phi) * std::hypot(1.0, tau) * r;
    }
};

// Signed moments of one ring about `origin` (shoelace sums; counter-clockwise positive).
struct RingMoments {
    double area = 0, mx = 0, my = 0, mxx = 0, mxxx = 0;   // ∫∫ dA, ∫∫ x dA, ∫∫ y dA, ∫∫ x² dA, ∫∫ x³ dA
};

RingMoments ring_moments(GeosContext& c, const GEOSGeometry* ring, double ox, double oy) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), ring);
    if (!seq) c.raise("ring coordinates");
    unsigned int n = 0;
    if (!GEOSCoordSeq_getSize_r(c.get(), seq, &n)) c.raise("ring size");
    RingMoments m;
    if (n < 4) return m;
    double x0 = 0, y0 = 0;
    if (!GEOSCoordSeq_getXY_r(c.get(), seq, 0, &x0, &y0)) c.raise("ring coordinate");
    x0 -= ox;
    y0 -= oy;
    double area2 = 0, mx6 = 0, my6 = 0, mxx12 = 0, mxxx20 = 0;
    for (unsigned int i = 1; i < n; ++i) {   // the closing point repeats the first
        double x1 = 0, y1 = 0;
        if (!GEOSCoordSeq_getXY_r(c.get(), seq, i, &x1, &y1)) c.raise("ring coordinate");
        x1 -= ox;
        y1 -= oy;
        const double cross = x0 * y1 - x1 * y0;
        area2 += cross;
        mx6 += cross * (x0 + x1);
        my6 += cross * (y0 + y1);
        mxx12 += cross * (x0 * x0 + x0 * x1 + x1 * x1);
        mxxx20 += cross * (x0 + x1) * (x0 * x0 + x1 * x1);   // x0³ + x0²x1 + x0x1² + x1³
        x0 = x1;
        y0 = y1;
    }
    m.area = area2 / 2;
    m.mx = mx6 / 6;
    m.my = my6 / 6;
    m.mxx = mxx12 / 12;
    m.mxxx = mxxx20 / 20;
    return m;
}

void add_moments(RingMoments& sum, const RingMoments& ring, double sign) {
    const double s = ring.area >= 0 ? sign : -sign;   // shells count positive, holes negative, either orientation
    sum.area += s * ring.area;
    sum.mx += s * ring.mx;
    sum.my += s * ring.my;
    sum.mxx += s * ring.mxx;
    sum.mxxx += s * ring.mxxx;
}

void polygonal_moments(GeosContext& c, const GEOSGeometry* g, double ox, double oy, RingMoments& sum) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(c.get(), g) == 1) return;
        add_moments(sum, ring_moments(c, GEOSGetExteriorRing_r(c.get(), g), ox, oy), 1);
        const int holes = GEOSGetNumInteriorRings_r(c.get(), g);
        for (int i = 0; i < holes; ++i) add_moments(sum, ring_moments(c, GEOSGetInteriorRingN_r(c.get(), g, i), ox, oy), -1);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i) polygonal_moments(c, GEOSGetGeometryN_r(c.get(), g, i), ox, oy, sum);
    }
}

// The first coordinate of a polygonal geometry (the moments' origin: keeps the sums' numbers
// small); false when it has none.
bool first_coordinate(GeosContext& c, const GEOSGeometry* g, double& x, double& y) {
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(c.get(), g) == 1) return false;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), GEOSGetExteriorRing_r(c.get(), g));
        return seq && GEOSCoordSeq_getXY_r(c.get(), seq, 0, &x, &y);
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i)
            if (first_coordinate(c, GEOSGetGeometryN_r(c.get(), g, i), x, y)) return true;
    }
    return false;
}

} // namespace

bool cgcs2000_gauss_kruger(const CrsInfo& crs) {
    return crs.epsg && *crs.epsg >= 4491 && *crs.epsg <= 4554 && crs.projected && crs.transverse_mercator &&
           crs.central_meridian && crs.false_easting_m && crs.linear_unit == "metre";
}

double gauss_kruger_ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const CrsInfo& crs) {
    static const GaussKrugerSeries series;
    double ox = 0, oy = 0;
    if (!first_coordinate(c, g, ox, oy)) return 0;
    RingMoments m;
    polygonal_moments(c, g, ox, oy, m);
    if (!(m.area > 0)) return 0;
    if (!plausible_coordinate(ox, oy))
        throw DataError("cannot compute the ellipsoidal area at (" + fmt_double(ox, 3) + ", " + fmt_double(oy, 3) +
                        ") in " + crs.label() + ": not a coordinate of this CRS");
    const double xc = m.mx / m.area, yc = m.my / m.area;
    const double i2 = std::max(0.0, m.mxx - m.area * xc * xc);              // ∫∫ (E − E_c)² dA
    const double i3 = m.mxxx - 3 * xc * m.mxx + 2 * xc * xc * xc * m.area;   // ∫∫ (E − E_c)³ dA
    const double east_c = ox + xc - *crs.false_easting_m;
    double k = 1, sin2_phi = 0;
    series.scale_at(east_c, oy + yc, k, sin2_phi);
    const double e2 = series.e2, w = 1 - e2 * sin2_phi;
    const double r2 = kCgcsA * kCgcsA * (1 - e2) / (w * w);   // M·N
    return m.area / (k * k) - (1 - 4 * east_c * east_c / r2) * i2 / r2 + (8.0 / 3.0) * east_c * i3 / (r2 * r2);
}

double ellipsoidal_area_m2(GeosContext& c, const GEOSGeometry* g, const CrsInfo& crs) {
    if (cgcs2000_gauss_kruger(crs)) return gauss_kruger_ellipsoidal_area_m2(c, g, crs);
    // Building a transformer costs milliseconds (PROJ database look-ups); callers measure
    // thousands of parcels in the same CRS, so each thread keeps the last one it built.
    struct Cache {
        std::string wkt;
        std::optional<Transformer> to_lonlat;
    };
    thread_local Cache cache;
    if (!cache.to_lonlat || cache.wkt != crs.wkt) {
        cache.to_lonlat.reset();
        cache.to_lonlat.emplace(crs, cgcs2000_geographic());
        cache.wkt = crs.wkt;
    }
    return ellipsoidal_area_m2(c, g, *cache.to_lonlat);
}

} // namespace tl::geom
