#include "index/feature_index.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

namespace tl::index {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Value = std::pair<Box, std::uint32_t>;
using Tree = bgi::rtree<Value, bgi::rstar<16>>;

Box to_box(const geom::Envelope& e) { return Box{Point{e.minx, e.miny}, Point{e.maxx, e.maxy}}; }
} // namespace

struct FeatureIndex::Impl {
    Tree tree;
    Impl() = default;
    explicit Impl(const std::vector<Value>& values) : tree(values.begin(), values.end()) {}  // packing constructor
};

FeatureIndex::FeatureIndex() : m_impl{std::make_unique<Impl>()} {}

FeatureIndex::FeatureIndex(const geom::Layer& layer) {
    std::vector<Value> values;
    values.reserve(layer.features.size());
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        if (layer.features[i].geom) values.emplace_back(to_box(layer.features[i].env), static_cast<std::uint32_t>(i));
    }
    m_impl = std::make_unique<Impl>(values);
}

FeatureIndex::FeatureIndex(const std::vector<geom::Envelope>& envelopes) {
    std::vector<Value> values;
    values.reserve(envelopes.size());
    for (std::size_t i = 0; i < envelopes.size(); ++i) values.emplace_back(to_box(envelopes[i]), static_cast<std::uint32_t>(i));
    m_impl = std::make_unique<Impl>(values);
}

FeatureIndex::~FeatureIndex() = default;
FeatureIndex::FeatureIndex(FeatureIndex&&) noexcept = default;
FeatureIndex& FeatureIndex::operator=(FeatureIndex&&) noexcept = default;

std::vector<std::uint32_t> FeatureIndex::query(const geom::Envelope& env, double expand_m) const {
    std::vector<std::uint32_t> out;
    if (!m_impl) return out;
    const double d = expand_m > 0 ? expand_m : 0.0;
    const Box box{Point{env.minx - d, env.miny - d}, Point{env.maxx + d, env.maxy + d}};
    std::vector<Value> hits;
    m_impl->tree.query(bgi::intersects(box), std::back_inserter(hits));
    out.reserve(hits.size());
    for (const auto& v : hits) out.push_back(v.second);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::size_t FeatureIndex::size() const noexcept { return m_impl ? m_impl->tree.size() : 0; }

FeatureIndex build(const geom::Layer& layer) { return FeatureIndex{layer}; }

} // namespace tl::index
