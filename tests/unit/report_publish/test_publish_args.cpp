// --publish / --schema checks that need no server (the publish itself: tests/e2e/publish_postgis.sh,
// against a real PostGIS): what is a usage error, and that no message shows the password.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/errors.hpp"
#include "report/publish_pg.hpp"

using namespace tl;
using tl::report::check_publish_args;

TEST_CASE("--publish must be a PG: connection and --schema a PostgreSQL name", "[report][publish]") {
    CHECK_NOTHROW(check_publish_args("PG:dbname=gis host=db", "tenglong"));
    CHECK_NOTHROW(check_publish_args("pg:postgresql://u@db/gis", "演示县 2023"));
    // Any text is a valid (quoted) name, however it looks.
    CHECK_NOTHROW(check_publish_args("PG:dbname=gis", "tl \"x\"; DROP TABLE y; --"));
    CHECK_THROWS_AS(check_publish_args("out.gpkg", "tenglong"), UsageError);
    CHECK_THROWS_AS(check_publish_args("PG:", "tenglong"), UsageError);
    CHECK_THROWS_WITH(check_publish_args("PG:dbname=gis", ""), Catch::Contains("--schema is empty"));
    CHECK_THROWS_WITH(check_publish_args("PG:dbname=gis", std::string(64, 'a')), Catch::Contains("at most 63 bytes"));
    CHECK_NOTHROW(check_publish_args("PG:dbname=gis", std::string(63, 'a')));
    // 22 Chinese characters = 66 bytes: too long, and the message says why.
    std::string zh;
    for (int i = 0; i < 22; ++i) zh += "县";
    CHECK_THROWS_WITH(check_publish_args("PG:dbname=gis", zh), Catch::Contains("a Chinese character takes 3"));
    CHECK_THROWS_WITH(check_publish_args("PG:dbname=gis", "pg_temp"), Catch::Contains("reserved"));
    CHECK_THROWS_AS(check_publish_args("PG:dbname=gis", "\xD1\xDD"), UsageError);   // GBK bytes
    // The password of a wrong target is not echoed.
    try {
        check_publish_args("dbname=gis password=hunter2pw", "tenglong");
        FAIL("no error");
    } catch (const UsageError& e) {
        CHECK_THAT(std::string(e.what()), !Catch::Contains("hunter2pw") && Catch::Contains("password=***"));
    }
}

TEST_CASE("a publish target that cannot be reached: exit 1, the password hidden", "[report][publish]") {
    // A unix socket folder that does not exist: libpq fails at once, no network involved.
    const std::string target = "PG:host=/nonexistent-tl-socket-dir port=1 dbname=gis user=u password=hunter2pw";
    try {
        tl::report::PgPublisher p(target, "tenglong", {"parcels"});
        FAIL("connected to nothing");
    } catch (const IoError& e) {
        CHECK(e.exit_code() == 1);
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("cannot connect to PostgreSQL to publish"));
        CHECK_THAT(msg, !Catch::Contains("hunter2pw"));
        CHECK_THAT(msg, Catch::Contains("password=***"));
    }
    // A malformed connection string is a usage error; the password is not shown either.
    CHECK_THROWS_AS(tl::report::PgPublisher("PG:dbname='gis password=hunter2pw", "tenglong", {}), UsageError);
    try {
        tl::report::PgPublisher("PG:nosuchkey=1 password=hunter2pw", "tenglong", {});
        FAIL("accepted an unknown connection keyword");
    } catch (const UsageError& e) {
        CHECK_THAT(std::string(e.what()), !Catch::Contains("hunter2pw") && Catch::Contains("nosuchkey"));
    }
}
