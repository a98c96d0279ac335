#include "io/reader.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <cpl_vsi.h>

#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "core/number.hpp"
#include "io/encoding.hpp"
#include "io/gdal.hpp"
#include "io/guess.hpp"
#include "io/schema.hpp"
#include "io/table_rows.hpp"

namespace tl::io {

namespace fs = std::filesystem;

int RawLayer::key_index(const std::string& key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return static_cast<int>(i);
    return -1;
}

namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }


std::string trim_ascii(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// trim_ascii without the copy.
std::string_view trim_view(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out.empty() ? "(none)" : out;
}

// Shortest text that reads back as the same double: 0.1 stays "0.1", not "0.10000000000000001".
std::string format_real(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    // std::to_chars with a precision writes exactly what printf's %.*g writes, and
    // std::from_chars reads back exactly what strtod reads: the same text, without the locale
    // and the multi-precision arithmetic of printf (a third of the reader's time on real columns).
    char buf[64];
    for (int prec = 15;; ++prec) {
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, prec);
        double back = 0;
        std::from_chars(buf, r.ptr, back);
        if (prec == 17 || back == v) return std::string(buf, r.ptr);
    }
}

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string format_date(int y, int m, int d) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    return b;
}

// "ZM", "Z", "M" or "" as the suffix of a geometry type name.
std::string geometry_type_name(OGRwkbGeometryType t) {
    std::string base = OGRGeometryTypeToName(wkbFlatten(t));  // "Multi Polygon"
    base.erase(std::remove(base.begin(), base.end(), ' '), base.end());  // "MultiPolygon" (OGC spelling)
    const bool z = OGR_GT_HasZ(t), m = OGR_GT_HasM(t);
    if (z && m) return base + " ZM";
    if (z) return base + " Z";
    if (m) return base + " M";
    return base;
}

// Drivers whose text reaches us as the file's raw bytes (we open shapefiles with ENCODING="").
bool driver_gives_raw_bytes(const std::string& driver) { return driver == "ESRI Shapefile" || driver == "CSV"; }

// The file of `ds` with extension `ext` belonging to layer `layer_name` (a shapefile "dataset"
// may be a directory of several shapefiles).
std::optional<fs::path> sidecar(GDALDataset& ds, const std::string& layer_name, const char* ext) {
    char** files = ds.GetFileList();
    std::optional<fs::path> found;
    for (char** f = files; f && *f; ++f) {
        const fs::path p(*f);
        if (iequals(p.extension().string(), ext) && (found == std::nullopt || p.stem().string() == layer_name)) found = p;
    }
    CSLDestroy(files);
    // GetFileList lists only the sidecars the driver uses; a .cpg next to the .dbf counts too.
    if (!found && std::string(ext) == ".cpg") {
        if (auto dbf = sidecar(ds, layer_name, ".dbf")) {
            for (const char* e : {".cpg", ".CPG", ".Cpg"}) {
                fs::path c = *dbf;
                c.replace_extension(e);
                std::error_code ec;
                if (fs::is_regular_file(c, ec)) return c;
            }
        }
    }
    return found;
}

// A .shp cut short (a copy interrupted, a disk full while exporting, a truncated download):
// its header states the file's length, the file is shorter. The shapefile driver would then
// return the missing records without geometry and GDAL "fread" errors, which would look like
// parcels drawn without a shape. Returns the message, or "" when the file is whole.
std::string shp_cut_short(const fs::path& shp) {
    std::ifstream in(shp, std::ios::binary);
    unsigned char h[28] = {};
    if (!in.read(reinterpret_cast<char*>(h), sizeof h)) return {};   // a short header: GDAL's own open error
    // Bytes 24-27: file length in 16-bit words, big-endian (ESRI Shapefile Technical Description).
    const std::uint64_t declared = 2 * ((std::uint64_t{h[24]} << 24) | (std::uint64_t{h[25]} << 16) | (std::uint64_t{h[26]} << 8) | h[27]);
    std::error_code ec;
    const std::uint64_t actual = fs::file_size(shp, ec);
    if (ec || actual >= declared) return {};
    return shp.filename().string() + " is cut short: its header says " + std::to_string(declared) + " bytes, the file has " +
           std::to_string(actual) + "; the records past byte " + std::to_string(actual) +
           " are missing. Copy or export the complete .shp/.shx/.dbf set again";
}

OGRLayer* choose_layer(GDALDataset& ds, const LayerSpec& spec, const LayerDef& def, const std::string& display) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.push_back(ds.GetLayer(i)->GetName());
    if (!spec.layer.empty()) {
        if (OGRLayer* l = ds.GetLayerByName(spec.layer.c_str())) return l;
        throw ConfigError(display, "layer " + spec.name + ": source has no layer \"" + spec.layer +
                                       "\"; set layer = one of: " + join(names));
    }
    if (names.empty()) throw IoError(display, "the dataset has no layers");
    if (names.size() > 1) {
        // A GeoPackage holding several canonical layers: take the one named like this layer.
        for (const auto& stem : def.file_stems)
            for (int i = 0; i < ds.GetLayerCount(); ++i)
                if (iequals(names[static_cast<std::size_t>(i)], stem)) return ds.GetLayer(i);
    }
    return ds.GetLayer(0);
}

struct EncodingChoice {
    EncodingInfo info;
    std::string note;   // a remark for the issue log ("" = none)
    bool by_bytes = false;  // step 4: decided from the bytes, once every feature has been read
};

