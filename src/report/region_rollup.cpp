#include "report/region_rollup.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "report/html.hpp"
#include "report/output_dir.hpp"
#include "report/styles.hpp"
#include "rules/profile.hpp"

namespace tl::report {

namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

namespace {

struct Text {
    Lang lang;
    std::string operator()(const std::string& zh, const std::string& en) const { return lang == Lang::zh ? zh : en; }
}; // struct Text

// The categories summed (summary.json categories.<id>) and the shortlists combined (<name>.csv).
const std::vector<std::string>& category_ids() {
    static const std::vector<std::string> ids{"unsupplied", "idle", "inefficient", "scattered", "control_line"};
    return ids;
}
const std::vector<std::string>& list_names() {
    static const std::vector<std::string> names{"unsupplied", "idle", "idle_rules", "inefficient", "inefficient_rules",
                                                "scattered", "control_line", "control_line_ledger"};
    return names;
}

// Counters and areas that add up across counties. Ratios (supply_rate, FAR, benchmarks) do not,
// and are never averaged here: a region's ratio needs the counties' numerators, not theirs.
bool summable(const std::string& k) {
    static const std::set<std::string> keys{
        "count", "area_m2", "area_mu", "pieces", "leftovers", "leftovers_listed", "found_area_m2", "hosts", "within_cap", "too_large", "industrial_parcels",
        "ledger_rows", "parcels", "industrial_area_m2", "industrial_area_mu", "floor_area_m2", "footprint_area_m2",
        "supplies_evaluated", "supplies_not_evaluable", "batches_failed", "batches_after_as_of", "pass", "fail",
        "not_applicable", "indeterminate", "fail_area_m2", "fail_area_mu", "fee_estimate_10k_cny",
        "parcels_with_indeterminate_rules"};
    return keys.count(k) > 0;
}
// Sub-objects whose summable numbers add up too; in the by_* ones every entry (a rule, an age bucket).
bool summable_group(const std::string& k) {
    static const std::set<std::string> keys{"by_age_bucket", "by_rule", "idle_legal", "batches_analysed", "supplied",
                                            "slivers_dropped"};
    return keys.count(k) > 0;
}

// acc += v, integers staying integers; additions in the caller's (the region file's) order.
void add_num(J& acc, const J& v) {
    if (!v.is_number()) return;
    if (acc.is_null()) {
        acc = v;
    } else if (acc.is_number_integer() && v.is_number_integer()) {
        acc = acc.get<std::int64_t>() + v.get<std::int64_t>();
    } else {
        acc = acc.get<double>() + v.get<double>();
    }
}

// `entry`: v is one entry of a by_* group (a rule, an age bucket): its name is kept too.
void sum_into(J& acc, const J& v, bool entry) {
    if (!v.is_object()) return;
    if (!acc.is_object()) acc = J::object();
    for (const auto& [k, x] : v.items()) {
        if (x.is_number() && summable(k)) {
            add_num(acc[k], x);
        } else if (entry && k == "name" && x.is_string()) {
            if (!acc.contains("name")) acc[k] = x;
        } else if (x.is_object() && summable_group(k)) {
            if (k.rfind("by_", 0) != 0) {
                sum_into(acc[k], x, false);
                continue;
            }
            J& group = acc[k];
            if (!group.is_object()) group = J::object();
            for (const auto& [ek, ex] : x.items())
                if (ex.is_object()) sum_into(group[ek], ex, true);
        }
    }
}

const J* member(const J& j, const char* key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

const J* ran_category(const J& summary, const std::string& id) {
    const J* cats = member(summary, "categories");
    const J* c = cats ? member(*cats, id.c_str()) : nullptr;
    if (!c || !c->is_object()) return nullptr;
    const J* ran = member(*c, "ran");
    if (ran && ran->is_boolean() && !ran->get<bool>()) return nullptr;
    return c;
}

std::optional<double> num_at(const J* j, std::initializer_list<const char*> path) {
    for (const char* k : path) {
        if (!j) return std::nullopt;
        j = member(*j, k);
    }
    if (!j || !j->is_number()) return std::nullopt;
    return j->get<double>();
}

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.rfind("-0", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos) s = s.substr(1);
    return s;
}

std::string grouped(double v, int decimals) {
    std::string s = fixed(v, decimals);
    if (s.empty()) return s;
    const bool neg = s[0] == '-';
    if (neg) s = s.substr(1);
    const auto dot = s.find('.');
    std::string ip = s.substr(0, dot), fp = dot == std::string::npos ? "" : s.substr(dot);
    std::string g;
    for (std::size_t i = 0; i < ip.size(); ++i) {
        if (i && (ip.size() - i) % 3 == 0) g += ',';
        g += ip[i];
    }
    return (neg ? "-" : "") + g + fp;
}

std::string count_text(const J& v) {
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) return fixed(v.get<double>(), 0);
    return "";
}

std::string esc(const std::string& s) { return html_escape(s); }

// A relative URL to a county's file: every byte but the unreserved ones percent-encoded.
std::string url_path(const std::string& s) {
    std::string out;
    for (unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/') {
            out += static_cast<char>(ch);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        }
    }
    return out;
}

// ---- CSV (RFC 4180, as report/table.cpp writes it: UTF-8 BOM, CRLF, quotes where needed) ----

