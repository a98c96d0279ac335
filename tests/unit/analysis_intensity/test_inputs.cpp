// Inputs: a layer whose features were released after the stage that measured them cannot be
// read by mistake (issue 16): layer() throws naming it; has_layer() still answers presence.
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "analysis/inputs.hpp"

using namespace tl;

TEST_CASE("a released layer cannot be read by mistake", "[analysis][inputs]") {
    analysis::Inputs in;
    in.layers["buildings"].layer.name = "buildings";
    in.layers["parcels"].layer.name = "parcels";
    REQUIRE(in.layer("buildings") != nullptr);
    in.release_features("buildings");
    CHECK(in.has_layer("buildings"));
    CHECK_THROWS_AS(in.layer("buildings"), std::logic_error);
    try {
        in.layer("buildings");
    } catch (const std::logic_error& e) {
        CHECK(std::string(e.what()).find("buildings") != std::string::npos);
    }
    CHECK(in.layer("parcels") != nullptr);      // the others stay readable
    CHECK(in.layer("townships") == nullptr);    // absent is not released
    CHECK_FALSE(in.has_layer("townships"));
    in.release_features("townships");           // releasing an absent layer does nothing
}
