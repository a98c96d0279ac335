// The first two stages of every command: read → normalize.
//
// load_inputs reads every layer of the project (io::read_layer), decides each layer's CRS
// (geom::layer_crs) and checks its coordinates against it (geom::diagnose_coordinates: a
// zone-prefixed or north-first layer stops the run with the fix, it is never silently
// misplaced), decides the one working CRS, and normalizes every layer into it
// (geom::normalize: validity repair, rejections, issues).
//
// With options.threads > 1 the layers are read, and then normalized, on several workers (one
// layer each, largest first; inside normalize the per-feature GEOS work is shared out again);
// each layer's issues are merged in a fixed order and the first error is the one a reading
// one layer after the other would meet, so nothing depends on the thread count.
//
// Working CRS: the project's `crs`; else the parcels layer's own CRS when it is projected in
// metres; else (geographic parcels) the CGCS2000 3-degree Gauss-Kruger zone whose central
// meridian is nearest the data (EPSG 4534 + (CM − 75)/3). Areas are never computed in degrees.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "geom/layer.hpp"
#include "io/project.hpp"
#include "io/reader.hpp"

namespace tl::analysis {

struct LayerInput {
    io::RawLayer meta;                     // reader metadata (its features moved into `layer`)
    geom::CrsInfo crs;                     // the layer's own CRS
    geom::Envelope source_extent;          // extent in the layer's own coordinates
    geom::Layer layer;                     // normalized, in the working CRS
    std::vector<std::string> files;        // files that make up the source (for run.json)
    // Per date field: how many values had each form ("YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD",
    // "YYYY年M月D日", "Excel serial", "null", "invalid", ...), from validate_values.
    std::map<std::string, std::map<std::string, std::int64_t>> date_forms;
    double read_seconds = 0;
    double normalize_seconds = 0;
    bool released = false;                 // features freed (Inputs::release_features)
}; // struct LayerInput

struct Inputs {
    io::Project project;
    geom::CrsInfo working_crs;
    std::map<std::string, LayerInput> layers;   // by canonical name
    std::vector<std::string> order;              // canonical order of the layers present

    // nullptr when the project has no such layer. A layer whose features were released cannot
    // be read by mistake: asking for it throws (std::logic_error naming the layer).
    const geom::Layer* layer(const std::string& name) const;
    // Whether the project has the layer (released or not): for presence checks after a release.
    bool has_layer(const std::string& name) const { return layers.count(name) > 0; }
    // Frees a layer's features (geometries and attribute values) once no later stage reads
    // them; the layer stays, with its name, keys and counts (summary.json, run.json). A
    // county's buildings and enterprise rows are 0.4 GB.
    void release_features(const std::string& name);
}; // struct Inputs

struct LoadOptions {
    bool inspect_only = false;   // inspect: keep going past CRS problems, recording them as issues
    unsigned threads = 1;        // workers for the per-feature geometry work (--threads; 0 = all cores)
}; // struct LoadOptions

// Checks every typed value (dates, numbers, booleans) of every used feature once, so that each
// malformed value has exactly one issue (kind bad_date / bad_value, action kept: treated as
// missing) whichever analyses later read it; analyses then read values without an issue log.
void validate_values(LayerInput& li, IssueLog& issues);

// The form a date was written in, for inspect ("YYYY-MM-DD", "YYYY/M/D", ...); "invalid" if
// parse_date rejects it.
std::string date_form(const std::string& text);

Inputs load_inputs(geom::GeosContext& c, const io::Project& project, const LoadOptions& options, IssueLog& issues);

// Files that belong to a GDAL source (a shapefile's .shp/.shx/.dbf/.prj/.cpg, or the file itself).
std::vector<std::string> source_files(const std::string& source);

} // namespace tl::analysis