bool read_record(std::istream& in, std::vector<std::string>& rec) {
    rec.clear();
    std::string field;
    bool quoted = false, any = false;
    std::streambuf* sb = in.rdbuf();
    for (int c = sb->sbumpc(); c != EOF; c = sb->sbumpc()) {
        any = true;
        if (quoted) {
            if (c == '"') {
                if (sb->sgetc() == '"') {
                    sb->sbumpc();
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                field += static_cast<char>(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rec.push_back(std::move(field));
            field.clear();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && sb->sgetc() == '\n') sb->sbumpc();
            rec.push_back(std::move(field));
            return true;
        } else {
            field += static_cast<char>(c);
        }
    }
    if (!any) return false;
    rec.push_back(std::move(field));
    return true;
}

void append_csv(std::string& line, const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) {
        line += s;
        return;
    }
    line += '"';
    for (char ch : s) {
        if (ch == '"') line += '"';
        line += ch;
    }
    line += '"';
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        append_csv(line, cells[i]);
    }
    return line + "\r\n";
}

std::ifstream open_csv(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError(file.string(), "cannot read the county's shortlist");
    char bom[3] = {0, 0, 0};
    in.read(bom, 3);
    if (!(in.gcount() == 3 && bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')) {
        in.clear();
        in.seekg(0);
    }
    return in;
}

class OutFile {
public:
    explicit OutFile(fs::path file) : m_file(std::move(file)), m_out(m_file, std::ios::binary) {
        if (!m_out) throw IoError(m_file.string(), "cannot create file");
    }
    OutFile& operator<<(const std::string& s) {
        m_out.write(s.data(), static_cast<std::streamsize>(s.size()));
        return *this;
    }
    void close() {
        m_out.flush();
        if (!m_out) throw IoError(m_file.string(), "write failed (disk full?)");
        m_out.close();
    }
private:
    fs::path m_file;
    std::ofstream m_out;
}; // class OutFile

// ---- counties ------------------------------------------------------------------------------

struct County {
    const io::RegionCounty* def = nullptr;
    bool ok = false;
    std::string error;
    J summary;
}; // struct County

// The last error line of a log ("tenglong: 错误: ", or "tenglong: error: " under --lang en),
// without that prefix; empty when there is none.
std::string log_error(const fs::path& log) {
    std::ifstream in(log, std::ios::binary);
    if (!in) return {};
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        for (const std::string mark : {"tenglong: error: ", "tenglong: 错误: "}) {
            const auto p = line.find(mark);
            if (p != std::string::npos) last = line.substr(p + mark.size());
        }
    }
    return last;
}

County read_county(const io::Region& region, const io::RegionCounty& def, const fs::path& out, const Text& T) {
    County c;
    c.def = &def;
    const fs::path dir = out / def.name;
    const fs::path sum = dir / "summary.json";
    const std::string log_name = "logs/" + def.name + ".log";
    std::error_code ec;
    const bool has_summary = fs::is_regular_file(sum, ec);
    std::string err = log_error(county_log(out, def.name));
    // Results newer than the log's error: the county was run again by hand (not through its job
    // line, which rewrites the log) after the failure, and those results count.
    if (!err.empty() && has_summary) {
        const auto t_sum = fs::last_write_time(sum, ec);
        const auto t_log = fs::last_write_time(county_log(out, def.name), ec);
        if (!ec && t_sum > t_log) err.clear();
    }
    if (!err.empty()) {
        c.error = err;
        if (has_summary)
            c.error += T("；" + def.name + "/ 中是上次的结果，未计入", "; " + def.name + "/ holds a previous run's results, not counted");
        return c;
    }
    if (!has_summary) {
        c.error = T("没有结果：作业未运行或未完成（见 " + log_name + "）",
                    "no results: the job did not run or did not finish (see " + log_name + ")");
        return c;
    }
    try {
        std::ifstream in(sum, std::ios::binary);
        c.summary = J::parse(in);
    } catch (const std::exception&) {
        c.error = T(def.name + "/summary.json 无法读取（不是 JSON），请重新运行该县",
                    def.name + "/summary.json is not readable JSON; run the county again");
        return c;
    }
    const std::string as_of = c.summary.value("as_of", "");
    if (as_of != region.as_of.iso()) {
        c.error = T("结果的基准日为 " + as_of + "，区域为 " + region.as_of.iso() + "；请按区域的基准日重新运行该县",
                    "the results are as of " + as_of + ", the region as of " + region.as_of.iso() +
                        "; run the county again as of the region's date");
        return c;
    }
    c.ok = true;
    return c;
}

// ---- the roll-up's parts -----------------------------------------------------------------------

struct TargetRow {
    std::string key, unit, cite, category;
    double value = 0;
    std::optional<int> year;
}; // struct TargetRow

std::vector<TargetRow> region_targets(const io::Region& region) {
    std::vector<TargetRow> out;
    if (region.profile.empty()) return out;
    const rules::Profile p = rules::load_profile(region.profile);
    for (const auto& k : p.children("targets")) {
        const rules::Param* t = p.find("targets." + k);
        if (!t || t->kind != rules::Param::Kind::number) continue;
        out.push_back({k, t->unit, t->cite, target_category(k), t->number, t->year});
    }
    return out;
}

// The county's 亩均 figure a per-mu target is measured against (its above-scale benchmark).
std::optional<double> mujun_figure(const J& summary, const std::string& target_key) {
    const J* ineff = ran_category(summary, "inefficient");
    if (target_key == "above_scale_tax_per_mu_10k") return num_at(ineff, {"mujun", "benchmarks_above_scale", "tax_per_mu"});
    if (target_key == "above_scale_va_per_mu_10k") return num_at(ineff, {"mujun", "benchmarks_above_scale", "value_added_per_mu"});
    return std::nullopt;
}

