#include "writer.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_spatialref.h>

namespace tlgen {

namespace {

constexpr std::int64_t kRowsPerTransaction = 100000;  // GPKG: one SQLite transaction per 100k rows

OGRFieldType ogr_type(FieldKind k) {
    switch (k) {
    case FieldKind::integer: return OFTInteger;
    case FieldKind::real: return OFTReal;
    case FieldKind::text: break;
    }
    return OFTString;
}

} // namespace

LayerWriter::LayerWriter(const WriterOptions& opts, const std::string& layer_name, bool has_geometry,
                         std::vector<FieldSpec> fields, DbfEncoding encoding)
    : opts_(opts), name_(layer_name), fields_(std::move(fields)) {
    const char* driver_name = opts.gpkg ? "GPKG" : "ESRI Shapefile";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) throw std::runtime_error(std::string("GDAL driver missing: ") + driver_name);
    if (opts.gpkg) {
        // Bulk load: no fsync per transaction, and a page cache large enough that the R-tree
        // built when the layer closes does not thrash.
        CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
        CPLSetConfigOption("OGR_SQLITE_CACHE", "256");
    }
    const std::string file = path(opts.gpkg ? ".gpkg" : ".shp");
    VSIUnlink(file.c_str());
    ds_.reset(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds_) throw std::runtime_error("cannot create " + file + ": " + CPLGetLastErrorMsg());

    OGRSpatialReference srs;
    srs.importFromEPSG(4549);  // CGCS2000 / 3-degree Gauss-Kruger CM 120E
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    CPLStringList lco;
    if (!opts.gpkg) {
        // A fixed DBF "last update" date: GDAL would otherwise stamp today's date into byte 1..3
        // of every .dbf and the same seed would no longer give the same bytes.
        lco.SetNameValue("DBF_DATE_LAST_UPDATE", "2024-01-01");
        lco.SetNameValue("ENCODING", encoding == DbfEncoding::gbk ? "CP936" : "UTF-8");
        lco.SetNameValue("SPATIAL_INDEX", "NO");
    } else {
        lco.SetNameValue("FID", "fid");
        lco.SetNameValue("GEOMETRY_NAME", "geom");
    }
    layer_ = ds_->CreateLayer(layer_name.c_str(), has_geometry ? &srs : nullptr,
                              // GeoPackage: a generic geometry column holds Polygon and MultiPolygon rows as
                              // they are (the shapefile polygon type holds both by definition).
                              has_geometry ? (opts.gpkg ? wkbUnknown : wkbPolygon) : wkbNone, lco.List());
    if (!layer_) throw std::runtime_error("cannot create layer " + layer_name + ": " + CPLGetLastErrorMsg());
    for (const auto& f : fields_) {
        OGRFieldDefn fd(f.name.c_str(), ogr_type(f.kind));
        if (f.width > 0) fd.SetWidth(f.width);
        if (f.kind == FieldKind::real) fd.SetPrecision(f.precision);
        if (layer_->CreateField(&fd) != OGRERR_NONE)
            throw std::runtime_error("cannot create field " + f.name + " in " + layer_name);
    }
    defn_ = layer_->GetLayerDefn();
}

LayerWriter::~LayerWriter() {
    try { close(); } catch (...) {}
}

std::string LayerWriter::path(const std::string& ext) const {
    return opts_.out_dir + "/" + name_ + ext;
}

std::int64_t LayerWriter::write(const std::vector<Value>& values, std::unique_ptr<OGRGeometry> geometry) {
    if (opts_.gpkg && !in_transaction_) {
        ds_->StartTransaction();
        in_transaction_ = true;
    }
    OGRFeatureUniquePtr feat(OGRFeature::CreateFeature(defn_));
    for (std::size_t i = 0; i < values.size() && i < fields_.size(); ++i) {
        const int idx = static_cast<int>(i);
        const Value& v = values[i];
        if (std::holds_alternative<std::monostate>(v)) feat->SetFieldNull(idx);
        else if (auto s = std::get_if<std::string>(&v)) {
            if (s->empty()) feat->SetFieldNull(idx);
            else feat->SetField(idx, s->c_str());
        } else if (auto n = std::get_if<long long>(&v)) feat->SetField(idx, static_cast<GIntBig>(*n));
        else feat->SetField(idx, std::get<double>(v));
    }
    if (geometry) feat->SetGeometryDirectly(geometry.release());
    if (opts_.gpkg) feat->SetFID(count_ + 1);  // GPKG FIDs start at 1; shapefile record numbers at 0
    if (layer_->CreateFeature(feat.get()) != OGRERR_NONE)
        throw std::runtime_error("cannot write feature to " + name_ + ": " + CPLGetLastErrorMsg());
    const std::int64_t fid = opts_.gpkg ? count_ + 1 : count_;
    ++count_;
    if (opts_.gpkg && count_ % kRowsPerTransaction == 0) {
        ds_->CommitTransaction();
        in_transaction_ = false;
    }
    return fid;
}

void LayerWriter::close() {
    if (!ds_) return;
    if (in_transaction_) { ds_->CommitTransaction(); in_transaction_ = false; }
    layer_ = nullptr;
    ds_.reset();
}

std::string to_gbk(const std::string& utf8) {
    char* out = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
    std::string s(out);
    CPLFree(out);
    return s;
}

namespace {

struct DbfHeader {
    unsigned header_len = 0, record_len = 0;
    struct Field { std::string name; unsigned offset, width; };
    std::vector<Field> fields;
}; // struct DbfHeader

DbfHeader read_dbf_header(std::FILE* f) {
    unsigned char h[32];
    if (std::fread(h, 1, 32, f) != 32) throw std::runtime_error("short DBF header");
    DbfHeader d;
    d.header_len = h[8] | (h[9] << 8);
    d.record_len = h[10] | (h[11] << 8);
    unsigned offset = 1;  // byte 0 of a record is the deletion flag
    for (unsigned pos = 32; pos + 32 <= d.header_len; pos += 32) {
        unsigned char fd[32];
        if (std::fread(fd, 1, 32, f) != 32 || fd[0] == 0x0D) break;
        char name[12] = {};
        std::memcpy(name, fd, 11);
        d.fields.push_back({name, offset, fd[16]});
        offset += fd[16];
    }
    return d;
}

} // namespace

void patch_dbf_ldid(const std::string& dbf_path, unsigned char ldid) {
    std::FILE* f = std::fopen(dbf_path.c_str(), "r+b");
    if (!f) throw std::runtime_error("cannot open " + dbf_path);
    std::fseek(f, 29, SEEK_SET);  // language driver id byte of the dBASE header
    std::fputc(ldid, f);
    std::fclose(f);
}

void patch_dbf_field_bytes(const std::string& dbf_path, std::int64_t fid, const std::string& field,
                           const std::string& raw_bytes) {
    std::FILE* f = std::fopen(dbf_path.c_str(), "r+b");
    if (!f) throw std::runtime_error("cannot open " + dbf_path);
    const DbfHeader d = read_dbf_header(f);
    for (const auto& fd : d.fields) {
        if (fd.name != field) continue;
        std::string bytes = raw_bytes.substr(0, fd.width);
        bytes.resize(fd.width, ' ');
        std::fseek(f, static_cast<long>(d.header_len + fid * d.record_len + fd.offset), SEEK_SET);
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        return;
    }
    std::fclose(f);
    throw std::runtime_error("no field " + field + " in " + dbf_path);
}

} // namespace tlgen
