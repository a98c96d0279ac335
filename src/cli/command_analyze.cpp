// tenglong analyze: read → normalize → (index, measure, evaluate) → write.
#include <algorithm>
#include <atomic>
#include <chrono>
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
#include "cli/command.hpp"
#include "cli/command_region.hpp"
#include "cli/options.hpp"
#include "cli/ui_lang.hpp"
#include "cli/progress.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "io/schema.hpp"
#include "io/gdal.hpp"
#include "io/region.hpp"
#include "report/health.hpp"
#include "report/html.hpp"
#include "report/contacts.hpp"
#include "report/control_line_report.hpp"
#include "report/supply_mix_report.hpp"
#include "report/coverage.hpp"
#include "report/gdb.hpp"
#include "report/idle_report.hpp"
#include "report/scattered_report.hpp"
#include "report/intensity_report.hpp"
#include "report/map.hpp"
#include "report/output_dir.hpp"
#include "report/pdf.hpp"
#include "report/publish_pg.hpp"
#include "report/styles.hpp"
#include "report/table.hpp"
#include "report/totals.hpp"
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
    bool pdf = false;               // --pdf: report.pdf through a headless Chromium (report/pdf.hpp)
}; // struct AnalyzeOptions

// Which files a shortlist table is written to, and its table name in PostGIS (--publish).
struct Shortlist {
    report::Table table;
    bool csv = true, xlsx = true, geojson = true;
    std::string pg_name{};          // empty: table.name
}; // struct Shortlist

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
    static const std::vector<std::string> names{"unsupplied", "unsupplied_pieces", "idle", "inefficient", "scattered",
                                                "control_line", "control_line_ledger", "supply_mix", "parcels", "issues"};
    return names;
}

// The table comment in PostGIS: what the table is, in both languages.
std::string pg_table_comment(const std::string& name) {
    static const std::map<std::string, std::string> what{
        {"unsupplied", "批而未供批次(R01) | unsupplied batches, one row per batch (R01)"},
        {"unsupplied_pieces", "批而未供图斑(R01) | unsupplied pieces of the batches (R01)"},
        {"idle", "闲置/供而未用 | idle land candidates (R02/R03, R21/R22)"},
        {"inefficient", "低效/用而未尽宗地 | inefficient parcels with metrics and rule hits"},
        {"scattered", "零星地块(R12) | scattered plots beside industrial hosts (R12)"},
        {"control_line", "工业用地控制线外工业用地(R16) | industrial land outside the control lines (R16)"},
        {"control_line_ledger", "占补台账 | control-line conversion ledger"},
        {"supply_mix", "供地结构(R17): 各年度出让面积中工业用地占比 | supply mix (R17): industrial share of each year's 出让 area"},
        {"parcels", "全部宗地及指标 | every parcel with every metric"},
        {"issues", "数据问题 | data issues: every feature repaired, rejected or noted"},
    };
    const auto it = what.find(name);
    return it == what.end() ? name : it->second;
}

// The output files of one run, written concurrently (see the write stage). A task's exceptions
// are kept and the first one in task order is rethrown after all workers have stopped. After a
// failure (a full disk, say) no further task starts: the run fails anyway, and every extra writer
// would only add its own complaint about the same cause.
class WriteTasks {
public:
    using Fn = std::function<void(geom::GeosContext&)>;
    void add(std::string kind, Fn fn) { m_tasks.push_back({std::move(kind), std::move(fn), 0.0, nullptr, {}}); }
    // Every task added before runs to its end, then `step` runs on the calling thread, then the
    // tasks added after it start.
    void barrier(std::function<void()> step) { m_tasks.push_back({"", nullptr, 0.0, nullptr, std::move(step)}); }

    void run(unsigned threads, Progress& progress) {
        if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
        std::size_t total = 0;
        for (const auto& t : m_tasks) total += t.fn ? 1 : 0;
        std::atomic<std::size_t> done{0};
        for (std::size_t begin = 0; begin <= m_tasks.size();) {
            std::size_t end = begin;
            while (end < m_tasks.size() && m_tasks[end].fn) ++end;
            run_tasks(begin, end, threads, progress, done, total);
            for (std::size_t k = begin; k < end; ++k)
                if (m_tasks[k].failure) std::rethrow_exception(m_tasks[k].failure);
            if (end < m_tasks.size()) m_tasks[end].step();
            begin = end + 1;
        }
    }

    // CPU spent for the tasks outside them (a barrier's step).
    void add_cpu(const std::string& kind, double cpu_s) { m_extra_cpu[kind] += cpu_s; }