J build_summary(const io::Region& region, const std::vector<County>& counties, const std::vector<TargetRow>& targets,
                const Text& T) {
    J s;
    s["tool"] = std::string("tenglong ") + TENGLONG_VERSION;
    s["region"] = region.name;
    s["level"] = region.level;
    s["as_of"] = region.as_of.iso();
    s["profile"] = region.profile.empty() ? J(nullptr) : J(region.profile);
    s["area_units"] = {{"m2_per_mu", "10000/15"}};
    std::size_t ok = 0;
    J list = J::array();
    for (const auto& c : counties) {
        J e;
        e["name"] = c.def->name;
        e["source"] = c.def->source;
        const std::string& prof = region.profile_of(*c.def);
        e["profile"] = c.ok ? c.summary.value("profile", prof) : prof;
        e["status"] = c.ok ? "ok" : "failed";
        if (c.ok) e["results"] = c.def->name + "/";
        else e["error"] = c.error;
        ok += c.ok ? 1 : 0;
        list.push_back(e);
    }
    s["counties_total"] = counties.size();
    s["counties_ok"] = ok;
    s["counties_failed"] = counties.size() - ok;
    s["counties"] = list;
    s["sums"] = T("各县 summary.json 数值之和（按区域文件中的顺序相加）；比率不汇总",
                  "sums of the counties' summary.json numbers, added in the region file's order; ratios are not summed");

    J cats = J::object();
    for (const auto& id : category_ids()) {
        J acc = J::object();
        J by = J::object();
        std::size_t ran = 0;
        acc["counties_ran"] = 0;
        for (const auto& c : counties) {
            if (!c.ok) continue;
            const J* cj = ran_category(c.summary, id);
            if (!cj) {
                by[c.def->name] = {{"ran", false}};
                continue;
            }
            ++ran;
            J one = J::object();
            for (const char* k : {"count", "area_m2", "area_mu"})
                if (const J* v = member(*cj, k)) one[k] = *v;
            by[c.def->name] = one;
            sum_into(acc, *cj, false);
        }
        acc["counties_ran"] = ran;
        acc["by_county"] = by;
        cats[id] = acc;
    }
    s["categories"] = cats;

    // 亩均: the classes add up; the counties' benchmarks (Σ tax / Σ mu of each county) stay per county.
    J mujun = J::object();
    J classes = J::object();
    J mby = J::object();
    for (const auto& c : counties) {
        if (!c.ok) continue;
        const J* ineff = ran_category(c.summary, "inefficient");
        const J* m = ineff ? member(*ineff, "mujun") : nullptr;
        if (!m || !m->is_object()) continue;
        for (const char* k : {"units", "evaluated"})
            if (const J* v = member(*m, k)) add_num(mujun[k], *v);
        if (const J* cl = member(*m, "classes"))
            for (const auto& [k, v] : cl->items()) add_num(classes[k], v);
        J one = J::object();
        if (const J* v = member(*m, "year")) one["year"] = *v;
        if (const J* b = member(*m, "benchmarks_above_scale")) {
            if (const J* v = member(*b, "tax_per_mu")) one["above_scale_tax_per_mu_10k"] = *v;
            if (const J* v = member(*b, "value_added_per_mu")) one["above_scale_va_per_mu_10k"] = *v;
        }
        if (const J* cl = member(*m, "classes")) one["classes"] = *cl;
        mby[c.def->name] = one;
    }
    mujun["classes"] = classes;
    mujun["by_county"] = mby;
    s["mujun"] = mujun;

    J tj = J::array();
    for (const auto& t : targets) {
        J e;
        e["key"] = t.key;
        e["name"] = target_label(t.key, T.lang);
        e["value"] = t.value;
        e["unit"] = t.unit;
        e["year"] = t.year ? J(*t.year) : J(nullptr);
        e["cite"] = t.cite;
        if (!t.category.empty()) {
            e["category"] = t.category;
            const J& cat = cats[t.category];
            e["held_area_mu"] = cat.contains("area_mu") ? cat["area_mu"] : J(nullptr);
            e["held_count"] = cat.contains("count") ? cat["count"] : J(nullptr);
        } else if (t.key == "above_scale_tax_per_mu_10k" || t.key == "above_scale_va_per_mu_10k") {
            J met = J::object();
            for (const auto& c : counties) {
                if (!c.ok) continue;
                if (const auto v = mujun_figure(c.summary, t.key)) met[c.def->name] = {{"value", *v}, {"meets", *v >= t.value}};
            }
            e["by_county"] = met;
        }
        tj.push_back(e);
    }
    s["targets"] = tj;

    J layers = J::object();
    J issues = J::object();
    J by_kind = J::object();
    for (const auto& c : counties) {
        if (!c.ok) continue;
        if (const J* l = member(c.summary, "layers"))
            for (const auto& [name, v] : l->items())
                for (const auto& [k, x] : v.items()) add_num(layers[name][k], x);
        if (const J* is = member(c.summary, "issues")) {
            if (const J* t = member(*is, "total")) add_num(issues["total"], *t);
            if (const J* bk = member(*is, "by_kind"))
                for (const auto& [k, v] : bk->items()) add_num(by_kind[k], v);
        }
    }
    if (!issues.contains("total")) issues["total"] = 0;
    issues["by_kind"] = by_kind;
    s["layers"] = layers;
    s["issues"] = issues;
    return s;
}

