// Hidden test ([.postgis]), run by tests/e2e/unsupplied_postgis.sh: reads a data directory the
// way `tenglong analyze` does (io::load_project → analysis::load_inputs: reader, CRS, validity
// repair), runs find_unsupplied, and writes one CSV row per batch with full precision, so the
// script can compare our areas with PostGIS's batch by batch.
//
//   env TL_UNSUP_DATA=DIR TL_UNSUP_OUT=FILE.csv TL_UNSUP_AS_OF=2023-12-31 (optional)
//   command: test_analysis_unsupplied "[.postgis]"
//
// Columns: fid,id,approved_m2,supplied_m2,unsupplied_raw_m2,unsupplied_m2,sliver_count,sliver_m2,pieces
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "analysis/inputs.hpp"
#include "analysis/township.hpp"
#include "analysis/unsupplied.hpp"
#include "io/project.hpp"

using namespace tl;

TEST_CASE("dump per-batch unsupplied areas for the PostGIS comparison", "[.postgis]") {
    const char* data = std::getenv("TL_UNSUP_DATA");
    const char* out = std::getenv("TL_UNSUP_OUT");
    const char* as_of = std::getenv("TL_UNSUP_AS_OF");
    REQUIRE(data != nullptr);   // set by tests/e2e/unsupplied_postgis.sh
    REQUIRE(out != nullptr);

    const io::Project project = io::load_project(data);
    geom::GeosContext c;
    IssueLog issues;
    const analysis::Inputs in = analysis::load_inputs(c, project, {}, issues);
    const geom::Layer* approvals = in.layer("approvals");
    REQUIRE(approvals != nullptr);

    analysis::UnsuppliedParams params;
    const auto d = parse_date(as_of ? as_of : "2023-12-31");
    REQUIRE(d);
    params.as_of = *d;
    const geom::Layer* townships = in.layer("townships");
    const auto lookup = townships ? analysis::TownshipLookup(*townships) : analysis::TownshipLookup{};
    const auto r = analysis::find_unsupplied(c, *approvals, in.layer("supplies"), in.layer("parcels"), lookup, params, issues);
    REQUIRE(r.ran);
    CHECK(r.batches_failed == 0);

    std::ofstream f(out, std::ios::binary);
    REQUIRE(f);
    f << "fid,id,approved_m2,supplied_m2,unsupplied_raw_m2,unsupplied_m2,sliver_count,sliver_m2,pieces\n";
    for (const auto& b : r.batches) {
        // ids of the test data and the demo contain no commas or quotes; quote anyway.
        f << fmt::format("{},\"{}\",{:.6f},{:.6f},{:.6f},{:.6f},{},{:.6f},{}\n", b.fid, b.id, b.approved_area_m2,
                         b.supplied_area_m2, b.unsupplied_raw_area_m2, b.unsupplied_area_m2, b.sliver_count, b.sliver_area_m2,
                         b.pieces.size());
    }
    REQUIRE(f.good());
    WARN("wrote " << r.batches.size() << " batches (supply source: " << r.supply_source << ", working CRS "
                  << in.working_crs.label() << ") to " << out);
}