    nlohmann::ordered_json cpu_by_kind() const {
        std::map<std::string, double> sum = m_extra_cpu;
        for (const auto& t : m_tasks)
            if (t.fn) sum[t.kind] += t.cpu_s;
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        for (const auto& [kind, s] : sum) j[kind] = std::round(s * 1000.0) / 1000.0;
        return j;
    }

private:
    void run_tasks(std::size_t begin, std::size_t end, unsigned threads, Progress& progress,
                   std::atomic<std::size_t>& done, std::size_t total) {
        if (begin == end) return;
        threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(end - begin)));
        std::atomic<std::size_t> next{begin};
        std::atomic<bool> failed{false};
        std::mutex progress_mutex;
        auto worker = [&] {
            geom::GeosContext c;   // one context per thread
            // GDAL's error handlers are per thread: without one here, a worker's GDAL error
            // would be printed to stderr by GDAL itself; the writers report it in their exception
            // (CPLGetLastErrorMsg), which is the message the planner sees.
            io::gdal::CplErrorCapture quiet;
            for (std::size_t k = next.fetch_add(1); k < end && !failed.load(); k = next.fetch_add(1)) {
                Task& t = m_tasks[k];
                const double t0 = thread_cpu_seconds();
                try {
                    t.fn(c);
                } catch (...) {
                    t.failure = std::current_exception();
                    failed.store(true);
                }
                t.cpu_s = thread_cpu_seconds() - t0;
                std::lock_guard<std::mutex> lock(progress_mutex);
                progress.step(done.fetch_add(1) + 1, total);
            }
        };
        if (threads == 1) {
            worker();
        } else {
            std::vector<std::thread> pool;
            for (unsigned k = 0; k < threads; ++k) pool.emplace_back(worker);
            for (auto& th : pool) th.join();
        }
    }

    static double thread_cpu_seconds() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    struct Task {
        std::string kind;
        Fn fn;                        // null: a barrier
        double cpu_s;
        std::exception_ptr failure;
        std::function<void()> step;   // a barrier's step
    };
    std::vector<Task> m_tasks;
    std::map<std::string, double> m_extra_cpu;
}; // class WriteTasks

