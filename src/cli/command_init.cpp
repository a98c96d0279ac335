// tenglong init DATA_DIR [--out FILE] [--overwrite] [--lang zh|en]: a commented project file for
// a delivery tenglong has never seen.
//
// Every GDAL-readable file of the folder (and every layer of a GeoPackage, FileGDB or
// workbook) is read once with all its columns (io::read_layer, ReadOptions::all_columns). Each
// is matched to a canonical layer by its name (io::guess::layer_candidates: file stem, layer
// or sheet name) and by how well its columns fit the layer's fields (io::guess::guess_fields);
// a table can only be the 亩均 table, a layer with geometry anything else. Each canonical layer
// takes its best source, each source serves one layer. The file says, per layer and per field,
// what was guessed, how sure (高/中/低) and why, and what else was possible; every column left
// unmapped is listed under its layer with sample values; the profile is suggested from the
// 行政区划代码 at the head of the parcel codes (rules::suggest_profile); as_of is written as the
// placeholder analyze refuses (io::as_of_placeholder_text) until it is set or --as-of is given.
// The written file loads as it is: a field nothing was found for is a comment, not a key.
// An existing file is never overwritten without --overwrite (exit 2); a folder without anything
// that looks like parcels gets no file, but a message listing what was seen (exit 2); a file
// whose name is not UTF-8 (GBK from a Chinese Windows zip) is listed as one to rename.
#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <ogrsf_frmts.h>

#include "cli/command.hpp"
#include "cli/ui_lang.hpp"
#include "core/errors.hpp"
#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "io/encoding.hpp"
#include "io/gdal.hpp"
#include "io/guess.hpp"
#include "io/project.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"
#include "rules/profile.hpp"

namespace tl::cli {

namespace {

namespace fs = std::filesystem;
using io::guess::Confidence;

struct InitOptions {
    std::string dir;
    std::string out;
    bool overwrite = false;
    std::string lang = "zh";
    bool quiet = false;
}; // struct InitOptions

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// A TOML basic string.
std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += c; }
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
    return out + "\"";
}

// Text for a comment: one line.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

// `s` padded with blanks to `w` display columns.
std::string pad(const std::string& s, std::size_t w) {
    const std::size_t have = io::encoding::display_width(s);
    return have >= w ? s : s + std::string(w - have, ' ');
}

// One readable source: a file, or one layer of a GeoPackage / FileGDB / workbook.
struct Source {
    fs::path path;
    std::string layer;          // layer inside a container ("" = the only one)
    std::string shown;          // zongdi.shp, 县库.gpkg (layer 批次)
    std::vector<std::string> names;  // names to guess the layer from: the layer name, then the file stem
    io::RawLayer raw;
    std::string error;          // why it could not be read ("" = read)
    std::string crs_label, crs_by;
    std::size_t offset = 0;     // index of the first all-column key in raw.keys
    std::vector<std::vector<std::string>> samples;   // per source column: up to kSamples non-empty values
}; // struct Source

constexpr std::size_t kSamples = 200;

struct Match {
    std::size_t source = 0;
    const io::LayerDef* def = nullptr;
    Confidence name_conf = Confidence::none;
    std::string name_matched;   // the stem that matched
    io::guess::LayerFields fields;
    Confidence confidence = Confidence::none;   // of the whole layer guess
    int rank = 0;
}; // struct Match

std::string stem_text(const fs::path& p) {
    std::string stem = p.stem().string();
    if (io::encoding::is_valid_utf8(stem)) return stem;
    io::encoding::Decoder gbk("GBK");
    auto d = gbk.decode(stem);
    return d.complete ? d.text : stem;
}

