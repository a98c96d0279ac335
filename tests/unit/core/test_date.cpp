#include <catch2/catch.hpp>

#include "core/date.hpp"
#include "core/units.hpp"

using tl::Date;
using tl::parse_date;

TEST_CASE("every accepted date form parses to the same day", "[core][date]") {
    const Date want{2022, 6, 29};
    for (const char* s : {"2022-06-29", "2022/6/29", "2022/06/29", "20220629", "2022年6月29日", "2022年06月29日",
                          "2022.6.29", " 2022-06-29 ", "2022/06/29 00:00:00", "2022-06-29T08:30:00+08", "44741",
                          "44741.0"}) {
        INFO(s);
        auto d = parse_date(s);
        REQUIRE(d);
        CHECK(*d == want);
    }
}

TEST_CASE("garbage and impossible dates are not dates", "[core][date]") {
    for (const char* s : {"", "   ", "2022", "2022-13-01", "2022-02-30", "2021-02-29", "29/06/2022", "6/29/2022",
                          "22-06-29", "2022-6", "abc", "2022-06-29x", "2022-06/29", "2022年13月1日", "0",
                          "-5", "44741.5", "99999999", "2022-06-29 garbage", "NaN"}) {
        INFO(s);
        CHECK_FALSE(parse_date(s));
    }
}

TEST_CASE("leap days parse only in leap years", "[core][date]") {
    CHECK(parse_date("2020-02-29"));
    CHECK(parse_date("2000-02-29"));
    CHECK_FALSE(parse_date("1900-02-29"));
    CHECK_FALSE(parse_date("2023-02-29"));
}

TEST_CASE("Excel serials follow the 1900 system", "[core][date]") {
    CHECK(*parse_date("1") == Date{1900, 1, 1});
    CHECK(*parse_date("59") == Date{1900, 2, 28});
    CHECK_FALSE(parse_date("60"));  // Excel's phantom 1900-02-29
    CHECK(*parse_date("61") == Date{1900, 3, 1});
    CHECK(*parse_date("45292") == Date{2024, 1, 1});
    // The same years as the written forms (1800..2200): whatever parses prints and parses back.
    // Found by fuzz_date: 2220070 was 7978-05-05, which "7978-05-05" then refused.
    CHECK(*parse_date("109939") == Date{2200, 12, 31});
    CHECK_FALSE(parse_date("109940"));
    CHECK_FALSE(parse_date("2220070"));
    CHECK_FALSE(parse_date("2958465"));
    for (const char* serial : {"1", "61", "45292", "109939"}) CHECK(parse_date(parse_date(serial)->iso()) == parse_date(serial));
}

TEST_CASE("one-year period runs out on the corresponding day (民法典 201/202)", "[core][date]") {
    const Date start{2022, 3, 1};
    CHECK(tl::period_end_years(start, 1) == Date{2023, 3, 1});
    CHECK_FALSE(tl::period_elapsed_years(start, 1, Date{2023, 2, 28}));
    CHECK(tl::period_elapsed_years(start, 1, Date{2023, 3, 1}));
    CHECK(tl::period_elapsed_years(start, 1, Date{2023, 3, 2}));
    // No corresponding day: the month's last day.
    CHECK(tl::period_end_years(Date{2020, 2, 29}, 1) == Date{2021, 2, 28});
    CHECK(tl::period_end_years(Date{2020, 2, 29}, 4) == Date{2024, 2, 29});
    CHECK(tl::period_end_months(Date{2023, 1, 31}, 1) == Date{2023, 2, 28});
    CHECK(tl::whole_years_between(Date{2018, 7, 1}, Date{2023, 6, 30}) == 4);
    CHECK(tl::whole_years_between(Date{2018, 7, 1}, Date{2023, 7, 1}) == 5);
}

TEST_CASE("day arithmetic round-trips", "[core][date]") {
    for (std::int64_t d = -800000; d < 800000; d += 997) {
        CHECK(Date::from_days_since_epoch(d).days_since_epoch() == d);
    }
    CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
    CHECK(Date{2000, 3, 1}.iso() == "2000-03-01");
}

TEST_CASE("亩 is exactly 10000/15 m²", "[core][units]") {
    CHECK(tl::m2_to_mu(10000.0) == 15.0);
    CHECK(tl::mu_to_m2(15.0) == 10000.0);
    CHECK(tl::kM2PerMu == 10000.0 / 15.0);
}
