// Intensity outputs: see intensity_report.hpp.
#include "report/intensity_report.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "core/units.hpp"
#include "geom/parallel.hpp"
#include "report/labels.hpp"

namespace tl::report {

namespace {

using analysis::ParcelIntensity;
using rules::Outcome;

const char* rule_label_zh(const std::string& id) {
    if (id == "R04.far") return "容积率低于下限";
    if (id == "R06.coverage") return "建筑密度低于下限";
    if (id == "R04.unbuilt") return "大面积未建(用而未尽)";
    if (id == "R07.ancillary") return "配套用地比例超上限";
    if (id == "R07.ancillary_floor") return "配套建筑面积占比超上限";
    if (id == "R08.green") return "绿地率超上限";
    if (id == "R10.tax_low") return "亩均税收低于县定标准";
    if (id == "R10.yiyuan") return "亿元企业亩均税收连续偏低";
    if (id == "R11.class_d") return "亩均评价D类";
    if (id == "R20.policy_flags") return "低效用地情形标记";
    return "";
}
const char* rule_label_en(const std::string& id) {
    if (id == "R04.far") return "FAR below the floor";
    if (id == "R06.coverage") return "coverage below the floor";
    if (id == "R04.unbuilt") return "large unbuilt part";
    if (id == "R07.ancillary") return "ancillary land share above the cap";
    if (id == "R07.ancillary_floor") return "ancillary floor-area share above the cap";
    if (id == "R08.green") return "green ratio above the cap";
    if (id == "R10.tax_low") return "tax per mu at or under the county line";
    if (id == "R10.yiyuan") return "enterprise of 100 million CNY or more with low tax per mu for consecutive years";
    if (id == "R11.class_d") return "mu-average (mujun) class D";
    if (id == "R20.policy_flags") return "inefficiency flag";
    return "";
}

Cell opt(std::optional<double> v) { return v ? Cell{*v} : Cell{}; }
Cell text_or_null(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }
Cell yes_no(std::optional<bool> b) { return b ? Cell{std::string(*b ? "是" : "否")} : Cell{}; }

// Parcel order: by id, then FID (determinism).
std::vector<std::size_t> parcel_order(const geom::Layer& parcels) {
    std::vector<std::size_t> order(parcels.features.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& fa = parcels.features[a];
        const auto& fb = parcels.features[b];
        if (fa.id != fb.id) return fa.id < fb.id;
        return fa.fid < fb.fid;
    });
    return order;
}

const analysis::MujunUnit* unit_of(const analysis::MujunResult* m, std::size_t j) {
    if (!m || j >= m->unit_of_parcel.size() || !m->unit_of_parcel[j]) return nullptr;
    return &m->units[*m->unit_of_parcel[j]];
}

std::string joined_rules(const rules::ParcelVerdicts& pv, Outcome o) {
    std::string s;
    for (const auto& v : pv.verdicts)
        if (v.outcome == o) s += (s.empty() ? "" : ";") + v.rule_id;
    return s;
}

const rules::Verdict* find_verdict(const rules::ParcelVerdicts& pv, const std::string& id) {
    for (const auto& v : pv.verdicts) if (v.rule_id == id) return &v;
    return nullptr;
}

} // namespace

