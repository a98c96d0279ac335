#include "report/html.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string_view>

#include "analysis/idle.hpp"
#include "core/errors.hpp"
#include "report/cases_report.hpp"
#include "report/map.hpp"
#include "io/encoding.hpp"
#include "io/schema.hpp"
#include "report/labels.hpp"
#include "report/styles.hpp"
#include "report/totals.hpp"
#include "rules/profile.hpp"

namespace tl::report {

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += ch;
        }
    }
    return out;
}

namespace {

using J = nlohmann::ordered_json;

std::string esc(const std::string& s) { return html_escape(s); }

// `v` with `decimals` places into buf (printf's "%.*f" in the C locale, which std::to_chars
// matches exactly, without printf's format parsing: the map prints millions of them), no
// negative zero; the length, 0 for a number that is not finite.
std::size_t num_chars(double v, int decimals, char (&buf)[64]) {
    if (!std::isfinite(v)) return 0;
    std::size_t len = 0;
    const auto res = std::to_chars(buf, buf + sizeof buf - 1, v, std::chars_format::fixed, decimals);
    if (res.ec == std::errc()) {
        len = static_cast<std::size_t>(res.ptr - buf);
    } else {
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);   // cut as snprintf cuts it
        len = std::strlen(buf);
    }
    if (len >= 2 && buf[0] == '-' && buf[1] == '0') {
        bool all_zero = true;
        for (std::size_t k = 1; k < len; ++k) all_zero = all_zero && (buf[k] == '0' || buf[k] == '.');
        if (all_zero) {
            std::memmove(buf, buf + 1, len - 1);
            --len;
        }
    }
    return len;
}

std::string num(double v, int decimals) {
    char buf[64];
    const std::size_t len = num_chars(v, decimals, buf);
    return std::string(buf, len);
}

