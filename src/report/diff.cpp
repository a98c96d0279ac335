#include "report/diff.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <optional>

#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "report/styles.hpp"

namespace tl::report {

namespace fs = std::filesystem;

const char* to_string(DiffStatus s) noexcept {
    switch (s) {
        case DiffStatus::entered: return "entered";
        case DiffStatus::left: return "left";
        case DiffStatus::changed: return "changed";
    }
    return "?";
}

CsvData read_csv(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError(file.string(), "cannot open CSV");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    CsvData out;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    auto end_row = [&] {
        row.push_back(field);
        field.clear();
        if (out.header.empty()) out.header = row;
        else out.rows.push_back(row);
        row.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
                else quoted = false;
            } else {
                field += ch;
            }
            continue;
        }
        if (ch == '"') { quoted = true; any = true; }
        else if (ch == ',') { row.push_back(field); field.clear(); any = true; }
        else if (ch == '\r') continue;
        else if (ch == '\n') end_row();
        else { field += ch; any = true; }
    }
    if (quoted) throw IoError(file.string(), "unterminated quoted field");
    if (any || !field.empty() || !row.empty()) end_row();
    return out;
}

namespace {

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

int find_header(const std::vector<std::string>& header, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (lower(header[i]) == lower(n)) return static_cast<int>(i);
        }
    }
    return -1;
}

int area_mu_column(const std::vector<std::string>& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = lower(header[i]);
        if (h.find("(亩)") != std::string::npos || h.find("(mu)") != std::string::npos) return static_cast<int>(i);
    }
    return -1;
}

// Key -> per column the distinct values in row order, joined by " | ".
struct Grouped {
    std::vector<std::string> order;                                // keys in first-seen order
    std::map<std::string, std::vector<std::vector<std::string>>> values;   // key -> column -> distinct values
}; // struct Grouped

Grouped group(const CsvData& csv, int key_col) {
    Grouped g;
    for (const auto& row : csv.rows) {
        if (static_cast<std::size_t>(key_col) >= row.size()) continue;
        const std::string& key = row[static_cast<std::size_t>(key_col)];
        auto it = g.values.find(key);
        if (it == g.values.end()) {
            g.order.push_back(key);
            it = g.values.emplace(key, std::vector<std::vector<std::string>>(csv.header.size())).first;
        }
        for (std::size_t c = 0; c < csv.header.size(); ++c) {
            const std::string v = c < row.size() ? row[c] : std::string();
            auto& vs = it->second[c];
            if (std::find(vs.begin(), vs.end(), v) == vs.end()) vs.push_back(v);
        }
    }
    return g;
}

std::string joined(const std::vector<std::string>& vs) {
    std::string s;
    for (std::size_t i = 0; i < vs.size(); ++i) s += (i ? " | " : "") + vs[i];
    return s;
}

std::string first_value(const Grouped& g, const std::string& key, int col) {
    if (col < 0) return {};
    const auto& vs = g.values.at(key)[static_cast<std::size_t>(col)];
    return vs.empty() ? std::string() : vs.front();
}

std::string sorted_joined(std::vector<std::string> vs) {
    std::sort(vs.begin(), vs.end());
    return joined(vs);
}

// What a run's run.json says about it (empty when the folder has none: an older run).
struct RunInfo {
    bool ok = false;
    std::string as_of, profile, profile_hash;
    std::map<std::string, std::string> input_digest;   // layer -> its files' sha256, joined
}; // struct RunInfo

RunInfo read_run(const fs::path& dir) {
    RunInfo r;
    std::ifstream in(dir / "run.json", std::ios::binary);
    if (!in) return r;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return r;
    r.ok = true;
    r.as_of = j.value("as_of", "");
    r.profile = j.value("profile", "");
    if (j.contains("profile_detail") && j["profile_detail"].is_object()) r.profile_hash = j["profile_detail"].value("content_hash_fnv1a64", "");
    if (j.contains("inputs") && j["inputs"].is_object()) {
        for (const auto& [layer, v] : j["inputs"].items()) {
            std::string digest;
            if (v.is_object() && v.contains("files") && v["files"].is_array())
                for (const auto& f : v["files"]) digest += f.value("sha256", "") + ";";
            r.input_digest[layer] = digest;
        }
    }
    return r;
}

// A CSV's rows by the value of its first column named one of `key_headers` (first row per key).
struct KeyedCsv {
    CsvData csv;
    int key = -1;
    std::map<std::string, std::size_t> row_of;
}; // struct KeyedCsv

