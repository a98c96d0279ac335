// The synthetic county: street-block grid, townships, parks, approval batches, and the streaming
// writer of parcels, buildings, supplies and enterprises.
#pragma once
#include <cstdint>
#include <string>

namespace tlgen {

struct GenConfig {
    std::string mode;            // demo | county | province
    std::string out_dir;
    std::uint64_t seed = 20231231;
    bool gpkg = false;
    std::string county_name;     // 演示县
    std::string county_code;     // 6-digit GB/T 2260 style code (fictional)
    int townships_x = 3, townships_y = 2;
    long long target_parcels = 3200;
    double lots_per_block_hint = 5.5;  // calibration: parcels per occupied block (sizes the grid)
    double batch_density = 1.0;  // scales how often a block starts an approval batch
    int defect_scale = 1;        // how many times the demo's defect counts are planted
    bool verbose = true;
    bool decisions = false;      // demo: a small decisions.csv (闭环管理, issue 20) beside the data
    double centre_x = 500000, centre_y = 3300000;   // EPSG:4549 metres: near 120.0E / 29.8N (region: a grid of counties)
}; // struct GenConfig

GenConfig config_for(const std::string& mode);

// Generates everything into cfg.out_dir and the manifest `<out_dir>-defects.json`
// (plus `<out_dir>-scenarios.json`). Returns the process exit code.
int generate(const GenConfig& cfg);

} // namespace tlgen
