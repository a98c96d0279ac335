#include "analysis/inputs.hpp"

#include <stdexcept>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <memory>
#include <thread>
#include <atomic>
#include <exception>

#include "core/errors.hpp"
#include "geom/normalize.hpp"
#include "geom/parallel.hpp"
#include "io/schema.hpp"

namespace tl::analysis {

namespace fs = std::filesystem;

const geom::Layer* Inputs::layer(const std::string& name) const {
    auto it = layers.find(name);
    if (it == layers.end()) return nullptr;
    if (it->second.released)
        throw std::logic_error("layer " + name + " was released after the stage that measured it; a later stage read it");
    return &it->second.layer;
}

void Inputs::release_features(const std::string& name) {
    auto it = layers.find(name);
    if (it == layers.end()) return;
    std::vector<geom::Feature>().swap(it->second.layer.features);
    it->second.released = true;
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

// Runs run(ctx, item, alone) for every layer job of `jobs` (each records its own error): with one
// thread, one after the other on the caller's thread and context, stopping after the first
// error (alone = true: the job may use --threads inside); otherwise on `threads` workers, each
// with its own GEOS context, the largest jobs first (alone = false). A thread the system refuses
// to start only leaves more jobs for the others.
template <typename Job, typename Size, typename Run>
void for_each_layer(geom::GeosContext& c, std::vector<std::unique_ptr<Job>>& jobs, unsigned threads, Size size_of, Run run) {
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, jobs.size()));
    if (threads <= 1) {
        for (auto& job : jobs) {
            run(c, *job, true);
            if (job->error) break;
        }
        return;
    }
    std::vector<Job*> largest_first;
    for (auto& job : jobs) largest_first.push_back(job.get());
    std::stable_sort(largest_first.begin(), largest_first.end(),
                     [&](const Job* a, const Job* b) { return size_of(*a) > size_of(*b); });
    std::atomic<std::size_t> next{0};
    const auto work = [&]() {
        geom::GeosContext wc;
        for (std::size_t k = next++; k < largest_first.size(); k = next++) run(wc, *largest_first[k], false);
    };
    std::vector<std::thread> pool;
    try {
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
    }
    work();
    for (auto& t : pool) t.join();
}

