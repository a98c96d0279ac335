#include "report/wgs84.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <ogr_spatialref.h>

#include "core/errors.hpp"
#include "io/gdal.hpp"

namespace tl::report {

void SrsRelease::operator()(OGRSpatialReference* s) const noexcept {
    if (s) s->Release();
}

namespace {

// Each coordinate rounded to kGeoJsonDecimals decimals (correctly: through the decimal text, as
// printf's %.7f rounds), so that GDAL's writer can print it with one "%.15g" (its
// SIGNIFICANT_FIGURES path): GDAL's COORDINATE_PRECISION path formats every coordinate through a
// std::ostringstream (OGRFormatDouble) and its rounding heuristic drops real last digits.
double round_decimals(double v) {
    if (!std::isfinite(v)) return v;
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, kGeoJsonDecimals);
    if (ec != std::errc()) return v;
    double r = v;
    std::from_chars(buf, end, r);
    return r == 0 ? 0.0 : r;   // no "-0"
}

void round_curve(OGRSimpleCurve* c) {
    const bool z = c->Is3D();
    for (int i = 0; i < c->getNumPoints(); ++i) {
        if (z) c->setPoint(i, round_decimals(c->getX(i)), round_decimals(c->getY(i)), round_decimals(c->getZ(i)));
        else c->setPoint(i, round_decimals(c->getX(i)), round_decimals(c->getY(i)));
    }
}

// The geometry as an RFC 7946 file holds it, ready for GDAL's plain GeoJSON writer (which writes
// rings as given, and skips the RFC 7946 mode's per-feature copy of every field and the
// geometry): coordinates rounded as above, and rings by the right-hand rule (§3.1.6), decided as
// GDAL's RFC 7946 writer decides it, on the unrounded ring (ogrgeojsonwriter.cpp: an exterior
// ring that isClockwise(), an interior ring that is not, is reversed).
void to_rfc7946_form(OGRGeometry* g) {
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            OGRPoint* p = g->toPoint();
            if (p->IsEmpty()) break;
            p->setX(round_decimals(p->getX()));
            p->setY(round_decimals(p->getY()));
            if (p->Is3D()) p->setZ(round_decimals(p->getZ()));
            break;
        }
        case wkbLineString:
            round_curve(g->toSimpleCurve());
            break;
        case wkbPolygon: {
            OGRPolygon* p = g->toPolygon();
            if (OGRLinearRing* ext = p->getExteriorRing()) {
                if (ext->isClockwise()) ext->reverseWindingOrder();
                round_curve(ext);
            }
            for (int k = 0; k < p->getNumInteriorRings(); ++k) {
                OGRLinearRing* hole = p->getInteriorRing(k);
                if (!hole->isClockwise()) hole->reverseWindingOrder();
                round_curve(hole);
            }
            break;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            OGRGeometryCollection* gc = g->toGeometryCollection();
            for (int k = 0; k < gc->getNumGeometries(); ++k) to_rfc7946_form(gc->getGeometryRef(k));
            break;
        }
        default: break;
    }
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// One thread's transformation to WGS 84: its own source and target CRS and
// OGRCoordinateTransformation (made once per thread and run: creating one costs as much as
// transforming some ten thousand parcels), and the blocks the WKB is kept in (1 MB each, handed
// to the Impl after each transform()).
struct Transformer {
    SrsPtr source, target;
    std::unique_ptr<OGRCoordinateTransformation> ct;   // null: the working CRS is WGS 84
    // transformWithOptions' own transformations (WRAPDATELINE), made on its first use: as
    // costly as `ct`, so kept with it.
    OGRGeometryFactory::TransformWithOptionsCache cache;
    std::vector<std::unique_ptr<unsigned char[]>> blocks;
    std::size_t used = 0, capacity = 0;   // of blocks.back()

    unsigned char* take(std::size_t n) {
        constexpr std::size_t block_size = std::size_t{1} << 20;
        if (blocks.empty() || used + n > capacity) {
            capacity = std::max(block_size, n);
            blocks.emplace_back(new unsigned char[capacity]);
            used = 0;
        }
        unsigned char* p = blocks.back().get() + used;
        used += n;
        return p;
    }
}; // struct Transformer

} // namespace

