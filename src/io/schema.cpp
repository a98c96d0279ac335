#include "io/schema.hpp"

namespace tl::io {

namespace {

using FT = FieldType;

// One row per field: key, default column, type, required, Chinese name, other names
// (Chinese synonyms first, then pinyin initials), what the values look like.
// An alias is matched exactly (ignoring case) by the reader, so it must not be a name that
// another field of the same layer could carry; looser matches are only init's guesses.
std::vector<LayerDef> make_layers() {
    using VK = ValueKind;
    std::vector<LayerDef> v;
    v.push_back({"parcels", "宗地", true, false,
                 {"parcels", "宗地", "zongdi", "zd", "zdjbxx", "宗地基本信息", "宗地图", "地籍", "diji", "djzd", "parcel"}, {
        {"id", "ZDDM", FT::text, true, "宗地代码", {"宗地编码", "宗地编号", "宗地号", "不动产单元号", "ZDBM", "ZDBH", "BDCDYH"}, VK::parcel_code},
        {"owner", "QLRMC", FT::text, false, "权利人名称", {"权利人", "土地使用者", "使用权人", "土地权利人", "QLR", "SYQR", "TDSYZ"}},
        {"land_use", "DLBM", FT::text, false, "地类编码", {"地类代码", "用途代码", "土地用途编码", "DLDM", "YTDM"}},
        {"registered_area_m2", "ZDMJ", FT::number, false, "宗地面积", {"登记面积", "土地面积", "使用权面积", "DJMJ", "TDMJ", "SYQMJ"}},
        {"township", "XZMC", FT::text, false, "乡镇(街道)", {"乡镇", "镇街", "乡镇名称", "街道", "所在镇街", "乡镇街道", "XZJD", "ZJMC"}},
        {"tenure", "QLXZ", FT::text, false, "权利性质", {"土地权属性质", "权属性质", "土地性质", "QSXZ"}},
        {"right_type", "QLLX", FT::text, false, "权利类型", {"权利种类"}},
        {"enterprise_id", "TYSHXYDM", FT::text, false, "统一社会信用代码", {"信用代码", "社会信用代码", "统一信用代码", "XYDM", "SHXYDM"}, VK::credit_code},
        {"contract_far_min", "RJLXX", FT::number, false, "容积率下限", {"容积率(下限)", "出让容积率下限", "最低容积率", "RJL_XX"}},
        {"remaining_term_years", "SYNX", FT::number, false, "剩余年限", {"剩余使用年限", "SYSYNX"}},
        {"industry_code", "HYDM", FT::text, false, "行业代码", {"行业分类代码", "国民经济行业代码", "HYFL"}},
        {"ancillary_area_m2", "PTYDMJ", FT::number, false, "行政办公及生活服务设施用地面积", {"配套用地面积", "行政办公及生活服务设施用地", "PTMJ"}},
        {"green_area_m2", "LDMJ", FT::number, false, "绿地面积", {"绿化面积", "LHMJ"}},
        {"split_from", "YZDDM", FT::text, false, "原宗地代码", {"分割来源", "母宗地代码", "分割前宗地代码", "FGLY"}},
    }});
    v.push_back({"buildings", "建筑物", false, false,
                 {"buildings", "建筑物", "建筑", "房屋", "jianzhu", "jianzhuwu", "fangwu", "jzw", "fw", "building"}, {
        {"id", "JZWBH", FT::text, false, "建筑物编号", {"房屋编号", "建筑编号", "幢号", "自然幢号", "FWBH", "ZRZH"}},
        {"floors", "CS", FT::integer, false, "层数", {"地上层数", "总层数", "建筑层数", "房屋层数", "DSCS", "ZCS"}},
        {"height_m", "JZGD", FT::number, false, "建筑高度", {"高度", "房屋高度", "GD"}},
        {"storey_height_m", "CG", FT::number, false, "层高", {"平均层高"}},
        {"floor_area_m2", "JZMJ", FT::number, false, "建筑面积", {"总建筑面积", "房屋建筑面积", "ZJZMJ"}},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码", {"所在宗地代码", "宗地编码", "宗地编号", "宗地号", "ZDBM"}, VK::parcel_code},
        {"use", "FWYT", FT::text, false, "房屋用途", {"用途", "建筑用途", "建筑物用途", "使用用途", "规划用途", "YT", "JZYT", "SJYT"}},
    }});
    v.push_back({"approvals", "批次", false, false,
                 {"approvals", "批次", "批次用地", "报批", "农转用", "pici", "picixinxi", "pc", "pcyd", "pcxx", "approval"}, {
        {"id", "PCBH", FT::text, true, "批次编号", {"批次号", "批次代码", "报批编号", "PCDM", "PCH"}},
        {"name", "PCMC", FT::text, false, "批次名称", {"项目名称", "XMMC"}},
        {"doc_no", "PWH", FT::text, false, "批准文号", {"批文号", "批复文号", "PFWH"}},
        {"approved_on", "PZRQ", FT::date, false, "批准日期", {"批复日期", "批准时间", "PFRQ", "PZSJ"}},
        {"approved_area_m2", "PZMJ", FT::number, false, "批准面积", {"批复面积", "批次面积", "PFMJ", "PCMJ"}},
        {"kind", "PCLX", FT::text, false, "批次类型", {"用地类型", "报批类型", "BPLX"}},
    }});
    v.push_back({"supplies", "供地", false, false,
                 {"supplies", "供地", "土地供应", "供应", "出让", "gongdi", "gongying", "gd", "tdgy", "gdxx", "supply"}, {
        {"id", "GDBH", FT::text, true, "供地编号", {"合同编号", "电子监管号", "供应编号", "出让合同编号", "HTBH", "DZJGH"}},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码", {"宗地编码", "宗地编号", "宗地号", "ZDBM"}, VK::parcel_code},
        {"kind", "GYFS", FT::text, false, "供应方式", {"供地方式", "供地类型", "GDFS"}},
        {"supplied_on", "GYRQ", FT::date, false, "供应日期", {"供地日期", "签订日期", "合同签订日期", "GDRQ", "QDRQ"}},
        {"agreed_start_on", "YDDGRQ", FT::date, false, "约定动工日期", {"约定开工日期", "约定动工时间", "YDKGRQ"}},
        {"agreed_completion_on", "YDJGRQ", FT::date, false, "约定竣工日期", {"约定竣工时间"}},
        {"started_on", "SJDGRQ", FT::date, false, "实际动工日期", {"实际开工日期", "实际动工时间", "SJKGRQ"}},
        {"land_price", "CRJK", FT::number, false, "出让价款(万元)", {"出让价款", "成交价款(万元)", "成交价款", "CJJK"}},
        {"planned_investment", "JHTZ", FT::number, false, "计划总投资(万元)", {"计划总投资", "计划投资", "JHZTZ"}},
        {"invested", "YWCTZ", FT::number, false, "已完成投资(万元)", {"已完成投资", "已投资", "已投资额", "YTZ"}},
        {"contract_far_min", "RJLXX", FT::number, false, "容积率下限", {"容积率(下限)", "最低容积率", "RJL_XX"}},
        {"stalled_since", "TGRQ", FT::date, false, "停工日期", {"停工时间"}},
        {"government_delay", "ZFYY", FT::boolean, false, "政府原因延迟", {"政府原因", "是否政府原因"}},
        // 标准地 (domain.md §8, R18): the flag and the indicators of the 标准地 出让 contract (投资协议);
        // the contract FAR is contract_far_min above. DBF column names: 10 characters at most.
        {"standard_land", "BZD", FT::boolean, false, "是否标准地", {"标准地", "标准地出让", "是否标准地出让", "SFBZD"}},
        {"std_investment_10k_per_mu", "TZQD", FT::number, false, "固定资产投资强度(万元/亩)",
         {"固定资产投资强度", "投资强度", "约定投资强度", "GDZCTZQD"}},
        {"std_tax_10k_per_mu", "MJSS", FT::number, false, "亩均税收(万元/亩)", {"亩均税收", "约定亩均税收", "YDMJSS"}},
        {"std_va_per_tce_10k", "NHZJZ", FT::number, false, "单位能耗增加值(万元/吨标煤)",
         {"单位能耗增加值", "约定单位能耗增加值", "DWNHZJZ"}},
        {"std_energy_tce_per_10k", "DWNH", FT::number, false, "单位增加值能耗(吨标煤/万元)",
         {"单位增加值能耗", "单位工业增加值能耗", "能耗强度", "DWZJZNH"}},
        {"std_va_per_t_emission_10k", "PFZJZ", FT::number, false, "单位排放增加值(万元/吨)",
         {"单位排放增加值", "约定单位排放增加值", "DWPFZJZ"}},
        {"std_rd_share_pct", "RDZB", FT::number, false, "R&D经费占比(%)", {"R&D经费占比", "研发经费占比", "研发投入占比", "RDJFZB"}},
        {"accepted_on", "YSRQ", FT::date, false, "验收日期", {"竣工验收日期", "对标验收日期", "验收时间"}},
        {"reviewed_on", "FHRQ", FT::date, false, "复核日期", {"达产复核日期", "达产复核时间", "复核时间"}},
    }});
    v.push_back({"control_lines", "工业用地控制线", false, false,
                 {"control_lines", "工业用地控制线", "工业控制线", "控制线", "kongzhixian", "gykzx", "kzx", "control_line"}, {
        {"id", "KZXBH", FT::text, false, "控制线编号", {"编号", "BH"}},
        {"name", "KZXMC", FT::text, false, "控制线名称", {"名称", "MC"}},
        {"kind", "KZXLX", FT::text, false, "控制线类型", {"类型", "LX"}},
    }});
    v.push_back({"townships", "镇街", false, false,
                 {"townships", "镇街", "乡镇", "街道", "乡镇街道", "行政区", "zhenjie", "xiangzhen", "jiedao", "xzq", "xzjd", "township"}, {
        {"id", "XZQDM", FT::text, false, "行政区代码", {"行政区划代码", "乡镇代码", "镇街代码", "XZDM"}},
        {"name", "XZQMC", FT::text, true, "镇街名称", {"乡镇名称", "行政区名称", "街道名称", "乡镇", "镇街", "XZMC", "ZJMC"}},
    }});
    v.push_back({"enterprises", "亩均数据", false, true,
                 {"enterprises", "亩均数据", "亩均", "亩均评价", "亩均效益", "企业", "mujun", "mujunshuju", "mjsj", "mjpj", "qy"}, {
        {"id", "TYSHXYDM", FT::text, true, "统一社会信用代码", {"信用代码", "社会信用代码", "统一信用代码", "XYDM", "SHXYDM"}, VK::credit_code},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码", {"宗地编码", "宗地编号", "宗地号", "ZDBM"}, VK::parcel_code},
        {"name", "QYMC", FT::text, false, "企业名称", {"单位名称", "企业", "DWMC"}},
        {"year", "ND", FT::integer, false, "年度", {"年份", "评价年度", "NF"}},
        {"tax", "SS", FT::number, false, "税收(万元)", {"税收", "实缴税金(万元)", "实缴税金", "税收实际贡献(万元)", "税收实际贡献", "SJSJ"}},
        {"value_added", "ZJZ", FT::number, false, "工业增加值(万元)", {"工业增加值", "增加值(万元)", "增加值", "GYZJZ"}},
        {"energy_tce", "NH", FT::number, false, "综合能耗(吨标煤)", {"综合能耗", "能耗(吨标煤)", "能耗", "ZHNH"}},
        {"emissions_t", "PFL", FT::number, false, "主要污染物排放(吨)", {"主要污染物排放", "污染物排放量(吨)", "排放量", "排污量", "WRWPF"}},
        {"employees", "CYRS", FT::integer, false, "年平均职工人数", {"从业人员", "从业人数", "职工人数", "年均职工人数", "ZGRS"}},
        {"rd_spend", "YFJF", FT::number, false, "R&D经费(万元)", {"R&D经费", "研发经费(万元)", "研发经费", "研发投入", "RDJF"}},
        {"revenue", "YYSR", FT::number, false, "主营业务收入(万元)", {"主营业务收入", "营业收入(万元)", "营业收入", "ZYYWSR"}},
        {"above_scale", "GSBZ", FT::boolean, false, "规上标志", {"是否规上", "规上企业", "规模以上", "SFGS"}},
        {"land_area_m2", "YDMJ", FT::number, false, "实际用地面积", {"用地面积", "占地面积", "SJYDMJ"}},
        {"fixed_investment", "GDTZ", FT::number, false, "年度固定资产投资(万元)", {"固定资产投资(万元)", "固定资产投资", "GDZCTZ"}},
        {"electricity_kwh", "YDL", FT::number, false, "用电量(万千瓦时)", {"用电量", "YDLWKWH"}},
    }});
    return v;
}

std::vector<UnitDef> make_units() {
    return {
        {"元", "money", 1, 1}, {"万元", "money", 1e4, 1}, {"亿元", "money", 1e8, 1},
        {"平方米", "area", 1, 1}, {"m²", "area", 1, 1}, {"m2", "area", 1, 1}, {"㎡", "area", 1, 1},
        {"亩", "area", 10000, 15},   // exactly (core/units.hpp)
        {"公顷", "area", 1e4, 1}, {"hm²", "area", 1e4, 1}, {"hm2", "area", 1e4, 1}, {"ha", "area", 1e4, 1},
        {"吨", "mass", 1, 1}, {"t", "mass", 1, 1}, {"万吨", "mass", 1e4, 1}, {"千克", "mass", 1, 1000}, {"kg", "mass", 1, 1000},
        {"吨标煤", "energy", 1, 1}, {"吨标准煤", "energy", 1, 1}, {"tce", "energy", 1, 1}, {"万吨标煤", "energy", 1e4, 1},
        {"万吨标准煤", "energy", 1e4, 1},
        {"千瓦时", "electricity", 1, 1}, {"度", "electricity", 1, 1}, {"kwh", "electricity", 1, 1},
        {"万千瓦时", "electricity", 1e4, 1}, {"万度", "electricity", 1e4, 1}, {"万kwh", "electricity", 1e4, 1},
        // money per 亩 (标准地 投资强度, 亩均税收): base 元/亩
        {"元/亩", "money_per_mu", 1, 1}, {"万元/亩", "money_per_mu", 1e4, 1},
    };
}

TableLayout make_table_layout() {
    TableLayout t;
    t.header_search_rows = 20;
    t.excerpt_chars = 40;
    t.punctuation_after_word = "：:、.．,，(（)）[]【】 0123456789";
    t.markers = {
        {"合计", "total", "合计行"},      {"总计", "total", "合计行"},        {"共计", "total", "合计行"},
        {"总合计", "total", "合计行"},    {"小计", "subtotal", "小计行"},
        {"注", "footnote", "注释行", true},   {"注释", "footnote", "注释行", true}, {"说明", "footnote", "注释行", true},
        {"备注", "footnote", "注释行", true}, {"填表说明", "footnote", "注释行", true},
        {"数据来源", "footnote", "注释行", true}, {"资料来源", "footnote", "注释行", true},
        {"制表", "footnote", "注释行", true}, {"制表人", "footnote", "注释行", true}, {"填表人", "footnote", "注释行", true},
        {"审核", "footnote", "注释行", true}, {"审核人", "footnote", "注释行", true},
    };
    t.unit_line_words = {"计量单位", "金额单位", "面积单位", "能耗单位", "单位"};
    t.unit_separators = {"：", ":", "，", ",", "、", "；", ";", "/", "（", "）", "(", ")", " ", "\t", "\xE3\x80\x80"};
    return t;
}

} // namespace

const TableLayout& table_layout() {
    static const TableLayout t = make_table_layout();
    return t;
}

const std::vector<UnitDef>& known_units() {
    static const std::vector<UnitDef> units = make_units();
    return units;
}

const UnitDef* find_unit(std::string_view name) {
    std::string n(name);
    for (char& c : n)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const auto& u : known_units())
        if (u.name == n) return &u;
    return nullptr;
}

