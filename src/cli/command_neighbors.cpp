// tenglong neighbors DATA|PROJECT [--layer parcels] [--snap M] [--min-shared M] --out FILE
//
// Writes, for one polygon layer (default parcels), every pair of features that touch, overlap
// or come within the snap tolerance, with the relation (adjacent | short_edge | point_touch |
// gap), the shared boundary length and the gap width (analysis/adjacency.hpp):
//   FILE                      pairs as CSV (UTF-8 with BOM; Chinese headers with --lang zh)
//   FILE with .geojson ext.   the shared edges as RFC 7946 GeoJSON (one feature per pair:
//                             lines along the common boundary, or the contact point(s) of a
//                             point_touch pair), same properties as the CSV
// `--out pairs.csv` writes pairs.csv and pairs.geojson; `--out pairs` writes pairs and
// pairs.geojson. Both files are written under temporary names and renamed when complete; an
// existing FILE is replaced only with --overwrite.
// Exit codes: 0 done; 1 the run failed; 2 usage or project error.
#include <chrono>
#include <exception>
#include <thread>
#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analysis/adjacency.hpp"
#include "analysis/inputs.hpp"
#include "cli/command_neighbors.hpp"
#include "cli/ui_lang.hpp"
#include "cli/log.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "core/errors.hpp"
#include "report/table.hpp"
#include "report/labels.hpp"
#include "rules/profile.hpp"
#include "report/wgs84.hpp"

