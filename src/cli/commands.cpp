#include "cli/command.hpp"
#include "cli/command_check_merge.hpp"
#include "cli/command_check_split.hpp"
#include "cli/command_neighbors.hpp"
#include "cli/command_profile.hpp"
#include "cli/command_region.hpp"

namespace tl::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list = {
        {"init", "Write a commented project.toml for a new delivery: layers and fields guessed from names (宗地/zongdi/zd, 宗地代码/ZDDM ...)", &setup_init},
        {"analyze", "Analyse a county: shortlists, maps and report (批而未供, 闲置, 低效, 零星地块, 控制线)", &setup_analyze},
        {"inspect", "What was read, and what is wrong with it (run this first on a new delivery)", &setup_inspect},
        {"neighbors", "Neighbouring parcels with shared boundary length (CSV + GeoJSON of shared edges)", &setup_neighbors},
        {"check-merge", "Test one 零增地技改 / merge application: (五) caps and FAR uplift, (七) 界线相邻, tenure, term", &setup_check_merge},
        {"check-split", "检验一宗工业用地的分割转让方案 (本县 profile 的 [split] 条款): 宗数、每宗面积、以幢为单位、二次分割、协议出让、竣工投产", &setup_check_split},
        {"diff", "What entered, left (销号) and changed in each shortlist between two analyze runs (table, diff.csv, diff.geojson)", &setup_diff},
        {"region", "Regions of many counties: one command line per county (jobs), the roll-up from their folders (rollup)", &setup_region},
        {"profile", "Policy profiles: list the built-in ones, show one with its citations, check a file", &setup_profile},
    };
    return list;
}

} // namespace tl::cli
