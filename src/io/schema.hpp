// The canonical layers and fields tenglong understands (design.md "Inputs"), with the default
// source column for each field: the customary column names of Chinese cadastral and
// land-management databases (不动产登记 KTT_ZDJBXX: ZDDM 宗地代码, QLRMC 权利人名称, ...).
// shapefiles/README.md documents the same table for users. A project file overrides any of
// them with `fields = { key = "COLUMN" }`. Column names match case-insensitively.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tl::io {

enum class FieldType { text, number, integer, date, boolean };

struct FieldDef {
    std::string key;             // canonical key, e.g. "registered_area_m2"
    std::string default_column;  // e.g. "ZDMJ"
    FieldType type = FieldType::text;
    bool required = false;       // a layer without it cannot be used at all
    std::string label_zh;        // 宗地面积
}; // struct FieldDef

struct LayerDef {
    std::string name;            // canonical: parcels, buildings, approvals, supplies, control_lines, townships, enterprises
    std::string label_zh;        // 宗地
    bool required = false;       // only parcels
    bool is_table = false;       // enterprises: no geometry
    std::vector<std::string> file_stems;  // names searched for in a data directory (parcels, 宗地, ZD, ...)
    std::vector<FieldDef> fields;
}; // struct LayerDef

// All canonical layers, in pipeline order.
const std::vector<LayerDef>& canonical_layers();
// nullptr if `name` is not a canonical layer.
const LayerDef* find_layer_def(std::string_view name);
const FieldDef* find_field_def(const LayerDef& layer, std::string_view key);

} // namespace tl::io
