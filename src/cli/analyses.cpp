// The registered analyses of `tenglong analyze`. See analyses.hpp.
#include "cli/analyses.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/control_line.hpp"
#include "analysis/idle.hpp"
#include "analysis/revitalization.hpp"
#include "analysis/supply_mix.hpp"
#include "analysis/unsupplied.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "report/control_line_report.hpp"
#include "report/idle_report.hpp"
#include "report/presale_report.hpp"
#include "report/intensity_report.hpp"
#include "report/scattered_report.hpp"
#include "report/standard_land_report.hpp"
#include "report/supply_mix_report.hpp"
#include "report/targets_report.hpp"
#include "report/totals.hpp"
#include "report/unsupplied_report.hpp"
#include "rules/control_line.hpp"
#include "rules/evaluate.hpp"
#include "rules/idle.hpp"
#include "rules/scattered.hpp"
#include "rules/standard_land.hpp"
#include "rules/targets.hpp"
#include "rules/unsupplied.hpp"

namespace tl::cli {

namespace {

// 批而未供 R01 (analysis/unsupplied.hpp, rules/unsupplied.hpp). Its pieces are the 零星地块
// analysis' leftovers and unsupplied.geojson's features: this object owns them.
class UnsuppliedAnalysis : public Analysis {
public:
    const char* stage() const override { return "unsupplied"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        analysis::UnsuppliedParams params = rules::unsupplied_params(ctx.profile, ctx.as_of);
        params.threads = ctx.threads;
        if (const geom::Layer* approvals = ctx.in.layer("approvals")) {
            m_result = analysis::find_unsupplied(ctx.geos, *approvals, ctx.in.layer("supplies"), ctx.in.layer("parcels"), ctx.townships,
                                                 params, ctx.issues);
            const rules::UnsuppliedVerdicts verdicts = rules::judge_unsupplied(ctx.profile, m_result);
            if (m_result.ran) {
                out.shortlists.push_back({report::unsupplied_batches_table(m_result, verdicts, params, ctx.lang), true, true, false});
                out.shortlists.push_back({report::unsupplied_pieces_table(m_result, verdicts, params, ctx.lang), false, false, true,
                                          "unsupplied_pieces"});
            }
            out.categories["unsupplied"] = report::unsupplied_summary_json(m_result);
        } else {
            out.categories["unsupplied"] = {{"ran", false}, {"skipped_reason", "no approvals layer"}};
        }
        out.coverage.rules.push_back(report::unsupplied_coverage(m_result));
        for (const auto& piece : m_result.pieces) {
            const auto& batch = m_result.batches[piece.batch];
            out.unsupplied_pieces.push_back({batch.id + "#" + std::to_string(piece.part), piece.geom.get(),
                                             batch.name + (batch.doc_no.empty() ? "" : " " + batch.doc_no)});
        }
    }

private:
    analysis::UnsuppliedResult m_result;
}; // class UnsuppliedAnalysis

// The supply records: 闲置 R02/R03 and 建而未投/投而未达标 R21/R22 (analysis/idle.hpp,
// rules/idle.hpp), 供地结构 R17, the industrial share of each year's 出让 area (a county
// indicator beside the categories, not a list of land), and 预告登记转让 R19 where the county has it.
class SuppliesAnalysis : public Analysis {
public:
    const char* stage() const override { return "idle"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        const geom::Layer* supplies = ctx.in.layer("supplies");
        analysis::IdleMeasureParams params;
        params.as_of = ctx.as_of;
        params.threads = ctx.threads;
        const analysis::IdleMeasures measures = analysis::measure_supplies(
            ctx.geos, supplies, ctx.in.layer("buildings"), ctx.in.layer("parcels"), ctx.in.layer("enterprises"), ctx.townships, params,
            ctx.issues);
        const rules::IdleResult idle = rules::judge_idle(ctx.profile, measures, supplies, ctx.issues);
        if (idle.ran) {
            out.shortlists.push_back({report::idle_table(idle, supplies, ctx.lang)});
            // The long form, one row per (supply, rule met), for pivot tables: CSV only.
            out.shortlists.push_back({report::idle_rules_table(idle, ctx.lang), true, false, false});
        }
        out.categories["idle"] = report::idle_summary_json(idle);
        for (auto& c : report::idle_coverage(idle, ctx.in.layer("enterprises") != nullptr)) out.coverage.rules.push_back(std::move(c));
        if (!idle.enterprise_skipped_reason.empty())
            out.coverage.warnings.push_back({"enterprise_year_absent", idle.enterprise_skipped_reason, idle.enterprise_skipped_reason_en});
        if (idle.enterprise_table_partial)
            out.coverage.warnings.push_back({"enterprise_year_partial", idle.enterprise_partial_zh, idle.enterprise_partial_en});

        const analysis::SupplyMixResult mix =
            analysis::measure_supply_mix(ctx.geos, supplies, ctx.in.layer("parcels"), ctx.profile.texts("supply_mix.transfer_kinds"),
                                         ctx.profile.texts("land_use.industrial_prefixes"), ctx.as_of, &ctx.townships, ctx.threads);
        const auto years = rules::judge_supply_mix(ctx.profile, mix);
        report::TownshipYears towns;
        for (const auto& [town, ys] : mix.by_township) towns[town] = rules::judge_supply_mix_years(ctx.profile, ys);
        if (mix.ran) out.shortlists.push_back({report::supply_mix_table(years, towns, ctx.lang), true, true, false});
        out.supply_mix = report::supply_mix_summary_json(mix, years, towns);
        out.coverage.rules.push_back(report::supply_mix_coverage(mix, years));

        // 预告登记转让 R19 (临海 (十二)): 出让 industrial supplies whose investment is under the line,
        // under a profile with the clause (analysis/presale.hpp, rules/presale.hpp).
        if (rules::has_presale_rule(ctx.profile)) {
            const analysis::PresaleMeasure presale =
                analysis::measure_presale(ctx.geos, supplies, ctx.in.layer("parcels"), ctx.profile.texts("presale.supply_kinds"),
                                          ctx.profile.texts("land_use.industrial_prefixes"), ctx.as_of, &ctx.townships);
            const auto verdicts = rules::judge_presale(ctx.profile, presale);
            if (presale.ran) out.shortlists.push_back({report::presale_table(verdicts, *supplies, ctx.lang)});
            out.categories["presale"] = report::presale_summary_json(presale, verdicts, ctx.profile);
            out.coverage.rules.push_back(report::presale_coverage(presale, verdicts, ctx.profile));
        }

        // Supplies dated after the as-of day count as not supplied on it: many of them usually
        // mean a wrong --as-of rather than a county that supplied land in the future.
        std::int64_t after = 0;
        for (const auto& is : ctx.issues.sorted())
            if (is.layer == "supplies" && is.kind == "after_as_of") ++after;
        if (supplies && after >= 5 && after * 50 >= static_cast<std::int64_t>(supplies->features.size()))
            out.coverage.warnings.push_back({"supplies_after_as_of",
                fmt::format("{} 宗供地的供地日期晚于基准日 {} (共 {} 宗), 按当日未供处理: 基准日是否有误? (--as-of)", after, ctx.as_of.iso(),
                            supplies->features.size()),
                fmt::format("{} supplies are dated after the as-of day {} (of {}), and count as not supplied then: is --as-of right?",
                            after, ctx.as_of.iso(), supplies->features.size())});
    }
}; // class SuppliesAnalysis

// 用而未尽 / 低效 R04–R11, R20: FAR, coverage, 亩均 classes, verdicts (report/intensity_report.hpp).
// Owns the parcels table (parcels.csv / parcels.gpkg), which borrows the parcels' geometries.
class IntensityAnalysis : public Analysis {
public:
    const char* stage() const override { return "intensity"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        m_out = report::run_intensity(ctx.in, ctx.profile, ctx.as_of, ctx.threads, ctx.issues, ctx.lang, /*keep_enterprises=*/true);
        // FAR and coverage per parcel outlive the measurements: 标准地 R18 reads them.
        out.buildings_measured = ctx.in.has_layer("buildings");   // released by now: ask only whether it was there
        out.parcel_built.reserve(m_out.intensity.parcels.size());
        for (const auto& p : m_out.intensity.parcels) out.parcel_built.push_back({p.far, p.coverage, p.far_is_lower_bound, p.buildings});
        out.categories["inefficient"] = m_out.totals;
        // The 亩均 table's unit check (rules::mujun_unit_problem): a tax column in 元 stops the run.
        if (m_out.mujun)
            if (const auto problem = rules::mujun_unit_problem(ctx.profile, *m_out.mujun)) {
                const auto spec = ctx.project.layers.find("enterprises");
                throw ConfigError(spec != ctx.project.layers.end() ? spec->second.source : std::string("enterprises"), *problem);
            }
        for (const auto& n : m_out.evaluation.notes) out.log_warnings.push_back(n);
        for (auto& c : report::parcel_rule_coverage(m_out.evaluation, ctx.profile)) out.coverage.rules.push_back(std::move(c));
        const auto& mujun = m_out.mujun;
        if (ctx.in.has_layer("enterprises") && (!mujun || !mujun->year || mujun->evaluated == 0))
            out.coverage.warnings.push_back({"mujun_none_evaluated",
                fmt::format("亩均评价: 0 家企业参评 ({}); 亩均相关规则无法判定",
                            mujun && mujun->year ? fmt::format("评价年度 {}", *mujun->year)
                                                 : fmt::format("亩均数据没有 {} 年及以前的记录", ctx.as_of.year)),
                fmt::format("亩均 evaluation: 0 enterprises evaluated ({}); the 亩均 rules cannot judge",
                            mujun && mujun->year ? fmt::format("evaluation year {}", *mujun->year)
                                                 : fmt::format("the table has no rows for {} or earlier", ctx.as_of.year))});
        out.shortlists.push_back({std::move(m_out.inefficient)});
        // The long form, one row per failed rule, for pivot tables: CSV only, no geometry
        // (made to follow the list after the decisions: report::follow_list).
        out.shortlists.push_back({std::move(m_out.inefficient_rules), true, false, false});
        out.parcels = &m_out.parcels;
        if (mujun && mujun->year) out.above_scale = analysis::above_scale_totals(*mujun);   // the targets' 规上 亩均 (T02, T03)
        // The measurements and verdicts live on in the two tables; freeing them here takes about
        // 0.5 GB off the run's peak on a 200 000-parcel county (the tables keep only what is written).
        m_out.intensity = {};
        m_out.mujun.reset();
        m_out.evaluation = {};
    }

private:
    report::IntensityOutputs m_out;
}; // class IntensityAnalysis

// 标准地 R18 (domain.md §8, rules/standard_land.hpp): every 标准地 supply against its contract
// (FAR from the intensity stage's parcels, 亩均 values from the enterprise table, which this stage
// frees), and each year's 标准地 share of industrial 出让 against the county's floor.
class StandardLandAnalysis : public Analysis {
public:
    const char* stage() const override { return "standard_land"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        const geom::Layer* supplies = ctx.in.layer("supplies");
        analysis::StandardLandParams params = rules::standard_land_params(ctx.profile, ctx.as_of);
        params.threads = ctx.threads;
        m_measure = analysis::measure_standard_land(ctx.geos, supplies, ctx.in.layer("parcels"), ctx.in.layer("enterprises"), &out.parcel_built,
                                                    out.buildings_measured, params, &ctx.townships);
        if (ctx.in.has_layer("enterprises")) ctx.in.release_features("enterprises");
        m_verdicts = rules::judge_standard_land(ctx.profile, m_measure, ctx.as_of);
        const auto years = rules::judge_standard_land_years(ctx.profile, m_measure.years, "");
        report::StandardLandTownYears towns;
        for (const auto& [town, ys] : m_measure.by_township) towns[town] = rules::judge_standard_land_years(ctx.profile, ys, town);
        if (m_measure.ran && m_measure.flag_column) {
            out.shortlists.push_back({report::standard_land_table(m_verdicts, *supplies, ctx.lang)});
            out.shortlists.push_back({report::standard_land_share_table(years, towns, ctx.lang), true, true, false});
        }
        out.categories["standard_land"] = report::standard_land_summary_json(m_measure, m_verdicts, years, ctx.profile);
        for (auto& c : report::standard_land_coverage(m_measure, m_verdicts, years, ctx.profile)) out.coverage.rules.push_back(std::move(c));
    }

private:
    analysis::StandardLandMeasure m_measure;               // the table's rows point into it
    std::vector<rules::StandardLandVerdict> m_verdicts;
}; // class StandardLandAnalysis

// 零星地块 R12 (临政发〔2022〕22号 (五)): leftovers (批而未供 pieces, state-held unassigned
// parcels) beside industrial hosts, with the profile's cap (analysis/scattered.hpp, rules/scattered.hpp).
class ScatteredAnalysis : public Analysis {
public:
    const char* stage() const override { return "scattered"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        analysis::ScatteredParams params = rules::scattered_params(ctx.profile);
        params.adjacency.threads = ctx.threads;
        const geom::Layer& parcels = *ctx.in.layer("parcels");
        m_result = analysis::find_scattered(ctx.geos, parcels, ctx.in.layer("supplies"), out.unsupplied_pieces, params, ctx.issues);
        const rules::ScatteredVerdicts verdicts = rules::judge_scattered(ctx.profile, m_result);
        out.shortlists.push_back({report::scattered_table(m_result, verdicts, ctx.lang)});
        // The area is the listed land, each leftover once (scattered.csv has a row per (leftover,
        // host) pair); the leftovers found beside no host are counted apart.
        double found_m2 = 0, listed_m2 = 0;
        for (const auto& l : m_result.leftovers) found_m2 += l.area_m2;
        std::set<std::size_t> listed;
        std::size_t within = 0;
        for (std::size_t k = 0; k < m_result.candidates.size(); ++k) {
            within += verdicts.candidates[k].outcome == rules::Outcome::pass ? 1 : 0;
            if (listed.insert(m_result.candidates[k].leftover).second) listed_m2 += m_result.leftovers[m_result.candidates[k].leftover].area_m2;
        }
        out.categories["scattered"] = {{"count", m_result.candidates.size()},
                                       {"count_means", "零星地块个数 (每块计一次, 可有多个宿主); leftovers listed, each once (pairs: (leftover, host) rows)"},
                                       {"leftovers_listed", listed.size()},
                                       {"leftovers", m_result.leftovers.size()},
                                       {"hosts", m_result.hosts.size()},
                                       {"within_cap", within},
                                       {"too_large", m_result.too_large},
                                       {"area_m2", std::round(listed_m2 * 100) / 100},
                                       {"area_mu", std::round(m2_to_mu(listed_m2) * 100) / 100},
                                       {"found_area_m2", std::round(found_m2 * 100) / 100}};
        out.coverage.rules.push_back(report::scattered_coverage(verdicts));
        if (m_result.candidates.empty()) warn_nothing_found(parcels, out);
    }

private:
    // Nothing found although parcels are there: say what the owners look like, so that a
    // delivery spelling state land its own way is noticed (profile [land_rights]).
    void warn_nothing_found(const geom::Layer& parcels, AnalysisOutputs& out) const {
        std::map<std::string, std::size_t> owners;
        for (std::size_t i = 0; i < parcels.features.size(); ++i)
            if (auto o = parcels.text(i, "owner"); o && !o->empty()) ++owners[*o];
        std::vector<std::pair<std::size_t, std::string>> top;
        for (const auto& [o, n] : owners) top.emplace_back(n, o);
        std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        std::string seen;
        for (std::size_t k = 0; k < top.size() && k < 6; ++k) seen += fmt::format("{}「{}」×{}", k ? ", " : "", top[k].second, top[k].first);
        out.coverage.warnings.push_back({"scattered_empty",
            fmt::format("零星地块 0 条: {} 宗宗地判为国有 (其中未供 {} 宗); 常见权利人写法: {}; 若国有土地另有写法, 请在规则集 "
                        "[land_rights] state_owner_patterns 中加入", m_result.state_held_parcels, m_result.state_unassigned_parcels,
                        seen.empty() ? "(权利人均为空或未映射 owner)" : seen),
            fmt::format("零星地块: none found; {} parcels read as state-held ({} of them unsupplied); most common owners: {}; if the "
                        "delivery spells state land otherwise, add it to the profile's [land_rights] state_owner_patterns",
                        m_result.state_held_parcels, m_result.state_unassigned_parcels,
                        seen.empty() ? "(owner empty or not mapped)" : seen)});
    }