std::optional<KeyedCsv> keyed_csv(const fs::path& file, const std::vector<std::string>& key_headers) {
    if (!fs::exists(file)) return std::nullopt;
    KeyedCsv k;
    k.csv = read_csv(file);
    k.key = find_header(k.csv.header, key_headers);
    if (k.key < 0) return std::nullopt;
    for (std::size_t i = 0; i < k.csv.rows.size(); ++i)
        if (static_cast<std::size_t>(k.key) < k.csv.rows[i].size()) k.row_of.emplace(k.csv.rows[i][static_cast<std::size_t>(k.key)], i);
    return k;
}

std::string cell_of(const CsvData& csv, std::size_t row, int col) {
    if (col < 0 || static_cast<std::size_t>(col) >= csv.rows[row].size()) return {};
    return csv.rows[row][static_cast<std::size_t>(col)];
}

} // namespace

DiffResult diff_outputs(const fs::path& old_dir, const fs::path& new_dir) {
    for (const auto& d : {old_dir, new_dir}) {
        if (!fs::is_directory(d)) throw UsageError(d.string() + ": not a folder; give two analyze output folders (tenglong diff OLD_OUT NEW_OUT)");
    }
    DiffResult out;
    // ---- what the two runs were: profile, profile content, as-of day, input files (run.json)
    const RunInfo ro = read_run(old_dir), rn = read_run(new_dir);
    if (ro.ok && rn.ok) {
        if (ro.profile != rn.profile)
            out.warnings.push_back({"profile_differs", "两次运行的政策规则集不同: " + ro.profile + " → " + rn.profile + "; 名单变化可能来自规则而非数据",
                                    "the runs used different profiles: " + ro.profile + " → " + rn.profile + "; changes may come from the rules, not the land"});
        else if (ro.profile_hash != rn.profile_hash)
            out.warnings.push_back({"profile_hash_differs", "规则集 " + rn.profile + " 的内容在两次运行之间有改动 (哈希 " + ro.profile_hash + " → " +
                                    rn.profile_hash + "); 名单变化可能来自规则", "profile " + rn.profile + " changed between the runs (hash " +
                                    ro.profile_hash + " → " + rn.profile_hash + "); changes may come from the rules"});
        if (ro.as_of != rn.as_of)
            out.warnings.push_back({"as_of_differs", "两次运行的基准日不同: " + ro.as_of + " → " + rn.as_of + "; 账龄、逾期天数等随基准日变化, 不计为变化",
                                    "the runs have different as-of days: " + ro.as_of + " → " + rn.as_of +
                                        "; ages and days overdue move with the day and are not counted as changes"});
    }
    const bool rule_changed = ro.ok && rn.ok && (ro.profile != rn.profile || ro.profile_hash != rn.profile_hash);
    std::string changed_layers;   // input layers whose files differ between the runs
    if (ro.ok && rn.ok) {
        std::set<std::string> layers;
        for (const auto& [l, d] : ro.input_digest) layers.insert(l);
        for (const auto& [l, d] : rn.input_digest) layers.insert(l);
        for (const auto& l : layers) {
            const auto a = ro.input_digest.find(l), b = rn.input_digest.find(l);
            if (a == ro.input_digest.end() || b == rn.input_digest.end() || a->second != b->second)
                changed_layers += (changed_layers.empty() ? "" : ", ") + l;
        }
    }
    // Cases a decision of the new run took off its list: category and key -> reason (excluded.csv).
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> excluded_by_decision;
    if (const auto x = keyed_csv(new_dir / "excluded.csv", {"编号", "case key"})) {
        const int cat = find_header(x->csv.header, {"类别", "category"}), why = find_header(x->csv.header, {"理由", "reason"});
        const int who = find_header(x->csv.header, {"决定人", "decided by"});
        for (std::size_t i = 0; i < x->csv.rows.size(); ++i) {
            const std::string c = cell_of(x->csv, i, cat);
            for (const auto& st : category_styles())
                if (c == st.id || c == st.zh || c == st.en)
                    excluded_by_decision[{st.id, cell_of(x->csv, i, x->key)}] = {cell_of(x->csv, i, why), cell_of(x->csv, i, who)};
        }
    }
    const std::vector<std::string> parcel_key{"宗地代码", "parcel_id"};
    std::optional<KeyedCsv> parcels_old, parcels_new;
    bool parcels_read = false;
    auto why_left = [&](const CategoryStyle& st, const std::string& key, const std::string& old_status, DiffEntry& e) {
        if (const auto it = excluded_by_decision.find({st.id, key}); it != excluded_by_decision.end()) {
            e.reason = "排除 (处置决定): " + it->second.first + (it->second.second.empty() ? "" : "; 决定人 " + it->second.second);
            e.reason_en = "excluded by decision: " + it->second.first + (it->second.second.empty() ? "" : "; decided by " + it->second.second);
            return;
        }
        if (old_status.find("已处置") != std::string::npos || old_status.find("disposed") != std::string::npos) {
            e.reason = "已处置 (处置决定)";
            e.reason_en = "disposed by decision";
            return;
        }
        if (rule_changed) {
            e.reason = "规则变化: 规则集 " + ro.profile + (ro.profile == rn.profile ? " (内容有改动)" : " → " + rn.profile);
            e.reason_en = "rule changed: profile " + ro.profile + (ro.profile == rn.profile ? " (content changed)" : " → " + rn.profile);
            return;
        }
        const std::string day_zh = ro.as_of != rn.as_of ? " (基准日 " + ro.as_of + " → " + rn.as_of + ")" : "";
        const std::string day_en = ro.as_of != rn.as_of ? " (as-of " + ro.as_of + " → " + rn.as_of + ")" : "";
        if (std::find(st.key_headers.begin(), st.key_headers.end(), "宗地代码") != st.key_headers.end()) {
            if (!parcels_read) {
                parcels_old = keyed_csv(old_dir / "parcels.csv", parcel_key);
                parcels_new = keyed_csv(new_dir / "parcels.csv", parcel_key);
                parcels_read = true;
            }
            if (parcels_old && parcels_new) {
                const auto a = parcels_old->row_of.find(key), b = parcels_new->row_of.find(key);
                if (b == parcels_new->row_of.end()) {
                    e.reason = "数据变化: 宗地 " + key + " 已不在新数据中 (分割、注销或改号?)";
                    e.reason_en = "data changed: parcel " + key + " is no longer in the data (split, cancelled or renumbered?)";
                    return;
                }
                std::string diffs;
                int n = 0;
                if (a != parcels_old->row_of.end()) {
                    for (std::size_t c = 0; c < parcels_new->csv.header.size(); ++c) {
                        if (static_cast<int>(c) == parcels_new->key) continue;
                        const int oc = find_header(parcels_old->csv.header, {parcels_new->csv.header[c]});
                        if (oc < 0) continue;
                        const std::string va = cell_of(parcels_old->csv, a->second, oc), vb = cell_of(parcels_new->csv, b->second, static_cast<int>(c));
                        if (va == vb) continue;
                        if (n++ < 4) diffs += (diffs.empty() ? "" : "; ") + parcels_new->csv.header[c] + ": " + va + " → " + vb;
                    }
                    if (n > 4) diffs += "; …";
                }
                if (!diffs.empty() && !changed_layers.empty()) {
                    e.reason = "数据变化 (" + changed_layers + "): " + diffs;
                    e.reason_en = "data changed (" + changed_layers + "): " + diffs;
                } else if (!diffs.empty()) {
                    e.reason = "按新值不再满足条件" + day_zh + ": " + diffs;
                    e.reason_en = "no longer meets the threshold with the new value" + day_en + ": " + diffs;
                } else {
                    e.reason = "不再满足条件" + day_zh;
                    e.reason_en = "no longer meets the threshold" + day_en;
                }
                return;
            }
        }
        if (!changed_layers.empty()) {
            e.reason = "数据变化: 输入图层 " + changed_layers + " 有改动" + day_zh;
            e.reason_en = "data changed: input layers " + changed_layers + day_en;
        } else {
            e.reason = "不再满足条件" + day_zh;
            e.reason_en = "no longer meets the threshold" + day_en;
        }
    };

    int found = 0;
    for (const auto& st : category_styles()) {
        if (st.key_headers.empty() || st.id == "parcels") continue;
        CategoryDiff cd;
        cd.category = st.id;
        const fs::path fo = old_dir / (st.id + ".csv"), fn = new_dir / (st.id + ".csv");
        const bool ho = fs::exists(fo), hn = fs::exists(fn);
        found += (ho ? 1 : 0) + (hn ? 1 : 0);
        if (!ho && !hn) continue;
        if (ho != hn) {
            cd.note = ho ? "only in the old run (the analysis did not run in the new one)" : "only in the new run (the analysis did not run in the old one)";
            out.categories.push_back(cd);
            continue;
        }
        const CsvData a = read_csv(fo), b = read_csv(fn);
        const int ka = find_header(a.header, st.key_headers), kb = find_header(b.header, st.key_headers);
        if (ka < 0 || kb < 0) {
            cd.note = "no key column (" + joined(st.key_headers) + ") in " + (ka < 0 ? fo : fn).string();
            out.categories.push_back(cd);
            continue;
        }
        cd.compared = true;
        const Grouped ga = group(a, ka), gb = group(b, kb);
        cd.old_keys = static_cast<int>(ga.order.size());
        cd.new_keys = static_cast<int>(gb.order.size());
        const int town_a = find_header(a.header, {"镇街", "乡镇(街道)", "township"});
        const int town_b = find_header(b.header, {"镇街", "乡镇(街道)", "township"});
        const int mu_a = area_mu_column(a.header), mu_b = area_mu_column(b.header);
        // Columns compared: in both runs (by header), not ignored, not the key.
        std::vector<std::pair<int, int>> cols;
        std::vector<std::string> only_one;
        for (std::size_t i = 0; i < b.header.size(); ++i) {
            if (static_cast<int>(i) == kb) continue;
            if (find_header({b.header[i]}, st.diff_ignore) >= 0) continue;
            const int j = find_header(a.header, {b.header[i]});
            if (j < 0) only_one.push_back(b.header[i]);
            else cols.emplace_back(j, static_cast<int>(i));
        }
        for (const auto& h : a.header) {
            if (find_header(b.header, {h}) < 0 && find_header({h}, st.diff_ignore) < 0) only_one.push_back(h);
        }
        // Verdict and class columns (diff_verdict): only these make a case "changed".
        auto is_verdict = [&](const std::string& header) { return st.diff_verdict.empty() || find_header({header}, st.diff_verdict) >= 0; };
        const int status_a = find_header(a.header, {"处置状态", "case status"});
        if (!only_one.empty()) cd.note = "columns in one run only, not compared: " + joined(only_one);

        std::vector<DiffEntry> entered, left, changed;
        for (const auto& k : gb.order) {
            DiffEntry e{st.id, DiffStatus::entered, k, first_value(gb, k, town_b), "", first_value(gb, k, mu_b), {}, "", ""};
            if (!ga.values.count(k)) { entered.push_back(e); continue; }
            e.status = DiffStatus::changed;
            e.area_mu_old = first_value(ga, k, mu_a);
            bool moved = false;
            for (const auto& [ia, ib] : cols) {
                const std::string& header = b.header[static_cast<std::size_t>(ib)];
                const std::string va = sorted_joined(ga.values.at(k)[static_cast<std::size_t>(ia)]);
                const std::string vb = sorted_joined(gb.values.at(k)[static_cast<std::size_t>(ib)]);
                if (va == vb) continue;
                if (is_verdict(header)) e.changes.push_back({header, va, vb});
                else moved = true;
            }
            if (e.changes.empty()) {
                ++cd.unchanged;
                cd.moved += moved ? 1 : 0;
            } else {
                changed.push_back(e);
            }
        }
        for (const auto& k : ga.order) {
            if (gb.values.count(k)) continue;
            DiffEntry e{st.id, DiffStatus::left, k, first_value(ga, k, town_a), first_value(ga, k, mu_a), "", {}, "", ""};
            why_left(st, k, status_a >= 0 ? joined(ga.values.at(k)[static_cast<std::size_t>(status_a)]) : std::string(), e);
            left.push_back(std::move(e));
        }
        cd.entered = static_cast<int>(entered.size());
        cd.left = static_cast<int>(left.size());
        cd.changed = static_cast<int>(changed.size());
        for (auto* v : {&entered, &left, &changed}) {
            std::sort(v->begin(), v->end(), [](const DiffEntry& x, const DiffEntry& y) { return x.key < y.key; });
            out.entries.insert(out.entries.end(), v->begin(), v->end());
        }
        out.categories.push_back(cd);
    }
    if (found == 0) {
        throw UsageError("neither " + old_dir.string() + " nor " + new_dir.string() +
                         " holds a shortlist CSV (unsupplied.csv, idle.csv, ...); give two tenglong analyze output folders");
    }
    return out;
}

