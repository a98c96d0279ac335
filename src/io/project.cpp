#include "io/project.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <toml++/toml.h>

#include "core/errors.hpp"
#include "io/encoding.hpp"
#include "io/gdal.hpp"
#include "io/schema.hpp"

namespace tl::io {

namespace fs = std::filesystem;

namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

const char* type_name(toml::node_type t) {
    switch (t) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "nothing";
    }
}

// "line 12: " from a toml++ source position ("" when toml++ has none).
std::string at(const toml::source_region& src) {
    if (src.begin.line == 0) return {};
    return "line " + std::to_string(src.begin.line) + ": ";
}

// Validates a project file and turns it into a Project; every error names the file, the line
// and the key, and says what is allowed.
class ProjectParser {
public:
    explicit ProjectParser(fs::path file) : m_file(std::move(file)), m_shown(m_file.string()) {}

    Project parse() {
        const std::string text = read_text();
        toml::table root;
        try {
            root = toml::parse(text, m_shown);
        } catch (const toml::parse_error& e) {
            throw ConfigError(m_shown, at(e.source()) + "not valid TOML: " + std::string(e.description()));
        }

        Project p;
        p.file = m_file;
        p.base_dir = m_file.parent_path();
        p.name = m_file.stem().string();

        static const std::vector<std::string> top_keys{"name", "mapping_unit", "as_of", "profile", "crs", "decisions", "layers", "revitalization"};
        for (auto&& [key, node] : root) {
            const std::string k(key.str());
            if (k == "name") p.name = string_value(node, key, "name");
            else if (k == "mapping_unit") p.mapping_unit = string_value(node, key, "mapping_unit");
            else if (k == "as_of") {
                if (is_placeholder(node)) p.as_of_placeholder = true;
                else p.as_of = date_value(node, key);
            }
            else if (k == "profile") p.profile = profile_value(node, key, p.base_dir);
            else if (k == "crs") p.crs = crs_value(node, key, "crs");
            else if (k == "decisions") p.decisions = decisions_value(node, key, p.base_dir);
            else if (k == "layers") parse_layers(node, key, p);
            else if (k == "revitalization") p.revitalization = revitalization_value(node, key, p.base_dir);
            else unknown(key, "at the top level", top_keys);
        }
        if (!p.layers.count("parcels"))
            throw ConfigError(m_shown, "no [layers.parcels] section: the parcels (宗地) layer is required; add\n"
                                       "  [layers.parcels]\n  source = \"parcels.shp\"");
        return p;
    }

private:
    std::string read_text() {
        std::ifstream in(m_file, std::ios::binary);
        if (!in) throw ConfigError(m_shown, "cannot read the project file");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // Notepad's BOM
        if (!encoding::is_valid_utf8(text)) {
            // Notepad on a Chinese Windows saves "ANSI", i.e. GBK.
            const std::size_t bad = encoding::valid_utf8_prefix(text);
            const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
            throw ConfigError(m_shown, "line " + std::to_string(line) +
                                           ": the project file is not UTF-8 (GBK?); save it as UTF-8 (记事本: 另存为, 编码 UTF-8)");
        }
        return text;
    }

    [[noreturn]] void unknown(const toml::key& key, const std::string& where, const std::vector<std::string>& allowed) {
        throw ConfigError(m_shown, at(key.source()) + "unknown key \"" + std::string(key.str()) + "\" " + where +
                                       "; allowed keys: " + join(allowed));
    }

    [[noreturn]] void wrong_type(const toml::node& node, const toml::key& key, const std::string& path,
                                 const std::string& want) {
        const auto& src = node.source().begin.line ? node.source() : key.source();
        throw ConfigError(m_shown, at(src) + path + " must be " + want + ", not " + type_name(node.type()));
    }

    std::string string_value(const toml::node& node, const toml::key& key, const std::string& path) {
        if (!node.is_string()) wrong_type(node, key, path, "a string (text in quotes)");
        return std::string(*node.value<std::string_view>());
    }

