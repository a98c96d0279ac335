// tenglong analyze: read → normalize → (index, measure, evaluate) → write.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/control_line.hpp"
#include "analysis/idle.hpp"
#include "analysis/scattered.hpp"
#include "analysis/inputs.hpp"
#include "analysis/township.hpp"
#include "analysis/unsupplied.hpp"
#include "cases/closure.hpp"
#include "cli/analyses.hpp"
#include "cli/command.hpp"
#include "cli/command_region.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/ui_lang.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "io/gdal.hpp"
#include "io/region.hpp"
#include "io/schema.hpp"
#include "report/contacts.hpp"
#include "report/pdf.hpp"
#include "report/totals.hpp"
#include "report/health.hpp"
#include "report/html.hpp"
#include "report/control_line_report.hpp"
#include "report/supply_mix_report.hpp"
#include "report/coverage.hpp"
#include "report/gdb.hpp"
#include "report/idle_report.hpp"
#include "rules/control_line.hpp"
#include "rules/idle.hpp"
#include "rules/unsupplied.hpp"
#include "rules/scattered.hpp"
#include "report/scattered_report.hpp"
#include "report/intensity_report.hpp"
#include "report/map.hpp"
#include "report/output_dir.hpp"
#include "report/publish_pg.hpp"
#include "report/styles.hpp"
#include "report/table.hpp"
#include "report/wgs84.hpp"
#include "report/unsupplied_report.hpp"
#include "rules/evaluate.hpp"
#include "rules/profile.hpp"

namespace tl::cli {

namespace {

struct AnalyzeOptions {
    InputOptions in;
    std::string out = "out";
    bool overwrite = false;
    std::string publish;            // --publish PG:...: also write the results into PostGIS
    std::string schema;             // --schema NAME (default tenglong)
    // --formats: the files the tables are written as (summary, run.json, report.html and
    // map.geojson always); gdb = results.gdb for ArcGIS (report/gdb.hpp), not by default.
    std::vector<std::string> formats{"csv", "xlsx", "geojson", "gpkg"};
    int jobs = 0;                   // --jobs N: county processes at a time for a region file
    std::string previous;           // --previous DIR: the previous run's output folder (case register, cases/register.hpp)
    bool pdf = false;               // --pdf: report.pdf through a headless Chromium (report/pdf.hpp)
}; // struct AnalyzeOptions

// One rounding rule for summary.json (and so for the report and the published summary, which
// read it): areas (keys ending _m2 / _mu) to 2 decimals, every other fraction — shares, FAR,
// 亩均 rates, money — to 4. Counts stay integers. The CSVs keep their own column precision.
void round_summary_numbers(nlohmann::ordered_json& j, const std::string& key) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) round_summary_numbers(it.value(), it.key());
    } else if (j.is_array()) {
        for (auto& e : j) round_summary_numbers(e, key);
    } else if (j.is_number_float()) {
        const bool area = key.size() > 3 && (key.compare(key.size() - 3, 3, "_m2") == 0 || key.compare(key.size() - 3, 3, "_mu") == 0);
        const double scale = area ? 100.0 : 10000.0;
        const double v = j.get<double>();
        if (std::isfinite(v)) j = std::round(v * scale) / scale;
    }
}

// Every shortlist table a run may publish (PgPublisher checks them all before the analysis).
const std::vector<std::string>& publishable_tables() {
    static const std::vector<std::string> names{"unsupplied", "unsupplied_pieces", "idle", "idle_rules", "inefficient", "inefficient_rules", "scattered",
                                                "control_line", "control_line_ledger", "supply_mix", "presale", "parcels", "issues",
                                                "excluded", "decisions_unmatched", "cases", "warnings", "standard_land",
                                                "standard_land_share", "targets"};
    return names;
}

// The table comment in PostGIS: what the table is, in both languages.
std::string pg_table_comment(const std::string& name) {
    static const std::map<std::string, std::string> what{
        {"unsupplied", "批而未供批次(R01) | unsupplied batches, one row per batch (R01)"},
        {"unsupplied_pieces", "批而未供图斑(R01) | unsupplied pieces of the batches (R01)"},
        {"idle", "闲置/供而未用 | idle land candidates (R02/R03, R21/R22)"},
        {"idle_rules", "闲置候选规则明细 | idle land candidates' rules, one row per rule met"},
        {"inefficient", "低效/用而未尽宗地 | inefficient parcels with metrics and rule hits"},
        {"inefficient_rules", "低效宗地不达标规则明细 | inefficient parcels' failed rules, one row per rule"},
        {"scattered", "零星地块(R12) | scattered plots beside industrial hosts (R12)"},
        {"control_line", "工业用地控制线外工业用地(R16) | industrial land outside the control lines (R16)"},
        {"control_line_ledger", "占补台账 | control-line conversion ledger"},
        {"supply_mix", "供地结构(R17): 各年度出让面积中工业用地占比 | supply mix (R17): industrial share of each year's 出让 area"},
        {"presale", "预告登记转让候选(R19): 开发投资未达标准的出让工业用地 | advance-registered transfer candidates (R19)"},
        {"parcels", "全部宗地及指标 | every parcel with every metric"},
        {"issues", "数据问题 | data issues: every feature repaired, rejected or noted"},
        {"excluded", "核实排除 | cases a decision excluded from their list (闭环管理)"},
        {"decisions_unmatched", "未匹配的处置决定 | decisions whose case is on no list"},
        {"cases", "案件登记 | case register across runs: first/last seen, status history, 销号"},
        {"warnings", "预警 | dates falling due within the warning horizon"},
        {"standard_land", "标准地对标(R18): 每宗标准地每项约定指标的实测值与判定 | 标准地 compliance (R18), one row per supply and indicator"},
        {"standard_land_share", "标准地出让比例(R18.share): 各年度出让工业用地中标准地占比 | 标准地 share of each year's industrial 出让"},
        {"targets", "目标完成情况(T01–T03) | targets against what was done (T01–T03)"},
    };
    const auto it = what.find(name);
    return it == what.end() ? name : it->second;
}