void write_region_csv(const J& summary, const std::vector<County>& counties, const std::vector<TargetRow>& targets,
                      const Text& T, const fs::path& file) {
    std::vector<std::string> head{T("县(市、区)", "county"), T("状态", "status"), T("政策配置", "profile")};
    for (const auto& id : category_ids()) {
        const auto& st = category_style(id);
        head.push_back(st.label(T.lang) + T("数量", " count"));
        head.push_back(st.label(T.lang) + T("面积(亩)", " area (mu)"));
    }
    std::vector<const TargetRow*> per_mu;
    for (const auto& t : targets)
        if (t.key == "above_scale_tax_per_mu_10k" || t.key == "above_scale_va_per_mu_10k") per_mu.push_back(&t);
    head.push_back(T("规上亩均税收(万元/亩)", "above-scale tax per mu (10k CNY)"));
    head.push_back(T("规上亩均增加值(万元/亩)", "above-scale value added per mu (10k CNY)"));
    for (const auto* t : per_mu) head.push_back(target_label(t->key, T.lang) + T("达到目标 ", " meets target ") + grouped(t->value, 0));
    for (const char* cl : {"A", "B", "C", "D"}) head.push_back(T(std::string("亩均") + cl + "类", std::string("mujun class ") + cl));
    head.push_back(T("数据问题", "data issues"));
    head.push_back(T("错误", "error"));

    OutFile out(file);
    out << "\xEF\xBB\xBF" << csv_line(head);
    for (const auto& c : counties) {
        std::vector<std::string> row{c.def->name, c.ok ? T("完成", "done") : T("失败", "failed"),
                                     summary["counties"][&c - counties.data()]["profile"].is_string()
                                         ? summary["counties"][&c - counties.data()]["profile"].get<std::string>() : ""};
        for (const auto& id : category_ids()) {
            const J* cj = c.ok ? ran_category(c.summary, id) : nullptr;
            const J* n = cj ? member(*cj, "count") : nullptr;
            const auto mu = num_at(cj, {"area_mu"});
            row.push_back(n ? count_text(*n) : "");
            row.push_back(mu ? fixed(*mu, 2) : "");
        }
        const J* ineff = c.ok ? ran_category(c.summary, "inefficient") : nullptr;
        const auto tax = num_at(ineff, {"mujun", "benchmarks_above_scale", "tax_per_mu"});
        const auto va = num_at(ineff, {"mujun", "benchmarks_above_scale", "value_added_per_mu"});
        row.push_back(tax ? fixed(*tax, 2) : "");
        row.push_back(va ? fixed(*va, 2) : "");
        for (const auto* t : per_mu) {
            const auto v = c.ok ? mujun_figure(c.summary, t->key) : std::nullopt;
            row.push_back(v ? (*v >= t->value ? T("是", "yes") : T("否", "no")) : "");
        }
        const J* classes = ineff ? member(*ineff, "mujun") : nullptr;
        classes = classes ? member(*classes, "classes") : nullptr;
        for (const char* cl : {"A", "B", "C", "D"}) {
            const J* v = classes ? member(*classes, cl) : nullptr;
            row.push_back(v ? count_text(*v) : "");
        }
        const J* issues = c.ok ? member(c.summary, "issues") : nullptr;
        const J* total = issues ? member(*issues, "total") : nullptr;
        row.push_back(total ? count_text(*total) : "");
        row.push_back(c.error);
        out << csv_line(row);
    }
    // 合计: the sums in summary.json, rounded as the rows are.
    std::vector<std::string> row{T("合计", "total"), T("完成 ", "done ") + count_text(summary["counties_ok"]) + "/" +
                                                         count_text(summary["counties_total"]), ""};
    for (const auto& id : category_ids()) {
        const J& cat = summary["categories"][id];
        row.push_back(cat.contains("count") ? count_text(cat["count"]) : "");
        row.push_back(cat.contains("area_mu") && cat["area_mu"].is_number() ? fixed(cat["area_mu"].get<double>(), 2) : "");
    }
    row.push_back("");
    row.push_back("");
    for (std::size_t k = 0; k < per_mu.size(); ++k) row.push_back("");
    const J& classes = summary["mujun"]["classes"];
    for (const char* cl : {"A", "B", "C", "D"}) row.push_back(classes.contains(cl) ? count_text(classes[cl]) : "");
    row.push_back(count_text(summary["issues"]["total"]));
    row.push_back("");
    out << csv_line(row);
    out.close();
}

// Every county's <name>.csv in one file with a first column 县(市、区); returns false when no
// county has the list. Columns: the union of the counties' headers in first-seen order.
bool write_combined_list(const std::string& name, const std::vector<County>& counties, const fs::path& out_dir,
                         const Text& T, const fs::path& file) {
    std::vector<std::string> columns;
    std::map<std::string, std::size_t> index;
    std::vector<std::pair<const County*, std::vector<std::size_t>>> sources;
    std::vector<std::string> rec;
    for (const auto& c : counties) {
        if (!c.ok) continue;
        const fs::path f = out_dir / c.def->name / (name + ".csv");
        std::error_code ec;
        if (!fs::is_regular_file(f, ec)) continue;
        std::ifstream in = open_csv(f);
        if (!read_record(in, rec)) continue;
        std::vector<std::size_t> map;
        for (const auto& h : rec) {
            auto it = index.find(h);
            if (it == index.end()) {
                it = index.emplace(h, columns.size()).first;
                columns.push_back(h);
            }
            map.push_back(it->second);
        }
        sources.emplace_back(&c, std::move(map));
    }
    if (sources.empty()) return false;
    OutFile out(file);
    std::vector<std::string> head{T("县(市、区)", "county")};
    head.insert(head.end(), columns.begin(), columns.end());
    out << "\xEF\xBB\xBF" << csv_line(head);
    std::vector<std::string> row;
    for (const auto& [c, map] : sources) {
        std::ifstream in = open_csv(out_dir / c->def->name / (name + ".csv"));
        read_record(in, rec);   // header
        while (read_record(in, rec)) {
            if (rec.size() == 1 && rec[0].empty()) continue;   // a blank line
            row.assign(columns.size() + 1, std::string());
            row[0] = c->def->name;
            for (std::size_t i = 0; i < rec.size() && i < map.size(); ++i) row[map[i] + 1] = std::move(rec[i]);
            out << csv_line(row);
        }
    }
    out.close();
    return true;
}

