#include "report/control_line_report.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/units.hpp"
#include "report/labels.hpp"

namespace tl::report {

namespace {

std::string check_label(const rules::Verdict& v, Lang lang) {
    if (lang == Lang::en) return rules::to_string(v.outcome);
    switch (v.outcome) {
        case rules::Outcome::pass: return "通过";
        case rules::Outcome::fail: return "不通过";
        case rules::Outcome::indeterminate: return "无法判定";
        case rules::Outcome::not_applicable: return "不适用";
    }
    return "?";
}

Cell opt_date(const std::optional<Date>& d) { return d ? Cell{d->iso()} : Cell{}; }
Cell opt_num(const std::optional<double>& v) { return v ? Cell{*v} : Cell{}; }

} // namespace

Table control_line_table(const rules::ControlLineVerdicts& r, const geom::Layer& parcels, Lang lang) {
    Table t;
    t.name = "control_line";
    using K = ColumnKind;
    t.columns = {
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"owner", "权利人", "owner", K::text},
        {"land_use", "地类", "land_use", K::text},
        {"area_m2", "宗地面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "宗地面积(亩)", "area_mu", K::area_mu},
        {"inside_m2", "控制线内面积(平方米)", "inside_m2", K::area_m2},
        {"outside_m2", "控制线外面积(平方米)", "outside_m2", K::area_m2},
        {"outside_mu", "控制线外面积(亩)", "outside_mu", K::area_mu},
        {"inside_share", "线内比例", "inside_share", K::ratio},
        {"status", "状态", "status", K::text, 2, kDomainLineStatus},   // code; words in the CSV/XLSX
        {"rule", "规则", "rule", K::text},
        {"threshold", "阈值", "threshold", K::text},
        {"clause", "政策依据", "clause", K::text},
    };
    std::vector<const rules::ParcelLineVerdict*> rows;
    for (const auto& v : r.parcels)
        if (v.status != rules::LineStatus::inside) rows.push_back(&v);
    std::sort(rows.begin(), rows.end(), [&](const rules::ParcelLineVerdict* a, const rules::ParcelLineVerdict* b) {
        const int sa = a->status == rules::LineStatus::outside ? 0 : 1;
        const int sb = b->status == rules::LineStatus::outside ? 0 : 1;
        return std::make_tuple(sa, a->line->id, parcels.features[a->line->parcel].fid) <
               std::make_tuple(sb, b->line->id, parcels.features[b->line->parcel].fid);
    });
    for (const auto* v : rows) {
        const auto* p = v->line;
        const double outside = p->outside_m2();
        const double share_min = v->verdict.threshold.value_or(0);
        const std::string threshold = lang == Lang::zh
                                          ? fmt::format("线内比例 {} {:g}% 为线外", v->verdict.comparison, share_min * 100)
                                          : fmt::format("inside share {} {:g} % = outside", v->verdict.comparison, share_min * 100);
        t.add_row({p->id, parcels.text(p->parcel, "owner").value_or(""), parcels.text(p->parcel, "land_use").value_or(""), p->area_m2,
                   m2_to_mu(p->area_m2), p->inside_m2, outside, m2_to_mu(outside), p->inside_share, std::string(rules::to_string(v->status)),
                   v->verdict.rule_id, threshold, v->verdict.clause},
                  parcels.features[p->parcel].geom.get());
    }
    return t;
}

Table control_line_ledger_table(const analysis::ControlLineResult& m, const rules::ControlLineVerdicts& r, Lang lang) {
    Table t;
    t.name = "control_line_ledger";
    using K = ColumnKind;
    t.columns = {
        {"id", "编号", "id", K::text},
        {"parcel_id", "转用宗地代码", "parcel_id", K::text},
        {"converted_on", "转用日期", "converted_on", K::date},
        {"converted_area_m2", "转用面积(平方米)", "converted_area_m2", K::area_m2},
        {"inside_share", "宗地线内比例", "inside_share", K::ratio},
        {"converted_inside_m2", "线内转用面积(平方米)", "converted_inside_m2", K::area_m2},
        {"change_type", "变更类型", "change_type", K::text},
        {"ratio", "占补比例", "ratio", K::real, 2},
        {"required_m2", "应补面积(平方米)", "required_m2", K::area_m2},
        {"compensation_area_m2", "补充面积(平方米)", "compensation_area_m2", K::area_m2},
        {"compensation_inside_m2", "计入的补充面积(平方米)", "compensation_inside_m2", K::area_m2},
        {"compensation_approved_on", "补充批准日期", "compensation_approved_on", K::date},
        {"balance", "占补平衡", "balance", K::text},
        {"compensate_first", "先补后发", "compensate_first", K::text},
        {"clause", "政策依据", "clause", K::text},
    };
    const std::string& clause = r.clause_ledger;
    for (const auto& v : r.ledger) {
        const auto& row = *v.row;
        const auto& c = row.conversion;
        t.add_row({c.id, c.parcel_id, opt_date(c.converted_on), opt_num(c.converted_area_m2), row.inside_share, row.converted_inside_m2,
                   c.change_type.empty() ? Cell{} : Cell{c.change_type}, v.ratio, v.required_m2, opt_num(c.compensation_area_m2), row.compensation_inside_m2,
                   opt_date(c.compensation_approved_on), check_label(v.balance, lang), check_label(v.compensate_first, lang), clause});
    }
    if (!r.ledger.empty()) {
        t.add_row({std::string(lang == Lang::zh ? "合计" : "total"), Cell{}, Cell{}, Cell{}, Cell{}, m.total_converted_inside_m2,
                   Cell{}, Cell{}, r.total_required_m2, Cell{}, m.total_compensation_inside_m2, Cell{},
                   check_label(r.total_balance, lang), Cell{}, clause});
    }
    return t;
}

} // namespace tl::report
