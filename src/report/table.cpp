#include "report/table.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <unordered_map>

#include <ogrsf_frmts.h>
#include <xlsxwriter.h>

#include <cstdlib>

#include "core/errors.hpp"
#include "io/gdal.hpp"
#include "report/geojson_writer.hpp"
#include "report/labels.hpp"
#include "report/map.hpp"
#include "report/styles.hpp"
#include "report/wgs84.hpp"

namespace tl::report {

int column_index(const Table& t, const std::string& key) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].key == key) return static_cast<int>(i);
    return -1;
}

std::string cell_text(const Table& t, const std::vector<Cell>& row, int col) {
    if (col < 0 || static_cast<std::size_t>(col) >= row.size() || static_cast<std::size_t>(col) >= t.columns.size()) return {};
    return format_cell(t.columns[static_cast<std::size_t>(col)], row[static_cast<std::size_t>(col)]);
}

void follow_list(Table& long_form, const Table& list, const std::string& key) {
    const int key_l = column_index(list, key), key_f = column_index(long_form, key);
    if (key_l < 0 || key_f < 0) return;
    std::unordered_map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < list.rows.size(); ++r) row_of.emplace(cell_text(list, list.rows[r], key_l), r);
    std::vector<std::pair<int, int>> copied;   // (list column, long-form column)
    for (const char* k : {"township", "case_status"}) {
        const int a = column_index(list, k), b = column_index(long_form, k);
        if (a >= 0 && b >= 0) copied.emplace_back(a, b);
    }
    std::vector<std::vector<Cell>> kept;
    kept.reserve(long_form.rows.size());
    for (auto& row : long_form.rows) {
        const auto it = row_of.find(cell_text(long_form, row, key_f));
        if (it == row_of.end()) continue;   // taken off the list by a decision (排除)
        const auto& listed = list.rows[it->second];
        for (const auto& [a, b] : copied)
            if (static_cast<std::size_t>(a) < listed.size() && static_cast<std::size_t>(b) < row.size())
                row[static_cast<std::size_t>(b)] = listed[static_cast<std::size_t>(a)];
        kept.push_back(std::move(row));
    }
    long_form.rows = std::move(kept);
    long_form.geoms.clear();
}

void Table::add_row(std::vector<Cell> row, const GEOSGeometry* geom) {
    rows.push_back(std::move(row));
    if (geom || !geoms.empty()) {
        geoms.resize(rows.size() - 1, nullptr);
        geoms.push_back(geom);
    }
}

const std::string& header(const Column& c, Lang lang) { return lang == Lang::zh ? c.zh : c.en; }

namespace {

// An XLSX number cell holds at most 4 decimals (shares as 0.2531); the CSV keeps the column's own.
constexpr int kXlsxMaxDecimals = 4;

int decimals_of(const Column& c) {
    switch (c.kind) {
        case ColumnKind::area_m2:
        case ColumnKind::area_mu: return 2;
        case ColumnKind::ratio: return 4;
        case ColumnKind::real: return c.decimals;
        default: return 0;
    }
}

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char buf[400];   // 1e308 with its decimals: no number is cut
    // std::to_chars prints exactly as printf("%.*f") does in the C locale (shortest exact
    // decimal, ties to even), without printf's format parsing: the writers format millions of
    // cells. A number longer than the buffer is cut as snprintf cuts it.
    std::size_t len = 0;
    const auto res = std::to_chars(buf, buf + sizeof buf - 1, v, std::chars_format::fixed, decimals);
    if (res.ec == std::errc()) {
        len = static_cast<std::size_t>(res.ptr - buf);
    } else {
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        len = std::strlen(buf);
    }
    if (len >= 2 && buf[0] == '-' && buf[1] == '0') {  // no negative zero in outputs
        bool all_zero = true;
        for (std::size_t k = 1; k < len; ++k) all_zero = all_zero && (buf[k] == '0' || buf[k] == '.');
        if (all_zero) return std::string(buf + 1, len - 1);
    }
    return std::string(buf, len);
}

bool needs_csv_quotes(const std::string& s) { return s.find_first_of(",\"\r\n") != std::string::npos; }

