// Policy profiles: loading, schema check, inheritance. See profile.hpp.
#include "rules/profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/errors.hpp"

// ---- profiles embedded at build time (fallback 4 of profile.hpp) -----------------------------
// .incbin copies the files of the source tree into the binary when this file is compiled.
#define TL_EMBED_PROFILE(sym, file)                                                           \
    __asm__(".section .rodata\n"                                                              \
            ".global " #sym "_begin\n" #sym "_begin:\n"                                        \
            ".incbin \"" TENGLONG_SOURCE_DIR "/profiles/" file "\"\n"                          \
            ".global " #sym "_end\n" #sym "_end:\n"                                            \
            ".byte 0\n"                                                                        \
            ".previous\n");                                                                    \
    extern "C" const char sym##_begin[];                                                       \
    extern "C" const char sym##_end[];
TL_EMBED_PROFILE(tl_profile_national, "national.toml")
TL_EMBED_PROFILE(tl_profile_linhai, "linhai.toml")
TL_EMBED_PROFILE(tl_profile_linping, "linping.toml")
TL_EMBED_PROFILE(tl_profile_xiangshan, "xiangshan.toml")
TL_EMBED_PROFILE(tl_profile_yinzhou, "yinzhou.toml")
TL_EMBED_PROFILE(tl_profile_zhoushan, "zhoushan.toml")