// The output files of one run, written concurrently (see the write stage). Each task has an
// estimated cost and the tasks it must wait for; a free worker starts the ready task with the
// longest chain of cost still behind it (its own and its heaviest dependent's, recursively), so
// the long tasks and what they unblock start first and the workers stay busy to the end. The
// order only decides when a task runs: each file is written whole by one task, so its bytes do
// not depend on the schedule. A task's exceptions are kept and the first one in task order is
// rethrown after all workers have stopped. After a failure (a full disk, say) no further task
// starts: the run fails anyway, and every extra writer would only add its own complaint about
// the same cause.
class WriteTasks {
public:
    using Fn = std::function<void(geom::GeosContext&)>;
    using Id = std::size_t;
    // `cost`: estimated CPU seconds (only compared with the other tasks'); `after`: tasks added
    // before this one that must end before it starts.
    Id add(std::string kind, double cost, Fn fn, std::vector<Id> after = {}) {
        m_tasks.push_back({std::move(kind), std::move(fn), cost, std::move(after)});
        return m_tasks.size() - 1;
    }

    void run(unsigned threads, Progress& progress) {
        if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
        const std::size_t n = m_tasks.size();
        if (n == 0) return;
        // Priority: the cost of the longest chain from the task to the end (tasks only wait for
        // earlier ones, so one pass from the back sees every dependent first).
        std::vector<std::vector<Id>> dependents(n);
        std::vector<std::size_t> waiting(n, 0);
        for (Id k = 0; k < n; ++k)
            for (Id d : m_tasks[k].after) {
                dependents[d].push_back(k);
                ++waiting[k];
            }
        std::vector<double> chain(n, 0.0);
        for (Id k = n; k-- > 0;) {
            double longest = 0.0;
            for (Id d : dependents[k]) longest = std::max(longest, chain[d]);
            chain[k] = m_tasks[k].cost + longest;
        }
        std::vector<Id> ready;
        for (Id k = 0; k < n; ++k)
            if (waiting[k] == 0) ready.push_back(k);
        // The next task: longest chain first, the earlier task on a tie.
        auto take = [&] {
            auto best = ready.begin();
            for (auto it = ready.begin(); it != ready.end(); ++it)
                if (chain[*it] > chain[*best] || (chain[*it] == chain[*best] && *it < *best)) best = it;
            const Id k = *best;
            ready.erase(best);
            return k;
        };
        std::mutex mutex;
        std::condition_variable changed;
        std::size_t finished = 0;
        bool failed = false;
        auto worker = [&] {
            geom::GeosContext c;   // one context per thread
            // GDAL's error handlers are per thread: without one here, a worker's GDAL error
            // would be printed to stderr by GDAL itself; the writers report it in their exception
            // (CPLGetLastErrorMsg), which is the message the planner sees.
            io::gdal::CplErrorCapture quiet;
            std::unique_lock<std::mutex> lock(mutex);
            for (;;) {
                changed.wait(lock, [&] { return failed || finished == n || !ready.empty(); });
                if (failed || finished == n) return;
                Task& t = m_tasks[take()];
                lock.unlock();
                const double t0 = thread_cpu_seconds();
                try {
                    t.fn(c);
                } catch (...) {
                    t.failure = std::current_exception();
                }
                t.cpu_s = thread_cpu_seconds() - t0;
                lock.lock();
                if (t.failure) failed = true;
                ++finished;
                for (Id d : dependents[static_cast<Id>(&t - m_tasks.data())])
                    if (--waiting[d] == 0) ready.push_back(d);
                progress.step(finished, n);
                changed.notify_all();
            }
        };
        threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
        if (threads == 1) {
            worker();
        } else {
            std::vector<std::thread> pool;
            for (unsigned k = 0; k < threads; ++k) pool.emplace_back(worker);
            for (auto& th : pool) th.join();
        }
        for (const auto& t : m_tasks)
            if (t.failure) std::rethrow_exception(t.failure);
    }

    nlohmann::ordered_json cpu_by_kind() const {
        std::map<std::string, double> sum;
        for (const auto& t : m_tasks) sum[t.kind] += t.cpu_s;
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (const auto& [kind, s] : sum) j[kind] = std::round(s * 1000.0) / 1000.0;
        return j;
    }

private:
    static double thread_cpu_seconds() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    struct Task {
        std::string kind;
        Fn fn;
        double cost = 0.0;
        std::vector<Id> after;
        double cpu_s = 0.0;
        std::exception_ptr failure{};
    }; // struct Task
    std::vector<Task> m_tasks;
}; // class WriteTasks

