// A region project (region.toml): a city's or the province's counties, each analysed as its own
// county run and rolled up afterwards (cli/command_region.cpp, report/region_rollup.hpp).
//
//   name    = "宁波市 2023 年度"
//   level   = "city"              # city | province | ... (shown in the roll-up)
//   as_of   = "2023-12-31"        # required: every county is analysed as of this one date
//   profile = "national"          # optional: the region's profile (its targets are the roll-up's
//                                 # targets) and the profile of every county that names none
//
//   [[counties]]
//   name    = "象山县"             # the folder of its results: OUT/象山县/
//   project = "象山/project.toml"  # a county project file, or
//   # data  = "象山/"              # a data folder (exactly one of project / data)
//   profile = "xiangshan"          # optional: this county's own profile
//
// Paths are relative to the region file and returned absolute. A county's profile is its own
// `profile`, else the region's; with neither, the county's project file decides (or national).
// Errors (ConfigError, exit 2) name the file, the line and the key: an unknown key, a missing
// file or folder, a county name that cannot be a folder name (empty, '/', a leading '.', the
// reserved `logs`) or that comes twice, no counties, no as_of.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace tl::io {

struct RegionCounty {
    std::string name;               // folder name of its results
    std::string source;             // project / data as written in the region file
    std::filesystem::path input;    // absolute: the project file or the data folder
    std::string profile;            // built-in name or absolute path; empty: the region's (or the project's)
    int line = 0;                   // line of its [[counties]] entry
}; // struct RegionCounty

struct Region {
    std::string name;
    std::string level;
    std::filesystem::path file;     // absolute
    Date as_of{};
    std::string profile;            // built-in name or absolute path; empty: none
    std::vector<RegionCounty> counties;

    // The profile a county is analysed under: its own, else the region's; empty = its project's.
    const std::string& profile_of(const RegionCounty& c) const { return c.profile.empty() ? profile : c.profile; }
}; // struct Region

// True when `path` is a TOML file with a top-level `counties` key (a region, not a county project).
bool is_region_file(const std::filesystem::path& path);

Region load_region(const std::filesystem::path& file);

} // namespace tl::io
