// tenglong profile list | show NAME|FILE | check FILE — the built-in policy profiles
// (rules/profile.hpp): which exist, what each holds with its citations, and whether a
// county's own profile file is valid.
#pragma once
#include "cli/command.hpp"

namespace tl::cli {

// Registered in commands.cpp as
//   {"profile", "Policy profiles: list the built-in ones, show one with its citations, check a file", &setup_profile},
Action setup_profile(CLI::App& sub);

} // namespace tl::cli
