// The canonical layers and fields tenglong understands (design.md "Inputs"), with the default
// source column for each field: the customary column names of Chinese cadastral and
// land-management databases (不动产登记 KTT_ZDJBXX: ZDDM 宗地代码, QLRMC 权利人名称, ...).
// shapefiles/README.md documents the same table for users. A project file overrides any of
// them with `fields = { key = "COLUMN" }`. Column names match case-insensitively.
//
// This table is the one place for names: the layer names searched for in a data folder
// (file_stems: English, Chinese, pinyin and pinyin initials), and per field the default column,
// its Chinese name (label_zh) and the other names deliveries use for it (aliases: Chinese
// synonyms, pinyin initials). The reader binds a field to its default column, else to a column
// named exactly like label_zh or an alias (in that order); `tenglong init` (io/guess.hpp) also
// uses them for its looser, scored guesses.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tl::io {

enum class FieldType { text, number, integer, date, boolean };

// What the values of a field look like, where that helps to recognise a column by its values.
enum class ValueKind {
    any,
    parcel_code,   // 宗地代码: 6-digit 行政区划代码 + 6 digits + 2 letters + 5 digits (GB/T 37346)
    credit_code,   // 统一社会信用代码: 18 characters (GB 32100)
};

struct FieldDef {
    std::string key;             // canonical key, e.g. "registered_area_m2"
    std::string default_column;  // e.g. "ZDMJ"
    FieldType type = FieldType::text;
    bool required = false;       // a layer without it cannot be used at all
    std::string label_zh;        // 宗地面积
    std::vector<std::string> aliases;  // other column names for it: 面积, 土地面积, TDMJ, ...
    ValueKind value = ValueKind::any;
}; // struct FieldDef

struct LayerDef {
    std::string name;            // canonical: parcels, buildings, approvals, supplies, control_lines, townships, enterprises
    std::string label_zh;        // 宗地
    bool required = false;       // only parcels
    bool is_table = false;       // enterprises: no geometry
    std::vector<std::string> file_stems;  // names searched for in a data directory (parcels, 宗地, zongdi, ZD, ...)
    std::vector<FieldDef> fields;
}; // struct LayerDef

// All canonical layers, in pipeline order.
const std::vector<LayerDef>& canonical_layers();
// nullptr if `name` is not a canonical layer.
const LayerDef* find_layer_def(std::string_view name);
const FieldDef* find_field_def(const LayerDef& layer, std::string_view key);

} // namespace tl::io