// A run's stage clock: the progress bar's stage, its wall time in run.json timings_s, the log.
class StageClock {
public:
    StageClock(Log& log, Progress& progress) : m_log(log), m_progress(progress) {}
    void begin(const char* stage) { m_progress.begin(stage); }
    void lap(const char* stage) {
        const auto now = std::chrono::steady_clock::now();
        const double secs = std::chrono::duration<double>(now - m_t).count();
        m_timings[stage] = std::round(secs * 1000.0) / 1000.0;
        m_progress.end();
        m_log.timing(stage, secs);
        m_t = now;
    }
    const nlohmann::ordered_json& timings() const { return m_timings; }

private:
    Log& m_log;
    Progress& m_progress;
    std::chrono::steady_clock::time_point m_t = std::chrono::steady_clock::now();
    nlohmann::ordered_json m_timings = nlohmann::ordered_json::object();
}; // class StageClock

// The project file, checked before anything is read.
io::Project load_project(const AnalyzeOptions& opt, Log& log) {
    io::Project project = opt.in.load();
    std::string with_password;
    for (const auto& [name, spec] : project.layers)
        if (io::gdal::display_source(spec.source) != spec.source) with_password += (with_password.empty() ? "" : ", ") + name;
    if (!with_password.empty())
        log.warn(tr("项目文件中写有密码 (图层 " + with_password + "; 显示为 ***): 请删去, 改用 PGPASSWORD 或 pgpass 文件 (~/.pgpass), "
                    "项目文件才可以共享",
                    "the project file holds a password (layers " + with_password + "; shown as ***); leave it out and set "
                    "PGPASSWORD or a pgpass file (~/.pgpass), so that the project file can be shared"));
    if (project.as_of_placeholder && opt.in.language() == report::Lang::en)
        throw ConfigError(project.file.string(), "as_of is still the placeholder tenglong init wrote (\"" +
                                                     std::string(io::as_of_placeholder_text()) + "\"): set as_of = \"2023-12-31\" "
                                                     "in the project file, or pass --as-of 2023-12-31");
    return project;
}

// The read stage (analysis::load_inputs, shared by every command), and the parcels that miss
// their neighbour by a few centimetres (the same gap issues inspect shows).
analysis::Inputs read_stage(geom::GeosContext& geos, const io::Project& project, const rules::Profile& profile,
                            const AnalyzeOptions& opt, Log& log, IssueLog& issues) {
    log.info(tr("读取: ", "read: ") + opt.in.input);
    analysis::LoadOptions load_options;
    load_options.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(geos, project, load_options, issues);
    log.detail("working CRS " + in.working_crs.label() + " (" + in.working_crs.decided_by + ")");
    if (const geom::Layer* parcels = in.layer("parcels"))
        analysis::report_parcel_gaps(geos, *parcels, profile.number("adjacency.snap_m"), profile.number("adjacency.min_shared_m"),
                                     static_cast<unsigned>(opt.in.threads), issues);
    return in;
}

// No profile named: judged under national, with the county profile the parcel codes suggest.
void warn_default_profile(const io::Project& project, const analysis::Inputs& in, report::Coverage& coverage) {
    if (!project.profile.empty()) return;
    std::vector<std::string> codes;
    if (const geom::Layer* parcels = in.layer("parcels"))
        for (const auto& f : parcels->features) if (!f.id.empty()) codes.push_back(f.id);
    const auto sug = rules::suggest_profile(codes);
    coverage.warnings.push_back({"profile_default",
        "未指定政策规则集, 按全国默认 national 判定" +
            (sug ? fmt::format("; 宗地代码的行政区划代码 {} 对应{} ({:.0f}% 的宗地): 建议 --profile {}", sug->admin_code,
                               sug->jurisdiction, sug->share * 100, sug->id)
                 : std::string("; 县级规则见 tenglong profile list")),
        "no policy profile given: judged under the national defaults" +
            (sug ? fmt::format("; the parcel codes' admin code {} is {} ({:.0f}% of the parcels): try --profile {}", sug->admin_code,
                               sug->jurisdiction, sug->share * 100, sug->id)
                 : std::string("; county rules: tenglong profile list"))});
}

// summary.json: the run's headline numbers, categories, coverage and issue counts.
nlohmann::ordered_json make_summary(const io::Project& project, const Date& as_of, const std::string& profile_name,
                                    const analysis::Inputs& in, const AnalysisOutputs& results, const IssueLog& issues,
                                    std::size_t issue_count) {
    nlohmann::ordered_json issues_by_kind = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : issues.count_by_kind()) issues_by_kind[kind] = n;
    nlohmann::ordered_json summary;
    summary["tool"] = std::string("tenglong ") + TENGLONG_VERSION;
    summary["project"] = project.name;
    summary["as_of"] = as_of.iso();
    summary["profile"] = profile_name;
    summary["crs"] = {{"epsg", in.working_crs.epsg ? nlohmann::ordered_json(*in.working_crs.epsg) : nlohmann::ordered_json(nullptr)},
                      {"name", in.working_crs.name}};
    summary["area_units"] = {{"m2_per_mu", "10000/15"}};
    summary["layers"] = report::layer_counts_json(in);
    summary["categories"] = results.categories;
    summary["supply_mix"] = results.supply_mix;
    summary["cases"] = results.cases;
    summary["targets"] = results.targets;
    if (!project.mapping_unit.empty()) summary["mapping_unit"] = project.mapping_unit;   // 制图单位 (report.html map block)
    summary["issues"] = {{"total", issue_count}, {"by_kind", issues_by_kind}};
    summary["coverage"] = results.coverage.to_json();
    round_summary_numbers(summary, "");
    return summary;
}