namespace {

// parcels_table; with `consume` (the same evaluation as `ev`), each parcel's verdicts are freed
// once its row is made, so that the verdicts and the table are not both whole in memory.
Table parcels_table_of(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                       const analysis::MujunResult* mujun, const rules::Evaluation& ev, rules::Evaluation* consume,
                       unsigned threads) {
    using K = ColumnKind;
    Table t;
    t.name = "parcels";
    t.columns = {
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"source_fid", "要素序号", "source_fid", K::integer},
        {"township", "乡镇(街道)", "township", K::text},
        {"owner", "权利人", "owner", K::text},
        {"land_use", "地类编码", "land_use", K::text},
        {"industrial", "工业用地", "industrial", K::text},
        {"industry_code", "行业代码", "industry_code", K::text},
        {"geometric_area_m2", "图形面积(平方米)", "geometric_area_m2", K::area_m2},
        {"registered_area_m2", "登记面积(平方米)", "registered_area_m2", K::area_m2},
        {"area_difference_m2", "登记-图形面积差(平方米)", "area_difference_m2", K::area_m2},
        {"ellipsoidal_area_m2", "椭球面积(平方米)", "ellipsoidal_area_m2", K::area_m2},
        {"area_basis", "计算面积依据", "area_basis", K::text, 2, kDomainAreaBasis},
        {"area_basis_m2", "计算面积(平方米)", "area_basis_m2", K::area_m2},
        {"area_mu", "计算面积(亩)", "area_mu", K::area_mu},
        {"footprint_area_m2", "建筑基底面积(平方米)", "footprint_area_m2", K::area_m2},
        {"floor_area_m2", "计容建筑面积(平方米)", "floor_area_m2", K::area_m2},
        {"far", "容积率", "far", K::real, 6},
        {"coverage", "建筑密度", "coverage", K::real, 6},
        {"far_is_lower_bound", "容积率为下限值", "far_is_lower_bound", K::text},
        {"largest_unbuilt_m2", "最大连片未建面积(平方米)", "largest_unbuilt_m2", K::area_m2},
        {"buildings", "建筑物数", "buildings", K::integer},
        {"buildings_estimated", "层数估算建筑数", "buildings_estimated", K::integer},
        {"buildings_unknown", "缺层数高度建筑数", "buildings_unknown", K::integer},
        {"contract_far_min", "合同容积率下限", "contract_far_min", K::real, 2},
        {"latest_supplied_on", "最近供地日期", "latest_supplied_on", K::date},
        {"far_floor", "适用容积率下限", "far_floor", K::real, 2},
        {"far_floor_clause", "容积率下限依据", "far_floor_clause", K::text},
        {"mujun_unit", "亩均评价单元", "mujun_unit", K::text},
        {"enterprises", "企业", "enterprises", K::text},
        {"enterprise_ids", "统一社会信用代码", "enterprise credit codes", K::text},
        {"above_scale", "规上", "above_scale", K::text},
        {"mujun_in_scope", "纳入亩均评价", "mujun_in_scope", K::text},
        {"tax_per_mu", "亩均税收(万元/亩)", "tax_per_mu_10k_cny", K::real, 4},
        {"value_added_per_mu", "亩均增加值(万元/亩)", "value_added_per_mu_10k_cny", K::real, 4},
        {"va_per_tce", "单位能耗增加值(万元/吨标煤)", "va_per_tce_10k_cny", K::real, 4},
        {"va_per_t_emission", "单位排放增加值(万元/吨)", "va_per_t_emission_10k_cny", K::real, 4},
        {"va_per_employee", "全员劳动生产率(万元/人)", "va_per_employee_10k_cny", K::real, 4},
        {"rd_ratio", "R&D经费占比", "rd_ratio", K::ratio},
        {"tax_per_kwh", "单位电耗税收(万元/万千瓦时)", "tax_per_kwh_10k_cny", K::real, 4},
        {"mujun_score", "亩均评价得分", "mujun_score", K::real, 2},
        {"mujun_class", "亩均评价类别", "mujun_class", K::text},
        {"mujun_rank", "评价排名", "mujun_rank", K::integer},
        {"mujun_note", "评价说明", "mujun_note", K::text},
    };
    for (const auto& id : ev.rule_ids) {
        std::string key = id;
        std::replace(key.begin(), key.end(), '.', '_');
        t.columns.push_back({key, id + " " + rule_label_zh(id), id + " " + rule_label_en(id), K::text});
        t.columns.back().domain = "verdict";   // pass / fail / not_applicable / indeterminate
    }
    t.columns.push_back({"inefficient", "低效(任一规则不达标)", "inefficient", K::text});
    t.columns.push_back({"failed_rules", "不达标规则", "failed_rules", K::text});
    t.columns.push_back({"indeterminate_rules", "无法判定规则", "indeterminate_rules", K::text});

