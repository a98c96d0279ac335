// Publishing a run's results into PostGIS (`tenglong analyze ... --publish PG:... --schema NAME`).
//
// The bureau's other systems (QGIS projects, web maps, dashboards) read one schema; a publish
// replaces that schema's tenglong tables so that a reader sees either the previous run or the
// new one, never a mix:
//   1. PgPublisher's constructor connects (libpq: the password comes from PGPASSWORD or a pgpass
//      file when the connection string has none) and checks, before the analysis runs, that the
//      database has PostGIS and that the schema holds no table of ours that an earlier publish
//      did not create (a bureau's own `parcels` table is never dropped).
//   2. publish() runs in ONE transaction: the tables are created and filled (COPY) in a fresh
//      staging schema, with their GIST index, primary key and comments; then the previous
//      tenglong tables of the schema are dropped and the new ones moved in (ALTER TABLE ... SET
//      SCHEMA), and the transaction commits. PostgreSQL's DDL is transactional: any failure
//      (a lock held too long, a lost connection, a full disk, a view that depends on an old
//      table) rolls everything back, including the staging schema; readers keep seeing the
//      previous tables throughout and wait only for the final swap. The grants on a previous
//      table (SELECT for the bureau's viewer role) are given again on its replacement.
// Tables: one per shortlist (named by the caller), `summary` (summary.json flattened: key,
// value jsonb, number) and `tenglong_run` (one row: tool, project, as_of, the table list, and
// run.json as jsonb; the next publish reads the list to know which tables are ours). Each table
// has `tl_row` (1..n, primary key: QGIS needs a key to open a table), the columns by their
// machine names (Column::key) with COMMENT '<Chinese header> | <English header>', and `geom`
// geometry(<type>, SRID of the working CRS) with a GIST index when the table has geometries.
// Numbers are rounded like the CSV, so the database and the files agree to the digit.
// Names: the schema may be any text up to 63 bytes (PostgreSQL's limit); it is always quoted
// (PQescapeIdentifier), never spliced into SQL. Every message hides the password (display_source
// and the literal password, wherever a server message would echo it).
// Locks: unless the session already has one (PGOPTIONS="-c lock_timeout=..."), lock_timeout is
// 60 s for the transaction, so a reader holding a table open for hours fails the publish (and
// leaves the previous tables) instead of hanging the run.
// Test hook: TENGLONG_TEST_PUBLISH_FAIL_AT=load|swap makes publish() fail after the first table
// is loaded into staging (load) or after the previous tables were dropped and the new ones
// moved in, just before COMMIT (swap), to prove the rollback.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "geom/geos.hpp"
#include "report/table.hpp"

namespace tl::report {

struct PgTable {
    std::string name;        // table name in the schema (ASCII snake_case)
    const Table* table = nullptr;
    std::string comment;     // table comment
}; // struct PgTable

struct PublishInput {
    std::vector<PgTable> tables;
    const nlohmann::ordered_json* summary = nullptr;  // → table `summary`
    const nlohmann::ordered_json* run = nullptr;      // → table `tenglong_run`
    int srid = 0;            // SRID of the geometries (EPSG code of the working CRS; 0 = unknown)
}; // struct PublishInput

struct PublishResult {
    std::vector<std::pair<std::string, std::size_t>> tables;  // name, rows; in publish order
    std::vector<std::string> dropped;    // tables of the previous publish that this one no longer has
    bool schema_created = false;
}; // struct PublishResult

// Checks --publish / --schema without connecting; throws UsageError (exit 2). The target must
// be "PG:" followed by a libpq connection string or URI; the schema 1..63 bytes of UTF-8, not
// starting with "pg_" (reserved by PostgreSQL).
void check_publish_args(const std::string& target, const std::string& schema);

class PgPublisher {
public:
    // Connects and runs the checks of step 1; throws IoError (exit 1: cannot connect, no
    // PostGIS) or UsageError (exit 2: the schema holds a table of ours that is not ours).
    // `table_names`: every shortlist table this run may publish (summary and tenglong_run are
    // added).
    PgPublisher(std::string target, std::string schema, const std::vector<std::string>& table_names);
    ~PgPublisher();
    PgPublisher(const PgPublisher&) = delete;
    PgPublisher& operator=(const PgPublisher&) = delete;

    // Step 2. Throws IoError on any failure, after rolling back.
    PublishResult publish(geom::GeosContext& c, const PublishInput& in);

    // The target as it may be shown: the password hidden.
    std::string display_target() const;
    const std::string& schema() const noexcept { return m_schema; }

private:
    struct Impl;
    std::unique_ptr<Impl> m;
    std::string m_target, m_schema;
}; // class PgPublisher

} // namespace tl::report