namespace {

std::string status_label(DiffStatus s, Lang lang) {
    if (lang == Lang::en) return to_string(s);
    switch (s) {
        case DiffStatus::entered: return "新增";
        case DiffStatus::left: return "销号";
        case DiffStatus::changed: return "变化";
    }
    return "?";
}

std::string changes_text(const DiffEntry& e) {
    std::string s;
    for (std::size_t i = 0; i < e.changes.size(); ++i) {
        s += (i ? "; " : "") + e.changes[i].column + ": " + e.changes[i].old_value + " → " + e.changes[i].new_value;
    }
    return s;
}

} // namespace

Table diff_table(const DiffResult& d, Lang lang) {
    Table t;
    t.name = "diff";
    t.columns = {
        {"category", "类别", "category"},
        {"category_name", "类别名称", "category name"},
        {"status", "变化类型", "status"},
        {"key", "编号", "key"},
        {"township", "镇街", "township"},
        {"area_mu_old", "原面积(亩)", "old area (mu)", ColumnKind::area_mu},
        {"area_mu_new", "新面积(亩)", "new area (mu)", ColumnKind::area_mu},
        {"changes", "变化内容", "changes"},
        {"reason", "销号原因", "why it left"},
    };
    auto area = [](const std::string& s) -> Cell {
        if (s.empty()) return std::monostate{};
        try { return std::stod(s); } catch (const std::exception&) { return s; }
    };
    for (const auto& e : d.entries) {
        t.add_row({e.category, category_style(e.category).label(lang), status_label(e.status, lang), e.key, e.township,
                   area(e.area_mu_old), area(e.area_mu_new), changes_text(e), lang == Lang::zh ? e.reason : e.reason_en});
    }
    return t;
}