    // Rows in parcel order, each made on its own (on `threads` workers) into its slot.
    const std::vector<std::size_t> order = parcel_order(parcels);
    const int k_township = analysis::layer_key(parcels, "township"), k_owner = analysis::layer_key(parcels, "owner");
    t.rows.resize(order.size());
    t.geoms.resize(order.size());
    geom::GeosContext ctx;
    geom::parallel_for(ctx, order.size(), threads, [&](geom::GeosContext&, std::size_t k) {
        const std::size_t j = order[k];
        const auto& f = parcels.features[j];
        const ParcelIntensity& p = intensity.parcels[j];
        const auto& pv = ev.parcels[j];
        const analysis::MujunUnit* u = unit_of(mujun, j);
        const rules::Verdict* far_v = find_verdict(pv, "R04.far");
        std::vector<Cell> row{
            text_or_null(f.id), Cell{static_cast<std::int64_t>(f.fid)},
            text_or_null(analysis::layer_text(parcels, j, k_township)), text_or_null(analysis::layer_text(parcels, j, k_owner)),
            text_or_null(p.land_use), yes_no(p.industrial), text_or_null(p.industry_code),
            Cell{p.geometric_area_m2}, opt(p.registered_area_m2), opt(p.area_difference_m2), opt(p.ellipsoidal_area_m2),
            Cell{p.area_basis}, Cell{p.area_basis_m2}, Cell{m2_to_mu(p.area_basis_m2)},
            Cell{p.footprint_area_m2}, Cell{p.floor_area_m2}, Cell{p.far}, Cell{p.coverage},
            Cell{std::string(p.far_is_lower_bound ? "是" : "否")},
            std::isfinite(p.largest_unbuilt_m2) ? Cell{p.largest_unbuilt_m2} : Cell{},
            Cell{static_cast<std::int64_t>(p.buildings)}, Cell{static_cast<std::int64_t>(p.buildings_estimated)},
            Cell{static_cast<std::int64_t>(p.buildings_unknown)},
            opt(p.contract_far_min), p.latest_supplied_on ? Cell{p.latest_supplied_on->iso()} : Cell{},
            far_v ? opt(far_v->threshold) : Cell{}, far_v ? text_or_null(far_v->clause) : Cell{},
        };
        if (u) {
            row.push_back(Cell{u->key});
            row.push_back(Cell{fmt::format("{}", fmt::join(u->enterprise_names.empty() ? u->enterprise_ids : u->enterprise_names, ";"))});
            row.push_back(Cell{fmt::format("{}", fmt::join(u->enterprise_ids, ";"))});
            row.push_back(yes_no(u->above_scale));
            row.push_back(yes_no(u->in_scope));
            for (const char* m : {"tax_per_mu", "value_added_per_mu", "va_per_tce", "va_per_t_emission", "va_per_employee",
                                  "rd_ratio", "tax_per_kwh"})
                row.push_back(opt(u->metric(m)));
            row.push_back(opt(u->score));
            row.push_back(text_or_null(u->mujun_class));
            row.push_back(u->rank ? Cell{static_cast<std::int64_t>(u->rank)} : Cell{});
            row.push_back(text_or_null(u->class_note.empty() ? u->scope_note : u->class_note));
        } else {
            for (int k = 0; k < 16; ++k) row.emplace_back();
        }
        for (const auto& id : ev.rule_ids) {
            const rules::Verdict* v = find_verdict(pv, id);
            row.push_back(v ? Cell{std::string(rules::to_string(v->outcome))} : Cell{});
        }
        row.push_back(Cell{std::string(pv.inefficient() ? "是" : "否")});
        row.push_back(text_or_null(joined_rules(pv, Outcome::fail)));
        row.push_back(text_or_null(joined_rules(pv, Outcome::indeterminate)));
        t.rows[k] = std::move(row);
        t.geoms[k] = f.geom.get();
        if (consume) std::vector<rules::Verdict>().swap(consume->parcels[j].verdicts);
    });
    return t;
}

} // namespace

Table parcels_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                    const analysis::MujunResult* mujun, const rules::Evaluation& ev, unsigned threads) {
    return parcels_table_of(parcels, intensity, mujun, ev, nullptr, threads);
}