// Every county's <name>.geojson in one RFC 7946 file, each feature with a property `county`
// first. The county files hold one feature a line (report/table.cpp, map.cpp), so this streams:
// the property goes in after the opening of `properties`; a line of another shape is parsed.
bool write_combined_geojson(const std::string& name, const std::vector<County>& counties, const fs::path& out_dir,
                            const fs::path& file) {
    // tenglong's own writer (report/geojson_writer.hpp) and, for folders written before it,
    // GDAL's driver: the same feature a line, spaced differently.
    struct Layout {
        std::string feature, props;
    };
    static const Layout layouts[] = {{"{\"type\":\"Feature\"", "{\"type\":\"Feature\",\"properties\":{"},
                                     {"{ \"type\": \"Feature\"", "{ \"type\": \"Feature\", \"properties\": { "}};
    std::vector<const County*> with;
    for (const auto& c : counties) {
        std::error_code ec;
        if (c.ok && fs::is_regular_file(out_dir / c.def->name / (name + ".geojson"), ec)) with.push_back(&c);
    }
    if (with.empty()) return false;
    OutFile out(file);
    out << "{\n\"type\": \"FeatureCollection\",\n\"features\": [\n";
    bool first = true;
    std::string line;
    for (const County* c : with) {
        const fs::path f = out_dir / c->def->name / (name + ".geojson");
        std::ifstream in(f, std::ios::binary);
        if (!in) throw IoError(f.string(), "cannot read the county's GeoJSON");
        const std::string county = J(c->def->name).dump(-1, ' ', false, J::error_handler_t::replace);
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const Layout* layout = nullptr;
            for (const auto& l : layouts)
                if (line.compare(0, l.feature.size(), l.feature) == 0) layout = &l;
            if (!layout) continue;
            if (!line.empty() && line.back() == ',') line.pop_back();
            out << (first ? "" : ",\n");
            first = false;
            const std::string& props = layout->props;
            if (line.compare(0, props.size(), props) == 0 && line.size() > props.size() && line[props.size()] == '"') {
                out << props << "\"county\":" << county << "," << line.substr(props.size());
            } else {
                J j = J::parse(line, nullptr, false);
                if (j.is_discarded() || !j.is_object()) throw IoError(f.string(), "a feature line is not JSON");
                J p = J::object();
                p["county"] = c->def->name;
                if (j.contains("properties") && j["properties"].is_object())
                    for (const auto& [k, v] : j["properties"].items()) p[k] = v;
                j["properties"] = p;
                out << j.dump(-1, ' ', false, J::error_handler_t::replace);
            }
        }
    }
    out << "\n]\n}\n";
    out.close();
    return true;
}

// ---- the region map: each county's townships (from its map.geojson, WGS 84), shaded by 低效 亩 ----

using Ring = std::vector<std::pair<double, double>>;   // lon, lat

struct CountyShape {
    std::string name;
    std::vector<Ring> rings;
    double inefficient_mu = 0;
}; // struct CountyShape

void add_rings(const J& geom, std::vector<Ring>& out) {
    if (!geom.is_object() || !geom.contains("coordinates")) return;
    const std::string type = geom.value("type", "");
    auto polygon = [&](const J& rings) {
        for (const auto& r : rings) {
            Ring ring;
            for (const auto& p : r)
                if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number()) ring.emplace_back(p[0].get<double>(), p[1].get<double>());
            if (ring.size() >= 3) out.push_back(std::move(ring));
        }
    };
    if (type == "Polygon") polygon(geom["coordinates"]);
    else if (type == "MultiPolygon")
        for (const auto& poly : geom["coordinates"]) polygon(poly);
}

// The townships come first in a county's map.geojson (report/map.hpp): read up to the first other feature.
std::vector<Ring> township_rings(const fs::path& map) {
    std::vector<Ring> rings;
    std::ifstream in(map, std::ios::binary);
    std::string line;
    bool seen = false;
    while (std::getline(in, line)) {
        // tenglong's own writer's layout, or GDAL's (folders written before it)
        const bool ours = line.compare(0, 17, "{\"type\":\"Feature\"") == 0;
        if (!ours && line.compare(0, 19, "{ \"type\": \"Feature\"") != 0) continue;
        if (line.find(ours ? "\"category\":\"township\"" : "\"category\": \"township\"") == std::string::npos) {
            if (seen) break;
            continue;
        }
        seen = true;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && line.back() == ',') line.pop_back();
        const J f = J::parse(line, nullptr, false);
        if (!f.is_discarded() && f.contains("geometry")) add_rings(f["geometry"], rings);
    }
    return rings;
}

