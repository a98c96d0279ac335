// Small vector fixtures written with GDAL into a temporary directory at test time, so that a
// test states its input next to its expectation and no binary fixture drifts in the repository.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace tl::test {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "tl-io-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const noexcept { return m_path; }
    fs::path operator/(const std::string& rel) const { return m_path / fs::u8path(rel); }

private:
    fs::path m_path;
}; // class TempDir

inline void write_bytes(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

inline std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Col {
    std::string name;
    OGRFieldType type = OFTString;
    int width = 0;
};

using Row = std::vector<std::optional<std::string>>;

// Writes one layer with GDAL. `wkts` empty: a table without geometry. `lco` are layer creation
// options ("ENCODING=UTF-8"); `append` adds a layer to an existing multi-layer dataset.
inline void write_layer(const std::string& driver, const fs::path& path, const std::string& layer,
                        const std::vector<Col>& cols, const std::vector<Row>& rows, const std::vector<std::string>& wkts,
                        const std::vector<std::string>& lco = {}, bool append = false, int epsg = 4549) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds;
    if (append) {
        ds.reset(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    } else {
        fs::create_directories(path.parent_path());
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
        if (!drv) throw std::runtime_error("no GDAL driver " + driver);
        ds.reset(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    if (!ds) throw std::runtime_error("cannot create " + path.string());
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    std::vector<const char*> opts;
    for (const auto& o : lco) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    OGRwkbGeometryType gtype = wkbNone;
    if (!wkts.empty()) {
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(wkts.front().c_str(), nullptr, &g);
        gtype = g ? g->getGeometryType() : wkbUnknown;
        OGRGeometryFactory::destroyGeometry(g);
    }
    OGRLayer* l = ds->CreateLayer(layer.c_str(), wkts.empty() ? nullptr : &srs, gtype,
                                  const_cast<char**>(opts.data()));
    if (!l) throw std::runtime_error("cannot create layer " + layer);
    for (const auto& c : cols) {
        OGRFieldDefn fd(c.name.c_str(), c.type);
        if (c.width) fd.SetWidth(c.width);
        if (l->CreateField(&fd) != OGRERR_NONE) throw std::runtime_error("cannot create field " + c.name);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
        for (std::size_t i = 0; i < cols.size() && i < rows[r].size(); ++i)
            if (rows[r][i]) f->SetField(static_cast<int>(i), rows[r][i]->c_str());
        if (r < wkts.size() && !wkts[r].empty()) {
            OGRGeometry* g = nullptr;
            OGRGeometryFactory::createFromWkt(wkts[r].c_str(), nullptr, &g);
            f->SetGeometryDirectly(g);
        }
        if (l->CreateFeature(f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write feature");
    }
}

// Overwrites the DBF language-driver byte (header offset 29).
inline void set_ldid(const fs::path& dbf, unsigned char ldid) {
    std::fstream f(dbf, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(29);
    f.put(static_cast<char>(ldid));
}

inline const char* square(int i = 0) {
    static const std::string w[] = {"POLYGON ((0 0,10 0,10 10,0 10,0 0))", "POLYGON ((10 0,20 0,20 10,10 10,10 0))",
                                    "POLYGON ((20 0,30 0,30 10,20 10,20 0))"};
    return w[i % 3].c_str();
}

} // namespace tl::test