double convert_unit(double value, const UnitDef& from, const UnitDef& to) {
    // value × (from.num × to.den) / (from.den × to.num): integers in practice, so 766300 元 is
    // 76.63 万元 and 2.5 亩 is 25000/15 m², not one rounding off.
    return value * (from.num * to.den) / (from.den * to.num);
}

const UnitDef* field_unit(const FieldDef& field) {
    const auto open = field.label_zh.find('(');
    const auto close = field.label_zh.find(')', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos)
        if (const UnitDef* u = find_unit(field.label_zh.substr(open + 1, close - open - 1))) return u;
    const std::string& k = field.key;
    if (k.size() > 3 && k.compare(k.size() - 3, 3, "_m2") == 0) return find_unit("平方米");
    return nullptr;
}

const LayerDef& decisions_table_def() {
    // 闭环管理 (issue 20): the planner's verification decisions, one row per case and decision.
    // Not a canonical layer (no map, not looked for as data): cases/decisions.hpp reads it.
    static const LayerDef def{"decisions", "处置决定表", false, true,
        {"decisions", "处置决定", "处置决定表", "核实处置", "核实结果", "闭环管理"}, {
        {"category", "category", FieldType::text, true, "类别", {"清单", "清单类别", "案件类别", "类型"}},
        {"case_key", "case_key", FieldType::text, true, "编号",
         {"案件编号", "批次编号", "供地编号", "宗地代码", "零星地块编号", "地块编号", "key", "case id", "id"}},
        {"rule", "rule", FieldType::text, false, "规则", {"规则编号", "rule_id"}},
        {"decision", "decision", FieldType::text, true, "处置决定", {"决定", "核实结论", "处置状态", "结论"}},
        {"reason", "reason", FieldType::text, false, "理由", {"原因", "核实情况", "情况说明"}},
        {"evidence", "evidence", FieldType::text, false, "佐证", {"证据", "依据", "文号", "佐证材料", "照片"}},
        {"decided_by", "decided_by", FieldType::text, false, "决定人", {"核实人", "经办人", "decided by"}},
        {"decided_on", "decided_on", FieldType::date, false, "决定日期", {"核实日期", "decided on"}},
        {"deadline", "deadline", FieldType::date, false, "整改期限", {"期限", "办结期限", "处置期限"}},
    }};
    return def;
}