// 12345.678 -> "12,345.68"
std::string grouped(double v, int decimals) {
    std::string s = num(v, decimals);
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

struct Text {
    Lang lang;
    std::string operator()(const char* zh, const char* en) const { return lang == Lang::zh ? zh : en; }
}; // struct Text

const J* member(const J& j, const char* key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

double num_of(const J* j, const char* key, double fallback = NAN) {
    if (!j) return fallback;
    const J* v = member(*j, key);
    return v && v->is_number() ? v->get<double>() : fallback;
}

// A category ran when summary.categories[id] exists and does not say ran=false.
const J* ran_category(const J& summary, const std::string& id) {
    const J* cats = member(summary, "categories");
    const J* c = cats ? member(*cats, id.c_str()) : nullptr;
    if (!c) return nullptr;
    const J* ran = member(*c, "ran");
    if (ran && ran->is_boolean() && !ran->get<bool>()) return nullptr;
    return c;
}

// ---- map ---------------------------------------------------------------------------------

const char* const kControlLineColour = "#7b3294";   // the control lines' outline on the map

struct Frame {
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    double scale = 1;         // px per metre
    double pad = 20;
    double width = 960, height = 640;
    double x(double wx) const { return pad + (wx - minx) * scale; }
    double y(double wy) const { return pad + (maxy - wy) * scale; }   // y flipped
}; // struct Frame

void add_ring(geom::GeosContext& c, const GEOSGeometry* ring, const Frame& f, std::string& d) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(c.get(), ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(c.get(), seq, &n) || n < 2) return;
    // Each point as "x y" to a tenth of a pixel, into fixed buffers (no string per point).
    char last[130];
    std::size_t last_len = 0;
    bool first = true;
    for (unsigned int i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(c.get(), seq, i, &x, &y);
        char bx[64], by[64], p[130];
        const std::size_t lx = num_chars(f.x(x), 1, bx), ly = num_chars(f.y(y), 1, by);
        std::memcpy(p, bx, lx);
        p[lx] = ' ';
        std::memcpy(p + lx + 1, by, ly);
        const std::size_t len = lx + 1 + ly;
        if (!first && len == last_len && std::memcmp(p, last, len) == 0) continue;   // points on the same tenth of a pixel
        d += first ? 'M' : 'L';
        d.append(p, len);
        first = false;
        std::memcpy(last, p, len);
        last_len = len;
    }
    d += "Z";
}

void add_path(geom::GeosContext& c, const GEOSGeometry* g, const Frame& f, std::string& d) {
    if (!g) return;
    const int type = GEOSGeomTypeId_r(c.get(), g);
    if (type == GEOS_POLYGON) {
        add_ring(c, GEOSGetExteriorRing_r(c.get(), g), f, d);
        const int holes = GEOSGetNumInteriorRings_r(c.get(), g);
        for (int i = 0; i < holes; ++i) add_ring(c, GEOSGetInteriorRingN_r(c.get(), g, i), f, d);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(c.get(), g);
        for (int i = 0; i < n; ++i) add_path(c, GEOSGetGeometryN_r(c.get(), g, i), f, d);
    }
}

void extend(geom::GeosContext& c, const GEOSGeometry* g, bool& any, geom::Envelope& e) {
    if (!g) return;
    const geom::Envelope ge = geom::envelope(c, g);
    if (!any) { e = ge; any = true; return; }
    e.minx = std::min(e.minx, ge.minx); e.miny = std::min(e.miny, ge.miny);
    e.maxx = std::max(e.maxx, ge.maxx); e.maxy = std::max(e.maxy, ge.maxy);
}

// Tables of one category, the first carrying geometries first.
std::vector<const Table*> tables_of(const ReportInput& in, const std::string& id) {
    std::vector<const Table*> out;
    for (const Table* t : in.tables) if (t && t->name == id && !t->geoms.empty()) out.push_back(t);
    for (const Table* t : in.tables) if (t && t->name == id && t->geoms.empty()) out.push_back(t);
    return out;
}

// The map's room on its A3 landscape page (kCss @media print: 400 × 277 mm inside the margins,
// less the title, controls and map block): the printed width follows, and the stated scale.
constexpr double kPrintMapMaxWidthMm = 390, kPrintMapMaxHeightMm = 235;

// `ground_width_m`: the ground the whole drawing spans, in metres; `aspect`: its height / width
// (for the printed scale).
std::string map_svg(geom::GeosContext& c, const ReportInput& in, const Text& T, double* ground_width_m = nullptr,
                    double* aspect = nullptr) {
    geom::Envelope env;
    bool any = false;
    if (in.townships) for (const auto& f : in.townships->features) extend(c, f.geom.get(), any, env);
    for (const Table* t : in.tables) {
        if (t) for (const GEOSGeometry* g : t->geoms) extend(c, g, any, env);
    }
    if (!any) {
        return "<p class=\"nodata\">" + esc(T("无数据：没有可绘制的图形", "No data: nothing to draw")) + "</p>\n";
    }
    Frame f;
    f.minx = env.minx; f.miny = env.miny; f.maxx = env.maxx; f.maxy = env.maxy;
    const double w = std::max(env.maxx - env.minx, 1.0), h = std::max(env.maxy - env.miny, 1.0);
    const double max_w = 960 - 2 * f.pad, max_h = 680 - 2 * f.pad;
    f.scale = std::min(max_w / w, max_h / h);
    f.width = std::ceil(w * f.scale + 2 * f.pad);
    f.height = std::ceil(h * f.scale + 2 * f.pad);
    if (ground_width_m) *ground_width_m = f.width / f.scale;
    if (aspect) *aspect = (f.height + 46) / f.width;   // with the legend rows below the map
    const double legend_h = 46;   // two rows of legend

    std::string s = "<svg id=\"county-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(f.width, 0) + "\" height=\"" +
                    num(f.height + legend_h, 0) + "\" viewBox=\"0 0 " + num(f.width, 0) + " " + num(f.height + legend_h, 0) +
                    "\" role=\"img\" aria-label=\"" + esc(T("县域分布图", "County map")) + "\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + num(f.width, 0) + "\" height=\"" + num(f.height, 0) + "\" fill=\"#fbfbf8\"/>\n";
    // Township fill (very light) under the categories, boundaries above them.
    std::string town_paths;
    if (in.townships) {
        const CategoryStyle& ts = category_style("township");
        for (std::size_t i = 0; i < in.townships->features.size(); ++i) {
            const auto& tf = in.townships->features[i];
            std::string d;
            add_path(c, tf.geom.get(), f, d);
            if (d.empty()) continue;
            const std::string name = in.townships->text(i, "name").value_or(tf.id);
            town_paths += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + ts.stroke + "\" stroke-width=\"" +
                          num(ts.stroke_width, 1) + "\"><title>" + esc(name) + "</title></path>\n";
        }
        s += "<g id=\"townships-fill\">\n";
        for (const auto& tf : in.townships->features) {
            std::string d;
            add_path(c, tf.geom.get(), f, d);
            if (!d.empty()) s += "<path d=\"" + d + "\" fill=\"#eeeeea\" stroke=\"none\"/>\n";
        }
        s += "</g>\n";
    }
    std::vector<const CategoryStyle*> legend;
    for (const auto& st : category_styles()) {
        if (st.id == "township" || st.id == "parcels" || st.id == "issues") continue;
        const auto ts = tables_of(in, st.id);
        if (ts.empty() || ts.front()->geoms.empty()) continue;
        const Table& t = *ts.front();
        // One path per geometry: evenodd then cuts holes without overlapping features cancelling.
        // Each path carries its entry's position in the page's data (feature_data): a click shows
        // the entry's rows (rule, measured, threshold, clause, disposal), and its 镇街 for the filter.
        std::map<const GEOSGeometry*, std::size_t> drawn;
        std::string paths;
        const int town_col = column_index(t, "township");
        for (std::size_t r = 0; r < t.geoms.size(); ++r) {
            const GEOSGeometry* g = t.geoms[r];
            if (!g || drawn.count(g)) continue;
            const std::size_t entry = drawn.size();
            drawn.emplace(g, entry);
            std::string d;
            add_path(c, g, f, d);
            const std::string town = town_col >= 0 && r < t.rows.size() ? format_cell(t.columns[static_cast<std::size_t>(town_col)],
                                                                                        t.rows[r][static_cast<std::size_t>(town_col)])
                                                                         : std::string();
            // On hover the entry's id (宗地代码, 供地编号, 批次编号 …): the browser's own tooltip.
            const std::string id = r < t.rows.size() && !t.columns.empty() ? format_cell(t.columns[0], t.rows[r][0]) : std::string();
            if (!d.empty())
                paths += "<path d=\"" + d + "\" data-i=\"" + std::to_string(entry) + "\" data-town=\"" + esc(town) + "\"><title>" +
                         esc(id) + "</title></path>\n";
        }
        if (paths.empty()) continue;
        legend.push_back(&st);
        s += "<g id=\"cat-" + st.id + "\" fill=\"" + st.fill + "\" fill-opacity=\"" + num(std::max(st.fill_opacity, 0.7), 2) +
             "\" fill-rule=\"evenodd\" stroke=\"" + st.stroke + "\" stroke-width=\"0.6\"><title>" + esc(st.label(T.lang)) +
             "</title>\n" + paths + "</g>\n";
    }
    // 工业用地控制线: their outlines, dashed, above the categories (R16 judges against them).
    bool drew_lines = false;
    if (in.control_lines) {
        std::string d;
        for (const auto& lf : in.control_lines->features) add_path(c, lf.geom.get(), f, d);
        if (!d.empty()) {
            s += "<g id=\"control-lines\"><path d=\"" + d + "\" fill=\"none\" stroke=\"" + kControlLineColour +
                 "\" stroke-width=\"1.6\" stroke-dasharray=\"6 3\" fill-rule=\"evenodd\"><title>" + esc(T("工业用地控制线", "Industrial land control lines")) +
                 "</title></path></g>\n";
            drew_lines = true;
        }
    }
    if (!town_paths.empty()) s += "<g id=\"townships\">\n" + town_paths + "</g>\n";
    // Township names at their interior points.
    if (in.townships) {
        s += "<g id=\"township-names\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\">\n";
        for (std::size_t i = 0; i < in.townships->features.size(); ++i) {
            const auto& tf = in.townships->features[i];
            if (!tf.geom) continue;
            GEOSGeometry* p = GEOSPointOnSurface_r(c.get(), tf.geom.get());
            if (!p) continue;
            const geom::GeomPtr pp = geom::own(c, p, "point on surface");
            double x = 0, y = 0;
            GEOSGeomGetX_r(c.get(), pp.get(), &x);
            GEOSGeomGetY_r(c.get(), pp.get(), &y);
            s += "<text x=\"" + num(f.x(x), 1) + "\" y=\"" + num(f.y(y), 1) + "\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">" +
                 esc(in.townships->text(i, "name").value_or(tf.id)) + "</text>\n";
        }
        s += "</g>\n";
    }
    // Scale bar: a round length near a fifth of the map width.
    const double target_m = w / 5;
    const double p10 = std::pow(10.0, std::floor(std::log10(target_m)));
    double len_m = p10;
    for (double k : {1.0, 2.0, 5.0}) if (k * p10 <= target_m) len_m = k * p10;
    const double len_px = len_m * f.scale;
    const double sx = f.pad, sy = f.height - 12;
    const std::string label = len_m >= 1000 ? num(len_m / 1000, len_m >= 10000 ? 0 : (std::fmod(len_m, 1000) == 0 ? 0 : 1)) + " km"
                                            : num(len_m, 0) + " m";
    s += "<g id=\"scale-bar\" font-size=\"11\" fill=\"#000\">"
         "<rect x=\"" + num(sx, 1) + "\" y=\"" + num(sy - 4, 1) + "\" width=\"" + num(len_px / 2, 1) + "\" height=\"4\" fill=\"#000\"/>"
         "<rect x=\"" + num(sx + len_px / 2, 1) + "\" y=\"" + num(sy - 4, 1) + "\" width=\"" + num(len_px / 2, 1) +
         "\" height=\"4\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.8\"/>"
         "<text x=\"" + num(sx, 1) + "\" y=\"" + num(sy - 7, 1) + "\">0</text>"
         "<text x=\"" + num(sx + len_px, 1) + "\" y=\"" + num(sy - 7, 1) + "\" text-anchor=\"middle\">" + label + "</text></g>\n";
    // North arrow (grid north of the working CRS).
    const double nx = f.width - 30, ny = 18;
    s += "<g id=\"north-arrow\"><path d=\"M" + num(nx, 1) + " " + num(ny, 1) + "L" + num(nx - 9, 1) + " " + num(ny + 30, 1) + "L" +
         num(nx, 1) + " " + num(ny + 23, 1) + "Z\" fill=\"#000\"/><path d=\"M" + num(nx, 1) + " " + num(ny, 1) + "L" + num(nx + 9, 1) +
         " " + num(ny + 30, 1) + "L" + num(nx, 1) + " " + num(ny + 23, 1) + "Z\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.8\"/>"
         "<text x=\"" + num(nx, 1) + "\" y=\"" + num(ny + 44, 1) + "\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\">" +
         T("北", "N") + "</text></g>\n";
    // Legend below the map.
    s += "<g id=\"legend\" font-size=\"12\">\n";
    double lx = f.pad;
    double ly = f.height + 8;
    auto swatch = [&](const std::string& fill, double opacity, const std::string& stroke, const std::string& text) {
        std::size_t n = 0;
        for (unsigned char ch : text) n += (ch < 0x80 || ch >= 0xC0) ? 1 : 0;
        if (lx > f.pad && lx + 21 + 12.5 * static_cast<double>(n) > f.width - f.pad) {   // a second row, never cut off
            lx = f.pad;
            ly += 18;
        }
        s += "<rect x=\"" + num(lx, 1) + "\" y=\"" + num(ly, 1) + "\" width=\"16\" height=\"12\" fill=\"" + fill + "\" fill-opacity=\"" +
             num(opacity, 2) + "\" stroke=\"" + stroke + "\"/><text x=\"" + num(lx + 21, 1) + "\" y=\"" + num(ly + 11, 1) + "\">" +
             esc(text) + "</text>\n";
        std::size_t chars = 0;
        for (unsigned char ch : text) chars += (ch < 0x80 || ch >= 0xC0) ? 1 : 0;
        lx += 21 + 12.5 * static_cast<double>(chars) + 18;
    };
    if (in.townships) swatch("#eeeeea", 1, category_style("township").stroke, category_style("township").label(T.lang));
    for (const CategoryStyle* st : legend) swatch(st->fill, std::max(st->fill_opacity, 0.7), st->stroke, st->label(T.lang));
    if (drew_lines) swatch("none", 0, kControlLineColour, T("工业用地控制线", "Control lines"));
    s += "</g>\n</svg>\n";
    return s;
}

// ---- charts ------------------------------------------------------------------------------

// The coverage entry (summary.json coverage.rules) of a rule, or null.
const J* coverage_of(const J& sum, const std::string& rule) {
    if (!sum.contains("coverage") || !sum["coverage"].contains("rules")) return nullptr;
    for (const auto& r : sum["coverage"]["rules"])
        if (r.contains("rule") && r["rule"] == rule) return &r;
    return nullptr;
}
std::string text_of(const J* j, const char* key) {
    return j && j->contains(key) && (*j)[key].is_string() ? (*j)[key].get<std::string>() : std::string();
}

// A rule's name in `lang` from its coverage entry ("R06.coverage" -> 建筑密度低于下限); the id when
// the run has none.
std::string rule_name(const J& sum, const std::string& rule, Lang lang) {
    const std::string name = text_of(coverage_of(sum, rule), lang == Lang::zh ? "name_zh" : "name_en");
    return name.empty() ? rule : name;
}

// An idle rule's name ("R22" -> 投而未达标（投资未达合同约定）), from the profile's [idle.name] (the
// rule id when the run has no profile).
std::string idle_rule_name(const std::string& rule, Lang lang, const rules::Profile* profile) {
    if (!profile) return rule;
    const std::string name = profile->text((lang == Lang::zh ? "idle.name." : "idle.name_en.") + rule);
    return name.empty() ? rule : name;
}

struct Bar {
    std::string label;   // what the bar counts, in the report's language (a rule's name)
    double value = 0;
    std::string note;    // shown after the value
    std::string colour;
    std::string id{};    // the rule id, in small type under the label ("R22")
}; // struct Bar

// Width of `text` in px at `font_px`: CJK and full-width characters one em, others about 0.6 em
// (the report's fonts: Noto Sans CJK / Microsoft YaHei; digits and Latin are narrower).
double text_width_px(const std::string& text, double font_px) {
    double w = 0;
    for (std::size_t k = 0; k < text.size();) {
        const unsigned char ch = static_cast<unsigned char>(text[k]);
        const std::size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
        w += len >= 3 ? font_px : 0.6 * font_px;
        k += len;
    }
    return w;
}

// `text` broken into lines of at most `max_px` (at a character boundary, after a space or a
// punctuation mark where one is near): a label is never clipped, it wraps.
std::vector<std::string> wrap_text(const std::string& text, double max_px, double font_px) {
    std::vector<std::string> lines;
    std::string line;
    double w = 0;
    std::size_t last_break = std::string::npos;   // in `line`: after a space or punctuation
    for (std::size_t k = 0; k < text.size();) {
        const unsigned char ch = static_cast<unsigned char>(text[k]);
        const std::size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
        const std::string c = text.substr(k, len);
        const double cw = len >= 3 ? font_px : 0.6 * font_px;
        if (w + cw > max_px && !line.empty()) {
            if (last_break != std::string::npos && last_break > line.size() / 2) {
                lines.push_back(line.substr(0, last_break));
                line = line.substr(last_break);
            } else {
                lines.push_back(line);
                line.clear();
            }
            w = text_width_px(line, font_px);
            last_break = std::string::npos;
        }
        line += c;
        w += cw;
        if (c == " " || c == "，" || c == "、" || c == "（" || c == "；" || c == "：" || c == "," || c == "(" || c == ";")
            last_break = c == "（" || c == "(" ? line.size() - c.size() : line.size();
        k += len;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string bar_chart(const std::string& id, const std::string& title, const std::vector<Bar>& bars, const std::string& unit,
                      int decimals, const Text& T) {
    std::string s = "<figure class=\"chart\" id=\"" + id + "\"><figcaption>" + esc(title) + "</figcaption>\n";
    if (bars.empty()) return s + "<p class=\"nodata\">" + esc(T("无数据", "No data")) + "</p></figure>\n";
    double max_v = 0;
    for (const auto& b : bars) max_v = std::max(max_v, b.value);
    // The label column as wide as the widest label needs (measured), at most 230 px: longer
    // labels wrap onto more lines; the note after the value wraps within 250 px.
    const double font = 12, small = 10, line_h = 15, max_label = 230, note_w = 250, bar_w = 220;
    double label_w = 60;
    for (const auto& b : bars) label_w = std::max(label_w, std::min(text_width_px(b.label, font), max_label));
    label_w += 10;
    std::vector<std::vector<std::string>> labels, notes;
    double height = 6;
    for (const auto& b : bars) {
        labels.push_back(wrap_text(b.label, label_w - 10, font));
        const std::string after = grouped(b.value, decimals) + " " + unit + (b.note.empty() ? "" : " · " + b.note);
        notes.push_back(wrap_text(after, note_w, font));
        const double label_h = static_cast<double>(labels.back().size()) * line_h + (b.id.empty() ? 0 : 12);
        height += std::max({label_h, static_cast<double>(notes.back().size()) * line_h, 20.0}) + 8;
    }
    const double width = label_w + bar_w + 10 + note_w;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width, 0) + "\" height=\"" + num(height, 0) + "\" viewBox=\"0 0 " +
         num(width, 0) + " " + num(height, 0) + "\" font-size=\"12\">\n";
    double y = 6;
    for (std::size_t k = 0; k < bars.size(); ++k) {
        const Bar& b = bars[k];
        const double len = max_v > 0 ? b.value / max_v * bar_w : 0;
        s += "<g class=\"bar\"" + (b.id.empty() ? std::string() : " data-rule=\"" + esc(b.id) + "\"") + ">";
        s += "<text class=\"bar-label\" x=\"" + num(label_w - 6, 0) + "\" y=\"" + num(y + 12, 1) + "\" text-anchor=\"end\">";
        for (std::size_t l = 0; l < labels[k].size(); ++l)
            s += "<tspan x=\"" + num(label_w - 6, 0) + "\"" + (l ? " dy=\"" + num(line_h, 0) + "\"" : std::string()) + ">" + esc(labels[k][l]) + "</tspan>";
        s += "</text>";
        double label_h = static_cast<double>(labels[k].size()) * line_h;
        if (!b.id.empty()) {
            s += "<text class=\"rule-id\" x=\"" + num(label_w - 6, 0) + "\" y=\"" + num(y + label_h + 9, 1) +
                 "\" text-anchor=\"end\" font-size=\"" + num(small, 0) + "\" fill=\"#777\">" + esc(b.id) + "</text>";
            label_h += 12;
        }
        s += "<rect x=\"" + num(label_w, 0) + "\" y=\"" + num(y + 1, 1) + "\" width=\"" + num(std::max(len, 0.0), 1) +
             "\" height=\"16\" fill=\"" + b.colour + "\"><title>" + esc(b.label) + (b.id.empty() ? "" : " " + esc(b.id)) + ": " +
             grouped(b.value, decimals) + " " + esc(unit) + "</title></rect>";
        s += "<text class=\"bar-value\" x=\"" + num(label_w + len + 5, 1) + "\" y=\"" + num(y + 13, 1) + "\">";
        for (std::size_t l = 0; l < notes[k].size(); ++l)
            s += "<tspan x=\"" + num(label_w + len + 5, 1) + "\"" + (l ? " dy=\"" + num(line_h, 0) + "\"" : std::string()) + ">" +
                 esc(notes[k][l]) + "</tspan>";
        s += "</text></g>\n";
        y += std::max({label_h, static_cast<double>(notes[k].size()) * line_h, 20.0}) + 8;
    }
    return s + "</svg></figure>\n";
}

// ---- township tables ---------------------------------------------------------------------

// Count and 亩 by 镇街, from the same totals as summary.json (report/totals.hpp): the rows add up
// to the 合计 row, and the 合计 row is the headline.
std::string township_table(const Table& t, const CategoryStyle& st, const Text& T) {
    const ShortlistTotals tot = shortlist_totals(t);
    std::string s = "<table class=\"towns\" data-category=\"" + st.id + "\"><thead><tr><th>" + esc(T("镇街", "Township")) + "</th><th>" +
                    esc(T("数量", "Count")) + "</th><th>" + esc(T("面积(亩)", "Area (mu)")) + "</th></tr></thead><tbody>\n";
    for (const auto& [name, e] : tot.by_township) {
        s += "<tr><td>" + esc(name.empty() ? T("(未定)", "(unknown)") : name) + "</td><td class=\"n\">" + std::to_string(e.count) +
             "</td><td class=\"n\">" + grouped(e.area_mu(), 2) + "</td></tr>\n";
    }
    s += "</tbody><tfoot><tr><th>" + esc(T("合计", "Total")) + "</th><th class=\"n\">" + std::to_string(tot.all.count) +
         "</th><th class=\"n\">" + grouped(tot.all.area_mu(), 2) + "</th></tr></tfoot></table>\n";
    return s;
}

// ---- targets -----------------------------------------------------------------------------

struct TargetRow {
    std::string key, unit, cite, quote;
    double value = 0;
    std::optional<int> year;
}; // struct TargetRow

std::vector<TargetRow> targets_of(const ReportInput& in) {
    std::vector<TargetRow> out;
    if (in.profile) {
        for (const auto& k : in.profile->children("targets")) {
            const rules::Param* p = in.profile->find("targets." + k);
            if (!p || p->kind != rules::Param::Kind::number) continue;
            out.push_back({k, p->unit, p->cite, p->quote, p->number, p->year});
        }
        return out;
    }
    const J* ineff = ran_category(*in.summary, "inefficient");
    const J* t = ineff ? member(*ineff, "targets") : nullptr;
    if (t && t->is_array()) {
        for (const auto& e : *t) {
            TargetRow r;
            r.key = e.value("key", "");
            r.value = e.value("value", 0.0);
            r.unit = e.value("unit", "");
            r.cite = e.value("cite", "");
            if (e.contains("year") && e["year"].is_number_integer()) r.year = e["year"].get<int>();
            out.push_back(r);
        }
    }
    return out;
}

std::string target_name(const std::string& key, const Text& T) {
    static const std::map<std::string, std::pair<const char*, const char*>> names = {
        {"revitalize_low_efficiency_mu", {"盘活低效工业用地", "Revitalise inefficient industrial land"}},
        {"above_scale_tax_per_mu_10k", {"规上工业亩均税收", "Tax per mu, above-scale industry"}},
        {"above_scale_va_per_mu_10k", {"规上工业亩均增加值", "Value added per mu, above-scale industry"}},
        {"digest_unsupplied_mu", {"消化批而未供土地", "Digest approved-unsupplied land"}},
        {"dispose_idle_mu", {"处置闲置土地", "Dispose of idle land"}},
        {"industrial_land_renewal_mu", {"工业用地有机更新", "Industrial land renewal"}},
        {"low_efficiency_renewal_mu_per_year", {"每年低效工业用地改造开发", "Inefficient industrial land redeveloped each year"}},
        {"industrial_park_entry_rate", {"工业企业入园率", "Share of industrial firms in parks"}},
        {"low_efficiency_blocks", {"低效工业区块改造提升", "Inefficient industrial blocks upgraded"}},
    };
    // A later year's target of the same measure: revitalize_low_efficiency_mu_2025.
    std::string base = key, suffix;
    if (base.size() > 5 && base[base.size() - 5] == '_' && std::all_of(base.end() - 4, base.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        suffix = base.substr(base.size() - 4);
        base.resize(base.size() - 5);
    }
    const auto it = names.find(base);
    if (it == names.end()) return key;
    return T(it->second.first, it->second.second) + (suffix.empty() ? std::string() : T.lang == Lang::zh ? " (" + suffix + " 年)" : " (" + suffix + ")");
}

// The category whose shortlist area (亩) a target counts against: an area target (its key names
// 亩: *_mu, *_mu_2025, *_mu_per_year; not a per-亩 rate) of 低效, 批而未供 or 闲置 land.
const char* area_target_category(const std::string& key) {
    const bool area = key.find("_mu") != std::string::npos && key.find("per_mu") == std::string::npos;
    if (!area) return nullptr;
    if (key.find("low_efficiency") != std::string::npos || key.find("industrial_land_renewal") != std::string::npos) return "inefficient";
    if (key.find("unsupplied") != std::string::npos) return "unsupplied";
    if (key.find("idle") != std::string::npos) return "idle";
    return nullptr;
}

// What the shortlists hold against a target: the category's area for an area target, the
// county's 规上 亩均 benchmark (亩均 evaluation of the year) for a per-亩 rate target.
std::string held_for(const std::string& key, const J& summary, const Text& T) {
    if (const char* cat = area_target_category(key)) {
        const J* c = ran_category(summary, cat);
        if (!c) return T("无数据（未运行）", "no data (did not run)");
        return grouped(num_of(c, "area_mu", 0), 2) + T(" 亩（", " mu (") + category_style(cat).label(T.lang) + " " + num(num_of(c, "count", 0), 0) +
               T(" 处）", ")");
    }
    const bool tax = key.find("tax_per_mu") != std::string::npos, va = key.find("va_per_mu") != std::string::npos;
    if (tax || va) {
        const J* c = ran_category(summary, "inefficient");
        const J* m = c ? member(*c, "mujun") : nullptr;
        const J* b = m ? member(*m, key.find("above_scale") != std::string::npos ? "benchmarks_above_scale" : "benchmarks_below_scale") : nullptr;
        const double v = num_of(b, tax ? "tax_per_mu" : "value_added_per_mu");
        if (!std::isfinite(v)) return T("无数据（无亩均评价）", "no data (no 亩均 evaluation)");
        return T("现状 ", "now ") + grouped(v, 2) + T(" 万元/亩（", " 10k CNY/mu (") + num(num_of(m, "year", 0), 0) + T(" 年亩均评价）", " 亩均 evaluation)");
    }
    return T("无对应清单", "no shortlist measures it");
}

// The rules that could not run, or left features undecided, with the cause and the fix, and
// the run's warnings (summary.json "coverage"). Nothing when every rule judged everything.
std::string coverage_section(const J& sum, const Text& T) {
    const J* cov = member(sum, "coverage");
    if (!cov) return "";
    const bool zh = T.lang == Lang::zh;
    std::string rows;
    if (const J* rules = member(*cov, "rules"); rules && rules->is_array()) {
        for (const auto& r : *rules) {
            const bool ran = r.value("ran", true);
            const double undecided = num_of(&r, "indeterminate", 0);
            if (ran && undecided <= 0) continue;
            const std::string name = r.value("rule", "") + " " + r.value(zh ? "name_zh" : "name_en", "");
            std::string why, fix;
            if (!ran) {
                why = r.value(zh ? "not_run_zh" : "not_run_en", "");
                fix = r.value(zh ? "fix_zh" : "fix_en", "");
            } else if (const J* causes = member(r, "indeterminate_by_cause"); causes && causes->is_array()) {
                for (const auto& c : *causes) {
                    why += (why.empty() ? "" : "<br>") + esc(num(num_of(&c, "count", 0), 0) + T(" 个：", ": ") + c.value(zh ? "what_zh" : "what_en", ""));
                    fix += (fix.empty() ? "" : "<br>") + esc(c.value(zh ? "fix_zh" : "fix_en", ""));
                }
            }
            rows += "<tr><td>" + esc(name) + "</td><td>" + esc(ran ? T("已运行", "ran") : T("未运行", "not run")) + "</td><td class=\"n\">" +
                    (ran ? num(num_of(&r, "judged", 0), 0) : "—") + "</td><td class=\"n\">" + (ran ? num(undecided, 0) : "—") + "</td><td>" +
                    (ran ? why : esc(why)) + "</td><td>" + (ran ? fix : esc(fix)) + "</td></tr>\n";
        }
    }
    std::string warn;
    if (const J* ws = member(*cov, "warnings"); ws && ws->is_array())
        for (const auto& w : *ws) warn += "<li>" + esc(w.value(zh ? "zh" : "en", "")) + "</li>\n";
    if (rows.empty() && warn.empty()) return "";
    std::string h = "<h2 id=\"coverage\">" + esc(T("未能判定与警告", "Not judged, and warnings")) + "</h2>\n";
    if (!rows.empty())
        h += "<table id=\"coverage-table\"><thead><tr><th>" + esc(T("规则", "Rule")) + "</th><th>" + esc(T("状态", "Status")) + "</th><th>" +
             esc(T("已判定", "Judged")) + "</th><th>" + esc(T("无法判定", "Not judged")) + "</th><th>" + esc(T("原因", "Why")) + "</th><th>" +
             esc(T("办法", "Fix")) + "</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n";
    if (!warn.empty()) h += "<ul id=\"run-warnings\">\n" + warn + "</ul>\n";
    return h;
}

} // namespace

std::string target_label(const std::string& key, Lang lang) { return target_name(key, Text{lang}); }

std::string target_category(const std::string& key) {
    const char* cat = area_target_category(key);
    return cat ? cat : "";
}

namespace {

// Well-formed UTF-8 (io::encoding::is_valid_utf8: no overlong form, no surrogate, nothing
// above U+10FFFF) with no control character, '"' or '\\': a string nlohmann::json's dump copies
// unchanged.
bool json_plain(const std::string& s) {
    for (const char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x20 || b == '"' || b == '\\') return false;
    }
    return io::encoding::is_valid_utf8(s);
}

// `s` as a JSON string, exactly as nlohmann::json's dump(-1, ' ', false, replace) prints it,
// appended to `out` with "</" written "<\/" (inside <script>, "</" would end it).
void append_json_string(std::string& out, const std::string& s) {
    const std::string dumped = json_plain(s) ? std::string() : J(s).dump(-1, ' ', false, J::error_handler_t::replace);
    const std::string_view text = dumped.empty() ? std::string_view(s) : std::string_view(dumped);
    if (dumped.empty()) out += '"';
    char prev = 0;
    for (const char ch : text) {
        if (ch == '/' && prev == '<') out += '\\';
        out += ch;
        prev = ch;
    }
    if (dumped.empty()) out += '"';
}

// The rows behind each drawn entry of the map, for the page's script: per category the headers
// and, in the order the paths carry (data-i), each entry's rows — who, where, rule, measured,
// threshold, clause, disposal — as the CSV writes them (coded values in words). Appended to
// `out` as compact JSON, streamed (no JSON tree: on a county it held a few hundred MB), the same
// bytes as nlohmann::json's dump of that tree.
void feature_data(const ReportInput& in, const Text& T, std::string& out) {
    static const char* const kKeys[] = {"batch_id", "batch_name", "doc_no", "supply_id", "parcel_id", "leftover_id", "host_id", "township",
                                        "owner", "firm", "credit_code", "host_owner", "host_firm", "rule", "rule_id", "rule_name",
                                        "failed_rules", "rule_names", "status", "value", "measured", "reason_zh", "reason", "comparison", "threshold", "clause", "disposal", "area_mu",
                                        "outside_mu"};
    out += '{';
    bool first_category = true;
    std::set<std::string> seen;   // an id twice: the object keeps the first place, the last value
    for (const auto& st : category_styles()) {
        const auto ts = tables_of(in, st.id);
        if (ts.empty() || ts.front()->geoms.empty()) continue;
        if (!seen.insert(st.id).second) continue;   // the same tables again: nlohmann kept one value in the first place
        const Table& t = *ts.front();
        std::vector<int> cols;
        for (const char* k : kKeys) {
            if (T.lang == Lang::en && std::string(k) == "reason_zh") k = "reason_en";
            const int i = column_index(t, k);
            if (i < 0) continue;
            cols.push_back(i);
        }
        // Entries in the order of their geometry's first row; each with all its rows in order.
        std::map<const GEOSGeometry*, std::size_t> entry_of;
        std::vector<std::vector<std::size_t>> rows_of;
        for (std::size_t r = 0; r < t.geoms.size() && r < t.rows.size(); ++r) {
            const GEOSGeometry* g = t.geoms[r];
            if (!g) continue;
            const auto [it, fresh] = entry_of.emplace(g, rows_of.size());
            if (fresh) rows_of.emplace_back();
            rows_of[it->second].push_back(r);
        }
        if (!first_category) out += ',';
        first_category = false;
        append_json_string(out, st.id);
        out += ":{\"label\":";
        append_json_string(out, st.label(T.lang));
        out += ",\"columns\":[";
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, header(t.columns[static_cast<std::size_t>(cols[k])], T.lang));
        }
        out += "],\"entries\":[";
        for (std::size_t e = 0; e < rows_of.size(); ++e) {
            if (e) out += ',';
            out += '[';
            for (std::size_t k = 0; k < rows_of[e].size(); ++k) {
                if (k) out += ',';
                out += '[';
                const auto& row = t.rows[rows_of[e][k]];
                for (std::size_t c = 0; c < cols.size(); ++c) {
                    if (c) out += ',';
                    const Column& col = t.columns[static_cast<std::size_t>(cols[c])];
                    const std::string text = format_cell(col, row[static_cast<std::size_t>(cols[c])]);
                    append_json_string(out, col.domain.empty() ? text : value_label(col.domain, text, T.lang));
                }
                out += ']';
            }
            out += ']';
        }
        out += "]}";
    }
    out += '}';
}

