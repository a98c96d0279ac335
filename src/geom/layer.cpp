#include "geom/layer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tl::geom {

namespace {

// Full-width forms that Chinese spreadsheets produce: digits, '.', ',', '-', '+' and the
// ideographic space, mapped to ASCII. Other text is left as it is.
std::string ascii_fold(const std::string& s) {
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

std::optional<double> parse_number(const std::string& text, bool* malformed) {
    if (malformed) *malformed = false;
    std::string t = trim(has_non_ascii(text) ? ascii_fold(text) : text);
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

std::optional<bool> parse_boolean(const std::string& text, bool* malformed) {
    if (malformed) *malformed = false;
    const std::string t = trim(ascii_fold(text));
    if (is_missing(t)) return std::nullopt;
    const std::string l = lower(t);
    if (l == "\xE6\x98\xAF" /* 是 */ || l == "y" || l == "yes" || l == "t" || l == "true" || l == "1" ||
        l == "\xE8\xA7\x84\xE4\xB8\x8A" /* 规上 */) {
        return true;
    }
    if (l == "\xE5\x90\xA6" /* 否 */ || l == "n" || l == "no" || l == "f" || l == "false" || l == "0" ||
        l == "\xE8\xA7\x84\xE4\xB8\x8B" /* 规下 */) {
        return false;
    }
    bool num_bad = false;
    if (auto v = parse_number(t, &num_bad)) {
        if (*v == 1.0) return true;
        if (*v == 0.0) return false;
    }
    if (malformed) *malformed = true;
    return std::nullopt;
}

int Layer::key_index(const std::string& key) const {
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (keys[k] == key) return static_cast<int>(k);
    }
    return -1;
}

bool Layer::has_column(const std::string& key) const {
    const int k = key_index(key);
    return k >= 0 && static_cast<std::size_t>(k) < bound.size() && bound[static_cast<std::size_t>(k)];
}

std::optional<std::string> Layer::text(std::size_t i, const std::string& key) const {
    const int k = key_index(key);
    if (k < 0 || i >= features.size()) return std::nullopt;
    const auto& values = features[i].values;
    if (static_cast<std::size_t>(k) >= values.size() || !values[static_cast<std::size_t>(k)]) return std::nullopt;
    std::string t = trim(*values[static_cast<std::size_t>(k)]);
    if (t.empty()) return std::nullopt;
    return t;
}

namespace {

void report_value(const Layer& layer, std::size_t i, const std::string& key, const std::string& kind,
                  const std::string& raw, const std::string& expected, IssueLog* issues) {
    if (!issues) return;
    const int k = layer.key_index(key);
    if (layer.reported && !layer.reported->first_time(i, k)) return;
    const Feature& f = layer.features[i];
    Issue issue;
    issue.layer = layer.name;
    issue.fid = f.fid;
    issue.feature_id = f.id;
    issue.kind = kind;
    issue.field = key;
    issue.detail = key + ": \"" + raw + "\" is not " + expected + "; treated as missing";
    issue.action = IssueAction::kept;
    issues->add(std::move(issue));
}

} // namespace

std::optional<double> Layer::number(std::size_t i, const std::string& key, IssueLog* issues) const {
    const auto t = text(i, key);
    if (!t) return std::nullopt;
    bool malformed = false;
    auto v = parse_number(*t, &malformed);
    if (malformed) report_value(*this, i, key, "bad_value", *t, "a number", issues);
    return v;
}

std::optional<Date> Layer::date(std::size_t i, const std::string& key, IssueLog* issues) const {
    const auto t = text(i, key);
    if (!t || is_missing(trim(ascii_fold(*t)))) return std::nullopt;
    auto d = parse_date(*t);
    if (!d) {
        report_value(*this, i, key, "bad_date", *t,
                     "a date (accepted: 2022-06-29, 2022/6/29, 20220629, 2022年6月29日, Excel serial)", issues);
    }
    return d;
}

std::optional<bool> Layer::boolean(std::size_t i, const std::string& key, IssueLog* issues) const {
    const auto t = text(i, key);
    if (!t) return std::nullopt;
    bool malformed = false;
    auto v = parse_boolean(*t, &malformed);
    if (malformed) report_value(*this, i, key, "bad_value", *t, "yes/no (是/否, Y/N, 1/0, true/false, 规上/规下)", issues);
    return v;
}

Issue Layer::issue(std::size_t i, std::string kind, std::string field, std::string detail, IssueAction action) const {
    const Feature& f = features[i];
    Issue is;
    is.layer = name;
    is.fid = f.fid;
    is.feature_id = f.id;
    is.kind = std::move(kind);
    is.field = std::move(field);
    is.detail = std::move(detail);
    is.action = action;
    if (f.geom) {
        is.x = (f.env.minx + f.env.maxx) / 2;
        is.y = (f.env.miny + f.env.maxy) / 2;
    }
    return is;
}

} // namespace tl::geom
