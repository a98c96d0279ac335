#include "report/styles.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"

// styles/categories.json, copied into the binary when this file is compiled (like the profiles).
__asm__(".section .rodata\n"
        ".global tl_styles_categories_begin\ntl_styles_categories_begin:\n"
        ".incbin \"" TENGLONG_SOURCE_DIR "/styles/categories.json\"\n"
        ".global tl_styles_categories_end\ntl_styles_categories_end:\n"
        ".byte 0\n"
        ".previous\n");
extern "C" const char tl_styles_categories_begin[];
extern "C" const char tl_styles_categories_end[];

namespace tl::report {

namespace {

struct Styles {
    std::vector<CategoryStyle> categories;
    std::vector<ClassColour> classes;
}; // struct Styles

bool is_colour(const std::string& s) {
    if (s.size() != 7 || s[0] != '#') return false;
    for (std::size_t i = 1; i < 7; ++i) {
        if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

const Styles& styles() {
    static const Styles s = [] {
        Styles out;
        const auto j = nlohmann::json::parse(categories_json_text());
        for (const auto& c : j.at("categories")) {
            CategoryStyle st;
            st.id = c.at("id").get<std::string>();
            st.zh = c.at("zh").get<std::string>();
            st.en = c.at("en").get<std::string>();
            st.fill = c.at("fill").get<std::string>();
            st.stroke = c.at("stroke").get<std::string>();
            st.fill_opacity = c.at("fill-opacity").get<double>();
            st.stroke_width = c.at("stroke-width").get<double>();
            st.key = c.value("key", "");
            st.key_headers = c.value("key_headers", std::vector<std::string>{});
            st.diff_ignore = c.value("diff_ignore", std::vector<std::string>{});
            st.diff_verdict = c.value("diff_verdict", std::vector<std::string>{});
            st.rule_column = c.value("rule_column", "");
            if (!is_colour(st.fill) || !is_colour(st.stroke)) {
                throw Error("styles/categories.json: " + st.id + ": colours must be #rrggbb");
            }
            out.categories.push_back(std::move(st));
        }
        for (const auto& c : j.at("mujun_classes")) {
            out.classes.push_back({c.at("id").get<std::string>(), c.at("fill").get<std::string>()});
        }
        return out;
    }();
    return s;
}

// "#e31a1c", 0.55 -> "227,26,28,140"
std::string qgis_rgba(const std::string& hex, double opacity) {
    const unsigned long v = std::stoul(hex.substr(1), nullptr, 16);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lu,%lu,%lu,%ld", (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF,
                  std::lround(std::clamp(opacity, 0.0, 1.0) * 255));
    return buf;
}

std::string mm(double px) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", px * 0.26);
    return buf;
}

using SymbolProps = std::pair<const char*, std::string>;

// One symbol of one symbol layer: both the <Option> map (QGIS ≥ 3.26) and the <prop> list
// (older 3.x) are written.
template <std::size_t N>
std::string symbol_xml(const char* type, const char* layer_class, const std::string& name, const SymbolProps (&props)[N]) {
    std::string s = std::string("      <symbol type=\"") + type + "\" name=\"" + name +
                    "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
                    "        <layer class=\"" + layer_class + "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                    "          <Option type=\"Map\">\n";
    for (const auto& [k, v] : props) s += "            <Option name=\"" + std::string(k) + "\" type=\"QString\" value=\"" + v + "\"/>\n";
    s += "          </Option>\n";
    for (const auto& [k, v] : props) s += "          <prop k=\"" + std::string(k) + "\" v=\"" + v + "\"/>\n";
    s += "        </layer>\n      </symbol>\n";
    return s;
}

// A fill symbol (polygons).
std::string fill_symbol(const std::string& name, const std::string& fill, double opacity, const std::string& stroke,
                        double stroke_px) {
    const SymbolProps props[] = {
        {"color", qgis_rgba(fill, opacity)},
        {"joinstyle", "bevel"},
        {"outline_color", qgis_rgba(stroke, 1.0)},
        {"outline_style", "solid"},
        {"outline_width", mm(stroke_px)},
        {"outline_width_unit", "MM"},
        {"style", opacity <= 0 ? "no" : "solid"},
    };
    return symbol_xml("fill", "SimpleFill", name, props);
}

std::string marker_symbol(const std::string& name, const std::string& fill, const std::string& stroke) {
    const SymbolProps props[] = {
        {"color", qgis_rgba(fill, 1.0)},      {"name", "circle"},
        {"outline_color", qgis_rgba(stroke, 1.0)}, {"outline_style", "solid"},
        {"outline_width", "0.2"},            {"outline_width_unit", "MM"},
        {"size", "2.6"},                      {"size_unit", "MM"},
    };
    return symbol_xml("marker", "SimpleMarker", name, props);
}

} // namespace

std::string categories_json_text() { return std::string(tl_styles_categories_begin, tl_styles_categories_end); }

const std::vector<CategoryStyle>& category_styles() { return styles().categories; }
const std::vector<ClassColour>& mujun_class_colours() { return styles().classes; }

const CategoryStyle& category_style(const std::string& id) {
    for (const auto& c : category_styles()) {
        if (c.id == id) return c;
    }
    throw Error("styles/categories.json has no category '" + id + "'");
}

std::string qml_for(const std::string& id) {
    const CategoryStyle& st = category_style(id);
    std::string s = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                    "<!-- tenglong: style of the " + id + " layer (" + st.zh + " / " + st.en +
                    "), generated from styles/categories.json -->\n"
                    "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n";
    if (id == "issues") {
        s += "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
             "    <symbols>\n" + marker_symbol("0", st.fill, st.stroke) + "    </symbols>\n"
             "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n"
             "  <layerGeometryType>0</layerGeometryType>\n";
    } else if (id == "parcels") {
        // 亩均 classes A..D coloured; parcels outside the evaluation in the parcels' grey.
        s += "  <renderer-v2 type=\"categorizedSymbol\" attr=\"mujun_class\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
             "    <categories>\n";
        int n = 0;
        for (const auto& c : mujun_class_colours()) {
            s += "      <category render=\"true\" symbol=\"" + std::to_string(n++) + "\" value=\"" + c.id + "\" label=\"" + c.id + "\"/>\n";
        }
        s += "      <category render=\"true\" symbol=\"" + std::to_string(n) + "\" value=\"\" label=\"" + st.zh + "\"/>\n"
             "    </categories>\n    <symbols>\n";
        n = 0;
        for (const auto& c : mujun_class_colours()) s += fill_symbol(std::to_string(n++), c.fill, 0.7, st.stroke, st.stroke_width);
        s += fill_symbol(std::to_string(n), st.fill, st.fill_opacity, st.stroke, st.stroke_width);
        s += "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n"
             "  <layerGeometryType>2</layerGeometryType>\n";
    } else {
        s += "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
             "    <symbols>\n" + fill_symbol("0", st.fill, st.fill_opacity, st.stroke, st.stroke_width) + "    </symbols>\n"
             "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n"
             "  <layerGeometryType>2</layerGeometryType>\n";
    }
    s += "</qgis>\n";
    return s;
}

void write_qml(const std::string& id, const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    out << qml_for(id);
    out.flush();
    if (!out) throw IoError(file.string(), "cannot write QGIS style");
}

void embed_gpkg_style(const std::filesystem::path& gpkg, const std::string& layer, const std::string& qml,
                      const std::string& style_name) {
    // No fsync per transaction (SQLite's default, synchronous=FULL, flushed the whole file, the
    // county's 127 MB, up to a dozen times here while the other writers waited for a core): the
    // file sits in the run's temporary folder, which is committed whole after every writer has
    // closed its files, as the CSV, GeoJSON and XLSX files are (none of them is synced either).
    // Same bytes. GDAL reads the option when it opens the file; set for this thread alone.
    struct NoSync {
        std::string previous;
        bool had = false;
        NoSync() {
            if (const char* v = CPLGetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr)) {
                previous = v;
                had = true;
            }
            CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
        }
        ~NoSync() { CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", had ? previous.c_str() : nullptr); }
    } no_sync;
    GDALDatasetUniquePtr ds{GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR)};
    if (!ds) throw IoError(gpkg.string(), std::string("cannot open GeoPackage for its styles: ") + CPLGetLastErrorMsg());
    OGRLayer* target = ds->GetLayerByName(layer.c_str());
    if (!target) throw IoError(gpkg.string(), "no layer '" + layer + "' to style");
    const std::string geom_col = target->GetGeometryColumn() ? target->GetGeometryColumn() : "geom";

