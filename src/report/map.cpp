#include "report/map.hpp"

#include <map>
#include <optional>
#include <set>

#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "report/geojson_writer.hpp"
#include "report/labels.hpp"
#include "report/wgs84.hpp"

namespace tl::report {

namespace {

std::string cell_text(const Table& t, std::size_t row, const std::string& key) {
    const int i = column_index(t, key);
    if (i < 0 || row >= t.rows.size() || static_cast<std::size_t>(i) >= t.rows[row].size()) return {};
    return format_cell(t.columns[static_cast<std::size_t>(i)], t.rows[row][static_cast<std::size_t>(i)]);
}

// The row's key: the category's key column, else the first of the usual id columns.
std::string row_key(const Table& t, std::size_t row, const CategoryStyle& st) {
    for (const std::string& k : {st.key, std::string("id"), std::string("parcel_id"), std::string("batch_id")}) {
        if (k.empty()) continue;
        const std::string v = cell_text(t, row, k);
        if (!v.empty()) return v;
    }
    return {};
}

// The first non-empty of `keys`, a coded value (Column::domain) in `lang`'s words.
std::string first_of(const Table& t, std::size_t row, std::initializer_list<const char*> keys, Lang lang = Lang::zh) {
    for (const char* k : keys) {
        std::string v = cell_text(t, row, k);
        if (v.empty()) continue;
        const int i = column_index(t, k);
        const std::string& domain = t.columns[static_cast<std::size_t>(i)].domain;
        return domain.empty() ? v : value_label(domain, v, lang);
    }
    return {};
}

void set_geometry(OGRFeature& f, const GEOSGeometry* geom, const Wgs84Geometries& wgs84, const std::filesystem::path& file) {
    std::unique_ptr<OGRGeometry> g = wgs84.make(geom);
    if (!g) throw IoError(file.string(), "cannot convert a geometry for GeoJSON");
    // Without a spatial reference: GDAL's writer (transformWithOptions, WRAPDATELINE=YES, no
    // transformation) then skips its per-feature CRS checks, which cost more than the writing
    // of the coordinates; the dateline handling it applies is the one wgs84.cpp applied already.
    f.SetGeometryDirectly(g.release());
}

} // namespace

FeatureText feature_text(const Table& t, std::size_t row, const CategoryStyle& st, Lang lang) {
    FeatureText out;
    const std::string key = row_key(t, row, st);
    out.title = st.label(lang) + (key.empty() ? "" : " " + key);
    std::vector<std::string> parts;
    const std::string township = cell_text(t, row, "township");
    if (!township.empty()) parts.push_back(township);
    const std::string mu = first_of(t, row, {"area_mu", "outside_mu", "cumulative_mu"});
    if (!mu.empty()) parts.push_back(mu + (lang == Lang::zh ? " 亩" : " mu"));
    const std::string rule = first_of(t, row, {"failed_rules", "rule_id", "rule"});
    const std::string rule_name = first_of(t, row, {"rule_names", "rule_name"});
    if (!rule.empty()) parts.push_back(rule + (rule_name.empty() || rule_name == rule ? "" : " " + rule_name));
    const std::string what = first_of(t, row, {"reason", lang == Lang::zh ? "reason_zh" : "reason_en", "age_bucket", "status", "kind"}, lang);
    if (!what.empty()) parts.push_back(what);
    const std::string clause = cell_text(t, row, "clause");
    if (!clause.empty()) parts.push_back(clause);
    for (std::size_t i = 0; i < parts.size(); ++i) out.description += (i ? " · " : "") + parts[i];
    return out;
}

namespace {

// map.geojson's features, handed to a sink: tenglong's writer (MapWriterSink) or GDAL's driver
// (MapGdalSink, the tests' reference). A property not set is left out.
struct MapSink {
    virtual ~MapSink() = default;
    virtual void begin() = 0;
    virtual void text(const char* key, const std::string& v) = 0;
    virtual void number_text(const char* key, const std::string& v) = 0;   // a real as the CSV prints it
    virtual void real(const char* key, double v) = 0;
    virtual void integer(const char* key, std::int64_t v) = 0;
    virtual void geometry(const GEOSGeometry* g) = 0;
    virtual void end() = 0;
}; // struct MapSink

class MapWriterSink : public MapSink {
public:
    MapWriterSink(const std::filesystem::path& file, const Wgs84Geometries& wgs84) : w(file, wgs84) {}
    void begin() override { w.begin_feature(); }
    void text(const char* key, const std::string& v) override { w.prop_string(key, v); }
    void number_text(const char* key, const std::string& v) override { w.prop_number_text(key, v, true); }
    void real(const char* key, double v) override { w.prop_real(key, v); }
    void integer(const char* key, std::int64_t v) override { w.prop_integer(key, v); }
    void geometry(const GEOSGeometry* g) override { w.geometry(g); }
    void end() override { w.end_feature(); }
    void finish() { w.finish(); }

private:
    GeoJsonWriter w;
}; // class MapWriterSink

class MapGdalSink : public MapSink {
public:
    MapGdalSink(const std::filesystem::path& file, const Wgs84Geometries& wgs84) : file(file), wgs84(wgs84), g(create_geojson("map", wgs84, file)) {
        struct F { const char* name; OGRFieldType type; };
        const F fields[] = {
            {"category", OFTString}, {"category_name", OFTString}, {"id", OFTString},     {"township", OFTString},
            {"area_m2", OFTReal},    {"area_mu", OFTReal},         {"rules", OFTString},  {"rows", OFTInteger},
            {"title", OFTString},    {"description", OFTString},   {"fill", OFTString},   {"fill-opacity", OFTReal},
            {"stroke", OFTString},   {"stroke-width", OFTReal},
        };
        for (const auto& fd : fields) {
            OGRFieldDefn def(fd.name, fd.type);
            if (g.layer->CreateField(&def) != OGRERR_NONE) throw IoError(file.string(), std::string("cannot create field ") + fd.name);
        }
    }
    void begin() override { f.reset(OGRFeature::CreateFeature(g.layer->GetLayerDefn())); }
    void text(const char* key, const std::string& v) override { f->SetField(key, v.c_str()); }
    void number_text(const char* key, const std::string& v) override { f->SetField(key, std::stod(v)); }
    void real(const char* key, double v) override { f->SetField(key, v); }
    void integer(const char* key, std::int64_t v) override { f->SetField(key, static_cast<int>(v)); }
    void geometry(const GEOSGeometry* geom) override { set_geometry(*f, geom, wgs84, file); }
    void end() override {
        if (g.layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw IoError(file.string(), std::string("cannot write feature: ") + CPLGetLastErrorMsg());
        }
    }
    void finish() {
        CPLErrorReset();
        g.ds.reset();
        if (CPLGetLastErrorType() >= CE_Failure) {
            throw IoError(file.string(), std::string("cannot finish GeoJSON: ") + CPLGetLastErrorMsg());
        }
    }

private:
    std::filesystem::path file;
    const Wgs84Geometries& wgs84;
    GeoJsonFile g;
    OGRFeatureUniquePtr f;
}; // class MapGdalSink

void map_features(MapSink& out, const std::vector<const Table*>& tables, const geom::Layer* townships, Lang lang) {
    auto put_style = [&](const CategoryStyle& st) {
        out.text("fill", st.fill);
        out.real("fill-opacity", st.fill_opacity);
        out.text("stroke", st.stroke);
        out.real("stroke-width", st.stroke_width);
    };
    if (townships) {
        const CategoryStyle& st = category_style("township");
        for (std::size_t i = 0; i < townships->features.size(); ++i) {
            const auto& tf = townships->features[i];
            if (!tf.geom) continue;
            const std::string name = townships->text(i, "name").value_or(tf.id);
            out.begin();
            out.text("category", st.id);
            out.text("category_name", st.label(lang));
            out.text("id", tf.id);
            out.text("township", name);
            out.text("title", name);
            out.text("description", st.label(lang));
            put_style(st);
            out.geometry(tf.geom.get());
            out.end();
        }
    }

    // Categories in legend order; within one, rows in table order, merged by geometry.
    for (const auto& st : category_styles()) {
        for (const Table* t : tables) {
            if (!t || t->name != st.id || t->geoms.empty()) continue;
            std::vector<const GEOSGeometry*> order;
            std::map<const GEOSGeometry*, std::vector<std::size_t>> rows_of;
            for (std::size_t r = 0; r < t->rows.size() && r < t->geoms.size(); ++r) {
                const GEOSGeometry* geom = t->geoms[r];
                if (!geom) continue;
                auto& v = rows_of[geom];
                if (v.empty()) order.push_back(geom);
                v.push_back(r);
            }
            for (const GEOSGeometry* geom : order) {
                const auto& rows = rows_of[geom];
                const std::size_t r0 = rows.front();
                out.begin();
                out.text("category", st.id);
                out.text("category_name", st.label(lang));
                out.text("id", row_key(*t, r0, st));
                const std::string township = cell_text(*t, r0, "township");
                if (!township.empty()) out.text("township", township);
                const std::string m2 = first_of(*t, r0, {"area_m2", "outside_m2"});
                const std::string mu = first_of(*t, r0, {"area_mu", "outside_mu"});
                if (!m2.empty()) out.number_text("area_m2", m2);
                if (!mu.empty()) out.number_text("area_mu", mu);
                std::vector<std::string> rules;
                std::set<std::string> seen;
                for (std::size_t r : rows) {
                    // one rule a row, or a parcel's failed rules joined (低效: "R04.far;R06.coverage")
                    const std::string cell = first_of(*t, r, {"failed_rules", "rule_id", "rule"});
                    std::size_t from = 0;
                    while (from < cell.size()) {
                        const std::size_t semi = std::min(cell.find(';', from), cell.size());
                        const std::string rule = cell.substr(from, semi - from);
                        if (!rule.empty() && seen.insert(rule).second) rules.push_back(rule);
                        from = semi + 1;
                    }
                }
                std::string joined;
                for (std::size_t i = 0; i < rules.size(); ++i) joined += (i ? ";" : "") + rules[i];
                out.text("rules", joined);
                out.integer("rows", static_cast<std::int64_t>(rows.size()));
                FeatureText text = feature_text(*t, r0, st, lang);
                if (rules.size() > 1 && text.description.find(joined) == std::string::npos) text.description += " (" + joined + ")";
                out.text("title", text.title);
                out.text("description", text.description);
                put_style(st);
                out.geometry(geom);
                out.end();
            }
        }
    }
}

} // namespace

void write_map_geojson(geom::GeosContext& c, const std::vector<const Table*>& tables, const geom::Layer* townships,
                       const geom::CrsInfo& working, Lang lang, const std::filesystem::path& file,
                       const Wgs84Geometries* wgs84) {
    // Geometries already in WGS 84 (report/wgs84.hpp): the run's shared copies, else these.
    std::optional<Wgs84Geometries> own;
    if (!wgs84) {
        own.emplace(working);
        if (townships)
            for (const auto& f : townships->features) own->add(c, {f.geom.get()}, 1);
        for (const Table* t : tables)
            if (t) own->add(c, t->geoms, 1);
        wgs84 = &*own;
    }
    if (use_gdal_geojson_writer()) {
        MapGdalSink sink(file, *wgs84);
        map_features(sink, tables, townships, lang);
        sink.finish();
        return;
    }
    if (!wgs84->valid()) throw IoError(file.string(), "working CRS cannot be read back as WKT");
    MapWriterSink sink(file, *wgs84);
    map_features(sink, tables, townships, lang);
    sink.finish();
}

} // namespace tl::report
