// Layer writers for the generator: one GDAL dataset per layer (parcels.shp, parcels.gpkg, ...),
// features streamed to disk as they are made so that the province run never holds the county
// in memory.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace tlgen {

enum class FieldKind { text, integer, real };

struct FieldSpec {
    std::string name;
    FieldKind kind = FieldKind::text;
    int width = 0;       // DBF width: bytes for text (after encoding), digits for numbers
    int precision = 0;   // decimals for real
}; // struct FieldSpec

// null | text (UTF-8) | integer | real
using Value = std::variant<std::monostate, std::string, long long, double>;

enum class DbfEncoding { utf8, gbk };

struct WriterOptions {
    std::string out_dir;
    bool gpkg = false;
}; // struct WriterOptions

class LayerWriter {
public:
    LayerWriter(const WriterOptions& opts, const std::string& layer_name, bool has_geometry,
                std::vector<FieldSpec> fields, DbfEncoding encoding);
    ~LayerWriter();
    LayerWriter(const LayerWriter&) = delete;
    LayerWriter& operator=(const LayerWriter&) = delete;

    // Writes one feature; geometry may be null (a shapefile null shape). Returns its OGR FID
    // (0-based record number for shapefiles).
    std::int64_t write(const std::vector<Value>& values, std::unique_ptr<OGRGeometry> geometry);
    std::int64_t count() const { return count_; }
    // Flushes and closes the dataset; afterwards only the file paths remain valid.
    void close();
    std::string path(const std::string& ext) const;   // e.g. path(".dbf")
    const std::vector<FieldSpec>& fields() const { return fields_; }

private:
    WriterOptions opts_;
    std::string name_;
    std::vector<FieldSpec> fields_;
    GDALDatasetUniquePtr ds_;
    OGRLayer* layer_ = nullptr;
    OGRFeatureDefn* defn_ = nullptr;
    std::int64_t count_ = 0;
    bool in_transaction_ = false;
}; // class LayerWriter

// DBF post-processing (shapefiles only).
void patch_dbf_ldid(const std::string& dbf_path, unsigned char ldid);
// Overwrites the raw bytes of one text field of record `fid` (space padded to the field width).
void patch_dbf_field_bytes(const std::string& dbf_path, std::int64_t fid, const std::string& field,
                           const std::string& raw_bytes);
// UTF-8 -> CP936 (GBK) bytes.
std::string to_gbk(const std::string& utf8);

} // namespace tlgen
