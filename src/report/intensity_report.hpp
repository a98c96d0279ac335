// Intensity outputs: parcels.{csv,gpkg} (every parcel, every metric and every verdict),
// inefficient.{csv,xlsx,geojson} (one row, one feature per inefficient parcel: its failed rules,
// their names, reasons and clauses joined, and one verdict column per rule as parcels.csv has),
// inefficient_rules.csv (the long form without geometry, one row per failed rule: rule id,
// measured, comparison, threshold, clause, reason — for pivot tables) and the totals for
// summary.json ("inefficient" category).
//
// run_intensity is the whole measure → evaluate stage for analyze:
//     profile → IntensityParams → measure_intensity (parcels, buildings, supplies)
//             → evaluate_mujun (when an enterprises table exists) → rules::evaluate → tables.
// The tables borrow the parcels' geometries: the result must not outlive the Inputs.
//
// parcels.csv prints FAR and coverage with 6 decimals; parcels.gpkg stores every number as a
// full double (tests/e2e/intensity_spatialite.sh compares it with SpatiaLite within 1e-9).
// GPKG field names are the column keys (English snake_case, stable for GIS users' styles and
// queries); the CSV headers follow --lang.
#pragma once
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/inputs.hpp"
#include "analysis/intensity.hpp"
#include "analysis/mujun.hpp"
#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "report/table.hpp"
#include "rules/evaluate.hpp"
#include "rules/profile.hpp"

namespace tl::report {

struct IntensityOutputs {
    analysis::IntensityResult intensity;
    std::optional<analysis::MujunResult> mujun;   // nullopt without an enterprises table
    rules::Evaluation evaluation;                  // its per-parcel verdicts are freed once tabulated
    Table parcels;                                 // name "parcels": one row per parcel
    Table inefficient;                             // name "inefficient": one row per inefficient parcel
    Table inefficient_rules;                       // name "inefficient_rules": one row per failed rule, no geometry
    nlohmann::ordered_json totals;                 // summary.json categories["inefficient"]
}; // struct IntensityOutputs

// Measures, evaluates and tabulates. `threads` 0 = all cores. Rows sorted by parcel id, then FID.
// The last stage to read the buildings and the enterprise table: it frees their features once
// measured (Inputs::release_features), to hold the run's peak memory down.
// `keep_enterprises`: leave the enterprise table for a later stage (标准地 R18), which frees it.
IntensityOutputs run_intensity(analysis::Inputs& in, const rules::Profile& profile, const Date& as_of,
                               unsigned threads, IssueLog& issues, Lang lang = Lang::zh,
                               bool keep_enterprises = false);

// The tables from already computed results (run_intensity calls it; exposed for tests).
// Rows are made on `threads` workers (0 = all cores); the result does not depend on it.
Table parcels_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                    const analysis::MujunResult* mujun, const rules::Evaluation& ev, unsigned threads = 1);
// Texts (rule names, reasons) in `lang`.
Table inefficient_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                        const analysis::MujunResult* mujun, const rules::Evaluation& ev, unsigned threads = 1,
                        Lang lang = Lang::zh);
Table inefficient_rules_table(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                              const analysis::MujunResult* mujun, const rules::Evaluation& ev, Lang lang = Lang::zh);
// (finished by report::follow_list after the 镇街 and the decisions, keyed by source_fid)
nlohmann::ordered_json intensity_totals(const geom::Layer& parcels, const analysis::IntensityResult& intensity,
                                        const analysis::MujunResult* mujun, const rules::Evaluation& ev,
                                        const rules::Profile& profile, const Date& as_of);

// GeoPackage of a table (layer named after the table; geometry MultiPolygon in `working`;
// fields = column keys; integers as Integer64, numbers as Real at full precision). Throws
// IoError naming the file and GDAL's message. Needs GDALAllRegister() (done by the CLI).
void write_gpkg(const Table& t, const geom::CrsInfo& working, const std::filesystem::path& file);

// The parcel rules' names (R04.far → 容积率低于下限 / FAR below the floor); "" for other ids.
const char* rule_name_zh(const std::string& id);
const char* rule_name_en(const std::string& id);

} // namespace tl::report