    // 闭环管理 (cases/decisions.hpp): the decisions table, relative to the project file; it must exist.
    std::string decisions_value(const toml::node& node, const toml::key& key, const fs::path& base) {
        fs::path p(string_value(node, key, "decisions"));
        if (p.is_relative()) p = base / p;
        p = p.lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            throw ConfigError(m_shown, at(node.source()) + "decisions = 处置决定表不存在 (decisions file not found): " + p.string() +
                                           "; 路径相对于项目文件 (paths are relative to the project file)");
        return p.string();
    }

    // 盘活台账 (analysis/revitalization.hpp): relative to the project file; it must exist.
    std::string revitalization_value(const toml::node& node, const toml::key& key, const fs::path& base) {
        fs::path p(string_value(node, key, "revitalization"));
        if (p.is_relative()) p = base / p;
        p = p.lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            throw ConfigError(m_shown, at(node.source()) + "revitalization = 盘活台账不存在 (revitalisation ledger not found): " + p.string() +
                                           "; 路径相对于项目文件 (paths are relative to the project file)");
        return p.string();
    }

    // A built-in name ("linhai") stays as it is; a path (it has a '/' or ends in .toml) is
    // relative to the project file like every other path in it, and must exist.
    std::string profile_value(const toml::node& node, const toml::key& key, const fs::path& base) {
        const std::string s = string_value(node, key, "profile");
        const bool is_path = s.find('/') != std::string::npos || s.find('\\') != std::string::npos ||
                             (s.size() > 5 && iequals(s.substr(s.size() - 5), ".toml"));
        if (!is_path) return s;
        fs::path p(s);
        if (p.is_relative()) p = base / p;
        p = p.lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            throw ConfigError(m_shown, at(node.source()) + "profile file not found: " + p.string() +
                                           " (paths are relative to the project file; `tenglong profile list` shows the built-in names)");
        return p.string();
    }