void append_csv(std::string& line, const std::string& s) {
    if (!needs_csv_quotes(s)) {
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

std::string csv_quote(const std::string& s) {
    std::string out;
    append_csv(out, s);
    return out;
}

} // namespace

std::string format_cell(const Column& c, const Cell& v) {
    if (std::holds_alternative<std::monostate>(v)) return "";
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        if (c.kind == ColumnKind::integer || c.kind == ColumnKind::text) return std::to_string(*i);
        return fixed(static_cast<double>(*i), decimals_of(c));
    }
    const double d = std::get<double>(v);
    if (c.kind == ColumnKind::integer) return fixed(d, 0);
    if (c.kind == ColumnKind::text) return fixed(d, 6);
    return fixed(d, decimals_of(c));
}

void write_csv(const Table& t, const std::filesystem::path& file, Lang lang) {
    std::ofstream out(file, std::ios::binary);
    if (!out) throw IoError(file.string(), "cannot create file");
    out << "\xEF\xBB\xBF";  // UTF-8 BOM: Excel on a Chinese Windows then reads UTF-8, not GBK
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        out << (i ? "," : "") << csv_quote(header(t.columns[i], lang));
    }
    out << "\r\n";
    // One line at a time into a reused buffer, then one write: the stream's per-insertion
    // overhead was a third of the CSV writer's CPU.
    std::string line;
    for (const auto& row : t.rows) {
        line.clear();
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            if (i) line += ',';
            if (i >= row.size()) continue;
            const Column& c = t.columns[i];
            if (const auto* s = std::get_if<std::string>(&row[i])) append_csv(line, c.domain.empty() ? *s : value_label(c.domain, *s, lang));
            else append_csv(line, format_cell(c, row[i]));
        }
        line += "\r\n";
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    out.flush();
    if (!out) throw IoError(file.string(), "write failed (disk full?)");
}

void write_xlsx(const Table& t, const std::filesystem::path& file, Lang lang) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;   // rows stream to disk: a county's parcels fit in little memory
    options.tmpdir = nullptr;
    lxw_workbook* wb = workbook_new_opt(file.string().c_str(), &options);
    if (!wb) throw IoError(file.string(), "cannot create workbook");
    // Same inputs, same bytes: the document's creation time is fixed (libxlsxwriter otherwise
    // stamps the current time into docProps/core.xml).
    lxw_doc_properties props{};
    props.created = 946684800;  // 2000-01-01T00:00:00Z
    workbook_set_properties(wb, &props);
    // libxlsxwriter owns everything it returns until workbook_close.
    std::string sheet_name = t.name.empty() ? "sheet1" : t.name.substr(0, 31);
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    // Number formats: 千分位 and the column's decimals (at most 4: an XLSX cell a planner reads
    // holds no more); integers and ids without separators.
    auto number_format = [&](const char* code) {
        lxw_format* f = workbook_add_format(wb);
        format_set_num_format(f, code);
        return f;
    };
    lxw_format* f_int = number_format("0");
    lxw_format* f_dec[5] = {number_format("#,##0"), number_format("#,##0.0"), number_format("#,##0.00"),
                            number_format("#,##0.000"), number_format("0.0000")};
    auto xlsx_decimals = [](const Column& c) { return std::min(decimals_of(c), kXlsxMaxDecimals); };

    // Column widths fitted to the header and the cells (as written), in Excel's character units:
    // a CJK character is about two Latin ones. The first rows are enough to size a column.
    std::vector<double> width(t.columns.size(), 0.0);
    auto fit = [&](std::size_t i, const std::string& text) {
        double w = 0;
        for (std::size_t k = 0; k < text.size();) {
            const unsigned char ch = static_cast<unsigned char>(text[k]);
            const std::size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
            w += len >= 3 ? 2.1 : 1.1;
            k += len;
        }
        width[i] = std::max(width[i], w);
    };
    for (std::size_t i = 0; i < t.columns.size(); ++i) fit(i, header(t.columns[i], lang));
    const std::size_t sample = std::min<std::size_t>(t.rows.size(), 2000);
    for (std::size_t r = 0; r < sample; ++r)
        for (std::size_t i = 0; i < t.columns.size() && i < t.rows[r].size(); ++i) {
            const Column& c = t.columns[i];
            const Cell& v = t.rows[r][i];
            if (const auto* s = std::get_if<std::string>(&v)) fit(i, c.domain.empty() ? *s : value_label(c.domain, *s, lang));
            else if (!std::holds_alternative<std::monostate>(v)) {
                std::string text = format_cell(c, v);
                if (c.kind != ColumnKind::integer && c.kind != ColumnKind::text && text.size() > 6) text += std::string(text.size() / 3, ',');
                fit(i, text);
            }
        }
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto col = static_cast<lxw_col_t>(i);
        worksheet_set_column(ws, col, col, std::min(std::max(width[i] + 2, 9.0), 60.0), nullptr);
    }
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), header(t.columns[i], lang).c_str(), head);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_row(ws, 0, 30, nullptr);

    lxw_row_t r = 1;
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
            const auto& c = t.columns[i];
            const auto col = static_cast<lxw_col_t>(i);
            const Cell& v = row[i];
            if (std::holds_alternative<std::monostate>(v)) continue;
            if (const auto* s = std::get_if<std::string>(&v)) {
                worksheet_write_string(ws, r, col, (c.domain.empty() ? *s : value_label(c.domain, *s, lang)).c_str(), nullptr);
                continue;
            }
            const double d = std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v))
                                                                      : std::get<double>(v);
            if (!std::isfinite(d)) continue;
            // The cell holds the value the CSV prints (the column's decimals, at most 4), not the
            // raw double: a planner's SUM in Excel then equals the CSV's and the report's totals.
            // (the CSV's own text, read back, so both round the binary value the same way)
            if (c.kind == ColumnKind::integer) {
                worksheet_write_number(ws, r, col, d, f_int);
                continue;
            }
            const int places = c.kind == ColumnKind::text ? kXlsxMaxDecimals : xlsx_decimals(c);
            const std::string text = format_cell(c, v);
            double rounded = std::strtod(text.c_str(), nullptr);
            // Printed again with `places` decimals and read back. When the CSV's text already has
            // those decimals and at most 15 digits (DBL_DIG), that text is what it prints again:
            // the value read is the value (most cells; this saves a format and a parse each).
            std::size_t digits = 0;
            for (const char ch : text) digits += ch >= '0' && ch <= '9' ? 1 : 0;
            if (c.kind == ColumnKind::text || places != decimals_of(c) || digits > 15)
                rounded = std::strtod(fixed(rounded, places).c_str(), nullptr);
            worksheet_write_number(ws, r, col, rounded, f_dec[places]);
        }
        ++r;
    }
    if (!t.rows.empty() && !t.columns.empty()) {
        worksheet_autofilter(ws, 0, 0, r - 1, static_cast<lxw_col_t>(t.columns.size() - 1));
    }
    const lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) throw IoError(file.string(), std::string("cannot write workbook: ") + lxw_strerror(err));
}