// What a category's headline count counts (issue 24: «闲置 50 宗» read as 50 idle parcels when
// most were candidates of other rules): the entry, and the parts a chief asks about.
std::string what_it_counts(const std::string& id, const J& c, const Text& T) {
    if (id == "unsupplied") return T("批次（每批计一次），面积为未供部分", "batches (each once); area: the unsupplied part");
    if (id == "idle") {
        std::string s = T("供地（每宗计一次，含各规则候选，需调查认定）", "supplies (each once, candidates of every rule, to be confirmed)");
        if (const J* legal = member(c, "idle_legal"))
            s += T("；其中 53号令闲置土地候选（R02/R02b/R03）", "; of which idle land under 53号令 (R02/R02b/R03) ") + num(num_of(legal, "count", 0), 0) +
                 T(" 宗", "");
        const J* by = member(c, "by_rule");
        if (const J* r02b = by ? member(*by, "R02b") : nullptr)
            s += T("；R02b 无偿收回候选（未动工满两年）", "; R02b recovery without compensation (2 years) ") + num(num_of(r02b, "count", 0), 0) +
                 T(" 宗", "");
        return s;
    }
    if (id == "inefficient") return T("宗地（每宗计一次，不论几条规则不达标）", "parcels (each once, however many rules fail)");
    if (id == "scattered")
        return T("零星地块（每块计一次）；（零星地块，宿主）对 ", "leftovers (each once); (leftover, host) pairs ") + num(num_of(&c, "pairs", 0), 0) +
               T(" 个", "");
    if (id == "control_line") return T("线外工业宗地（线内比例低于下限；部分在线外的列于清单、不计入）",
                                       "industrial parcels outside (inside share below the floor; partly outside listed, not counted)");
    if (id == "presale") return T("出让工业用地（每宗计一次），投资比例未达预告登记条款的标准", "industrial 出让 supplies (each once) under the investment line");
    if (id == "standard_land")
        return T("标准地供地（每宗计一次），至少一项约定指标不达标；清单列出每宗每项指标", "标准地 supplies (each once) with an indicator below the contract; "
                 "the list has every indicator of every supply");
    return {};
}

