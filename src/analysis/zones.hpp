// Which zone of the control_lines layer (开发区, 工业功能区, 小微企业园, 产业平台 …) each parcel lies
// in: the zone holding the largest part of it, with that part's share. Measures only: whether a
// zone is an 产业平台 (舟山 二(一)1, far.platform_floor) or an 产业园区 (临海 (十四), the raised
// 配套 caps) is the profile's word list, judged in rules/evaluate.cpp.
#pragma once
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "geom/layer.hpp"

namespace tl::analysis {

struct ParcelZone {
    std::string name;    // the zone's 控制线名称 ("" when the parcel is in no zone)
    std::string kind;    // its 控制线类型
    double share = 0;    // share of the parcel's drawn area inside that zone (0..1)
}; // struct ParcelZone

// One entry per parcel, same order. Zones are the control_lines features; a parcel in several
// takes the one holding most of it (the first by FID on a tie).
std::vector<ParcelZone> measure_parcel_zones(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer& zones);

} // namespace tl::analysis
