// Regions of many counties (io/region.hpp): `tenglong analyze REGION.toml` runs every county as
// its own `tenglong analyze` process (--jobs at a time) and rolls up (report/region_rollup.hpp);
// `tenglong region jobs REGION.toml [DIR]` prints those county command lines (or a Slurm array
// script with --sbatch) for GNU parallel or a cluster; `tenglong region rollup REGION.toml [DIR]`
// builds the roll-up from the finished county folders, the same bytes either way.
#pragma once
#include <string>

#include "cli/command.hpp"
#include "cli/log.hpp"

namespace tl::cli {

struct RegionRunOptions {
    std::string region_file;
    std::string out = "out";
    std::string profile;       // --profile: replaces the region's profile
    std::string as_of;         // --as-of: replaces the region's as_of
    std::string lang = "zh";
    bool overwrite = false;
    int threads = 0;           // per county process; 0 = the cores shared among the jobs
    int jobs = 0;              // county processes at a time; 0 = half the cores (at least 1)
    std::string publish;       // --publish PG:...: each county into PREFIX_<county>, the roll-up views into PREFIX
    std::string schema;        // --schema PREFIX (default tenglong)
    Verbosity verbosity;
}; // struct RegionRunOptions

// `tenglong analyze REGION.toml`: 0 when every county succeeded, 1 when one failed (the roll-up
// lists it), 2 for a bad region file, profile or usage (nothing run).
int run_region_analyze(const RegionRunOptions& opt);

// Registered in commands.cpp as {"region", ..., &setup_region}.
Action setup_region(CLI::App& sub);

} // namespace tl::cli
