// tenglong-gen: writes a synthetic Zhejiang county (演示县) with a fixed seed, reproducibly.
//
//   tenglong-gen demo|county|province OUT_DIR [--seed N] [--format shp|gpkg] [-q]
//
// The same seed gives byte-identical files. Next to OUT_DIR it writes OUT_DIR-defects.json (the
// deliberate data defects, by layer and FID) and OUT_DIR-scenarios.json (the cases the analyses
// should find: idle and stalled supplies, overlapping red lines, leftover parcels, ...).
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "county.hpp"

namespace {

int usage(const char* msg) {
    if (msg) std::cerr << "tenglong-gen: " << msg << "\n";
    std::cerr << "usage: tenglong-gen demo|county|province OUT_DIR [--seed N] [--format shp|gpkg] [-q]\n"
                 "  demo      演示县, ~3 200 parcels in 6 townships (committed as shapefiles/demo)\n"
                 "  county    ~200 000 parcels, 30 townships\n"
                 "  province  ~2 000 000 parcels, 300 townships (GeoPackage by default)\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage(argc == 2 && std::string(argv[1]) == "--help" ? nullptr : "missing arguments");
    try {
        tlgen::GenConfig cfg = tlgen::config_for(argv[1]);
        cfg.out_dir = argv[2];
        for (int i = 3; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--seed" && i + 1 < argc) cfg.seed = std::strtoull(argv[++i], nullptr, 10);
            else if (a == "--format" && i + 1 < argc) {
                const std::string f = argv[++i];
                if (f != "shp" && f != "gpkg") return usage("--format must be shp or gpkg");
                cfg.gpkg = f == "gpkg";
            } else if (a == "-q") cfg.verbose = false;
            else return usage(("unknown option " + a).c_str());
        }
        return tlgen::generate(cfg);
    } catch (const std::invalid_argument& e) {
        return usage(e.what());
    } catch (const std::exception& e) {
        std::cerr << "tenglong-gen: " << e.what() << "\n";
        return 1;
    }
}
