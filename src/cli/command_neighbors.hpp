// tenglong neighbors: which features of a layer are neighbours (界线相邻), and along how much
// boundary. Semantics of the relations in analysis/adjacency.hpp.
#pragma once
#include "cli/command.hpp"

namespace tl::cli {

// Registered in commands.cpp as
//   {"neighbors", "Neighbouring parcels with shared boundary length (CSV + GeoJSON of shared edges)", &setup_neighbors},
Action setup_neighbors(CLI::App& sub);

} // namespace tl::cli