// The write stage: every output file is one task (and the WGS 84 copies a few); the tasks run on
// --threads workers (one GEOS context each), the longest chain of cost first (WriteTasks). Each
// file is written whole by one task, so its bytes do not depend on the thread count. The shared geometries are only read: their lazy envelope caches
// are filled here first (geom::warm_envelopes). Returns the CPU seconds by kind of file.
nlohmann::ordered_json write_stage(geom::GeosContext& ctx, const AnalyzeOptions& opt, const analysis::Inputs& in,
                                   const rules::Profile& profile, const AnalysisOutputs& results, const report::Table& issue_table,
                                   const nlohmann::ordered_json& summary, report::OutputDir& out, Progress& progress) {
    const report::Lang lang = opt.in.language();
    const geom::Layer* townships_layer = in.layer("townships");
    const report::Table& parcels_table = *results.parcels;
    std::vector<const report::Table*> map_tables;
    for (const auto& s : results.shortlists) map_tables.push_back(&s.table);
    report::write_json(summary, out.file("summary.json"));

    // report.html: map, township tables, charts, targets, data quality (report/html.hpp).
    report::ReportInput report_in;
    report_in.summary = &summary;
    report_in.tables = map_tables;
    report_in.townships = townships_layer;
    report_in.profile = &profile;
    report_in.lang = lang;
    report_in.control_lines = in.layer("control_lines");

    for (const report::Table* t : map_tables)
        for (const GEOSGeometry* g : t->geoms) geom::warm_envelopes(ctx, g);
    for (const GEOSGeometry* g : parcels_table.geoms) geom::warm_envelopes(ctx, g);
    for (const GEOSGeometry* g : issue_table.geoms) geom::warm_envelopes(ctx, g);
    if (townships_layer)
        for (const auto& f : townships_layer->features) geom::warm_envelopes(ctx, f.geom.get());

    // Bench hook (scripts/bench.sh): TENGLONG_BENCH_FORMATS=csv,geojson writes only those table
    // formats (no XLSX, no parcels.gpkg), to time the writers apart. Not for production use.
    auto wants = [&](const char* format) {
        return std::find(opt.formats.begin(), opt.formats.end(), format) != opt.formats.end();
    };
    bool want_xlsx = wants("xlsx"), want_gpkg = wants("gpkg");
    const bool want_csv = wants("csv"), want_geojson = wants("geojson"), want_gdb = wants("gdb");
    if (const char* f = std::getenv("TENGLONG_BENCH_FORMATS")) {
        const std::string formats = f;
        want_xlsx = want_xlsx && formats.find("xlsx") != std::string::npos;
        want_gpkg = want_gpkg && formats.find("gpkg") != std::string::npos;
    }
    WriteTasks tasks;
    // One schedule, longest chain first (WriteTasks). The costs are estimated CPU seconds on this
    // machine's class of CPU per cell (row × column) and per geometry, measured on the
    // 200 000-parcel county; only their ratios matter. The WGS 84 copies of the GeoJSON
    // geometries (report/wgs84.hpp: a parcel in two lists and the map is projected once) are made
    // in chunks of their own, which run beside the other writers; each GeoJSON file waits for the
    // chunks holding its geometries.
    auto cells = [](const report::Table& t) { return static_cast<double>(t.rows.size()) * static_cast<double>(t.columns.size()); };
    auto geoms = [](const report::Table& t) { return static_cast<double>(t.geoms.size()); };
    if (want_gpkg) {
        tasks.add("gpkg", 0.26e-6 * cells(parcels_table) + 9e-6 * geoms(parcels_table), [&](geom::GeosContext&) {
            report::write_gpkg(parcels_table, in.working_crs, out.file("parcels.gpkg"));
            // QGIS opens parcels.gpkg styled (亩均 classes): its style in the layer_styles table.
            report::embed_gpkg_style(out.file("parcels.gpkg"), "parcels", report::qml_for("parcels"), "tenglong");
        });
    }
    // results.gdb: every table of the run in one File Geodatabase for ArcGIS, Chinese aliases,
    // the verdict domain, the working CRS (report/gdb.hpp).
    std::vector<report::GdbLayer> gdb_layers;
    if (want_gdb) {
        auto alias = [&](const std::string& name) {
            const std::string both = pg_table_comment(name);
            const auto bar = both.find(" | ");
            if (bar == std::string::npos) return both;
            return lang == report::Lang::zh ? both.substr(0, bar) : both.substr(bar + 3);
        };
        double cost = 0.0;
        for (const auto& s : results.shortlists) {
            const std::string name = s.pg_name.empty() ? s.table.name : s.pg_name;
            gdb_layers.push_back({&s.table, name, alias(name)});
            cost += 0.4e-6 * cells(s.table) + 9e-6 * geoms(s.table);
        }
        gdb_layers.push_back({&parcels_table, "parcels", alias("parcels")});
        gdb_layers.push_back({&issue_table, "issues", alias("issues")});
        cost += 0.4e-6 * (cells(parcels_table) + cells(issue_table)) + 9e-6 * (geoms(parcels_table) + geoms(issue_table));
        tasks.add("gdb", cost, [&](geom::GeosContext&) { report::write_gdb(gdb_layers, in.working_crs, out.file("results.gdb"), lang); });
    }
    for (const auto& s : results.shortlists)
        if (s.xlsx && want_xlsx)
            tasks.add("xlsx", 1.3e-6 * cells(s.table),
                      [&, t = &s.table](geom::GeosContext&) { report::write_xlsx(*t, out.file(t->name + ".xlsx"), lang); });
    {
        double rows = 0.0;
        for (const report::Table* t : map_tables) rows += static_cast<double>(t->rows.size());
        tasks.add("html", 2.5e-6 * rows, [&](geom::GeosContext& c) { report::write_report_html(c, report_in, out.file("report.html")); });
    }
    if (want_csv)
        tasks.add("csv", 0.1e-6 * cells(parcels_table),
                  [&](geom::GeosContext&) { report::write_csv(parcels_table, out.file("parcels.csv"), lang); });
    for (const auto& s : results.shortlists)
        if (s.csv && want_csv)
            tasks.add("csv", 0.1e-6 * cells(s.table),
                      [&, t = &s.table](geom::GeosContext&) { report::write_csv(*t, out.file(t->name + ".csv"), lang); });
    if (want_csv)
        tasks.add("csv", 0.1e-6 * cells(issue_table), [&](geom::GeosContext&) { report::write_csv(issue_table, out.file("issues.csv"), lang); });

    // The WGS 84 copies, in chunks (first-seen order: townships, the lists, the issues).
    report::Wgs84Geometries wgs84(in.working_crs);
    std::vector<const GEOSGeometry*> all;
    if (townships_layer)
        for (const auto& f : townships_layer->features) all.push_back(f.geom.get());
    for (const report::Table* t : map_tables) all.insert(all.end(), t->geoms.begin(), t->geoms.end());
    all.insert(all.end(), issue_table.geoms.begin(), issue_table.geoms.end());
    const std::size_t pending = wgs84.reserve(all);
    constexpr std::size_t kChunk = 8192;
    std::vector<WriteTasks::Id> chunks;
    for (std::size_t begin = 0; begin < pending; begin += kChunk) {
        const std::size_t end = std::min(pending, begin + kChunk);
        chunks.push_back(tasks.add("geojson", 16e-6 * static_cast<double>(end - begin),
                                   [&wgs84, begin, end](geom::GeosContext& c) { wgs84.transform(c, begin, end); }));
    }
    // The chunks a GeoJSON file needs: those holding any of its geometries.
    auto chunks_of = [&](const std::vector<const GEOSGeometry*>& gs) {
        std::vector<bool> needed(chunks.size(), false);
        for (const GEOSGeometry* g : gs) {
            const std::size_t k = wgs84.pending_index(g);
            if (k != report::Wgs84Geometries::npos) needed[k / kChunk] = true;
        }
        std::vector<WriteTasks::Id> after;
        for (std::size_t k = 0; k < chunks.size(); ++k)
            if (needed[k]) after.push_back(chunks[k]);
        return after;
    };

    for (const auto& s : results.shortlists) {
        if (!s.geojson || !want_geojson) continue;
        tasks.add("geojson", 0.2e-6 * cells(s.table) + 3e-6 * geoms(s.table),
                  [&, t = &s.table](geom::GeosContext& c) {
                      // simplestyle properties from styles/, and the QGIS style QGIS loads beside the file.
                      report::write_geojson(c, *t, in.working_crs, out.file(t->name + ".geojson"), {t->name, lang}, &wgs84);
                      report::write_qml(t->name, out.file(t->name + ".qml"));
                  },
                  chunks_of(s.table.geoms));
    }
    // map.geojson: every category in one RFC 7946 file (report/map.hpp).
    {
        double rows = 0.0;
        for (const report::Table* t : map_tables) rows += geoms(*t);
        tasks.add("geojson", 7e-6 * rows, [&](geom::GeosContext& c) {
            report::write_map_geojson(c, map_tables, townships_layer, in.working_crs, lang, out.file("map.geojson"), &wgs84);
        }, chunks_of(all));
    }
    if (want_geojson)
        tasks.add("geojson", 0.2e-6 * cells(issue_table) + 3e-6 * geoms(issue_table), [&](geom::GeosContext& c) {
            report::write_geojson(c, issue_table, in.working_crs, out.file("issues.geojson"), {}, &wgs84);
            report::write_qml("issues", out.file("issues.qml"));
        }, chunks_of(issue_table.geoms));
    io::gdal::ensure_registered();   // before any worker touches GDAL's driver manager
    tasks.run(static_cast<unsigned>(opt.in.threads), progress);
    return tasks.cpu_by_kind();
}