namespace {

// "a；b" of the distinct non-empty texts, in first-seen order.
std::string join_distinct(const std::vector<std::string>& parts, const char* sep) {
    std::string s;
    std::vector<const std::string*> seen;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        bool dup = false;
        for (const auto* q : seen) dup = dup || *q == p;
        if (dup) continue;
        seen.push_back(&p);
        s += (s.empty() ? "" : sep) + p;
    }
    return s;
}

} // namespace

Table inefficient_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                        const analysis::MujunResult* mujun, const rules::Evaluation& ev, unsigned threads, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "inefficient";
    t.columns = {
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"source_fid", "要素序号", "source_fid", K::integer},
        {"township", "乡镇(街道)", "township", K::text},
        {"owner", "权利人", "owner", K::text},
        {"land_use", "地类编码", "land_use", K::text},
        {"area_m2", "面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "面积(亩)", "area_mu", K::area_mu},
        {"failed_count", "不达标规则数", "failed_count", K::integer},
        {"failed_rules", "不达标规则", "failed_rules", K::text},
        {"rule_names", "不达标规则名称", "rule_names", K::text},
        {"reason", "主要原因", "reason", K::text},
        {"clause", "依据", "clause", K::text},
        {"far", "容积率", "far", K::real, 4},
        {"coverage", "建筑密度", "coverage", K::ratio},
        {"tax_per_mu", "亩均税收(万元/亩)", "tax_per_mu_10k_cny", K::real, 4},
        {"mujun_class", "亩均评价类别", "mujun_class", K::text},
    };
    // One column per rule, as parcels.csv has: pass / fail / not_applicable / indeterminate.
    for (const auto& id : ev.rule_ids) {
        std::string key = id;
        std::replace(key.begin(), key.end(), '.', '_');
        t.columns.push_back({key, id + " " + rule_label_zh(id), id + " " + rule_label_en(id), K::text});
        t.columns.back().domain = "verdict";
    }
    // The inefficient parcels in parcel order, one row each (its failed rules joined), made on
    // `threads` workers into its slot.
    std::vector<std::size_t> listed;
    for (std::size_t j : parcel_order(parcels))
        if (ev.parcels[j].inefficient()) listed.push_back(j);
    const int k_township = analysis::layer_key(parcels, "township"), k_owner = analysis::layer_key(parcels, "owner");
    t.rows.resize(listed.size());
    t.geoms.resize(listed.size());
    const bool zh = lang == Lang::zh;
    geom::GeosContext ctx;
    geom::parallel_for(ctx, listed.size(), threads, [&](geom::GeosContext&, std::size_t k) {
        const std::size_t j = listed[k];
        const auto& pv = ev.parcels[j];
        const auto& f = parcels.features[j];
        const ParcelIntensity& p = intensity.parcels[j];
        const analysis::MujunUnit* u = unit_of(mujun, j);
        std::vector<std::string> names, reasons, clauses;
        std::int64_t failed = 0;
        for (const auto& v : pv.verdicts) {
            if (v.outcome != Outcome::fail) continue;
            ++failed;
            names.push_back(zh ? rule_label_zh(v.rule_id) : rule_label_en(v.rule_id));
            reasons.push_back(zh ? v.reason_zh : v.reason_en);
            clauses.push_back(v.clause);
        }
        std::vector<Cell> row{text_or_null(f.id), Cell{static_cast<std::int64_t>(f.fid)},
                              text_or_null(analysis::layer_text(parcels, j, k_township)),
                              text_or_null(analysis::layer_text(parcels, j, k_owner)), text_or_null(p.land_use),
                              Cell{p.area_basis_m2}, Cell{m2_to_mu(p.area_basis_m2)}, Cell{failed},
                              text_or_null(joined_rules(pv, Outcome::fail)), text_or_null(join_distinct(names, ";")),
                              text_or_null(join_distinct(reasons, "；")), text_or_null(join_distinct(clauses, "；")),
                              Cell{p.far}, Cell{p.coverage}, u ? opt(u->metric("tax_per_mu")) : Cell{},
                              u ? text_or_null(u->mujun_class) : Cell{}};
        for (const auto& id : ev.rule_ids) {
            const rules::Verdict* v = find_verdict(pv, id);
            row.push_back(v ? Cell{std::string(rules::to_string(v->outcome))} : Cell{});
        }
        t.rows[k] = std::move(row);
        t.geoms[k] = f.geom.get();
    });
    return t;
}

