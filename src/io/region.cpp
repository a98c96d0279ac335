#include "io/region.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/errors.hpp"
#include "io/encoding.hpp"

namespace tl::io {

namespace fs = std::filesystem;

namespace {

std::string at(const toml::source_region& src) {
    if (src.begin.line == 0) return {};
    return "line " + std::to_string(src.begin.line) + ": ";
}

std::string read_text(const fs::path& file, const std::string& shown) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(shown, "cannot read the region file");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (!encoding::is_valid_utf8(text))
        throw ConfigError(shown, "the region file is not UTF-8 (GBK?); save it as UTF-8 (记事本: 另存为, 编码 UTF-8)");
    return text;
}

bool is_path_like(const std::string& s) {
    return s.find('/') != std::string::npos || s.find('\\') != std::string::npos ||
           (s.size() > 5 && s.compare(s.size() - 5, 5, ".toml") == 0);
}

class RegionParser {
public:
    explicit RegionParser(fs::path file) : m_file(std::move(file)), m_shown(m_file.string()) {}

    Region parse() {
        toml::table root;
        try {
            root = toml::parse(read_text(m_file, m_shown), m_shown);
        } catch (const toml::parse_error& e) {
            throw ConfigError(m_shown, at(e.source()) + "not valid TOML: " + std::string(e.description()));
        }
        Region r;
        r.file = fs::absolute(m_file).lexically_normal();
        r.name = m_file.stem().string();
        const fs::path base = r.file.parent_path();
        bool has_as_of = false;
        static const char* top = "name, level, as_of, profile, counties";
        for (auto&& [key, node] : root) {
            const std::string k(key.str());
            if (k == "name") r.name = str(node, "name");
            else if (k == "level") r.level = str(node, "level");
            else if (k == "as_of") { r.as_of = date(node); has_as_of = true; }
            else if (k == "profile") r.profile = profile(node, "profile", base);
            else if (k == "counties") counties(node, base, r);
            else throw ConfigError(m_shown, at(key.source()) + "unknown key \"" + k + "\" at the top level; allowed keys: " + top);
        }
        if (!has_as_of)
            throw ConfigError(m_shown, "no as_of: a region's counties are analysed as of one date; add as_of = \"2023-12-31\"");
        if (r.counties.empty())
            throw ConfigError(m_shown, "no counties; add one [[counties]] section per county (name = \"象山县\", data = \"象山/\")");
        return r;
    }

private:
    std::string str(const toml::node& node, const std::string& path) {
        if (!node.is_string()) throw ConfigError(m_shown, at(node.source()) + path + " must be a string (text in quotes)");
        return std::string(*node.value<std::string_view>());
    }

    Date date(const toml::node& node) {
        if (const auto* d = node.as_date()) {
            const toml::date v = d->get();
            if (is_valid_date(v.year, v.month, v.day)) return Date{v.year, v.month, v.day};
        } else if (node.is_string()) {
            if (auto parsed = parse_date(*node.value<std::string_view>())) return *parsed;
        }
        throw ConfigError(m_shown, at(node.source()) + "as_of is not a date; write it as \"2023-12-31\"");
    }

    std::string profile(const toml::node& node, const std::string& path, const fs::path& base) {
        const std::string s = str(node, path);
        if (!is_path_like(s)) return s;
        fs::path p(s);
        if (p.is_relative()) p = base / p;
        p = p.lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            throw ConfigError(m_shown, at(node.source()) + path + ": profile file not found: " + p.string() +
                                           " (paths are relative to the region file; `tenglong profile list` shows the built-in names)");
        return p.string();
    }

    void counties(const toml::node& node, const fs::path& base, Region& r) {
        const auto* arr = node.as_array();
        if (!arr) throw ConfigError(m_shown, at(node.source()) + "counties must be [[counties]] sections (an array of tables)");
        std::set<std::string> names;
        for (const auto& item : *arr) {
            const auto* t = item.as_table();
            if (!t) throw ConfigError(m_shown, at(item.source()) + "each entry of counties must be a table ([[counties]])");
            RegionCounty c;
            c.line = static_cast<int>(item.source().begin.line);
            const std::string where = at(item.source());
            bool has_name = false;
            int sources = 0;
            for (auto&& [key, v] : *t) {
                const std::string k(key.str());
                if (k == "name") { c.name = str(v, "counties.name"); has_name = true; }
                else if (k == "project" || k == "data") {
                    ++sources;
                    c.source = str(v, "counties." + k);
                    fs::path p(c.source);
                    if (p.is_relative()) p = base / p;
                    p = p.lexically_normal();
                    std::error_code ec;
                    const bool ok = k == "project" ? fs::is_regular_file(p, ec) : fs::is_directory(p, ec);
                    if (!ok)
                        throw ConfigError(m_shown, at(v.source()) + "counties." + k + ": " +
                                                       (k == "project" ? "project file" : "data folder") + " not found: " + p.string() +
                                                       " (paths are relative to the region file)");
                    if (p.filename().empty()) p = p.parent_path();   // "象山/" -> 象山
                    c.input = p;
                } else if (k == "profile") {
                    c.profile = profile(v, "counties.profile", base);
                } else {
                    throw ConfigError(m_shown, at(key.source()) + "unknown key \"" + k +
                                                   "\" in [[counties]]; allowed keys: name, project, data, profile");
                }
            }
            if (!has_name) throw ConfigError(m_shown, where + "a [[counties]] entry has no name; add name = \"象山县\"");
            check_name(c.name, where);
            if (sources != 1)
                throw ConfigError(m_shown, where + "county " + c.name + ": give exactly one of project = \"….toml\" (a county project file) "
                                                   "or data = \"folder/\" (a data folder)");
            if (!names.insert(c.name).second)
                throw ConfigError(m_shown, where + "county " + c.name + " is listed twice; each county's results go to a folder of its name");
            r.counties.push_back(std::move(c));
        }
    }

    void check_name(const std::string& n, const std::string& where) {
        auto ends = [&](const char* suffix) {
            const std::string x(suffix);
            return n.size() >= x.size() && n.compare(n.size() - x.size(), x.size(), x) == 0;
        };
        const bool bad = n.empty() || n == "logs" || n[0] == '.' || ends(".csv") || ends(".json") || ends(".html") || n.find_first_of("/\\") != std::string::npos ||
                         n.find_first_of(std::string("\0\r\n\t", 4)) != std::string::npos || n.size() > 200;
        if (bad)
            throw ConfigError(m_shown, where + "counties.name \"" + n + "\" cannot be a folder name (no '/', no leading '.', not "
                                                "\"logs\", which holds the jobs' logs, nor a name ending in .csv, .json or .html, "
                                                "the roll-up's files); write the county's name, e.g. \"象山县\"");
    }

    fs::path m_file;
    std::string m_shown;
}; // class RegionParser

} // namespace

bool is_region_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    const std::string ext = path.extension().string();
    if (ext != ".toml" && ext != ".TOML") return false;
    try {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const toml::table root = toml::parse(ss.str());
        return root.contains("counties");
    } catch (...) {
        return false;   // not TOML: the project loader says what is wrong with it
    }
}

Region load_region(const fs::path& file) { return RegionParser(file).parse(); }

} // namespace tl::io
