// The hand-made block of tests/data/adjacency/README.md, built from WKT as a normalized
// geom::Layer (coordinates are the README's offsets; the analyses only see metres).
#pragma once
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"
#include "support/wkt_layer.hpp"

namespace tl::test {

inline const std::vector<std::string>& parcel_keys() {
    static const std::vector<std::string> k{"id", "owner", "land_use", "registered_area_m2", "tenure", "right_type",
                                            "remaining_term_years"};
    return k;
}

// ZD-H ZD-L1 ZD-L2 ZD-N1 ZD-G ZD-P ZD-S ZD-N2, in this order (fid 0..7).
inline geom::Layer block_parcels(geom::GeosContext& c) {
    const std::string state = "国有建设用地使用权";
    return make_layer(c, "parcels", parcel_keys(), {
        {"POLYGON((0 0,100 0,100 60,60 60,60 50,40 50,40 60,0 60,0 0))",
         {{"id", "ZD-H"}, {"owner", "甲机械有限公司"}, {"land_use", "0601"}, {"registered_area_m2", "5800"}, {"tenure", "出让"},
          {"right_type", state}, {"remaining_term_years", "32.5"}}},
        {rect(40, 50, 60, 60), {{"id", "ZD-L1"}, {"land_use", "0601"}}},
        {rect(100, 0, 110, 20), {{"id", "ZD-L2"}, {"owner", "国有"}, {"land_use", "1001"}}},
        {rect(100, 20, 160, 60), {{"id", "ZD-N1"}, {"owner", "乙科技有限公司"}, {"land_use", "0601"}, {"tenure", "出让"},
                                  {"right_type", state}, {"remaining_term_years", "28"}}},
        {rect(0, 60.05, 40, 80), {{"id", "ZD-G"}, {"owner", "丙置业有限公司"}, {"land_use", "0701"}, {"tenure", "出让"}}},
        {rect(-30, -30, 0, 0), {{"id", "ZD-P"}, {"owner", "丁村经济合作社"}, {"land_use", "0101"}, {"tenure", "集体"}}},
        {rect(-20, 59.5, 0, 70), {{"id", "ZD-S"}, {"owner", "戊商贸有限公司"}, {"land_use", "0501"}, {"tenure", "出让"}}},
        {rect(110, 0, 160, 20), {{"id", "ZD-N2"}, {"owner", "己材料有限公司"}, {"land_use", "0601"}, {"tenure", "划拨"},
                                 {"right_type", state}, {"remaining_term_years", "40"}}},
    });
}

inline geom::Layer block_buildings(geom::GeosContext& c) {
    return make_layer(c, "buildings", {"id", "floors", "height_m", "storey_height_m", "floor_area_m2", "parcel_id"}, {
        {rect(10, 10, 40, 40), {{"id", "B1"}, {"floors", "2"}, {"height_m", "9"}}},
        {rect(60, 10, 90, 40), {{"id", "B2"}, {"floors", "1"}, {"height_m", "12"}}},
        {rect(120, 30, 150, 55), {{"id", "B3"}, {"floors", "3"}, {"height_m", "10"}}},
    });
}

} // namespace tl::test
