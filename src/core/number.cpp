#include "core/number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tl {

namespace {

// Full-width forms that Chinese spreadsheets produce: digits, '.', ',', '-', '+' and the
// ideographic space, mapped to ASCII. Other text is left as it is.
std::string ascii_fold_impl(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 == 0xEF && i + 2 < s.size()) {  // U+FF00–U+FFEF
            const auto b1 = static_cast<unsigned char>(s[i + 1]);
            const auto b2 = static_cast<unsigned char>(s[i + 2]);
            const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {  // full-width ASCII
                out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
                i += 3;
                continue;
            }
        }
        if (b0 == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            static_cast<unsigned char>(s[i + 2]) == 0x80) {  // U+3000 ideographic space
            out.push_back(' ');
            i += 3;
            continue;
        }
        out.push_back(s[i]);
        ++i;
    }
    return out;
}

bool has_non_ascii(const std::string& s) {
    for (char ch : s)
        if (static_cast<unsigned char>(ch) >= 0x80) return true;
    return false;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

bool is_missing(const std::string& t) {
    if (t.empty()) return true;
    if (t.size() > 4) return false;  // the longest missing form is "null"
    const std::string l = lower(t);
    return l == "null" || l == "-" || l == "--" || l == "/" || l == "n/a" || t == "\xE2\x80\x94" /* — */;
}

// Removes thousands separators when they are well placed (1,234,567.8); false otherwise.
bool strip_thousands(std::string& t) {
    if (t.find(',') == std::string::npos) return true;
    const std::size_t start = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
    std::size_t end = t.find_first_of(".eE", start);
    if (end == std::string::npos) end = t.size();
    if (t.find(',', end) != std::string::npos) return false;  // commas after the integer part
    const std::string integer = t.substr(start, end - start);
    std::string digits;
    std::size_t group = 0;  // digits in the current group
    bool first_group = true;
    for (char ch : integer) {
        if (ch == ',') {
            if (group == 0 || group > 3 || (!first_group && group != 3)) return false;
            first_group = false;
            group = 0;
        } else {
            digits.push_back(ch);
            ++group;
        }
    }
    if (group != 3) return false;
    t = t.substr(0, start) + digits + t.substr(end);
    return true;
}

} // namespace

std::string fold_fullwidth(const std::string& s) { return ascii_fold_impl(s); }
std::string trim_blanks(const std::string& s) { return trim(s); }
bool is_missing_text(const std::string& t) { return is_missing(t); }

std::optional<double> parse_number(const std::string& text, bool* malformed) {
    if (malformed) *malformed = false;
    std::string t = trim(has_non_ascii(text) ? ascii_fold_impl(text) : text);
    if (is_missing(t)) return std::nullopt;
    const auto bad = [&]() -> std::optional<double> {
        if (malformed) *malformed = true;
        return std::nullopt;
    };
    if (!strip_thousands(t)) return bad();
    std::size_t pos = 0;
    if (!t.empty() && t[0] == '+') pos = 1;
    const bool sign_ok = pos == 0 && t[0] == '-';
    if (pos < t.size() && !(std::isdigit(static_cast<unsigned char>(t[pos])) || t[pos] == '.' || sign_ok)) return bad();
    double v = 0;
    const char* first = t.data() + pos;
    const char* last = t.data() + t.size();
    const auto r = std::from_chars(first, last, v, std::chars_format::general);
    if (r.ec != std::errc{} || r.ptr != last || !std::isfinite(v)) return bad();
    return v;
}

std::string trimmed_decimal(double v, int decimals) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

} // namespace tl
