// The project: which layers to read, from where, with which field mapping (design.md).
//
// load_project(path) accepts either
//   - a project file (TOML; paths inside are relative to the file), or
//   - a data directory: each canonical layer is looked up by its file stems (schema.hpp) among
//     the GDAL-readable files of the directory (.shp, .gpkg, .geojson, .json, .gdb, .csv, .xlsx),
//     case-insensitively; the default field mapping applies.
// Errors (ConfigError, exit 2) name the file and key: an unknown key anywhere, a value of the
// wrong type, a source file that does not exist, no parcels layer, a bad as_of date.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/date.hpp"

namespace tl::io {

struct LayerSpec {
    std::string name;           // canonical layer name
    std::string source;         // GDAL dataset name: an absolute path, or "PG:..."
    std::string layer;          // layer inside a multi-layer source; empty = the only/first one
    std::string encoding = "auto";  // auto | UTF-8 | GBK | CP936 | GB18030 | ... (iconv names)
    std::string crs;            // CRS assigned by the project ("EPSG:4549", WKT, PROJ string); empty = from source
    std::map<std::string, std::string> fields;  // canonical key -> source column, only keys the project set
}; // struct LayerSpec

struct Project {
    std::string name;
    std::filesystem::path file;      // project file; empty when the project is a bare directory
    std::filesystem::path base_dir;  // directory that relative paths resolve against
    std::optional<Date> as_of;
    std::string profile;             // built-in profile name or a path; empty = default
    std::string crs;                 // working CRS; empty = decided from the parcels layer
    std::map<std::string, LayerSpec> layers;  // present layers only, by canonical name
}; // struct Project

Project load_project(const std::filesystem::path& file_or_dir);

} // namespace tl::io