std::vector<Source> list_sources(const fs::path& dir) {
    static const std::vector<std::string> exts{".shp", ".gpkg", ".geojson", ".json", ".gdb", ".csv", ".xlsx", ".dbf"};
    std::vector<fs::path> entries;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
    if (ec) throw ConfigError(dir.string(), "无法列出数据目录 cannot list the data directory: " + ec.message());
    std::sort(entries.begin(), entries.end());
    std::vector<Source> out;
    for (const auto& path : entries) {
        const std::string name = path.filename().string();
        if (name.empty() || name[0] == '.' || name.rfind("~$", 0) == 0) continue;
        const std::string ext = lower(path.extension().string());
        if (std::find(exts.begin(), exts.end(), ext) == exts.end()) continue;
        if (ext == ".dbf") {
            bool has_shp = false;
            for (const auto& o : entries) has_shp = has_shp || (o.stem() == path.stem() && lower(o.extension().string()) == ".shp");
            if (has_shp) continue;
        }
        const std::string stem = stem_text(path);
        const std::string shown = stem + path.extension().string();   // a GBK name decoded
        if (ext == ".gpkg" || ext == ".gdb" || ext == ".xlsx") {
            std::vector<std::string> layers;
            try {
                GDALDatasetUniquePtr ds = io::gdal::open_vector(path.string(), {}, path.string());
                for (int i = 0; i < ds->GetLayerCount(); ++i) layers.emplace_back(ds->GetLayer(i)->GetName());
            } catch (const std::exception& e) {
                Source s;
                s.path = path;
                s.shown = shown;
                s.error = e.what();
                out.push_back(std::move(s));
                continue;
            }
            for (const auto& l : layers) {
                Source s;
                s.path = path;
                s.layer = l;
                s.shown = shown + (layers.size() > 1 || l != stem ? " (layer " + l + ")" : "");
                s.names = {l, stem};
                out.push_back(std::move(s));
            }
        } else {
            Source s;
            s.path = path;
            s.shown = shown;
            s.names = {stem};
            out.push_back(std::move(s));
        }
    }
    return out;
}

void read_source(Source& s) {
    io::LayerSpec spec;
    spec.name = "parcels";   // any canonical name: with all_columns nothing is required
    spec.source = s.path.string();
    spec.layer = s.layer;
    IssueLog scratch;
    io::ReadOptions ro;
    ro.all_columns = true;
    try {
        s.raw = io::read_layer(spec, scratch, ro);
    } catch (const std::exception& e) {
        s.error = e.what();
        return;
    }
    s.offset = s.raw.keys.size() - s.raw.source_fields.size();
    s.samples.assign(s.raw.source_fields.size(), {});
    for (const auto& f : s.raw.features) {
        bool full = true;
        for (std::size_t c = 0; c < s.samples.size(); ++c) {
            auto& v = s.samples[c];
            if (v.size() >= kSamples) continue;
            full = false;
            const auto& val = f.values[s.offset + c];
            if (val && !val->empty()) v.push_back(*val);
        }
        if (full) break;
    }
    if (!s.raw.is_table && !s.raw.source_srs_wkt.empty()) {
        try {
            const auto crs = geom::identify_crs(s.raw.source_srs_wkt, "source");
            s.crs_label = crs.label();
        } catch (const std::exception&) {
        }
    }
}

struct Text {
    bool zh;
    std::string operator()(const std::string& z, const std::string& e) const { return zh ? z : e; }
}; // struct Text

std::string conf(const Text& T, Confidence c) {
    return T(std::string("把握") + io::guess::label_zh(c), std::string(io::guess::label_en(c)) + " confidence");
}

// The values of the parcel layer's id column (all features), for the profile suggestion.
std::vector<std::string> column_values(const Source& s, const std::string& column) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < s.raw.source_fields.size(); ++c) {
        if (s.raw.source_fields[c] != column) continue;
        for (const auto& f : s.raw.features)
            if (const auto& v = f.values[s.offset + c]; v && !v->empty()) out.push_back(*v);
        break;
    }
    return out;
}

std::string sample_text(const Source& s, const std::string& column) {
    for (std::size_t c = 0; c < s.raw.source_fields.size(); ++c) {
        if (s.raw.source_fields[c] != column) continue;
        std::vector<std::string> shown;
        for (const auto& v : s.samples[c]) {
            if (std::find(shown.begin(), shown.end(), v) != shown.end()) continue;
            shown.push_back(v.size() > 40 ? v.substr(0, 40) + "…" : v);
            if (shown.size() == 3) break;
        }
        std::string out;
        for (const auto& v : shown) out += (out.empty() ? "" : ", ") + quote(one_line(v));
        return out.empty() ? "(空 empty)" : out;
    }
    return {};
}

