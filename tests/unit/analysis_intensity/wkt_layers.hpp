// Test helper for the intensity / 亩均 / verdict tests: the shared WKT layer builder
// (tests/support/wkt_layer.hpp) under the names these tests use, and these layers' keys.
#pragma once
#include "support/wkt_layer.hpp"

namespace tl::test {

using WktRow = Row;

inline geom::Layer wkt_layer(geom::GeosContext& c, const std::string& name, const std::vector<std::string>& keys,
                             const std::vector<WktRow>& rows) {
    return make_layer(c, name, keys, rows);
}

inline std::string box_wkt(double x0, double y0, double x1, double y1) { return rect(x0, y0, x1, y1); }

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