// Steps 1-4 of reader.hpp for a driver that hands over raw bytes.
EncodingChoice decide_encoding(GDALDataset& ds, OGRLayer& layer, const LayerSpec& spec, const std::string& driver,
                               const std::string& display) {
    EncodingChoice c;
    if (!spec.encoding.empty() && !iequals(spec.encoding, "auto")) {
        auto name = encoding::canonical_name(spec.encoding);
        if (!name)
            throw ConfigError(display, "layer " + spec.name + ": encoding \"" + spec.encoding +
                                           "\" is not known; use auto, UTF-8, GBK, GB18030, BIG5 or another iconv name");
        c.info = {*name, "project"};
        return c;
    }
    if (driver == "ESRI Shapefile") {
        if (auto cpg = sidecar(ds, layer.GetName(), ".cpg")) {
            std::ifstream in(*cpg, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            if (auto name = encoding::from_cpg_text(text.str())) {
                c.info = {*name, "cpg"};
                return c;
            }
            if (!trim_ascii(text.str()).empty())
                c.note = cpg->filename().string() + " says \"" + trim_ascii(text.str()) + "\", which names no encoding; ignored";
        }
        if (auto dbf = sidecar(ds, layer.GetName(), ".dbf")) {
            if (auto ldid = encoding::read_dbf_ldid(*dbf)) {
                if (auto name = encoding::from_ldid(*ldid)) {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "0x%02X", *ldid);
                    c.info = {*name, std::string("ldid ") + hex};
                    return c;
                }
            }
        }
    }
    // Step 4: the bytes of every text value and column name. They are looked at during the one
    // pass over the features (read_layer), which then decodes what it kept.
    c.by_bytes = true;
    return c;
}

// Step 4's decision from what the sniffer saw.
void decide_by_bytes(EncodingChoice& c, const encoding::ByteSniffer& sniffer) {
    const auto d = sniffer.decide();
    c.info = {d.encoding, "bytes"};
    if (d.uncertain)
        c.note = "text is neither clean UTF-8 nor clean GBK (" + std::to_string(d.utf8_fit) + " of " +
                 std::to_string(d.values) + " non-ASCII values fit UTF-8, " + std::to_string(d.gbk_fit) +
                 " fit GBK); read as " + d.encoding + "; if that is wrong set encoding = \"...\" for this layer";
}

// --- Tables as delivered (table_rows.hpp) ---------------------------------------------------

// One CSV record: the physical line it starts on, its bytes (with the line end) and its cells.
struct CsvRecord {
    std::int64_t line = 0;
    std::string raw;
    std::vector<std::string> cells;   // undecoded, unquoted
};

// RFC 4180 records ("" inside quotes is a quote; a line end inside quotes belongs to the cell).
// GBK's second bytes are never '"', ',' or a line end, so the bytes can be split undecoded.
std::vector<CsvRecord> split_csv(const std::string& bytes, char sep) {
    std::vector<CsvRecord> out;
    std::size_t i = 0;
    std::int64_t line = 1;
    while (i < bytes.size()) {
        CsvRecord r;
        r.line = line;
        const std::size_t start = i;
        std::string cell;
        bool quoted = false, at_cell_start = true;
        for (; i < bytes.size(); ++i) {
            const char c = bytes[i];
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < bytes.size() && bytes[i + 1] == '"') { cell += '"'; ++i; }
                    else quoted = false;
                } else {
                    if (c == '\n') ++line;
                    cell += c;
                }
                continue;
            }
            if (c == '"' && at_cell_start) { quoted = true; at_cell_start = false; continue; }
            if (c == sep) { r.cells.push_back(std::move(cell)); cell.clear(); at_cell_start = true; continue; }
            if (c == '\n') { ++i; ++line; break; }
            if (c == '\r') continue;
            cell += c;
            at_cell_start = false;
        }
        r.cells.push_back(std::move(cell));
        r.raw = bytes.substr(start, i - start);
        out.push_back(std::move(r));
    }
    return out;
}

// A skipped row, reported once the layer's issue log is at hand.
struct SkippedRow {
    std::int64_t fid = 0;   // the FID the row has in the driver's numbering (a sheet's row number; a CSV's line - 1)
    std::string detail;
};

// A CSV whose header is not its first line or that has rows to skip is read from a copy in
// /vsimem/ holding the header and the data records only (the same bytes, so the encoding is
// decided as for the file). fid_of_record maps GDAL's FID in the copy (1, 2, ...) to the FID the
// record has in a clean file (its line number - 1), so issues point at the same line either way.
struct PreparedCsv {
    std::string path;                       // "" = read the file itself
    std::vector<std::int64_t> fid_of_record;
    std::vector<SkippedRow> skipped;
    std::vector<const UnitDef*> title_units;   // TablePlan::title_units
    std::string unit_line;
    std::vector<const UnitDef*> group_units;   // TablePlan::group_units
};

