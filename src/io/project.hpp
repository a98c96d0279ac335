// The project: which layers to read, from where, with which field mapping (design.md).
//
// load_project(path) accepts either
//   - a project file (TOML; paths inside are relative to the file), or
//   - a data directory: each canonical layer is looked up by its file stems (schema.hpp) among
//     the GDAL-readable files of the directory (.shp, .gpkg, .geojson, .json, .gdb, .csv, .xlsx),
//     case-insensitively; the default field mapping applies.
//     A GeoPackage or FileGDB also contributes each of its layers whose name is a stem
//     (county.gpkg with layers 宗地, PCYD, 供地). A bare .dbf (no .shp beside it) is a table. File
//     names in GBK (a zip unpacked from a Chinese Windows) are matched after decoding. Two
//     sources for one layer are an error (which one was meant cannot be guessed).
// Errors (ConfigError, exit 2) name the file, the line (from toml++) and the key, and list what
// is allowed: an unknown key anywhere (top level, [layers.X], an unknown layer X, an unknown
// key in fields), a value of the wrong type, an encoding iconv does not know, a CRS PROJ does
// not understand, a source file that does not exist, no parcels layer, a bad as_of date, a
// project file that is not UTF-8 (Notepad's "ANSI" = GBK), or a data file passed instead of a
// project or folder.
//
// Paths: `source` and a `profile` that is a path (contains '/' or ends in .toml) are relative
// to the project file and are returned absolute. A `source` that is a connection string
// ("PG:dbname=...", or any "DRIVER:..." prefix of two or more letters) or a /vsi... path is
// passed to GDAL untouched, without a file check. `as_of` may be a string in any form
// core/date.hpp accepts, or a TOML date (as_of = 2023-12-31), or init's placeholder (above).
// Credentials: a PG: source should carry no password; libpq (under GDAL) takes it from
// PGPASSWORD or a pgpass file (~/.pgpass, PGPASSFILE), like psql does. Every message and
// run.json show a source through gdal::display_source, which hides a password that is there.
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
    std::string layer;          // layer inside a multi-layer source; empty = the only one, else the one
                                // named like the canonical layer (file_stems), else the first.
                                // PostGIS: "schema.table" (a table or a view), "table" for public
                                // A workbook: the sheet (project key `layer` or `sheet`); empty = the
                                // sheet whose header names the most fields (io/table_rows.hpp)
    std::string sql;            // a query run on the source (GDAL ExecuteSQL; PostgreSQL's own SQL
                                // for a PG: source) whose result is the layer; excludes `layer`
    std::string encoding = "auto";  // auto | UTF-8 | GBK | CP936 | GB18030 | ... (iconv names)
    std::string crs;            // CRS assigned by the project ("EPSG:4549", WKT, PROJ string); empty = from source
    std::map<std::string, std::string> fields;  // canonical key -> source column, only keys the project set
    std::map<std::string, std::string> units;   // canonical key -> the unit its column is in ("元"), only keys the project set
}; // struct LayerSpec

struct Project {
    std::string name;
    std::string mapping_unit;        // 制图单位: who made the maps (report.html's map block); optional
    std::filesystem::path file;      // project file; empty when the project is a bare directory
    std::filesystem::path base_dir;  // directory that relative paths resolve against
    std::optional<Date> as_of;
    bool as_of_placeholder = false;  // as_of is still `tenglong init`'s placeholder (as_of_placeholder_text):
                                     // analyze refuses it (cli/options.hpp effective_as_of) unless --as-of is given
    std::string profile;             // built-in profile name or an absolute path; empty = default
    std::string crs;                 // working CRS; empty = decided from the parcels layer
    std::string decisions;           // 闭环管理 decisions table (cases/decisions.hpp), absolute; empty = look
                                     // for decisions.csv/.xlsx beside the data
    std::map<std::string, LayerSpec> layers;  // present layers only, by canonical name
    std::string revitalization;      // 盘活台账 (analysis/revitalization.hpp), absolute; empty = look for
                                     // 盘活台账.csv/.xlsx, revitalization.csv/.xlsx beside the data
}; // struct Project

Project load_project(const std::filesystem::path& file_or_dir);

// What `tenglong init` writes for as_of ("待填 YYYY-MM-DD"). A project file whose as_of is a
// string holding "YYYY" loads with as_of_placeholder set and no as_of.
const char* as_of_placeholder_text();

} // namespace tl::io
