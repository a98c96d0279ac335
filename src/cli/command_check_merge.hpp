// tenglong check-merge: one 零增地技改 / merge application tested against 临政发〔2022〕22号 (五)
// and (七), condition by condition (analysis/merge_check.hpp).
#pragma once
#include "cli/command.hpp"

namespace tl::cli {

// Registered in commands.cpp as
//   {"check-merge", "Test one 零增地技改 / merge application: (五) caps and FAR uplift, (七) 界线相邻, tenure, term", &setup_check_merge},
// Exit codes: 0 every condition passes; 1 a condition fails or cannot be decided from the data
// (or the run failed); 2 usage or project error (unknown or ambiguous parcel id).
Action setup_check_merge(CLI::App& sub);

} // namespace tl::cli