namespace tl::rules {

namespace fs = std::filesystem;

const char* to_string(Comparison c) noexcept {
    switch (c) {
        case Comparison::lt: return "lt";
        case Comparison::le: return "le";
        case Comparison::gt: return "gt";
        case Comparison::ge: return "ge";
    }
    return "?";
}

const char* to_symbol(Comparison c) noexcept {
    switch (c) {
        case Comparison::lt: return "<";
        case Comparison::le: return "≤";
        case Comparison::gt: return ">";
        case Comparison::ge: return "≥";
    }
    return "?";
}

bool compare(double m, Comparison c, double t) noexcept {
    switch (c) {
        case Comparison::lt: return m < t;
        case Comparison::le: return m <= t;
        case Comparison::gt: return m > t;
        case Comparison::ge: return m >= t;
    }
    return false;
}

namespace {

struct Embedded { const char* name; const char* begin; const char* end; };
const std::vector<Embedded>& embedded() {
    static const std::vector<Embedded> v{
        {"national", tl_profile_national_begin, tl_profile_national_end},
        {"linhai", tl_profile_linhai_begin, tl_profile_linhai_end},
        {"linping", tl_profile_linping_begin, tl_profile_linping_end},
        {"xiangshan", tl_profile_xiangshan_begin, tl_profile_xiangshan_end},
        {"yinzhou", tl_profile_yinzhou_begin, tl_profile_yinzhou_end},
        {"zhoushan", tl_profile_zhoushan_begin, tl_profile_zhoushan_end},
    };
    return v;
}

using Kind = Param::Kind;

// ---- schema ------------------------------------------------------------------------------
const std::set<std::string> kRules{"far", "coverage", "unbuilt", "ancillary", "green", "tax_low", "yiyuan", "class_d", "policy_flags"};

const std::map<std::string, Kind>& exact_keys() {
    static const std::map<std::string, Kind> m{
        {"profile.id", Kind::text}, {"profile.extends", Kind::text}, {"profile.name", Kind::text},
        {"profile.jurisdiction", Kind::text}, {"profile.admin_code", Kind::text}, {"profile.level", Kind::text},
        {"profile.documents", Kind::text_list}, {"profile.effective_from", Kind::date},
        {"profile.effective_to", Kind::date}, {"profile.effective_cite", Kind::text},
        {"profile.effective_quote", Kind::text}, {"profile.seed", Kind::text}, {"profile.note", Kind::text},
        {"land_use.industrial_prefixes", Kind::text_list}, {"land_use.industrial_cite", Kind::text},
        {"land_use.industry_code_standard", Kind::text},
        {"land_rights.state_owner_patterns", Kind::text_list}, {"land_rights.supplied_tenures", Kind::text_list},
        {"land_rights.unsupplied_tenures", Kind::text_list}, {"land_rights.collective_tenures", Kind::text_list},
        {"land_rights.cite", Kind::text},
        {"intensity.storey_double_height_m", Kind::number}, {"intensity.storey_double_factor", Kind::number},
        {"intensity.half_area_below_storey_height_m", Kind::number}, {"intensity.half_area_factor", Kind::number},
        {"intensity.estimate_storey_height_m", Kind::number},
        {"intensity.industrial_estimate_storey_height_m", Kind::number},
        {"intensity.max_plausible_floors", Kind::number}, {"intensity.registered_area_tolerance", Kind::number},
        {"intensity.overlapping_floors", Kind::text}, {"intensity.overlapping_floors_cite", Kind::text},
        {"far.coverage_min", Kind::number}, {"far.contract_clause", Kind::text},
        {"rules.class_d.clause", Kind::text}, {"rules.policy_flags.clause", Kind::text}, {"far.ancillary_land_share_max", Kind::number},
        {"far.green_ratio_max", Kind::number}, {"far.local_floor", Kind::number}, {"far.local_floor_supplied_from", Kind::date},
        {"far.platform_floor", Kind::number},
        {"far.standard_land_density_max", Kind::number}, {"far.ancillary_land_share_max_raised", Kind::number},
        {"far.ancillary_floor_share_max_raised", Kind::number},
        {"far.platform_zone_words", Kind::text_list}, {"far.zone_share_min", Kind::number},
        {"far.ancillary_raised_zone_words", Kind::text_list}, {"far.ancillary_raised_classes", Kind::text_list},
        {"far.ancillary_raised_min_area_mu", Kind::number}, {"far.ancillary_building_uses", Kind::text_list},
        {"mujun.below_scale_min_mu", Kind::number}, {"mujun.benchmark", Kind::text}, {"mujun.benchmark_cite", Kind::text},
        {"mujun.quota_a", Kind::number}, {"mujun.quota_b", Kind::number}, {"mujun.quota_c", Kind::number},
        {"mujun.quota_d", Kind::number}, {"mujun.override_a_investment_10k", Kind::number},
        {"mujun.override_not_d_investment_10k", Kind::number}, {"mujun.tax_per_mu_plausible_max_10k", Kind::number},
        {"rules.unbuilt.min_unbuilt_mu", Kind::number}, {"rules.unbuilt.min_width_m", Kind::number},
        {"rules.tax_low.threshold_10k_per_mu", Kind::number}, {"rules.tax_low.years", Kind::number},
        {"rules.yiyuan.threshold_10k_per_mu", Kind::number}, {"rules.yiyuan.years", Kind::number},
        {"rules.yiyuan.revenue_min_10k", Kind::number},
        {"unsupplied.age_bucket_edges_years", Kind::number_list}, {"unsupplied.sliver_min_area_m2", Kind::number},
        {"unsupplied.clause", Kind::text}, {"unsupplied.clause_en", Kind::text},
        {"idle.not_started_years", Kind::number}, {"idle.recovery_years", Kind::number}, {"idle.fee_rate", Kind::number},
        {"idle.developed_share_min", Kind::number}, {"idle.invested_share_min", Kind::number},
        {"idle.stalled_years", Kind::number}, {"idle.enterprise_year_min_share", Kind::number},
        {"idle.start_footprint_share", Kind::number},
        {"adjacency.snap_m", Kind::number}, {"adjacency.min_shared_m", Kind::number},
        {"scattered.max_share_of_host", Kind::number}, {"scattered.max_area_mu", Kind::number},
        {"scattered.far_uplift_min", Kind::number}, {"scattered.gfa_share_min", Kind::number},
        {"scattered.sandwich_share_min", Kind::number},
        {"scattered.clause", Kind::text}, {"scattered.merge_clause", Kind::text},
        {"control_line.ratio", Kind::number}, {"control_line.compensate_first", Kind::boolean},
        {"control_line.inside_share_min", Kind::number}, {"control_line.outside_noise_m2", Kind::number}, {"control_line.swap_clause", Kind::text},
        {"control_line.ratio_nature_change", Kind::number}, {"control_line.nature_change_words", Kind::text_list},
        {"control_line.compensate_first_clause", Kind::text},
        {"supply_mix.industrial_share_min", Kind::number}, {"supply_mix.transfer_kinds", Kind::text_list},
        {"standard_land.energy_intensity_max_tce_per_10k", Kind::number},
        {"standard_land.clause", Kind::text}, {"standard_land.indicators", Kind::text_list},
        {"standard_land.optional_indicators", Kind::text_list}, {"standard_land.tolerance", Kind::number},
        {"standard_land.share_min", Kind::number}, {"standard_land.share_supplied_from", Kind::date},
        {"warnings.horizon_days", Kind::number},
        {"scattered.buyer_excluded_classes", Kind::text_list},
        {"reward.uplift_over", Kind::number}, {"reward.gfa_share_over", Kind::number}, {"reward.classes", Kind::text_list},
        {"reward.rates_by_class_yuan_per_m2", Kind::number_list}, {"reward.storeys_from", Kind::number_list},
        {"reward.storey_rates_yuan_per_m2", Kind::number_list}, {"reward.cap_10k", Kind::number},
        {"presale.invested_share_max", Kind::number}, {"presale.supply_kinds", Kind::text_list},
        {"presale.name", Kind::text}, {"presale.conditions", Kind::text},
        {"split.max_pieces", Kind::number}, {"split.min_piece_area_mu", Kind::number},
        {"split.whole_building_tolerance_m2", Kind::number}, {"split.plan_tolerance_m2", Kind::number},
        {"split.clause", Kind::text}, {"split.agreement_clause", Kind::text},
        {"split.agreement_supply_words", Kind::text_list}, {"split.ancillary_use_words", Kind::text_list},
    };
    return m;
}

// Which rules read each key (`profile show` prints it; unit.rules_profile checks every key has a
// reader; e2e.profile_keys_live proves each reader by changing the key). A key ending in '.'
// covers the keys under it; the longest match wins. "display" marks a key no rule judges by:
// profile metadata, targets tenglong cannot measure, and thresholds whose rule is not built yet (said in words).
const std::vector<std::pair<std::string, std::string>>& readers_table() {
    static const std::vector<std::pair<std::string, std::string>> t{
        {"profile.", "display"},
        {"land_use.industrial_prefixes", "R04.far R04.unbuilt R06.coverage R10 R11 R12 R16 R17 R18.share R21 R22"},
        {"land_use.industrial_cite", "display"}, {"land_use.industry_code_standard", "display"},
        {"land_rights.", "R12 check-merge(五)(七)"}, {"land_rights.cite", "display"},
        {"intensity.", "R04.far R04.unbuilt R06.coverage (容积率/建筑密度计算)"},
        {"intensity.overlapping_floors_cite", "display"},
        {"far.coverage_min", "R06.coverage R03 (开发比例代理 developed-share proxy)"}, {"far.contract_clause", "R04.far"},
        {"far.local_floor", "R04.far"}, {"far.local_floor_supplied_from", "R04.far"}, {"far.industry_min.", "R04.far"},
        {"far.ancillary_land_share_max", "R07.ancillary"}, {"far.green_ratio_max", "R08.green"},
        {"far.platform_floor", "R04.far (产业平台内新建项目)"}, {"far.platform_zone_words", "R04.far (产业平台内新建项目)"},
        {"far.zone_share_min", "R04.far R07.ancillary R07.ancillary_floor (宗地属于哪个园区/平台)"},
        {"far.ancillary_raised_zone_words", "R07.ancillary R07.ancillary_floor (放宽上限)"},
        {"far.ancillary_raised_classes", "R07.ancillary R07.ancillary_floor (放宽上限)"},
        {"far.ancillary_raised_min_area_mu", "R07.ancillary R07.ancillary_floor (放宽上限)"},
        {"far.standard_land_density_max", "R18.density (标准地新建项目的放宽建筑密度上限 a relaxed cap for new 标准地 projects)"},
        {"far.ancillary_land_share_max_raised", "R07.ancillary (放宽上限)"},
        {"far.ancillary_floor_share_max_raised", "R07.ancillary_floor (放宽条件下配套建筑面积占比; buildings.use)"},
        {"far.ancillary_building_uses", "R07.ancillary R07.ancillary_floor (建筑用途中计为配套者; buildings.use)"},
        {"mujun.", "R11.class_d R10 (亩均评价单元与分类)"},
        {"mujun.tax_per_mu_plausible_max_10k", "亩均数据单位检查 (R10 R11 R21 前置; the 亩均 table's unit check) R18.tax (约定值单位检查)"}, {"mujun.benchmark_cite", "display"},
        {"rules.ancillary.", "R07.ancillary R07.ancillary_floor"}, {"rules.green.", "R08.green"},
        {"rules.far.", "R04.far"}, {"rules.coverage.", "R06.coverage"}, {"rules.unbuilt.", "R04.unbuilt"},
        {"rules.tax_low.", "R10.tax_low"}, {"rules.yiyuan.", "R10.yiyuan"}, {"rules.class_d.", "R11.class_d"},
        {"rules.policy_flags.", "R20.policy_flags"},
        {"unsupplied.", "R01"},
        {"idle.", "R02 R02b R02p R03"}, {"idle.enterprise_year_min_share", "R21"},
        {"idle.start_footprint_share", "R02p R02 R02b R03 R21 (动工迹象 start evidence)"},
        {"idle.clause.", "R02p R02 R02b R02g R03 R03g R21 R22"}, {"idle.clause_en.", "R02p R02 R02b R02g R03 R03g R21 R22"},
        {"idle.name.", "R02p R02 R02b R02g R03 R03g R21 R22"}, {"idle.name_en.", "R02p R02 R02b R02g R03 R03g R21 R22"},
        {"idle.disposal.", "R02p R02 R02b R02g R03 R03g R21 R22"}, {"idle.disposal_en.", "R02p R02 R02b R02g R03 R03g R21 R22"},
        {"adjacency.", "R12 R15 (neighbors, check-merge, inspect gaps)"},
        {"scattered.", "R12 check-merge(五)"}, {"scattered.sandwich_share_min", "R12 (夹心地/边角地)"}, {"scattered.far_uplift_min", "check-merge(五)"},
        {"scattered.gfa_share_min", "check-merge(五)"}, {"scattered.merge_clause", "check-merge(七)"},
        {"control_line.", "R16"}, {"control_line.ratio", "R16 占补台账"}, {"control_line.compensate_first", "R16 占补台账"},
        {"control_line.compensate_first_clause", "R16 占补台账"}, {"control_line.ratio_nature_change", "R16 占补台账"},
        {"control_line.nature_change_words", "R16 占补台账"},
        {"supply_mix.", "R17.supply_mix"}, {"supply_mix.transfer_kinds", "R17.supply_mix R18.share"},
        {"warnings.horizon_days", "W01 预警 (cases/register.hpp early_warnings: warnings.csv)"},
        {"standard_land.", "R18.investment R18.far R18.tax R18.energy R18.emission R18.rd (标准地按约定对标)"},
        {"standard_land.share_min", "R18.share"}, {"standard_land.share_supplied_from", "R18.share"},
        {"standard_land.energy_intensity_max_tce_per_10k", "R18.energy_route (节能审查路由: 绿色通道 / 按标准审查; routing, never a failure)"},
        {"targets.", "T01.revitalized T01.revitalized_year T02.tax_per_mu T03.va_per_mu (按单位: 亩 / 亩/年 / 万元/亩; targets.csv)"},
        {"targets.industrial_park_entry_rate", "display: 不测量 (入园率需企业名录); not measured (T00.not_measured in targets.csv)"},
        {"targets.low_efficiency_blocks", "display: 不测量 (区块数); not measured (T00.not_measured in targets.csv)"},
        {"presale.", "R19.presale"},
        {"scattered.buyer_excluded_classes", "check-merge 7.buyer"}, {"reward.", "R14.reward (check-merge 奖励估算)"},
        {"split.", "R13 (check-split)"}, {"split.max_pieces", "R13.count (check-split)"},
        {"split.min_piece_area_mu", "R13.piece_area (check-split)"}, {"split.whole_building_tolerance_m2", "R13.whole_building (check-split)"},
        {"split.plan_tolerance_m2", "R13.plan (check-split)"}, {"split.agreement_clause", "R13.agreement (check-split)"},
        {"split.agreement_supply_words", "R13.agreement (check-split)"}, {"split.ancillary_use_words", "R13.ancillary (check-split)"},
    };
    return t;
}

const std::set<std::string>& sections() {
    static const std::set<std::string> s = [] {
        std::set<std::string> v{"profile", "land_use", "land_rights", "intensity", "far", "far.industry_min", "mujun",
                                "mujun.weights_above", "mujun.weights_below", "rules", "unsupplied", "idle", "idle.clause", "idle.clause_en",
                                "idle.name", "idle.name_en", "idle.disposal", "idle.disposal_en",
                                "adjacency", "scattered", "control_line", "supply_mix", "warnings", "targets", "standard_land", "split",
                                "presale", "reward"};
        for (const auto& r : kRules) v.insert("rules." + r);
        return v;
    }();
    return s;
}

std::optional<Kind> schema_kind(const std::string& path) {
    if (auto it = exact_keys().find(path); it != exact_keys().end()) return it->second;
    auto under = [&](const std::string& pre) { return path.size() > pre.size() && path.compare(0, pre.size(), pre) == 0
                                                      && path.find('.', pre.size()) == std::string::npos; };
    if (under("far.industry_min.")) {
        const std::string code = path.substr(17);
        if (code.size() == 2 && std::isdigit(static_cast<unsigned char>(code[0])) && std::isdigit(static_cast<unsigned char>(code[1])))
            return Kind::number;
        return std::nullopt;
    }
    if (under("targets.")) return Kind::number;
    static const std::set<std::string> idle_rules{"R02p", "R02", "R02b", "R02g", "R03", "R03g", "R21", "R22"};
    if (under("idle.clause.") && idle_rules.count(path.substr(12))) return Kind::text;
    if (under("idle.clause_en.") && idle_rules.count(path.substr(15))) return Kind::text;
    for (const char* words : {"idle.name.", "idle.name_en.", "idle.disposal.", "idle.disposal_en."}) {
        const std::string pre(words);
        if (under(pre) && idle_rules.count(path.substr(pre.size()))) return Kind::text;
    }
    static const std::set<std::string> metrics{"tax_per_mu", "value_added_per_mu", "va_per_tce", "va_per_t_emission",
                                               "va_per_employee", "rd_ratio", "tax_per_kwh"};
    if (under("mujun.weights_above.") && metrics.count(path.substr(20))) return Kind::number;
    if (under("mujun.weights_below.") && metrics.count(path.substr(20))) return Kind::number;
    for (const auto& r : kRules) {
        if (path == "rules." + r + ".enabled" || path == "rules." + r + ".industrial_only") return Kind::boolean;
    }
    return std::nullopt;
}

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::number: return "a cited number { value = ..., cite = \"...\" }";
        case Kind::number_list: return "a cited list { values = [...], cite = \"...\" }";
        case Kind::text: return "a string";
        case Kind::text_list: return "an array of strings";
        case Kind::boolean: return "true or false";
        case Kind::date: return "a date (2022-07-16)";
    }
    return "?";
}

