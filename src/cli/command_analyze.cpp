// tenglong analyze: read → normalize → (index, measure, evaluate) → write.
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/idle.hpp"
#include "analysis/inputs.hpp"
#include "analysis/township.hpp"
#include "analysis/unsupplied.hpp"
#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "report/health.hpp"
#include "report/html.hpp"
#include "report/idle_report.hpp"
#include "report/map.hpp"
#include "report/output_dir.hpp"
#include "report/styles.hpp"
#include "report/table.hpp"
#include "report/unsupplied_report.hpp"
#include "rules/profile.hpp"

namespace tl::cli {

namespace {

struct AnalyzeOptions {
    InputOptions in;
    std::string out = "out";
    bool overwrite = false;
}; // struct AnalyzeOptions

// Which files a shortlist table is written to.
struct Shortlist {
    report::Table table;
    bool csv = true, xlsx = true, geojson = true;
}; // struct Shortlist

int run_analyze(const AnalyzeOptions& opt) {
    Log log{opt.in.verbosity};
    // A bar on a terminal for the stages (read, each analysis, write); nothing with -q or a pipe.
    Progress progress{opt.in.verbosity, 7};
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
    const Date as_of = effective_as_of(project);
    if (!project.as_of) log.info("as_of not given: analysing as of today, " + as_of.iso() + " (set --as-of for a fixed date)");
    // Create the temporary output folder first: a wrong --out fails before any work is done.
    report::OutputDir out{opt.out, opt.overwrite};
    report::test_pause("read");

    geom::GeosContext ctx;
    IssueLog issues;

    // ---- read + normalize ---------------------------------------------------------------
    log.info("read: " + opt.in.input);
    progress.begin("read");
    analysis::Inputs in = analysis::load_inputs(ctx, project, {}, issues);
    lap("read_normalize");
    log.detail("working CRS " + in.working_crs.label() + " (" + in.working_crs.decided_by + ")");

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
    analysis::UnsuppliedResult unsupplied;   // owns the pieces that unsupplied.geojson borrows: keep until written
    if (const geom::Layer* approvals = in.layer("approvals")) {
        unsupplied = analysis::find_unsupplied(ctx, *approvals, in.layer("supplies"), in.layer("parcels"), townships,
                                               unsupplied_params, issues);
        if (unsupplied.ran) {
            shortlists.push_back({report::unsupplied_batches_table(unsupplied, unsupplied_params, opt.in.language()), true, true, false});
            shortlists.push_back({report::unsupplied_pieces_table(unsupplied, unsupplied_params, opt.in.language()), false, false, true});
        }
        categories["unsupplied"] = report::unsupplied_summary_json(unsupplied);
    } else {
        categories["unsupplied"] = {{"ran", false}, {"skipped_reason", "no approvals layer"}};
    }
    lap("unsupplied");
    progress.begin("idle");
    analysis::IdleParams idle_params;
    idle_params.as_of = as_of;
    const analysis::IdleResult idle = analysis::find_idle(ctx, in.layer("supplies"), in.layer("buildings"), in.layer("parcels"),
                                                          in.layer("enterprises"), townships, idle_params, issues);
    if (idle.ran) shortlists.push_back({report::idle_table(idle, in.layer("supplies"), opt.in.language())});
    categories["idle"] = report::idle_summary_json(idle);
    lap("idle");

    // ---- write -------------------------------------------------------------------------
    progress.begin("write");
    const report::Lang lang = opt.in.language();
    std::size_t written = 0;
    for (const auto& s : shortlists) {
        progress.step(written++, shortlists.size());
        if (s.csv) report::write_csv(s.table, out.file(s.table.name + ".csv"), lang);
        if (s.xlsx) report::write_xlsx(s.table, out.file(s.table.name + ".xlsx"), lang);
        if (s.geojson) {
            // simplestyle properties from styles/, and the QGIS style QGIS loads beside the file.
            report::write_geojson(ctx, s.table, in.working_crs, out.file(s.table.name + ".geojson"), {s.table.name, lang});
            report::write_qml(s.table.name, out.file(s.table.name + ".qml"));
        }
    }
    // map.geojson: every category in one RFC 7946 file (report/map.hpp).
    std::vector<const report::Table*> map_tables;
    for (const auto& s : shortlists) map_tables.push_back(&s.table);
    report::write_map_geojson(ctx, map_tables, townships_layer, in.working_crs, lang, out.file("map.geojson"));

    const auto sorted_issues = issues.sorted();
    std::vector<geom::GeomPtr> points;
    report::Table issue_table = report::issues_table(ctx, sorted_issues, points);
    report::write_csv(issue_table, out.file("issues.csv"), lang);
    report::write_geojson(ctx, issue_table, in.working_crs, out.file("issues.geojson"));
    report::test_pause("write");
    report::write_qml("issues", out.file("issues.qml"));

    nlohmann::ordered_json issues_by_kind = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : issues.count_by_kind()) issues_by_kind[kind] = n;

    nlohmann::ordered_json summary;
    summary["tool"] = std::string("tenglong ") + TENGLONG_VERSION;
    summary["project"] = project.name;
    summary["as_of"] = as_of.iso();
    summary["profile"] = project.profile.empty() ? "national" : project.profile;
    summary["crs"] = {{"epsg", in.working_crs.epsg ? nlohmann::ordered_json(*in.working_crs.epsg) : nlohmann::ordered_json(nullptr)},
                      {"name", in.working_crs.name}};
    summary["area_units"] = {{"m2_per_mu", "10000/15"}};
    summary["layers"] = report::layer_counts_json(in);
    summary["categories"] = categories;
    summary["issues"] = {{"total", sorted_issues.size()}, {"by_kind", issues_by_kind}};
    report::write_json(summary, out.file("summary.json"));

    // report.html: map, township tables, charts, targets, data quality (report/html.hpp).
    std::optional<rules::Profile> report_profile;
    try {
        report_profile = rules::load_profile(summary["profile"].get<std::string>());
    } catch (const ConfigError& e) {
        log.warn(std::string("report: profile targets not shown: ") + e.what());
    }
    report::ReportInput report_in;
    report_in.summary = &summary;
    report_in.tables = map_tables;
    report_in.townships = townships_layer;
    report_in.profile = report_profile ? &*report_profile : nullptr;
    report_in.lang = lang;
    report::write_report_html(ctx, report_in, out.file("report.html"));
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
    report::write_json(run, out.file("run.json"));

    out.commit();
    progress.finish();
    // stdout carries the result: where it is and the headline numbers.
    std::cout << "results: " << out.target().string() << "\n";
    for (const auto& name : in.order) {
        const auto& c = in.layers.at(name).layer.counts;
        std::cout << "  " << name << ": " << c.read << " read, " << c.used << " used, " << c.rejected << " rejected, "
                  << c.repaired << " repaired\n";
    }
    std::cout << "  issues: " << sorted_issues.size() << " (issues.csv)\n";
    return 0;
}

} // namespace

Action setup_analyze(CLI::App& sub) {
    auto opt = std::make_shared<AnalyzeOptions>();
    opt->in.add_to(sub, true);
    sub.add_option("-o,--out", opt->out, "Output folder (default: out)");
    sub.add_flag("--overwrite", opt->overwrite, "Replace the results already in the output folder");
    return [opt] { return run_analyze(*opt); };
}

} // namespace tl::cli
