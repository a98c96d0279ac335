#include "cli/command.hpp"

namespace tl::cli {

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> list = {
        {"analyze", "Analyse a county: shortlists, maps and report (批而未供, 闲置, 低效, 零星地块, 控制线)", &setup_analyze},
        {"inspect", "What was read, and what is wrong with it (run this first on a new delivery)", &setup_inspect},
    };
    return list;
}

} // namespace tl::cli
