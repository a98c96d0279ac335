// tenglong-gen: writes a synthetic Zhejiang county (演示县) with a fixed seed, reproducibly.
//
//   tenglong-gen demo|county|province OUT_DIR [--seed N] [--format shp|gpkg] [-q]
//   tenglong-gen region OUT_DIR [--counties N] [--parcels P] [--seed N] [--format shp|gpkg] [-q]
//
// region: N counties (DEFAULT 10) of about P parcels each (DEFAULT 3200, the demo's size), each
// generated like the demo with its own seed (seed + k), name (区域01县, ...) and code, into
// OUT_DIR/<name>/, and OUT_DIR/region.toml listing them (as_of 2023-12-31): the input of
// `tenglong analyze region.toml` and of scripts/bench.sh --region.
//
// The same seed gives byte-identical files. Next to OUT_DIR it writes OUT_DIR-defects.json (the
// deliberate data defects, by layer and FID) and OUT_DIR-scenarios.json (the cases the analyses
// should find: idle and stalled supplies, overlapping red lines, leftover parcels, ...).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "county.hpp"

namespace {

int usage(const char* msg) {
    if (msg) std::cerr << "tenglong-gen: " << msg << "\n";
    std::cerr << "usage: tenglong-gen demo|county|province OUT_DIR [--seed N] [--format shp|gpkg] [-q]\n"
                 "       tenglong-gen region OUT_DIR [--counties N] [--parcels P] [--seed N] [--format shp|gpkg] [-q]\n"
                 "  demo      演示县, ~3 200 parcels in 6 townships (committed as shapefiles/demo)\n"
                 "  county    ~200 000 parcels, 30 townships\n"
                 "  province  ~2 000 000 parcels, 300 townships (GeoPackage by default)\n"
                 "  region    N counties (default 10) of ~P parcels (default 3 200) and region.toml\n";
    return 2;
}

std::string two_digits(int k) { return (k < 10 ? "0" : "") + std::to_string(k); }

int generate_region(const std::string& out, int counties, long long parcels, std::uint64_t seed, bool gpkg, bool verbose) {
    if (counties < 1 || counties > 99) return usage("--counties must be 1..99");
    if (parcels < 100) return usage("--parcels must be at least 100");
    std::filesystem::create_directories(out);
    std::string toml = "# tenglong-gen region: " + std::to_string(counties) + " generated counties\n"
                       "name    = \"生成区域\"\nlevel   = \"city\"\nas_of   = \"2023-12-31\"\n";
    // The counties side by side on a grid, each cell about a county's size (the demo's 10 x 6.6 km
    // at 3 200 parcels, growing with the square root of the parcels).
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(counties))));
    const int rows = (counties + cols - 1) / cols;
    const double grow = std::sqrt(static_cast<double>(parcels) / 3200.0);
    const double dx = std::round(12000 * grow), dy = std::round(8000 * grow);
    for (int k = 1; k <= counties; ++k) {
        tlgen::GenConfig cfg = tlgen::config_for("demo");
        const int col = (k - 1) % cols, row = (k - 1) / cols;
        cfg.centre_x = 500000 + std::round((col - (cols - 1) / 2.0) * dx);
        cfg.centre_y = 3300000 - std::round((row - (rows - 1) / 2.0) * dy);
        cfg.county_name = "区域" + two_digits(k) + "县";
        cfg.decisions = false;   // the demo's decisions name the demo's cases
        cfg.county_code = "3391" + two_digits(k);
        cfg.seed = seed + static_cast<std::uint64_t>(k);
        cfg.target_parcels = parcels;
        cfg.defect_scale = static_cast<int>(std::max<long long>(1, parcels / 3200));
        if (parcels > 20000) { cfg.townships_x = 6; cfg.townships_y = 5; cfg.lots_per_block_hint = 4.9; cfg.batch_density = 0.9; }
        cfg.gpkg = gpkg;
        cfg.verbose = verbose;
        cfg.out_dir = out + "/" + cfg.county_name;
        if (const int rc = tlgen::generate(cfg)) return rc;
        toml += "\n[[counties]]\nname = \"" + cfg.county_name + "\"\ndata = \"" + cfg.county_name + "\"\n";
    }
    std::ofstream f(out + "/region.toml", std::ios::binary);
    f << toml;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + out + "/region.toml");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage(argc == 2 && std::string(argv[1]) == "--help" ? nullptr : "missing arguments");
    try {
        if (std::string(argv[1]) == "region") {
            int counties = 10;
            long long parcels = 3200;
            std::uint64_t seed = 20231231;
            bool gpkg = false, verbose = true;
            for (int i = 3; i < argc; ++i) {
                const std::string a = argv[i];
                if (a == "--counties" && i + 1 < argc) counties = std::atoi(argv[++i]);
                else if (a == "--parcels" && i + 1 < argc) parcels = std::atoll(argv[++i]);
                else if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
                else if (a == "--format" && i + 1 < argc) {
                    const std::string f = argv[++i];
                    if (f != "shp" && f != "gpkg") return usage("--format must be shp or gpkg");
                    gpkg = f == "gpkg";
                } else if (a == "-q") verbose = false;
                else return usage(("unknown option " + a).c_str());
            }
            return generate_region(argv[2], counties, parcels, seed, gpkg, verbose);
        }
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