// " (allowed here: far.coverage_min, far.local_floor, ...)" for the keys of a section.
std::string allowed_hint(const std::string& section) {
    std::vector<std::string> keys;
    const std::string pre = section.empty() ? std::string() : section + ".";
    for (const auto& [k, kind] : exact_keys())
        if (k.compare(0, pre.size(), pre) == 0 && k.find('.', pre.size()) == std::string::npos) keys.push_back(k);
    if (keys.empty()) return {};
    return fmt::format(" (allowed here 本节可用的键: {})", fmt::join(keys, ", "));
}

class Parser {
public:
    Parser(std::string label, fs::path base) : m_label(std::move(label)), m_base(std::move(base)) {}

    [[noreturn]] void fail(int line, const std::string& key, const std::string& msg) const {
        if (line > 0 && !key.empty()) throw ConfigError(m_label, fmt::format("line {}: key '{}': {}", line, key, msg));
        if (line > 0) throw ConfigError(m_label, fmt::format("line {}: {}", line, msg));
        throw ConfigError(m_label, key.empty() ? msg : fmt::format("key '{}': {}", key, msg));
    }

    void walk(const toml::table& t, const std::string& prefix, std::map<std::string, Param>& out) {
        for (auto&& [k, node] : t) {
            const std::string key{k.str()};
            const std::string path = prefix.empty() ? key : prefix + "." + key;
            const int line = static_cast<int>(node.source().begin.line);
            auto kind = schema_kind(path);
            if (!kind) {
                if (sections().count(path)) {
                    if (!node.is_table()) fail(line, path, "must be a table (section)");
                    walk(*node.as_table(), path, out);
                    continue;
                }
                std::string hint;
                if (path.rfind("rules.", 0) == 0) hint = fmt::format(" (known rules: {})", fmt::join(kRules, ", "));
                else hint = allowed_hint(prefix);
                fail(line, path, "unknown key: no rule reads it (没有规则读取此键)" + hint);
            }
            Param p;
            p.key = path;
            p.kind = *kind;
            p.file = m_label;
            p.line = line;
            switch (*kind) {
                case Kind::number:
                case Kind::number_list: read_cited(node, p); break;
                case Kind::text:
                    if (!node.is_string()) fail(line, path, std::string("must be ") + kind_name(*kind));
                    p.text = *node.value<std::string>();
                    break;
                case Kind::text_list: {
                    const auto* arr = node.as_array();
                    if (!arr) fail(line, path, std::string("must be ") + kind_name(*kind));
                    for (auto&& e : *arr) {
                        if (!e.is_string()) fail(static_cast<int>(e.source().begin.line), path, "array items must be strings");
                        p.texts.push_back(*e.value<std::string>());
                    }
                    break;
                }
                case Kind::boolean:
                    if (!node.is_boolean()) fail(line, path, std::string("must be ") + kind_name(*kind));
                    p.flag = *node.value<bool>();
                    break;
                case Kind::date: {
                    if (!node.is_date()) fail(line, path, std::string("must be ") + kind_name(*kind) + " without quotes");
                    const auto d = *node.value<toml::date>();
                    p.date = Date{d.year, d.month, d.day};
                    break;
                }
            }
            out[path] = std::move(p);
        }
    }

private:
    double read_number(const toml::node& n, int line, const std::string& key) const {
        if (n.is_integer()) return static_cast<double>(*n.value<std::int64_t>());
        if (n.is_floating_point()) return *n.value<double>();
        if (n.is_string()) {   // an exact fraction "1/3"
            const std::string s = *n.value<std::string>();
            const auto slash = s.find('/');
            char* e1 = nullptr; char* e2 = nullptr;
            if (slash != std::string::npos) {
                const std::string a = s.substr(0, slash), b = s.substr(slash + 1);
                const double num = std::strtod(a.c_str(), &e1), den = std::strtod(b.c_str(), &e2);
                if (!a.empty() && !b.empty() && *e1 == '\0' && *e2 == '\0' && den != 0) return num / den;
            }
        }
        fail(line, key, "value must be a number (or a fraction string such as \"1/3\")");
    }

