#include "geom/layer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/number.hpp"

namespace tl::geom {

namespace {

// Full-width forms, blanks and the missing forms as core/number.hpp reads them.
std::string ascii_fold(const std::string& s) { return fold_fullwidth(s); }
std::string trim(const std::string& s) { return trim_blanks(s); }

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

bool is_missing(const std::string& t) { return is_missing_text(t); }

} // namespace

std::optional<double> parse_number(const std::string& text, bool* malformed) { return tl::parse_number(text, malformed); }

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