// The map as a chief signs it: title, the map (scale bar, north arrow, legend inside), and the
// mapping block: 制图单位 (project file `mapping_unit`), 数据来源 (the layers read), 基准日, 坐标系.
std::string map_block(geom::GeosContext& c, const ReportInput& in, const Text& T, const std::string& title, const std::string& as_of,
                      const std::string& crs) {
    const J& sum = *in.summary;
    std::string sources;
    if (const J* layers = member(sum, "layers"); layers && layers->is_object())
        for (const auto& [name, l] : layers->items()) {
            const io::LayerDef* def = io::find_layer_def(name);
            sources += (sources.empty() ? "" : T("、", ", ")) + (T.lang == Lang::zh && def ? def->label_zh : name) + " " +
                       num(num_of(&l, "features_used", 0), 0) + T(" 个", "");
        }
    const std::string unit = sum.value("mapping_unit", "");
    // Controls (the page's script makes them work; without it the map and tables still read).
    std::string controls = "<div id=\"map-controls\" class=\"controls noprint\">";
    for (const auto& st : category_styles()) {
        if (st.id == "township" || st.id == "parcels" || st.id == "issues" || tables_of(in, st.id).empty()) continue;
        controls += "<label><input type=\"checkbox\" class=\"cat-toggle\" value=\"" + st.id + "\" checked> " + esc(st.label(T.lang)) + "</label>";
    }
    controls += "<label>" + esc(T("镇街", "Township")) + " <select id=\"town-filter\"><option value=\"\">" + esc(T("全部", "all")) + "</option>";
    if (in.townships)
        for (std::size_t i = 0; i < in.townships->features.size(); ++i) {
            const std::string name = in.townships->text(i, "name").value_or(in.townships->features[i].id);
            controls += "<option>" + esc(name) + "</option>";
        }
    controls += "</select></label><label>" + esc(T("查找", "Search")) + " <input type=\"search\" id=\"search-box\" placeholder=\"" +
                esc(T("宗地代码、批次编号、权利人…", "parcel id, batch id, holder…")) + "\"></label><span id=\"search-result\"></span>" +
                "<span class=\"hint\">" + esc(T("滚轮缩放、拖动平移、双击复原；点击图斑查看明细", "wheel to zoom, drag to pan, double-click to reset; click a shape for its rows")) +
                "</span></div>\n";
    std::string s = "<figure id=\"map-figure\" class=\"map\"><figcaption class=\"map-title\">" + esc(title) + T("：用地分布图", ": map") +
                    "</figcaption>\n" + controls;
    double ground_m = 0, aspect = 1;
    s += map_svg(c, in, T, &ground_m, &aspect) + "<div id=\"feature-panel\" class=\"panel\" hidden></div>\n";
    const double print_w_mm = std::floor(std::min(kPrintMapMaxWidthMm, kPrintMapMaxHeightMm / std::max(aspect, 0.1)));
    s += "<style>@media print{#county-map{width:" + num(print_w_mm, 0) + "mm!important}}</style>\n";
    s += "<dl id=\"map-block\" class=\"map-block\">";
    auto item = [&](const char* id, const std::string& k, const std::string& v) {
        s += "<div id=\"" + std::string(id) + "\"><dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd></div>";
    };
    item("map-unit", T("制图单位", "Mapped by"), unit.empty() ? T("（项目文件未填 mapping_unit）", "(mapping_unit not set in the project file)") : unit);
    item("map-source", T("数据来源", "Data"), sources + T("（文件与校验值见 run.json）", " (files and hashes in run.json)"));
    item("map-as-of", T("基准日", "As of"), as_of);
    item("map-crs", T("坐标系", "CRS"), crs + T("（平面图，上方为坐标北）", " (plane map, grid north up)"));
    if (ground_m > 0) {
        // 1:N with N to three significant digits (the scale bar is exact; this is the print's).
        double n = ground_m * 1000 / print_w_mm;
        const double p10 = std::pow(10.0, std::floor(std::log10(n)) - 2);
        n = std::round(n / p10) * p10;
        item("map-scale", T("打印比例尺", "Print scale"),
             "1:" + grouped(n, 0) + T("（A3 横向打印，图宽 ", " (A3 landscape, map ") + num(print_w_mm, 0) + T(" 毫米）", " mm wide)"));
    }
    s += "</dl></figure>\n";
    return s;
}

