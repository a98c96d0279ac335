// tenglong check-merge PROJECT --host ID [--with ID ...] [--planned-floor-area M2] [--json]
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/inputs.hpp"
#include "analysis/merge_check.hpp"
#include "rules/merge_check.hpp"
#include "rules/merge_reward.hpp"
#include "cli/command_check_merge.hpp"
#include "cli/ui_lang.hpp"
#include "cli/log.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "rules/evaluate.hpp"
#include "rules/profile.hpp"

namespace tl::cli {

namespace {

struct CheckMergeOptions {
    InputOptions in;
    std::string host;
    std::vector<std::string> with;
    double planned_floor_area_m2 = -1;   // < 0: not given
    double snap_m = -1;         // < 0: the profile's adjacency.snap_m
    double min_shared_m = -1;   // < 0: the profile's adjacency.min_shared_m
    std::optional<int> storeys;   // --storeys: floors of the new production building (the (十一) storey reward)
    bool json = false;
}; // struct CheckMergeOptions

std::size_t find_parcel(const geom::Layer& parcels, const std::string& id) {
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < parcels.features.size(); ++i)
        if (parcels.features[i].id == id) hits.push_back(i);
    if (hits.empty()) throw UsageError("no parcel with id " + id + " in the parcels layer (after normalisation; see `tenglong inspect`)");
    if (hits.size() > 1) {
        std::string fids;
        for (auto h : hits) fids += (fids.empty() ? "" : ", ") + std::to_string(parcels.features[h].fid);
        throw UsageError("parcel id " + id + " is not unique (features " + fids + "); fix the duplicate ids first");
    }
    return hits[0];
}

// A condition only a person can judge (indeterminate, missing "person") reads 人工核实 / MANUAL.
const char* outcome_label(rules::Outcome o, bool needs_person, report::Lang lang) {
    using rules::Outcome;
    if (lang == report::Lang::en) {
        if (needs_person) return "MANUAL";
        switch (o) {
            case Outcome::pass: return "PASS";
            case Outcome::fail: return "FAIL";
            case Outcome::indeterminate: return "UNDECIDED";
            case Outcome::not_applicable: return "N/A";
        }
    }
    if (needs_person) return "人工核实";
    switch (o) {
        case Outcome::pass: return "通过";
        case Outcome::fail: return "不通过";
        case Outcome::indeterminate: return "无法判定";
        case Outcome::not_applicable: return "不适用";
    }
    return "?";
}

nlohmann::ordered_json to_json(const analysis::MergeCheckResult& r, const rules::MergeVerdicts& v) {
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
    nlohmann::ordered_json j;
    j["result"] = rules::to_string(v.overall);
    j["host"] = {{"id", r.host_id}, {"owner", r.host_owner}, {"land_use", r.host_land_use}, {"tenure", r.host_tenure},
                 {"right_type", r.host_right_type}, {"area_m2", r.host_area_m2}, {"area_mu", m2_to_mu(r.host_area_m2)},
                 {"area_basis", r.host_area_basis}, {"remaining_term_years", opt(r.host_remaining_term_years)},
                 {"floor_area_m2", r.host_floor_area_m2}, {"floor_area_is_lower_bound", r.floor_area_lower_bound},
                 {"far_before", v.far_before}};
    j["planned_floor_area_m2"] = opt(r.planned_floor_area_m2);
    j["far_after"] = opt(v.far_after);
    j["leftover_area_m2"] = v.leftover_area_m2;
    j["leftover_area_mu"] = m2_to_mu(v.leftover_area_m2);
    j["merged_term_years"] = opt(v.merged_term_years);
    nlohmann::ordered_json pieces = nlohmann::ordered_json::array();
    for (const auto& p : r.pieces)
        pieces.push_back({{"id", p.id}, {"role", p.leftover ? "leftover" : "merge_partner"}, {"area_m2", p.area_m2},
                          {"area_mu", m2_to_mu(p.area_m2)}, {"shared_with_host_m", p.shared_with_host_m}, {"connected", p.connected},
                          {"tenure", p.tenure}, {"right_type", p.right_type}, {"remaining_term_years", opt(p.remaining_term_years)}});
    j["with"] = pieces;
    nlohmann::ordered_json conds = nlohmann::ordered_json::array();
    // "outcome" is the verdict's (pass / fail / indeterminate); "needs_person" marks a condition
    // the data cannot hold, which a person must judge (it does not decide "result").
    for (const auto& c : v.conditions)
        conds.push_back({{"id", c.verdict.rule_id}, {"label_zh", c.label_zh}, {"label_en", c.label_en},
                         {"outcome", rules::to_string(c.verdict.outcome)}, {"needs_person", c.needs_person()},
                         {"missing", c.verdict.missing}, {"measured", c.measured}, {"threshold", c.threshold},
                         {"clause", c.verdict.clause}});
    j["conditions"] = conds;
    return j;
}

void print_text(const analysis::MergeCheckResult& r, const rules::MergeVerdicts& v, report::Lang lang) {
    const bool zh = lang == report::Lang::zh;
    std::cout << fmt::format("{} {}  {}  {} {}  {} {:.2f} m² ({:.2f} 亩, {})\n", zh ? "宿主" : "host", r.host_id,
                             r.host_owner.empty() ? "-" : r.host_owner, zh ? "地类" : "land use", r.host_land_use.empty() ? "-" : r.host_land_use,
                             zh ? "面积" : "area", r.host_area_m2, m2_to_mu(r.host_area_m2),
                             zh ? (r.host_area_basis == "registered" ? "登记面积" : "图形面积") : r.host_area_basis);
    std::cout << fmt::format("  {} {:.2f} m²{}, {} {:.3f}\n", zh ? "现状建筑面积" : "current floor area", r.host_floor_area_m2,
                             r.floor_area_lower_bound ? (zh ? " (下限)" : " (lower bound)") : "", zh ? "容积率" : "FAR", v.far_before);
    for (const auto& p : r.pieces)
        std::cout << fmt::format("  {} {} {} {:.2f} m² ({:.2f} 亩), {} {:.2f} m\n", zh ? "并入" : "with", p.id,
                                 p.leftover ? (zh ? "零星地块(五)" : "leftover (五)") : (zh ? "合并转让(七)" : "merge (七)"), p.area_m2,
                                 m2_to_mu(p.area_m2), zh ? "与宿主共用界线" : "shared with host", p.shared_with_host_m);
    for (const auto& c : v.conditions)
        std::cout << fmt::format("[{}] {} {}: {} | {} {} | {}\n", outcome_label(c.verdict.outcome, c.needs_person(), lang), c.verdict.rule_id,
                                 zh ? c.label_zh : c.label_en, c.measured, zh ? "阈值" : "threshold", c.threshold, c.verdict.clause);
    std::cout << fmt::format("{}: {}\n", zh ? "结论" : "result", outcome_label(v.overall, false, lang));
}

// The host firm's 亩均 class, as analyze's 亩均 evaluation gives it.
rules::FirmClass firm_class(analysis::Inputs& in, const rules::Profile& profile, const geom::Layer& parcels, std::size_t host,
                            const Date& as_of, int threads) {
    rules::FirmClass fc;
    const geom::Layer* ent = in.layer("enterprises");
    if (!ent) {
        fc.why_none = "无亩均数据 (no enterprise table)";
        return fc;
    }
    IssueLog scratch;   // the data issues are analyze's to report
    analysis::IntensityParams ip = rules::intensity_params(profile);
    ip.threads = static_cast<unsigned>(threads);
    ip.ellipsoidal_area_m2 = analysis::ellipsoidal_area_in(in.working_crs);
    const auto intensity = analysis::measure_intensity(parcels, in.layer("buildings"), in.layer("supplies"), ip, scratch);
    analysis::MujunParams mp = rules::mujun_params(profile);
    mp.as_of_year = as_of.year;
    mp.threads = static_cast<unsigned>(threads);
    std::vector<double> basis;
    basis.reserve(intensity.parcels.size());
    for (const auto& p : intensity.parcels) basis.push_back(p.area_basis_m2);
    const auto mj = analysis::evaluate_mujun(parcels, basis, *ent, mp, scratch);
    fc.year = mj.year;
    if (host < mj.unit_of_parcel.size() && mj.unit_of_parcel[host]) {
        const auto& u = mj.units[*mj.unit_of_parcel[host]];
        fc.mujun_class = u.mujun_class;
        if (u.mujun_class.empty()) fc.why_none = u.class_note.empty() ? std::string("未评价 (not evaluated)") : u.class_note;
    } else {
        fc.why_none = "亩均数据中无本宗地企业 (no 亩均 row for the parcel)";
    }
    return fc;
}

int run_check_merge(const CheckMergeOptions& opt) {
    Log log{opt.in.verbosity};
    io::Project project = opt.in.load();
    for (auto it = project.layers.begin(); it != project.layers.end();)
        it = (it->first == "parcels" || it->first == "buildings" || it->first == "enterprises" || it->first == "supplies")
                 ? std::next(it) : project.layers.erase(it);
    geom::GeosContext ctx;
    IssueLog issues;
    Progress progress{opt.in.verbosity, 2};   // read, check (cli/progress.hpp)
    log.attach(&progress);
    log.info("read: " + opt.in.input);
    progress.begin("read");
    analysis::LoadOptions load_options;
    load_options.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(ctx, project, load_options, issues);
    const geom::Layer* parcels = in.layer("parcels");
    if (!parcels) throw UsageError("the project has no parcels layer");
    const std::size_t host = find_parcel(*parcels, opt.host);
    std::vector<std::size_t> with;
    for (const auto& id : opt.with) with.push_back(find_parcel(*parcels, id));

    progress.end();
    progress.begin("check");
    // The profile's numbers and vocabularies (the project's profile, or --profile); --snap and
    // --min-shared override the profile's adjacency tolerances for this one check.
    const rules::Profile profile = rules::load_profile(project.profile.empty() ? "national" : project.profile);
    analysis::MergeCheckParams params = rules::merge_params(profile);
    if (opt.snap_m >= 0) params.adjacency.snap_m = opt.snap_m;
    if (opt.min_shared_m >= 0) params.adjacency.min_shared_m = opt.min_shared_m;
    params.adjacency.threads = 1;
    std::optional<double> planned;
    if (opt.planned_floor_area_m2 >= 0) planned = opt.planned_floor_area_m2;
    const auto r = analysis::measure_merge(ctx, *parcels, in.layer("buildings"), host, with, planned, params, issues);
    rules::MergeVerdicts verdicts = rules::judge_merge(profile, r);
    // (七) the buyer's 亩均 class and (十一) the reward need the host firm's class, from the same
    // 亩均 evaluation analyze runs (the whole county's units, quotas and overrides).
    std::optional<rules::MergeReward> reward;
    const bool takes_partner = std::any_of(r.pieces.begin(), r.pieces.end(), [](const analysis::MergePiece& p) { return !p.leftover; });
    if ((takes_partner && rules::has_buyer_rule(profile)) || (rules::has_reward_rule(profile) && planned)) {
        const rules::FirmClass host_class = firm_class(in, profile, *parcels, host, effective_as_of(project), opt.in.threads);
        if (takes_partner && rules::has_buyer_rule(profile)) verdicts.conditions.push_back(rules::judge_buyer(profile, host_class));
        if (rules::has_reward_rule(profile) && planned) reward = rules::judge_reward(profile, r, verdicts, host_class, opt.storeys);
        rules::settle(verdicts);
    }
    progress.finish();   // the check ran: "done" also when the application fails (exit 1)
    if (opt.json) {
        auto j = to_json(r, verdicts);
        if (reward)
            j["reward"] = {{"id", reward->verdict.rule_id}, {"outcome", rules::to_string(reward->verdict.outcome)},
                           {"route", reward->route}, {"floor_area_m2", reward->excess_m2}, {"rate_yuan_per_m2", reward->rate_yuan_per_m2},
                           {"amount_10k", reward->amount_10k}, {"capped", reward->capped}, {"clause", reward->verdict.clause},
                           {"reason_zh", reward->verdict.reason_zh}, {"reason_en", reward->verdict.reason_en},
                           {"missing", reward->verdict.missing}};
        std::cout << j.dump(2) << "\n";
    } else {
        print_text(r, verdicts, opt.in.language());
        if (reward) {
            const bool zh = opt.in.language() == report::Lang::zh;
            std::cout << fmt::format("{} {}: {} | {}\n", zh ? "奖励估算" : "reward estimate", reward->verdict.rule_id,
                                     zh ? reward->verdict.reason_zh : reward->verdict.reason_en, reward->verdict.clause);
        }
    }
    return verdicts.overall == rules::Outcome::pass ? 0 : 1;
}

} // namespace