std::string region_map_svg(const std::vector<County>& counties, const fs::path& out_dir, const Text& T) {
    std::vector<CountyShape> shapes;
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300, max_mu = 0;
    for (const auto& c : counties) {
        if (!c.ok) continue;
        CountyShape cs;
        cs.name = c.def->name;
        cs.rings = township_rings(out_dir / c.def->name / "map.geojson");
        if (cs.rings.empty()) continue;
        cs.inefficient_mu = num_at(ran_category(c.summary, "inefficient"), {"area_mu"}).value_or(0);
        max_mu = std::max(max_mu, cs.inefficient_mu);
        for (const auto& r : cs.rings)
            for (const auto& [x, y] : r) {
                minx = std::min(minx, x); maxx = std::max(maxx, x);
                miny = std::min(miny, y); maxy = std::max(maxy, y);
            }
        shapes.push_back(std::move(cs));
    }
    if (shapes.empty())
        return "<p>" + esc(T("无数据：各县结果中没有镇街界线（townships 图层），无法绘图", "No data: the counties' results hold no township boundaries to draw")) + "</p>\n";
    // Equirectangular at the region's middle latitude: lengths true enough at a city's scale.
    const double kx = std::cos((miny + maxy) / 2 * 3.14159265358979323846 / 180);
    const double w = std::max((maxx - minx) * kx, 1e-9), h = std::max(maxy - miny, 1e-9);
    const double pad = 16, scale = std::min((960 - 2 * pad) / w, (600 - 2 * pad) / h);
    const double width = std::ceil(w * scale + 2 * pad), height = std::ceil(h * scale + 2 * pad);
    auto px = [&](double lon) { return pad + (lon - minx) * kx * scale; };
    auto py = [&](double lat) { return pad + (maxy - lat) * scale; };
    const auto& st = category_style("inefficient");
    std::string svg = "<svg id=\"region-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(width, 0) + "\" height=\"" +
                      fixed(height + 24, 0) + "\" viewBox=\"0 0 " + fixed(width, 0) + " " + fixed(height + 24, 0) + "\" role=\"img\" aria-label=\"" +
                      esc(T("区域县(市、区)图", "Region map")) + "\">\n<rect width=\"" + fixed(width, 0) + "\" height=\"" + fixed(height, 0) +
                      "\" fill=\"#fbfbf8\"/>\n";
    std::string labels;
    for (const auto& cs : shapes) {
        std::string d;
        double cminx = 1e300, cmaxx = -1e300, cminy = 1e300, cmaxy = -1e300;
        for (const auto& r : cs.rings) {
            std::string lx, ly;
            bool first = true;
            for (const auto& [x, y] : r) {
                const std::string sx = fixed(px(x), 1), sy = fixed(py(y), 1);
                if (!first && sx == lx && sy == ly) continue;   // same pixel tenth as the last point
                d += (first ? "M" : "L") + sx + " " + sy;
                first = false;
                lx = sx; ly = sy;
                cminx = std::min(cminx, x); cmaxx = std::max(cmaxx, x);
                cminy = std::min(cminy, y); cmaxy = std::max(cmaxy, y);
            }
            d += "Z";
        }
        const double share = max_mu > 0 ? cs.inefficient_mu / max_mu : 0;
        svg += "<path d=\"" + d + "\" fill=\"" + st.fill + "\" fill-opacity=\"" + fixed(0.1 + 0.8 * share, 2) +
               "\" fill-rule=\"evenodd\" stroke=\"#525252\" stroke-width=\"0.6\"><title>" + esc(cs.name) + " " +
               esc(st.label(T.lang)) + " " + grouped(cs.inefficient_mu, 2) + esc(T(" 亩", " mu")) + "</title></path>\n";
        labels += "<text x=\"" + fixed(px((cminx + cmaxx) / 2), 1) + "\" y=\"" + fixed(py((cminy + cmaxy) / 2), 1) +
                  "\" text-anchor=\"middle\" font-size=\"13\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">" + esc(cs.name) + "</text>\n";
    }
    svg += labels;
    svg += "<text x=\"" + fixed(pad, 0) + "\" y=\"" + fixed(height + 16, 0) + "\" font-size=\"12\">" +
           esc(T("填色深浅：" + st.label(T.lang) + "面积（最深 " + grouped(max_mu, 2) + " 亩）；界线为各县镇街",
                 "Shade: " + st.label(T.lang) + " area (darkest " + grouped(max_mu, 2) + " mu); lines: the counties' townships")) +
           "</text>\n</svg>\n";
    return svg;
}

