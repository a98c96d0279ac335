// A region's results in one PostGIS database (`tenglong analyze region.toml --publish PG:...
// --schema PREFIX`, and `tenglong region rollup ... --publish`): every county publishes its own
// run into the schema PREFIX_<county> (report/publish_pg.hpp, as a county run does); then the
// schema PREFIX gets one roll-up view per table the counties have (unsupplied, idle,
// inefficient, parcels, issues, summary, ...): the counties' tables one after another
// (UNION ALL, region order) with a first column `county`. A column one county lacks is NULL in
// its rows; a column whose type differs between counties is cast to plain `geometry` (geometry
// columns) or `text`. The view `counties` lists every county with its schema, status and error.
//
// One transaction: the previous roll-up views (those whose comment marks them as tenglong's)
// are dropped and the new ones created, so a reader sees the old views or the new ones. A
// relation of the same name in PREFIX that is not a tenglong view stops the publish (UsageError,
// exit 2) untouched. Names are always quoted (PQescapeIdentifier / PQescapeLiteral).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tl::report {

struct RegionPublishCounty {
    std::string name;
    std::string schema;     // where its run was published
    bool ok = false;        // has results (its tables are in the view)
    std::string error;
}; // struct RegionPublishCounty

// The schema of a county: PREFIX_<county>.
std::string county_schema(const std::string& prefix, const std::string& county);

// Returns the views created, with how many counties each holds. Throws IoError (exit 1) when the
// database cannot be reached or a statement fails (after rolling back), UsageError (exit 2) for
// a relation of ours that is not ours.
std::vector<std::pair<std::string, std::size_t>> publish_region_views(const std::string& target, const std::string& schema,
                                                                       const std::vector<RegionPublishCounty>& counties);

} // namespace tl::report