struct Wgs84Geometries::Impl {
    std::string wkt;
    bool valid = false;
    bool target_3d = false;   // GDAL's RFC 7946 writer targets EPSG:4979 for a 3-axis CRS
    // Each WGS 84 geometry is kept as ISO WKB in large blocks (exact doubles, a few bytes of
    // header): OGRGeometry objects cost about twice the memory, and the write stage sets the
    // run's peak memory. No entry (data == nullptr): could not be transformed.
    struct Entry {
        const unsigned char* data = nullptr;
        std::size_t size = 0;
        std::size_t pending = npos;   // place in `pending` (reserve)
    }; // struct Entry
    std::unordered_map<const GEOSGeometry*, Entry> by_geom;
    std::vector<std::unique_ptr<unsigned char[]>> blocks;
    std::mutex blocks_mutex;                     // transform() on several threads
    std::vector<const GEOSGeometry*> pending;    // reserved, in first-seen order
    std::vector<Entry*> pending_slots;           // their entries (no insertion while transforms run)
    std::mutex transformers_mutex;
    std::map<std::thread::id, std::unique_ptr<Transformer>> transformers;   // one per thread that ran transform()

    // The working CRS as the writers always built it for GDAL's layer (axis order first).
    SrsPtr working() const {
        SrsPtr s{new OGRSpatialReference()};
        s->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (s->importFromWkt(wkt.c_str()) != OGRERR_NONE) return nullptr;
        return s;
    }
    // The CRS GDAL's GeoJSON driver (ogrgeojsondatasource.cpp, RFC7946=YES) transforms to.
    SrsPtr target() const {
        SrsPtr s{new OGRSpatialReference()};
        if (target_3d) s->importFromEPSG(4979);
        else s->SetWellKnownGeogCS("WGS84");
        s->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return s;
    }
}; // struct Wgs84Geometries::Impl

Wgs84Geometries::Wgs84Geometries(const geom::CrsInfo& working) : m(std::make_unique<Impl>()) {
    io::gdal::ensure_registered();
    m->wkt = working.wkt;
    const SrsPtr s = m->working();
    m->valid = s != nullptr;
    m->target_3d = s && s->GetAxesCount() == 3;
}

Wgs84Geometries::~Wgs84Geometries() = default;

bool Wgs84Geometries::valid() const noexcept { return m->valid; }

std::size_t Wgs84Geometries::size() const { return m->by_geom.size(); }

std::pair<const unsigned char*, std::size_t> Wgs84Geometries::wkb(const GEOSGeometry* g) const {
    const auto it = m->by_geom.find(g);
    if (it == m->by_geom.end() || !it->second.data) return {nullptr, 0};
    return {it->second.data, it->second.size};
}

std::unique_ptr<OGRGeometry> Wgs84Geometries::make(const GEOSGeometry* g) const {
    const auto it = m->by_geom.find(g);
    if (it == m->by_geom.end() || !it->second.data) return nullptr;
    OGRGeometry* out = nullptr;
    if (OGRGeometryFactory::createFromWkb(it->second.data, nullptr, &out, it->second.size, wkbVariantIso) != OGRERR_NONE) {
        return nullptr;
    }
    return std::unique_ptr<OGRGeometry>(out);
}

std::size_t Wgs84Geometries::reserve(const std::vector<const GEOSGeometry*>& geoms) {
    if (!m->valid) return m->pending.size();
    m->by_geom.reserve(m->by_geom.size() + geoms.size() / 2);
    for (const GEOSGeometry* g : geoms) {
        if (!g) continue;
        auto [it, fresh] = m->by_geom.try_emplace(g);
        if (!fresh) continue;
        it->second.pending = m->pending.size();
        m->pending.push_back(g);
        m->pending_slots.push_back(&it->second);
    }
    return m->pending.size();
}

std::size_t Wgs84Geometries::pending_index(const GEOSGeometry* g) const {
    const auto it = m->by_geom.find(g);
    return it == m->by_geom.end() ? npos : it->second.pending;
}