    analysis::ScatteredResult m_result;
}; // class ScatteredAnalysis

// 工业用地控制线 R16: industrial land outside the lines and the 占补 ledger (改一补一; 临平 1:1.2,
// 先补后发) from a conversions table beside the data, if any (analysis/control_line.hpp,
// rules/control_line.hpp).
class ControlLineAnalysis : public Analysis {
public:
    const char* stage() const override { return "control_line"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        analysis::ControlLineParams params;
        params.industrial_prefixes = ctx.profile.texts("land_use.industrial_prefixes");
        params.threads = ctx.threads;
        std::vector<analysis::Conversion> conversions;
        for (const char* name : {"conversions.csv", "conversions.xlsx", "占补台账.csv", "占补台账.xlsx"}) {
            const auto path = ctx.project.base_dir / name;
            if (std::filesystem::exists(path)) {
                conversions = analysis::read_conversions(path, ctx.issues);
                break;
            }
        }
        const geom::Layer& parcels = *ctx.in.layer("parcels");
        m_lines = analysis::measure_control_line(ctx.geos, parcels, ctx.in.layer("control_lines"), conversions, params, ctx.issues);
        const rules::ControlLineVerdicts verdicts = rules::judge_control_line(ctx.profile, m_lines);
        if (m_lines.has_lines) {
            out.shortlists.push_back({report::control_line_table(verdicts, parcels, ctx.lang)});
            if (!m_lines.ledger.empty())
                out.shortlists.push_back({report::control_line_ledger_table(m_lines, verdicts, ctx.lang), true, true, false});
            std::size_t outside = 0;
            double outside_m2 = 0;
            for (const auto& v : verdicts.parcels) {
                if (v.status != rules::LineStatus::outside) continue;
                ++outside;
                outside_m2 += v.line->area_m2;
            }
            out.categories["control_line"] = {{"count", outside}, {"industrial_parcels", m_lines.parcels.size()},
                                              {"area_m2", outside_m2}, {"area_mu", m2_to_mu(outside_m2)},
                                              {"ledger_rows", m_lines.ledger.size()}};
        } else {
            out.categories["control_line"] = {{"ran", false}, {"skipped_reason", "no control_lines layer"}};
        }
        out.coverage.rules.push_back(report::control_line_coverage(verdicts));
    }

private:
    analysis::ControlLineResult m_lines;
}; // class ControlLineAnalysis

// Targets against what was done T01–T03 (象山 二, 临海 附件二, 临平 二, 鄞州 四(四), 舟山 一(二)/二(一)):
// the 盘活台账's area by year and 镇街, the county's 规上 亩均 (analysis/revitalization.hpp,
// rules/targets.hpp). The ledger is read in run() (a bad one stops the run before anything is
// written); the table in finish(), beside the shortlists' land after the 闭环管理 decisions.
class TargetsAnalysis : public Analysis {
public:
    const char* stage() const override { return "targets"; }
    void run(const AnalysisContext& ctx, AnalysisOutputs&) override {
        if (const auto file = analysis::find_revitalization_file(ctx.project.base_dir, ctx.project.revitalization))
            m_area = analysis::sum_revitalized(analysis::read_revitalization(*file, ctx.issues), ctx.as_of, ctx.issues);
    }
    void finish(const AnalysisContext& ctx, AnalysisOutputs& out) override {
        const analysis::RevitalizedArea* area = m_area ? &*m_area : nullptr;
        const analysis::AboveScaleTotals* above = out.above_scale ? &*out.above_scale : nullptr;
        const auto verdicts = rules::judge_targets(ctx.profile, area, above, ctx.as_of);
        std::vector<const report::Table*> tables;
        for (const auto& s : out.shortlists) tables.push_back(&s.table);
        const report::ClosableLand land = report::closable_land(tables);
        if (!verdicts.empty()) out.shortlists.push_back({report::targets_table(verdicts, area, land, ctx.lang), true, true, false});
        out.targets = report::targets_summary_json(verdicts, area, above, land);
        for (auto& c : report::targets_coverage(verdicts)) out.coverage.rules.push_back(std::move(c));
    }

private:
    std::optional<analysis::RevitalizedArea> m_area;
}; // class TargetsAnalysis

} // namespace

std::vector<std::unique_ptr<Analysis>> registered_analyses() {
    std::vector<std::unique_ptr<Analysis>> v;
    v.push_back(std::make_unique<UnsuppliedAnalysis>());
    v.push_back(std::make_unique<SuppliesAnalysis>());
    v.push_back(std::make_unique<IntensityAnalysis>());
    v.push_back(std::make_unique<StandardLandAnalysis>());
    v.push_back(std::make_unique<ScatteredAnalysis>());
    v.push_back(std::make_unique<ControlLineAnalysis>());
    v.push_back(std::make_unique<TargetsAnalysis>());
    return v;
}

void warn_empty_categories(const analysis::Inputs& in, AnalysisOutputs& out) {
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
        const auto it = out.categories.find(e.id);
        if (it == out.categories.end() || !it->is_object() || (it->contains("ran") && (*it)["ran"] == false)) continue;
        const geom::Layer* layer = in.layer(e.layer);
        if (!layer || layer->features.empty() || !it->contains("count") || (*it)["count"] != 0) continue;
        out.coverage.warnings.push_back({std::string(e.id) + "_empty", e.zh, e.en});
    }
}

} // namespace tl::cli