// run.json: what made the results (tool, profile and its hash, CRS, inputs with their hashes,
// timings).
nlohmann::ordered_json provenance(const Date& as_of, const rules::Profile& profile, const nlohmann::ordered_json& summary,
                                  const analysis::Inputs& in, const nlohmann::ordered_json& timings,
                                  const nlohmann::ordered_json& write_cpu_s) {
    nlohmann::ordered_json run;
    run["tool"] = {{"name", "tenglong"}, {"version", TENGLONG_VERSION}};
    run["command"] = "analyze";
    run["as_of"] = as_of.iso();
    run["profile"] = summary["profile"];
    run["profile_detail"] = {{"id", profile.id}, {"name", profile.name},
                             {"content_hash_fnv1a64", profile.content_hash}, {"files", profile.chain}};
    run["working_crs"] = {{"epsg", summary["crs"]["epsg"]}, {"name", in.working_crs.name}, {"decided_by", in.working_crs.decided_by}};
    run["inputs"] = report::inputs_provenance_json(in);
    run["timings_s"] = timings;
    // CPU seconds of the write tasks by kind (they run concurrently: these add up to more than
    // timings_s.write on several threads); bench.sh reports the XLSX and GPKG writers apart.
    run["write_cpu_s"] = write_cpu_s;
    return run;
}

