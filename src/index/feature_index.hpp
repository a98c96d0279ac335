// FeatureIndex: a Boost.Geometry R-tree over the envelopes of one normalized layer.
//
// It stores bounding boxes and positions in Layer::features (std::uint32_t), never geometries:
// a query returns *candidates* whose envelope meets the query box, and the caller decides
// exactly with (prepared) GEOS predicates. Boxes are closed: envelopes that only touch are
// candidates (adjacency needs them). Features without a geometry (tables) are not indexed.
//
// Built once with the packing (STR-like bulk-loading) constructor of
// bgi::rtree<std::pair<Box, std::uint32_t>, bgi::rstar<16>>; immutable afterwards, so queries
// may run concurrently from several threads. Results are sorted ascending, so everything
// downstream sees candidates in FID order whatever the tree's internal layout.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::index {

class FeatureIndex {
public:
    FeatureIndex();
    // Indexes every feature of `layer` that has a geometry.
    explicit FeatureIndex(const geom::Layer& layer);
    // Indexes envelopes[i] as i (for tests and derived geometries).
    explicit FeatureIndex(const std::vector<geom::Envelope>& envelopes);
    ~FeatureIndex();
    FeatureIndex(FeatureIndex&&) noexcept;
    FeatureIndex& operator=(FeatureIndex&&) noexcept;
    FeatureIndex(const FeatureIndex&) = delete;
    FeatureIndex& operator=(const FeatureIndex&) = delete;

    // Positions whose envelope intersects `env` grown by `expand_m` on every side (metres in the
    // working CRS; DEFAULT 0; negative is treated as 0), sorted ascending, no duplicates.
    std::vector<std::uint32_t> query(const geom::Envelope& env, double expand_m = 0) const;

    std::size_t size() const noexcept;
    bool empty() const noexcept { return size() == 0; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
}; // class FeatureIndex

// The index of one layer (pipeline spelling: `index::build(layer)`).
FeatureIndex build(const geom::Layer& layer);

} // namespace tl::index