std::string today_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char b[16];
    std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
    return b;
}

int run_init(const InitOptions& opt) {
    const Text T{opt.lang != "en"};
    std::error_code ec;
    const fs::path dir = fs::absolute(opt.dir, ec).lexically_normal();
    if (ec || !fs::exists(dir, ec))
        throw UsageError(opt.dir + T(": 没有这个目录; 给出放着图层文件的数据目录", ": no such directory; give the folder that holds the layer files"));
    if (!fs::is_directory(dir, ec) || lower(dir.extension().string()) == ".gdb")
        throw UsageError(opt.dir + T(": 不是数据目录; 给出放着图层文件的文件夹 (tenglong init DATA_DIR)",
                                     ": not a data folder; give the folder that holds the layer files (tenglong init DATA_DIR)"));
    const bool to_stdout = opt.out == "-";
    const fs::path out = to_stdout ? fs::path() : fs::absolute(opt.out.empty() ? (dir / "project.toml") : fs::path(opt.out)).lexically_normal();
    if (!to_stdout && fs::exists(out, ec) && !opt.overwrite)
        throw UsageError(out.string() + T(": 文件已存在, 不会覆盖; 加 --overwrite 覆盖它, 或用 --out 另写一个文件",
                                          ": exists and is left as it is; add --overwrite to replace it, or write another file with --out"));
    if (!to_stdout && fs::is_directory(out, ec))
        throw UsageError(out.string() + T(": 是一个目录; --out 要给出文件名 (例如 project.toml)", ": is a directory; --out names a file (e.g. project.toml)"));

    io::gdal::ensure_registered();
    std::vector<Source> sources = list_sources(dir);
    for (auto& s : sources) {
        // A file name in GBK (a zip unpacked from a Chinese Windows) cannot be written into a
        // TOML file, which is UTF-8: the planner renames it.
        if (!io::encoding::is_valid_utf8(s.path.filename().string())) {
            s.error = T("文件名不是 UTF-8 (多半是 GBK), 项目文件写不下它; 请改名 (例如 convmv -f gbk -t utf8) 后重新运行 init",
                        "the file name is not UTF-8 (GBK, probably), so a project file cannot name it; rename it "
                        "(e.g. convmv -f gbk -t utf8) and run init again");
            continue;
        }
        if (s.error.empty()) read_source(s);
    }

    // ---- every (source, layer) pair that could be meant
    std::vector<Match> matches;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const Source& s = sources[i];
        if (!s.error.empty()) continue;
        for (const auto& def : io::canonical_layers()) {
            if (def.is_table != s.raw.is_table) continue;   // 亩均 is a table; the others have geometry
            Match m;
            m.source = i;
            m.def = &def;
            for (const auto& n : s.names) {
                for (const auto& lm : io::guess::layer_candidates(n))
                    if (lm.layer == &def && lm.confidence > m.name_conf) { m.name_conf = lm.confidence; m.name_matched = lm.matched; }
                if (m.name_conf != Confidence::none) break;   // the layer name speaks before the file name
            }
            m.fields = io::guess::guess_fields(def, s.raw.source_fields, &s.samples);
            bool required_found = true;
            int found = 0;
            int high = 0;
            for (const auto& g : m.fields.fields) {
                if (g.chosen) ++found;
                if (g.chosen && g.chosen->confidence == Confidence::high) ++high;
                else if (g.field->required) required_found = false;
            }
            if (m.name_conf != Confidence::none) {
                m.confidence = m.name_conf;
                // Columns that fit nothing lower the guess; required columns missing too.
                if ((found == 0 || !required_found) && m.confidence == Confidence::high) m.confidence = Confidence::medium;
            } else if (required_found && high >= 2) {
                m.confidence = Confidence::medium;   // by its columns alone
            } else {
                continue;
            }
            m.rank = static_cast<int>(m.name_conf) * 1000 + static_cast<int>(m.confidence) * 100 + m.fields.score;
            matches.push_back(std::move(m));
        }
    }
    std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.rank > b.rank; });
    std::map<std::string, const Match*> chosen;     // canonical layer -> match
    std::set<std::size_t> used;
    for (const auto& m : matches) {
        if (chosen.count(m.def->name) || used.count(m.source)) continue;
        chosen[m.def->name] = &m;
        used.insert(m.source);
    }

    // Without parcels the file could not even be loaded: say what was seen instead.
    if (!chosen.count("parcels")) {
        std::string seen;
        for (const auto& src : sources) {
            seen += "\n  " + src.shown + ": ";
            if (!src.error.empty()) {
                seen += T("无法读取 ", "cannot be read: ") + one_line(src.error);
                continue;
            }
            std::string cols;
            for (std::size_t c = 0; c < src.raw.source_fields.size() && c < 8; ++c) cols += (cols.empty() ? "" : ", ") + src.raw.source_fields[c];
            if (src.raw.source_fields.size() > 8) cols += ", …";
            seen += (src.raw.is_table ? T("表格, 列 ", "table, columns ") : T("图层, 列 ", "layer, columns ")) + cols;
        }
        const io::LayerDef* parcels = io::find_layer_def("parcels");
        std::string stems;
        for (const auto& st : parcels->file_stems) stems += (stems.empty() ? "" : "/") + st;
        throw ConfigError(dir.string(),
                          T("没有找到宗地 (parcels) 图层: 没有文件的名称 (如 " + stems + ") 或列名 (宗地代码/ZDDM …) 像宗地; 未写出项目文件. "
                            "把宗地文件改名为 zongdi.shp 等, 或参照 README「Inputs」手写 [layers.parcels]. 看到的文件:" +
                                (sources.empty() ? std::string(" 无 (.shp .gpkg .gdb .geojson .json .csv .xlsx .dbf)") : seen),
                            "no parcels layer found: no file whose name (such as " + stems + ") or columns (宗地代码/ZDDM …) look like "
                            "parcels; no project file written. Rename the parcel file (zongdi.shp, ...) or write [layers.parcels] by "
                            "hand (README \"Inputs\"). Files seen:" +
                                (sources.empty() ? std::string(" none (.shp .gpkg .gdb .geojson .json .csv .xlsx .dbf)") : seen)));
    }

    // ---- the file
    const fs::path base = to_stdout ? dir : out.parent_path();
    auto rel = [&](const fs::path& p) {
        fs::path r = p.lexically_relative(base);
        return (r.empty() ? p : r).generic_string();
    };
    std::ostringstream os;
    os << T("# tenglong 项目文件 (project.toml), 由 `tenglong init` 于 " + today_iso() + " 根据数据目录生成:\n#   " + dir.string() + "\n",
            "# tenglong project file, written by `tenglong init` on " + today_iso() + " from the data folder\n#   " + dir.string() + "\n");
    os << T("# 以下每个图层和字段都是猜测, 每条注释说明把握多大、依据什么、还有什么可能:\n"
            "#   把握高 = 列名/文件名与常见名称完全一致; 把握中 = 相近 (包含、截短); 把握低 = 仅凭取值.\n"
            "# 请核对把握中、低的各项. 字段键 (等号左边) 的含义见 README「Inputs」和 shapefiles/README.md.\n"
            "# 接下来: 填写 as_of, 运行 tenglong inspect 本文件 (看读到了什么), 再运行 tenglong analyze 本文件.\n",
            "# Every layer and field below is a guess; each comment says how sure it is, from what, and what\n"
            "# else was possible: high = the file/column name is a customary name exactly; medium = close\n"
            "# (contains it, cut short); low = by the values only. Check the medium and low ones. The field keys\n"
            "# (left of =) are explained in README \"Inputs\" and shapefiles/README.md.\n"
            "# Next: set as_of, run tenglong inspect on this file (what was read), then tenglong analyze on it.\n");
    os << "\n";
    os << "name    = " << quote(dir.filename().string()) << "\n";
    os << "as_of   = " << quote(io::as_of_placeholder_text())
       << T("   # 必填: 分析基准日, 例如 \"2023-12-31\"; 未填时 analyze 拒绝运行 (或运行时给 --as-of 2023-12-31)\n",
            "   # required: the date the analysis is made as of, e.g. \"2023-12-31\"; analyze refuses to run until it is set (or give --as-of 2023-12-31)\n");

    // Profile from the parcel codes.
    std::optional<rules::ProfileSuggestion> suggestion;
    std::string parcel_id_column;
    if (auto it = chosen.find("parcels"); it != chosen.end()) {
        for (const auto& g : it->second->fields.fields)
            if (g.field->key == "id" && g.chosen) parcel_id_column = g.chosen->column;
        if (!parcel_id_column.empty())
            suggestion = rules::suggest_profile(column_values(sources[it->second->source], parcel_id_column));
    }
    if (suggestion) {
        const int pct = static_cast<int>(suggestion->share * 100 + 0.5);
        os << "profile = " << quote(suggestion->id)
           << T("   # 依据宗地代码开头的行政区划代码 " + suggestion->admin_code + " = " + suggestion->jurisdiction + " (" +
                    std::to_string(pct) + "% 的宗地); 其他规则集: tenglong profile list\n",
                "   # from the 行政区划代码 at the head of the parcel codes: " + suggestion->admin_code + " = " +
                    suggestion->jurisdiction + " (" + std::to_string(pct) + "% of the parcels); other profiles: tenglong profile list\n");
    } else {
        os << "# profile = \"national\""
           << T("   # 宗地代码的行政区划代码不属于任何内置县级规则集, 按全国默认 national 判定; 县级规则集: tenglong profile list\n",
                "   # the parcel codes' admin code matches no built-in county profile: judged under the national defaults; county profiles: tenglong profile list\n");
    }

    std::size_t n_fields = 0, n_unmapped = 0, n_uncertain = 0;
    std::vector<std::string> layer_list, missing_required;
    for (const auto& def : io::canonical_layers()) {
        os << "\n# ---- " << def.label_zh << " " << def.name << " " << std::string(std::max<int>(4, 70 - static_cast<int>(io::encoding::display_width(def.label_zh + def.name))), '-') << "\n";
        auto it = chosen.find(def.name);
        if (it == chosen.end()) {
            std::string stems;
            for (const auto& s : def.file_stems) stems += (stems.empty() ? "" : "/") + s;
            os << T("# 未找到" + std::string(def.required ? " (必需的图层!)" : "") + ": 没有名称或列名像" + def.label_zh +
                        "的文件 (名称如 " + stems + "); 如有, 照其他图层的样子写一段 [layers." + def.name + "]\n",
                    "# not found" + std::string(def.required ? " (a required layer!)" : "") + ": no file whose name or columns look like " +
                        def.name + " (names such as " + stems + "); if there is one, write a [layers." + def.name +
                        "] section like the others\n");
            if (def.required) missing_required.push_back(def.name);
            continue;
        }
        const Match& m = *it->second;
        const Source& s = sources[m.source];
        layer_list.push_back(def.label_zh + " " + s.shown);
        if (m.name_conf != Confidence::none)
            os << T("# 来源 " + s.shown + ": 依据名称「" + m.name_matched + "」, " + conf(T, m.confidence),
                    "# source " + s.shown + ": from the name \"" + m.name_matched + "\", " + conf(T, m.confidence));
        else
            os << T("# 来源 " + s.shown + ": 名称不像, 依据列名, " + conf(T, m.confidence),
                    "# source " + s.shown + ": the name says nothing, the columns fit; " + conf(T, m.confidence));
        if (m.confidence != Confidence::high) ++n_uncertain;
        os << "\n";
        os << T("# " + std::to_string(s.raw.features.size()) + (s.raw.is_table ? " 行" : " 个要素") + ", 编码 " +
                    s.raw.encoding.encoding + " (依据 " + s.raw.encoding.decided_by + ")",
                "# " + std::to_string(s.raw.features.size()) + (s.raw.is_table ? " rows" : " features") + ", encoding " +
                    s.raw.encoding.encoding + " (decided by " + s.raw.encoding.decided_by + ")");
        if (!s.raw.is_table)
            os << T(", 坐标系 " + (s.crs_label.empty() ? std::string("无 (必须用 crs = \"EPSG:...\" 指定)") : s.crs_label),
                    ", CRS " + (s.crs_label.empty() ? std::string("none (name it with crs = \"EPSG:...\")") : s.crs_label));
        os << "\n";
        for (const auto& o : matches) {
            if (&o == &m || o.def != &def) continue;
            os << T("# 另一个可能的来源: " + sources[o.source].shown + " (" + conf(T, o.confidence) + ")",
                    "# another possible source: " + sources[o.source].shown + " (" + conf(T, o.confidence) + ")")
               << (used.count(o.source) ? T(", 已用作其他图层", ", taken for another layer") : std::string())
               << "\n";
        }
        os << "[layers." << def.name << "]\n";
        os << "source = " << quote(rel(s.path)) << "\n";
        if (!s.layer.empty()) os << "layer  = " << quote(s.layer) << "\n";
        if (s.crs_label.empty() && !s.raw.is_table) os << "# crs = \"EPSG:4549\"" << T("   # 来源没有坐标系: 填上正确的坐标系\n", "   # the source has no CRS: set the right one\n");
        os << "\n[layers." << def.name << ".fields]\n";
        std::size_t key_w = 0, col_w = 0;
        for (const auto& g : m.fields.fields) {
            key_w = std::max(key_w, g.field->key.size());
            if (g.chosen) col_w = std::max(col_w, io::encoding::display_width(quote(g.chosen->column)));
        }
        for (const auto& g : m.fields.fields) {
            const auto& f = *g.field;
            std::string others;
            for (const auto& o : g.others) {
                if (!o.unit_mismatch.empty()) continue;
                others += (others.empty() ? "" : ", ") + o.column + " (" + T(io::guess::label_zh(o.confidence), io::guess::label_en(o.confidence)) + ")";
            }
            const io::guess::Candidate* unit_bad = nullptr;
            for (const auto& o : g.others)
                if (!o.unit_mismatch.empty()) { unit_bad = &o; break; }
            if (g.chosen) {
                ++n_fields;
                os << pad(f.key, key_w) << " = " << pad(quote(g.chosen->column), col_w) << "  # " << f.label_zh << " ← "
                   << T(g.chosen->why_zh, g.chosen->why_en) << ", " << conf(T, g.chosen->confidence);
                if (!others.empty()) os << T("; 其他可能: ", "; also possible: ") << others;
                os << "\n";
            } else if (unit_bad) {
                os << "# " << pad(f.key, key_w) << " = " << quote(unit_bad->column) << "   # " << f.label_zh << ": "
                   << T("单位是「" + unit_bad->unit_mismatch + "」, tenglong 按「" + f.label_zh + "」计: 换算成该单位后再映射",
                        "the column is in " + unit_bad->unit_mismatch + ", tenglong counts " + f.label_zh +
                            ": convert it, then map it")
                   << "\n";
                if (f.required) missing_required.push_back(def.name + "." + f.key);
            } else {
                os << "# " << pad(f.key, key_w) << " = \"?\"   # " << f.label_zh << ": "
                   << (f.required ? T("必填! 未找到对应的列, 请填写列名后去掉行首的 #", "required! no column found: name it and remove the leading #")
                                  : T("未找到对应的列", "no column found"))
                   << "\n";
                if (f.required) missing_required.push_back(def.name + "." + f.key);
            }
        }
        if (!m.fields.unmapped.empty()) {
            os << T("# 未映射的源列 (tenglong 不读它们; 如果其中有上面缺的字段, 把它写到对应的键上):\n",
                    "# source columns left unmapped (tenglong does not read them; if one is a field missing above, map it):\n");
            std::size_t w = 0;
            for (const auto& c : m.fields.unmapped) w = std::max(w, io::encoding::display_width(c));
            for (const auto& c : m.fields.unmapped) {
                ++n_unmapped;
                os << "#   " << pad(c, w) << " " << T("样例 ", "e.g. ") << sample_text(s, c) << "\n";
            }
        }
    }

    // Files that are no layer, or could not be read.
    std::vector<std::string> other;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        if (used.count(i)) continue;
        const Source& s = sources[i];
        if (!s.error.empty()) {
            other.push_back(s.shown + T(": 无法读取: ", ": cannot be read: ") + one_line(s.error));
            continue;
        }
        std::string cols;
        for (std::size_t c = 0; c < s.raw.source_fields.size() && c < 8; ++c) cols += (cols.empty() ? "" : ", ") + s.raw.source_fields[c];
        if (s.raw.source_fields.size() > 8) cols += ", …";
        other.push_back(s.shown + " (" + cols + ")");
    }
    if (!other.empty()) {
        os << "\n" << T("# ---- 未使用的文件 (不像任何图层, 或已有更合适的来源) ----\n", "# ---- files not used (they look like no layer, or a better source was taken) ----\n");
        for (const auto& o : other) os << "#   " << o << "\n";
    }

    const std::string text = os.str();
    if (to_stdout) {
        std::cout << text;
    } else {
        const fs::path tmp = out.string() + ".tmp";
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
            if (!f) throw IoError(out.string(), T("无法写入 cannot write the project file", "cannot write the project file"));
            f << text;
            if (!f.flush()) throw IoError(out.string(), T("写入失败 writing failed", "writing failed"));
        }
        fs::rename(tmp, out, ec);
        if (ec) {
            fs::remove(tmp, ec);
            throw IoError(out.string(), T("无法写入 cannot write the project file", "cannot write the project file"));
        }
    }

    if (!opt.quiet) {
        std::string layers;
        for (const auto& l : layer_list) layers += (layers.empty() ? "" : ", ") + l;
        const std::string shown = to_stdout ? std::string("stdout") : out.string();
        const std::string proj = to_stdout ? std::string("project.toml") : out.string();
        std::cerr << T("已写出 " + shown + ": " + std::to_string(layer_list.size()) + " 个图层 (" + layers + "), 猜出 " +
                           std::to_string(n_fields) + " 个字段, " + std::to_string(n_unmapped) + " 个源列未映射" +
                           (n_uncertain ? ", " + std::to_string(n_uncertain) + " 个图层把握不高" : std::string()) + "\n",
                       "wrote " + shown + ": " + std::to_string(layer_list.size()) + " layers (" + layers + "), " +
                           std::to_string(n_fields) + " fields guessed, " + std::to_string(n_unmapped) + " source columns unmapped" +
                           (n_uncertain ? ", " + std::to_string(n_uncertain) + " layers not certain" : std::string()) + "\n");
        if (!missing_required.empty()) {
            std::string miss;
            for (const auto& m : missing_required) miss += (miss.empty() ? "" : ", ") + m;
            std::cerr << T("缺少必需项: " + miss + "; 请在文件中补上\n", "missing required items: " + miss + "; fill them in the file\n");
        }
        std::cerr << T("下一步: 在文件中填写 as_of (或运行时加 --as-of), 核对注释里把握中、低的猜测, 然后\n  tenglong inspect " + proj +
                           "\n  tenglong analyze " + proj + " --as-of 2023-12-31\n",
                       "next: set as_of in the file (or give --as-of), check the guesses marked medium or low, then\n  tenglong inspect " +
                           proj + "\n  tenglong analyze " + proj + " --as-of 2023-12-31\n");
    }
    return 0;
}

} // namespace

Action setup_init(CLI::App& sub) {
    auto opt = std::make_shared<InitOptions>();
    sub.add_option("data_dir", opt->dir, tr("县的数据文件夹", "数据目录 Data folder with the county's layers"))->required();
    sub.add_option("--out", opt->out, tr("写出的项目文件 (默认: DATA_DIR/project.toml; - 表示 stdout)", "写出的项目文件 Project file to write (default: DATA_DIR/project.toml; - for stdout)"));
    sub.add_flag("--overwrite", opt->overwrite, tr("覆盖已有的项目文件", "覆盖已有的文件 Replace an existing project file"));
    sub.add_option("--lang", opt->lang, tr("注释与提示的语言: zh (默认) 或 en", "Language of comments and messages: zh (default) or en"))->check(CLI::IsMember({"zh", "en"}));
    sub.add_flag("-q,--quiet", opt->quiet, tr("只输出错误", "Print nothing but errors"));
    return [opt] { return run_init(*opt); };
}

} // namespace tl::cli
