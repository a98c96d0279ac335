// Layer accessors and the value parsers they use.
#include <catch2/catch.hpp>

#include "geom/layer.hpp"

using namespace tl;
using namespace tl::geom;

TEST_CASE("parse_number", "[geom][layer]") {
    bool bad = true;
    CHECK(parse_number("1234.5", &bad) == Approx(1234.5));
    CHECK_FALSE(bad);
    CHECK(parse_number(" 1,234.5 ") == Approx(1234.5));
    CHECK(parse_number("1,234,567") == Approx(1234567));
    CHECK(parse_number("-3") == Approx(-3));
    CHECK(parse_number("+2.5") == Approx(2.5));
    CHECK(parse_number("1e3") == Approx(1000));
    CHECK(parse_number(".5") == Approx(0.5));
    CHECK(parse_number("\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8E\xEF\xBC\x95") == Approx(12.5));  // １２．５ full width
    CHECK(parse_number("\xE3\x80\x80" "42\xE3\x80\x80") == Approx(42));                        // ideographic spaces

    for (const char* missing : {"", "  ", "NULL", "null", "-", "--", "/", "N/A", "\xE2\x80\x94"}) {
        INFO(missing);
        CHECK_FALSE(parse_number(missing, &bad).has_value());
        CHECK_FALSE(bad);
    }
    for (const char* wrong : {"abc", "12abc", "1234.5\xE4\xB8\x87" /* 万 */, "1,23", "12,34,567", "1.2.3", "nan", "inf", "1,234,56",
                              ",123", "--5", "+-5", "0x10", "1 000"}) {
        INFO(wrong);
        CHECK_FALSE(parse_number(wrong, &bad).has_value());
        CHECK(bad);
    }
}

TEST_CASE("parse_boolean", "[geom][layer]") {
    bool bad = true;
    for (const char* yes : {"\xE6\x98\xAF" /* 是 */, "Y", "y", "yes", "1", "1.0", "true", "TRUE", "T", "\xE8\xA7\x84\xE4\xB8\x8A" /* 规上 */, " Y "}) {
        INFO(yes);
        CHECK(parse_boolean(yes, &bad) == true);
        CHECK_FALSE(bad);
    }
    for (const char* no : {"\xE5\x90\xA6" /* 否 */, "N", "no", "0", "0.000", "false", "F", "\xE8\xA7\x84\xE4\xB8\x8B" /* 规下 */}) {
        INFO(no);
        CHECK(parse_boolean(no, &bad) == false);
        CHECK_FALSE(bad);
    }
    CHECK_FALSE(parse_boolean("", &bad).has_value());
    CHECK_FALSE(bad);
    for (const char* wrong : {"maybe", "2", "\xE6\x9C\x89" /* 有 */}) {
        INFO(wrong);
        CHECK_FALSE(parse_boolean(wrong, &bad).has_value());
        CHECK(bad);
    }
}

TEST_CASE("Layer accessors report bad values once, and keep the feature", "[geom][layer]") {
    Layer layer;
    layer.name = "buildings";
    layer.keys = {"id", "floors", "built_on", "above_scale", "height_m"};
    layer.bound = {true, true, true, true, false};
    Feature f0;
    f0.fid = 7;
    f0.id = "B7";
    f0.values = {std::string{"B7"}, std::string{"三层"}, std::string{"2022/6/31"}, std::string{"规上"}, std::nullopt};
    Feature f1;
    f1.fid = 8;
    f1.id = "B8";
    f1.values = {std::string{"B8"}, std::string{" 3 "}, std::string{"2022年6月29日"}, std::string{"maybe"}, std::nullopt};
    layer.features.push_back(std::move(f0));
    layer.features.push_back(std::move(f1));

    IssueLog log;
    CHECK_FALSE(layer.number(0, "floors", &log).has_value());
    CHECK_FALSE(layer.number(0, "floors", &log).has_value());  // asked twice, reported once
    CHECK(layer.number(1, "floors", &log) == Approx(3));
    CHECK_FALSE(layer.date(0, "built_on", &log).has_value());   // 31 June does not exist
    CHECK(layer.date(1, "built_on", &log) == Date{2022, 6, 29});
    CHECK(layer.boolean(0, "above_scale", &log) == true);
    CHECK_FALSE(layer.boolean(1, "above_scale", &log).has_value());
    CHECK_FALSE(layer.number(0, "height_m", &log).has_value());  // unbound: missing, no issue
    CHECK_FALSE(layer.number(0, "no_such_key", &log).has_value());
    CHECK(layer.text(1, "floors") == std::string{"3"});
    CHECK(layer.key_index("built_on") == 2);
    CHECK(layer.key_index("nope") == -1);
    CHECK(layer.has_column("floors"));
    CHECK_FALSE(layer.has_column("height_m"));
    CHECK_FALSE(layer.number(0, "floors").has_value());  // no log: nothing recorded, no crash

    const auto issues = log.sorted();
    REQUIRE(issues.size() == 3);  // sorted by (layer, fid, kind, field)
    CHECK(issues[0].kind == "bad_date");
    CHECK(issues[0].fid == 7);
    CHECK(issues[0].field == "built_on");
    CHECK_THAT(issues[0].detail, Catch::Contains("2022/6/31"));
    CHECK(issues[1].kind == "bad_value");
    CHECK(issues[1].layer == "buildings");
    CHECK(issues[1].fid == 7);
    CHECK(issues[1].feature_id == "B7");
    CHECK(issues[1].field == "floors");
    CHECK(issues[1].action == IssueAction::kept);
    CHECK_THAT(issues[1].detail, Catch::Contains("\"三层\""));
    CHECK(issues[2].kind == "bad_value");
    CHECK(issues[2].fid == 8);
    CHECK(issues[2].field == "above_scale");
}
