#include "report/map.hpp"

#include <map>
#include <optional>
#include <set>

#include <ogrsf_frmts.h>

#include "core/errors.hpp"
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
    GeoJsonFile g = create_geojson("map", *wgs84, file);
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
    auto put_style = [](OGRFeature& f, const CategoryStyle& st) {
        f.SetField("fill", st.fill.c_str());
        f.SetField("fill-opacity", st.fill_opacity);
        f.SetField("stroke", st.stroke.c_str());
        f.SetField("stroke-width", st.stroke_width);
    };
    auto create = [&](OGRFeature& f) {
        if (g.layer->CreateFeature(&f) != OGRERR_NONE) {
            throw IoError(file.string(), std::string("cannot write feature: ") + CPLGetLastErrorMsg());
        }
    };

    if (townships) {
        const CategoryStyle& st = category_style("township");
        for (std::size_t i = 0; i < townships->features.size(); ++i) {
            const auto& tf = townships->features[i];
            if (!tf.geom) continue;
            OGRFeatureUniquePtr f{OGRFeature::CreateFeature(g.layer->GetLayerDefn())};
            const std::string name = townships->text(i, "name").value_or(tf.id);
            f->SetField("category", st.id.c_str());
            f->SetField("category_name", st.label(lang).c_str());
            f->SetField("id", tf.id.c_str());
            f->SetField("township", name.c_str());
            f->SetField("title", name.c_str());
            f->SetField("description", st.label(lang).c_str());
            put_style(*f, st);
            set_geometry(*f, tf.geom.get(), *wgs84, file);
            create(*f);
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
                OGRFeatureUniquePtr f{OGRFeature::CreateFeature(g.layer->GetLayerDefn())};
                f->SetField("category", st.id.c_str());
                f->SetField("category_name", st.label(lang).c_str());
                f->SetField("id", row_key(*t, r0, st).c_str());
                const std::string township = cell_text(*t, r0, "township");
                if (!township.empty()) f->SetField("township", township.c_str());
                const std::string m2 = first_of(*t, r0, {"area_m2", "outside_m2"});
                const std::string mu = first_of(*t, r0, {"area_mu", "outside_mu"});
                if (!m2.empty()) f->SetField("area_m2", std::stod(m2));
                if (!mu.empty()) f->SetField("area_mu", std::stod(mu));
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
                f->SetField("rules", joined.c_str());
                f->SetField("rows", static_cast<int>(rows.size()));
                FeatureText text = feature_text(*t, r0, st, lang);
                if (rules.size() > 1 && text.description.find(joined) == std::string::npos) text.description += " (" + joined + ")";
                f->SetField("title", text.title.c_str());
                f->SetField("description", text.description.c_str());
                put_style(*f, st);
                set_geometry(*f, geom, *wgs84, file);
                create(*f);
            }
        }
    }
    CPLErrorReset();
    g.ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw IoError(file.string(), std::string("cannot finish GeoJSON: ") + CPLGetLastErrorMsg());
    }
}

} // namespace tl::report
