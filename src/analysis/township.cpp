#include "analysis/township.hpp"

#include <algorithm>
#include <utility>

#include "index/feature_index.hpp"

namespace tl::analysis {

struct OverlapIndex::Impl {
    std::vector<const GEOSGeometry*> geoms;   // borrowed; null = not indexed
    index::FeatureIndex tree;
};

OverlapIndex::OverlapIndex() : m_impl(std::make_unique<Impl>()) {}

OverlapIndex::OverlapIndex(const geom::Layer& layer) : m_impl(std::make_unique<Impl>()) {
    m_impl->geoms.reserve(layer.features.size());
    for (const auto& f : layer.features) m_impl->geoms.push_back(f.geom.get());
    m_impl->tree = index::FeatureIndex(layer);
}

OverlapIndex::OverlapIndex(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->geoms = geoms;
    std::vector<geom::Envelope> envelopes(geoms.size());   // unindexed ones keep a dummy box, filtered on query
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        if (!geoms[i] || geom::is_empty(c, geoms[i])) {
            m_impl->geoms[i] = nullptr;
            continue;
        }
        envelopes[i] = geom::envelope(c, geoms[i]);
    }
    m_impl->tree = index::FeatureIndex(envelopes);
}

OverlapIndex::~OverlapIndex() = default;
OverlapIndex::OverlapIndex(OverlapIndex&&) noexcept = default;
OverlapIndex& OverlapIndex::operator=(OverlapIndex&&) noexcept = default;

std::size_t OverlapIndex::size() const noexcept { return m_impl->geoms.size(); }

const GEOSGeometry* OverlapIndex::geometry(std::size_t i) const noexcept {
    return i < m_impl->geoms.size() ? m_impl->geoms[i] : nullptr;
}

std::vector<std::size_t> OverlapIndex::envelope_candidates(const geom::Envelope& env) const {
    std::vector<std::size_t> out;
    for (std::uint32_t i : m_impl->tree.query(env)) {   // ascending
        if (m_impl->geoms[i]) out.push_back(i);
    }
    return out;
}

std::vector<std::size_t> OverlapIndex::intersecting(geom::GeosContext& c, const GEOSGeometry* g) const {
    if (!g || geom::is_empty(c, g)) return {};
    const auto prepared = geom::prepare(c, g);
    return intersecting(c, prepared.get(), geom::envelope(c, g));
}

std::vector<std::size_t> OverlapIndex::intersecting(geom::GeosContext& c, const GEOSPreparedGeometry* prepared,
                                                    const geom::Envelope& env) const {
    std::vector<std::size_t> out;
    for (std::size_t i : envelope_candidates(env)) {
        if (geom::prepared_intersects(c, prepared, m_impl->geoms[i])) out.push_back(i);
    }
    return out;
}

std::optional<OverlapIndex::Overlap> OverlapIndex::largest_overlap(geom::GeosContext& c, const GEOSGeometry* g,
                                                                   int* failed) const {
    if (!g || geom::is_empty(c, g)) return std::nullopt;
    const double total = geom::area(c, g);
    std::optional<Overlap> best;
    for (std::size_t i : intersecting(c, g)) {
        double a = 0;
        try {
            a = geom::area(c, geom::intersection(c, g, m_impl->geoms[i]).get());
        } catch (const GeosError&) {
            if (failed) ++*failed;
            continue;
        }
        if (a > 0 && (!best || a > best->overlap_m2)) best = Overlap{i, a, total > 0 ? a / total : 0.0};
    }
    return best;
}

struct TownshipLookup::Prepared {
    std::mutex mutex;
    geom::GeosContext ctx;                   // outlives the prepared geometries below
    std::vector<geom::PreparedPtr> townships;   // by index; null = not yet prepared / no geometry
};

TownshipLookup::TownshipLookup(const geom::Layer& townships)
    : m_layer(&townships), m_index(townships), m_prepared(std::make_shared<Prepared>()) {
    m_prepared->townships.resize(townships.features.size());
}

std::optional<Township> TownshipLookup::find(geom::GeosContext& c, const GEOSGeometry* g) const {
    if (empty() || !g || geom::is_empty(c, g)) return std::nullopt;
    // Same answer as m_index.largest_overlap(c, g) (largest overlap, the first of equals in
    // index order), with the overlay skipped where a township covers g.
    const double total = geom::area(c, g);
    std::optional<OverlapIndex::Overlap> best;
    const auto prepared_g = geom::prepare(c, g);
    for (std::size_t i : m_index.intersecting(c, prepared_g.get(), geom::envelope(c, g))) {
        double a = 0;
        bool covered = false;
        {
            std::lock_guard<std::mutex> lock(m_prepared->mutex);
            auto& p = m_prepared->townships[i];
            if (!p) p = geom::prepare(m_prepared->ctx, m_index.geometry(i));
            try {
                covered = geom::prepared_covers(c, p.get(), g);
            } catch (const GeosError&) {
                covered = false;   // the overlay below decides
            }
        }
        try {
            a = covered ? total : geom::area(c, geom::intersection(c, g, m_index.geometry(i)).get());
        } catch (const GeosError&) {
            continue;
        }
        if (a > 0 && (!best || a > best->overlap_m2)) best = OverlapIndex::Overlap{i, a, total > 0 ? a / total : 0.0};
    }
    if (!best) return std::nullopt;
    Township t;
    t.name = m_layer->text(best->index, "name").value_or("");
    t.id = m_layer->text(best->index, "id").value_or("");
    t.fid = m_layer->features[best->index].fid;
    t.overlap_m2 = best->overlap_m2;
    t.share = best->share;
    return t;
}

void TownshipLookup::warm_envelopes(geom::GeosContext& c) const {
    for (std::size_t i = 0; i < m_index.size(); ++i) geom::warm_envelopes(c, m_index.geometry(i));
}

std::string TownshipLookup::name_of(geom::GeosContext& c, const GEOSGeometry* g) const {
    auto t = find(c, g);
    return t ? t->name : std::string{};
}

} // namespace tl::analysis