int run_analyze(const AnalyzeOptions& opt) {
    // A region file (a [[counties]] list): every county as its own run, then the roll-up (cli/command_region.hpp).
    if (io::is_region_file(opt.in.input)) {
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
    if (opt.jobs > 0) throw UsageError("--jobs runs the counties of a region file (region.toml) side by side; a county run uses --threads");
    if (opt.publish.empty() && !opt.schema.empty())
        throw UsageError("--schema names the PostGIS schema of --publish; add --publish PG:\"dbname=...\" or drop --schema");
    const std::string pg_schema = opt.schema.empty() ? "tenglong" : opt.schema;
    if (!opt.publish.empty()) report::check_publish_args(opt.publish, pg_schema);
    Log log{opt.in.verbosity};
    // A bar on a terminal for the stages (read, five analyses, write, publish); nothing with -q
    // or a pipe; JSON lines with --progress json (cli/progress.hpp).
    Progress progress{opt.in.verbosity, opt.publish.empty() ? 7 : 8};
    log.attach(&progress);
    const auto t_start = std::chrono::steady_clock::now();
    nlohmann::ordered_json timings = nlohmann::ordered_json::object();
    auto lap = [&, t = t_start](const char* stage) mutable {
        const auto now = std::chrono::steady_clock::now();
        const double secs = std::chrono::duration<double>(now - t).count();
        timings[stage] = std::round(secs * 1000.0) / 1000.0;
        progress.end();
        log.timing(stage, secs);
        t = now;
    };

    io::Project project = opt.in.load();
    {
        std::string with_password;
        for (const auto& [name, spec] : project.layers)
            if (io::gdal::display_source(spec.source) != spec.source) with_password += (with_password.empty() ? "" : ", ") + name;
        if (!with_password.empty())
            log.warn(tr("项目文件中写有密码 (图层 " + with_password + "; 显示为 ***): 请删去, 改用 PGPASSWORD 或 pgpass 文件 (~/.pgpass), "
                        "项目文件才可以共享",
                        "the project file holds a password (layers " + with_password + "; shown as ***); leave it out and set "
                        "PGPASSWORD or a pgpass file (~/.pgpass), so that the project file can be shared"));
    }
    if (project.as_of_placeholder && opt.in.language() == report::Lang::en)
        throw ConfigError(project.file.string(), "as_of is still the placeholder tenglong init wrote (\"" +
                                                     std::string(io::as_of_placeholder_text()) + "\"): set as_of = \"2023-12-31\" "
                                                     "in the project file, or pass --as-of 2023-12-31");
    const Date as_of = effective_as_of(project);
    if (!project.as_of)
        log.info(tr("未给基准日 as_of: 按今天 " + as_of.iso() + " 分析 (固定日期请加 --as-of)",
                    "as_of not given: analysing as of today, " + as_of.iso() + " (set --as-of for a fixed date)"));
    // The policy profile, before anything is read: a bad profile is exit 2 with nothing done.
    const std::string profile_name = project.profile.empty() ? "national" : project.profile;
    const rules::Profile profile = rules::load_profile(profile_name);
    if (!profile.in_force(as_of)) log.warn(profile.validity_note(as_of));
    // Create the temporary output folder first: a wrong --out fails before any work is done.
    report::OutputDir out{opt.out, opt.overwrite};
    // --publish: connect and check the database now, so that a wrong password or a schema
    // holding someone else's tables stops the run before the analysis, not after it.
    std::unique_ptr<report::PgPublisher> publisher;
    if (!opt.publish.empty()) {
        publisher = std::make_unique<report::PgPublisher>(opt.publish, pg_schema, publishable_tables());
        log.detail("publish: connected to " + publisher->display_target() + ", schema \"" + pg_schema + "\"");
    }
    report::test_pause("read");

    geom::GeosContext ctx;
    IssueLog issues;

    // ---- read + normalize ---------------------------------------------------------------
    log.info(tr("读取: ", "read: ") + opt.in.input);
    progress.begin("read");
    analysis::LoadOptions load_options;
    load_options.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(ctx, project, load_options, issues);
    log.detail("working CRS " + in.working_crs.label() + " (" + in.working_crs.decided_by + ")");
    // Parcels that miss their neighbour by a few centimetres: the same gap issues inspect shows.
    if (const geom::Layer* parcels = in.layer("parcels"))
        analysis::report_parcel_gaps(ctx, *parcels, profile.number("adjacency.snap_m"), profile.number("adjacency.min_shared_m"),
                                     static_cast<unsigned>(opt.in.threads), issues);
    lap("read_normalize");
    // What each rule judged and could not judge, and the warnings that catch a wrong run
    // (report/coverage.hpp): filled by every analysis below.
    report::Coverage coverage;
    if (project.profile.empty()) {
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

    std::vector<Shortlist> shortlists;
    nlohmann::ordered_json categories = nlohmann::ordered_json::object();

    // ---- analyses ----------------------------------------------------------------------
    // Each analysis adds its shortlist tables and its totals under categories[...].

    // 批而未供 R01 and 闲置 R02/R03 (+ 建而未投/投而未达标 R21/R22): analysis/unsupplied.hpp, idle.hpp.
    // Parameters are the documented defaults (DEFAULT:) until the profile provides them.
    const geom::Layer* townships_layer = in.layer("townships");
    const analysis::TownshipLookup townships =
        townships_layer ? analysis::TownshipLookup(*townships_layer) : analysis::TownshipLookup{};
    progress.begin("unsupplied");
    analysis::UnsuppliedParams unsupplied_params;
    unsupplied_params.as_of = as_of;
    unsupplied_params.age_edges_years.clear();
    for (double e : profile.numbers("unsupplied.age_bucket_edges_years")) unsupplied_params.age_edges_years.push_back(static_cast<int>(e));
    unsupplied_params.sliver_min_area_m2 = profile.number("unsupplied.sliver_min_area_m2");
    unsupplied_params.rights = rules::land_rights(profile);
    unsupplied_params.threads = static_cast<unsigned>(opt.in.threads);
    analysis::UnsuppliedResult unsupplied;   // owns the pieces that unsupplied.geojson borrows: keep until written
    if (const geom::Layer* approvals = in.layer("approvals")) {
        unsupplied = analysis::find_unsupplied(ctx, *approvals, in.layer("supplies"), in.layer("parcels"), townships,
                                               unsupplied_params, issues);
        if (unsupplied.ran) {
            shortlists.push_back({report::unsupplied_batches_table(unsupplied, unsupplied_params, opt.in.language()), true, true, false});
            shortlists.push_back({report::unsupplied_pieces_table(unsupplied, unsupplied_params, opt.in.language()), false, false, true,
                                  "unsupplied_pieces"});
        }
        categories["unsupplied"] = report::unsupplied_summary_json(unsupplied);
    } else {
        categories["unsupplied"] = {{"ran", false}, {"skipped_reason", "no approvals layer"}};
    }
    coverage.rules.push_back(report::unsupplied_coverage(unsupplied));
    lap("unsupplied");
    progress.begin("idle");
    analysis::IdleParams idle_params;
    idle_params.as_of = as_of;
    idle_params.idle_years = static_cast<int>(profile.number("idle.not_started_years"));
    idle_params.recovery_years = static_cast<int>(profile.number("idle.recovery_years"));
    idle_params.idle_fee_rate = profile.number("idle.fee_rate");
    idle_params.developed_share_min = profile.number("idle.developed_share_min");
    idle_params.invested_share_min = profile.number("idle.invested_share_min");
    idle_params.stalled_years = static_cast<int>(profile.number("idle.stalled_years"));
    idle_params.enterprise_year_min_share = profile.number("idle.enterprise_year_min_share");
    idle_params.threads = static_cast<unsigned>(opt.in.threads);
    const analysis::IdleResult idle = analysis::find_idle(ctx, in.layer("supplies"), in.layer("buildings"), in.layer("parcels"),
                                                          in.layer("enterprises"), townships, idle_params, issues);
    if (idle.ran) shortlists.push_back({report::idle_table(idle, in.layer("supplies"), profile, opt.in.language())});
    categories["idle"] = report::idle_summary_json(idle);
    for (auto& c : report::idle_coverage(idle, in.layer("enterprises") != nullptr)) coverage.rules.push_back(std::move(c));
    if (!idle.enterprise_skipped_reason.empty())
        coverage.warnings.push_back({"enterprise_year_absent", idle.enterprise_skipped_reason, idle.enterprise_skipped_reason_en});
    if (idle.enterprise_table_partial)
        coverage.warnings.push_back({"enterprise_year_partial", idle.enterprise_partial_zh, idle.enterprise_partial_en});
    // 供地结构 R17: the industrial share of each year's 出让 area against the profile's floor (a
    // county indicator beside the categories, not a list of land).
    nlohmann::ordered_json supply_mix_json;
    {
        const analysis::SupplyMixResult mix =
            analysis::measure_supply_mix(ctx, in.layer("supplies"), in.layer("parcels"), profile.texts("supply_mix.transfer_kinds"),
                                         profile.texts("land_use.industrial_prefixes"), as_of, &townships);
        const auto years = rules::judge_supply_mix(profile, mix);
        report::TownshipYears towns;
        for (const auto& [town, ys] : mix.by_township) towns[town] = rules::judge_supply_mix_years(profile, ys);
        if (mix.ran) shortlists.push_back({report::supply_mix_table(years, towns, opt.in.language()), true, true, false});
        supply_mix_json = report::supply_mix_summary_json(mix, years, towns);
        coverage.rules.push_back(report::supply_mix_coverage(mix, years));
    }
    {
        // Supplies dated after the as-of day count as not supplied on it: many of them usually
        // mean a wrong --as-of rather than a county that supplied land in the future.
        std::int64_t after = 0;
        for (const auto& is : issues.sorted())
            if (is.layer == "supplies" && is.kind == "after_as_of") ++after;
        const geom::Layer* supplies = in.layer("supplies");
        if (supplies && after >= 5 && after * 50 >= static_cast<std::int64_t>(supplies->features.size()))
            coverage.warnings.push_back({"supplies_after_as_of",
                fmt::format("{} 宗供地的供地日期晚于基准日 {} (共 {} 宗), 按当日未供处理: 基准日是否有误? (--as-of)", after, as_of.iso(),
                            supplies->features.size()),
                fmt::format("{} supplies are dated after the as-of day {} (of {}), and count as not supplied then: is --as-of right?",
                            after, as_of.iso(), supplies->features.size())});
    }
    lap("idle");

    // 用而未尽 / 低效 R04–R11, R20: FAR, coverage, 亩均 classes, verdicts (report/intensity_report.hpp).
    // `intensity` owns tables that point at parcel geometries in `in`: keep both until written.
    progress.begin("intensity");
    report::IntensityOutputs intensity =
        report::run_intensity(in, profile, as_of, static_cast<unsigned>(opt.in.threads), issues);
    categories["inefficient"] = intensity.totals;
    // A 亩均 table whose tax is in 元 read as 万元 makes every firm look 10 000 times richer and
    // no one fails: a median 亩均税收 beyond the profile's plausible bound stops the run, naming
    // the likely unit and the fix, never a silently different answer (issue 18, units).
    if (intensity.mujun && intensity.mujun->year) {
        std::vector<double> tax;
        for (const auto& u : intensity.mujun->units)
            if (u.has_year_data && u.in_scope)
                if (auto t = u.metric("tax_per_mu")) tax.push_back(*t);
        const double max_plausible = profile.number("mujun.tax_per_mu_plausible_max_10k");
        if (!tax.empty()) {
            std::nth_element(tax.begin(), tax.begin() + static_cast<std::ptrdiff_t>(tax.size() / 2), tax.end());
            const double median = tax[tax.size() / 2];
            if (median > max_plausible) {
                const auto spec = project.layers.find("enterprises");
                throw ConfigError(spec != project.layers.end() ? spec->second.source : std::string("enterprises"),
                    fmt::format("亩均数据 tax (税收) 列: {} 年亩均税收中位数 {:.0f} 万元/亩, 超过可信上限 {:g} 万元/亩 — 税收很可能以“元”为单位 "
                                "(按元折算为 {:.2f} 万元/亩)。请在项目文件 [layers.enterprises] 中写 units = {{ tax = \"元\" }}, 或把表头写成 "
                                "税收（元）; the median tax per mu in {} is {:.0f} (10k CNY/mu), above the plausible {:g}: the tax column is "
                                "most likely in 元 (yuan); set units = {{ tax = \"元\" }} under [layers.enterprises] or head the column 税收（元）",
                                *intensity.mujun->year, median, max_plausible, median / 10000, *intensity.mujun->year, median, max_plausible));
            }
        }
    }
    for (const auto& n : intensity.evaluation.notes) log.warn(n);
    for (auto& c : report::parcel_rule_coverage(intensity.evaluation, profile)) coverage.rules.push_back(std::move(c));
    if (in.has_layer("enterprises") && (!intensity.mujun || !intensity.mujun->year || intensity.mujun->evaluated == 0))
        coverage.warnings.push_back({"mujun_none_evaluated",
            fmt::format("亩均评价: 0 家企业参评 ({}); 亩均相关规则无法判定",
                        intensity.mujun && intensity.mujun->year ? fmt::format("评价年度 {}", *intensity.mujun->year)
                                                                 : fmt::format("亩均数据没有 {} 年及以前的记录", as_of.year)),
            fmt::format("亩均 evaluation: 0 enterprises evaluated ({}); the 亩均 rules cannot judge",
                        intensity.mujun && intensity.mujun->year ? fmt::format("evaluation year {}", *intensity.mujun->year)
                                                                 : fmt::format("the table has no rows for {} or earlier", as_of.year))});
    shortlists.push_back({std::move(intensity.inefficient)});
    // The measurements and verdicts live on in the two tables; freeing them here takes about
    // 0.5 GB off the run's peak on a 200 000-parcel county (the tables keep only what is written).
    intensity.intensity = {};
    intensity.mujun.reset();
    intensity.evaluation = {};
    lap("intensity");

    // 零星地块 R12 (临政发〔2022〕22号 (五)): leftovers (批而未供 pieces, state-held unassigned
    // parcels) beside industrial hosts, with the 20 % / 10 亩 cap (analysis/scattered.hpp).
    progress.begin("scattered");
    analysis::ScatteredParams scattered_params;
    scattered_params.max_share_of_host = profile.number("scattered.max_share_of_host");
    scattered_params.max_area_mu = profile.number("scattered.max_area_mu");
    scattered_params.industrial_prefixes = profile.texts("land_use.industrial_prefixes");
    scattered_params.rights = rules::land_rights(profile);
    scattered_params.clause = profile.text("scattered.clause");
    scattered_params.adjacency.snap_m = profile.number("adjacency.snap_m");
    scattered_params.adjacency.min_shared_m = profile.number("adjacency.min_shared_m");
    scattered_params.adjacency.threads = static_cast<unsigned>(opt.in.threads);
    std::vector<analysis::LeftoverInput> leftover_pieces;
    for (const auto& piece : unsupplied.pieces) {
        const auto& batch = unsupplied.batches[piece.batch];
        leftover_pieces.push_back({batch.id + "#" + std::to_string(piece.part), piece.geom.get(),
                                   batch.name + (batch.doc_no.empty() ? "" : " " + batch.doc_no)});
    }
    const analysis::ScatteredResult scattered =
        analysis::find_scattered(ctx, *in.layer("parcels"), in.layer("supplies"), leftover_pieces, scattered_params, issues);
    shortlists.push_back({report::scattered_table(scattered, scattered_params, opt.in.language())});
    {
        // The area is the listed land, each leftover once (scattered.csv has a row per (leftover,
        // host) pair); the leftovers found beside no host are counted apart.
        double found_m2 = 0, listed_m2 = 0;
        for (const auto& l : scattered.leftovers) found_m2 += l.area_m2;
        std::set<std::size_t> listed;
        std::size_t within = 0;
        for (const auto& cnd : scattered.candidates) {
            within += cnd.within_cap ? 1 : 0;
            if (listed.insert(cnd.leftover).second) listed_m2 += scattered.leftovers[cnd.leftover].area_m2;
        }
        categories["scattered"] = {{"count", scattered.candidates.size()},
                                   {"count_means", "零星地块个数 (每块计一次, 可有多个宿主); leftovers listed, each once (pairs: (leftover, host) rows)"},
                                   {"leftovers_listed", listed.size()},
                                   {"leftovers", scattered.leftovers.size()},
                                   {"hosts", scattered.hosts.size()},
                                   {"within_cap", within},
                                   {"too_large", scattered.too_large},
                                   {"area_m2", std::round(listed_m2 * 100) / 100},
                                   {"area_mu", std::round(m2_to_mu(listed_m2) * 100) / 100},
                                   {"found_area_m2", std::round(found_m2 * 100) / 100}};
    }
    coverage.rules.push_back(report::scattered_coverage(scattered));
    if (scattered.candidates.empty()) {
        // Nothing found although parcels are there: say what the owners look like, so that a
        // delivery spelling state land its own way is noticed (profile [land_rights]).
        const geom::Layer& parcels = *in.layer("parcels");
        std::map<std::string, std::size_t> owners;
        for (std::size_t i = 0; i < parcels.features.size(); ++i)
            if (auto o = parcels.text(i, "owner"); o && !o->empty()) ++owners[*o];
        std::vector<std::pair<std::size_t, std::string>> top;
        for (const auto& [o, n] : owners) top.emplace_back(n, o);
        std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        std::string seen;
        for (std::size_t k = 0; k < top.size() && k < 6; ++k) seen += fmt::format("{}「{}」×{}", k ? ", " : "", top[k].second, top[k].first);
        coverage.warnings.push_back({"scattered_empty",
            fmt::format("零星地块 0 条: {} 宗宗地判为国有 (其中未供 {} 宗); 常见权利人写法: {}; 若国有土地另有写法, 请在规则集 "
                        "[land_rights] state_owner_patterns 中加入", scattered.state_held_parcels, scattered.state_unassigned_parcels,
                        seen.empty() ? "(权利人均为空或未映射 owner)" : seen),
            fmt::format("零星地块: none found; {} parcels read as state-held ({} of them unsupplied); most common owners: {}; if the "
                        "delivery spells state land otherwise, add it to the profile's [land_rights] state_owner_patterns",
                        scattered.state_held_parcels, scattered.state_unassigned_parcels,
                        seen.empty() ? "(owner empty or not mapped)" : seen)});
    }
    lap("scattered");

    // 工业用地控制线 R16: industrial land outside the lines (the profile's control_line.swap_clause) and the 占补
    // ledger (改一补一; 临平 1:1.2, 先补后发) from a conversions table beside the data, if any.
    progress.begin("control_line");
    analysis::ControlLineParams line_params;
    line_params.ratio = profile.number("control_line.ratio");
    line_params.industrial_prefixes = profile.texts("land_use.industrial_prefixes");
    line_params.compensate_first = profile.flag("control_line.compensate_first", true);
    line_params.clause_ratio = profile.number_param("control_line.ratio").cite;
    line_params.inside_share_min = profile.number("control_line.inside_share_min");
    line_params.ratio_nature_change = profile.number_opt("control_line.ratio_nature_change");
    line_params.nature_change_words = profile.texts("control_line.nature_change_words");
    if (line_params.ratio_nature_change)
        line_params.clause_ratio = profile.number_param("control_line.ratio_nature_change").cite + "; " + line_params.clause_ratio;
    line_params.clause_swap = profile.text("control_line.swap_clause");
    line_params.clause_first = profile.text("control_line.compensate_first_clause");
    line_params.threads = static_cast<unsigned>(opt.in.threads);
    std::vector<analysis::Conversion> conversions;
    for (const char* name : {"conversions.csv", "conversions.xlsx", "占补台账.csv", "占补台账.xlsx"}) {
        const auto path = project.base_dir / name;
        if (std::filesystem::exists(path)) {
            conversions = analysis::read_conversions(path, issues);
            break;
        }
    }
    const analysis::ControlLineResult lines =
        analysis::measure_control_line(ctx, *in.layer("parcels"), in.layer("control_lines"), conversions, line_params, issues);
    if (lines.has_lines) {
        shortlists.push_back({report::control_line_table(lines, *in.layer("parcels"), line_params, opt.in.language())});
        if (!lines.ledger.empty()) {
            shortlists.push_back({report::control_line_ledger_table(lines, line_params, opt.in.language()), true, true, false});
        }
        std::size_t outside = 0;
        double outside_m2 = 0;
        for (const auto& pl : lines.parcels) {
            if (pl.status != analysis::LineStatus::outside) continue;
            ++outside;
            outside_m2 += pl.area_m2;
        }
        categories["control_line"] = {{"count", outside}, {"industrial_parcels", lines.parcels.size()},
                                      {"area_m2", outside_m2}, {"area_mu", m2_to_mu(outside_m2)},
                                      {"ledger_rows", lines.ledger.size()}};
    } else {
        categories["control_line"] = {{"ran", false}, {"skipped_reason", "no control_lines layer"}};
    }
    coverage.rules.push_back(report::control_line_coverage(lines));
    lap("control_line");

    // A category with nothing in it although its inputs are there is more often a delivery the
    // run misread than a county with nothing to find: say so, with where to look (零星地块 above).
    {
        struct Empty { const char* id; const char* layer; const char* zh; const char* en; };
        static const Empty kEmpty[] = {
            {"unsupplied", "approvals", "批而未供 0 条: 每个批次都被供地覆盖; 请核对供地图层是否完整、供应日期是否不晚于基准日",
             "批而未供: none; every batch is covered by supplies; check that the supplies layer is complete and dated no later than as-of"},
            {"idle", "supplies", "闲置 0 条: 没有逾期未动工或停工满期的供地; 请核对约定动工日期 (agreed_start_on) 与停工日期是否已映射",
             "闲置: none; no supply is overdue or stalled; check that agreed_start_on and stalled_since are mapped"},
            {"inefficient", "parcels", "低效 0 宗: 没有宗地不达标; 请查看下方各规则的“无法判定”数, 规则是否因缺字段而未能判定",
             "低效: none; no parcel fails; see how many each rule could not judge, and whether fields are missing"},
            {"control_line", "control_lines", "控制线外工业用地 0 宗: 全部工业用地在控制线内; 请核对控制线图层与宗地的坐标系、范围是否一致",
             "outside the control lines: none; every industrial parcel is inside; check that the lines and parcels share CRS and extent"},
        };
        for (const auto& e : kEmpty) {
            const auto it = categories.find(e.id);
            if (it == categories.end() || !it->is_object() || (it->contains("ran") && (*it)["ran"] == false)) continue;
            const geom::Layer* layer = in.layer(e.layer);
            if (!layer || layer->features.empty() || !it->contains("count") || (*it)["count"] != 0) continue;
            coverage.warnings.push_back({std::string(e.id) + "_empty", e.zh, e.en});
        }
    }

    // Every shortlist row names its 镇街 (largest overlap; "(镇街外)" outside every township), and
    // the headline totals are counted from the tables as written: one source (report/totals.hpp).
    if (townships_layer) {
        for (auto& s : shortlists) {
            if (s.table.name == "inefficient" || s.table.name == "scattered" || s.table.name == "control_line")
                report::assign_townships(ctx, s.table, townships, opt.in.language());
            report::mark_outside_townships(s.table, opt.in.language());
        }
    }
    // Who to call: the holder, the firm and its 统一社会信用代码 beside the 镇街 (report/contacts.hpp).
    for (auto& s : shortlists)
        if (s.table.name == "idle" || s.table.name == "inefficient" || s.table.name == "scattered" || s.table.name == "control_line")
            report::add_contacts(s.table, intensity.parcels);
    {
        std::vector<const report::Table*> tables;
        for (const auto& s : shortlists) tables.push_back(&s.table);
        report::apply_totals(categories, tables);
    }

    // ---- write -------------------------------------------------------------------------
    // Every output file is one task; the tasks run on --threads workers (one GEOS context each),
    // heaviest first. Each file is written whole by one task, so its bytes do not depend on the
    // thread count. The shared geometries are only read: their lazy envelope caches are filled
    // here first (geom::warm_envelopes).
    progress.begin("write");
    const report::Lang lang = opt.in.language();
    std::vector<const report::Table*> map_tables;
    for (const auto& s : shortlists) map_tables.push_back(&s.table);
    const auto sorted_issues = issues.sorted();
    std::vector<geom::GeomPtr> points;
    report::Table issue_table = report::issues_table(ctx, sorted_issues, points);

    nlohmann::ordered_json issues_by_kind = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : issues.count_by_kind()) issues_by_kind[kind] = n;

    nlohmann::ordered_json summary;
    summary["tool"] = std::string("tenglong ") + TENGLONG_VERSION;
    summary["project"] = project.name;
    if (!project.mapping_unit.empty()) summary["mapping_unit"] = project.mapping_unit;   // 制图单位 (report.html map block)
    summary["as_of"] = as_of.iso();
    summary["profile"] = profile_name;
    summary["crs"] = {{"epsg", in.working_crs.epsg ? nlohmann::ordered_json(*in.working_crs.epsg) : nlohmann::ordered_json(nullptr)},
                      {"name", in.working_crs.name}};
    summary["area_units"] = {{"m2_per_mu", "10000/15"}};
    summary["layers"] = report::layer_counts_json(in);
    summary["categories"] = categories;
    summary["supply_mix"] = supply_mix_json;
    summary["issues"] = {{"total", sorted_issues.size()}, {"by_kind", issues_by_kind}};
    summary["coverage"] = coverage.to_json();
    round_summary_numbers(summary, "");
    report::write_json(summary, out.file("summary.json"));

    // report.html: map, township tables, charts, targets, data quality (report/html.hpp).
    const std::optional<rules::Profile> report_profile = profile;
    report::ReportInput report_in;
    report_in.summary = &summary;
    report_in.tables = map_tables;
    report_in.townships = townships_layer;
    report_in.control_lines = in.layer("control_lines");
    report_in.profile = report_profile ? &*report_profile : nullptr;
    report_in.lang = lang;

    for (const report::Table* t : map_tables)
        for (const GEOSGeometry* g : t->geoms) geom::warm_envelopes(ctx, g);
    for (const GEOSGeometry* g : intensity.parcels.geoms) geom::warm_envelopes(ctx, g);
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
    // Two rounds, heaviest first in each. First the files that need no WGS 84 geometry (GPKG,
    // XLSX, CSV, report.html); then every geometry of the GeoJSON files is transformed to WGS 84
    // once, on all workers (report/wgs84.hpp: a parcel in two lists and the map is projected
    // once, and the longest task, the inefficient list's GeoJSON, no longer projects); then the
    // GeoJSON files. report.html's build-up, the write stage's memory peak, so never meets the
    // WGS 84 copies. (Measured on the 200 000-parcel county: the inefficient GeoJSON, the map,
    // parcels.gpkg and the XLSX of the inefficient list dominate.)
    if (want_gpkg) {
        tasks.add("gpkg", [&](geom::GeosContext&) {
            report::write_gpkg(intensity.parcels, in.working_crs, out.file("parcels.gpkg"));
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
        for (const auto& s : shortlists) {
            const std::string name = s.pg_name.empty() ? s.table.name : s.pg_name;
            gdb_layers.push_back({&s.table, name, alias(name)});
        }
        gdb_layers.push_back({&intensity.parcels, "parcels", alias("parcels")});
        gdb_layers.push_back({&issue_table, "issues", alias("issues")});
        tasks.add("gdb", [&](geom::GeosContext&) { report::write_gdb(gdb_layers, in.working_crs, out.file("results.gdb"), lang); });
    }
    for (const auto& s : shortlists)
        if (s.xlsx && want_xlsx)
            tasks.add("xlsx", [&, t = &s.table](geom::GeosContext&) { report::write_xlsx(*t, out.file(t->name + ".xlsx"), lang); });
    tasks.add("html", [&](geom::GeosContext& c) { report::write_report_html(c, report_in, out.file("report.html")); });
    if (want_csv) tasks.add("csv", [&](geom::GeosContext&) { report::write_csv(intensity.parcels, out.file("parcels.csv"), lang); });
    for (const auto& s : shortlists)
        if (s.csv && want_csv) tasks.add("csv", [&, t = &s.table](geom::GeosContext&) { report::write_csv(*t, out.file(t->name + ".csv"), lang); });
    if (want_csv) tasks.add("csv", [&](geom::GeosContext&) { report::write_csv(issue_table, out.file("issues.csv"), lang); });

    report::Wgs84Geometries wgs84(in.working_crs);
    tasks.barrier([&] {
        std::vector<const GEOSGeometry*> all;
        if (townships_layer)
            for (const auto& f : townships_layer->features) all.push_back(f.geom.get());
        for (const report::Table* t : map_tables) all.insert(all.end(), t->geoms.begin(), t->geoms.end());
        all.insert(all.end(), issue_table.geoms.begin(), issue_table.geoms.end());
        tasks.add_cpu("geojson", wgs84.add(ctx, all, static_cast<unsigned>(opt.in.threads)));
    });

    for (const auto& s : shortlists) {
        if (!s.geojson || !want_geojson) continue;
        tasks.add("geojson", [&, t = &s.table](geom::GeosContext& c) {
            // simplestyle properties from styles/, and the QGIS style QGIS loads beside the file.
            report::write_geojson(c, *t, in.working_crs, out.file(t->name + ".geojson"), {t->name, lang}, &wgs84);
            report::write_qml(t->name, out.file(t->name + ".qml"));
        });
    }
    // map.geojson: every category in one RFC 7946 file (report/map.hpp).
    tasks.add("geojson", [&](geom::GeosContext& c) {
        report::write_map_geojson(c, map_tables, townships_layer, in.working_crs, lang, out.file("map.geojson"), &wgs84);
    });
    if (want_geojson) tasks.add("geojson", [&](geom::GeosContext& c) {
        report::write_geojson(c, issue_table, in.working_crs, out.file("issues.geojson"), {}, &wgs84);
        report::write_qml("issues", out.file("issues.qml"));
    });
    io::gdal::ensure_registered();   // before any worker touches GDAL's driver manager
    tasks.run(static_cast<unsigned>(opt.in.threads), progress);
    report::test_pause("write");
    lap("write");

    nlohmann::ordered_json run;
    run["tool"] = {{"name", "tenglong"}, {"version", TENGLONG_VERSION}};
    run["command"] = "analyze";
    run["as_of"] = as_of.iso();
    run["profile"] = summary["profile"];
    if (report_profile) {
        run["profile_detail"] = {{"id", report_profile->id}, {"name", report_profile->name},
                                 {"content_hash_fnv1a64", report_profile->content_hash}, {"files", report_profile->chain}};
    }
    run["working_crs"] = {{"epsg", summary["crs"]["epsg"]}, {"name", in.working_crs.name}, {"decided_by", in.working_crs.decided_by}};
    run["inputs"] = report::inputs_provenance_json(in);
    run["timings_s"] = timings;
    // CPU seconds of the write tasks by kind (they run concurrently: these add up to more than
    // timings_s.write on several threads); bench.sh reports the XLSX and GPKG writers apart.
    run["write_cpu_s"] = tasks.cpu_by_kind();

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

    // ---- publish (--publish) -------------------------------------------------------------
    // Before the output folder is committed: if the publish fails, the run fails (exit 1), the
    // database keeps the previous tables (one transaction, rolled back) and the folder keeps the
    // previous results, so files and database never disagree about which run they show.
    if (publisher) {
        progress.begin("publish");
        log.info("publish: " + publisher->display_target() + ", schema \"" + pg_schema + "\"");
        report::PublishInput pub;
        for (const auto& s : shortlists) {
            const std::string name = s.pg_name.empty() ? s.table.name : s.pg_name;
            pub.tables.push_back({name, &s.table, pg_table_comment(name)});
        }
        pub.tables.push_back({"parcels", &intensity.parcels, pg_table_comment("parcels")});
        pub.tables.push_back({"issues", &issue_table, pg_table_comment("issues")});
        pub.summary = &summary;
        pub.run = &run;
        pub.srid = in.working_crs.epsg.value_or(0);
        if (pub.srid == 0)
            log.warn(tr("发布: 工作坐标系没有 EPSG 代码; 图形以 SRID 0 发布",
                        "publish: the working CRS has no EPSG code; geometries are published with SRID 0"));
        report::PublishResult published;
        try {
            published = publisher->publish(ctx, pub);
        } catch (const IoError& e) {
            throw IoError("", std::string(e.what()) + "; the output folder " + out.target().string() +
                                  " was not updated either (previous results kept)");
        }
        lap("publish");
        nlohmann::ordered_json tables = nlohmann::ordered_json::object();
        std::size_t rows = 0;
        for (const auto& [name, n] : published.tables) {
            tables[name] = n;
            rows += n;
        }
        run["publish"] = {{"target", publisher->display_target()}, {"schema", pg_schema},
                          {"schema_created", published.schema_created}, {"tables", tables},
                          {"dropped_previous", published.dropped}};
        run["timings_s"] = timings;
        log.info(tr("发布: " + std::to_string(published.tables.size()) + " 张表, " + std::to_string(rows) + " 行, 模式 \"" + pg_schema + "\"",
                    "publish: " + std::to_string(published.tables.size()) + " tables, " + std::to_string(rows) +
                        " rows in schema \"" + pg_schema + "\""));
    }
    report::write_json(run, out.file("run.json"));

    out.commit();
    progress.finish();
    if (!opt.in.verbosity.quiet) coverage.print(std::cerr, lang);
    // stdout carries the result: where it is and the headline numbers (-q: nothing but errors).
    if (opt.in.verbosity.quiet) return 0;
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
    std::cout << (zh ? "  数据问题: " : "  issues: ") << sorted_issues.size() << " (issues.csv)\n";
    return 0;
}

} // namespace

Action setup_analyze(CLI::App& sub) {
    auto opt = std::make_shared<AnalyzeOptions>();
    opt->in.add_to(sub, true);
    sub.add_option("-o,--out", opt->out, tr("输出文件夹 (默认: out)", "Output folder (default: out)"));
    sub.add_flag("--overwrite", opt->overwrite, tr("替换输出文件夹中已有的结果", "Replace the results already in the output folder"));
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