    std::string crs_value(const toml::node& node, const toml::key& key, const std::string& path) {
        std::string s = string_value(node, key, path);
        // Check the CRS now, so that a typo stops the run before any layer is read. No file or
        // network look-ups: a CRS string here is an EPSG code, WKT or a PROJ string.
        gdal::ensure_registered();
        gdal::CplErrorCapture capture;
        OGRSpatialReference srs;
        if (s.empty() || srs.SetFromUserInput(s.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
                             OGRERR_NONE) {
            const std::string why = capture.summary();
            throw ConfigError(m_shown, at(node.source()) + path + " = \"" + s + "\" is not a CRS GDAL/PROJ understands" +
                                           (why.empty() ? "" : " (" + why + ")") +
                                           "; write e.g. \"EPSG:4549\" (CGCS2000 / 3-degree Gauss-Kruger CM 120E)");
        }
        return s;
    }

    static bool is_placeholder(const toml::node& node) {
        if (!node.is_string()) return false;
        const std::string s = ascii_lower(*node.value<std::string_view>());
        return s.find("yyyy") != std::string::npos;
    }

    Date date_value(const toml::node& node, const toml::key& key) {
        if (const auto* d = node.as_date()) {
            const toml::date v = d->get();
            if (is_valid_date(v.year, v.month, v.day)) return Date{v.year, v.month, v.day};
        } else if (node.is_string()) {
            const std::string s(*node.value<std::string_view>());
            if (auto parsed = parse_date(s)) return *parsed;
            throw ConfigError(m_shown, at(node.source()) + "as_of = \"" + s +
                                           "\" is not a date; write it as \"2023-12-31\"");
        } else {
            wrong_type(node, key, "as_of", "a date such as \"2023-12-31\"");
        }
        throw ConfigError(m_shown, at(node.source()) + "as_of is not a valid date; write it as \"2023-12-31\"");
    }

    void parse_layers(const toml::node& node, const toml::key& key, Project& p) {
        const auto* layers = node.as_table();
        if (!layers) wrong_type(node, key, "layers", "a table ([layers.parcels] sections)");
        std::vector<std::string> names;
        for (const auto& def : canonical_layers()) names.push_back(def.name);
        for (auto&& [lkey, lnode] : *layers) {
            const std::string name(lkey.str());
            const LayerDef* def = find_layer_def(name);
            if (!def)
                throw ConfigError(m_shown, at(lkey.source()) + "unknown layer [layers." + name +
                                               "]; canonical layers are: " + join(names));
            const auto* t = lnode.as_table();
            if (!t) wrong_type(lnode, lkey, "layers." + name, "a table ([layers." + name + "])");
            p.layers[name] = parse_layer(*def, *t, lkey, p.base_dir);
        }
    }

    LayerSpec parse_layer(const LayerDef& def, const toml::table& t, const toml::key& section, const fs::path& base) {
        static const std::vector<std::string> keys{"source", "layer", "sheet", "sql", "encoding", "crs", "fields", "units"};
        const std::string sec = "layers." + def.name;
        LayerSpec spec;
        spec.name = def.name;
        bool has_source = false;
        for (auto&& [key, node] : t) {
            const std::string k(key.str());
            if (k == "source") {
                spec.source = resolve_source(string_value(node, key, sec + ".source"), node, sec, base);
                has_source = true;
            } else if (k == "layer" || k == "sheet") {
                // `sheet` is a workbook's word for the layer (GDAL reads each sheet as a layer).
                const std::string v = string_value(node, key, sec + "." + k);
                if (!spec.layer.empty() && spec.layer != v)
                    throw ConfigError(m_shown, at(node.source()) + sec + ": layer = \"" + spec.layer + "\" and sheet = \"" + v +
                                                   "\" name different sheets; keep one (sheet is the same key as layer)");
                spec.layer = v;
            } else if (k == "sql") {
                spec.sql = string_value(node, key, sec + ".sql");
                if (spec.sql.find_first_not_of(" \t\r\n") == std::string::npos)
                    throw ConfigError(m_shown, at(node.source()) + sec + ".sql is empty; write a query such as "
                                                   "sql = \"SELECT * FROM county.parcels WHERE xzqdm = '331082'\", or leave the key out");
            } else if (k == "encoding") {
                spec.encoding = string_value(node, key, sec + ".encoding");
                if (!iequals(spec.encoding, "auto") && !encoding::canonical_name(spec.encoding))
                    throw ConfigError(m_shown, at(node.source()) + sec + ".encoding = \"" + spec.encoding +
                                                   "\" is not an encoding iconv knows; use auto, UTF-8, GBK, GB18030 or BIG5");
            } else if (k == "crs") {
                spec.crs = crs_value(node, key, sec + ".crs");
            } else if (k == "fields") {
                parse_fields(def, node, key, sec, spec);
            } else if (k == "units") {
                parse_units(def, node, key, sec, spec);
            } else {
                unknown(key, "in [" + sec + "]", keys);
            }
        }
        if (!has_source)
            throw ConfigError(m_shown, at(section.source()) + "[" + sec + "] has no source; add source = \"" +
                                           def.name + ".shp\" (a path relative to the project file, or PG:...)");
        if (!spec.sql.empty() && !spec.layer.empty())
            throw ConfigError(m_shown, at(section.source()) + "[" + sec + "] has both layer and sql; keep one "
                                           "(layer names a table or view, sql is a query whose result is the layer)");
        return spec;
    }

    void parse_fields(const LayerDef& def, const toml::node& node, const toml::key& key, const std::string& sec,
                      LayerSpec& spec) {
        const auto* t = node.as_table();
        if (!t) wrong_type(node, key, sec + ".fields", "an inline table such as { id = \"ZDDM\" }");
        std::vector<std::string> allowed;
        for (const auto& f : def.fields) allowed.push_back(f.key);
        for (auto&& [fkey, fnode] : *t) {
            const std::string k(fkey.str());
            if (!find_field_def(def, k)) unknown(fkey, "in " + sec + ".fields", allowed);
            const std::string column = string_value(fnode, fkey, sec + ".fields." + k);
            if (column.empty())
                throw ConfigError(m_shown, at(fnode.source()) + sec + ".fields." + k +
                                               " is empty; name the source column, or leave the key out");
            spec.fields[k] = column;
        }
    }

    // units = { tax = "元", land_area_m2 = "亩" }: the unit a field's column is in, when its header
    // does not say; the reader converts it into the field's own unit.
    void parse_units(const LayerDef& def, const toml::node& node, const toml::key& key, const std::string& sec,
                     LayerSpec& spec) {
        const auto* t = node.as_table();
        if (!t) wrong_type(node, key, sec + ".units", "an inline table such as { tax = \"元\" }");
        std::vector<std::string> allowed;
        for (const auto& f : def.fields)
            if (field_unit(f)) allowed.push_back(f.key);
        for (auto&& [ukey, unode] : *t) {
            const std::string k(ukey.str());
            const FieldDef* f = find_field_def(def, k);
            if (!f || !field_unit(*f)) unknown(ukey, "in " + sec + ".units (keys with a unit)", allowed);
            const std::string unit = string_value(unode, ukey, sec + ".units." + k);
            const UnitDef* to = field_unit(*f);
            const UnitDef* from = find_unit(unit);
            if (!from || from->quantity != to->quantity) {
                std::vector<std::string> same;
                for (const auto& u : known_units())
                    if (u.quantity == to->quantity) same.push_back(u.name);
                throw ConfigError(m_shown, at(unode.source()) + sec + ".units." + k + " = \"" + unit + "\" is not a unit of " +
                                               f->label_zh + "; write one of: " + join(same));
            }
            spec.units[k] = unit;
        }
    }

    std::string resolve_source(const std::string& source, const toml::node& node, const std::string& sec,
                               const fs::path& base) {
        if (source.empty())
            throw ConfigError(m_shown, at(node.source()) + sec + ".source is empty; name a file or a PG: connection");
        // Connection strings (PG:dbname=..., and GDAL's other DRIVER:... forms) and GDAL virtual
        // file systems go to GDAL untouched: there is no file to check.
        const auto colon = source.find(':');
        if (colon != std::string::npos && colon >= 2 && source.find('/') > colon) return source;
        if (source.rfind("/vsi", 0) == 0) return source;
        fs::path p(source);
        if (p.is_relative()) p = base / p;
        p = p.lexically_normal();
        std::error_code ec;
        if (!fs::exists(p, ec))
            throw ConfigError(m_shown, at(node.source()) + "layer " + sec.substr(7) + ": source file not found: " +
                                           p.string() + " (paths are relative to the project file)");
        return p.string();
    }

    fs::path m_file;
    std::string m_shown;
}; // class ProjectParser

// ---- data directory mode

const std::vector<std::string>& discoverable_extensions() {
    static const std::vector<std::string> exts{".shp", ".gpkg", ".geojson", ".json", ".gdb", ".csv", ".xlsx", ".dbf"};
    return exts;
}

bool is_container(const fs::path& p) {
    const std::string e = ascii_lower(p.extension().string());
    return e == ".gpkg" || e == ".gdb";
}

// A file stem as text: UTF-8 file names as they are; a GBK name (a zip made on a Chinese
// Windows and unpacked here) decoded, so that 宗地.shp is found either way.
std::string stem_text(const fs::path& p) {
    std::string stem = p.stem().string();
    if (encoding::is_valid_utf8(stem)) return stem;
    encoding::Decoder gbk("GBK");
    auto d = gbk.decode(stem);
    return d.complete ? d.text : stem;
}

const LayerDef* layer_for_stem(const std::string& stem) {
    for (const auto& def : canonical_layers())
        for (const auto& s : def.file_stems)
            if (iequals(stem, s)) return &def;
    return nullptr;
}

std::vector<std::string> container_layers(const fs::path& p) {
    GDALDatasetUniquePtr ds = gdal::open_vector(p.string(), {}, p.string());
    std::vector<std::string> names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
    return names;
}

Project discover(const fs::path& dir) {
    Project p;
    p.base_dir = dir;
    p.name = dir.filename().string();
    if (p.name.empty() || p.name == ".") p.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();

    std::vector<fs::path> entries;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
    if (ec) throw ConfigError(dir.string(), "cannot list the data directory: " + ec.message());
    std::sort(entries.begin(), entries.end());  // directory order is arbitrary; the result must not be

    struct Candidate {
        std::string source, layer, shown;
    };
    std::map<std::string, std::vector<Candidate>> found;
    auto add = [&](const LayerDef& def, Candidate c) {
        auto& v = found[def.name];
        for (const auto& o : v)
            if (o.source == c.source && o.layer == c.layer) return;
        v.push_back(std::move(c));
    };

    std::vector<std::string> seen_files;
    for (const auto& path : entries) {
        const std::string name = path.filename().string();
        if (name.empty() || name[0] == '.' || name.rfind("~$", 0) == 0) continue;  // hidden, Excel lock files
        const std::string ext = ascii_lower(path.extension().string());
        if (std::find(discoverable_extensions().begin(), discoverable_extensions().end(), ext) ==
            discoverable_extensions().end())
            continue;
        if (ext == ".dbf") {
            // A bare .dbf is a table (亩均数据.dbf); with a .shp beside it, it is part of that shapefile.
            bool has_shp = false;
            for (const auto& o : entries)
                has_shp = has_shp || (o.stem() == path.stem() && ascii_lower(o.extension().string()) == ".shp");
            if (has_shp) continue;
        }
        seen_files.push_back(name);
        const std::string stem = stem_text(path);
        const LayerDef* by_stem = layer_for_stem(stem);
        if (is_container(path)) {
            const auto layers = container_layers(path);
            bool assigned_stem = false;
            for (const auto& lname : layers) {
                if (const LayerDef* def = layer_for_stem(lname)) {
                    add(*def, {path.string(), lname, name + " (layer " + lname + ")"});
                    assigned_stem = assigned_stem || def == by_stem;
                }
            }
            if (by_stem && !assigned_stem && !layers.empty())
                add(*by_stem, {path.string(), layers.size() == 1 ? layers[0] : std::string{},
                               name + (layers.size() == 1 ? "" : " (first layer)")});
        } else if (by_stem) {
            add(*by_stem, {path.string(), "", name});
        }
    }

    for (const auto& def : canonical_layers()) {
        auto it = found.find(def.name);
        if (it == found.end()) continue;
        if (it->second.size() > 1) {
            std::vector<std::string> shown;
            for (const auto& c : it->second) shown.push_back(c.shown);
            throw ConfigError(dir.string(), "more than one source for the " + def.name + " (" + def.label_zh +
                                                ") layer: " + join(shown) +
                                                "; keep one, or write a project file that names it with [layers." +
                                                def.name + "] source = \"...\"");
        }
        LayerSpec spec;
        spec.name = def.name;
        spec.source = it->second.front().source;
        spec.layer = it->second.front().layer;
        p.layers[def.name] = std::move(spec);
    }
    if (!p.layers.count("parcels")) {
        const LayerDef* parcels = find_layer_def("parcels");
        throw ConfigError(dir.string(), "no parcels (宗地) layer found: a data directory needs a file named " +
                                            join(parcels->file_stems, " or ") +
                                            " (.shp, .gpkg, .geojson, .gdb, ...), or a GeoPackage layer of that name; "
                                            "files seen: " + (seen_files.empty() ? std::string("none") : join(seen_files)) +
                                            "; or write a project file that names the layers");
    }
    return p;
}

} // namespace

