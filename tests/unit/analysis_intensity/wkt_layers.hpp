// Test helper: a geom::Layer built from WKT and attribute maps, as geom::normalize hands it over
// (valid geometry, envelope, planar area, values aligned with keys, every listed key bound).
#pragma once
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::test {

struct WktRow {
    std::string wkt;                               // "" for a table row
    std::map<std::string, std::string> values;     // key -> text; a missing key is null
}; // struct WktRow

inline geom::Layer wkt_layer(geom::GeosContext& c, const std::string& name, const std::vector<std::string>& keys,
                             const std::vector<WktRow>& rows) {
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
            f.values.push_back(v == r.values.end() ? std::nullopt : std::optional<std::string>(v->second));
        }
        l.features.push_back(std::move(f));
    }
    l.counts.read = l.counts.used = static_cast<std::int64_t>(rows.size());
    return l;
}

inline std::string box_wkt(double x0, double y0, double x1, double y1) {
    auto n = [](double v) { std::ostringstream o; o << std::setprecision(17) << v; return o.str(); };
    return "POLYGON((" + n(x0) + " " + n(y0) + "," + n(x1) + " " + n(y0) + "," + n(x1) + " " + n(y1) + "," + n(x0) +
           " " + n(y1) + "," + n(x0) + " " + n(y0) + "))";
}

inline const std::vector<std::string>& parcel_keys() {
    static const std::vector<std::string> k{"id", "owner", "land_use", "registered_area_m2", "township", "tenure",
                                            "enterprise_id", "contract_far_min", "industry_code", "policy_flags"};
    return k;
}
inline const std::vector<std::string>& building_keys() {
    static const std::vector<std::string> k{"id", "floors", "height_m", "storey_height_m", "floor_area_m2", "parcel_id"};
    return k;
}
inline const std::vector<std::string>& enterprise_keys() {
    static const std::vector<std::string> k{"id", "parcel_id", "name", "year", "tax", "value_added", "energy_tce",
                                            "emissions_t", "employees", "rd_spend", "revenue", "above_scale",
                                            "land_area_m2", "fixed_investment", "electricity_kwh"};
    return k;
}

} // namespace tl::test