const LayerDef& revitalization_table_def() {
    // 盘活台账 (issue 19 item 7): what was revitalised, one row per parcel or batch. Not a
    // canonical layer: analysis/revitalization.hpp reads it. The area's unit must be stated
    // (盘活面积(亩), 面积（平方米）, or a unit line 单位：亩); it is converted to m².
    static const LayerDef def{"revitalization", "盘活台账", false, true,
        {"revitalization", "盘活台账", "盘活", "低效用地盘活台账", "盘活清单"}, {
        {"id", "id", FT::text, true, "编号",
         {"宗地代码", "批次编号", "地块编号", "项目编号", "宗地编号", "台账编号", "序号编号", "ZDDM", "PCBH", "parcel", "batch"}},
        {"done_on", "date", FT::date, true, "完成日期", {"盘活日期", "日期", "完成时间", "处置日期", "盘活时间", "done_on", "done on"}},
        {"area_m2", "area", FT::number, true, "盘活面积", {"面积", "处置面积", "盘活用地面积", "用地面积", "area_mu"}},
        {"method", "method", FT::text, false, "盘活方式", {"方式", "处置方式", "盘活类型", "盘活途径"}},
        {"township", "township", FT::text, false, "镇街", {"乡镇", "乡镇(街道)", "乡镇街道", "街道", "所在镇街", "XZMC"}},
    }};
    return def;
}

