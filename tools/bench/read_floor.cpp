// tenglong-readfloor: the benchmark's floor (scripts/bench.sh). Reads every feature of every
// vector layer in a folder through OGR the plainest way a reader can: each field's value as text,
// each geometry exported to WKB. Nothing is checked, repaired, indexed or written. No analysis
// can be faster than reading its input, so `tenglong analyze` is timed against this.
//
//   tenglong-readfloor DIR      prints one line per layer (features, WKB bytes) and a total
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogrsf_frmts.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: tenglong-readfloor DIR\n");
        return 2;
    }
    GDALAllRegister();
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
        const auto ext = e.path().extension().string();
        if (ext == ".shp" || ext == ".gpkg" || ext == ".csv" || ext == ".xlsx" || ext == ".geojson") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    unsigned long long total_features = 0, total_bytes = 0;
    std::vector<unsigned char> wkb;
    for (const auto& f : files) {
        GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(f.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!ds) {
            std::fprintf(stderr, "tenglong-readfloor: cannot open %s\n", f.c_str());
            return 1;
        }
        for (OGRLayer* layer : ds->GetLayers()) {
            unsigned long long n = 0, bytes = 0;
            layer->ResetReading();
            for (auto& feat : *layer) {
                ++n;
                for (int k = 0; k < feat->GetFieldCount(); ++k) {
                    const char* s = feat->GetFieldAsString(k);
                    bytes += s ? std::char_traits<char>::length(s) : 0;
                }
                if (const OGRGeometry* g = feat->GetGeometryRef()) {
                    wkb.resize(g->WkbSize());
                    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
                    bytes += wkb.size();
                }
            }
            std::printf("%s\t%s\t%llu features\t%llu bytes\n", f.filename().c_str(), layer->GetName(), n, bytes);
            total_features += n;
            total_bytes += bytes;
        }
        GDALClose(ds);
    }
    std::printf("total\t%llu features\t%llu bytes\n", total_features, total_bytes);
    return 0;
}