Action setup_check_merge(CLI::App& sub) {
    auto opt = std::make_shared<CheckMergeOptions>();
    opt->in.add_to(sub, true);
    sub.add_option("--host", opt->host, tr("做零增地技改 / 接收合并的企业的宗地代码", "Parcel id (宗地代码) of the enterprise doing the 零增地技改 / receiving the merge"))->required();
    sub.add_option("--with", opt->with, tr("并入的宗地代码: 零星地块 (国有土地, (五)) 或他企宗地 ((七)); 可重复", "Parcel ids to take in: 零星地块 (state land, (五)) or another firm's parcel ((七)); repeatable"));
    sub.add_option("--planned-floor-area", opt->planned_floor_area_m2, tr("零增地技改新增建筑面积, 平方米 (容积率/建筑面积提升检验用)", "New floor area of the 零增地技改 in m² (for the FAR / floor-area uplift test)"))
        ->check(CLI::NonNegativeNumber);
    sub.add_option("--snap", opt->snap_m, tr("界线相邻的缝隙容差, 米 (默认: 规则集 adjacency.snap_m)", "Gap tolerance in metres for 界线相邻 (default: the profile's adjacency.snap_m)"))->check(CLI::NonNegativeNumber);
    sub.add_option("--min-shared", opt->min_shared_m, tr("共用界线达到多少米算界线相邻 (默认: 规则集 adjacency.min_shared_m)", "Shared boundary in metres from which parcels are 界线相邻 (default: the profile's adjacency.min_shared_m)"))
        ->check(CLI::NonNegativeNumber);
    sub.add_option("--storeys", opt->storeys, tr("新增生产厂房层数 (奖励估算用)", "Storeys of the new production building, for the reward estimate"))
        ->check(CLI::PositiveNumber);
    sub.add_flag("--json", opt->json, tr("在 stdout 输出机读 JSON", "Machine-readable JSON on stdout"));
    return [opt] { return run_check_merge(*opt); };
}

} // namespace tl::cli
