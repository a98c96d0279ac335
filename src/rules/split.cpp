// check-split's verdicts; semantics in split.hpp.
#include "rules/split.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/number.hpp"

#include "core/units.hpp"

namespace tl::rules {

namespace {

// A threshold verdict: measured against the key's value under its fail_if.
Verdict threshold_verdict(const Profile& p, const std::string& rule, const std::string& key, double measured) {
    const Param& t = p.number_param(key);
    Verdict v;
    v.rule_id = rule;
    v.measured = measured;
    v.threshold = t.number;
    const Comparison cmp = t.fail_if.value_or(Comparison::gt);
    v.comparison = to_symbol(cmp);
    v.clause = t.cite;
    v.outcome = compare(measured, cmp, t.number) ? Outcome::fail : Outcome::pass;
    return v;
}

bool names_any(const std::string& text, const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return !w.empty() && text.find(w) != std::string::npos; });
}

} // namespace

bool has_split_rules(const Profile& p) { return p.find("split.max_pieces") != nullptr; }

SplitJudgement judge_split(const Profile& p, const analysis::SplitPlanMeasure& m, bool industrial_estate) {
    SplitJudgement j;
    const std::string clause = p.text("split.clause");

    // R13.plan: the plan divides the parcel (a drawing check).
    {
        const double off = m.uncovered_m2 + m.overlap_m2 + m.outside_m2;
        Verdict v = threshold_verdict(p, "R13.plan", "split.plan_tolerance_m2", off);
        v.reason_zh = fmt::format("方案未覆盖原宗地 {:.2f} m², 各宗重叠 {:.2f} m², 超出原宗地 {:.2f} m²; 容差 {} m²", m.uncovered_m2,
                                  m.overlap_m2, m.outside_m2, trimmed_decimal(*v.threshold, 2));
        v.reason_en = fmt::format("plan leaves {:.2f} m² of the parcel uncovered, overlaps {:.2f} m², reaches {:.2f} m² outside it; "
                                  "tolerance {} m²", m.uncovered_m2, m.overlap_m2, m.outside_m2, trimmed_decimal(*v.threshold, 2));
        j.verdicts.push_back(std::move(v));
    }
    // R13.count: «分割数量(工业地产除外)原则上不超过3宗».
    {
        Verdict v = threshold_verdict(p, "R13.count", "split.max_pieces", static_cast<double>(m.pieces.size()));
        if (industrial_estate) {
            v.outcome = Outcome::not_applicable;
            v.reason_zh = fmt::format("工业地产项目, 分割数量不受 {} 宗限制", trimmed_decimal(*v.threshold, 0));
            v.reason_en = fmt::format("an industrial-estate project: the {}-piece limit does not apply", trimmed_decimal(*v.threshold, 0));
        } else {
            v.reason_zh = fmt::format("分割为 {} 宗, 上限 {} 宗", m.pieces.size(), trimmed_decimal(*v.threshold, 0));
            v.reason_en = fmt::format("{} pieces, at most {}", m.pieces.size(), trimmed_decimal(*v.threshold, 0));
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.piece_area: «分割后每宗土地面积不少于10亩» — the smallest piece decides.
    {
        std::string smallest_id;
        double smallest_m2 = 0;
        for (const auto& piece : m.pieces)
            if (smallest_id.empty() || piece.area_m2 < smallest_m2) { smallest_id = piece.id; smallest_m2 = piece.area_m2; }
        Verdict v = threshold_verdict(p, "R13.piece_area", "split.min_piece_area_mu", m2_to_mu(smallest_m2));
        if (m.pieces.empty()) {
            v.outcome = Outcome::indeterminate;
            v.missing = "other";
            v.reason_zh = "方案中没有地块";
            v.reason_en = "the plan has no pieces";
        } else {
            v.reason_zh = fmt::format("最小一宗 {} 面积 {:.2f} 亩, 下限 {} 亩", smallest_id, m2_to_mu(smallest_m2), trimmed_decimal(*v.threshold, 2));
            v.reason_en = fmt::format("smallest piece {} is {:.2f} mu, floor {} mu", smallest_id, m2_to_mu(smallest_m2), trimmed_decimal(*v.threshold, 2));
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.whole_building: «以幢为最小分割单位» — no building in two pieces.
    {
        const analysis::SplitBuildingMeasure* worst = nullptr;
        int cut = 0;
        const double tol = p.number("split.whole_building_tolerance_m2");
        for (const auto& b : m.buildings) {
            if (!worst || b.cut_off_m2 > worst->cut_off_m2) worst = &b;
            if (b.cut_off_m2 > tol) ++cut;
        }
        Verdict v = threshold_verdict(p, "R13.whole_building", "split.whole_building_tolerance_m2", worst ? worst->cut_off_m2 : 0.0);
        if (!m.buildings_layer) {
            v.outcome = Outcome::indeterminate;
            v.missing = "buildings_layer";
            v.reason_zh = "无建筑物图层, 无法检查是否以幢为单位分割";
            v.reason_en = "no buildings layer: whole buildings cannot be checked";
        } else if (!worst) {
            v.reason_zh = "宗地上无建筑";
            v.reason_en = "no building on the parcel";
        } else if (cut == 0) {
            v.reason_zh = fmt::format("{} 幢建筑均完整落在一宗内 (最大切割 {:.2f} m², 容差 {} m²)", m.buildings.size(), worst->cut_off_m2, trimmed_decimal(tol, 2));
            v.reason_en = fmt::format("all {} buildings lie whole in one piece (largest cut {:.2f} m², tolerance {} m²)", m.buildings.size(),
                                      worst->cut_off_m2, trimmed_decimal(tol, 2));
        } else {
            v.reason_zh = fmt::format("{} 幢建筑中 {} 幢被分割; 切割最多的 {} 有 {:.2f} m² 落在其主体以外的宗内, 容差 {} m²", m.buildings.size(),
                                      cut, worst->id, worst->cut_off_m2, trimmed_decimal(tol, 2));
            v.reason_en = fmt::format("{} of {} buildings cut; the worst, {}, has {:.2f} m² outside its main piece, tolerance {} m²", cut,
                                      m.buildings.size(), worst->id, worst->cut_off_m2, trimmed_decimal(tol, 2));
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.ancillary: «配套建设的行政办公及生活服务用地不得与整宗地分割转让».
    {
        Verdict v;
        v.rule_id = "R13.ancillary";
        v.clause = clause;
        const auto words = p.texts("split.ancillary_use_words");
        std::vector<std::string> hits;
        bool any_use = false;
        for (const auto& piece : m.pieces) {
            if (!piece.use.empty()) any_use = true;
            if (names_any(piece.use, words)) hits.push_back(piece.id + " (" + piece.use + ")");
        }
        v.measured = static_cast<double>(hits.size());
        v.threshold = 0;
        v.comparison = ">";
        if (!hits.empty()) {
            std::string list;
            for (const auto& h : hits) list += (list.empty() ? "" : ", ") + h;
            v.outcome = Outcome::fail;
            v.reason_zh = "配套用地单独分割: " + list;
            v.reason_en = "ancillary land split off on its own: " + list;
        } else if (!any_use) {
            v.outcome = Outcome::indeterminate;
            v.missing = "plan_use";
            v.reason_zh = "方案未标注各宗用途, 无法确认配套用地未单独分割";
            v.reason_en = "the plan gives no use per piece: ancillary land split off cannot be ruled out";
        } else {
            v.outcome = Outcome::pass;
            v.reason_zh = "无单独分割的配套用地";
            v.reason_en = "no piece is ancillary land alone";
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.resplit: «工业用地不得二次分割转让».
    {
        Verdict v;
        v.rule_id = "R13.resplit";
        v.clause = clause;
        if (!m.split_from) {
            v.outcome = Outcome::indeterminate;
            v.missing = "split_from";
            v.reason_zh = "宗地图层无 原宗地代码 字段, 无法判断是否已分割过";
            v.reason_en = "the parcels layer has no split_from (原宗地代码) column: an earlier split is unknown";
        } else if (!m.split_from->empty()) {
            v.outcome = Outcome::fail;
            v.reason_zh = "本宗地由 " + *m.split_from + " 分割而来, 不得二次分割";
            v.reason_en = "the parcel was split from " + *m.split_from + ": no second split";
        } else {
            v.outcome = Outcome::pass;
            v.reason_zh = "原宗地代码为空, 未曾分割";
            v.reason_en = "split_from empty: never split";
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.agreement: (五) 协议出让的零星地块 «原则上不允许分割转让».
    {
        Verdict v;
        v.rule_id = "R13.agreement";
        v.clause = p.text("split.agreement_clause");
        const auto words = p.texts("split.agreement_supply_words");
        std::string hit;
        for (const auto& k : m.supply_kinds)
            if (names_any(k, words)) { hit = k; break; }
        if (!m.supplies_layer) {
            v.outcome = Outcome::indeterminate;
            v.missing = "supplies_layer";
            v.reason_zh = "无供地图层, 无法判断供应方式";
            v.reason_en = "no supplies layer: the supply method is unknown";
        } else if (!hit.empty()) {
            v.outcome = Outcome::fail;
            v.reason_zh = "供应方式 " + hit + ": 原则上不允许分割转让";
            v.reason_en = "supplied by " + hit + ": splitting is not allowed in principle";
        } else if (m.supply_kinds.empty()) {
            v.outcome = Outcome::indeterminate;
            v.missing = "supplies_layer";
            v.reason_zh = "供地图层中无本宗地的供应记录";
            v.reason_en = "no supply record of the parcel";
        } else {
            std::string kinds;
            for (const auto& k : m.supply_kinds) kinds += (kinds.empty() ? "" : ", ") + (k.empty() ? std::string("(空)") : k);
            v.outcome = Outcome::pass;
            v.reason_zh = "供应方式 " + kinds;
            v.reason_en = "supplied by " + kinds;
        }
        j.verdicts.push_back(std::move(v));
    }
    // R13.producing: «拟分割地块应已竣工投产».
    {
        Verdict v;
        v.rule_id = "R13.producing";
        v.clause = clause;
        const double output = std::max({m.revenue_10k.value_or(0), m.tax_10k.value_or(0), m.value_added_10k.value_or(0)});
        const bool output_known = m.revenue_10k || m.tax_10k || m.value_added_10k;
        const std::string year = m.production_year ? fmt::format("{} 年", *m.production_year) : std::string("(年度不明)");
        const std::string year_en = m.production_year ? std::to_string(*m.production_year) : std::string("(year unknown)");
        if (m.buildings_layer && m.buildings.empty()) {
            v.outcome = Outcome::fail;
            v.reason_zh = "宗地上无建筑, 未竣工";
            v.reason_en = "no building on the parcel: not completed";
        } else if (!m.buildings_layer) {
            v.outcome = Outcome::indeterminate;
            v.missing = "buildings_layer";
            v.reason_zh = "无建筑物图层, 无法确认已竣工";
            v.reason_en = "no buildings layer: completion cannot be checked";
        } else if (!m.enterprises_layer) {
            v.outcome = Outcome::indeterminate;
            v.missing = "enterprise";
            v.reason_zh = "无亩均数据, 无法确认已投产";
            v.reason_en = "no 亩均 table: production cannot be checked";
        } else if (!m.enterprise_matched || !output_known) {
            v.outcome = Outcome::indeterminate;
            v.missing = "enterprise";
            v.reason_zh = "亩均数据中无本宗地企业的产出记录, 无法确认已投产";
            v.reason_en = "no output of the parcel's enterprise in the 亩均 table: production cannot be checked";
        } else {
            v.measured = output;
            v.threshold = 0;
            v.comparison = "≤";
            v.outcome = output > 0 ? Outcome::pass : Outcome::fail;
            v.reason_zh = fmt::format("{} 幢建筑; {} 营业收入/税收/增加值 最大 {} 万元{}", m.buildings.size(), year, trimmed_decimal(output, 2),
                                      output > 0 ? "" : ", 未投产");
            v.reason_en = fmt::format("{} buildings; {} revenue/tax/value added at most {} 万元{}", m.buildings.size(), year_en,
                                      trimmed_decimal(output, 2), output > 0 ? "" : ": not producing");
        }
        j.verdicts.push_back(std::move(v));
    }

    bool any_fail = false, all_pass = true;
    for (const auto& v : j.verdicts) {
        if (v.outcome == Outcome::fail) any_fail = true;
        if (v.outcome == Outcome::indeterminate) all_pass = false;
    }
    j.overall = any_fail ? Outcome::fail : all_pass ? Outcome::pass : Outcome::indeterminate;
    return j;
}

} // namespace tl::rules