// --threads: 0 = all cores.
unsigned threads_for(unsigned requested) { return requested ? requested : std::max(1u, std::thread::hardware_concurrency()); }

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Extent of the layer's geometries in source coordinates (for the CRS diagnosis); the features
// are read on `threads` workers, each one's envelope kept in its slot and merged afterwards.
geom::Envelope source_extent(geom::GeosContext& c, const io::RawLayer& raw, unsigned threads) {
    std::vector<geom::Envelope> per_feature(raw.features.size(), geom::Envelope{INFINITY, INFINITY, -INFINITY, -INFINITY});
    geom::parallel_for(c, raw.features.size(), threads, [&](geom::GeosContext& wc, std::size_t i) {
        const auto& f = raw.features[i];
        if (f.wkb.empty()) return;
        try {
            auto g = geom::from_wkb(wc, f.wkb);
            if (geom::is_empty(wc, g.get())) return;
            const auto fe = geom::envelope(wc, g.get());
            // NaN and absurd coordinates (1e300) are rejected feature by feature by normalize;
            // one of them must not make the whole layer's extent meaningless.
            if (!geom::plausible_coordinate(fe.minx, fe.miny) || !geom::plausible_coordinate(fe.maxx, fe.maxy)) return;
            per_feature[i] = fe;
        } catch (const GeosError&) {
            // normalize reports unreadable geometries feature by feature
        }
    });
    geom::Envelope e{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& fe : per_feature) {
        e.minx = std::min(e.minx, fe.minx);
        e.miny = std::min(e.miny, fe.miny);
        e.maxx = std::max(e.maxx, fe.maxx);
        e.maxy = std::max(e.maxy, fe.maxy);
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

std::string date_form(const std::string& text) {
    if (!parse_date(text)) return "invalid";
    std::string t = text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(t.begin());
    if (t.find("年") != std::string::npos) return "YYYY年M月D日";
    bool digits = true;
    for (char ch : t) digits = digits && (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.');
    if (digits && t.size() == 8 && t.find('.') == std::string::npos) return "YYYYMMDD";
    if (digits && (t.size() < 8 || t.find('.') == 5 || t.find('.') == 6)) {
        if (t.size() <= 7 || t.find('.') != 4) return "Excel serial";
    }
    if (t.size() > 10 && (t[10] == ' ' || t[10] == 'T')) return "date with time";
    if (t.size() >= 5 && t[4] == '-') return t.size() == 10 ? "YYYY-MM-DD" : "YYYY-M-D";
    if (t.size() >= 5 && t[4] == '/') return "YYYY/M/D";
    if (t.size() >= 5 && t[4] == '.') return "YYYY.M.D";
    return "other";
}

void validate_values(LayerInput& li, IssueLog& issues) {
    const io::LayerDef* def = io::find_layer_def(li.layer.name);
    if (!def) return;
    // A feature of a layer whose id is required (宗地代码, 批次编号, ...) but empty cannot be
    // named in a shortlist or joined by id: it is kept (its geometry still counts) and reported.
    const io::FieldDef* id_def = io::find_field_def(*def, "id");
    if (id_def && id_def->required && li.layer.has_column("id")) {
        for (const auto& f : li.layer.features) {
            if (!f.id.empty()) continue;
            issues.add({li.layer.name, f.fid, "", "missing_id", "id",
                        "the " + id_def->label_zh + " (" + li.meta.columns[static_cast<std::size_t>(li.layer.key_index("id"))] +
                            ") is empty: the feature is used but cannot be named or joined by id",
                        IssueAction::kept, {}, {}});
        }
    }
    // A building with neither floors nor height has no floor area we could compute: it is a
    // data problem (never a zero), reported once here for inspect and analyze alike.
    if (li.layer.name == "buildings") {
        for (std::size_t i = 0; i < li.layer.features.size(); ++i) {
            if (!li.layer.text(i, "floors") && !li.layer.text(i, "height_m") && !li.layer.text(i, "floor_area_m2")) {
                const auto& f = li.layer.features[i];
                issues.add({"buildings", f.fid, f.id, "missing_floors_and_height", "floors",
                            "neither floors (层数) nor height (建筑高度) is given: the building's floor area is unknown",
                            IssueAction::kept, {}, {}});
            }
        }
    }
    // The typed values are parsed here straight from the stored text; only a value that does
    // not parse goes through the accessor, which words and records its issue (once).
    const auto trimmed = [](const std::string& t) {
        return t.empty() || !(t.front() == ' ' || t.front() == '\t' || t.front() == '\r' || t.front() == '\n' ||
                              t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n');
    };
    for (const auto& field : def->fields) {
        if (field.type == io::FieldType::text) continue;
        if (!li.layer.has_column(field.key)) continue;
        const auto k = static_cast<std::size_t>(li.layer.key_index(field.key));
        std::map<std::string, std::int64_t>* forms = nullptr;
        for (std::size_t i = 0; i < li.layer.features.size(); ++i) {
            const auto& f = li.layer.features[i];
            const auto& raw = f.values[k];
            switch (field.type) {
                case io::FieldType::date: {
                    if (!forms) forms = &li.date_forms[field.key];
                    if (!raw || raw->empty()) {
                        ++(*forms)["null"];
                        break;
                    }
                    ++(*forms)[date_form(*raw)];
                    if (!trimmed(*raw) || !parse_date(*raw)) (void)li.layer.date(i, field.key, &issues);
                    break;
                }
                case io::FieldType::boolean: {
                    bool malformed = false;
                    if (raw) (void)geom::parse_boolean(*raw, &malformed);
                    if (malformed) (void)li.layer.boolean(i, field.key, &issues);
                    break;
                }
                default: {
                    bool malformed = false;
                    if (raw) (void)geom::parse_number(*raw, &malformed);
                    if (malformed) (void)li.layer.number(i, field.key, &issues);
                    break;
                }
            }
        }
    }
}

Inputs load_inputs(geom::GeosContext& c, const io::Project& project, const LoadOptions& options, IssueLog& issues) {
    Inputs in;
    in.project = project;
    std::map<std::string, io::RawLayer> raws;
    // Read every layer, decide its CRS and check its coordinates. The layers are independent
    // (one GDAL dataset each): with several threads each worker takes the next layer, largest
    // first, into a log of its own. The logs are merged and the first error (in the order of
    // project.layers, as when they are read one after the other) is thrown afterwards, so the
    // issues and the error do not depend on the thread count.
    struct LayerRead {
        std::string name;
        const io::LayerSpec* spec = nullptr;
        std::uintmax_t bytes = 0;   // reading cost: size of the source files, the dearest is read first
        IssueLog issues;
        LayerInput li;
        io::RawLayer raw;
        std::exception_ptr error;
    };
    std::vector<std::unique_ptr<LayerRead>> reads;
    for (const auto& [name, spec] : project.layers) {
        auto r = std::make_unique<LayerRead>();
        r->name = name;
        r->spec = &spec;
        std::error_code ec;
        for (const auto& f : source_files(spec.source)) {
            const auto n = fs::file_size(f, ec);
            if (!ec) r->bytes += n;
        }
        // GDAL parses a CSV about 2.5 times slower per byte than it reads a shapefile (county:
        // 30 against 12 ms per MB); only the order of the work depends on this, not the result.
        {
            std::string ext = fs::path(spec.source).extension().string();
            for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (ext == ".csv") r->bytes = r->bytes * 5 / 2;
        }
        reads.push_back(std::move(r));
    }
    const auto read_one = [&](geom::GeosContext& wc, LayerRead& r, unsigned extent_threads) {
        try {
            const std::string& name = r.name;
            const io::LayerSpec& spec = *r.spec;
            IssueLog& layer_issues = r.issues;
            LayerInput& li = r.li;
            const auto t0 = std::chrono::steady_clock::now();
            r.raw = io::read_layer(spec, layer_issues);
            io::RawLayer& raw = r.raw;
            li.files = source_files(spec.source);
            li.read_seconds = seconds_since(t0);
            bool crs_known = true;
            if (!raw.is_table) {
                try {
                    li.crs = geom::layer_crs(raw);
                } catch (const DataError& e) {
                    if (!options.inspect_only) throw;
                    // inspect goes on: the layer is measured in its own coordinates.
                    crs_known = false;
                    li.crs.decided_by = "none";
                    layer_issues.add({name, -1, "", "crs_missing", "", e.what(), IssueAction::note, {}, {}});
                }
                li.source_extent = source_extent(wc, raw, extent_threads);
                if (crs_known && std::isfinite(li.source_extent.minx)) {
                    const auto diag = geom::diagnose_coordinates(li.crs, li.source_extent);
                    if (!diag.ok) {
                        const std::string where = fs::path(spec.source).filename().string();
                        if (!options.inspect_only) throw DataError(where + " (" + name + "): " + diag.explanation);
                        layer_issues.add({name, -1, "", "crs_" + diag.problem, "", diag.explanation, IssueAction::note, {}, {}});
                    }
                }
            }
        } catch (...) {
            r.error = std::current_exception();
        }
    };
    for_each_layer(c, reads, threads_for(options.threads), [](const LayerRead& r) { return r.bytes; },
                   [&](geom::GeosContext& wc, LayerRead& r, bool alone) { read_one(wc, r, alone ? options.threads : 1); });
    // A delivery with several layers to map says so for all of them at once, not one per run.
    {
        std::vector<std::string> config_errors;
        for (const auto& r : reads) {
            if (!r->error) continue;
            try {
                std::rethrow_exception(r->error);
            } catch (const ConfigError& e) {
                config_errors.push_back(e.what());
            } catch (...) {
            }
        }
        if (config_errors.size() > 1) {
            std::string msg = std::to_string(config_errors.size()) + " 个图层需要在项目文件里映射 layers need a mapping in the project file "
                                                                     "(tenglong init DATA_DIR writes one):";
            for (const auto& m : config_errors) msg += "\n  - " + m;
            throw ConfigError(project.file.string(), msg);
        }
    }
    for (auto& r : reads) {
        issues.append(std::move(r->issues));
        if (r->error) std::rethrow_exception(r->error);
        raws.emplace(r->name, std::move(r->raw));
        in.layers.emplace(r->name, std::move(r->li));
    }
    reads.clear();
    in.working_crs = choose_working_crs(project, in.layers);

    // Normalize every layer (and check its values) into the working CRS: like the reading, one
    // layer per worker, largest first, each with a log of its own merged in canonical order.
    // Inside a layer the GEOS work is shared out again (normalize's own workers), so the last,
    // largest layer does not run alone on one core.
    struct LayerNormalize {
        const char* name = nullptr;
        LayerInput* li = nullptr;
        io::RawLayer* raw = nullptr;
        std::size_t size = 0;
        IssueLog issues;
        std::exception_ptr error;
    };
    std::vector<std::unique_ptr<LayerNormalize>> jobs;
    for (const auto& def_name : {"parcels", "buildings", "approvals", "supplies", "control_lines", "townships", "enterprises"}) {
        auto it = in.layers.find(def_name);
        if (it == in.layers.end()) continue;
        in.order.push_back(def_name);
        auto job = std::make_unique<LayerNormalize>();
        job->name = def_name;
        job->li = &it->second;
        job->raw = &raws.at(def_name);
        job->size = job->raw->features.size() * (job->raw->is_table ? 1 : 4);  // geometry costs more than a row
        jobs.push_back(std::move(job));
    }
    geom::NormalizeOptions nopt;
    nopt.threads = options.threads;
    const auto normalize_one = [&](geom::GeosContext& wc, LayerNormalize& job) {
        try {
            LayerInput& li = *job.li;
            io::RawLayer& raw = *job.raw;
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<io::RawFeature> features = std::move(raw.features);
            io::RawLayer meta = raw;  // metadata only
            raw.features = std::move(features);
            // A layer whose CRS is unknown (inspect only) is taken as already in the working CRS.
            const geom::CrsInfo& from = li.crs.wkt.empty() && !raw.is_table ? in.working_crs : li.crs;
            li.layer = geom::normalize(wc, std::move(raw), from, in.working_crs, nopt, job.issues);
            // The geometries outlive the worker's context: the caller's context owns them now.
            for (auto& f : li.layer.features)
                if (f.geom) f.geom.get_deleter().ctx = c.get();
            // The source geometries (WKB) are not needed any more.
            raw.features.clear();
            raw.features.shrink_to_fit();
            li.meta = std::move(meta);
            validate_values(li, job.issues);
            li.normalize_seconds = seconds_since(t0);
        } catch (...) {
            job.error = std::current_exception();
        }
    };
    for_each_layer(c, jobs, threads_for(options.threads), [](const LayerNormalize& j) { return j.size; },
                   [&](geom::GeosContext& wc, LayerNormalize& job, bool) { normalize_one(wc, job); });
    for (auto& job : jobs) {
        issues.append(std::move(job->issues));
        if (job->error) std::rethrow_exception(job->error);
        const LayerInput& li = *job->li;
        // Every analysis starts from the parcels: a layer with none usable is the wrong file, not
        // an empty result (inspect still reports it).
        if (std::string(job->name) == "parcels" && li.layer.features.empty() && !options.inspect_only) {
            throw DataError(fs::path(li.meta.spec.source).filename().string() + " (parcels): no usable parcel features (" +
                            std::to_string(li.layer.counts.read) + " read, " + std::to_string(li.layer.counts.rejected) +
                            " rejected); run `tenglong inspect` on the data to see why, or point the project at the right file");
        }
    }
    return in;
}

} // namespace tl::analysis
