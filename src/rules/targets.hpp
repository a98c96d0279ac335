// Targets against what was done (issue 19 item 7; 象山 二, 临海 附件二, 临平 二, 鄞州 四(四),
// 舟山 一(二)/二(一)): every `targets.*` key of the profile, judged.
//
// What a target measures follows from its unit (profiles/*.toml):
//   亩        T01.revitalized       the 盘活台账 area done from the profile's effective_from to the
//                                   end of the target's year (or the as-of day, if earlier)
//   亩/年     T01.revitalized_year  the same per calendar year, each year from the target's year to
//                                   the as-of year (and not after effective_to): 舟山 «每年»
//   万元/亩   T02.tax_per_mu        (key names tax) the county's 规上 亩均税收 = Σ tax ÷ Σ 亩 of the
//             T03.va_per_mu         (key names va)  in-scope 规上 firms (analysis::AboveScaleTotals)
//   other     (比例, 个)             not measured: indeterminate «本工具不测量此目标», listed anyway
// Outcome: pass when the achieved value reaches the target (≥); a target whose year ends after
// the as-of day and is not reached yet is 进行中 (in_progress: Outcome::not_applicable, with the
// progress), never a failure; fail when its year is over and it is short; indeterminate without
// the data (no 盘活台账: «未提供盘活台账»; no 规上 亩均 data).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/revitalization.hpp"
#include "core/date.hpp"
#include "rules/profile.hpp"
#include "rules/verdict.hpp"

namespace tl::rules {

enum class TargetMeasure { area, area_per_year, tax_per_mu, va_per_mu, none };
TargetMeasure target_measure(const Param& p);

struct TargetVerdict {
    std::string key;                      // under targets.
    TargetMeasure measure = TargetMeasure::none;
    std::optional<int> year;              // the target's year (per-year targets: the year judged)
    double target = 0;
    std::string unit;
    std::optional<double> achieved;       // in the target's unit
    std::optional<double> gap;            // target − achieved when short, else 0
    std::optional<double> progress;       // achieved ÷ target
    bool in_progress = false;             // 进行中
    Date period_from, period_to;          // area targets: the ledger dates counted
    Verdict verdict;
}; // struct TargetVerdict

// `area` null: no 盘活台账; `above` null: no 亩均 evaluation.
std::vector<TargetVerdict> judge_targets(const Profile& p, const analysis::RevitalizedArea* area, const analysis::AboveScaleTotals* above,
                                         const Date& as_of);

// 达标 / 未达标 / 进行中 / 无法判定 (pass / fail / in progress / indeterminate).
std::string target_status(const TargetVerdict& t, bool zh);

} // namespace tl::rules
