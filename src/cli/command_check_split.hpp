// tenglong check-split: one plan to split an industrial parcel, tested condition by condition
// against the county's [split] clause (analysis/split_plan.hpp measures, rules/split.hpp judges).
#pragma once
#include "cli/command.hpp"

namespace tl::cli {

// Exit codes: 0 every condition passes (or does not apply); 1 a condition fails or cannot be
// decided from the data; 2 usage, project or profile error (unknown parcel id, unreadable plan,
// a profile without a [split] clause).
Action setup_check_split(CLI::App& sub);

} // namespace tl::cli
