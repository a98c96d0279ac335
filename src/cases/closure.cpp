#include "cases/closure.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "cases/decisions.hpp"
#include "cases/register.hpp"
#include "core/errors.hpp"
#include "report/styles.hpp"

namespace tl::cases {

namespace fs = std::filesystem;


Closure close_loop(const ClosureInput& in, const std::vector<report::Table*>& shortlists, IssueLog& issues) {
    Closure out;
    DecisionsTable decisions;
    std::string decisions_file;
    if (const auto file = find_decisions_file(in.project->base_dir, in.project->decisions)) {
        decisions = read_decisions(*file, issues);
        decisions_file = file->string();
    }
    Applied applied = apply_decisions(shortlists, decisions, in.as_of, issues, in.lang);

    // ---- the register
    std::vector<CaseRecord> previous;
    if (!in.previous_dir.empty()) {
        const fs::path dir(in.previous_dir);
        if (!fs::is_directory(dir))
            throw UsageError("--previous " + in.previous_dir + ": 不是文件夹 (not a folder); 请给上一次 analyze 的输出文件夹");
        if (!fs::exists(dir / "cases.csv"))
            throw UsageError("--previous " + in.previous_dir + ": 没有 cases.csv (no cases.csv); 它不是 tenglong analyze 的输出文件夹, "
                             "或由旧版本写出: 请先用当前版本重新分析上一期数据");
        previous = read_register(dir / "cases.csv");
    }
    const std::vector<CaseRecord> reg = update_register(previous, applied.current, applied.excluded_cases, in.as_of);

    // ---- 预警
    WarningParams wp;
    wp.as_of = in.as_of;
    wp.horizon_days = static_cast<int>(in.profile->number("warnings.horizon_days"));
    wp.horizon_cite = in.profile->number_param("warnings.horizon_days").cite;
    wp.idle_years = static_cast<int>(in.profile->number("idle.not_started_years"));
    wp.idle_cite = in.profile->number_param("idle.not_started_years").cite;
    wp.recovery_years = static_cast<int>(in.profile->number("idle.recovery_years"));
    wp.recovery_cite = in.profile->number_param("idle.recovery_years").cite;
    std::vector<SupplyDates> supplies;
    if (in.supplies) {
        const geom::Layer& s = *in.supplies;
        for (std::size_t i = 0; i < s.features.size(); ++i) {
            if (const auto on = s.date(i, "supplied_on"); on && *on > in.as_of) continue;   // not supplied yet on the as-of day
            supplies.push_back({s.features[i].id, s.text(i, "parcel_id").value_or(""), s.date(i, "agreed_start_on"),
                                s.date(i, "agreed_completion_on"), s.date(i, "started_on")});
        }
    }
    report::Table warnings = early_warnings(supplies, decisions, wp);

    // ---- summary.json "cases" and the run's warnings
    std::int64_t overdue = 0;
    for (const auto& [cat, c] : applied.by_category) overdue += c.overdue;
    out.summary = {{"decisions_file", decisions_file.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(fs::path(decisions_file).filename().string())},
                   {"decisions", decisions.rows.size()},
                   {"decisions_unmatched", applied.unmatched_count},
                   {"previous", in.previous_dir.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(true)},
                   {"by_category", applied.summary_json()},
                   {"register", register_summary(reg, in.as_of)},
                   {"warnings", {{"horizon_days", wp.horizon_days}, {"count", warnings.rows.size()}}}};
    if (applied.unmatched_count > 0)
        out.warnings.push_back({"decisions_unmatched",
            fmt::format("处置决定表有 {} 条决定找不到对应案件 (地块分割、记录更正或已不符合条件?): 见 decisions_unmatched.csv 与 issues.csv",
                        applied.unmatched_count),
            fmt::format("{} decisions name a case that is on no list of this run (split parcel, corrected record, no longer listed?): "
                        "see decisions_unmatched.csv and issues.csv", applied.unmatched_count)});
    if (overdue > 0)
        out.warnings.push_back({"cases_overdue", fmt::format("{} 个已确认或整改中的案件已过整改期限 (是否逾期 = 逾期)", overdue),
                                fmt::format("{} confirmed or in-progress cases are past their deadline (overdue)", overdue)});
    if (!decisions.rows.empty()) {
        out.tables.push_back(std::move(applied.excluded));
        out.tables.push_back(std::move(applied.unmatched));
    }
    out.tables.push_back(register_table(reg, in.as_of, in.lang));
    out.tables.push_back(std::move(warnings));
    return out;
}

} // namespace tl::cases
