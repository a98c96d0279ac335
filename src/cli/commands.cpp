#include "cli/command.hpp"
#include "cli/command_check_merge.hpp"
#include "cli/command_check_split.hpp"
#include "cli/command_neighbors.hpp"
#include "cli/command_profile.hpp"
#include "cli/command_region.hpp"

namespace tl::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list = {
        {"init", "Write a commented project.toml for a new delivery: layers and fields guessed from names (宗地/zongdi/zd, 宗地代码/ZDDM ...)", "为新交付的数据写一份带注释的 project.toml: 按名称猜出图层和字段 (宗地/zongdi/zd, 宗地代码/ZDDM ...)", &setup_init},
        {"analyze", "Analyse a county: shortlists, maps and report (批而未供, 闲置, 低效, 零星地块, 控制线)", "分析一个县: 清单、地图和报告 (批而未供、闲置、低效、零星地块、控制线)", &setup_analyze},
        {"inspect", "What was read, and what is wrong with it (run this first on a new delivery)", "读到了什么、哪里有问题 (新数据先运行这一步)", &setup_inspect},
        {"neighbors", "Neighbouring parcels with shared boundary length (CSV + GeoJSON of shared edges)", "相邻宗地及共用界线长度 (CSV + 共用边 GeoJSON)", &setup_neighbors},
        {"check-merge", "Test one 零增地技改 / merge application: (五) caps and FAR uplift, (七) 界线相邻, tenure, term", "检验一宗零增地技改/合并申请: (五) 面积上限与容积率提升、(七) 界线相邻、权属、年限", &setup_check_merge},
        {"check-split", "Test a plan to split one industrial parcel against the county's [split] clause: pieces, piece area, whole buildings, second split, 协议出让, completed and producing", "检验一宗工业用地的分割转让方案 (本县 profile 的 [split] 条款): 宗数、每宗面积、以幢为单位、二次分割、协议出让、竣工投产", &setup_check_split},
        {"diff", "What entered, left (销号) and changed in each shortlist between two analyze runs (table, diff.csv, diff.geojson)", "两次 analyze 之间各清单新增、销号和变化的条目 (表格、diff.csv、diff.geojson)", &setup_diff},
        {"region", "Regions of many counties: one command line per county (jobs), the roll-up from their folders (rollup)", "多县区域: 每县一条命令 (jobs), 由各县结果汇总 (rollup)", &setup_region},
        {"profile", "Policy profiles: list the built-in ones, show one with its citations, check a file", "政策规则集: 列出内置规则集、显示一个及其依据、检查文件", &setup_profile},
    };
    return list;
}

} // namespace tl::cli
