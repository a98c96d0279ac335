// Test helper for the 批而未供 / 闲置 tests: the shared WKT layer builder and these layers' keys.
#pragma once
#include "support/wkt_layer.hpp"

namespace tl::test {

inline const std::vector<std::string>& approval_keys() {
    static const std::vector<std::string> k{"id", "name", "doc_no", "approved_on", "approved_area_m2", "kind"};
    return k;
}
inline const std::vector<std::string>& supply_keys() {
    static const std::vector<std::string> k{"id", "parcel_id", "kind", "supplied_on", "agreed_start_on",
                                            "agreed_completion_on", "started_on", "land_price", "planned_investment",
                                            "invested", "contract_far_min", "stalled_since", "government_delay"};
    return k;
}

} // namespace tl::test