    void read_cited(const toml::node& node, Param& p) const {
        if (!node.is_table()) {
            fail(p.line, p.key, fmt::format("number without citation: write {{ {} = {}, cite = \"文号 条款\" }}",
                                            p.kind == Kind::number ? "value" : "values",
                                            node.is_array() ? "[...]" : "..."));
        }
        const toml::table& t = *node.as_table();
        static const std::set<std::string> allowed{"value", "values", "cite", "quote", "fail_if", "wording", "unit", "year", "note",
                                                   "basis"};
        for (auto&& [k, v] : t) {
            if (!allowed.count(std::string{k.str()}))
                fail(static_cast<int>(v.source().begin.line), p.key + "." + std::string{k.str()},
                     "unknown field (allowed: value/values, cite, quote, fail_if, wording, unit, year, note, basis)");
        }
        if (p.kind == Kind::number) {
            const toml::node* v = t.get("value");
            if (!v) fail(p.line, p.key, "missing `value`");
            p.number = read_number(*v, p.line, p.key);
        } else {
            const toml::array* a = t.get_as<toml::array>("values");
            if (!a) fail(p.line, p.key, "missing `values = [...]`");
            for (auto&& e : *a) p.numbers.push_back(read_number(e, p.line, p.key));
        }
        auto str = [&](const char* f) -> std::string {
            const toml::node* n = t.get(f);
            if (!n) return {};
            if (!n->is_string()) fail(static_cast<int>(n->source().begin.line), p.key + "." + f, "must be a string");
            return *n->value<std::string>();
        };
        p.cite = str("cite");
        if (p.cite.find_first_not_of(" \t") == std::string::npos)
            fail(p.line, p.key, "number without citation: add cite = \"文号 条款\" (document number and clause)");
        p.quote = str("quote");
        p.wording = str("wording");
        p.unit = str("unit");
        p.note = str("note");
        p.basis = str("basis");
        if (const toml::node* y = t.get("year")) {
            if (!y->is_integer()) fail(static_cast<int>(y->source().begin.line), p.key + ".year", "must be an integer year");
            p.year = static_cast<int>(*y->value<std::int64_t>());
        }
        const std::string f = str("fail_if");
        if (!f.empty()) {
            if (f == "lt") p.fail_if = Comparison::lt;
            else if (f == "le") p.fail_if = Comparison::le;
            else if (f == "gt") p.fail_if = Comparison::gt;
            else if (f == "ge") p.fail_if = Comparison::ge;
            else fail(p.line, p.key + ".fail_if", "must be one of lt, le, gt, ge");
        }
    }

