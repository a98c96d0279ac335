// Map styles of the output categories, from styles/categories.json (the one place that says how
// each category looks). The file is compiled into the binary (.incbin, as the profiles are), so
// a fresh clone build or a binary moved anywhere has the same colours without installing.
//
// Used for: the simplestyle properties (fill, fill-opacity, stroke, stroke-width, title,
// description) of map.geojson and the per-category GeoJSON files; the QGIS .qml files written
// beside the results and committed in styles/ (qml_for); the `layer_styles` table of a
// GeoPackage (embed_gpkg_style), which QGIS reads as the layer's default style; the colours of
// report.html; and the key columns `tenglong diff` matches rows by.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "report/table.hpp"

namespace tl::report {

struct CategoryStyle {
    std::string id;                 // "unsupplied", "idle", ... (file stems of the outputs)
    std::string zh, en;             // display names
    std::string fill, stroke;       // "#rrggbb"
    double fill_opacity = 0.5;      // 0..1
    double stroke_width = 1;        // pixels (simplestyle); QGIS gets 0.26 mm per pixel
    std::string key;                // column key identifying a row (diff); empty: none
    std::vector<std::string> key_headers;   // that column's CSV headers (zh, en)
    std::vector<std::string> diff_ignore;   // CSV headers not compared by diff (ages in days)
    std::vector<std::string> diff_verdict;  // CSV headers of the verdict/class columns: a case is
                                            // "changed" only when one of them differs (issue 20)
    std::string rule_column;        // column key a decision's rule matches (cases/decisions.hpp)

    const std::string& label(Lang lang) const { return lang == Lang::zh ? zh : en; }
}; // struct CategoryStyle

struct ClassColour {
    std::string id;     // 亩均 class "A".."D"
    std::string fill;
}; // struct ClassColour

// All categories, in the order of styles/categories.json (the legend order). Parsed once.
const std::vector<CategoryStyle>& category_styles();
// The style of `id`; throws Error for an unknown id (a programming error).
const CategoryStyle& category_style(const std::string& id);
// 亩均 class colours A..D.
const std::vector<ClassColour>& mujun_class_colours();
// The embedded styles/categories.json text.
std::string categories_json_text();

// QGIS 3 layer style (.qml) for a category's output layer: single-symbol fill in the category's
// colours (points for `issues`; parcels categorised by `mujun_class` A..D). Deterministic text.
std::string qml_for(const std::string& id);
// Writes qml_for(id) to `file` (QGIS loads <layer>.qml beside <layer>.geojson as its default style).
void write_qml(const std::string& id, const std::filesystem::path& file);

// Stores `qml` as the default style of `layer` in the GeoPackage `gpkg` (table `layer_styles`,
// QGIS's layout: created through OGR like QGIS does, so it is registered in gpkg_contents;
// update_time fixed for byte-stable output). Throws IoError naming the file.
void embed_gpkg_style(const std::filesystem::path& gpkg, const std::string& layer, const std::string& qml,
                      const std::string& style_name);

} // namespace tl::report
