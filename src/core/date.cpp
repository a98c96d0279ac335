#include "core/date.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace tl {

namespace {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string_view trim(std::string_view s) {
    auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && sp(s.front())) s.remove_prefix(1);
    while (!s.empty() && sp(s.back())) s.remove_suffix(1);
    return s;
}

// Reads 1..max_digits decimal digits at s[pos]; advances pos.
bool read_int(std::string_view s, std::size_t& pos, int min_digits, int max_digits, int& out) {
    int n = 0, v = 0;
    while (pos < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        v = v * 10 + (s[pos] - '0');
        ++pos; ++n;
    }
    if (n < min_digits) return false;
    out = v;
    return true;
}

bool consume(std::string_view s, std::size_t& pos, std::string_view token) {
    if (s.substr(pos, token.size()) == token) { pos += token.size(); return true; }
    return false;
}

std::optional<Date> make(int y, int m, int d) {
    if (y < 1800 || y > 2200 || !is_valid_date(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

// A time part after the date, as GDAL prints DateTime fields: " 00:00:00", "T08:00:00+08".
bool is_time_suffix(std::string_view rest) {
    if (rest.empty()) return true;
    if (rest.front() != ' ' && rest.front() != 'T') return false;
    rest.remove_prefix(1);
    if (rest.size() < 5 || !std::isdigit(static_cast<unsigned char>(rest[0])) ||
        !std::isdigit(static_cast<unsigned char>(rest[1])) || rest[2] != ':') return false;
    for (char c : rest) {
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '+' ||
              c == '-' || c == 'Z')) return false;
    }
    return true;
}

} // namespace

bool is_valid_date(int year, int month, int day) noexcept {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

int days_in_month(int year, int month) noexcept {
    static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap(year) ? 29 : k[month - 1];
}

std::int64_t Date::days_since_epoch() const noexcept {
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::from_days_since_epoch(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<Date> parse_date(std::string_view text) {
    const std::string_view s = trim(text);
    if (s.empty()) return std::nullopt;

    // 20220629: exactly eight digits.
    bool all_digits = true;
    for (char c : s) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
    if (all_digits && s.size() == 8) {
        const int y = std::stoi(std::string(s.substr(0, 4)));
        const int m = std::stoi(std::string(s.substr(4, 2)));
        const int d = std::stoi(std::string(s.substr(6, 2)));
        return make(y, m, d);
    }

    // Excel serial day (1900 system, as Excel and LibreOffice store dates): 1..109939
    // (1900-01-01..2200-12-31, the years every other form accepts; Excel itself goes on to
    // 9999, but a larger number in county data is an id or a typo, not a date), optionally
    // with a zero fraction ("44741.0"). Day 60 is Excel's phantom 1900-02-29.
    {
        std::size_t pos = 0;
        int serial = 0;
        if (read_int(s, pos, 1, 7, serial)) {
            bool ok = pos == s.size();
            if (!ok && s[pos] == '.') {
                ok = true;
                for (std::size_t i = pos + 1; i < s.size(); ++i) ok = ok && s[i] == '0';
            }
            if (ok && all_digits && s.size() == 4) ok = false;  // a bare year is not a date
            if (ok) {
                if (serial < 1 || serial == 60) return std::nullopt;
                // Serial 1 = 1900-01-01; serials after 60 are one day late because of the phantom day.
                const std::int64_t base = Date{1899, 12, 31}.days_since_epoch();
                const Date d = Date::from_days_since_epoch(base + serial - (serial > 60 ? 1 : 0));
                return make(d.year, d.month, d.day);   // the same year range as the written forms
            }
        }
    }

    // Y sep M sep D, with sep one of - / . or 年 月 日.
    std::size_t pos = 0;
    int y = 0, m = 0, d = 0;
    if (!read_int(s, pos, 4, 4, y)) return std::nullopt;
    if (consume(s, pos, "年")) {
        if (!read_int(s, pos, 1, 2, m) || !consume(s, pos, "月") || !read_int(s, pos, 1, 2, d)) return std::nullopt;
        consume(s, pos, "日");
        if (pos != s.size()) return std::nullopt;
        return make(y, m, d);
    }
    if (pos >= s.size()) return std::nullopt;
    const char sep = s[pos];
    if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
    ++pos;
    if (!read_int(s, pos, 1, 2, m)) return std::nullopt;
    if (pos >= s.size() || s[pos] != sep) return std::nullopt;
    ++pos;
    if (!read_int(s, pos, 1, 2, d)) return std::nullopt;
    if (!is_time_suffix(s.substr(pos))) return std::nullopt;
    return make(y, m, d);
}

Date period_end_months(const Date& start, int months) noexcept {
    int total = start.year * 12 + (start.month - 1) + months;
    int y = total / 12;
    int m = total % 12 + 1;
    int d = std::min(start.day, days_in_month(y, m));
    return Date{y, m, d};
}

Date period_end_years(const Date& start, int years) noexcept { return period_end_months(start, 12 * years); }

bool period_elapsed_years(const Date& start, int years, const Date& as_of) noexcept {
    return as_of >= period_end_years(start, years);
}

int whole_years_between(const Date& start, const Date& as_of) noexcept {
    if (as_of < start) return 0;
    int n = as_of.year - start.year;
    while (n > 0 && !period_elapsed_years(start, n, as_of)) --n;
    return n;
}

double age_years(const Date& start, const Date& as_of) noexcept {
    return static_cast<double>(as_of.days_since_epoch() - start.days_since_epoch()) / 365.2425;
}

} // namespace tl