// --publish: before the output folder is committed. If the publish fails, the run fails (exit 1),
// the database keeps the previous tables (one transaction, rolled back) and the folder keeps the
// previous results, so files and database never disagree about which run they show.
void publish_stage(report::PgPublisher& publisher, const std::string& pg_schema, geom::GeosContext& ctx, const analysis::Inputs& in,
                   const AnalysisOutputs& results, const report::Table& issue_table, const nlohmann::ordered_json& summary,
                   nlohmann::ordered_json& run, const report::OutputDir& out, Log& log) {
    log.info("publish: " + publisher.display_target() + ", schema \"" + pg_schema + "\"");
    report::PublishInput pub;
    for (const auto& s : results.shortlists) {
        const std::string name = s.pg_name.empty() ? s.table.name : s.pg_name;
        pub.tables.push_back({name, &s.table, pg_table_comment(name)});
    }
    pub.tables.push_back({"parcels", results.parcels, pg_table_comment("parcels")});
    pub.tables.push_back({"issues", &issue_table, pg_table_comment("issues")});
    pub.summary = &summary;
    pub.run = &run;
    pub.srid = in.working_crs.epsg.value_or(0);
    if (pub.srid == 0)
        log.warn(tr("发布: 工作坐标系没有 EPSG 代码; 图形以 SRID 0 发布",
                    "publish: the working CRS has no EPSG code; geometries are published with SRID 0"));
    report::PublishResult published;
    try {
        published = publisher.publish(ctx, pub);
    } catch (const IoError& e) {
        throw IoError("", std::string(e.what()) + "; the output folder " + out.target().string() +
                              " was not updated either (previous results kept)");
    }
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    std::size_t rows = 0;
    for (const auto& [name, n] : published.tables) {
        tables[name] = n;
        rows += n;
    }
    run["publish"] = {{"target", publisher.display_target()}, {"schema", pg_schema},
                      {"schema_created", published.schema_created}, {"tables", tables},
                      {"dropped_previous", published.dropped}};
    log.info(tr("发布: " + std::to_string(published.tables.size()) + " 张表, " + std::to_string(rows) + " 行, 模式 \"" + pg_schema + "\"",
                "publish: " + std::to_string(published.tables.size()) + " tables, " + std::to_string(rows) +
                    " rows in schema \"" + pg_schema + "\""));
}

// stdout carries the result: where it is and the headline numbers (-q: nothing but errors).
void print_result(const report::OutputDir& out, const analysis::Inputs& in, std::size_t issue_count, bool quiet) {
    if (quiet) return;
    const bool zh = ui_lang() == report::Lang::zh;
    std::cout << (zh ? "结果: " : "results: ") << out.target().string() << "\n";
    for (const auto& name : in.order) {
        const auto& c = in.layers.at(name).layer.counts;
        const io::LayerDef* def = io::find_layer_def(name);
        if (zh)
            std::cout << "  " << (def ? def->label_zh + " " : std::string()) << name << ": 读取 " << c.read << ", 使用 " << c.used
                      << ", 剔除 " << c.rejected << ", 修复 " << c.repaired << "\n";
        else
            std::cout << "  " << name << ": " << c.read << " read, " << c.used << " used, " << c.rejected << " rejected, "
                      << c.repaired << " repaired\n";
    }
    std::cout << (zh ? "  数据问题: " : "  issues: ") << issue_count << " (issues.csv)\n";
}

int run_region(const AnalyzeOptions& opt) {
    RegionRunOptions r;
    r.region_file = opt.in.input;
    r.out = opt.out;
    r.profile = opt.in.profile;
    r.as_of = opt.in.as_of;
    r.lang = opt.in.lang;
    r.overwrite = opt.overwrite;
    r.threads = opt.in.threads;
    r.jobs = opt.jobs;
    r.publish = opt.publish;
    r.schema = opt.schema;
    r.verbosity = opt.in.verbosity;
    return run_region_analyze(r);
}

