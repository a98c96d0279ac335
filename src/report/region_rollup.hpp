// The roll-up of a region (io/region.hpp) from its finished county folders.
//
// OUT/<county>/ holds each county's results exactly as `tenglong analyze` writes them, and
// OUT/logs/<county>.log what that run printed (stdout and stderr). The roll-up reads only these
// files, so it is the same bytes whether the counties ran under `tenglong analyze region.toml`
// or as `tenglong region jobs` lines under GNU parallel or Slurm, followed by `region rollup`.
//
// A county counts as done when OUT/<county>/summary.json exists, its as_of is the region's, and
// its log (if any) holds no "tenglong: error:" line; otherwise it is listed as failed with the
// last error line of its log (or why there is no result), and its numbers are left out (a
// previous run's folder kept by a failed one is not counted; results written after the log,
// by a run by hand, are).
//
// Files written into OUT (each replaced whole; roll-up files a previous roll-up left that this one
// does not write are removed):
//   summary.json   the region: counties with status and error; per category count, area_m2 and
//                  area_mu as the sums of the counties' summary.json numbers (added in the
//                  region file's order, never recomputed) and by county; the breakdowns
//                  (批而未供 by age, 闲置 and 低效 by rule) summed the same way; 亩均 classes A–D;
//                  features read/used/rejected/repaired per layer; issues by kind; the region
//                  profile's targets against the summed shortlists
//   region.csv     one row per county (every category's count and 亩, the county's 规上亩均税收 and
//                  亩均增加值 against the region's targets, classes A–D, issues, status, error) and
//                  a 合计 row with the sums
//   <list>.csv     each shortlist of the counties in one file (unsupplied, idle, inefficient,
//                  scattered, control_line, control_line_ledger), a first column 县(市、区) added;
//                  columns a county lacks are left empty
//   report.html    one self-contained page: counties and their status, tables by county, targets
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "io/region.hpp"
#include "report/table.hpp"

namespace tl::report {

struct RollupResult {
    std::vector<std::string> failed;     // names of the counties without (valid) results, region order
    std::vector<std::string> errors;     // their errors, same order
    std::size_t ok = 0;
}; // struct RollupResult

// OUT/logs/<county>.log.
std::filesystem::path county_log(const std::filesystem::path& out, const std::string& county);

// Builds the roll-up in `out`; throws IoError naming the file when one cannot be written.
RollupResult build_region_rollup(const io::Region& region, const std::filesystem::path& out, Lang lang);

} // namespace tl::report