double Wgs84Geometries::transform(geom::GeosContext& ctx, std::size_t begin, std::size_t end) {
    end = std::min(end, m->pending.size());
    if (!m->valid || begin >= end) return 0.0;
    const double t0 = thread_cpu_seconds();
    Transformer* tw = nullptr;
    {
        std::lock_guard<std::mutex> lock(m->transformers_mutex);
        std::unique_ptr<Transformer>& own = m->transformers[std::this_thread::get_id()];
        if (!own) own = std::make_unique<Transformer>();
        tw = own.get();
    }
    Transformer& w = *tw;   // this thread's alone
    if (!w.source) {
        w.source = m->working();
        w.target = m->target();
        if (!w.source->IsSame(w.target.get())) w.ct.reset(OGRCreateCoordinateTransformation(w.source.get(), w.target.get()));
    }
    {
        io::gdal::CplErrorCapture quiet;   // a failed transform is reported by the writer
        const OGRGeometryFactory::TransformWithOptionsCache& cache = w.cache;
        char wrap[] = "WRAPDATELINE=YES";
        char* options[] = {wrap, nullptr};
        for (std::size_t i = begin; i < end; ++i) {
            const std::string wkb = geom::to_wkb(ctx, m->pending[i]);
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkb(reinterpret_cast<const unsigned char*>(wkb.data()), w.source.get(), &g, wkb.size(),
                                                  wkbVariantIso) != OGRERR_NONE) {
                continue;   // the writer reports the geometry it cannot convert
            }
            std::unique_ptr<OGRGeometry> src{g};
            const std::unique_ptr<OGRGeometry> out{OGRGeometryFactory::transformWithOptions(src.get(), w.ct.get(), options, cache)};
            if (!out) continue;   // the writer reports it
            to_rfc7946_form(out.get());
            const std::size_t n = out->WkbSize();
            unsigned char* data = w.take(n);
            if (out->exportToWkb(wkbNDR, data, wkbVariantIso) != OGRERR_NONE) continue;
            m->pending_slots[i]->data = data;
            m->pending_slots[i]->size = n;
        }
    }
    {
        std::lock_guard<std::mutex> lock(m->blocks_mutex);
        for (auto& b : w.blocks) m->blocks.push_back(std::move(b));
    }
    w.blocks.clear();   // the next transform() on this thread starts a block of its own
    w.used = w.capacity = 0;
    return thread_cpu_seconds() - t0;
}

double Wgs84Geometries::add(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms, unsigned threads) {
    if (!m->valid) return 0.0;
    // Distinct geometries in first-seen order; each gets its own slot in the map, filled by
    // exactly one worker (no insertion while the workers run).
    const std::size_t first = m->pending.size();
    const std::size_t last = reserve(geoms);
    if (first == last) return 0.0;

    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    constexpr std::size_t chunk = 4096;
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((last - first + chunk - 1) / chunk)));
    std::vector<double> cpu(threads, 0.0);
    std::atomic<std::size_t> next{first};
    auto run = [&](geom::GeosContext& ctx, unsigned k) {
        for (std::size_t begin = next.fetch_add(chunk); begin < last; begin = next.fetch_add(chunk))
            cpu[k] += transform(ctx, begin, std::min(last, begin + chunk));
    };
    if (threads == 1) {
        run(c, 0);
    } else {
        std::vector<std::thread> pool;
        std::exception_ptr failure;
        std::mutex failure_mutex;
        for (unsigned k = 1; k < threads; ++k) {
            pool.emplace_back([&, k] {
                try {
                    geom::GeosContext ctx;   // one GEOS context per thread
                    run(ctx, k);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(failure_mutex);
                    if (!failure) failure = std::current_exception();
                }
            });
        }
        try {
            run(c, 0);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
        }
        for (auto& th : pool) th.join();
        if (failure) std::rethrow_exception(failure);
    }
    double total = 0.0;
    for (double s : cpu) total += s;
    return total;
}

GeoJsonFile create_geojson(const std::string& layer_name, const Wgs84Geometries& wgs84, const std::filesystem::path& file) {
    io::gdal::ensure_registered();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!drv) throw IoError(file.string(), "GDAL has no GeoJSON driver");
    if (!wgs84.valid()) throw IoError(file.string(), "working CRS cannot be read back as WKT");
    std::filesystem::remove(file);
    GeoJsonFile g;
    g.ds.reset(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!g.ds) throw IoError(file.string(), std::string("cannot create GeoJSON: ") + CPLGetLastErrorMsg());
    char** lco = nullptr;
    lco = CSLSetNameValue(lco, "SIGNIFICANT_FIGURES", "15");
    lco = CSLSetNameValue(lco, "WRITE_BBOX", "NO");
    lco = CSLSetNameValue(lco, "WRITE_NAME", "NO");
    g.layer = g.ds->CreateLayer(layer_name.c_str(), nullptr, wkbUnknown, lco);
    CSLDestroy(lco);
    if (!g.layer) throw IoError(file.string(), std::string("cannot create layer: ") + CPLGetLastErrorMsg());
    return g;
}

} // namespace tl::report
