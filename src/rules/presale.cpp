// R19.presale; semantics in presale.hpp.
#include "rules/presale.hpp"

#include <fmt/format.h>

#include "rules/evaluate.hpp"

namespace tl::rules {

bool has_presale_rule(const Profile& p) { return p.find("presale.invested_share_max") != nullptr; }

std::vector<PresaleVerdict> judge_presale(const Profile& p, const analysis::PresaleMeasure& m) {
    std::vector<PresaleVerdict> out;
    if (!m.ran || !has_presale_rule(p)) return out;
    const Param& t = p.number_param("presale.invested_share_max");
    const Comparison cmp = t.fail_if.value_or(Comparison::lt);
    const std::string conditions = p.text("presale.conditions");
    for (const auto& s : m.supplies) {
        Verdict v;
        v.rule_id = "R19.presale";
        v.threshold = t.number;
        v.comparison = to_symbol(cmp);
        v.clause = t.cite;
        const double pct = t.number * 100;
        if (!s.planned_10k || *s.planned_10k <= 0 || !s.invested_10k) {
            v.outcome = Outcome::indeterminate;
            v.missing = "investment";
            v.reason_zh = !s.planned_10k || *s.planned_10k <= 0 ? "缺计划总投资, 无法计算投资比例" : "缺已完成投资, 无法计算投资比例";
            v.reason_en = !s.planned_10k || *s.planned_10k <= 0 ? "planned investment missing: no investment share"
                                                                : "completed investment missing: no investment share";
        } else {
            const double share = *s.invested_10k / *s.planned_10k;
            v.measured = share;
            const bool candidate = fails_threshold(share, cmp, t.number);
            if (candidate && s.land_use.empty()) {
                v.outcome = Outcome::indeterminate;
                v.missing = "land_use";
                v.reason_zh = fmt::format("投资比例 {:.1f}% {} {:g}%, 但宗地地类不明, 无法确认是否工业用地", share * 100, v.comparison, pct);
                v.reason_en = fmt::format("investment share {:.1f} % {} {:g} %, but the parcel's land use is unknown", share * 100,
                                          v.comparison, pct);
            } else if (candidate) {
                v.outcome = Outcome::fail;
                v.reason_zh = fmt::format("已完成投资 {:.2f} / 计划总投资 {:.2f} 万元 = {:.1f}% {} {:g}%: 可附条件转让并办理预告登记; {}",
                                          *s.invested_10k, *s.planned_10k, share * 100, v.comparison, pct, conditions);
                v.reason_en = fmt::format("invested {:.2f} of {:.2f} (10k CNY) = {:.1f} % {} {:g} %: a conditional transfer with "
                                          "advance registration (预告登记) is open; {}", *s.invested_10k, *s.planned_10k, share * 100,
                                          v.comparison, pct, conditions);
            } else {
                v.outcome = Outcome::pass;
                v.reason_zh = fmt::format("投资比例 {:.1f}% 已达 {:g}%, 可依法转让", share * 100, pct);
                v.reason_en = fmt::format("investment share {:.1f} % reaches {:g} %: an ordinary transfer is open", share * 100, pct);
            }
        }
        out.push_back({&s, std::move(v)});
    }
    return out;
}

} // namespace tl::rules