// load → analyses → write → provenance. A region file (a [[counties]] list) runs every county as
// its own run, then the roll-up (cli/command_region.hpp).
int run_analyze(const AnalyzeOptions& opt) {
    if (io::is_region_file(opt.in.input)) {
        if (!opt.previous.empty())
            throw UsageError("--previous 用于单个县的分析 (a county run); 区域文件的各县请分别运行 tenglong analyze COUNTY --previous DIR");
        return run_region(opt);
    }
    if (opt.jobs > 0) throw UsageError("--jobs runs the counties of a region file (region.toml) side by side; a county run uses --threads");
    if (opt.publish.empty() && !opt.schema.empty())
        throw UsageError("--schema names the PostGIS schema of --publish; add --publish PG:\"dbname=...\" or drop --schema");
    const std::string pg_schema = opt.schema.empty() ? "tenglong" : opt.schema;
    if (!opt.publish.empty()) report::check_publish_args(opt.publish, pg_schema);
    Log log{opt.in.verbosity};
    // A bar on a terminal for the stages (read, six analyses, write, publish); nothing with -q
    // or a pipe; JSON lines with --progress json (cli/progress.hpp).
    Progress progress{opt.in.verbosity, opt.publish.empty() ? 8 : 9};
    log.attach(&progress);
    StageClock clock{log, progress};

    // ---- load: project, profile (a bad one is exit 2 with nothing done), output folder, database, layers
    const io::Project project = load_project(opt, log);
    const Date as_of = effective_as_of(project);
    if (!project.as_of)
        log.info(tr("未给基准日 as_of: 按今天 " + as_of.iso() + " 分析 (固定日期请加 --as-of)",
                    "as_of not given: analysing as of today, " + as_of.iso() + " (set --as-of for a fixed date)"));
    const std::string profile_name = project.profile.empty() ? "national" : project.profile;
    const rules::Profile profile = rules::load_profile(profile_name);
    if (!profile.in_force(as_of)) log.warn(profile.validity_note(as_of));
    report::OutputDir out{opt.out, opt.overwrite};   // a wrong --out fails before any work is done
    std::unique_ptr<report::PgPublisher> publisher;  // a wrong password stops the run before the analysis
    if (!opt.publish.empty()) {
        publisher = std::make_unique<report::PgPublisher>(opt.publish, pg_schema, publishable_tables());
        log.detail("publish: connected to " + publisher->display_target() + ", schema \"" + pg_schema + "\"");
    }
    report::test_pause("read");
    geom::GeosContext geos;
    IssueLog issues;
    clock.begin("read");
    analysis::Inputs in = read_stage(geos, project, profile, opt, log, issues);
    clock.lap("read_normalize");

    // ---- analyses (cli/analyses.hpp): each adds its tables, totals and coverage
    AnalysisOutputs results;
    warn_default_profile(project, in, results.coverage);
    const analysis::TownshipLookup townships =
        in.layer("townships") ? analysis::TownshipLookup(*in.layer("townships")) : analysis::TownshipLookup{};
    const AnalysisContext actx{geos, project, in, profile, as_of, static_cast<unsigned>(opt.in.threads), opt.in.language(), townships, issues};
    const auto analyses = registered_analyses();   // they own what the tables borrow: alive until written
    for (const auto& a : analyses) {
        clock.begin(a->stage());
        a->run(actx, results);
        clock.lap(a->stage());
    }
    for (const auto& w : results.log_warnings) log.warn(w);
    warn_empty_categories(in, results);
    // Every shortlist row names its 镇街 (largest overlap; "(镇街外)" outside every township) and who
    // to call: the holder, the firm and its 统一社会信用代码 (report/contacts.hpp).
    if (in.layer("townships")) {
        for (auto& s : results.shortlists) {
            if (s.table.name == "inefficient" || s.table.name == "scattered" || s.table.name == "control_line")
                report::assign_townships(geos, s.table, townships, opt.in.language());
            report::mark_outside_townships(s.table, opt.in.language());
        }
    }
    for (auto& s : results.shortlists)
        if (s.table.name == "idle" || s.table.name == "inefficient" || s.table.name == "scattered" || s.table.name == "control_line")
            report::add_contacts(s.table, *results.parcels);
    // 闭环管理 (issue 20): decisions, the case register and 预警 on the shortlists (cases/closure.hpp).
    std::vector<report::Table*> case_lists;
    for (auto& s : results.shortlists) case_lists.push_back(&s.table);
    cases::Closure closure = cases::close_loop({&project, &profile, as_of, opt.previous, in.layer("supplies"), opt.in.language()},
                                               case_lists, issues);
    for (auto& w : closure.warnings) results.coverage.warnings.push_back(std::move(w));
    {
        // The long forms (inefficient_rules.csv, idle_rules.csv) follow their lists as decided:
        // the 镇街 and 处置状态 of the parcel / supply row, and none of a case a decision took off.
        auto find = [&](const char* name) -> report::Table* {
            for (auto& s : results.shortlists)
                if (s.table.name == name) return &s.table;
            return nullptr;
        };
        for (const auto& [list, long_form, key] : {std::tuple{"inefficient", "inefficient_rules", "source_fid"},
                                                    std::tuple{"idle", "idle_rules", "fid"}})
            if (report::Table* l = find(list))
                if (report::Table* f = find(long_form)) report::follow_list(*f, *l, key);
    }
    for (auto& t : closure.tables) results.shortlists.push_back({std::move(t), true, true, false});
    results.cases = std::move(closure.summary);
    {
        // The headline totals are counted from the tables as written: one source (report/totals.hpp).
        std::vector<const report::Table*> tables;
        for (const auto& s : results.shortlists) tables.push_back(&s.table);
        report::apply_totals(results.categories, tables);
    }
    for (const auto& a : analyses) a->finish(actx, results);   // targets: against the lists as written

    // ---- write
    clock.begin("write");
    const auto sorted_issues = issues.sorted();
    std::vector<geom::GeomPtr> points;
    const report::Table issue_table = report::issues_table(geos, sorted_issues, points);
    const nlohmann::ordered_json summary = make_summary(project, as_of, profile_name, in, results, issues, sorted_issues.size());
    const nlohmann::ordered_json write_cpu = write_stage(geos, opt, in, profile, results, issue_table, summary, out, progress);
    report::test_pause("write");
    // --pdf: report.html printed by a headless Chromium into the same (temporary) folder; without
    // a Chromium the PDF is skipped with a note, the run goes on.
    if (opt.pdf) {
        if (const auto chromium = report::find_chromium()) {
            report::print_pdf(*chromium, out.file("report.html"), out.file("report.pdf"));
            log.detail("report.pdf: " + chromium->string());
        } else {
            log.warn(tr("未找到 Chromium (chromium / $CHROMIUM): 未生成 report.pdf; 可用浏览器打开 report.html 打印, 或安装 chromium 后重试",
                        "no Chromium found (chromium / $CHROMIUM): report.pdf skipped; print report.html from a browser, or install chromium"));
        }
    }
    clock.lap("write");

    // ---- provenance (and --publish before the folder is committed)
    nlohmann::ordered_json run = provenance(as_of, profile, summary, in, clock.timings(), write_cpu);
    if (publisher) {
        clock.begin("publish");
        publish_stage(*publisher, pg_schema, geos, in, results, issue_table, summary, run, out, log);
        clock.lap("publish");
        run["timings_s"] = clock.timings();
    }
    report::write_json(run, out.file("run.json"));
    out.commit();
    progress.finish();
    if (!opt.in.verbosity.quiet) results.coverage.print(std::cerr, opt.in.language());
    print_result(out, in, sorted_issues.size(), opt.in.verbosity.quiet);
    return 0;
}

} // namespace