void write_geojson(geom::GeosContext& c, const Table& t, const geom::CrsInfo& working, const std::filesystem::path& file,
                   const GeoJsonStyle& style, const Wgs84Geometries* wgs84) {
    if (use_gdal_geojson_writer()) {
        write_geojson_gdal(c, t, working, file, style, wgs84);
        return;
    }
    // Geometries already in WGS 84 (report/wgs84.hpp): the run's shared copies, else this table's.
    std::optional<Wgs84Geometries> own;
    if (!wgs84) {
        own.emplace(working);
        own->add(c, t.geoms, 1);
        wgs84 = &*own;
    }
    if (!wgs84->valid()) throw IoError(file.string(), "working CRS cannot be read back as WKT");
    const CategoryStyle* st = style.category.empty() ? nullptr : &category_style(style.category);
    GeoJsonWriter out(file, *wgs84);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out.begin_feature();
        const auto& row = t.rows[r];
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const auto& col = t.columns[i];
            if (i >= row.size() || std::holds_alternative<std::monostate>(row[i])) {
                out.prop_null(col.key);
                continue;
            }
            const Cell& v = row[i];
            if (const auto* s = std::get_if<std::string>(&v)) {
                out.prop_string(col.key, *s);
            } else if (col.kind == ColumnKind::integer) {
                if (const auto* n = std::get_if<std::int64_t>(&v)) out.prop_integer(col.key, *n);
                else if (std::isfinite(std::get<double>(v))) out.prop_integer(col.key, std::llround(std::get<double>(v)));
                else out.prop_null(col.key);
            } else {
                // As the CSV prints it (the column's decimals), so the map and the lists agree.
                const std::string text = format_cell(col, v);
                if (text.empty()) out.prop_null(col.key);
                else if (col.kind == ColumnKind::text || col.kind == ColumnKind::date) out.prop_string(col.key, text);
                else out.prop_number_text(col.key, text, true);
            }
        }
        if (st) {
            const FeatureText text = feature_text(t, r, *st, style.lang);
            out.prop_string("category", st->id);
            out.prop_string("title", text.title);
            out.prop_string("description", text.description);
            out.prop_string("fill", st->fill);
            out.prop_real("fill-opacity", st->fill_opacity);
            out.prop_string("stroke", st->stroke);
            out.prop_real("stroke-width", st->stroke_width);
        }
        out.geometry(r < t.geoms.size() ? t.geoms[r] : nullptr);
        out.end_feature();
    }
    out.finish();
}