std::string diff_text(const DiffResult& d, Lang lang, std::size_t max_lines) {
    std::ostringstream os;
    const bool zh = lang == Lang::zh;
    for (const auto& w : d.warnings) os << (zh ? "注意: " : "warning: ") << (zh ? w.zh : w.en) << "\n";
    if (!d.warnings.empty()) os << "\n";
    // The summary table first: one line per category.
    const std::vector<std::string> head = zh ? std::vector<std::string>{"类别", "原", "新", "新增", "销号", "变化", "未变", "其中仅测算值变动"}
                                             : std::vector<std::string>{"category", "old", "new", "entered", "left", "changed", "unchanged", "of which values moved"};
    for (std::size_t i = 0; i < head.size(); ++i) os << (i ? " | " : "") << head[i];
    os << "\n";
    for (const auto& c : d.categories) {
        const CategoryStyle& st = category_style(c.category);
        os << st.label(lang) << " (" << c.category << "): ";
        if (!c.compared) {
            os << (zh ? "未比较 — " : "not compared — ") << c.note << "\n";
            continue;
        }
        os << c.old_keys << " → " << c.new_keys << " | " << c.entered << " | " << c.left << " | " << c.changed << " | " << c.unchanged
           << " | " << c.moved << "\n";
    }
    // Then the entries, a few per category; the rest are in diff.csv.
    for (const auto& c : d.categories) {
        if (!c.compared || c.entered + c.left + c.changed == 0) continue;
        const CategoryStyle& st = category_style(c.category);
        os << "\n" << st.label(lang) << ":\n";
        if (!c.note.empty()) os << "  (" << c.note << ")\n";
        std::size_t shown = 0, total = 0;
        for (const auto& e : d.entries) {
            if (e.category != c.category) continue;
            if (++total > max_lines) continue;
            ++shown;
            const char sign = e.status == DiffStatus::entered ? '+' : e.status == DiffStatus::left ? '-' : '~';
            os << "  " << sign << " " << status_label(e.status, lang) << "  " << e.key;
            if (!e.township.empty()) os << "  " << e.township;
            const std::string& mu = e.status == DiffStatus::left ? e.area_mu_old : e.area_mu_new;
            if (!mu.empty()) os << "  " << mu << (zh ? " 亩" : " mu");
            if (!e.changes.empty()) os << "  " << changes_text(e);
            const std::string& why = zh ? e.reason : e.reason_en;
            if (!why.empty()) os << "  " << (zh ? "原因: " : "why: ") << why;
            os << "\n";
        }
        if (total > shown)
            os << "  … " << (zh ? "另 " : "and ") << (total - shown) << (zh ? " 条, 见 diff.csv (--out DIR)" : " more in diff.csv (--out DIR)") << "\n";
    }
    return os.str();
}