std::optional<std::string> building_use(const std::string& word) {
    // The uses of the 2008 控制指标's land split: 生产 and 仓储 are the project's own, 办公 and
    // 生活配套 the 行政办公及生活服务设施 whose share is capped (R07; which ones count is the
    // profile's far.ancillary_building_uses).
    static const std::vector<std::pair<std::string, std::vector<std::string>>> uses{
        {"生产", {"生产", "厂房", "生产厂房", "工业厂房", "车间", "生产车间", "标准厂房", "工业", "shengchan", "sc", "production"}},
        {"仓储", {"仓储", "仓库", "库房", "物流仓储", "仓储用房", "cangchu", "cc", "storage", "warehouse"}},
        {"办公", {"办公", "行政办公", "办公楼", "办公用房", "研发办公", "bangong", "bg", "xingzhengbangong", "office"}},
        {"生活配套", {"生活配套", "生活服务", "生活服务设施", "宿舍", "职工宿舍", "食堂", "职工食堂", "倒班房", "shenghuopeitao", "shpt",
                      "sushe", "living"}},
        {"其他", {"其他", "门卫", "门卫室", "配电房", "设备用房", "qita", "qt", "other"}},
        {"住宅", {"住宅", "住房", "居住", "zhuzhai", "zz", "residential"}},
        {"商业", {"商业", "商服", "商业服务", "商铺", "shangye", "sy", "commercial"}},
        {"公共服务", {"公共服务", "公共管理与公共服务", "公服", "gonggongfuwu", "public"}},
    };
    std::string w;
    for (char c : word) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        w += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (w.empty()) return std::nullopt;
    for (const auto& [use, words] : uses)
        for (const auto& x : words)
            if (w == x) return use;
    return std::nullopt;
}

const std::vector<LayerDef>& canonical_layers() {
    static const std::vector<LayerDef> layers = make_layers();
    return layers;
}

const std::vector<LayerDef>& plan_layers() {
    // A split plan (tenglong check-split --plan): one polygon per piece. Never searched for in a
    // data folder; the command names the file.
    static const std::vector<LayerDef> v{
        {"split_plan", "分割方案", false, false, {}, {
            {"id", "FGBH", FT::text, false, "分割编号", {"编号", "地块编号", "宗地编号", "BH", "id", "name"}},
            {"use", "YT", FT::text, false, "用途", {"用地用途", "规划用途", "土地用途", "use"}},
        }},
    };
    return v;
}

const LayerDef* find_layer_def(std::string_view name) {
    for (const auto& l : canonical_layers()) if (l.name == name) return &l;
    for (const auto& l : plan_layers()) if (l.name == name) return &l;
    return nullptr;
}

const FieldDef* find_field_def(const LayerDef& layer, std::string_view key) {
    for (const auto& f : layer.fields) if (f.key == key) return &f;
    return nullptr;
}

} // namespace tl::io
