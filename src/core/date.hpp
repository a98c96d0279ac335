// Calendar dates as county data writes them, and the legal counting of periods.
//
// Accepted forms (design.md): 2022-06-29, 2022/6/29, 20220629, 2022年6月29日, 2022.6.29,
// an ISO timestamp whose time part is dropped (2022-06-29T00:00:00, "2022/06/29 00:00:00" as
// GDAL prints DBF/GPKG dates), and an Excel serial day number (1900 date system; 1..109939,
// as a bare integer such as 44741 or 44741.0). Years outside 1800..2200 are not dates (an
// Excel serial reaches 1900..2200). Anything else, and impossible dates such as
// 2022-02-30, is not a date: parse_date returns std::nullopt and the caller records an issue.
// We never guess (no two-digit years, no day-first forms).
//
// Periods (domain.md §0, 《民法典》第201、202条): the start day is not counted, and a period of
// N years ends on the corresponding day N years later; where that month has no corresponding
// day (29 Feb), on the last day of the month. So "one year after 2022-03-01" has run out
// (届满) at the end of 2023-03-01, and one year after 2020-02-29 at the end of 2021-02-28.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tl {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    // Days since 1970-01-01 (proleptic Gregorian).
    std::int64_t days_since_epoch() const noexcept;
    static Date from_days_since_epoch(std::int64_t days) noexcept;
    // ISO 8601 "YYYY-MM-DD".
    std::string iso() const;

    friend bool operator==(const Date& a, const Date& b) noexcept { return a.year == b.year && a.month == b.month && a.day == b.day; }
    friend bool operator!=(const Date& a, const Date& b) noexcept { return !(a == b); }
    friend bool operator<(const Date& a, const Date& b) noexcept { return a.days_since_epoch() < b.days_since_epoch(); }
    friend bool operator<=(const Date& a, const Date& b) noexcept { return !(b < a); }
    friend bool operator>(const Date& a, const Date& b) noexcept { return b < a; }
    friend bool operator>=(const Date& a, const Date& b) noexcept { return !(a < b); }
}; // struct Date

bool is_valid_date(int year, int month, int day) noexcept;
int days_in_month(int year, int month) noexcept;

// Parses every accepted form (see above); std::nullopt for anything else.
std::optional<Date> parse_date(std::string_view text);

// The last day of a period of `years` (or `months`) that starts after `start` (start day not
// counted): the corresponding day, clamped to the month's end. 《民法典》第202条.
Date period_end_years(const Date& start, int years) noexcept;
Date period_end_months(const Date& start, int months) noexcept;

// True when a period of `years` that began after `start` has fully run out on or before the
// end of `as_of` (届满: the period's last day counts as part of the period).
bool period_elapsed_years(const Date& start, int years, const Date& as_of) noexcept;

// Whole years from `start` to `as_of` by the same counting (0 if as_of < start).
int whole_years_between(const Date& start, const Date& as_of) noexcept;
// Exact age in years as a real number (days / 365.2425), for reporting only.
double age_years(const Date& start, const Date& as_of) noexcept;

} // namespace tl
