// read_layer against real third-party GBK shapefiles (shared/realdata/gbk-samples).
#include <catch2/catch.hpp>

#include "core/issue_log.hpp"
#include "io/reader.hpp"
#include "support/paths.hpp"

#include <algorithm>

using namespace tl;
using namespace tl::io;

namespace {
const std::optional<std::string>& value(const RawLayer& l, const RawFeature& f, const std::string& key) {
    const int k = l.key_index(key);
    REQUIRE(k >= 0);
    return f.values.at(static_cast<std::size_t>(k));
}
} // namespace

TEST_CASE("GBKTest.dbf (LDID 0x4D) reads as GBK: Chinese column names and values", "[io][reader][realdata]") {
    LayerSpec spec;
    spec.name = "townships";
    spec.source = test::realdata("gbk-samples/GBKTest.shp");
    spec.fields = {{"name", "所属水"}, {"id", "井号"}};
    IssueLog issues;
    RawLayer l = read_layer(spec, issues);
    CHECK(l.driver == "ESRI Shapefile");
    CHECK(l.encoding.encoding == "GBK");
    CHECK(l.encoding.decided_by == "ldid 0x4D");
    CHECK(std::find(l.source_fields.begin(), l.source_fields.end(), "井号") != l.source_fields.end());
    CHECK(std::find(l.source_fields.begin(), l.source_fields.end(), "所属水") != l.source_fields.end());
    REQUIRE(l.features.size() == 24);
    // Values checked against `iconv -f GBK` of the raw DBF bytes.
    for (const auto& f : l.features) {
        CHECK(value(l, f, "id") == std::optional<std::string>("测试"));
        CHECK(value(l, f, "name") == std::optional<std::string>("测试水源"));
    }
    CHECK(l.geometry_types.at("Point") == 24);
    CHECK(l.source_srs_wkt.find("4550") != std::string::npos);
    CHECK(issues.size() == 0);
}

TEST_CASE("polygon.dbf (LDID 0, no .cpg) is GBK by its bytes; truncated values are kept with an issue",
          "[io][reader][realdata]") {
    LayerSpec spec;
    spec.name = "townships";
    spec.source = test::realdata("gbk-samples/polygon.shp");
    spec.fields = {{"name", "NAME99"}, {"id", "bount_id"}};  // case-insensitive column match
    IssueLog issues;
    RawLayer l = read_layer(spec, issues);
    CHECK(l.encoding.encoding == "GBK");
    CHECK(l.encoding.decided_by == "bytes");
    REQUIRE(l.features.size() == 55);
    CHECK(l.geometry_types.at("Polygon") == 55);
    CHECK(l.columns[static_cast<std::size_t>(l.key_index("name"))] == "NAME99");
    // fid 0: cb ae = 水; fid 27: c6 bd c2 bd = 平陆 (iconv -f GBK)
    CHECK(value(l, l.features[0], "name") == std::optional<std::string>("水"));
    CHECK(value(l, l.features[27], "name") == std::optional<std::string>("平陆"));
    CHECK_FALSE(value(l, l.features[2], "name"));  // blank in the DBF
    // fids 1, 38 and 51 end in a GBK lead byte cut off by the field: ea b4 a8, e9 b1 a6, ef b4 a8
    auto all = issues.sorted();
    std::vector<std::int64_t> bad;
    for (const auto& i : all)
        if (i.kind == "bad_encoding") {
            bad.push_back(i.fid);
            CHECK(i.action == IssueAction::kept);
            CHECK(i.field == "name");
            CHECK(i.layer == "townships");
        }
    CHECK(bad == std::vector<std::int64_t>{1, 38, 51});
    CHECK(value(l, l.features[1], "name") == std::optional<std::string>("甏"));
    CHECK(value(l, l.features[38], "name") == std::optional<std::string>("楸"));
    const auto it = std::find_if(all.begin(), all.end(), [](const Issue& i) { return i.fid == 1; });
    REQUIRE(it != all.end());
    CHECK(it->detail.find("ea b4 a8") != std::string::npos);
    CHECK(it->detail.find("NAME99") != std::string::npos);
    CHECK(it->feature_id == "1117");  // BOUNT_ID of fid 1 (ogrinfo)
    // Every feature has its geometry as ISO WKB (little endian, type 3 = Polygon).
    for (const auto& f : l.features) {
        REQUIRE(f.wkb.size() > 9);
        CHECK(f.wkb[0] == '\x01');
        CHECK(f.wkb[1] == '\x03');
    }
}