void write_geojson_gdal(geom::GeosContext& c, const Table& t, const geom::CrsInfo& working, const std::filesystem::path& file,
                        const GeoJsonStyle& style, const Wgs84Geometries* wgs84) {
    // Geometries already in WGS 84 (report/wgs84.hpp): the run's shared copies, else this table's.
    std::optional<Wgs84Geometries> own;
    if (!wgs84) {
        own.emplace(working);
        own->add(c, t.geoms, 1);
        wgs84 = &*own;
    }
    GeoJsonFile out = create_geojson(t.name, *wgs84, file);
    OGRLayer* layer = out.layer;
    for (const auto& col : t.columns) {
        OGRFieldType type = OFTString;
        if (col.kind == ColumnKind::integer) type = OFTInteger64;
        else if (col.kind != ColumnKind::text && col.kind != ColumnKind::date) type = OFTReal;
        OGRFieldDefn def(col.key.c_str(), type);
        if (layer->CreateField(&def) != OGRERR_NONE) throw IoError(file.string(), "cannot create field " + col.key);
    }
    const CategoryStyle* st = style.category.empty() ? nullptr : &category_style(style.category);
    if (st) {
        for (const char* name : {"category", "title", "description", "fill", "fill-opacity", "stroke", "stroke-width"}) {
            const std::string n = name;
            OGRFieldDefn def(name, n == "fill-opacity" || n == "stroke-width" ? OFTReal : OFTString);
            if (layer->CreateField(&def) != OGRERR_NONE) throw IoError(file.string(), "cannot create field " + n);
        }
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        OGRFeatureUniquePtr f{OGRFeature::CreateFeature(layer->GetLayerDefn())};
        const auto& row = t.rows[r];
        for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
            const auto& col = t.columns[i];
            const Cell& v = row[i];
            const int fi = static_cast<int>(i);
            if (std::holds_alternative<std::monostate>(v)) { f->SetFieldNull(fi); continue; }
            if (const auto* s = std::get_if<std::string>(&v)) { f->SetField(fi, s->c_str()); continue; }
            if (col.kind == ColumnKind::integer) {
                if (std::holds_alternative<double>(v) && !std::isfinite(std::get<double>(v))) { f->SetFieldNull(fi); continue; }
                const auto n = std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v)
                                                                       : static_cast<std::int64_t>(std::llround(std::get<double>(v)));
                f->SetField(fi, static_cast<GIntBig>(n));
            } else {
                // Round as the CSV does, so the numbers in the map and the lists agree.
                const std::string text = format_cell(col, v);
                if (text.empty()) f->SetFieldNull(fi);
                else if (col.kind == ColumnKind::text || col.kind == ColumnKind::date) f->SetField(fi, text.c_str());
                else f->SetField(fi, std::stod(text));
            }
        }
        if (st) {
            const int base = static_cast<int>(t.columns.size());
            const FeatureText text = feature_text(t, r, *st, style.lang);
            f->SetField(base + 0, st->id.c_str());
            f->SetField(base + 1, text.title.c_str());
            f->SetField(base + 2, text.description.c_str());
            f->SetField(base + 3, st->fill.c_str());
            f->SetField(base + 4, st->fill_opacity);
            f->SetField(base + 5, st->stroke.c_str());
            f->SetField(base + 6, st->stroke_width);
        }
        if (r < t.geoms.size() && t.geoms[r]) {
            std::unique_ptr<OGRGeometry> g = wgs84->make(t.geoms[r]);
            if (!g) throw IoError(file.string(), "cannot convert a geometry for GeoJSON");
            f->SetGeometryDirectly(g.release());   // no spatial reference: see set_geometry in map.cpp
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw IoError(file.string(), std::string("cannot write feature: ") + CPLGetLastErrorMsg());
        }
    }
    CPLErrorReset();
    out.ds.reset();  // closing flushes the file
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw IoError(file.string(), std::string("cannot finish GeoJSON: ") + CPLGetLastErrorMsg());
    }
}

} // namespace tl::report