// Pan and zoom (viewBox), click → the entry's rows, category and 镇街 filters, search, sortable
// tables. Plain DOM, ES2017; ids and classes as html.cpp writes them.
const char* kScript = R"js(
(function(){
"use strict";
var data = JSON.parse(document.getElementById("tl-data").textContent || "{}");
var svg = document.getElementById("county-map");
var panel = document.getElementById("feature-panel");
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c];});}
function show(cat, i){
  var d = data[cat]; if(!d || !d.entries[i]) return;
  var h = "<div class=\"panel-title\"><b>"+esc(d.label)+"</b></div><table class=\"rows\"><thead><tr>";
  d.columns.forEach(function(c){h+="<th>"+esc(c)+"</th>";});
  h += "</tr></thead><tbody>";
  d.entries[i].forEach(function(r){h+="<tr>"+r.map(function(v){return "<td>"+esc(v)+"</td>";}).join("")+"</tr>";});
  panel.innerHTML = h+"</tbody></table>"; panel.hidden = false;
  panel.setAttribute("data-category", cat); panel.setAttribute("data-entry", i);
}
if (svg) {
  var vb0 = svg.viewBox.baseVal, base = [vb0.x, vb0.y, vb0.width, vb0.height], vb = base.slice();
  var setvb = function(){svg.setAttribute("viewBox", vb.join(" "));};
  var pt = function(e){var r = svg.getBoundingClientRect(); return [vb[0]+(e.clientX-r.left)/r.width*vb[2], vb[1]+(e.clientY-r.top)/r.height*vb[3]];};
  svg.addEventListener("wheel", function(e){
    e.preventDefault(); var p = pt(e), k = e.deltaY < 0 ? 0.8 : 1.25;
    vb = [p[0]-(p[0]-vb[0])*k, p[1]-(p[1]-vb[1])*k, vb[2]*k, vb[3]*k]; setvb();
  }, {passive:false});
  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function(e){drag = [e.clientX, e.clientY, vb[0], vb[1]]; moved = false;});
  window.addEventListener("pointermove", function(e){
    if (!drag) return; var r = svg.getBoundingClientRect();
    var dx = (e.clientX-drag[0])/r.width*vb[2], dy = (e.clientY-drag[1])/r.height*vb[3];
    if (Math.abs(e.clientX-drag[0])+Math.abs(e.clientY-drag[1]) > 3) moved = true;
    if (moved) {vb[0] = drag[2]-dx; vb[1] = drag[3]-dy; setvb();}
  });
  window.addEventListener("pointerup", function(){drag = null;});
  svg.addEventListener("dblclick", function(){vb = base.slice(); setvb();});
  svg.addEventListener("click", function(e){
    if (moved) return; var p = e.target.closest("path[data-i]"); if (!p) return;
    var g = p.closest("g[id^=cat-]"); if (!g) return;
    svg.querySelectorAll("path.hit").forEach(function(x){x.classList.remove("hit");});
    p.classList.add("hit"); show(g.id.slice(4), +p.getAttribute("data-i"));
  });
}
document.querySelectorAll(".cat-toggle").forEach(function(cb){
  cb.addEventListener("change", function(){
    var g = document.getElementById("cat-"+cb.value); if (g) g.style.display = cb.checked ? "" : "none";
    document.querySelectorAll("[data-category=\""+cb.value+"\"]").forEach(function(el){ if (el.tagName !== "TR") el.style.opacity = cb.checked ? "" : "0.35"; });
  });
});
var town = document.getElementById("town-filter");
if (town) town.addEventListener("change", function(){
  var t = town.value;
  document.querySelectorAll("#county-map path[data-i]").forEach(function(p){p.classList.toggle("dim", t !== "" && p.getAttribute("data-town") !== t);});
  document.querySelectorAll("table.towns tbody tr").forEach(function(r){
    var name = r.cells[0] ? r.cells[0].textContent : ""; r.style.display = (t === "" || name === t) ? "" : "none";});
});
var box = document.getElementById("search-box"), res = document.getElementById("search-result");
if (box) box.addEventListener("input", function(){
  var q = box.value.trim(); var hits = [];
  document.querySelectorAll("#county-map path.hit").forEach(function(x){x.classList.remove("hit");});
  if (q.length >= 2) Object.keys(data).forEach(function(cat){
    data[cat].entries.forEach(function(rows, i){
      if (rows.some(function(r){return r.some(function(v){return String(v).indexOf(q) >= 0;});})) hits.push([cat, i]);
    });
  });
  hits.forEach(function(h){var p = svg && svg.querySelector("#cat-"+h[0]+" path[data-i=\""+h[1]+"\"]"); if (p) p.classList.add("hit");});
  res.textContent = q.length < 2 ? "" : (hits.length + (document.documentElement.lang === "en" ? " found" : " 处"));
  if (hits.length) show(hits[0][0], hits[0][1]);
});
document.querySelectorAll("table").forEach(function(tb){
  if (!tb.tHead || !tb.tBodies[0]) return;
  Array.prototype.forEach.call(tb.tHead.rows[0].cells, function(th, col){
    th.classList.add("sortable");
    th.addEventListener("click", function(){
      var body = tb.tBodies[0], rows = Array.prototype.slice.call(body.rows), asc = th.getAttribute("data-sort") !== "asc";
      var val = function(r){var t = r.cells[col] ? r.cells[col].textContent.trim() : ""; var n = parseFloat(t.replace(/,/g, "")); return isNaN(n) || !/^[-\d,.]+/.test(t) ? t : n;};
      rows.sort(function(a, b){var x = val(a), y = val(b); var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "zh"); return asc ? c : -c;});
      rows.forEach(function(r){body.appendChild(r);});
      th.setAttribute("data-sort", asc ? "asc" : "desc");
    });
  });
});
})();
)js";

