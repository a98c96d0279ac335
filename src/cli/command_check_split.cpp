// tenglong check-split PROJECT --parcel ID --plan PLAN [--industrial-estate] [--json]
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/inputs.hpp"
#include "analysis/split_plan.hpp"
#include "cli/command_check_split.hpp"
#include "cli/ui_lang.hpp"
#include "cli/log.hpp"
#include "cli/options.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "geom/normalize.hpp"
#include "io/reader.hpp"
#include "rules/profile.hpp"
#include "rules/split.hpp"

namespace tl::cli {

namespace {

struct CheckSplitOptions {
    InputOptions in;
    std::string parcel;
    std::string plan;
    std::string plan_crs;
    bool industrial_estate = false;
    bool json = false;
}; // struct CheckSplitOptions

std::size_t find_parcel(const geom::Layer& parcels, const std::string& id, bool zh) {
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < parcels.features.size(); ++i)
        if (parcels.features[i].id == id) hits.push_back(i);
    if (hits.empty())
        throw UsageError(zh ? "宗地图层中没有宗地代码为 " + id + " 的宗地 (按规范化后的代码; 见 `tenglong inspect`)"
                            : "no parcel with id " + id + " in the parcels layer (after normalisation; see `tenglong inspect`)");
    if (hits.size() > 1)
        throw UsageError(zh ? "宗地代码 " + id + " 不唯一 (" + std::to_string(hits.size()) + " 个要素); 先修正重复的宗地代码"
                            : "parcel id " + id + " is not unique (" + std::to_string(hits.size()) + " features); fix the duplicate ids first");
    return hits[0];
}

const char* label(rules::Outcome o, bool zh) {
    switch (o) {
        case rules::Outcome::pass: return zh ? "通过" : "PASS";
        case rules::Outcome::fail: return zh ? "不通过" : "FAIL";
        case rules::Outcome::not_applicable: return zh ? "不适用" : "N/A";
        case rules::Outcome::indeterminate: return zh ? "无法判定" : "UNDECIDED";
    }
    return "?";
}

nlohmann::ordered_json to_json(const analysis::SplitPlanMeasure& m, const rules::SplitJudgement& j) {
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
    nlohmann::ordered_json out;
    out["result"] = rules::to_string(j.overall);
    out["parcel"] = {{"id", m.parcel_id}, {"owner", m.owner}, {"township", m.township}, {"land_use", m.land_use},
                     {"area_m2", m.parcel_area_m2}, {"area_mu", m2_to_mu(m.parcel_area_m2)},
                     {"split_from", m.split_from ? nlohmann::ordered_json(*m.split_from) : nlohmann::ordered_json(nullptr)},
                     {"supply_kinds", m.supply_kinds}};
    out["plan"] = {{"uncovered_m2", m.uncovered_m2}, {"overlap_m2", m.overlap_m2}, {"outside_m2", m.outside_m2}};
    auto pieces = nlohmann::ordered_json::array();
    for (const auto& p : m.pieces)
        pieces.push_back({{"id", p.id}, {"use", p.use}, {"area_m2", p.area_m2}, {"area_mu", m2_to_mu(p.area_m2)},
                          {"outside_parcel_m2", p.outside_parcel_m2}, {"buildings", p.buildings}});
    out["pieces"] = pieces;
    auto buildings = nlohmann::ordered_json::array();
    for (const auto& b : m.buildings)
        buildings.push_back({{"id", b.id}, {"footprint_m2", b.footprint_on_parcel_m2}, {"pieces", b.pieces}, {"cut_off_m2", b.cut_off_m2}});
    out["buildings"] = buildings;
    auto conds = nlohmann::ordered_json::array();
    for (const auto& v : j.verdicts)
        conds.push_back({{"id", v.rule_id}, {"outcome", rules::to_string(v.outcome)}, {"measured", opt(v.measured)},
                         {"comparison", v.comparison}, {"threshold", opt(v.threshold)}, {"clause", v.clause},
                         {"reason_zh", v.reason_zh}, {"reason_en", v.reason_en}, {"missing", v.missing}});
    out["conditions"] = conds;
    return out;
}

void print_text(const analysis::SplitPlanMeasure& m, const rules::SplitJudgement& j, bool zh) {
    std::cout << fmt::format("{} {}  {}  {} {}  {} {:.2f} m² ({:.2f} {})\n", zh ? "宗地" : "parcel", m.parcel_id,
                             m.owner.empty() ? "-" : m.owner, zh ? "镇街" : "township", m.township.empty() ? "-" : m.township,
                             zh ? "面积" : "area", m.parcel_area_m2, m2_to_mu(m.parcel_area_m2), zh ? "亩" : "mu");
    for (const auto& p : m.pieces)
        std::cout << fmt::format("  {} {}{} {:.2f} m² ({:.2f} {}), {} {}\n", zh ? "分割" : "piece", p.id,
                                 p.use.empty() ? "" : " " + p.use, p.area_m2, m2_to_mu(p.area_m2), zh ? "亩" : "mu", p.buildings,
                                 zh ? "幢" : "buildings");
    for (const auto& v : j.verdicts)
        std::cout << fmt::format("[{}] {} {} | {}\n", label(v.outcome, zh), v.rule_id, zh ? v.reason_zh : v.reason_en,
                                 v.clause.empty() ? "-" : v.clause);
    std::cout << fmt::format("{}: {}\n", zh ? "结论" : "result", label(j.overall, zh));
}

int run_check_split(const CheckSplitOptions& opt) {
    Log log{opt.in.verbosity};
    const bool zh = opt.in.language() == report::Lang::zh;
    io::Project project = opt.in.load();
    const rules::Profile profile = rules::load_profile(project.profile.empty() ? "national" : project.profile);
    if (!rules::has_split_rules(profile))
        throw UsageError(zh ? fmt::format("profile {} ({}) 没有工业用地分割转让条款 ([split]); 选用有此条款的县 profile (如 --profile linhai), "
                                          "或在本县 profile 中加入 [split] (见 profiles/linhai.toml)", profile.id, profile.jurisdiction)
                            : fmt::format("profile {} ({}) has no clause on splitting industrial land ([split]); use a county profile "
                                          "that has one (e.g. --profile linhai) or add [split] to yours (see profiles/linhai.toml)",
                                          profile.id, profile.jurisdiction));
    for (auto it = project.layers.begin(); it != project.layers.end();) {
        const std::string& n = it->first;
        it = (n == "parcels" || n == "buildings" || n == "supplies" || n == "enterprises") ? std::next(it) : project.layers.erase(it);
    }
    geom::GeosContext ctx;
    IssueLog issues;
    log.info("read: " + opt.in.input);
    analysis::LoadOptions load_options;
    load_options.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(ctx, project, load_options, issues);
    const geom::Layer* parcels = in.layer("parcels");
    if (!parcels) throw UsageError(zh ? "项目中没有宗地图层" : "the project has no parcels layer");
    const std::size_t parcel = find_parcel(*parcels, opt.parcel, zh);

    // The plan: read and normalized into the working CRS like any layer.
    if (!std::filesystem::exists(opt.plan))
        throw UsageError(zh ? "分割方案文件不存在: " + opt.plan : "the split plan does not exist: " + opt.plan);
    io::LayerSpec spec;
    spec.name = "split_plan";
    spec.source = std::filesystem::absolute(opt.plan).string();
    spec.crs = opt.plan_crs;
    io::RawLayer raw = io::read_layer(spec, issues);
    const geom::CrsInfo plan_crs = geom::layer_crs(raw);
    geom::NormalizeOptions nopt;
    nopt.threads = 1;
    const geom::Layer plan = geom::normalize(ctx, std::move(raw), plan_crs, in.working_crs, nopt, issues);
    if (plan.features.empty())
        throw UsageError(zh ? "分割方案 " + opt.plan + " 中没有可用的面要素 (每宗一面; 见上方的问题)"
                            : "the split plan " + opt.plan + " has no usable polygons (one per piece; see the issues above)");
    if (plan.counts.rejected > 0)
        log.warn(zh ? fmt::format("分割方案中 {} 个要素不可用 (非面或图形无效), 未参与检验", plan.counts.rejected)
                    : fmt::format("{} features of the split plan are unusable (not polygons or invalid) and were left out", plan.counts.rejected));

    const auto m = analysis::measure_split_plan(ctx, *parcels, parcel, plan, in.layer("buildings"), in.layer("supplies"),
                                                in.layer("enterprises"));
    const auto j = rules::judge_split(profile, m, opt.industrial_estate);
    if (opt.json) {
        std::cout << to_json(m, j).dump(2) << "\n";
    } else {
        print_text(m, j, zh);
    }
    return j.overall == rules::Outcome::pass ? 0 : 1;
}

} // namespace

Action setup_check_split(CLI::App& sub) {
    auto opt = std::make_shared<CheckSplitOptions>();
    opt->in.add_to(sub, true);
    sub.add_option("--parcel", opt->parcel, tr("拟分割宗地的宗地代码", "Parcel id (宗地代码) of the parcel to split"))->required();
    sub.add_option("--plan", opt->plan, tr("分割方案: 每宗一个面, 可有 分割编号 / 用途 列 (GeoJSON, GPKG, SHP)", "The split plan: a polygon per piece, optional 分割编号 / 用途 columns (GeoJSON, GPKG, SHP)"))->required();
    sub.add_option("--plan-crs", opt->plan_crs, tr("方案文件无坐标系时指定, 如 EPSG:4549", "The CRS of a plan file that has none, e.g. EPSG:4549"));
    sub.add_flag("--industrial-estate", opt->industrial_estate, tr("工业地产项目: 分割数量不受限", "An industrial-estate project: no limit on the number of pieces"));
    sub.add_flag("--json", opt->json, tr("在 stdout 输出机读 JSON", "Machine-readable JSON on stdout"));
    return [opt] { return run_check_split(*opt); };
}

} // namespace tl::cli