Table inefficient_rules_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                              const analysis::MujunResult* mujun, const rules::Evaluation& ev, Lang lang) {
    using K = ColumnKind;
    Table t;
    t.name = "inefficient_rules";
    t.columns = {
        {"parcel_id", "宗地代码", "parcel_id", K::text},
        {"source_fid", "要素序号", "source_fid", K::integer},
        {"township", "乡镇(街道)", "township", K::text},
        {"area_m2", "面积(平方米)", "area_m2", K::area_m2},
        {"area_mu", "面积(亩)", "area_mu", K::area_mu},
        {"rule_id", "规则编号", "rule_id", K::text},
        {"rule", "规则", "rule", K::text},
        {"measured", "实测值", "measured", K::real, 4},
        {"comparison", "不达标条件", "comparison", K::text},
        {"threshold", "标准值", "threshold", K::real, 4},
        {"clause", "政策依据", "clause", K::text},
        {"reason", "说明", "reason", K::text},
        {"mujun_class", "亩均评价类别", "mujun_class", K::text},
        {"case_status", "处置状态", "case status", K::text},
    };
    const bool zh = lang == Lang::zh;
    for (std::size_t j : parcel_order(parcels)) {
        const auto& pv = ev.parcels[j];
        if (!pv.inefficient()) continue;
        const auto& f = parcels.features[j];
        const ParcelIntensity& p = intensity.parcels[j];
        const analysis::MujunUnit* u = unit_of(mujun, j);
        for (const auto& v : pv.verdicts) {
            if (v.outcome != Outcome::fail) continue;
            t.add_row({text_or_null(f.id), Cell{static_cast<std::int64_t>(f.fid)}, Cell{}, Cell{p.area_basis_m2},
                       Cell{m2_to_mu(p.area_basis_m2)}, Cell{v.rule_id},
                       Cell{std::string(zh ? rule_label_zh(v.rule_id) : rule_label_en(v.rule_id))}, opt(v.measured),
                       text_or_null(v.comparison), opt(v.threshold), text_or_null(v.clause),
                       text_or_null(zh ? v.reason_zh : v.reason_en), u ? text_or_null(u->mujun_class) : Cell{}, Cell{}});
        }
    }
    return t;
}