const char* kCss = R"css(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.5;padding:0 12px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:3px;margin-top:30px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#555;font-size:13px}table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}thead th,tfoot th{background:#eef3f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.nodata{color:#888;font-style:italic}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;border:1px solid #666}
figure.chart{margin:8px 0 16px}figcaption{font-weight:bold;font-size:14px;margin-bottom:4px}#county-map{max-width:100%;height:auto;border:1px solid #ccc}
.grid{display:flex;flex-wrap:wrap;gap:0 36px}figure.map{margin:8px 0}.map-title{font-weight:bold;font-size:16px;text-align:center;margin-bottom:4px}
.controls{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;margin:4px 0}.controls .hint{color:#777;font-size:12px}
.panel{border:1px solid #bbb;background:#fffef6;padding:6px 10px;margin:6px 0;font-size:13px;max-height:360px;overflow:auto}.panel table{margin:4px 0}
#county-map{cursor:grab;touch-action:none}#county-map path[data-i]{cursor:pointer}#county-map path.hit{stroke:#000;stroke-width:2.5}
#county-map path.dim{opacity:.12}th.sortable{cursor:pointer}th.sortable:after{content:" ⇅";color:#aaa;font-size:10px}tr.match td{background:#fff3b0}
@page{size:A4 portrait;margin:12mm}@page map{size:A3 landscape;margin:10mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}.noprint,#map-controls,#feature-panel{display:none!important}
h2{break-before:page;break-after:avoid}h2#coverage{break-before:auto}h3,figcaption{break-after:avoid}tr,figure.chart{break-inside:avoid}
#map-figure{page:map;break-after:page;break-inside:avoid}#county-map{height:auto!important;border:none}
h2#map{break-before:page;break-after:avoid;page:map}a{color:inherit;text-decoration:none}}
#coverage-table td:nth-child(-n+4){white-space:nowrap}
.map-block{display:flex;flex-wrap:wrap;gap:2px 24px;font-size:12px;color:#333;margin:4px 0}.map-block div{display:flex;gap:6px}.map-block dt{font-weight:bold}.map-block dd{margin:0}.code{color:#777;font-size:11px;font-family:monospace}footer{margin-top:36px;color:#777;font-size:12px}
)css";

} // namespace

// ---- 预告登记 and 标准地 -------------------------------------------------------------------

// The rows of table `name` whose `column` holds one of `codes` (all rows when codes is empty), up to
// `max_rows`, with the given columns as HTML table cells (each column's words in the run's language).
std::string rows_html(const ReportInput& in, const std::string& name, const std::string& id, const std::vector<std::string>& columns,
                      const std::string& column, const std::vector<std::string>& codes, std::size_t max_rows, const Text& T) {
    const Table* t = nullptr;
    for (const Table* x : in.tables)
        if (x && x->name == name) t = x;
    if (!t) return {};
    std::vector<int> cols;
    for (const auto& k : columns) cols.push_back(column_index(*t, k));
    const int filter = column.empty() ? -1 : column_index(*t, column);
    std::string s = "<table id=\"" + id + "\" class=\"rows\"><thead><tr>";
    for (int k : cols)
        if (k >= 0) s += "<th>" + esc(header(t->columns[static_cast<std::size_t>(k)], in.lang)) + "</th>";
    s += "</tr></thead><tbody>\n";
    std::size_t shown = 0, matching = 0;
    for (const auto& row : t->rows) {
        if (filter >= 0 && !codes.empty() &&
            std::find(codes.begin(), codes.end(), cell_text(*t, row, filter)) == codes.end()) continue;
        ++matching;
        if (shown >= max_rows) continue;
        ++shown;
        s += "<tr>";
        for (int k : cols) {
            if (k < 0) continue;
            const Column& col = t->columns[static_cast<std::size_t>(k)];
            const std::string text = cell_text(*t, row, k);
            s += std::string("<td") + (col.kind == ColumnKind::text || col.kind == ColumnKind::date ? "" : " class=\"n\"") + ">" +
                 esc(col.domain.empty() ? text : value_label(col.domain, text, in.lang)) + "</td>";
        }
        s += "</tr>\n";
    }
    s += "</tbody></table>\n";
    if (matching > shown)
        s += "<p class=\"meta\">" + esc(T("仅列前 ", "First ")) + std::to_string(shown) + esc(T(" 行，共 ", " of ")) + std::to_string(matching) +
             esc(T(" 行：完整清单见 ", " rows: the whole list is in ")) + name + ".csv / .xlsx</p>\n";
    return s;
}

// 预告登记转让 R19 (临海 (十二)): the candidates, under a profile with the clause.
std::string presale_section(const ReportInput& in, const Text& T) {
    const J* p = ran_category(*in.summary, "presale");
    if (!p) return {};
    std::string h = "<h3 id=\"presale\">" + esc(T("预告登记转让候选（R19）", "Advance-registered transfer candidates (R19)")) + "</h3>\n<p>" +
                    esc(T("投资比例 < ", "Investment share < ")) + num(num_of(p, "threshold", 0) * 100, 0) + "%　" + esc(text_of(p, "clause")) + "</p>\n";
    h += "<p>" + esc(T("候选 ", "Candidates: ")) + num(num_of(p, "count", 0), 0) + esc(T(" 宗，", " supplies, ")) + grouped(num_of(p, "area_mu", 0), 2) +
         esc(T(" 亩；已判定 ", " mu; judged ")) + num(num_of(p, "supplies_judged", 0), 0) + esc(T(" 宗，无法判定 ", ", not judged ")) +
         num(num_of(p, "supplies_indeterminate", 0), 0) + esc(T(" 宗。", ".")) + "</p>\n";
    h += rows_html(in, "presale", "presale-table", {"supply_id", "parcel_id", "owner", "township", "area_mu", "invested_share", "reason"}, "", {}, 50, T);
    return h;
}

// 标准地 R18: per rule how many passed, failed, could not be judged; the county's 标准地 share per year;
// the indicators below the contract (a routing line, 舟山's 0.52, is shown as a route, never 不达标).
std::string standard_land_section(const ReportInput& in, const Text& T) {
    const J* sl = ran_category(*in.summary, "standard_land");
    if (!sl || !member(*sl, "by_rule")) return {};
    std::string h = "<h3 id=\"standard-land\">" + esc(T("标准地对标（R18）", "标准地 compliance (R18)")) + "</h3>\n<p>" +
                    esc(T("标准地供地 ", "标准地 supplies: ")) + num(num_of(sl, "standard_land_supplies", 0), 0) +
                    esc(T(" 宗；至少一项约定指标不达标 ", "; with an indicator below the contract: ")) + num(num_of(sl, "count", 0), 0) +
                    esc(T(" 宗，", " supplies, ")) + grouped(num_of(sl, "area_mu", 0), 2) + esc(T(" 亩。", " mu.")) + "</p>\n";
    h += "<table id=\"standard-land-rules\"><thead><tr><th>" + esc(T("规则", "Rule")) + "</th><th>" + esc(T("达标", "Pass")) + "</th><th>" +
         esc(T("不达标", "Fail")) + "</th><th>" + esc(T("不适用", "Not applicable")) + "</th><th>" + esc(T("无法判定", "Not judged")) +
         "</th></tr></thead><tbody>\n";
    for (const auto& [rule, c] : (*member(*sl, "by_rule")).items()) {
        const bool route = rule == "R18.energy_route";
        h += "<tr><td>" + esc(rule) + (route ? esc(T("（路由阈值：不判达标与否，见下方路由）", " (a routing line: no pass or fail, see the route below)")) : "") +
             "</td>";
        for (const char* k : {"pass", "fail", "not_applicable", "indeterminate"}) h += "<td class=\"n\">" + num(num_of(&c, k, 0), 0) + "</td>";
        h += "</tr>\n";
    }
    h += "</tbody></table>\n";
    if (const J* ys = member(*sl, "years"); ys && ys->is_array() && !ys->empty() && member(*sl, "threshold")) {
        h += "<p>" + esc(T("标准地出让比例 ≥ ", "标准地 share of industrial 出让 ≥ ")) + num(num_of(sl, "threshold", 0) * 100, 0) + "%　" +
             esc(text_of(sl, "clause")) + "</p>\n<table id=\"standard-land-share-table\"><thead><tr><th>" + esc(T("年度", "Year")) + "</th><th>" +
             esc(T("出让工业用地宗数", "Industrial 出让")) + "</th><th>" + esc(T("标准地宗数", "标准地")) + "</th><th>" + esc(T("未填", "Unflagged")) +
             "</th><th>" + esc(T("面积占比", "Area share")) + "</th><th>" + esc(T("结果", "Outcome")) + "</th></tr></thead><tbody>\n";
        for (const auto& y : *ys) {
            const std::string outcome = text_of(&y, "outcome");
            if (outcome == "not_applicable") continue;
            h += "<tr><td>" + num(num_of(&y, "year", 0), 0) + "</td><td class=\"n\">" + num(num_of(&y, "supplies", 0), 0) + "</td><td class=\"n\">" +
                 num(num_of(&y, "standard", 0), 0) + "</td><td class=\"n\">" + num(num_of(&y, "unflagged", 0), 0) + "</td><td class=\"n\">" +
                 (y.contains("share") ? num(num_of(&y, "share", 0) * 100, 1) + "%" : std::string("—")) + "</td><td>" +
                 esc(value_label(kDomainVerdict, outcome, in.lang)) + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }
    h += rows_html(in, "standard_land", "standard-land-table",
                   {"supply_id", "parcel_id", "owner", "township", "rule", "indicator", "contract", "measured", "outcome", "route", "reason"},
                   "outcome", {"fail"}, 50, T);
    if (const J* r = member(*sl, "energy_route"))
        h += "<p>" + esc(T("节能审查路由（路由阈值，不是不达标）：绿色通道 ", "Energy-review route (a routing line, not a failure): green channel ")) +
             num(num_of(r, "green_channel", 0), 0) + esc(T(" 宗，按标准审查 ", ", standard review ")) + num(num_of(r, "standard_review", 0), 0) +
             esc(T(" 宗。", ".")) + "</p>\n";
    return h;
}

std::string report_html(geom::GeosContext& c, const ReportInput& in) {
    if (!in.summary) throw Error("report.html: no summary");
    const J& sum = *in.summary;
    const Text T{in.lang};
    const std::string project = sum.value("project", "");
    const std::string as_of = sum.value("as_of", "");
    const std::string profile = sum.contains("profile") && sum["profile"].is_string() ? sum["profile"].get<std::string>() : "";
    const std::string title = (project.empty() ? T("腾笼换鸟分析报告", "tenglong land report") : project) +
                              T(" — 土地盘活分析报告", " — land revitalisation report");
    std::string crs;
    if (const J* cj = member(sum, "crs")) {
        if (const J* e = member(*cj, "epsg"); e && e->is_number_integer()) crs = "EPSG:" + std::to_string(e->get<int>()) + " ";
        if (const J* n = member(*cj, "name"); n && n->is_string()) crs += n->get<std::string>();
    }

    std::string h = "<!DOCTYPE html>\n<html lang=\"" + T("zh-CN", "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<link rel=\"icon\" href=\"data:,\">\n<title>" + esc(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
    h += "<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" + esc(T("基准日", "As of")) + " " + esc(as_of) + " · " + esc(T("政策配置", "Profile")) +
         " " + esc(profile) + " · " + esc(T("工作坐标系", "Working CRS")) + " " + esc(crs) + " · " + esc(sum.value("tool", "tenglong")) + "</p>\n";

    // 0. what could not be judged, first: the planner signs the lists below on this basis.
    h += coverage_section(sum, T);

    // 1. map
    h += "<h2 id=\"map\">" + esc(T("一、分布图", "1. Map")) + "</h2>\n" + map_block(c, in, T, title, as_of, crs);

    // 2. totals
    h += "<h2 id=\"totals\">" + esc(T("二、清单汇总", "2. Shortlists")) + "</h2>\n<table id=\"totals-table\"><thead><tr><th>" +
         esc(T("类别", "Category")) + "</th><th>" + esc(T("数量", "Count")) + "</th><th>" + esc(T("面积(亩)", "Area (mu)")) + "</th><th>" +
         esc(T("口径（数量计的是什么）", "What the count counts")) + "</th><th>" + esc(T("文件", "Files")) + "</th></tr></thead><tbody>\n";
    for (const auto& st : category_styles()) {
        if (st.id == "township" || st.id == "parcels" || st.id == "issues") continue;
        h += "<tr data-category=\"" + st.id + "\"><td><span class=\"swatch\" style=\"background:" + st.fill + "\"></span>" +
             esc(st.label(in.lang)) + "</td>";
        if (const J* cj = ran_category(sum, st.id)) {
            h += "<td class=\"n\">" + num(num_of(cj, "count", 0), 0) + "</td><td class=\"n\">" + grouped(num_of(cj, "area_mu", 0), 2) +
                 "</td><td class=\"counts\">" + esc(what_it_counts(st.id, *cj, T)) + "</td><td>" + st.id + ".csv / .xlsx / .geojson</td></tr>\n";
        } else {
            h += "<td class=\"nodata\" colspan=\"4\">" + esc(T("无数据（未运行此项分析）", "No data (this analysis did not run)")) + "</td></tr>\n";
        }
    }
    h += "</tbody></table>\n";

    // 3. by township
    h += "<h2 id=\"townships\">" + esc(T("三、分镇街统计", "3. By township")) + "</h2>\n<div class=\"grid\">\n";
    for (const auto& st : category_styles()) {
        if (st.id == "township" || st.id == "parcels" || st.id == "issues") continue;
        h += "<div><h3>" + esc(st.label(in.lang)) + "</h3>\n";
        const Table* tt = totals_table(in.tables, st.id);
        if (!tt || !ran_category(sum, st.id)) h += "<p class=\"nodata\">" + esc(T("无数据", "No data")) + "</p>\n";
        else h += township_table(*tt, st, T);
        h += "</div>\n";
    }
    h += "</div>\n";

    // 4. charts
    h += "<h2 id=\"charts\">" + esc(T("四、图表", "4. Charts")) + "</h2>\n<div class=\"grid\">\n";
    {
        std::vector<Bar> bars;
        if (const J* u = ran_category(sum, "unsupplied")) {
            if (const J* b = member(*u, "by_age_bucket"); b && b->is_object()) {
                for (const auto& [label, e] : b->items()) {
                    bars.push_back({label, num_of(&e, "area_mu", 0), num(num_of(&e, "count", 0), 0) + T(" 批", " batches"),
                                    category_style("unsupplied").fill});
                }
            }
        }
        h += bar_chart("chart-unsupplied-age", T("批而未供：按批后年限", "Approved, not supplied: by age"), bars, T("亩", "mu"), 2, T);
    }
    {
        std::vector<Bar> bars;
        if (const J* u = ran_category(sum, "idle")) {
            if (const J* b = member(*u, "by_rule"); b && b->is_object()) {
                for (const auto& [rule, e] : b->items()) {
                    if (num_of(&e, "count", 0) <= 0) continue;
                    bars.push_back({idle_rule_name(rule, in.lang, in.profile), num_of(&e, "area_mu", 0), num(num_of(&e, "count", 0), 0) + T(" 宗", " supplies"),
                                    category_style("idle").fill, rule});
                }
            }
            // R21/R22 did not run (no 亩均 rows for the as-of year): shown as not run, never left out.
            if (const J* c = coverage_of(sum, "R21/R22"); c && c->contains("ran") && (*c)["ran"] == false) {
                const std::string why = (in.lang == Lang::zh ? text_of(c, "not_run_zh") : text_of(c, "not_run_en"));
                for (const char* rule : {"R21", "R22"})
                    bars.push_back({idle_rule_name(rule, in.lang, in.profile), 0, T("未运行：", "not run: ") + why, category_style("idle").fill, rule});
            }
        }
        h += bar_chart("chart-idle-rule",
                       T("闲置土地候选：按认定规则（面积，亩；一宗供地可满足多条规则，各规则分别计）",
                         "Idle-land candidates: by rule (area, mu; a supply meeting two rules is in both bars)"),
                       bars, T("亩", "mu"), 2, T);
    }
    {
        std::vector<Bar> bars;
        if (const J* u = ran_category(sum, "inefficient")) {
            if (const J* b = member(*u, "by_rule"); b && b->is_object()) {
                // A rule that left parcels undecided says so beside its bar (or as its only bar):
                // "低效 141 宗" must not read as a complete list when FAR was judged nowhere.
                for (const auto& [rule, e] : b->items()) {
                    const double fails = num_of(&e, "fail", 0);
                    const double undecided = num_of(&e, "indeterminate", 0);
                    if (fails <= 0 && undecided <= 0) continue;
                    std::string note = grouped(num_of(&e, "fail_area_mu", 0), 2) + T(" 亩", " mu");
                    if (undecided > 0) note += T("；无法判定 ", "; not judged ") + num(undecided, 0) + T(" 宗", "");
                    bars.push_back({rule_name(sum, rule, in.lang), fails, note, category_style("inefficient").fill, rule});
                }
            }
            if (const J* sk = member(*u, "skipped_rules"); sk && sk->is_object())
                for (const auto& [rule, why] : sk->items()) {
                    // The reason in the report's language (the coverage entry has both).
                    const J* c = coverage_of(sum, rule);
                    std::string reason = c ? (in.lang == Lang::zh ? text_of(c, "not_run_zh") : text_of(c, "not_run_en")) : std::string();
                    if (reason.empty() && why.is_string()) reason = why.get<std::string>();
                    bars.push_back({rule_name(sum, rule, in.lang), 0, T("未运行：", "not run: ") + reason, category_style("inefficient").fill, rule});
                }
        }
        h += bar_chart("chart-inefficient-rule", T("低效用地：按不达标规则（宗）", "Inefficient land: by failed rule (parcels)"), bars,
                       T("宗", "parcels"), 0, T);
    }
    {
        std::vector<Bar> bars;
        if (const J* u = ran_category(sum, "inefficient")) {
            const J* m = member(*u, "mujun");
            const J* cl = m ? member(*m, "classes") : nullptr;
            if (cl && cl->is_object()) {
                for (const auto& cc : mujun_class_colours()) {
                    bars.push_back({T("", "class ") + cc.id + T(" 类", ""), num_of(cl, cc.id.c_str(), 0), "", cc.fill});
                }
                // Units that could not be classed are a bar of their own: zeros above must not read
                // as "no D-class firm" when nobody was evaluated.
                const double units = num_of(m, "units", 0), evaluated = num_of(m, "evaluated", 0);
                if (units > evaluated)
                    bars.push_back({T("无法判定", "not judged"), units - evaluated,
                                    evaluated <= 0 ? T("无人参评 (见未能判定与警告)", "nobody evaluated (see what could not be judged)")
                                                   : T("未参评", "not evaluated"),
                                    "#bbbbbb"});
            }
        }
        h += bar_chart("chart-mujun-class", T("亩均评价分类", "亩均 (per-mu) evaluation classes"), bars, T("个", "units"), 0, T);
    }
    h += "</div>\n";

    // 5. targets
    h += "<h2 id=\"targets\">" + esc(T("五、目标与清单", "5. Targets and shortlists")) + "</h2>\n";
    const auto targets = targets_of(in);
    const J* judged = member(sum, "targets");
    const J* judged_rows = judged ? member(*judged, "rows") : nullptr;
    if (judged_rows && judged_rows->is_array() && !judged_rows->empty()) {
        // T01–T03 (rules/targets.hpp): target, achieved, gap and the shortlists' land that could close it.
        const J* rv = member(*judged, "revitalized");
        if (const J* ledger = member(*judged, "ledger"); ledger && ledger->is_string()) {
            std::string by_year, by_town;
            if (const J* y = rv ? member(*rv, "by_year_mu") : nullptr; y && y->is_object())
                for (const auto& [k, v] : y->items()) by_year += (by_year.empty() ? "" : "，") + k + T(" 年 ", ": ") + grouped(v.get<double>(), 2);
            if (const J* t = rv ? member(*rv, "by_township_mu") : nullptr; t && t->is_object())
                for (const auto& [k, v] : t->items()) by_town += (by_town.empty() ? "" : "，") + k + " " + grouped(v.get<double>(), 2);
            h += "<p id=\"revitalized\">" + esc(T("盘活台账 ", "盘活台账 ") + ledger->get<std::string>() + T("：已盘活 ", ": revitalised ") +
                 grouped(num_of(rv, "total_area_mu", 0), 2) + T(" 亩（", " mu (") + num(num_of(rv, "rows", 0), 0) + T(" 条）；分年度 ", " rows); by year ") +
                 by_year + T("；分镇街 ", "; by township ") + by_town) + "</p>\n";
        } else {
            h += "<p id=\"revitalized\" class=\"nodata\">" + esc(T("未提供盘活台账：盘活面积目标无法判定（在数据目录放 盘活台账.csv 或 .xlsx）",
                                                                     "No 盘活台账: the area targets cannot be judged (put 盘活台账.csv or .xlsx beside the data)")) + "</p>\n";
        }
        h += "<table id=\"targets-table\"><thead><tr><th>" + esc(T("目标", "Target")) + "</th><th>" + esc(T("年度", "Year")) + "</th><th>" +
             esc(T("目标值", "Value")) + "</th><th>" + esc(T("完成值", "Achieved")) + "</th><th>" + esc(T("差距", "Gap")) + "</th><th>" +
             esc(T("结果", "Outcome")) + "</th><th>" + esc(T("清单可补(亩)", "Closable on the lists (mu)")) + "</th><th>" + esc(T("依据", "Source")) +
             "</th><th>" + esc(T("说明", "Reason")) + "</th></tr></thead><tbody>\n";
        for (const auto& r : *judged_rows) {
            const std::string status = text_of(&r, "status");
            const char* zh = status == "pass" ? "达标" : status == "fail" ? "未达标" : status == "in_progress" ? "进行中" : "无法判定";
            const std::string unit = text_of(&r, "unit");
            auto val = [&](const char* k) { return r.contains(k) && r[k].is_number() ? grouped(r[k].get<double>(), 2) : std::string("—"); };
            h += "<tr data-key=\"" + esc(text_of(&r, "key")) + "\" data-status=\"" + esc(status) + "\"><td>" + esc(target_name(text_of(&r, "key"), T)) +
                 " <small>" + esc(text_of(&r, "rule")) + "</small></td><td>" + (r.contains("year") && r["year"].is_number() ? num(r["year"].get<double>(), 0) : "") +
                 "</td><td class=\"n\">" + val("target") + " " + esc(unit) + "</td><td class=\"n\">" + val("achieved") + "</td><td class=\"n\">" +
                 val("gap") + "</td><td>" + esc(in.lang == Lang::zh ? std::string(zh) : status) + "</td><td class=\"n\">" + val("closable_mu") +
                 "</td><td>" + esc(text_of(&r, "clause")) + "</td><td>" + esc(text_of(&r, in.lang == Lang::zh ? "reason_zh" : "reason_en")) + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    } else if (targets.empty()) {
        h += "<p class=\"nodata\">" + esc(T("无数据：政策配置未给出目标", "No data: the profile sets no targets")) + "</p>\n";
    } else {
        h += "<table id=\"targets-table\"><thead><tr><th>" + esc(T("目标", "Target")) + "</th><th>" + esc(T("目标值", "Value")) + "</th><th>" +
             esc(T("年度", "Year")) + "</th><th>" + esc(T("清单现有", "Shortlists hold")) + "</th><th>" + esc(T("依据", "Source")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& t : targets) {
            h += "<tr><td>" + esc(target_name(t.key, T)) + "</td><td class=\"n\">" + grouped(t.value, t.value == std::floor(t.value) ? 0 : 1) +
                 " " + esc(t.unit) + "</td><td>" + (t.year ? std::to_string(*t.year) : "") + "</td><td class=\"n\">" +
                 esc(held_for(t.key, sum, T)) + "</td><td>" + esc(t.cite) + (t.quote.empty() ? "" : "：“" + esc(t.quote) + "”") + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }
    // 供地结构 R17: each year's industrial share of 出让 area against the profile's floor.
    if (const J* mix = member(sum, "supply_mix"); mix && mix->is_object() && mix->contains("years") && (*mix)["years"].is_array() &&
                                                  !(*mix)["years"].empty()) {
        const double floor = num_of(mix, "threshold", 0);
        h += "<h3 id=\"supply-mix\">" + esc(T("供地结构：工业用地占年度出让面积", "Supply mix: industrial share of each year's 出让 area")) +
             "</h3>\n<p>" + esc(T("标准 ≥ ", "Floor ≥ ")) + num(floor * 100, 0) + "%　" + esc(text_of(mix, "clause")) + "</p>\n";
        h += "<table id=\"supply-mix-table\"><thead><tr><th>" + esc(T("年度", "Year")) + "</th><th>" + esc(T("出让宗数", "Supplies")) +
             "</th><th>" + esc(T("出让面积(亩)", "出让 area (mu)")) + "</th><th>" + esc(T("工业用地占比", "Industrial share")) + "</th><th>" +
             esc(T("结果", "Outcome")) + "</th></tr></thead><tbody>\n";
        for (const auto& y : (*mix)["years"]) {
            const std::string outcome = text_of(&y, "outcome");
            const char* zh = outcome == "pass" ? "达标" : outcome == "fail" ? "不达标" : outcome == "indeterminate" ? "无法判定" : "不适用";
            h += "<tr><td>" + num(num_of(&y, "year", 0), 0) + "</td><td class=\"n\">" + num(num_of(&y, "supplies", 0), 0) +
                 "</td><td class=\"n\">" + grouped(num_of(&y, "transferred_area_mu", 0), 2) + "</td><td class=\"n\">" +
                 (y.contains("industrial_share") ? num(num_of(&y, "industrial_share", 0) * 100, 1) + "%" : std::string("—")) + "</td><td>" +
                 esc(in.lang == Lang::zh ? std::string(zh) : outcome) + "</td></tr>\n";
        }
        h += "</tbody></table>\n";
    }

    h += presale_section(in, T);         // 预告登记转让 R19
    h += standard_land_section(in, T);   // 标准地 R18

    h += cases_section_html(sum, in.tables, in.lang);   // 闭环管理 (report/cases_report.hpp)

    // 6. data quality
    h += "<h2 id=\"quality\">" + esc(T("六、数据质量", "6. Data quality")) + "</h2>\n";
    if (const J* layers = member(sum, "layers"); layers && layers->is_object()) {
        h += "<table id=\"layers-table\"><thead><tr><th>" + esc(T("图层", "Layer")) + "</th><th>" + esc(T("读取", "Read")) + "</th><th>" +
             esc(T("使用", "Used")) + "</th><th>" + esc(T("剔除", "Rejected")) + "</th><th>" + esc(T("修复", "Repaired")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& [name, l] : layers->items()) {
            h += "<tr><td>" + esc(name) + "</td>";
            for (const char* k : {"features_read", "features_used", "features_rejected", "features_repaired"}) {
                h += "<td class=\"n\">" + num(num_of(&l, k, 0), 0) + "</td>";
            }
            h += "</tr>\n";
        }
        h += "</tbody></table>\n";
    }
    const J* issues = member(sum, "issues");
    const J* by_kind = issues ? member(*issues, "by_kind") : nullptr;
    if (by_kind && by_kind->is_object() && !by_kind->empty()) {
        h += "<table id=\"issues-table\"><thead><tr><th>" + esc(T("问题类型", "Issue kind")) + "</th><th>" + esc(T("数量", "Count")) +
             "</th></tr></thead><tbody>\n";
        for (const auto& [kind, n] : by_kind->items()) {
            // The kind's words, its stable code (issues.geojson, QGIS) in small type.
            const std::string words = value_label(kDomainIssueKind, kind, in.lang);
            h += "<tr><td>" + (words == kind ? "" : esc(words) + " ") + "<span class=\"code\">" + esc(kind) + "</span></td><td class=\"n\">" +
                 (n.is_number() ? num(n.get<double>(), 0) : "") + "</td></tr>\n";
        }
        h += "</tbody><tfoot><tr><th>" + esc(T("合计", "Total")) + "</th><th class=\"n\">" + num(num_of(issues, "total", 0), 0) +
             "</th></tr></tfoot></table>\n<p class=\"meta\">" + esc(T("逐条明细见 issues.csv / issues.geojson。", "Every issue is listed in issues.csv / issues.geojson.")) +
             "</p>\n";
    } else {
        h += "<p>" + esc(T("未发现数据问题。", "No data problems found.")) + "</p>\n";
    }
    h += "<footer>" + esc(T("面积单位：1 亩 = 10000/15 平方米。地图为工作坐标系平面图，上方为坐标北。",
                             "Areas: 1 mu = 10000/15 m². The map is drawn in the working CRS, grid north up.")) +
         "</footer>\n";
    // The page's data and script, inline (no network, no library): opens from file:// and from
    // an e-mail attachment; without script the page reads as before.
    h += "<script type=\"application/json\" id=\"tl-data\">";
    feature_data(in, T, h);
    h += "</script>\n<script>";
    h += kScript;
    h += "</script>\n";
    h += "</body>\n</html>\n";
    return h;
}

void write_report_html(geom::GeosContext& c, const ReportInput& in, const std::filesystem::path& file) {
    const std::string text = report_html(c, in);
    std::ofstream out(file, std::ios::binary);
    if (!out) throw IoError(file.string(), "cannot create file");
    out << text;
    out.flush();
    if (!out) throw IoError(file.string(), "write failed (disk full?)");
}

} // namespace tl::report
