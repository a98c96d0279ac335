#include "report/scattered_report.hpp"

#include <fmt/format.h>

#include "core/units.hpp"

namespace tl::report {

namespace {

const char* source_label(analysis::LeftoverSource s, Lang lang) {
    using S = analysis::LeftoverSource;
    if (lang == Lang::en) return analysis::to_string(s);
    switch (s) {
        case S::unsupplied: return "批而未供";
        case S::state_unassigned: return "国有未供地块";
        case S::small_parcel: return "小地块";
    }
    return "?";
}

std::string verdict(const rules::Verdict& v, Lang lang) {
    const bool pass = v.outcome == rules::Outcome::pass;
    return lang == Lang::zh ? (pass ? "通过" : "不通过") : (pass ? "pass" : "fail");
}

} // namespace

Table scattered_table(const analysis::ScatteredResult& r, const rules::ScatteredVerdicts& v, Lang lang) {
    Table t;
    t.name = "scattered";
    using K = ColumnKind;
    t.columns = {
        {"leftover_id", "零星地块编号", "leftover_id", K::text},
        {"source", "来源", "source", K::text},
        {"kind", "类型", "kind", K::text},
        {"area_m2", "面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "面积(亩)", "area_mu", K::area_mu},
        {"enclosed_share", "与宿主共用界线占周长比例", "enclosed_share", K::ratio},
        {"host_id", "宿主宗地编号", "host_id", K::text},
        {"shared_length_m", "共用界线长度(米)", "shared_length_m", K::real, 2},
        {"gap_m", "缝隙宽度(米)", "gap_m", K::real, 3},
        {"host_area_m2", "原用地面积(平方米)", "host_area_m2", K::area_m2},
        {"host_area_basis", "面积依据", "host_area_basis", K::text},
        {"cap_m2", "累计面积上限(平方米)", "cap_m2", K::area_m2},
        {"cumulative_m2", "累计面积(平方米)", "cumulative_m2", K::area_m2},
        {"cumulative_mu", "累计面积(亩)", "cumulative_mu", K::area_mu},
        {"within_cap", "累计面积检验", "within_cap", K::text},
        {"host_total_m2", "宿主全部候选面积(平方米)", "host_total_m2", K::area_m2},
        {"host_total_within_cap", "全部候选检验", "host_total_within_cap", K::text},
        {"rule", "规则", "rule", K::text},
        {"threshold", "阈值", "threshold", K::text},
        {"clause", "政策依据", "clause", K::text},
    };
    const std::string threshold =
        lang == Lang::zh ? fmt::format("累计面积 ≤ 原用地面积×{:g}% 且 ≤ {:g}亩", v.max_share_of_host * 100, v.max_area_mu)
                         : fmt::format("cumulative ≤ {:g} % of host area and ≤ {:g} mu", v.max_share_of_host * 100, v.max_area_mu);
    for (std::size_t k = 0; k < r.candidates.size(); ++k) {
        const auto& c = r.candidates[k];
        const auto& l = r.leftovers[c.leftover];
        const auto& h = r.hosts[c.host];
        const auto& cap = v.hosts[c.host];
        const rules::LeftoverClass kind = v.kinds[c.leftover];
        t.add_row({l.id, std::string(source_label(l.source, lang)),
                   std::string(lang == Lang::zh ? rules::to_string_zh(kind) : rules::to_string(kind)), l.area_m2,
                   m2_to_mu(l.area_m2), l.enclosed_share, h.id, c.shared_m, c.gap_m, h.area_m2,
                   lang == Lang::zh ? std::string(h.area_basis == "registered" ? "登记面积" : "图形面积") : h.area_basis,
                   cap.cap_m2, c.cumulative_m2, m2_to_mu(c.cumulative_m2), verdict(v.candidates[k], lang), h.candidates_m2,
                   verdict(cap.total, lang), v.candidates[k].rule_id, threshold, v.clause},
                  l.geom);
    }
    return t;
}

} // namespace tl::report
