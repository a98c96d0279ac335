// Test helper shared by the analysis tests: a geom::Layer built from WKT and attribute maps, as
// geom::normalize hands it over (valid geometry, envelope, planar area, values aligned with keys,
// every listed key bound), and rectangles as WKT.
#pragma once
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::test {

struct Row {
    std::string wkt;                               // "" for a table row
    std::map<std::string, std::string> values;     // key -> text; a missing key or "" is null
}; // struct Row

inline geom::Layer make_layer(geom::GeosContext& c, const std::string& name, const std::vector<std::string>& keys,
                              const std::vector<Row>& rows) {
    geom::Layer l;
    l.name = name;
    l.keys = keys;
    l.bound.assign(keys.size(), true);
    std::int64_t fid = 0;
    for (const auto& r : rows) {
        geom::Feature f;
        f.fid = fid++;
        auto it = r.values.find("id");
        f.id = it == r.values.end() ? "" : it->second;
        if (!r.wkt.empty()) {
            f.geom = geom::from_wkt(c, r.wkt);
            f.env = geom::envelope(c, f.geom.get());
            f.area_m2 = geom::area(c, f.geom.get());
        }
        for (const auto& k : keys) {
            auto v = r.values.find(k);
            // An empty text is null, as the reader hands over an empty cell.
            f.values.push_back(v == r.values.end() || v->second.empty() ? std::nullopt
                                                                        : std::optional<std::string>(v->second));
        }
        l.features.push_back(std::move(f));
    }
    l.counts.read = l.counts.used = static_cast<std::int64_t>(rows.size());
    l.is_table = !rows.empty() && rows.front().wkt.empty();
    return l;
}

// "POLYGON((x0 y0, x1 y0, x1 y1, x0 y1, x0 y0))"
inline std::string rect(double x0, double y0, double x1, double y1) {
    auto n = [](double v) {
        std::ostringstream o;
        o << std::setprecision(17) << v;
        return o.str();
    };
    return "POLYGON((" + n(x0) + " " + n(y0) + "," + n(x1) + " " + n(y0) + "," + n(x1) + " " + n(y1) + "," + n(x0) +
           " " + n(y1) + "," + n(x0) + " " + n(y0) + "))";
}

} // namespace tl::test