namespace tl::cli {

namespace {

namespace fs = std::filesystem;

struct NeighborsOptions {
    InputOptions in;
    std::string layer = "parcels";
    double snap_m = -1;            // < 0: the profile's adjacency.snap_m (R15)
    double min_shared_m = -1;      // < 0: the profile's adjacency.min_shared_m (R15)
    std::string out;
    bool adjacent_only = false;
    bool overwrite = false;
}; // struct NeighborsOptions

report::Table pairs_table() {
    report::Table t;
    t.name = "neighbors";
    using report::ColumnKind;
    t.columns = {
        {"id_a", "宗地A编号", "id_a", ColumnKind::text},
        {"id_b", "宗地B编号", "id_b", ColumnKind::text},
        {"fid_a", "要素A序号", "fid_a", ColumnKind::integer},
        {"fid_b", "要素B序号", "fid_b", ColumnKind::integer},
        {"relation", "关系", "relation", ColumnKind::text, 2, report::kDomainRelation},
        {"adjacent", "是否界线相邻", "adjacent", ColumnKind::text, 2, report::kDomainYesNo},
        {"shared_length_m", "共用界线长度(米)", "shared_length_m", ColumnKind::real, 4},
        {"gap_m", "缝隙宽度(米)", "gap_m", ColumnKind::real, 4},
        {"overlap_m2", "重叠面积(平方米)", "overlap_m2", ColumnKind::real, 4},
    };
    return t;
}

// Writes through a temporary file renamed into place.
class AtomicFile {
public:
    AtomicFile(fs::path target, bool overwrite) : m_target(std::move(target)) {
        if (fs::exists(m_target) && !overwrite)
            throw UsageError(m_target.string() + " exists; pass --overwrite to replace it");
        m_temp = m_target;
        m_temp += ".tmp-tenglong";
    }
    ~AtomicFile() {
        std::error_code ec;
        if (!m_done) fs::remove(m_temp, ec);
    }
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    const fs::path& temp() const noexcept { return m_temp; }
    void commit() {
        std::error_code ec;
        fs::rename(m_temp, m_target, ec);
        if (ec) throw IoError(m_target.string(), "cannot move the finished file into place: " + ec.message());
        m_done = true;
    }
private:
    fs::path m_target, m_temp;
    bool m_done = false;
}; // class AtomicFile

int run_neighbors(const NeighborsOptions& opt) {
    Log log{opt.in.verbosity};
    const fs::path csv_path = opt.out;
    fs::path geojson_path = csv_path;
    geojson_path.replace_extension(".geojson");
    if (geojson_path == csv_path) throw UsageError("--out " + opt.out + ": name the CSV file (e.g. pairs.csv); the GeoJSON goes beside it");
    if (csv_path.has_parent_path() && !fs::is_directory(csv_path.parent_path()))
        throw UsageError("--out " + opt.out + ": folder " + csv_path.parent_path().string() + " does not exist");
    AtomicFile csv_file{csv_path, opt.overwrite};
    AtomicFile geojson_file{geojson_path, opt.overwrite};

    io::Project project = opt.in.load();
    // The tolerances are the profile's (the project's profile, or --profile); --snap and
    // --min-shared override them for this one run.
    const rules::Profile profile = rules::load_profile(project.profile.empty() ? "national" : project.profile);
    const double snap_m = opt.snap_m >= 0 ? opt.snap_m : profile.number("adjacency.snap_m");
    const double min_shared_m = opt.min_shared_m >= 0 ? opt.min_shared_m : profile.number("adjacency.min_shared_m");
    if (!project.layers.count(opt.layer))
        throw UsageError("--layer " + opt.layer + ": the project has no such layer (layers: " +
                         [&] { std::string s; for (const auto& [k, v] : project.layers) s += (s.empty() ? "" : ", ") + k; return s; }() + ")");
    // Only the layer asked for (and parcels, which decides the working CRS) are read.
    for (auto it = project.layers.begin(); it != project.layers.end();)
        it = (it->first == opt.layer || it->first == "parcels") ? std::next(it) : project.layers.erase(it);

    geom::GeosContext ctx;
    IssueLog issues;
    Progress progress{opt.in.verbosity, 3};   // read, adjacency, write (cli/progress.hpp)
    log.attach(&progress);
    log.info("read: " + opt.in.input);
    progress.begin("read");
    analysis::LoadOptions load_options;
    load_options.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(ctx, project, load_options, issues);
    const geom::Layer* layer = in.layer(opt.layer);
    if (!layer) throw UsageError("--layer " + opt.layer + ": not read");
    log.detail("working CRS " + in.working_crs.label());

    analysis::AdjacencyOptions ao;
    ao.snap_m = snap_m;
    ao.min_shared_m = min_shared_m;
    ao.geographic = in.working_crs.geographic;   // never in practice: the working CRS is projected
    ao.threads = static_cast<unsigned>(opt.in.threads);
    ao.want_edges = true;
    ao.layer_name = opt.layer;
    progress.end();
    progress.begin("adjacency");
    const auto t0 = std::chrono::steady_clock::now();
    const analysis::AdjacencyResult r = analysis::find_adjacency(ctx, *layer, ao, issues);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    log.detail(fmt::format("adjacency: {} features, {} candidate pairs, {} pairs ({} from shared segments), {:.3f} s",
                           layer->features.size(), r.candidates, r.pairs.size(), r.by_shared_segments, seconds));

    report::Table table = pairs_table();
    std::vector<geom::GeomPtr> edges;   // keeps the borrowed row geometries alive
    std::size_t counts[4] = {0, 0, 0, 0};
    std::size_t adjacent = 0, gap_adjacent = 0;
    for (const auto& p : r.pairs) {
        if (opt.adjacent_only && !p.adjacent) continue;
        const auto& a = layer->features[p.i];
        const auto& b = layer->features[p.j];
        ++counts[static_cast<int>(p.relation)];
        adjacent += p.adjacent ? 1 : 0;
        gap_adjacent += (p.adjacent && p.relation == analysis::Relation::gap) ? 1 : 0;
        const GEOSGeometry* g = nullptr;
        if (!p.edge_wkb.empty()) {
            edges.push_back(geom::from_wkb(ctx, p.edge_wkb));
            g = edges.back().get();
        }
        table.add_row({a.id, b.id, static_cast<std::int64_t>(a.fid), static_cast<std::int64_t>(b.fid),
                       std::string(analysis::to_string(p.relation)), std::string(p.adjacent ? "yes" : "no"), p.shared_m,
                       p.gap_m, p.overlap_m2},
                      g);
    }
    progress.end();
    progress.begin("write");
    const report::Lang lang = opt.in.language();
    // The CSV on a thread of its own (it uses neither GEOS nor GDAL) while the edges are
    // transformed to WGS 84 on --threads workers and written as GeoJSON here.
    std::exception_ptr csv_failure;
    std::thread csv_writer([&] {
        try {
            report::write_csv(table, csv_file.temp(), lang);
        } catch (...) {
            csv_failure = std::current_exception();
        }
    });
    try {
        report::Wgs84Geometries wgs84(in.working_crs);
        wgs84.add(ctx, table.geoms, static_cast<unsigned>(opt.in.threads));
        report::write_geojson(ctx, table, in.working_crs, geojson_file.temp(), {}, &wgs84);
    } catch (...) {
        csv_writer.join();
        throw;
    }
    csv_writer.join();
    if (csv_failure) std::rethrow_exception(csv_failure);
    csv_file.commit();
    geojson_file.commit();
    progress.finish();
    if (issues.count_by_kind().count("adjacency_failed"))
        log.warn(fmt::format("{} pairs could not be measured (GEOS failures); see -v", issues.count_by_kind().at("adjacency_failed")));

    std::cout << fmt::format("{}: {} features, {} pairs: {} adjacent ({} across a gap), {} short_edge, {} point_touch, {} gap\n",
                             opt.layer, layer->features.size(), table.rows.size(), adjacent, gap_adjacent,
                             counts[static_cast<int>(analysis::Relation::short_edge)],
                             counts[static_cast<int>(analysis::Relation::point_touch)],
                             counts[static_cast<int>(analysis::Relation::gap)]);
    std::cout << "pairs: " << csv_path.string() << "\nshared edges: " << geojson_path.string() << "\n";
    return 0;
}

} // namespace

Action setup_neighbors(CLI::App& sub) {
    auto opt = std::make_shared<NeighborsOptions>();
    opt->in.add_to(sub, false);
    sub.add_option("--profile", opt->in.profile, tr("政策规则集: 内置名称 (tenglong profile list) 或 .toml 文件; 其 adjacency.snap_m 与 adjacency.min_shared_m 为下列默认值", "Policy profile: a built-in name (tenglong profile list) or a .toml file; "
                                                 "its adjacency.snap_m and adjacency.min_shared_m are the defaults below"));
    sub.add_option("--layer", opt->layer, tr("要检查的面图层 (规范名称; 默认 parcels)", "Polygon layer to examine (canonical name; default parcels)"));
    sub.add_option("--snap", opt->snap_m,
                   tr("缝隙容差, 米: 距离小于此值的要素也算相邻 (默认: 规则集 adjacency.snap_m)", "Gap tolerance in metres: features closer than this also count as neighbours (default: the profile's adjacency.snap_m)"))
        ->check(CLI::NonNegativeNumber);
    sub.add_option("--min-shared", opt->min_shared_m,
                   tr("共用界线达到多少米算相邻 (默认: 规则集 adjacency.min_shared_m; 0 = 任意正长度)", "Shared boundary length in metres from which a pair is adjacent (default: the profile's adjacency.min_shared_m; "
                   "0 = any positive length)"))
        ->check(CLI::NonNegativeNumber);
    sub.add_option("-o,--out", opt->out, tr("写出的相邻对 CSV; 共用边写入同名 .geojson", "Pairs CSV to write; the shared edges go to the same name with .geojson"))->required();
    sub.add_flag("--adjacent-only", opt->adjacent_only, tr("只写相邻的对 (默认: 全部关系)", "Write only adjacent pairs (default: every relation)"));
    sub.add_flag("--overwrite", opt->overwrite, tr("替换已有的输出文件", "Replace existing output files"));
    return [opt] { return run_neighbors(*opt); };
}

} // namespace tl::cli