    // QGIS's own layout of layer_styles (QgsOgrProviderUtils: created through OGR with FID=id).
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    if (!styles) {
        char** lco = CSLSetNameValue(nullptr, "FID", "id");
        styles = ds->CreateLayer("layer_styles", nullptr, wkbNone, lco);
        CSLDestroy(lco);
        if (!styles) throw IoError(gpkg.string(), std::string("cannot create layer_styles: ") + CPLGetLastErrorMsg());
        struct F { const char* name; OGRFieldType type; int width; bool boolean; };
        const F fields[] = {
            {"f_table_catalog", OFTString, 256, false}, {"f_table_schema", OFTString, 256, false},
            {"f_table_name", OFTString, 256, false},    {"f_geometry_column", OFTString, 256, false},
            {"styleName", OFTString, 30, false},        {"styleQML", OFTString, 0, false},
            {"styleSLD", OFTString, 0, false},          {"useAsDefault", OFTInteger, 0, true},
            {"description", OFTString, 0, false},       {"owner", OFTString, 30, false},
            {"ui", OFTString, 30, false},               {"update_time", OFTDateTime, 0, false},
        };
        for (const auto& f : fields) {
            OGRFieldDefn def(f.name, f.type);
            if (f.width) def.SetWidth(f.width);
            if (f.boolean) def.SetSubType(OFSTBoolean);
            if (styles->CreateField(&def) != OGRERR_NONE) throw IoError(gpkg.string(), std::string("cannot create layer_styles.") + f.name);
        }
    }
    OGRFeatureUniquePtr f{OGRFeature::CreateFeature(styles->GetLayerDefn())};
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", layer.c_str());
    f->SetField("f_geometry_column", geom_col.c_str());
    f->SetField("styleName", style_name.c_str());
    f->SetField("styleQML", qml.c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", "tenglong (styles/categories.json)");
    f->SetField("owner", "");
    f->SetField("ui", "");
    f->SetField("update_time", 2000, 1, 1, 0, 0, 0, 100);  // fixed: same inputs, same bytes
    if (styles->CreateFeature(f.get()) != OGRERR_NONE) {
        throw IoError(gpkg.string(), std::string("cannot store the layer style: ") + CPLGetLastErrorMsg());
    }
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) throw IoError(gpkg.string(), std::string("cannot finish GeoPackage: ") + CPLGetLastErrorMsg());
}

} // namespace tl::report