Action setup_analyze(CLI::App& sub) {
    auto opt = std::make_shared<AnalyzeOptions>();
    opt->in.add_to(sub, true);
    sub.add_option("-o,--out", opt->out, tr("输出文件夹 (默认: out)", "Output folder (default: out)"));
    sub.add_flag("--overwrite", opt->overwrite, tr("替换输出文件夹中已有的结果", "Replace the results already in the output folder"));
    sub.add_option("--previous", opt->previous,
                   tr("上一期分析的输出文件夹: 延续案件登记 cases.csv (首次列入、状态记录、销号)",
                      "The previous run's output folder: carries the case register (cases.csv) on"));
    sub.add_option("--publish", opt->publish,
                   tr("同时把结果写入 PostGIS: PG:\"dbname=... host=... user=...\" (密码取自 PGPASSWORD 或 pgpass)",
                      "Also write the results into PostGIS: PG:\"dbname=... host=... user=...\" (password from PGPASSWORD or pgpass)"));
    sub.add_option("--jobs", opt->jobs, tr("区域文件: 同时分析的县数, 每县一个进程 (默认: 核数的一半)",
                                           "Region file: counties analysed at a time, each its own process (default: half the cores)"))
        ->check(CLI::PositiveNumber);
    sub.add_option("--schema", opt->schema, tr("--publish 的模式 (默认: tenglong); 其中 tenglong 的表整体替换",
                                               "Schema for --publish (default: tenglong); its tenglong tables are replaced atomically"));
    sub.add_option("--formats", opt->formats,
                   tr("结果表格式, 逗号分隔: csv,xlsx,geojson,gpkg (默认) 及 gdb (results.gdb, 供 ArcGIS 的文件地理数据库)",
                      "Formats of the result tables, comma-separated: csv,xlsx,geojson,gpkg (default) and gdb "
                      "(results.gdb, a File Geodatabase for ArcGIS)"))
        ->delimiter(',')
        ->check(CLI::IsMember({"csv", "xlsx", "geojson", "gpkg", "gdb"}));
    sub.add_flag("--pdf", opt->pdf, tr("同时用本机的无界面 Chromium 把 report.html 打印为 report.pdf (A4, 地图 A3 横向); 无 Chromium 时跳过并提示",
                                       "Also print report.html to report.pdf with this machine's headless Chromium (A4, the map A3 landscape); "
                                       "skipped with a note when there is none"));
    return [opt] { return run_analyze(*opt); };
}

} // namespace tl::cli