    std::string m_label;
    fs::path m_base;
}; // class Parser

std::string fnv1a(const std::string& bytes, std::uint64_t h = 1469598103934665603ull) {
    for (unsigned char ch : bytes) { h ^= ch; h *= 1099511628211ull; }
    return fmt::format("{:016x}", h);
}

std::optional<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<fs::path> builtin_dirs() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("TENGLONG_PROFILES_DIR"); env && *env) dirs.emplace_back(env);
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        dirs.push_back(fs::path(buf).parent_path().parent_path() / "share" / "tenglong" / "profiles");
    }
    dirs.emplace_back(fs::path(TENGLONG_SOURCE_DIR) / "profiles");
    return dirs;
}

// The text and label of a built-in profile; nullopt when unknown.
std::optional<std::pair<std::string, std::string>> builtin_text(const std::string& name) {
    for (const auto& d : builtin_dirs()) {
        const fs::path f = d / (name + ".toml");
        std::error_code ec;
        if (fs::is_regular_file(f, ec))
            if (auto t = read_file(f)) return std::make_pair(*t, f.string());
    }
    for (const auto& e : embedded())
        if (name == e.name) return std::make_pair(std::string(e.begin, e.end), std::string("embedded:") + e.name + ".toml");
    return std::nullopt;
}

bool looks_like_path(const std::string& s) {
    if (s.size() > 5 && s.compare(s.size() - 5, 5, ".toml") == 0) return true;
    return s.find('/') != std::string::npos;
}

Profile parse_with_parents(const std::string& text, const std::string& label, const fs::path& base_dir, int depth) {
    if (depth > 8) throw ConfigError(label, "`extends` chain deeper than 8 (a cycle?)");
    toml::table tbl;
    try {
        tbl = toml::parse(text, label);
    } catch (const toml::parse_error& e) {
        throw ConfigError(label, fmt::format("line {}, column {}: {}", e.source().begin.line, e.source().begin.column,
                                             e.description()));
    }
    Parser parser(label, base_dir);
    std::map<std::string, Param> own;
    parser.walk(tbl, "", own);

    Profile prof;
    if (auto it = own.find("profile.extends"); it != own.end()) {
        const std::string parent = it->second.text;
        if (looks_like_path(parent)) {
            fs::path pp = fs::path(parent).is_absolute() ? fs::path(parent) : base_dir / parent;
            auto t = read_file(pp);
            if (!t) parser.fail(it->second.line, "profile.extends", "cannot read \"" + pp.string() + "\"");
            prof = parse_with_parents(*t, pp.string(), pp.parent_path(), depth + 1);
        } else {
            auto bt = builtin_text(parent);
            if (!bt) parser.fail(it->second.line, "profile.extends", "no built-in profile \"" + parent + "\"");
            prof = parse_with_parents(bt->first, bt->second, fs::path(bt->second).parent_path(), depth + 1);
        }
        // The parent's own metadata does not describe the child.
        for (const char* k : {"profile.id", "profile.extends", "profile.name", "profile.jurisdiction", "profile.admin_code",
                              "profile.level", "profile.documents", "profile.effective_from", "profile.effective_to",
                              "profile.effective_cite", "profile.effective_quote", "profile.seed", "profile.note"})
            prof.params.erase(k);
    }
    for (auto& [k, v] : own) prof.params[k] = std::move(v);
    prof.chain.push_back(label);
    prof.content_hash = fnv1a(text, prof.content_hash.empty() ? 1469598103934665603ull
                                                              : std::strtoull(prof.content_hash.c_str(), nullptr, 16));
    return prof;
}

