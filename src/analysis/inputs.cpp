#include "analysis/inputs.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/errors.hpp"
#include "geom/normalize.hpp"

namespace tl::analysis {

namespace fs = std::filesystem;

const geom::Layer* Inputs::layer(const std::string& name) const {
    auto it = layers.find(name);
    return it == layers.end() ? nullptr : &it->second.layer;
}

std::vector<std::string> source_files(const std::string& source) {
    std::vector<std::string> out;
    if (source.rfind("PG:", 0) == 0) return out;
    fs::path p(source);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {  // FileGDB and similar: every file inside
        for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
            if (e.is_regular_file()) out.push_back(e.path().string());
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    std::string ext = p.extension().string();
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext == ".shp" || ext == ".dbf") {
        for (const char* e : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".SHP", ".SHX", ".DBF", ".PRJ", ".CPG"}) {
            fs::path q = p;
            q.replace_extension(e);
            if (fs::exists(q, ec) && std::find(out.begin(), out.end(), q.string()) == out.end()) out.push_back(q.string());
        }
        return out;
    }
    if (fs::exists(p, ec)) out.push_back(p.string());
    return out;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Extent of the layer's geometries in source coordinates (for the CRS diagnosis).
geom::Envelope source_extent(geom::GeosContext& c, const io::RawLayer& raw) {
    geom::Envelope e{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& f : raw.features) {
        if (f.wkb.empty()) continue;
        try {
            auto g = geom::from_wkb(c, f.wkb);
            if (geom::is_empty(c, g.get())) continue;
            const auto fe = geom::envelope(c, g.get());
            if (!std::isfinite(fe.minx) || !std::isfinite(fe.maxx) || !std::isfinite(fe.miny) || !std::isfinite(fe.maxy)) continue;
            e.minx = std::min(e.minx, fe.minx);
            e.miny = std::min(e.miny, fe.miny);
            e.maxx = std::max(e.maxx, fe.maxx);
            e.maxy = std::max(e.maxy, fe.maxy);
        } catch (const GeosError&) {
            // normalize reports unreadable geometries feature by feature
        }
    }
    return e;
}

geom::CrsInfo choose_working_crs(const io::Project& project, const std::map<std::string, LayerInput>& layers) {
    if (!project.crs.empty()) return geom::identify_crs(project.crs, "project crs");
    auto it = layers.find("parcels");
    if (it == layers.end()) throw ConfigError(project.file.string(), "the project has no parcels layer");
    const auto& crs = it->second.crs;
    if (crs.projected && (crs.linear_unit == "metre" || crs.linear_unit == "meter" || crs.linear_unit == "m")) {
        auto w = crs;
        w.decided_by = "parcels layer CRS";
        return w;
    }
    const auto& e = it->second.source_extent;
    if (crs.geographic && std::isfinite(e.minx)) {
        const double lon = (e.minx + e.maxx) / 2;
        const int cm = static_cast<int>(std::lround(lon / 3.0)) * 3;
        if (cm >= 75 && cm <= 135) {
            const int code = 4534 + (cm - 75) / 3;
            return geom::identify_crs("EPSG:" + std::to_string(code),
                                      "CGCS2000 3-degree GK zone nearest the parcels (CM " + std::to_string(cm) + "E)");
        }
    }
    throw DataError("parcels: its CRS (" + crs.label() + ") is not a projected CRS in metres; set crs = \"EPSG:4549\" "
                    "(or the county's Gauss-Kruger CRS) at the top of the project file");
}

} // namespace

Inputs load_inputs(geom::GeosContext& c, const io::Project& project, const LoadOptions& options, IssueLog& issues) {
    Inputs in;
    in.project = project;
    std::map<std::string, io::RawLayer> raws;
    for (const auto& [name, spec] : project.layers) {
        const auto t0 = std::chrono::steady_clock::now();
        LayerInput li;
        io::RawLayer raw = io::read_layer(spec, issues);
        li.files = source_files(spec.source);
        li.read_seconds = seconds_since(t0);
        if (!raw.is_table) {
            li.crs = geom::layer_crs(raw);
            li.source_extent = source_extent(c, raw);
            if (std::isfinite(li.source_extent.minx)) {
                const auto diag = geom::diagnose_coordinates(li.crs, li.source_extent);
                if (!diag.ok) {
                    const std::string where = fs::path(spec.source).filename().string();
                    if (!options.inspect_only) throw DataError(where + " (" + name + "): " + diag.explanation);
                    issues.add({name, -1, "", "crs_" + diag.problem, "", diag.explanation, IssueAction::note, {}, {}});
                }
            }
        }
        raws.emplace(name, std::move(raw));
        in.layers.emplace(name, std::move(li));
    }
    in.working_crs = choose_working_crs(project, in.layers);

    geom::NormalizeOptions nopt;
    for (const auto& def_name : {"parcels", "buildings", "approvals", "supplies", "control_lines", "townships", "enterprises"}) {
        auto it = in.layers.find(def_name);
        if (it == in.layers.end()) continue;
        in.order.push_back(def_name);
        auto& li = it->second;
        auto& raw = raws.at(def_name);
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<io::RawFeature> features = std::move(raw.features);
        io::RawLayer meta = raw;  // metadata only
        raw.features = std::move(features);
        li.layer = geom::normalize(c, std::move(raw), li.crs, in.working_crs, nopt, issues);
        li.meta = std::move(meta);
        li.normalize_seconds = seconds_since(t0);
    }
    return in;
}

} // namespace tl::analysis