PreparedCsv prepare_csv(const LayerSpec& spec, const LayerDef& def, const std::string& display, bool any_layer) {
    PreparedCsv out;
    std::ifstream in(spec.source, std::ios::binary);
    if (!in) return out;   // GDAL's own open error names the problem
    std::stringstream buf;
    buf << in.rdbuf();
    std::string bytes = buf.str();
    const bool bom = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
    if (bom) bytes.erase(0, 3);
    // The separator GDAL would take: ',' unless the first lines have none and have ';' or tabs.
    const std::string head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 64 * 1024));
    char sep = ',';
    if (head.find(',') == std::string::npos) {
        if (head.find(';') != std::string::npos) sep = ';';
        else if (head.find('\t') != std::string::npos) sep = '\t';
    }
    std::vector<CsvRecord> records = split_csv(bytes, sep);
    if (records.empty()) return out;
    // Cells decoded only to find the header and the rows to skip: the project's encoding, else
    // UTF-8 when the bytes are UTF-8, else GBK (a Chinese Windows' CSV).
    std::string enc_name = "UTF-8";
    if (!spec.encoding.empty() && !iequals(spec.encoding, "auto")) {
        if (auto n = encoding::canonical_name(spec.encoding)) enc_name = *n;
    } else if (!encoding::is_valid_utf8(bytes)) {
        enc_name = encoding::canonical_name("GBK").value_or("GBK");
    }
    encoding::Decoder decoder(enc_name);
    std::vector<std::vector<std::string>> rows;
    rows.reserve(records.size());
    for (const auto& r : records) {
        std::vector<std::string> cells;
        for (const auto& c : r.cells) cells.push_back(trim_ascii(decoder.decode(c).text));
        rows.push_back(std::move(cells));
    }
    const TablePlan plan = plan_table(rows, def, spec, any_layer);
    if (plan.header_score == 0 && records.size() > 1 && records[0].cells.size() < 2) {
        // A title line above a header that names nothing tenglong knows: GDAL could not even
        // open the file (its first line has no separator). Say what is missing instead.
        std::vector<std::string> wanted;
        for (const auto& f : def.fields)
            if (f.required) wanted.push_back(f.label_zh + " (" + f.default_column + ")");
        throw ConfigError(display, "layer " + spec.name + " (" + def.label_zh + "): 表的前 " +
                                       std::to_string(table_layout().header_search_rows) + " 行中没有表头 no row among the first " +
                                       std::to_string(table_layout().header_search_rows) + " names a column of this layer (" +
                                       join(wanted) + "); the first row is «" + first_cell_excerpt(rows[0]) +
                                       "»; name the columns with fields = { ... } under [layers." + spec.name + "]");
    }
    if (plan.header == 0 && plan.skipped == 0) return out;
    out.title_units = plan.title_units;
    out.unit_line = plan.unit_line;
    out.group_units = plan.group_units;
    std::string copy = bom ? "\xEF\xBB\xBF" : "";
    for (std::size_t i = 0; i < records.size(); ++i) {
        const TableRowKind& k = plan.rows[i];
        if (k.kind == TableRowKind::skipped) {
            out.skipped.push_back({records[i].line - 1, skipped_row_detail(records[i].line, k, rows[i])});
            continue;
        }
        if (k.kind == TableRowKind::header && plan.header_rows > 1) {
            // A two-row header becomes one line: each column's lower cell, else its upper (the
            // raw bytes, so the copy keeps the file's encoding).
            if (i != plan.header) continue;
            const CsvRecord& up = records[i];
            const CsvRecord& lo = records[i + 1];
            std::string line;
            const std::size_t n = std::max(up.cells.size(), lo.cells.size());
            for (std::size_t c = 0; c < n; ++c) {
                const bool lower = c < lo.cells.size() && c < rows[i + 1].size() && !rows[i + 1][c].empty();
                std::string cell = lower ? lo.cells[c] : (c < up.cells.size() ? up.cells[c] : std::string());
                if (cell.find_first_of(std::string("\"\r\n") + sep) != std::string::npos) {
                    std::string q = "\"";
                    for (char ch : cell) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                    cell = q + "\"";
                }
                if (c) line += sep;
                line += cell;
            }
            copy += line + "\r\n";
            continue;
        }
        copy += records[i].raw;
        if (copy.back() != '\n') copy += '\n';
        if (k.kind == TableRowKind::data) out.fid_of_record.push_back(records[i].line - 1);
    }
    static std::atomic<std::uint64_t> serial{0};
    out.path = "/vsimem/tenglong_table_" + std::to_string(++serial) + "/" + fs::path(spec.source).filename().string();
    VSILFILE* f = VSIFOpenL(out.path.c_str(), "wb");
    if (!f || VSIFWriteL(copy.data(), 1, copy.size(), f) != copy.size()) {
        if (f) VSIFCloseL(f);
        throw IoError(display, "cannot stage the table's data rows in memory");
    }
    VSIFCloseL(f);
    return out;
}

// The rows of a sheet as GDAL's spreadsheet drivers give them with OGR_XLSX_HEADERS=FORCE: row 1
// is the field definition's names, every later row a feature whose FID is its row number (blank
// rows included). `limit` rows at most.
struct SheetRows {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::int64_t> row_numbers;
};
SheetRows sheet_rows(OGRLayer& layer, std::size_t limit) {
    SheetRows out;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const int n = defn->GetFieldCount();
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back(trim_ascii(defn->GetFieldDefn(i)->GetNameRef()));
    out.rows.push_back(std::move(names));
    out.row_numbers.push_back(1);
    layer.ResetReading();
    for (OGRFeatureUniquePtr f(out.rows.size() < limit ? layer.GetNextFeature() : nullptr); f;
         f.reset(out.rows.size() < limit ? layer.GetNextFeature() : nullptr)) {
        std::vector<std::string> cells(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            if (f->IsFieldSetAndNotNull(i)) cells[static_cast<std::size_t>(i)] = trim_ascii(f->GetFieldAsString(i));
        out.rows.push_back(std::move(cells));
        out.row_numbers.push_back(f->GetFID());
    }
    layer.ResetReading();
    return out;
}

bool is_spreadsheet_driver(const std::string& driver) { return driver == "XLSX" || driver == "ODS"; }

} // namespace

RawLayer read_layer(const LayerSpec& spec, IssueLog& issues, const ReadOptions& options) {
    const LayerDef* def = find_layer_def(spec.name);
    if (!def) throw ConfigError("", "unknown layer \"" + spec.name + "\"");
    return read_layer(*def, spec, issues, options);
}