void finish(Profile& p, const std::string& label) {
    auto txt = [&](const char* k) { auto it = p.params.find(k); return it == p.params.end() ? std::string{} : it->second.text; };
    p.id = txt("profile.id");
    p.name = txt("profile.name");
    p.jurisdiction = txt("profile.jurisdiction");
    p.admin_code = txt("profile.admin_code");
    p.level = txt("profile.level");
    p.seed = txt("profile.seed");
    p.note = txt("profile.note");
    p.effective_cite = txt("profile.effective_cite");
    p.effective_quote = txt("profile.effective_quote");
    if (auto it = p.params.find("profile.documents"); it != p.params.end()) p.documents = it->second.texts;
    if (auto it = p.params.find("profile.effective_from"); it != p.params.end()) p.effective_from = it->second.date;
    if (auto it = p.params.find("profile.effective_to"); it != p.params.end()) p.effective_to = it->second.date;

    std::vector<std::string> missing;
    for (const auto& k : required_keys()) if (!p.params.count(k)) missing.push_back(k);
    auto need_if = [&](const char* rule, std::initializer_list<const char*> keys) {
        if (!p.rule_enabled(rule)) return;
        for (const char* k : keys) if (!p.params.count(k)) missing.push_back(k);
    };
    need_if("class_d", {"rules.class_d.clause"});
    need_if("ancillary", {"far.ancillary_land_share_max", "far.ancillary_building_uses"});
    need_if("green", {"far.green_ratio_max"});
    need_if("policy_flags", {"rules.policy_flags.clause"});
    need_if("far", {"far.contract_clause"});
    need_if("tax_low", {"rules.tax_low.threshold_10k_per_mu", "rules.tax_low.years"});
    need_if("yiyuan", {"rules.yiyuan.threshold_10k_per_mu", "rules.yiyuan.years", "rules.yiyuan.revenue_min_10k"});
    // A platform floor (舟山 二(一)1) and the raised 配套 caps (临海 (十四)) say where they apply.
    if (p.params.count("far.platform_floor"))
        for (const char* k : {"far.platform_zone_words", "far.zone_share_min", "far.local_floor_supplied_from"})
            if (!p.params.count(k)) missing.push_back(k);
    if (p.params.count("far.ancillary_land_share_max_raised"))
        for (const char* k : {"far.ancillary_raised_zone_words", "far.ancillary_raised_classes", "far.ancillary_raised_min_area_mu",
                              "far.zone_share_min"})
            if (!p.params.count(k)) missing.push_back(k);
    if (p.params.count("reward.cap_10k"))
        for (const char* k : {"reward.uplift_over", "reward.gfa_share_over", "reward.classes", "reward.rates_by_class_yuan_per_m2",
                              "reward.storeys_from", "reward.storey_rates_yuan_per_m2"})
            if (!p.params.count(k)) missing.push_back(k);
    if (p.params.count("presale.invested_share_max"))
        for (const char* k : {"presale.supply_kinds", "presale.name", "presale.conditions"})
            if (!p.params.count(k)) missing.push_back(k);
    // [split] (check-split, R13) is all or nothing: a county that states the clause states each of its keys.
    {
        static const char* const split_keys[] = {"split.max_pieces", "split.min_piece_area_mu", "split.whole_building_tolerance_m2",
                                                 "split.plan_tolerance_m2", "split.clause", "split.agreement_clause",
                                                 "split.agreement_supply_words", "split.ancillary_use_words"};
        const bool any = std::any_of(std::begin(split_keys), std::end(split_keys), [&](const char* k) { return p.params.count(k) > 0; });
        if (any)
            for (const char* k : split_keys) if (!p.params.count(k)) missing.push_back(k);
    }
    if (!missing.empty()) {
        // A profile's own [profile] keys (who issued it, from when) are never inherited: a county
        // profile that extends national still states them; the other keys come with `extends`.
        const bool only_own = std::all_of(missing.begin(), missing.end(),
                                          [](const std::string& k) { return k.rfind("profile.", 0) == 0; });
        throw ConfigError(label, fmt::format("missing required key{} {} ({})", missing.size() > 1 ? "s" : "",
                                             fmt::join(missing, ", "),
                                             only_own ? "add them under [profile]: a profile states its own jurisdiction and "
                                                        "dates, they are not inherited through `extends`"
                                                      : "add them, or `extends = \"national\"` in [profile]"));
    }
    for (const char* k : {"rules.tax_low.threshold_10k_per_mu", "rules.yiyuan.threshold_10k_per_mu", "far.local_floor",
                          "far.coverage_min", "rules.unbuilt.min_unbuilt_mu"}) {
        auto it = p.params.find(k);
        if (it != p.params.end() && !it->second.fail_if)
            throw ConfigError(it->second.file, fmt::format("line {}: key '{}': a rule threshold needs fail_if = \"lt\"|\"le\"|\"gt\"|\"ge\" "
                                                           "(decided by the clause wording: 以上/以下 include the number)", it->second.line, k));
    }
    // A local floor is a floor for new projects: it states from which supply date a parcel is one.
    if (auto lf = p.params.find("far.local_floor"); lf != p.params.end() && !p.params.count("far.local_floor_supplied_from"))
        throw ConfigError(lf->second.file, fmt::format("line {}: key 'far.local_floor': add far.local_floor_supplied_from = YYYY-MM-DD "
                                                       "(新建项目: 该日及以后供地的宗地适用本下限, 存量宗地不适用; the floor judges "
                                                       "parcels supplied on or after that day, never stock land)", lf->second.line));
    const double q = p.number("mujun.quota_a") + p.number("mujun.quota_b") + p.number("mujun.quota_c") + p.number("mujun.quota_d");
    if (std::abs(q - 1.0) > 1e-6) {
        const Param& qa = p.number_param("mujun.quota_a");
        throw ConfigError(qa.file, fmt::format("line {}: keys 'mujun.quota_a..quota_d': the class quotas sum to {:g}, not 1", qa.line, q));
    }
    if (p.id.empty()) throw ConfigError(label, "key 'profile.id' is empty");
    if (p.effective_from && p.effective_to && *p.effective_to < *p.effective_from)
        throw ConfigError(label, fmt::format("key 'profile.effective_to': {} is before effective_from {}",
                                             p.effective_to->iso(), p.effective_from->iso()));
}

std::string fmt_num(double v) { return fmt::format("{:g}", v); }

} // namespace

// ---- Profile -------------------------------------------------------------------------------

const Param* Profile::find(const std::string& key) const {
    auto it = params.find(key);
    return it == params.end() ? nullptr : &it->second;
}

const Param& Profile::number_param(const std::string& key) const {
    const Param* p = find(key);
    if (!p || p->kind != Param::Kind::number)
        throw ConfigError(chain.empty() ? std::string{} : chain.back(), fmt::format("key '{}': a cited number is required", key));
    return *p;
}

