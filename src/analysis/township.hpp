// Which polygon of a layer a geometry belongs to: OverlapIndex (any polygon set) and
// TownshipLookup (the 镇街 of a batch, a supply, a parcel) for every analysis that groups by
// township (design.md: "How does each 镇街 stand against the county's targets?").
//
// SEMANTICS
// - Candidates come from a Boost.Geometry R-tree over the envelopes (bounding boxes only);
//   the exact test is GEOS: a prepared `intersects` of the query geometry against each
//   candidate. Touching counts as intersecting (as in GEOS/PostGIS ST_Intersects); overlap
//   measures then give such touching candidates 0 m².
// - "Belongs to" = LARGEST OVERLAP AREA: a batch that straddles two townships is assigned to
//   the one holding most of its area (ties: the lower feature position, i.e. lower FID). The
//   share (overlap / area of the query geometry) is reported so a caller can flag straddlers.
//   A geometry overlapping no township (0 m²) gets no township: the caller writes "" and may
//   record an issue; we never guess the nearest one.
// - Areas are planar, in the layer's CRS units: m² in tenglong's working CRS.
//
// OWNERSHIP AND THREADS
// OverlapIndex and TownshipLookup BORROW the geometries (the geom::Layer must outlive them and
// must not change). Queries take the caller's GeosContext: one lookup may be queried from
// several threads, each with its own context (queries only read the R-tree and geometries).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

class OverlapIndex {
public:
    OverlapIndex();
    // Every feature of `layer` that has a geometry (tables give an empty index).
    explicit OverlapIndex(const geom::Layer& layer);
    // Bare geometries (borrowed; nulls and empties are skipped but keep their position).
    OverlapIndex(geom::GeosContext& c, const std::vector<const GEOSGeometry*>& geoms);
    ~OverlapIndex();
    OverlapIndex(OverlapIndex&&) noexcept;
    OverlapIndex& operator=(OverlapIndex&&) noexcept;
    OverlapIndex(const OverlapIndex&) = delete;
    OverlapIndex& operator=(const OverlapIndex&) = delete;

    std::size_t size() const noexcept;   // positions, including skipped ones
    const GEOSGeometry* geometry(std::size_t i) const noexcept;

    // Positions (ascending) whose envelope intersects `env`.
    std::vector<std::size_t> envelope_candidates(const geom::Envelope& env) const;
    // Positions (ascending) whose geometry intersects `g` (R-tree, then prepared intersects).
    std::vector<std::size_t> intersecting(geom::GeosContext& c, const GEOSGeometry* g) const;
    // Same, with the caller's prepared form of the query geometry and its envelope.
    std::vector<std::size_t> intersecting(geom::GeosContext& c, const GEOSPreparedGeometry* prepared,
                                          const geom::Envelope& env) const;

    struct Overlap {
        std::size_t index = 0;   // position in the index
        double overlap_m2 = 0;   // area(g ∩ feature)
        double share = 0;        // overlap_m2 / area(g); 0 when g has no area
    }; // struct Overlap
    // The feature with the largest overlap area with `g` (ties: lower position); nullopt when
    // nothing overlaps with positive area. A GEOS failure on one candidate skips that candidate
    // and is reported through `failed` (count) when given.
    std::optional<Overlap> largest_overlap(geom::GeosContext& c, const GEOSGeometry* g, int* failed = nullptr) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
}; // class OverlapIndex

struct Township {
    std::string name;          // townships.name (镇街名称)
    std::string id;            // townships.id (行政区代码), may be empty
    std::int64_t fid = -1;
    double overlap_m2 = 0;     // overlap with the query geometry
    double share = 0;          // overlap / area of the query geometry (0..1)
}; // struct Township

class TownshipLookup {
public:
    // No townships layer: every lookup returns nullopt.
    TownshipLookup() = default;
    // Borrows `townships` (canonical layer "townships": keys id, name).
    explicit TownshipLookup(const geom::Layer& townships);

    bool empty() const noexcept { return m_layer == nullptr || m_index.size() == 0; }
    // The township holding the largest part of `g` (see SEMANTICS); nullopt when none overlaps.
    std::optional<Township> find(geom::GeosContext& c, const GEOSGeometry* g) const;
    // Name of find(), or "" when none.
    std::string name_of(geom::GeosContext& c, const GEOSGeometry* g) const;
    // Computes the townships' envelopes (geom::warm_envelopes) on the calling thread, before
    // workers query the lookup with their own contexts.
    void warm_envelopes(geom::GeosContext& c) const;

private:
    // Townships prepared once (their own context), for the common case of a feature lying wholly
    // inside one township: prepared covers, and the overlap is the feature's own area, without an
    // overlay against the township's long boundary (measured: most of find()'s time on the county).
    // Prepared geometries are not safe for concurrent use, hence the mutex.
    struct Prepared;
    const geom::Layer* m_layer = nullptr;
    OverlapIndex m_index;
    std::shared_ptr<Prepared> m_prepared;
}; // class TownshipLookup

} // namespace tl::analysis