nlohmann::ordered_json intensity_totals(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                                        const analysis::MujunResult* mujun, const rules::Evaluation& ev,
                                        const rules::Profile& profile, const Date& as_of) {
    using J = nlohmann::ordered_json;
    J j;
    j["profile"] = profile.id;
    j["profile_validity"] = profile.validity_note(as_of);
    int inefficient = 0, industrial = 0, with_indeterminate = 0;
    double area = 0, ind_area = 0, ind_floor = 0, ind_foot = 0, floor = 0, foot = 0;
    for (std::size_t k = 0; k < parcels.features.size(); ++k) {
        const auto& p = intensity.parcels[k];
        floor += p.floor_area_m2;
        foot += p.footprint_area_m2;
        if (p.industrial.value_or(false)) { ++industrial; ind_area += p.area_basis_m2; ind_floor += p.floor_area_m2; ind_foot += p.footprint_area_m2; }
        if (ev.parcels[k].inefficient()) { ++inefficient; area += p.area_basis_m2; }
        if (ev.parcels[k].indeterminate > 0) ++with_indeterminate;
    }
    j["count"] = inefficient;
    j["area_m2"] = area;
    j["area_mu"] = m2_to_mu(area);
    j["parcels"] = parcels.features.size();
    j["industrial_parcels"] = industrial;
    j["industrial_area_m2"] = ind_area;
    j["industrial_area_mu"] = m2_to_mu(ind_area);
    j["industrial_far"] = ind_area > 0 ? J(ind_floor / ind_area) : J(nullptr);
    j["industrial_coverage"] = ind_area > 0 ? J(ind_foot / ind_area) : J(nullptr);
    j["floor_area_m2"] = floor;
    j["footprint_area_m2"] = foot;
    j["parcels_with_indeterminate_rules"] = with_indeterminate;
    J by_rule = J::object();
    for (const auto& id : ev.rule_ids) {
        const auto& c = ev.counts.count(id) ? ev.counts.at(id) : std::array<int, 4>{};
        double fail_area = 0;
        for (std::size_t k = 0; k < parcels.features.size(); ++k)
            for (const auto& v : ev.parcels[k].verdicts)
                if (v.rule_id == id && v.outcome == Outcome::fail) fail_area += intensity.parcels[k].area_basis_m2;
        by_rule[id] = {{"pass", c[0]}, {"fail", c[1]}, {"not_applicable", c[2]}, {"indeterminate", c[3]},
                       {"fail_area_m2", fail_area}, {"fail_area_mu", m2_to_mu(fail_area)}};
    }
    j["by_rule"] = by_rule;
    J skipped = J::object();
    for (const auto& [k, why] : ev.skipped_rules) skipped[k] = why;
    j["skipped_rules"] = skipped;
    j["notes"] = ev.notes;
    std::array<int, 4> src{};
    for (const auto& b : intensity.buildings) ++src[static_cast<int>(b.floors.source)];
    j["buildings"] = {{"floors_stated", src[0]}, {"floors_estimated", src[1]}, {"from_floor_area", src[2]}, {"floors_unknown", src[3]}};
    if (mujun) {
        J m;
        m["year"] = mujun->year ? J(*mujun->year) : J(nullptr);
        m["units"] = mujun->units.size();
        m["evaluated"] = mujun->evaluated;
        J classes = {{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}};
        for (const auto& u : mujun->units) if (!u.mujun_class.empty()) classes[u.mujun_class] = classes[u.mujun_class].get<int>() + 1;
        m["classes"] = classes;
        J ba = J::object(), bb = J::object();
        for (const auto& [k, v] : mujun->benchmarks_above) ba[k] = v;
        for (const auto& [k, v] : mujun->benchmarks_below) bb[k] = v;
        m["benchmarks_above_scale"] = ba;
        m["benchmarks_below_scale"] = bb;
        j["mujun"] = m;
    }
    J targets = J::array();
    for (const auto& k : profile.children("targets")) {
        const rules::Param& t = profile.number_param("targets." + k);
        targets.push_back({{"key", k}, {"value", t.number}, {"unit", t.unit}, {"year", t.year ? J(*t.year) : J(nullptr)},
                           {"cite", t.cite}});
    }
    j["targets"] = targets;
    return j;
}

IntensityOutputs run_intensity(analysis::Inputs& in, const rules::Profile& profile, const Date& as_of,
                               unsigned threads, IssueLog& issues, Lang lang, bool keep_enterprises) {
    IntensityOutputs out;
    const geom::Layer* parcels = in.layer("parcels");
    if (!parcels) throw DataError("parcels: no parcels layer");
    const geom::Layer* buildings = in.layer("buildings");
    analysis::IntensityParams ip = rules::intensity_params(profile);
    ip.threads = threads;
    ip.ellipsoidal_area_m2 = analysis::ellipsoidal_area_in(in.working_crs);
    out.intensity = analysis::measure_intensity(*parcels, buildings, in.layer("supplies"), ip, issues);
    in.release_features("buildings");
    if (const geom::Layer* ent = in.layer("enterprises")) {
        analysis::MujunParams mp = rules::mujun_params(profile);
        mp.as_of_year = as_of.year;
        mp.threads = threads;
        std::vector<double> basis;
        basis.reserve(out.intensity.parcels.size());
        for (const auto& p : out.intensity.parcels) basis.push_back(p.area_basis_m2);
        out.mujun = analysis::evaluate_mujun(*parcels, basis, *ent, mp, issues);
        if (!keep_enterprises) in.release_features("enterprises");
    }
    // The zone (开发区, 园区, 小微企业园 …) holding most of each parcel: 产业平台 floors, 园区 caps.
    std::vector<analysis::ParcelZone> zones;
    if (const geom::Layer* lines = in.layer("control_lines")) {
        geom::GeosContext ctx;
        zones = analysis::measure_parcel_zones(ctx, *parcels, *lines);
    }
    rules::EvaluationInputs ei;
    ei.zones = in.has_layer("control_lines") ? &zones : nullptr;
    ei.parcels = parcels;
    ei.intensity = &out.intensity;
    ei.have_buildings = buildings != nullptr;
    ei.have_building_use = buildings != nullptr && buildings->has_column("use");
    ei.mujun = out.mujun ? &*out.mujun : nullptr;
    ei.as_of = as_of;
    ei.threads = threads;
    out.evaluation = rules::evaluate(profile, ei);
    const analysis::MujunResult* m = out.mujun ? &*out.mujun : nullptr;
    out.totals = intensity_totals(*parcels, out.intensity, m, out.evaluation, profile, as_of);
    out.inefficient = inefficient_table(*parcels, out.intensity, m, out.evaluation, threads, lang);
    out.inefficient_rules = inefficient_rules_table(*parcels, out.intensity, m, out.evaluation, lang);
    // Last, as it frees the verdicts (out.evaluation keeps its rule ids, counts and notes).
    out.parcels = parcels_table_of(*parcels, out.intensity, m, out.evaluation, &out.evaluation, threads);
    return out;
}

