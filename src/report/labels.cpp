#include "report/labels.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "io/schema.hpp"
#include "rules/verdict.hpp"

namespace tl::report {

namespace {

struct Words {
    const char* code;
    const char* zh;
    const char* en;
}; // struct Words

// IssueLog kinds (core/issue_log.hpp): what the problem is, in a planner's words.
const Words kIssueKinds[] = {
    {"adjacency_failed", "相邻检查失败", "adjacency check failed"},
    {"after_as_of", "日期晚于基准日", "date after the as-of date"},
    {"area_mismatch", "面积不符", "area mismatch"},
    {"bad_date", "日期无法识别", "unreadable date"},
    {"bad_encoding", "文字编码错误", "bad text encoding"},
    {"bad_value", "数值无效", "invalid value"},
    {"building_bad_floors", "建筑层数异常", "implausible floors"},
    {"building_floors_estimated", "建筑层数按高度估算", "floors estimated from height"},
    {"building_no_floors_or_height", "建筑缺层数和高度", "building without floors or height"},
    {"building_use_unknown", "房屋用途不认识", "building use not recognised"},
    {"building_outside_parcels", "建筑不在任何宗地内", "building outside every parcel"},
    {"building_overlap", "建筑重叠", "overlapping buildings"},
    {"conversion_parcel_unknown", "置换宗地编号不存在", "conversion names an unknown parcel"},
    {"coordinates_out_of_range", "坐标超出范围", "coordinates out of range"},
    {"crs_degrees_in_projected", "投影坐标系下坐标像经纬度", "degrees in a projected CRS"},
    {"crs_metres_in_geographic", "经纬度坐标系下坐标像米", "metres in a geographic CRS"},
    {"crs_missing", "缺少坐标系", "no CRS"},
    {"crs_missing_zone_prefix", "坐标缺带号", "coordinates without zone prefix"},
    {"crs_north_first", "坐标轴顺序颠倒（北坐标在前）", "northing first"},
    {"crs_zone_prefixed", "坐标带带号前缀", "coordinates with zone prefix"},
    {"curve_geometry", "曲线图形", "curved geometry"},
    {"decision_row", "处置决定表的行有误", "bad row in the decisions table"},
    {"decision_unmatched", "处置决定未匹配到案件", "decision matches no case"},
    {"dropped_z", "已去除高程（Z）坐标", "Z coordinates dropped"},
    {"duplicate_id", "编号重复", "duplicate id"},
    {"empty_geometry", "图形为空", "empty geometry"},
    {"encoding", "文字编码识别", "text encoding"},
    {"enterprise_no_year", "亩均数据无年度", "per-mu row without a year"},
    {"enterprise_unmatched", "企业未关联到宗地", "enterprise matches no parcel"},
    {"enterprise_year_absent", "亩均数据缺基准年度", "no per-mu rows for the as-of year"},
    {"enterprise_year_partial", "亩均数据年度不全", "per-mu rows for part of the year"},
    {"gap", "宗地缝隙", "gap between parcels"},
    {"idle_indeterminate", "闲置无法判定", "idle rule not judged"},
    {"idle_skipped", "闲置分析未运行", "idle analysis skipped"},
    {"invalid_geometry", "图形无效（已修复）", "invalid geometry"},
    {"linearized_curves", "曲线已折线化", "curves linearised"},
    {"missing_column", "缺字段", "missing column"},
    {"missing_date", "缺日期", "missing date"},
    {"missing_floors_and_height", "建筑层数与高度均缺", "building without floors and height"},
    {"missing_id", "缺编号", "missing id"},
    {"non_finite_coordinates", "坐标非有限数", "non-finite coordinates"},
    {"overlay_failed", "叠加计算失败", "overlay failed"},
    {"project", "项目文件", "project file"},
    {"read_warning", "读取警告", "read warning"},
    {"registered_area_mismatch", "登记面积与图形面积不符", "registered area differs from geometry"},
    {"sliver", "细碎图斑", "sliver"},
    {"sliver_dropped", "细碎图斑已舍弃", "sliver dropped"},
    {"table_row_skipped", "表格行已跳过（标题、合计、注释）", "table row skipped"},
    {"transform_failed", "坐标转换失败", "coordinate transformation failed"},
    {"unit_converted", "单位已换算", "unit converted"},
    {"unreadable_geometry", "图形无法读取", "unreadable geometry"},
    {"unrepairable_geometry", "图形无法修复", "unrepairable geometry"},
    {"unsupplied_skipped", "批而未供分析未运行", "unsupplied analysis skipped"},
    {"wrong_geometry_type", "图形类型不符", "wrong geometry type"},
};

const Words kIssueActions[] = {
    {"repaired", "已修复后使用", "repaired"},
    {"rejected", "已剔除", "rejected"},
    {"kept", "保留（该值按缺失处理）", "kept"},
    {"dropped", "已舍弃", "dropped"},
    {"note", "提示", "note"},
};

const Words kAreaBasis[] = {
    {"registered", "登记面积", "registered"},
    {"geometric", "图形面积", "geometric"},
};

// analysis::Relation codes (analysis/adjacency.hpp).
const Words kRelations[] = {
    {"adjacent", "相邻", "adjacent"},
    {"short_edge", "短边相接", "short_edge"},
    {"point_touch", "点接触", "point_touch"},
    {"gap", "缝隙", "gap"},
};

// analysis::LineStatus (工业用地控制线 R16); English words too: the code alone reads as a field value.
const Words kLineStatus[] = {
    {"outside", "线外(置换候选)", "outside (swap candidate)"},
    {"partly_outside", "部分在线外", "partly outside"},
    {"inside", "线内", "inside"},
};

const Words kYesNo[] = {
    {"yes", "是", "yes"}, {"no", "否", "no"}, {"true", "是", "yes"}, {"false", "否", "no"},
};

template <std::size_t N>
const Words* find(const Words (&table)[N], std::string_view code) {
    for (const auto& w : table)
        if (code == w.code) return &w;
    return nullptr;
}

std::string one_label(std::string_view domain, std::string_view code, Lang lang) {
    const bool zh = lang == Lang::zh;
    if (domain == kDomainVerdict) {
        using rules::Outcome;
        for (Outcome o : {Outcome::pass, Outcome::fail, Outcome::not_applicable, Outcome::indeterminate})
            if (code == rules::to_string(o)) return zh ? rules::to_string_zh(o) : std::string(code);
        return std::string(code);
    }
    const Words* w = nullptr;
    if (domain == kDomainIssueKind) w = find(kIssueKinds, code);
    else if (domain == kDomainIssueAction) w = find(kIssueActions, code);
    else if (domain == kDomainAreaBasis) w = find(kAreaBasis, code);
    else if (domain == kDomainRelation) w = find(kRelations, code);
    else if (domain == kDomainYesNo) w = find(kYesNo, code);
    else if (domain == kDomainLineStatus) {
        w = find(kLineStatus, code);
        if (w) return zh ? w->zh : w->en;
    }
    if (w) return zh ? w->zh : std::string(code);
    if (!zh) return std::string(code);
    if (domain == kDomainLayer) {
        if (const io::LayerDef* l = io::find_layer_def(code)) return l->label_zh;
        if (code == "project") return "项目文件";
        if (code == io::decisions_table_def().name) return io::decisions_table_def().label_zh;
        if (code == io::revitalization_table_def().name) return io::revitalization_table_def().label_zh;
    }
    if (domain == kDomainField) {
        // The field's Chinese name in the first layer that has it (the canonical keys are shared
        // where they mean the same: parcel_id, id, ...).
        for (const auto& l : io::canonical_layers())
            if (const io::FieldDef* f = io::find_field_def(l, code); f && !f->label_zh.empty()) return f->label_zh;
        if (const io::FieldDef* f = io::find_field_def(io::decisions_table_def(), code); f && !f->label_zh.empty()) return f->label_zh;
        if (const io::FieldDef* f = io::find_field_def(io::revitalization_table_def(), code); f && !f->label_zh.empty()) return f->label_zh;
    }
    return std::string(code);
}

} // namespace

std::string value_label(std::string_view domain, std::string_view code, Lang lang) {
    if (domain.empty() || code.empty()) return std::string(code);
    if (code.find(';') == std::string_view::npos) return one_label(domain, code, lang);
    std::string out;
    std::size_t start = 0;
    while (start <= code.size()) {
        const std::size_t end = std::min(code.find(';', start), code.size());
        if (!out.empty() || start > 0) out += ';';
        out += one_label(domain, code.substr(start, end - start), lang);
        start = end + 1;
    }
    return out;
}

std::vector<std::string> domain_codes(std::string_view domain) {
    std::vector<std::string> out;
    auto add = [&](const auto& table) {
        for (const auto& w : table) out.emplace_back(w.code);
    };
    if (domain == kDomainVerdict) {
        for (const char* c : {"pass", "fail", "not_applicable", "indeterminate"}) out.emplace_back(c);
    } else if (domain == kDomainIssueKind) add(kIssueKinds);
    else if (domain == kDomainIssueAction) add(kIssueActions);
    else if (domain == kDomainAreaBasis) add(kAreaBasis);
    else if (domain == kDomainRelation) add(kRelations);
    else if (domain == kDomainYesNo) add(kYesNo);
    else if (domain == kDomainLineStatus) add(kLineStatus);
    else if (domain == kDomainLayer) {
        for (const auto& l : io::canonical_layers()) out.push_back(l.name);
        out.emplace_back("project");
        out.push_back(io::decisions_table_def().name);
        out.push_back(io::revitalization_table_def().name);
    } else if (domain == kDomainField) {
        std::set<std::string> keys;
        for (const auto& l : io::canonical_layers())
            for (const auto& f : l.fields) keys.insert(f.key);
        for (const auto& f : io::decisions_table_def().fields) keys.insert(f.key);
        for (const auto& f : io::revitalization_table_def().fields) keys.insert(f.key);
        out.assign(keys.begin(), keys.end());
    }
    return out;
}

std::string domain_title(std::string_view domain, Lang lang) {
    struct Title { const char* domain; const char* zh; const char* en; };
    static const Title kTitles[] = {
        {kDomainVerdict, "规则判定结果", "rule verdict"},       {kDomainAreaBasis, "面积依据", "area basis"},
        {kDomainRelation, "相邻关系", "relation"},              {kDomainIssueKind, "数据问题类型", "issue kind"},
        {kDomainIssueAction, "处理方式", "action taken"},       {kDomainLayer, "图层", "layer"},
        {kDomainField, "字段", "field"},                        {kDomainYesNo, "是否", "yes or no"},
        {kDomainLineStatus, "控制线状态", "control line status"},
    };
    for (const auto& t : kTitles)
        if (domain == t.domain) return lang == Lang::zh ? t.zh : t.en;
    return std::string(domain);
}

} // namespace tl::report