std::string report_html(const io::Region& region, const J& summary, const std::vector<County>& counties,
                        const std::vector<TargetRow>& targets, const std::vector<std::string>& lists, const fs::path& out_dir,
                        const Text& T) {
    const std::string title = region.name + T(" — 区域汇总报告", " — regional roll-up");
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + T("zh-CN", "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<link rel=\"icon\" href=\"data:,\">\n<title>" + esc(title) + "</title>\n<style>"
                    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;"
                    "margin:24px auto;max-width:1100px;color:#222;line-height:1.5;padding:0 12px}"
                    "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:3px;margin-top:30px}"
                    ".meta{color:#555;font-size:13px}table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}"
                    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{white-space:nowrap}thead th,tfoot th{background:#eef3f8}"
                    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#b00020}"
                    ".swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;border:1px solid #666}"
                    "footer{margin-top:36px;color:#777;font-size:12px}"
                    "</style>\n</head>\n<body>\n";
    const std::size_t ok = summary["counties_ok"].get<std::size_t>();
    h += "<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" + esc(T("基准日", "As of")) + " " + esc(region.as_of.iso()) +
         (region.level.empty() ? "" : " · " + esc(T("层级", "Level")) + " " + esc(region.level)) +
         (region.profile.empty() ? "" : " · " + esc(T("政策配置", "Profile")) + " " + esc(region.profile)) + " · " +
         esc(T("县(市、区)", "Counties")) + " " + std::to_string(ok) + "/" + std::to_string(counties.size()) +
         esc(T(" 完成", " done")) + " · " + esc(summary.value("tool", "tenglong")) + "</p>\n";

    if (ok < counties.size()) {
        h += "<h2 id=\"failed\" class=\"failed\">" + esc(T("未完成的县(市、区)（未计入汇总）", "Counties without results (not in the sums)")) +
             "</h2>\n<table id=\"failed-table\"><thead><tr><th>" + esc(T("县(市、区)", "County")) + "</th><th>" + esc(T("错误", "Error")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& c : counties)
            if (!c.ok) h += "<tr><td>" + esc(c.def->name) + "</td><td class=\"failed\">" + esc(c.error) + "</td></tr>\n";
        h += "</tbody></table>\n";
    }

    h += "<h2 id=\"map\">" + esc(T("一、区域图", "1. Map")) + "</h2>\n" + region_map_svg(counties, out_dir, T);

    // 2. shortlists by county
    h += "<h2 id=\"by-county\">" + esc(T("二、各县(市、区)清单汇总", "2. Shortlists by county")) + "</h2>\n<table id=\"county-table\"><thead><tr><th rowspan=\"2\">" +
         esc(T("县(市、区)", "County")) + "</th>";
    for (const auto& id : category_ids()) {
        const auto& st = category_style(id);
        h += "<th colspan=\"2\"><span class=\"swatch\" style=\"background:" + st.fill + "\"></span>" + esc(st.label(T.lang)) + "</th>";
    }
    h += "<th rowspan=\"2\">" + esc(T("报告", "Report")) + "</th></tr>\n<tr>";
    for (std::size_t k = 0; k < category_ids().size(); ++k)
        h += "<th class=\"n\">" + esc(T("数量", "Count")) + "</th><th class=\"n\">" + esc(T("亩", "mu")) + "</th>";
    h += "</tr></thead><tbody>\n";
    for (const auto& c : counties) {
        h += "<tr><td>" + esc(c.def->name) + "</td>";
        if (!c.ok) {
            h += "<td colspan=\"" + std::to_string(2 * category_ids().size()) + "\" class=\"failed\">" + esc(T("失败：", "failed: ")) +
                 esc(c.error) + "</td><td></td></tr>\n";
            continue;
        }
        for (const auto& id : category_ids()) {
            const J* cj = ran_category(c.summary, id);
            if (!cj) {
                h += "<td colspan=\"2\">" + esc(T("无数据", "no data")) + "</td>";
                continue;
            }
            const J* n = member(*cj, "count");
            const auto mu = num_at(cj, {"area_mu"});
            h += "<td class=\"n\">" + (n ? count_text(*n) : "") + "</td><td class=\"n\">" + (mu ? grouped(*mu, 2) : "") + "</td>";
        }
        h += "<td><a href=\"" + esc(url_path(c.def->name + "/report.html")) + "\">report.html</a></td></tr>\n";
    }
    h += "</tbody><tfoot><tr><th>" + esc(T("合计", "Total")) + "</th>";
    for (const auto& id : category_ids()) {
        const J& cat = summary["categories"][id];
        h += "<th class=\"n\">" + (cat.contains("count") ? count_text(cat["count"]) : "") + "</th><th class=\"n\">" +
             (cat.contains("area_mu") && cat["area_mu"].is_number() ? grouped(cat["area_mu"].get<double>(), 2) : "") + "</th>";
    }
    h += "<th></th></tr></tfoot></table>\n";
    if (!lists.empty()) {
        h += "<p>" + esc(T("合并清单（首列为县(市、区)）：", "Combined shortlists (first column: county): "));
        for (std::size_t k = 0; k < lists.size(); ++k) h += (k ? "、" : "") + esc(lists[k]) + ".csv";
        h += esc(T("（GeoJSON 同名，含 county 属性；map.geojson 为全区地图）", " (GeoJSON of the same names with a property county; map.geojson: the whole region)")) +
             "; region.csv, summary.json</p>\n";
    }

    // 3. targets
    h += "<h2 id=\"targets\">" + esc(T("三、目标与清单", "3. Targets and shortlists")) + "</h2>\n";
    if (targets.empty()) {
        h += "<p>" + esc(region.profile.empty() ? T("区域文件未给出政策配置（profile），无目标", "The region file names no profile: no targets")
                                                : T("政策配置未给出目标", "The profile sets no targets")) + "</p>\n";
    } else {
        h += "<table id=\"targets-table\"><thead><tr><th>" + esc(T("目标", "Target")) + "</th><th class=\"n\">" + esc(T("目标值", "Value")) +
             "</th><th>" + esc(T("清单现有 / 各县", "Held / by county")) + "</th><th>" + esc(T("依据", "Source")) + "</th></tr></thead><tbody>\n";
        std::size_t k = 0;
        for (const auto& t : targets) {
            const J& tj = summary["targets"][k++];
            std::string held = "—";
            if (tj.contains("held_area_mu") && tj["held_area_mu"].is_number()) {
                held = grouped(tj["held_area_mu"].get<double>(), 2) + T(" 亩（", " mu (") + count_text(tj["held_count"]) + T(" 处）", ")");
            } else if (tj.contains("by_county")) {
                held.clear();
                for (const auto& [name, v] : tj["by_county"].items())
                    held += (held.empty() ? "" : "；") + name + " " + grouped(v["value"].get<double>(), 2) +
                            (v["meets"].get<bool>() ? " ✓" : " ✗");
                if (held.empty()) held = "—";
            }
            h += "<tr><td>" + esc(target_label(t.key, T.lang)) + "</td><td class=\"n\">" + grouped(t.value, t.value == std::floor(t.value) ? 0 : 2) +
                 " " + esc(t.unit) + (t.year ? " (" + std::to_string(*t.year) + ")" : "") + "</td><td>" + esc(held) + "</td><td>" + esc(t.cite) +
                 "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }

    // 4. 亩均 and data quality by county
    h += "<h2 id=\"mujun\">" + esc(T("四、亩均评价与数据质量", "4. Mujun evaluation and data quality")) + "</h2>\n<table id=\"quality-table\"><thead><tr><th>" +
         esc(T("县(市、区)", "County")) + "</th><th class=\"n\">" + esc(T("规上亩均税收(万元/亩)", "Tax per mu, above scale")) + "</th><th class=\"n\">" +
         esc(T("规上亩均增加值(万元/亩)", "Value added per mu, above scale")) + "</th>";
    for (const char* cl : {"A", "B", "C", "D"}) h += "<th class=\"n\">" + std::string(cl) + "</th>";
    h += "<th class=\"n\">" + esc(T("宗地 读入/剔除", "Parcels read/rejected")) + "</th><th class=\"n\">" + esc(T("数据问题", "Issues")) +
         "</th></tr></thead><tbody>\n";
    for (const auto& c : counties) {
        if (!c.ok) continue;
        const J* ineff = ran_category(c.summary, "inefficient");
        const auto tax = num_at(ineff, {"mujun", "benchmarks_above_scale", "tax_per_mu"});
        const auto va = num_at(ineff, {"mujun", "benchmarks_above_scale", "value_added_per_mu"});
        h += "<tr><td>" + esc(c.def->name) + "</td><td class=\"n\">" + (tax ? grouped(*tax, 2) : "") + "</td><td class=\"n\">" +
             (va ? grouped(*va, 2) : "") + "</td>";
        for (const char* cl : {"A", "B", "C", "D"}) {
            const auto v = num_at(ineff, {"mujun", "classes", cl});
            h += "<td class=\"n\">" + (v ? fixed(*v, 0) : "") + "</td>";
        }
        const auto read = num_at(&c.summary, {"layers", "parcels", "features_read"});
        const auto rej = num_at(&c.summary, {"layers", "parcels", "features_rejected"});
        const auto iss = num_at(&c.summary, {"issues", "total"});
        h += "<td class=\"n\">" + (read ? fixed(*read, 0) : "") + " / " + (rej ? fixed(*rej, 0) : "") + "</td><td class=\"n\">" +
             (iss ? fixed(*iss, 0) : "") + "</td></tr>\n";
    }
    h += "</tbody></table>\n<footer>" +
         esc(T("合计为各县 summary.json 数值之和；亩均为各县自身的规上均值（区域均值需各县的分子分母，未汇总）。",
               "Totals are the sums of the counties' summary.json numbers; mujun figures are each county's own (a regional "
               "mean needs the counties' numerators and denominators and is not formed).")) +
         "</footer>\n</body>\n</html>\n";
    return h;
}

} // namespace

fs::path county_log(const fs::path& out, const std::string& county) { return out / "logs" / (county + ".log"); }

RollupResult build_region_rollup(const io::Region& region, const fs::path& out, Lang lang) {
    const Text T{lang};
    const std::vector<TargetRow> targets = region_targets(region);
    std::vector<County> counties;
    for (const auto& def : region.counties) counties.push_back(read_county(region, def, out, T));
    const J summary = build_summary(region, counties, targets, T);

    // Built beside the results in a hidden folder, then each file renamed into place.
    std::error_code ec;
    fs::create_directories(out, ec);
    remove_stale_temporaries(out / "rollup");   // .rollup.tmp-PID of an interrupted roll-up
    const fs::path tmp = out / (".rollup.tmp-" + std::to_string(::getpid()));
    fs::remove_all(tmp, ec);
    fs::create_directory(tmp, ec);
    if (ec) throw IoError(out.string(), "cannot create the roll-up's temporary folder: " + ec.message());
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code e;
            fs::remove_all(p, e);
        }
    } cleanup{tmp};

    std::vector<std::string> written{"summary.json", "region.csv"};
    {
        OutFile f(tmp / "summary.json");
        f << summary.dump(2, ' ', false, J::error_handler_t::replace) << "\n";
        f.close();
    }
    write_region_csv(summary, counties, targets, T, tmp / "region.csv");
    std::vector<std::string> lists;
    for (const auto& name : list_names()) {
        if (write_combined_list(name, counties, out, T, tmp / (name + ".csv"))) {
            lists.push_back(name);
            written.push_back(name + ".csv");
        }
    }
    // The GeoJSON of the lists and the map, with their QGIS styles (the same as the counties').
    std::vector<std::string> geo_written;
    for (const auto& name : list_names()) {
        if (name == "control_line_ledger" || name == "inefficient_rules" || name == "idle_rules") continue;   // no geometry
        if (write_combined_geojson(name, counties, out, tmp / (name + ".geojson"))) {
            write_qml(name, tmp / (name + ".qml"));
            geo_written.push_back(name + ".geojson");
            geo_written.push_back(name + ".qml");
        }
    }
    if (write_combined_geojson("map", counties, out, tmp / "map.geojson")) geo_written.push_back("map.geojson");
    written.insert(written.end(), geo_written.begin(), geo_written.end());
    {
        OutFile f(tmp / "report.html");
        f << report_html(region, summary, counties, targets, lists, out, T);
        f.close();
        written.push_back("report.html");
    }
    for (const auto& name : written) {
        fs::rename(tmp / name, out / name, ec);
        if (ec) throw IoError((out / name).string(), "cannot move the roll-up file into place: " + ec.message());
    }
    std::vector<std::string> all{"map.geojson"};
    for (const auto& name : list_names())
        for (const char* ext : {".csv", ".geojson", ".qml"}) all.push_back(name + ext);
    for (const auto& f : all)
        if (std::find(written.begin(), written.end(), f) == written.end()) fs::remove(out / f, ec);

    RollupResult r;
    for (const auto& c : counties) {
        if (c.ok) {
            ++r.ok;
        } else {
            r.failed.push_back(c.def->name);
            r.errors.push_back(c.error);
        }
    }
    return r;
}

} // namespace tl::report