const char* as_of_placeholder_text() { return "待填 YYYY-MM-DD"; }

Project load_project(const fs::path& file_or_dir) {
    std::error_code ec;
    const fs::path path = fs::absolute(file_or_dir, ec).lexically_normal();
    // The input as a message may show it: a connection string given here keeps its password hidden.
    const std::string shown = gdal::display_source(file_or_dir.string());
    if (ascii_lower(shown).rfind("pg:", 0) == 0)
        throw ConfigError(shown, "a database connection is a layer source, not an input; write a project file with "
                                 "[layers.parcels] source = \"PG:...\" and layer = \"...\", and pass that file");
    if (ec || !fs::exists(path, ec))
        throw ConfigError(shown, "no such file or directory; pass a project file (.toml) or a data directory");
    if (fs::is_directory(path, ec)) {
        // A FileGDB is a directory too, but a project is never one.
        if (ascii_lower(path.extension().string()) == ".gdb")
            throw ConfigError(shown, "is a FileGDB; pass the folder that holds it, or a project file");
        return discover(path);
    }
    // `tenglong analyze parcels.shp` is a natural first try: say what to pass instead of
    // reporting that a shapefile is not valid TOML.
    const std::string ext = ascii_lower(path.extension().string());
    for (const char* data_ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".gpkg", ".geojson", ".json", ".csv", ".xlsx", ".zip"})
        if (ext == data_ext)
            throw ConfigError(shown, "is a data file, not a project; pass the folder that holds the layers "
                                                    "(they are found by name: parcels/宗地.shp, ...) or a project file (.toml)");
    return ProjectParser(path).parse();
}

} // namespace tl::io