RawLayer read_layer(const LayerDef& layer_def, const LayerSpec& spec, IssueLog& issues, const ReadOptions& options) {
    const LayerDef* def = &layer_def;
    const std::string display = gdal::display_source(spec.source);

    gdal::ensure_registered();
    // Only the shapefile driver recodes on its own (from .cpg/LDID, defaulting to ISO-8859-1);
    // ENCODING="" switches that off so we see the DBF bytes and decide ourselves.
    // County tables always have a header row; GDAL's guess (a first row of text above a row of
    // text is data) would turn 统一社会信用代码 into a value and name the columns Field1, Field2.
    std::vector<std::string> open_options;
    // A CSV as delivered (title lines, 合计 rows, footnotes) is read from a copy holding its
    // header and data records (prepare_csv); the copy is removed when the dataset is closed.
    PreparedCsv csv;
    struct VsiMemGuard {
        std::string path;
        ~VsiMemGuard() {
            if (!path.empty()) VSIUnlink(path.c_str());
        }
    } csv_copy;
    {
        gdal::CplErrorCapture quiet;
        GDALDriverH drv = GDALIdentifyDriverEx(spec.source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
        const std::string id = drv ? GDALGetDriverShortName(drv) : "";
        if (id == "ESRI Shapefile") open_options.push_back("ENCODING=");
        const bool csv_file = id == "CSV" || iequals(fs::path(spec.source).extension().string(), ".csv");
        if (csv_file && spec.sql.empty() && spec.source.rfind("/vsi", 0) != 0) {
            csv = prepare_csv(spec, *def, display, options.all_columns);
            csv_copy.path = csv.path;
        }
        if (id == "CSV" || !csv.path.empty()) open_options.push_back("HEADERS=YES");
    }
    // The spreadsheet drivers read these while parsing the sheet, i.e. also after the open.
    gdal::ThreadConfigOption xlsx_headers("OGR_XLSX_HEADERS", "FORCE");
    gdal::ThreadConfigOption ods_headers("OGR_ODS_HEADERS", "FORCE");
    GDALDatasetUniquePtr ds;
    try {
        ds = gdal::open_vector(csv.path.empty() ? spec.source : csv.path, open_options, spec.source);
    } catch (const IoError&) {
        if (csv.path.empty()) throw;
        // The header and data rows staged from a delivered table (prepare_csv) are no CSV GDAL
        // reads: a single column, typically.
        throw ConfigError(display, "layer " + spec.name + " (" + def->label_zh + "): after the " + std::to_string(csv.skipped.size()) +
                                       " title/合计/注 rows listed below the header, GDAL cannot read the rest as a CSV table "
                                       "(one column only?); check the file in a spreadsheet program");
    }
    const std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";

    // `sql`: the layer is the result of a query (a PostGIS view written in the project file).
    // GDAL owns the result set until ReleaseResultSet, which must come before the dataset
    // closes: the guard is declared after `ds`, so it is destroyed first.
    struct ResultSet {
        GDALDataset* ds = nullptr;
        OGRLayer* layer = nullptr;
        ~ResultSet() {
            if (layer) ds->ReleaseResultSet(layer);
        }
    } result_set{ds.get(), nullptr};
    OGRLayer* layer = nullptr;
    if (!spec.sql.empty()) {
        gdal::CplErrorCapture capture;
        CPLErrorReset();
        // sql-quoted: the query is the planner's own text from the project file (`sql = ...`), run
        // as written on their database; no layer or field name from the data is spliced into it.
        result_set.layer = ds->ExecuteSQL(spec.sql.c_str(), nullptr, nullptr);
        if (!result_set.layer) {
            const std::string why = capture.summary();
            throw ConfigError(display, "layer " + spec.name + ": the sql query failed" +
                                           (why.empty() ? std::string(" (it returned no result set; write a SELECT)")
                                                        : ": " + gdal::display_source(why)) +
                                           "; fix sql = \"...\" under [layers." + spec.name + "] in the project file");
        }
        layer = result_set.layer;
    } else {
        layer = choose_layer(*ds, spec, *def, display);
        // A workbook of several sheets and no `sheet =`/`layer =`: the sheet whose header row
        // names the most fields (a 说明 sheet before the 亩均评价 one), the one named like the
        // layer or the first on a tie.
        if (is_spreadsheet_driver(driver) && spec.layer.empty() && ds->GetLayerCount() > 1) {
            const auto rows = static_cast<std::size_t>(table_layout().header_search_rows) + 1;
            int best = -1;
            for (const auto& r : sheet_rows(*layer, rows).rows) best = std::max(best, header_score(r, *def, spec));
            for (int i = 0; i < ds->GetLayerCount(); ++i) {
                OGRLayer* other = ds->GetLayer(i);
                if (other == layer) continue;
                int score = -1;
                for (const auto& r : sheet_rows(*other, rows).rows) score = std::max(score, header_score(r, *def, spec));
                if (score > best) {
                    best = score;
                    layer = other;
                }
            }
        }
    }

    RawLayer out;
    out.name = spec.name;
    out.spec = spec;
    out.driver = driver;
    out.source_layer = spec.sql.empty() ? std::string(layer->GetName()) : "sql: " + spec.sql;

    auto add_issue = [&](std::int64_t fid, const std::string& feature_id, const std::string& kind, const std::string& field,
                         const std::string& detail, IssueAction action) {
        Issue is;
        is.layer = spec.name;
        is.fid = fid;
        is.feature_id = feature_id;
        is.kind = kind;
        is.field = field;
        is.detail = detail;
        is.action = action;
        issues.add(std::move(is));
    };

    // --- tables as delivered: the header row found, title/blank/合计/注 rows skipped (table_rows.hpp)
    std::vector<std::string> header_names;          // the header row's cells when it is not row 1
    std::unordered_set<std::int64_t> skip_fids;     // sheet rows that are no data
    std::vector<SkippedRow> skipped = std::move(csv.skipped);
    std::vector<const UnitDef*> title_units = csv.title_units;   // a unit line above the header (单位：元)
    std::string unit_line = csv.unit_line;
    std::vector<const UnitDef*> group_units = csv.group_units;   // a two-row header's group cell unit, per column
    if (is_spreadsheet_driver(driver) && spec.sql.empty()) {
        const SheetRows sheet = sheet_rows(*layer, static_cast<std::size_t>(-1));
        const TablePlan plan = plan_table(sheet.rows, *def, spec, options.all_columns);
        for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
            const TableRowKind& k = plan.rows[i];
            if (k.kind == TableRowKind::data) continue;
            if (i > 0) skip_fids.insert(sheet.row_numbers[i]);
            if (k.kind == TableRowKind::skipped)
                skipped.push_back({sheet.row_numbers[i], skipped_row_detail(sheet.row_numbers[i], k, sheet.rows[i])});
        }
        title_units = plan.title_units;
        unit_line = plan.unit_line;
        group_units = plan.group_units;
        if (plan.header > 0 || plan.header_rows > 1) {
            header_names = plan.header_names;
            header_names.resize(static_cast<std::size_t>(std::max(0, layer->GetLayerDefn()->GetFieldCount())));
            for (std::size_t i = 0; i < header_names.size(); ++i)
                if (header_names[i].empty()) header_names[i] = "Field" + std::to_string(i + 1);
        }
    }
    out.rows_skipped = static_cast<std::int64_t>(skipped.size());
    for (const auto& r : skipped) add_issue(r.fid, "", "table_row_skipped", "", r.detail, IssueAction::rejected);

    if (driver == "ESRI Shapefile")
        if (auto shp = sidecar(*ds, layer->GetName(), ".shp"))
            if (std::string cut = shp_cut_short(*shp); !cut.empty()) throw IoError(display, "layer " + spec.name + ": " + cut);

    // --- encoding (steps 1-3 now; step 4 once the features have been read)
    const bool raw = driver_gives_raw_bytes(driver);
    EncodingChoice enc;
    if (raw) enc = decide_encoding(*ds, *layer, spec, driver, display);

    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int n_fields = defn->GetFieldCount();
    // Field types once: the per-value switch below must not ask the definition every time.
    std::vector<OGRFieldType> field_types(static_cast<std::size_t>(n_fields));
    for (int i = 0; i < n_fields; ++i) field_types[static_cast<std::size_t>(i)] = defn->GetFieldDefn(i)->GetType();

    std::optional<encoding::Decoder> decoder;
    std::vector<int> bound;  // source field index per key, -1 = gap
    std::vector<double> factors;  // per key: unit conversion into the field's unit (1 = none)
    std::map<std::size_t, std::pair<const UnitDef*, const UnitDef*>> conversions;  // key index -> (from, to)
    int id_key = -1;
    // The encoding's note, the column names and the binding of the canonical keys: before the
    // features are read when the encoding is known, after them when the bytes decide (step 4).
    // Nothing in between adds an issue, so the issues come in the same order either way.
    const auto decode_names_and_bind = [&]() {
        if (raw) {
            out.encoding = enc.info;
            if (!enc.note.empty()) add_issue(-1, "", "encoding", "", display + ": " + enc.note, IssueAction::note);
        } else {
            // GeoPackage, GeoJSON, FileGDB, XLSX are UTF-8 by their specifications; GDAL asks
            // PostgreSQL for UTF-8 (client_encoding) and recodes the other drivers it knows.
            out.encoding = {"UTF-8", "driver"};
            if (!spec.encoding.empty() && !iequals(spec.encoding, "auto") &&
                encoding::canonical_name(spec.encoding).value_or("") != "UTF-8")
                add_issue(-1, "", "encoding", "",
                          display + ": encoding = \"" + spec.encoding + "\" ignored: the " + driver +
                              " driver delivers UTF-8 text",
                          IssueAction::note);
        }
        decoder.emplace(out.encoding.encoding == "ASCII" ? std::string("UTF-8") : out.encoding.encoding);

        // --- column names
        for (int i = 0; i < n_fields; ++i) {
            if (static_cast<std::size_t>(i) < header_names.size()) {   // the header found below row 1 (UTF-8)
                out.source_fields.push_back(header_names[static_cast<std::size_t>(i)]);
                continue;
            }
            const std::string raw_name = defn->GetFieldDefn(i)->GetNameRef();
            auto d = decoder->decode(raw_name);
            if (!d.complete) {
                const std::string kept = d.text.empty() ? "#" + std::to_string(i + 1) : d.text;
                add_issue(-1, "", "bad_encoding", "",
                          display + ": column name bytes " + encoding::hex_bytes(raw_name) + " are not valid " +
                              out.encoding.encoding + (d.truncated ? " (cut mid-character)" : "") + "; named \"" + kept + "\"",
                          IssueAction::kept);
                d.text = kept;
            }
            out.source_fields.push_back(d.text);
        }

        // --- bind canonical keys to columns
        auto find_column = [&](const std::string& name) -> int {
            for (int i = 0; i < n_fields; ++i)
                if (iequals(out.source_fields[static_cast<std::size_t>(i)], name)) return i;
            // Blanks and full-width brackets aside (税收（万元） for 税收(万元)).
            for (int i = 0; i < n_fields; ++i)
                if (guess::same_column_name(out.source_fields[static_cast<std::size_t>(i)], name)) return i;
            return -1;
        };
        for (const auto& [key, column] : spec.fields)
            if (!find_field_def(*def, key)) {
                std::vector<std::string> keys;
                for (const auto& f : def->fields) keys.push_back(f.key);
                throw ConfigError(display, "layer " + spec.name + ": fields has unknown key \"" + key +
                                               "\"; allowed keys: " + join(keys));
            }
        // Every binding problem of the layer at once (a missing mapping, a mapped column that
        // is not there), each with the column probably meant.
        std::vector<std::string> problems;
        auto hint = [&](const FieldDef& f, const std::string& wanted) {
            const std::string m = guess::did_you_mean(f, wanted, out.source_fields);
            return m.empty() ? std::string() : " (是不是 did you mean \"" + m + "\"?)";
        };
        for (const auto& f : def->fields) {
            int idx = -1;
            auto mapped = spec.fields.find(f.key);
            if (mapped != spec.fields.end()) {
                idx = find_column(mapped->second);
                if (idx < 0 && !options.all_columns)
                    problems.push_back("列不存在 fields." + f.key + " = \"" + mapped->second +
                                       "\" names no column of the source (" + f.label_zh + ")" + hint(f, mapped->second));
            } else {
                // The default column, else the Chinese name, else another customary name (schema.hpp).
                idx = find_column(f.default_column);
                if (idx < 0) idx = find_column(f.label_zh);
                for (std::size_t a = 0; idx < 0 && a < f.aliases.size(); ++a) idx = find_column(f.aliases[a]);
                if (idx < 0) idx = guess::convertible_column(f, out.source_fields);   // 税收（元）: converted below
                if (idx < 0 && f.required && !options.all_columns)
                    problems.push_back("缺必填字段 required field " + f.key + " (" + f.label_zh + ") has no column; map it with fields = { " +
                                       f.key + " = \"...\" }" + hint(f, ""));
            }
            out.keys.push_back(f.key);
            out.columns.push_back(idx < 0 ? std::string{} : out.source_fields[static_cast<std::size_t>(idx)]);
            bound.push_back(idx);
            // Units: the project's `units = { key = "元" }`, else the header's (税收（元）); a
            // number in another unit of the same quantity is converted into the field's unit.
            double factor = 1;
            if (idx >= 0) {
                const UnitDef* to = field_unit(f);
                const std::string& column = out.source_fields[static_cast<std::size_t>(idx)];
                auto declared = spec.units.find(f.key);
                const UnitDef* from = declared != spec.units.end() ? find_unit(declared->second) : guess::header_unit(column);
                // Neither the project nor the header: a unit line above the header (单位：元).
                bool by_title = false, by_group = false;
                if (!from && declared == spec.units.end() && to && static_cast<std::size_t>(idx) < group_units.size() &&
                    group_units[static_cast<std::size_t>(idx)] && group_units[static_cast<std::size_t>(idx)]->quantity == to->quantity) {
                    from = group_units[static_cast<std::size_t>(idx)];
                    by_group = true;
                }
                if (!from && declared == spec.units.end() && to)
                    for (const UnitDef* u : title_units)
                        if (u->quantity == to->quantity) {
                            from = u;
                            by_title = true;
                        }
                if (to && from && from->quantity == to->quantity && from->num * to->den != to->num * from->den) {
                    factor = convert_unit(1.0, *from, *to);
                    conversions[out.keys.size() - 1] = {from, to};
                    const std::string by = declared != spec.units.end() ? "the project (units." + f.key + ")"
                                           : by_group                    ? std::string("the group row of the two-row header")
                                           : by_title                    ? "the table's unit line \"" + unit_line + "\""
                                                                         : "the column header";
                    const std::string by_zh = declared != spec.units.end() ? "项目文件 units"
                                              : by_group                    ? std::string("两行表头的上一行")
                                              : by_title                    ? "表头上方的单位行「" + unit_line + "」"
                                                                            : "列名";
                    out.unit_conversions[f.key] = column + ": " + from->name + " -> " + to->name + " (x" + format_real(factor) + ", from " + by + ")";
                    add_issue(-1, "", "unit_converted", f.key,
                              "列 column " + column + " 单位 " + from->name + ", 读入时换算为 " + to->name + " (×" + format_real(factor) +
                                  ", 依据 " + by_zh + "); read in " + from->name + ", converted to " + to->name + " (from " + by + ")",
                              IssueAction::note);
                }
            }
            factors.push_back(factor);
        }
        if (!problems.empty())
            throw ConfigError(display, "layer " + spec.name + " (" + def->label_zh + ") [layers." + spec.name + "]: " +
                                           join(problems, "; ") + "; columns are: " + join(out.source_fields));
        if (options.all_columns)
            for (int i = 0; i < n_fields; ++i) {
                out.keys.emplace_back();
                out.columns.push_back(out.source_fields[static_cast<std::size_t>(i)]);
                bound.push_back(i);
                factors.push_back(1);
            }
        id_key = out.key_index("id");
    };
    if (!enc.by_bytes) decode_names_and_bind();

    // --- CRS and kind
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        char* wkt = nullptr;
        const char* const opts[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs->exportToWkt(&wkt, opts) == OGRERR_NONE && wkt) out.source_srs_wkt = wkt;
        CPLFree(wkt);
    }
    out.is_table = defn->GetGeomFieldCount() == 0;

    // --- features, pass 1: what GDAL gives, undecoded. When the bytes decide the encoding, every
    // column is kept (the binding needs the decoded column names) and every text value is shown
    // to the sniffer on the way: the source is read once, not once to sniff and once to read.
    gdal::CplErrorCapture capture;
    layer->ResetReading();
    std::size_t seen_messages = 0;
    encoding::ByteSniffer sniffer;
    if (enc.by_bytes)
        for (int i = 0; i < n_fields; ++i) sniffer.add(defn->GetFieldDefn(i)->GetNameRef());
    std::vector<int> cell_field;  // source field of each kept cell
    if (enc.by_bytes) {
        for (int i = 0; i < n_fields; ++i) cell_field.push_back(i);
    } else {
        cell_field = bound;
    }
    // The count where the driver knows it without a scan (a shapefile's .shx header, a
    // GeoPackage's gpkg_ogr_contents; -1 otherwise): the features are then never moved while the
    // vector grows (a province's 3.5 million buildings were copied about twice over).
    if (const GIntBig n = layer->GetFeatureCount(FALSE); n > 0) out.features.reserve(static_cast<std::size_t>(n));
    std::vector<std::pair<std::size_t, std::string>> curve_notes;   // feature index -> geometry type
    std::vector<std::pair<std::size_t, std::string>> gdal_notes;    // feature index -> GDAL's messages
    std::map<OGRwkbGeometryType, std::int64_t> geometry_type_counts;
    std::int64_t no_geometry = 0;
    for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        if (!skip_fids.empty() && skip_fids.count(f->GetFID())) continue;
        RawFeature rf;
        rf.fid = f->GetFID();
        if (!csv.fid_of_record.empty() && rf.fid >= 1 && static_cast<std::size_t>(rf.fid) <= csv.fid_of_record.size())
            rf.fid = csv.fid_of_record[static_cast<std::size_t>(rf.fid - 1)];
        rf.values.resize(cell_field.size());
        for (std::size_t j = 0; j < cell_field.size(); ++j) {
            const int i = cell_field[j];
            if (i < 0 || !f->IsFieldSetAndNotNull(i)) continue;
            const OGRFieldType type = field_types[static_cast<std::size_t>(i)];
            switch (type) {
                case OFTInteger:
                case OFTInteger64: rf.values[j] = std::to_string(f->GetFieldAsInteger64(i)); break;
                case OFTReal: rf.values[j] = format_real(f->GetFieldAsDouble(i)); break;
                case OFTDate:
                case OFTDateTime:
                case OFTTime: {
                    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
                    float sec = 0;
                    f->GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz);
                    const int si = static_cast<int>(sec);
                    std::string text;
                    if (type == OFTTime) text = two(h) + ":" + two(mi) + ":" + two(si);
                    else {
                        text = format_date(y, mo, d);
                        if (type == OFTDateTime && (h || mi || si)) text += "T" + two(h) + ":" + two(mi) + ":" + two(si);
                    }
                    rf.values[j] = std::move(text);
                    break;
                }
                case OFTString: {
                    const char* bytes = f->GetFieldAsString(i);
                    if (enc.by_bytes) sniffer.add(bytes);
                    rf.values[j].emplace(bytes);
                    break;
                }
                default: rf.values[j].emplace(f->GetFieldAsString(i)); break;  // lists and binary: GDAL's text form
            }
        }

        if (!out.is_table) {
            OGRGeometry* g = f->GetGeometryRef();
            if (!g) {
                ++no_geometry;
            } else {
                ++geometry_type_counts[g->getGeometryType()];
                OGRGeometryUniquePtr linear;
                if (g->hasCurveGeometry()) {
                    // GEOS (geom stage) reads no curves; FileGDB parcels often have arcs.
                    linear.reset(g->getLinearGeometry());
                    curve_notes.emplace_back(out.features.size(), geometry_type_name(g->getGeometryType()));
                    if (linear) g = linear.get();
                }
                rf.wkb.resize(g->WkbSize());
                g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(rf.wkb.data()), wkbVariantIso);
            }
        }

        // Whatever GDAL said while reading this feature (a corrupt .shp record, a bad date).
        if (capture.messages().size() > seen_messages) {
            std::string msg;
            for (std::size_t m = seen_messages; m < capture.messages().size(); ++m)
                msg += (msg.empty() ? "" : "; ") + capture.messages()[m];
            seen_messages = capture.messages().size();
            gdal_notes.emplace_back(out.features.size(), std::move(msg));
        }
        out.features.push_back(std::move(rf));
    }
    if (no_geometry > 0) out.geometry_types["None"] += no_geometry;
    for (const auto& [type, n] : geometry_type_counts) out.geometry_types[geometry_type_name(type)] += n;

    if (enc.by_bytes) {
        decide_by_bytes(enc, sniffer);
        decode_names_and_bind();
    }
    if (!capture.messages().empty() && out.features.empty() && seen_messages < capture.messages().size())
        throw IoError(display, "cannot read layer " + out.source_layer + ": " + capture.summary());

    // --- features, pass 2: decode and trim the values, in the order read; issues per feature.
    // A declared encoding (project, .cpg, LDID) can be wrong. We follow it, but look at the bytes
    // too, and say so when they tell a different story (a .cpg that says UTF-8 over GBK bytes, an
    // LDID of 1252 over Chinese text: the latter decodes "fine" into mojibake).
    const bool check_declared = raw && out.encoding.decided_by != "bytes";
    encoding::ByteSniffer declared_check;
    std::int64_t bad_values = 0;
    // With every column kept, a column bound to two keys is copied for the first and moved for
    // the last.
    std::vector<bool> last_use(bound.size(), true);
    for (std::size_t k = 0; k < bound.size(); ++k)
        for (std::size_t k2 = k + 1; k2 < bound.size(); ++k2)
            if (bound[k2] == bound[k]) last_use[k] = false;
    std::size_t next_curve = 0, next_gdal = 0;
    std::vector<std::pair<std::size_t, encoding::Decoded>> bad;  // reported once the id is known
    for (std::size_t n = 0; n < out.features.size(); ++n) {
        RawFeature& rf = out.features[n];
        if (enc.by_bytes) {
            std::vector<std::optional<std::string>> cells = std::move(rf.values);
            rf.values.assign(bound.size(), std::nullopt);
            for (std::size_t k = 0; k < bound.size(); ++k) {
                if (bound[k] < 0) continue;
                auto& cell = cells[static_cast<std::size_t>(bound[k])];
                if (last_use[k]) rf.values[k] = std::move(cell);
                else rf.values[k] = cell;
            }
        }
        bad.clear();
        for (std::size_t k = 0; k < bound.size(); ++k) {
            auto& value = rf.values[k];
            if (!value) continue;
            const OGRFieldType type = field_types[static_cast<std::size_t>(bound[k])];
            switch (type) {
                case OFTInteger:
                case OFTInteger64:
                case OFTReal:
                case OFTDate:
                case OFTDateTime:
                case OFTTime: break;
                case OFTString: {
                    const std::string_view raw_bytes = trim_view(*value);
                    if (check_declared) declared_check.add(raw_bytes);
                    auto dec = decoder->decode(raw_bytes);
                    if (!dec.complete) {
                        std::string text(trim_view(dec.text));
                        dec.text = std::string(raw_bytes);  // keep the bytes for the message
                        bad.emplace_back(k, std::move(dec));
                        *value = std::move(text);
                    } else {
                        *value = std::string(trim_view(dec.text));
                    }
                    break;
                }
                default: {
                    // Lists and binary: GDAL's text form, decoded like any text.
                    auto dec = decoder->decode(*value);
                    std::string text(trim_view(dec.text));
                    if (!dec.complete) {
                        dec.text = std::move(*value);
                        bad.emplace_back(k, std::move(dec));
                    }
                    *value = std::move(text);
                    break;
                }
            }
            // An empty cell is no value, whatever the format wrote for it (DBF blanks, "" in CSV).
            if (value->empty()) {
                value.reset();
                continue;
            }
            if (factors[k] != 1) {
                // A number in the column's unit (read as the value check reads it: "766,300.00",
                // full-width digits) becomes one in the field's; anything else stays as it is,
                // for the value check (bad_value) to report.
                if (const auto v = parse_number(*value)) {
                    const auto& [from, to] = conversions.at(k);
                    *value = format_real(convert_unit(*v, *from, *to));
                }
            }
        }
        const std::string fid_text = (id_key >= 0 && rf.values[static_cast<std::size_t>(id_key)])
                                         ? *rf.values[static_cast<std::size_t>(id_key)] : std::string{};
        bad_values += static_cast<std::int64_t>(bad.size());
        for (const auto& [k, dec] : bad) {
            const std::string kept = rf.values[k].value_or("");
            add_issue(rf.fid, fid_text, "bad_encoding", out.keys[k],
                      "column " + out.columns[k] + ": bytes " + encoding::hex_bytes(dec.text) + " are not valid " +
                          out.encoding.encoding +
                          (dec.truncated ? " (the last character is cut off, probably by the DBF field width)"
                                         : " at byte " + std::to_string(dec.bad_offset + 1)) +
                          "; kept \"" + kept + "\"" + (kept.empty() ? " (no value)" : ""),
                      IssueAction::kept);
        }
        if (next_curve < curve_notes.size() && curve_notes[next_curve].first == n) {
            add_issue(rf.fid, fid_text, "curve_geometry", "",
                      "curved " + curve_notes[next_curve].second + " approximated by straight segments", IssueAction::note);
            ++next_curve;
        }
        if (next_gdal < gdal_notes.size() && gdal_notes[next_gdal].first == n) {
            add_issue(rf.fid, fid_text, "read_warning", "", "GDAL: " + gdal_notes[next_gdal].second, IssueAction::note);
            ++next_gdal;
        }
    }

    if (check_declared) {
        const auto d = declared_check.decide();
        const bool single_byte = out.encoding.encoding.rfind("CP", 0) == 0 && out.encoding.encoding != "CP932" &&
                                 out.encoding.encoding != "CP949" && out.encoding.encoding != "CP950";
        if (!d.uncertain && d.encoding != "ASCII" && d.encoding != out.encoding.encoding &&
            (bad_values > 0 || single_byte || out.encoding.encoding == "ISO-8859-1"))
            add_issue(-1, "", "encoding", "",
                      display + ": text was read as " + out.encoding.encoding + " (decided by " + out.encoding.decided_by +
                          ")" + (bad_values > 0 ? ", and " + std::to_string(bad_values) + " values did not decode," : "") +
                          " but its bytes look like " + d.encoding + "; if the text looks wrong, set encoding = \"" +
                          d.encoding + "\" under [layers." + spec.name + "] in the project file",
                      IssueAction::note);
    }

    // Sources come in FID order almost always: sort only when they do not.
    const auto by_fid = [](const RawFeature& a, const RawFeature& b) { return a.fid < b.fid; };
    if (!std::is_sorted(out.features.begin(), out.features.end(), by_fid))
        std::stable_sort(out.features.begin(), out.features.end(), by_fid);
    return out;
}

} // namespace tl::io