void write_gpkg(const Table& t, const geom::CrsInfo& working, const std::filesystem::path& file) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) throw IoError(file.string(), "GDAL has no GPKG driver");
    std::error_code ec;
    std::filesystem::remove(file, ec);
    GDALDatasetUniquePtr ds(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw IoError(file.string(), std::string("cannot create GeoPackage: ") + CPLGetLastErrorMsg());
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool has_srs = !working.wkt.empty() && srs.importFromWkt(working.wkt.c_str()) == OGRERR_NONE;
    OGRLayer* layer = ds->CreateLayer(t.name.c_str(), has_srs ? &srs : nullptr, wkbMultiPolygon, nullptr);
    if (!layer) throw IoError(file.string(), std::string("cannot create layer: ") + CPLGetLastErrorMsg());
    for (const auto& c : t.columns) {
        OGRFieldType ft = OFTString;
        if (c.kind == ColumnKind::integer) ft = OFTInteger64;
        else if (c.kind != ColumnKind::text && c.kind != ColumnKind::date) ft = OFTReal;
        OGRFieldDefn def(c.key.c_str(), ft);
        if (layer->CreateField(&def) != OGRERR_NONE)
            throw IoError(file.string(), "cannot create field '" + c.key + "' in layer '" + t.name + "'");
    }
    geom::GeosContext ctx;
    if (ds->StartTransaction() != OGRERR_NONE) throw IoError(file.string(), "cannot start a transaction");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        OGRFeatureUniquePtr feat(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        const auto& row = t.rows[r];
        for (std::size_t k = 0; k < t.columns.size() && k < row.size(); ++k) {
            const Cell& v = row[k];
            const int idx = static_cast<int>(k);
            if (std::holds_alternative<std::monostate>(v)) feat->SetFieldNull(idx);
            else if (const auto* s = std::get_if<std::string>(&v)) feat->SetField(idx, s->c_str());
            else if (const auto* i = std::get_if<std::int64_t>(&v)) feat->SetField(idx, static_cast<GIntBig>(*i));
            else if (const auto* d = std::get_if<double>(&v)) {
                if (std::isfinite(*d)) feat->SetField(idx, *d); else feat->SetFieldNull(idx);
            }
        }
        if (r < t.geoms.size() && t.geoms[r]) {
            const std::string wkb = geom::to_wkb(ctx, t.geoms[r]);
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
                throw IoError(file.string(), fmt::format("row {}: geometry cannot be converted", r));
            feat->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
        }
        if (layer->CreateFeature(feat.get()) != OGRERR_NONE)
            throw IoError(file.string(), fmt::format("cannot write row {}: {}", r, CPLGetLastErrorMsg()));
    }
    if (ds->CommitTransaction() != OGRERR_NONE) throw IoError(file.string(), "cannot commit");
}

const char* rule_name_zh(const std::string& id) { return rule_label_zh(id); }
const char* rule_name_en(const std::string& id) { return rule_label_en(id); }

} // namespace tl::report