double Profile::number(const std::string& key) const { return number_param(key).number; }

std::optional<double> Profile::number_opt(const std::string& key) const {
    const Param* p = find(key);
    if (!p || p->kind != Param::Kind::number) return std::nullopt;
    return p->number;
}

bool Profile::flag(const std::string& key, bool fallback) const {
    const Param* p = find(key);
    return p && p->kind == Param::Kind::boolean ? p->flag : fallback;
}

std::string Profile::text(const std::string& key, const std::string& fallback) const {
    const Param* p = find(key);
    return p && p->kind == Param::Kind::text ? p->text : fallback;
}

std::vector<std::string> Profile::texts(const std::string& key) const {
    const Param* p = find(key);
    return p && p->kind == Param::Kind::text_list ? p->texts : std::vector<std::string>{};
}

std::vector<double> Profile::numbers(const std::string& key) const {
    const Param* p = find(key);
    return p && p->kind == Param::Kind::number_list ? p->numbers : std::vector<double>{};
}

Date Profile::date(const std::string& key) const {
    const Param* p = find(key);
    if (!p || p->kind != Param::Kind::date)
        throw ConfigError(chain.empty() ? std::string{} : chain.back(), fmt::format("key '{}': a date (YYYY-MM-DD) is required", key));
    return p->date;
}

std::vector<std::string> Profile::children(const std::string& prefix) const {
    std::vector<std::string> out;
    const std::string pre = prefix + ".";
    for (auto it = params.lower_bound(pre); it != params.end() && it->first.compare(0, pre.size(), pre) == 0; ++it)
        if (it->first.find('.', pre.size()) == std::string::npos) out.push_back(it->first.substr(pre.size()));
    return out;
}

bool Profile::in_force(const Date& d) const {
    if (effective_from && d < *effective_from) return false;
    if (effective_to && d > *effective_to) return false;
    return true;
}

std::string Profile::validity_note(const Date& d) const {
    if (effective_from && d < *effective_from) return "not yet in force on " + d.iso() + " (from " + effective_from->iso() + ")";
    if (effective_to && d > *effective_to) return "expired on " + effective_to->iso() + " (as of " + d.iso() + "): historical rules";
    return "in force on " + d.iso();
}

const std::vector<std::string>& required_keys() {
    static const std::vector<std::string> keys{
        "profile.id", "profile.name", "profile.jurisdiction", "profile.effective_from",
        "land_use.industrial_prefixes",
        "land_rights.state_owner_patterns", "land_rights.supplied_tenures", "land_rights.unsupplied_tenures",
        "land_rights.collective_tenures",
        "intensity.storey_double_height_m", "intensity.storey_double_factor",
        "intensity.half_area_below_storey_height_m", "intensity.half_area_factor",
        "intensity.estimate_storey_height_m", "intensity.industrial_estimate_storey_height_m",
        "intensity.max_plausible_floors", "intensity.registered_area_tolerance",
        "far.coverage_min",
        "mujun.below_scale_min_mu", "mujun.tax_per_mu_plausible_max_10k",
        "standard_land.clause", "standard_land.indicators", "standard_land.optional_indicators", "standard_land.tolerance", "mujun.quota_a", "mujun.quota_b", "mujun.quota_c", "mujun.quota_d",
        "rules.far.enabled", "rules.coverage.enabled", "rules.unbuilt.enabled", "rules.unbuilt.min_unbuilt_mu", "rules.unbuilt.min_width_m",
        "rules.ancillary.enabled", "rules.green.enabled", "rules.tax_low.enabled", "rules.yiyuan.enabled", "rules.class_d.enabled", "rules.policy_flags.enabled",
        "unsupplied.age_bucket_edges_years", "unsupplied.sliver_min_area_m2", "unsupplied.clause", "unsupplied.clause_en",
        "idle.not_started_years", "idle.recovery_years", "idle.fee_rate", "idle.developed_share_min",
        "idle.invested_share_min", "idle.stalled_years", "idle.enterprise_year_min_share", "idle.start_footprint_share",
        "idle.clause.R02p", "idle.clause.R02", "idle.clause.R02b", "idle.clause.R02g", "idle.clause.R03", "idle.clause.R03g",
        "idle.clause.R21", "idle.clause.R22",
        "idle.clause_en.R02p", "idle.clause_en.R02", "idle.clause_en.R02b", "idle.clause_en.R02g", "idle.clause_en.R03",
        "idle.clause_en.R03g", "idle.clause_en.R21", "idle.clause_en.R22",
        "idle.name.R02p", "idle.name.R02", "idle.name.R02b", "idle.name.R02g", "idle.name.R03", "idle.name.R03g", "idle.name.R21",
        "idle.name.R22", "idle.name_en.R02p", "idle.name_en.R02", "idle.name_en.R02b", "idle.name_en.R02g", "idle.name_en.R03",
        "idle.name_en.R03g", "idle.name_en.R21", "idle.name_en.R22",
        "idle.disposal.R02p", "idle.disposal.R02", "idle.disposal.R02b", "idle.disposal.R02g", "idle.disposal.R03",
        "idle.disposal.R03g", "idle.disposal.R21", "idle.disposal.R22", "idle.disposal_en.R02p", "idle.disposal_en.R02",
        "idle.disposal_en.R02b", "idle.disposal_en.R02g", "idle.disposal_en.R03", "idle.disposal_en.R03g", "idle.disposal_en.R21",
        "idle.disposal_en.R22",
        "adjacency.snap_m", "adjacency.min_shared_m",
        "scattered.max_share_of_host", "scattered.max_area_mu", "scattered.far_uplift_min", "scattered.gfa_share_min",
        "scattered.sandwich_share_min", "scattered.clause",
        "supply_mix.industrial_share_min", "supply_mix.transfer_kinds",
        "control_line.ratio", "control_line.inside_share_min", "control_line.outside_noise_m2", "control_line.swap_clause", "control_line.compensate_first_clause",
    };
    return keys;
}

std::optional<std::string> embedded_profile_text(const std::string& name) {
    for (const auto& e : embedded()) if (name == e.name) return std::string(e.begin, e.end);
    return std::nullopt;
}