void write_diff_geojson(const DiffResult& d, const fs::path& old_dir, const fs::path& new_dir, Lang lang, const fs::path& file) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!drv) throw IoError(file.string(), "GDAL has no GeoJSON driver");
    fs::remove(file);
    GDALDatasetUniquePtr ds{drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
    if (!ds) throw IoError(file.string(), std::string("cannot create GeoJSON: ") + CPLGetLastErrorMsg());
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char** lco = nullptr;
    lco = CSLSetNameValue(lco, "RFC7946", "YES");
    lco = CSLSetNameValue(lco, "COORDINATE_PRECISION", "7");
    lco = CSLSetNameValue(lco, "WRITE_BBOX", "NO");
    lco = CSLSetNameValue(lco, "WRITE_NAME", "NO");
    OGRLayer* layer = ds->CreateLayer("diff", &wgs84, wkbUnknown, lco);
    CSLDestroy(lco);
    if (!layer) throw IoError(file.string(), std::string("cannot create layer: ") + CPLGetLastErrorMsg());
    for (const char* name : {"category", "key", "status", "changes", "title", "description", "fill", "fill-opacity", "stroke", "stroke-width"}) {
        const std::string n = name;
        OGRFieldDefn def(name, n == "fill-opacity" || n == "stroke-width" ? OFTReal : OFTString);
        if (layer->CreateField(&def) != OGRERR_NONE) throw IoError(file.string(), "cannot create field " + n);
    }
    // Features of one run's <category>.geojson by key (distinct geometries, file order).
    using ByKey = std::map<std::string, std::vector<OGRGeometryUniquePtr>>;
    auto load = [&](const fs::path& dir, const CategoryStyle& st) {
        ByKey by;
        const fs::path src = dir / (st.id + ".geojson");
        if (!fs::exists(src)) return by;
        GDALDatasetUniquePtr in{GDALDataset::Open(src.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY)};
        if (!in || in->GetLayerCount() < 1) throw IoError(src.string(), std::string("cannot read GeoJSON: ") + CPLGetLastErrorMsg());
        OGRLayer* l = in->GetLayer(0);
        const int fi = l->GetLayerDefn()->GetFieldIndex(st.key.c_str());
        if (fi < 0) return by;
        std::map<std::string, std::set<std::string>> seen;
        for (auto& f : *l) {
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || !f->IsFieldSetAndNotNull(fi)) continue;
            const std::string key = f->GetFieldAsString(fi);
            char* wkt = nullptr;
            g->exportToWkt(&wkt);
            const std::string w = wkt ? wkt : "";
            CPLFree(wkt);
            if (!seen[key].insert(w).second) continue;
            by[key].emplace_back(g->clone());
        }
        return by;
    };
    std::map<std::string, std::pair<ByKey, ByKey>> cache;   // category -> (old, new)
    for (const auto& e : d.entries) {
        const CategoryStyle& st = category_style(e.category);
        auto it = cache.find(e.category);
        if (it == cache.end()) it = cache.emplace(e.category, std::make_pair(load(old_dir, st), load(new_dir, st))).first;
        const ByKey& by = e.status == DiffStatus::left ? it->second.first : it->second.second;
        const auto g = by.find(e.key);
        if (g == by.end()) continue;
        const char* fill = e.status == DiffStatus::entered ? "#e31a1c" : e.status == DiffStatus::left ? "#969696" : "#ff7f00";
        const std::string title = st.label(lang) + " " + e.key + " " + status_label(e.status, lang);
        for (const auto& geom : g->second) {
            OGRFeatureUniquePtr f{OGRFeature::CreateFeature(layer->GetLayerDefn())};
            f->SetField("category", e.category.c_str());
            f->SetField("key", e.key.c_str());
            f->SetField("status", to_string(e.status));
            f->SetField("changes", changes_text(e).c_str());
            f->SetField("title", title.c_str());
            f->SetField("description", (e.township + (e.changes.empty() ? "" : " · " + changes_text(e)) +
                                        (e.reason.empty() ? "" : " · " + (lang == Lang::zh ? e.reason : e.reason_en))).c_str());
            f->SetField("fill", fill);
            f->SetField("fill-opacity", 0.6);
            f->SetField("stroke", "#000000");
            f->SetField("stroke-width", 1.0);
            f->SetGeometry(geom.get());
            if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
                throw IoError(file.string(), std::string("cannot write feature: ") + CPLGetLastErrorMsg());
            }
        }
    }
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) throw IoError(file.string(), std::string("cannot finish GeoJSON: ") + CPLGetLastErrorMsg());
}

} // namespace tl::report
