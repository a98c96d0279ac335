#include "io/schema.hpp"

namespace tl::io {

namespace {

using FT = FieldType;

std::vector<LayerDef> make_layers() {
    std::vector<LayerDef> v;
    v.push_back({"parcels", "宗地", true, false, {"parcels", "宗地", "zd", "zdjbxx"}, {
        {"id", "ZDDM", FT::text, true, "宗地代码"},
        {"owner", "QLRMC", FT::text, false, "权利人名称"},
        {"land_use", "DLBM", FT::text, false, "地类编码"},
        {"registered_area_m2", "ZDMJ", FT::number, false, "宗地面积"},
        {"township", "XZMC", FT::text, false, "乡镇(街道)"},
        {"tenure", "QLXZ", FT::text, false, "权利性质"},
        {"right_type", "QLLX", FT::text, false, "权利类型"},
        {"enterprise_id", "TYSHXYDM", FT::text, false, "统一社会信用代码"},
        {"contract_far_min", "RJLXX", FT::number, false, "容积率下限"},
        {"remaining_term_years", "SYNX", FT::number, false, "剩余年限"},
        {"industry_code", "HYDM", FT::text, false, "行业代码"},
        {"ancillary_area_m2", "PTYDMJ", FT::number, false, "行政办公及生活服务设施用地面积"},
        {"green_area_m2", "LDMJ", FT::number, false, "绿地面积"},
    }});
    v.push_back({"buildings", "建筑物", false, false, {"buildings", "建筑物", "jzw", "fw"}, {
        {"id", "JZWBH", FT::text, false, "建筑物编号"},
        {"floors", "CS", FT::integer, false, "层数"},
        {"height_m", "JZGD", FT::number, false, "建筑高度"},
        {"storey_height_m", "CG", FT::number, false, "层高"},
        {"floor_area_m2", "JZMJ", FT::number, false, "建筑面积"},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码"},
    }});
    v.push_back({"approvals", "批次", false, false, {"approvals", "批次", "pc", "pcyd"}, {
        {"id", "PCBH", FT::text, true, "批次编号"},
        {"name", "PCMC", FT::text, false, "批次名称"},
        {"doc_no", "PWH", FT::text, false, "批准文号"},
        {"approved_on", "PZRQ", FT::date, false, "批准日期"},
        {"approved_area_m2", "PZMJ", FT::number, false, "批准面积"},
        {"kind", "PCLX", FT::text, false, "批次类型"},
    }});
    v.push_back({"supplies", "供地", false, false, {"supplies", "供地", "gd", "tdgy"}, {
        {"id", "GDBH", FT::text, true, "供地编号"},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码"},
        {"kind", "GYFS", FT::text, false, "供应方式"},
        {"supplied_on", "GYRQ", FT::date, false, "供应日期"},
        {"agreed_start_on", "YDDGRQ", FT::date, false, "约定动工日期"},
        {"agreed_completion_on", "YDJGRQ", FT::date, false, "约定竣工日期"},
        {"started_on", "SJDGRQ", FT::date, false, "实际动工日期"},
        {"land_price", "CRJK", FT::number, false, "出让价款(万元)"},
        {"planned_investment", "JHTZ", FT::number, false, "计划总投资(万元)"},
        {"invested", "YWCTZ", FT::number, false, "已完成投资(万元)"},
        {"contract_far_min", "RJLXX", FT::number, false, "容积率下限"},
        {"stalled_since", "TGRQ", FT::date, false, "停工日期"},
        {"government_delay", "ZFYY", FT::boolean, false, "政府原因延迟"},
    }});
    v.push_back({"control_lines", "工业用地控制线", false, false, {"control_lines", "工业用地控制线", "gykzx", "kzx"}, {
        {"id", "KZXBH", FT::text, false, "控制线编号"},
        {"name", "KZXMC", FT::text, false, "控制线名称"},
        {"kind", "KZXLX", FT::text, false, "控制线类型"},
    }});
    v.push_back({"townships", "镇街", false, false, {"townships", "镇街", "xzq", "xzjd"}, {
        {"id", "XZQDM", FT::text, false, "行政区代码"},
        {"name", "XZQMC", FT::text, true, "镇街名称"},
    }});
    v.push_back({"enterprises", "亩均数据", false, true, {"enterprises", "亩均数据", "mjsj", "qy"}, {
        {"id", "TYSHXYDM", FT::text, true, "统一社会信用代码"},
        {"parcel_id", "ZDDM", FT::text, false, "宗地代码"},
        {"name", "QYMC", FT::text, false, "企业名称"},
        {"year", "ND", FT::integer, false, "年度"},
        {"tax", "SS", FT::number, false, "税收(万元)"},
        {"value_added", "ZJZ", FT::number, false, "工业增加值(万元)"},
        {"energy_tce", "NH", FT::number, false, "综合能耗(吨标煤)"},
        {"emissions_t", "PFL", FT::number, false, "主要污染物排放(吨)"},
        {"employees", "CYRS", FT::integer, false, "年平均职工人数"},
        {"rd_spend", "YFJF", FT::number, false, "R&D经费(万元)"},
        {"revenue", "YYSR", FT::number, false, "主营业务收入(万元)"},
        {"above_scale", "GSBZ", FT::boolean, false, "规上标志"},
        {"land_area_m2", "YDMJ", FT::number, false, "实际用地面积"},
        {"fixed_investment", "GDTZ", FT::number, false, "年度固定资产投资(万元)"},
        {"electricity_kwh", "YDL", FT::number, false, "用电量(万千瓦时)"},
    }});
    return v;
}

} // namespace

const std::vector<LayerDef>& canonical_layers() {
    static const std::vector<LayerDef> layers = make_layers();
    return layers;
}

const LayerDef* find_layer_def(std::string_view name) {
    for (const auto& l : canonical_layers()) if (l.name == name) return &l;
    return nullptr;
}

const FieldDef* find_field_def(const LayerDef& layer, std::string_view key) {
    for (const auto& f : layer.fields) if (f.key == key) return &f;
    return nullptr;
}

} // namespace tl::io
