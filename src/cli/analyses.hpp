// The analyses of `tenglong analyze`, one registered interface each. An analysis takes its
// parameters from the profile (rules::*_params), measures (src/analysis), judges (src/rules:
// every policy test a rules::Verdict), and hands over its shortlist tables, its summary totals
// (summary.json categories[...]) and its coverage (what each rule judged and could not judge).
// run_analyze runs them in registered order between the read stage (analysis::load_inputs, shared
// by every command) and the write stage:
//
//   unsupplied    批而未供 R01                       analysis/unsupplied + rules/unsupplied
//   idle          闲置 R02/R03, 建而未投 R21/R22,      analysis/idle + rules/idle,
//                 供地结构 R17                        analysis/supply_mix + rules::judge_supply_mix,
//                 预告登记转让 R19                    analysis/presale + rules/presale
//   intensity     低效 R04–R11, R20 (亩均 unit check) analysis/intensity, mujun + rules::evaluate
//   standard_land 标准地 R18                          analysis/standard_land + rules/standard_land
//   scattered     零星地块 R12                        analysis/scattered + rules/scattered
//   control_line  工业用地控制线 R16, 占补台账          analysis/control_line + rules/control_line
//   targets       目标完成 T01–T03 (盘活台账, 规上亩均)  analysis/revitalization + rules/targets; its
//                 table in finish(), after the 闭环管理 decisions (the lists' land as written)
//
// An analysis object owns its results while the tables it handed over borrow their geometries:
// keep it until the tables are written.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/inputs.hpp"
#include "analysis/revitalization.hpp"
#include "analysis/scattered.hpp"
#include "analysis/standard_land.hpp"
#include "analysis/township.hpp"
#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/geos.hpp"
#include "io/project.hpp"
#include "report/coverage.hpp"
#include "report/table.hpp"
#include "rules/profile.hpp"

namespace tl::cli {

// Which files a shortlist table is written to, and its table name in PostGIS (--publish).
struct Shortlist {
    report::Table table;
    bool csv = true, xlsx = true, geojson = true;
    std::string pg_name{};          // empty: table.name
}; // struct Shortlist

// What every analysis reads.
struct AnalysisContext {
    geom::GeosContext& geos;
    const io::Project& project;
    analysis::Inputs& in;                       // the intensity analysis frees what it has read
    const rules::Profile& profile;
    Date as_of;
    unsigned threads = 0;
    report::Lang lang = report::Lang::zh;
    const analysis::TownshipLookup& townships;
    IssueLog& issues;
}; // struct AnalysisContext

// What the analyses hand over, filled in registered order.
struct AnalysisOutputs {
    std::vector<Shortlist> shortlists;
    nlohmann::ordered_json categories = nlohmann::ordered_json::object();   // summary.json categories
    nlohmann::ordered_json supply_mix;                                      // summary.json supply_mix
    nlohmann::ordered_json cases;                                           // summary.json cases (闭环管理, cases/closure.hpp)
    nlohmann::ordered_json targets;                                         // summary.json targets (T01–T03)
    std::optional<analysis::AboveScaleTotals> above_scale;                  // the 亩均 evaluation's 规上 totals
    report::Coverage coverage;
    std::vector<std::string> log_warnings;           // printed by the run's log
    const report::Table* parcels = nullptr;          // every parcel with its metrics (parcels.csv/gpkg)
    std::vector<analysis::LeftoverInput> unsupplied_pieces;   // 批而未供 pieces, leftovers for 零星地块
    std::vector<analysis::ParcelBuilt> parcel_built;         // per parcel FAR and coverage, for 标准地 R18
    bool buildings_measured = false;                         // ... measured from a buildings layer
}; // struct AnalysisOutputs

class Analysis {
public:
    virtual ~Analysis() = default;
    // The stage name (progress, run.json timings_s).
    virtual const char* stage() const = 0;
    // Parameters from ctx.profile, measure, judge, tables, summary.
    virtual void run(const AnalysisContext& ctx, AnalysisOutputs& out) = 0;
    // After every analysis and the 闭环管理 decisions, with the shortlists as they will be written.
    virtual void finish(const AnalysisContext&, AnalysisOutputs&) {}
}; // class Analysis

// The analyses, in the order they run.
std::vector<std::unique_ptr<Analysis>> registered_analyses();

// A category with nothing in it although its inputs are there: a coverage warning saying where to
// look (more often a delivery the run misread than a county with nothing to find).
void warn_empty_categories(const analysis::Inputs& in, AnalysisOutputs& out);

} // namespace tl::cli
