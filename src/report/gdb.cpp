#include "report/gdb.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <cpl_conv.h>

#include "core/errors.hpp"
#include "report/labels.hpp"

namespace tl::report {

namespace {

// The coded-value domain of `name` (Column::domain), its descriptions in `lang`.
// The words are those the CSV shows (report/labels.hpp), so a feature's described value in
// ArcGIS reads as the CSV's cell.
std::unique_ptr<OGRFieldDomain> make_domain(const std::string& name, Lang lang) {
    std::vector<std::string> codes = domain_codes(name), names;
    if (codes.empty()) return nullptr;
    for (const auto& code : codes) {
        std::string words = value_label(name, code, lang);
        names.push_back(words);
    }
    std::vector<OGRCodedValue> values(codes.size() + 1);
    for (std::size_t k = 0; k < codes.size(); ++k) {
        values[k].pszCode = CPLStrdup(codes[k].c_str());
        values[k].pszValue = CPLStrdup(names[k].c_str());
    }
    values.back().pszCode = nullptr;   // the list ends with a null code
    values.back().pszValue = nullptr;
    // The C++ constructor takes the vector and owns its strings (CPLFree): hence CPLStrdup.
    return std::make_unique<OGRCodedFieldDomain>(
        name, domain_title(name, lang), OFTString, OFSTNone, std::move(values));
}

// The feature-class geometry type of a table: from its geometries' GEOS types.
OGRwkbGeometryType geometry_type_of(geom::GeosContext& c, const Table& t) {
    bool polygonal = false, lineal = false, puntal = false, multi_point = false;
    for (const GEOSGeometry* g : t.geoms) {
        if (!g) continue;
        switch (GEOSGeomTypeId_r(c.get(), g)) {
            case GEOS_POINT: puntal = true; break;
            case GEOS_MULTIPOINT: puntal = multi_point = true; break;
            case GEOS_LINESTRING:
            case GEOS_LINEARRING:
            case GEOS_MULTILINESTRING: lineal = true; break;
            default: polygonal = true; break;   // polygons, multipolygons, collections of them
        }
    }
    if (polygonal) return wkbMultiPolygon;
    if (lineal) return wkbMultiLineString;
    if (puntal) return multi_point ? wkbMultiPoint : wkbPoint;
    return wkbNone;
}

OGRGeometry* to_ogr(geom::GeosContext& c, const GEOSGeometry* g, OGRwkbGeometryType type) {
    const std::string wkb = geom::to_wkb(c, g);
    OGRGeometry* out = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &out, wkb.size()) != OGRERR_NONE || !out) return nullptr;
    switch (type) {
        case wkbMultiPolygon: return OGRGeometryFactory::forceToMultiPolygon(out);
        case wkbMultiLineString: return OGRGeometryFactory::forceToMultiLineString(out);
        case wkbMultiPoint: return OGRGeometryFactory::forceToMultiPoint(out);
        default: return out;
    }
}

} // namespace

void write_gdb(const std::vector<GdbLayer>& layers, const geom::CrsInfo& working, const std::filesystem::path& dir,
               Lang lang) {
    const std::string where = dir.string();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("OpenFileGDB");
    if (!drv || !drv->GetMetadataItem(GDAL_DCAP_CREATE))
        throw IoError(where, "this GDAL cannot write File Geodatabases (OpenFileGDB needs GDAL 3.6 or later); leave gdb out of --formats");
    // Same tables, same bytes: GDAL otherwise gives every layer a random UUID (this thread only).
    CPLConfigOptionSetter reproducible("OPENFILEGDB_REPRODUCIBLE_UUID", "YES", true);
    GDALDatasetUniquePtr ds(drv->Create(where.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw IoError(where, std::string("cannot create the File Geodatabase: ") + CPLGetLastErrorMsg());

    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool has_srs = !working.wkt.empty() && srs.importFromWkt(working.wkt.c_str()) == OGRERR_NONE;

    std::set<std::string> domains_added;
    geom::GeosContext ctx;
    for (const GdbLayer& spec : layers) {
        const Table& t = *spec.table;
        const std::string name = spec.name.empty() ? t.name : spec.name;
        for (const auto& col : t.columns) {
            if (col.domain.empty() || domains_added.count(col.domain)) continue;
            auto domain = make_domain(col.domain, lang);
            if (!domain) continue;
            std::string failure;
            if (!ds->AddFieldDomain(std::move(domain), failure))
                throw IoError(where, "cannot add the field domain '" + col.domain + "': " + failure);
            domains_added.insert(col.domain);
        }
        const OGRwkbGeometryType type = geometry_type_of(ctx, t);
        CPLStringList options;
        if (!spec.alias.empty()) options.SetNameValue("LAYER_ALIAS", spec.alias.c_str());
        OGRLayer* layer = ds->CreateLayer(name.c_str(), type != wkbNone && has_srs ? &srs : nullptr, type, options.List());
        if (!layer) throw IoError(where, "cannot create layer '" + name + "': " + CPLGetLastErrorMsg());
        for (const auto& col : t.columns) {
            OGRFieldType ft = OFTString;
            if (col.kind == ColumnKind::integer) ft = OFTInteger64;
            else if (col.kind != ColumnKind::text && col.kind != ColumnKind::date) ft = OFTReal;
            if (ft == OFTInteger64) ft = OFTInteger;   // File Geodatabases before ArcGIS Pro 3.2 have no 64-bit integers
            OGRFieldDefn def(col.key.c_str(), ft);
            def.SetAlternativeName(header(col, lang).c_str());
            if (!col.domain.empty() && domains_added.count(col.domain)) def.SetDomainName(col.domain);
            if (layer->CreateField(&def) != OGRERR_NONE)
                throw IoError(where, "cannot create field '" + col.key + "' in layer '" + name + "': " + CPLGetLastErrorMsg());
        }
        const OGRFeatureDefn* defn = layer->GetLayerDefn();
        if (defn->GetFieldCount() != static_cast<int>(t.columns.size()))
            throw IoError(where, "layer '" + name + "': the driver renamed or dropped fields");
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
                    const auto n = std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v)
                                                                           : static_cast<std::int64_t>(std::llround(std::get<double>(v)));
                    f->SetField(fi, static_cast<GIntBig>(n));
                    continue;
                }
                // Rounded as the CSV is, so the geodatabase and the lists agree.
                const std::string text = format_cell(col, v);
                if (text.empty()) f->SetFieldNull(fi);
                else if (col.kind == ColumnKind::text || col.kind == ColumnKind::date) f->SetField(fi, text.c_str());
                else f->SetField(fi, std::stod(text));
            }
            if (type != wkbNone && r < t.geoms.size() && t.geoms[r]) {
                OGRGeometry* g = to_ogr(ctx, t.geoms[r], type);
                if (!g) throw IoError(where, fmt::format("layer '{}', row {}: the geometry cannot be converted", name, r + 1));
                if (has_srs) g->assignSpatialReference(layer->GetSpatialRef());
                f->SetGeometryDirectly(g);
            }
            if (layer->CreateFeature(f.get()) != OGRERR_NONE)
                throw IoError(where, fmt::format("layer '{}': cannot write row {}: {}", name, r + 1, CPLGetLastErrorMsg()));
        }
    }
    CPLErrorReset();
    ds.reset();   // closing writes the indexes and the system tables
    if (CPLGetLastErrorType() >= CE_Failure)
        throw IoError(where, std::string("cannot finish the File Geodatabase: ") + CPLGetLastErrorMsg());
}

} // namespace tl::report