std::vector<BuiltinProfile> builtin_profiles() {
    std::map<std::string, std::string> found;
    for (const auto& e : embedded()) found[e.name] = "embedded";
    auto dirs = builtin_dirs();
    for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {   // earlier directories win
        std::error_code ec;
        if (!fs::is_directory(*d, ec)) continue;
        for (const auto& ent : fs::directory_iterator(*d, ec))
            if (ent.path().extension() == ".toml") found[ent.path().stem().string()] = ent.path().string();
    }
    std::vector<BuiltinProfile> out;
    if (auto it = found.find("national"); it != found.end()) out.push_back({it->first, it->second});
    for (const auto& [n, loc] : found) if (n != "national") out.push_back({n, loc});
    return out;
}

Profile parse_profile(const std::string& toml_text, const std::string& label, const fs::path& base_dir) {
    Profile p = parse_with_parents(toml_text, label, base_dir, 0);
    finish(p, label);
    return p;
}

Profile load_profile(const std::string& name_or_path) {
    std::error_code ec;
    if (looks_like_path(name_or_path) || fs::is_regular_file(name_or_path, ec)) {
        const fs::path f(name_or_path);
        auto t = read_file(f);
        if (!t) throw ConfigError(name_or_path, "cannot read the profile file");
        return parse_profile(*t, f.string(), f.parent_path());
    }
    auto bt = builtin_text(name_or_path);
    if (!bt) {
        std::vector<std::string> names;
        for (const auto& b : builtin_profiles()) names.push_back(b.name);
        throw ConfigError("", fmt::format("no built-in profile \"{}\" (built-in: {}; or give a path to a .toml file)",
                                          name_or_path, fmt::join(names, ", ")));
    }
    Profile p = parse_profile(bt->first, bt->second, fs::path(bt->second).parent_path());
    if (p.id != name_or_path) throw ConfigError(bt->second, fmt::format("key 'profile.id' is \"{}\", expected \"{}\"", p.id, name_or_path));
    return p;
}

std::string readers_of(const std::string& key) {
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& e : readers_table()) {
        const bool match = e.first.back() == '.' ? key.compare(0, e.first.size(), e.first) == 0 : key == e.first;
        if (match && (!best || e.first.size() > best->first.size())) best = &e;
    }
    return best ? best->second : std::string{};
}

bool display_only(const std::string& key) { return readers_of(key).rfind("display", 0) == 0; }

std::string describe(const Profile& p) {
    std::string s;
    s += fmt::format("profile   {}  —  {}\n", p.id, p.name);
    s += fmt::format("jurisdiction {}{}{}\n", p.jurisdiction, p.admin_code.empty() ? "" : " (" + p.admin_code + ")",
                     p.level.empty() ? "" : ", " + p.level);
    s += fmt::format("effective {} → {}{}\n", p.effective_from ? p.effective_from->iso() : "?",
                     p.effective_to ? p.effective_to->iso() : "(open)",
                     p.effective_cite.empty() ? "" : "   [" + p.effective_cite + "]");
    for (const auto& d : p.documents) s += "document  " + d + "\n";
    if (!p.note.empty()) s += "note      " + p.note + "\n";
    s += fmt::format("files     {}\n", fmt::join(p.chain, " ← "));
    s += fmt::format("hash      {}\n\n", p.content_hash);
    for (const auto& [k, v] : p.params) {
        if (k.rfind("profile.", 0) == 0) continue;
        std::string val;
        switch (v.kind) {
            case Param::Kind::number: val = fmt_num(v.number); break;
            case Param::Kind::number_list: {
                std::vector<std::string> parts;
                for (double d : v.numbers) parts.push_back(fmt_num(d));
                val = "[" + fmt::format("{}", fmt::join(parts, ", ")) + "]";
                break;
            }
            case Param::Kind::text: val = "\"" + v.text + "\""; break;
            case Param::Kind::text_list: val = "[" + fmt::format("{}", fmt::join(v.texts, ", ")) + "]"; break;
            case Param::Kind::boolean: val = v.flag ? "true" : "false"; break;
            case Param::Kind::date: val = v.date.iso(); break;
        }
        if (!v.unit.empty()) val += " " + v.unit;
        if (v.year) val += fmt::format(" ({})", *v.year);
        s += fmt::format("{} = {}", k, val);
        if (v.fail_if) s += fmt::format("   fails if measured {} {}", to_symbol(*v.fail_if), fmt_num(v.number));
        s += "\n";
        if (!v.cite.empty()) s += "    cite:  " + v.cite + "\n";
        if (!v.quote.empty()) s += "    quote: 「" + v.quote + "」\n";
        if (!v.wording.empty()) s += "    rule:  " + v.wording + "\n";
        const std::string readers = readers_of(k);
        s += display_only(k) ? "    仅显示 (不参与判定) display only" + (readers.size() > 7 ? readers.substr(7) : std::string()) + "\n"
                             : "    判定规则 read by: " + readers + "\n";
        s += fmt::format("    from:  {}:{}\n", v.file, v.line);
    }
    return s;
}

std::optional<ProfileSuggestion> suggest_profile(const std::vector<std::string>& parcel_codes) {
    if (parcel_codes.empty()) return std::nullopt;
    std::optional<ProfileSuggestion> best;
    for (const auto& b : builtin_profiles()) {
        Profile p;
        try { p = load_profile(b.name); } catch (const std::exception&) { continue; }
        std::string code = p.admin_code;
        while (code.size() > 4 && code.size() % 2 == 0 && code.compare(code.size() - 2, 2, "00") == 0) code.resize(code.size() - 2);
        if (code.empty()) continue;
        std::size_t hits = 0;
        for (const auto& id : parcel_codes) hits += id.compare(0, code.size(), code) == 0 ? 1 : 0;
        const double share = static_cast<double>(hits) / static_cast<double>(parcel_codes.size());
        if (share >= 0.5 && (!best || share > best->share)) best = ProfileSuggestion{p.id, p.jurisdiction, p.admin_code, share};
    }
    return best;
}

} // namespace tl::rules
