// The data-health outputs every analyze run writes: issues.csv / issues.geojson (every data
// problem, one row each), summary.json (per input layer: features_read, features_used,
// features_rejected, features_repaired; plus the analyses' totals) and run.json (provenance:
// inputs with sizes and SHA-256, CRS and encoding decisions, profile, tool version, timings).
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/inputs.hpp"
#include "core/issue_log.hpp"
#include "report/table.hpp"

namespace tl::report {

// The issues as a Table (sorted; points at the problem location where known).
Table issues_table(geom::GeosContext& c, const std::vector<Issue>& issues, std::vector<geom::GeomPtr>& point_storage);

// summary.json "layers" section: counts per input layer; throws Error if a layer does not
// reconcile (read != used + rejected): that would be a bug, never a silent loss.
nlohmann::ordered_json layer_counts_json(const analysis::Inputs& in);

// run.json "inputs" section: per layer source, files (size, sha256), driver, encoding, CRS.
nlohmann::ordered_json inputs_provenance_json(const analysis::Inputs& in);

// Writes `j` as pretty JSON (2 spaces, UTF-8, trailing newline).
void write_json(const nlohmann::ordered_json& j, const std::filesystem::path& file);

} // namespace tl::report
