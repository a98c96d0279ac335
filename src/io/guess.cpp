#include "io/guess.hpp"

#include <algorithm>
#include <cstdint>

#include "core/date.hpp"

namespace tl::io::guess {

namespace {

bool is_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// UTF-8 code points (a broken byte is a code point of its own: names here come decoded).
std::vector<std::uint32_t> code_points(const std::string& s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + static_cast<std::size_t>(n) > s.size()) n = 1;
        std::uint32_t cp = n == 1 ? c : c & (0xFFu >> (n + 1));
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

std::string to_utf8(const std::vector<std::uint32_t>& cps) {
    std::string out;
    for (std::uint32_t cp : cps) {
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

// Folded form of a column name: ASCII lower case, no blanks, full-width brackets and
// ampersand as ASCII (（万元） = (万元)).
std::vector<std::uint32_t> fold(const std::string& s) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t cp : code_points(s)) {
        if (cp == ' ' || cp == '\t' || cp == 0x3000) continue;
        if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
        else if (cp == 0xFF08 || cp == 0x3010 || cp == '[') cp = '(';
        else if (cp == 0xFF09 || cp == 0x3011 || cp == ']') cp = ')';
        else if (cp == 0xFF06) cp = '&';
        else if (cp == 0xFF3F) cp = '_';
        out.push_back(cp);
    }
    return out;
}

struct Parts {
    std::vector<std::uint32_t> base;   // the name without its bracketed parts
    std::vector<std::uint32_t> unit;   // the first bracketed part ("万元"), if any
};

Parts split(const std::string& name) {
    Parts p;
    int depth = 0;
    bool in_first = false, had_bracket = false;
    for (std::uint32_t cp : fold(name)) {
        if (cp == '(') {
            if (depth == 0 && !had_bracket) in_first = true;
            ++depth;
            continue;
        }
        if (cp == ')' && depth > 0) {
            if (--depth == 0) { in_first = false; had_bracket = true; }
            continue;
        }
        if (depth == 0) p.base.push_back(cp);
        else if (in_first) p.unit.push_back(cp);
    }
    return p;
}

bool contains(const std::vector<std::uint32_t>& hay, const std::vector<std::uint32_t>& needle) {
    if (needle.empty() || needle.size() > hay.size()) return false;
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

bool starts_with(const std::vector<std::uint32_t>& s, const std::vector<std::uint32_t>& prefix) {
    return prefix.size() <= s.size() && std::equal(prefix.begin(), prefix.end(), s.begin());
}

std::size_t non_ascii(const std::vector<std::uint32_t>& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](std::uint32_t c) { return c >= 0x80; }));
}

std::size_t edit_distance(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The names a field is known by, with what each is: the default column, the Chinese name, aliases.
struct Name {
    std::string text;
    const char* what_zh;
    const char* what_en;
};

std::vector<Name> names_of(const FieldDef& f) {
    std::vector<Name> v{{f.default_column, "默认列名", "the default column name"},
                        {f.label_zh, "中文名", "the Chinese name"}};
    for (const auto& a : f.aliases) v.push_back({a, "常见列名", "a customary name"});
    return v;
}

Confidence step_up(Confidence c) { return c == Confidence::high ? c : static_cast<Confidence>(static_cast<int>(c) + 1); }

// Share of the non-empty samples that fit `fits`; -1 when there are none.
template <class Fn>
double share_fitting(const std::vector<std::string>& values, Fn fits) {
    std::size_t n = 0, ok = 0;
    for (const auto& v : values) {
        if (v.empty()) continue;
        ++n;
        if (fits(v)) ++ok;
    }
    return n == 0 ? -1.0 : static_cast<double>(ok) / static_cast<double>(n);
}

bool values_fit(const FieldDef& f, const std::vector<std::string>& values) {
    constexpr double enough = 0.8;   // most values: a few blanks or typos do not hide a column
    if (f.value != ValueKind::any) return share_fitting(values, [&](const std::string& v) { return looks_like(f.value, v); }) >= enough;
    if (f.type == FieldType::date) return share_fitting(values, [](const std::string& v) { return parse_date(v).has_value(); }) >= enough;
    return false;
}

// The best match of one column for one field, or none.
Candidate match_column(const FieldDef& f, const std::string& column, const std::vector<std::string>* values) {
    Candidate best;
    best.column = column;
    bool best_exact = false;
    const auto col = fold(column);
    const Parts cp = split(column);
    const Parts label_parts = split(f.label_zh);
    for (const auto& n : names_of(f)) {
        if (n.text.empty()) continue;
        const auto name = fold(n.text);
        const Parts np = split(n.text);
        Candidate c;
        c.column = column;
        if (col == name) {
            c = {column, Confidence::high, std::string("列名即") + n.what_zh + "「" + n.text + "」",
                 std::string("named like ") + n.what_en + " " + n.text, {}};
        } else if (!cp.base.empty() && cp.base == np.base) {
            // Same name, other brackets: 税收（元） for 税收(万元), 宗地面积(亩) for 宗地面积.
            const auto& want_unit = np.unit.empty() ? label_parts.unit : np.unit;
            const UnitDef* to = field_unit(f);
            const UnitDef* from = cp.unit.empty() ? nullptr : find_unit(to_utf8(cp.unit));
            if (from && to && from->quantity == to->quantity && f.type != FieldType::text) {
                // A unit the reader converts (io/reader.hpp).
                const bool same = from->num * to->den == to->num * from->den;
                c = {column, Confidence::high,
                     std::string("列名同") + n.what_zh + "「" + n.text + "」" + (same ? "" : ", 单位「" + from->name + "」读入时换算为「" + to->name + "」"),
                     std::string("named like ") + n.what_en + " " + n.text + (same ? "" : ", in " + from->name + ", converted to " + to->name + " on reading"),
                     {}};
            } else if (!cp.unit.empty() && !want_unit.empty() && cp.unit != want_unit && f.type == FieldType::number) {
                c = {column, Confidence::medium, std::string("列名同") + n.what_zh + "「" + n.text + "」, 但单位不同",
                     std::string("named like ") + n.what_en + " " + n.text + ", but in another unit", to_utf8(cp.unit)};
            } else {
                c = {column, Confidence::high, std::string("列名即") + n.what_zh + "「" + n.text + "」(括号不计)",
                     std::string("named like ") + n.what_en + " " + n.text + " (brackets aside)", {}};
            }
        } else if (non_ascii(np.base) >= 2 && contains(cp.base, np.base)) {
            c = {column, Confidence::medium, std::string("列名含") + n.what_zh + "「" + n.text + "」",
                 std::string("the name holds ") + n.what_en + " " + n.text, {}};
        } else if (non_ascii(cp.base) >= 3 && cp.base.size() < np.base.size() && starts_with(np.base, cp.base)) {
            // A DBF column name holds 10 bytes: 5 Chinese characters in GBK, 3 in UTF-8.
            c = {column, Confidence::medium, std::string("列名像截短的") + n.what_zh + "「" + n.text + "」",
                 std::string("looks like ") + n.what_en + " " + n.text + " cut short", {}};
        }
        // At equal strength: a usable unit over a mismatch, the exact name over one with other brackets.
        const bool exact = col == name;
        if (c.confidence > best.confidence ||
            (c.confidence == best.confidence && c.confidence != Confidence::none &&
             (best.unit_mismatch.size() > c.unit_mismatch.size() || (exact && !best_exact)))) {
            best = c;
            best_exact = exact;
        }
    }
    // A number column whose brackets name no unit of the field's quantity (能耗(千克) for 吨标煤,
    // 税收(2023)) is never taken for it, whichever of the field's names it resembles.
    if (best.confidence != Confidence::none && best.unit_mismatch.empty() && !cp.unit.empty() && f.type == FieldType::number) {
        const UnitDef* to = field_unit(f);
        const UnitDef* from = find_unit(to_utf8(cp.unit));
        if (to && (!from || from->quantity != to->quantity)) {
            best.unit_mismatch = to_utf8(cp.unit);
            best.why_zh += ", 但单位「" + best.unit_mismatch + "」不是" + to->name + "的单位";
            best.why_en += ", but " + best.unit_mismatch + " is no unit of " + to->name;
        }
    }
    if (values && values_fit(f, *values)) {
        const char* what_zh = f.value == ValueKind::parcel_code ? "宗地代码" : f.value == ValueKind::credit_code ? "统一社会信用代码" : "日期";
        const char* what_en = f.value == ValueKind::parcel_code ? "parcel codes" : f.value == ValueKind::credit_code ? "credit codes" : "dates";
        if (best.confidence == Confidence::none) {
            // By its values alone only a field whose values say what they are (codes), not any date.
            if (f.value != ValueKind::any)
                best = {column, Confidence::low, std::string("仅凭取值: 像") + what_zh, std::string("by its values only: they look like ") + what_en, {}};
        } else if (best.unit_mismatch.empty()) {
            best.confidence = step_up(best.confidence);
            best.why_zh += std::string(", 取值像") + what_zh;
            best.why_en += std::string(", values look like ") + what_en;
        }
    }
    return best;
}

} // namespace

const char* label_zh(Confidence c) {
    switch (c) {
        case Confidence::high: return "高";
        case Confidence::medium: return "中";
        case Confidence::low: return "低";
        default: return "无";
    }
}

const char* label_en(Confidence c) {
    switch (c) {
        case Confidence::high: return "high";
        case Confidence::medium: return "medium";
        case Confidence::low: return "low";
        default: return "none";
    }
}

bool same_column_name(const std::string& a, const std::string& b) { return a == b || fold(a) == fold(b); }

const UnitDef* header_unit(const std::string& column) {
    const Parts p = split(column);
    return p.unit.empty() ? nullptr : find_unit(to_utf8(p.unit));
}

int convertible_column(const FieldDef& field, const std::vector<std::string>& columns) {
    const UnitDef* to = field_unit(field);
    if (!to || field.type == FieldType::text) return -1;
    for (const auto& n : names_of(field)) {
        const Parts np = split(n.text);
        if (np.base.empty()) continue;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const Parts cp = split(columns[i]);
            if (cp.base != np.base || cp.unit.empty()) continue;
            const UnitDef* from = find_unit(to_utf8(cp.unit));
            if (from && from->quantity == to->quantity) return static_cast<int>(i);
        }
    }
    return -1;
}

bool looks_like(ValueKind kind, const std::string& v) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    switch (kind) {
        case ValueKind::parcel_code: {
            // 6 digits 行政区划 + 3 + 3 digits 地籍区/子区 + 2 letters 宗地特征码 + 5 digits 顺序号.
            if (v.size() != 19) return false;
            for (std::size_t i = 0; i < 19; ++i) {
                const bool ok = (i >= 12 && i < 14) ? upper(v[i]) : digit(v[i]);
                if (!ok) return false;
            }
            return true;
        }
        case ValueKind::credit_code: {
            if (v.size() != 18) return false;
            for (char c : v)
                if (!(digit(c) || (upper(c) && c != 'I' && c != 'O' && c != 'Z' && c != 'S' && c != 'V'))) return false;
            return digit(v[2]) && digit(v[7]);
        }
        default: return false;
    }
}

std::vector<Candidate> field_candidates(const FieldDef& field, const std::vector<std::string>& columns,
                                        const std::vector<std::vector<std::string>>* samples) {
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::vector<std::string>* values = samples && i < samples->size() ? &(*samples)[i] : nullptr;
        Candidate c = match_column(field, columns[i], values);
        if (c.confidence != Confidence::none) out.push_back(std::move(c));
    }
    // Best first; a unit mismatch after every usable candidate; else source order.
    std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
        if (a.unit_mismatch.empty() != b.unit_mismatch.empty()) return a.unit_mismatch.empty();
        return a.confidence > b.confidence;
    });
    return out;
}

LayerFields guess_fields(const LayerDef& layer, const std::vector<std::string>& columns,
                         const std::vector<std::vector<std::string>>* samples) {
    LayerFields out;
    struct Option {
        std::size_t field;
        Candidate c;
    };
    std::vector<Option> options;
    std::vector<std::vector<Candidate>> per_field(layer.fields.size());
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        per_field[k] = field_candidates(layer.fields[k], columns, samples);
        for (const auto& c : per_field[k])
            if (c.unit_mismatch.empty()) options.push_back({k, c});
    }
    // Strongest first; at equal strength a required field, then schema order.
    std::stable_sort(options.begin(), options.end(), [&](const Option& a, const Option& b) {
        if (a.c.confidence != b.c.confidence) return a.c.confidence > b.c.confidence;
        return layer.fields[a.field].required && !layer.fields[b.field].required;
    });
    out.fields.resize(layer.fields.size());
    std::vector<std::string> taken;
    for (const auto& o : options) {
        auto& g = out.fields[o.field];
        if (g.chosen || std::find(taken.begin(), taken.end(), o.c.column) != taken.end()) continue;
        g.chosen = o.c;
        taken.push_back(o.c.column);
        out.score += static_cast<int>(o.c.confidence);
    }
    for (std::size_t k = 0; k < layer.fields.size(); ++k) {
        auto& g = out.fields[k];
        g.field = &layer.fields[k];
        for (const auto& c : per_field[k])
            if (!g.chosen || c.column != g.chosen->column) g.others.push_back(c);
    }
    for (const auto& col : columns)
        if (std::find(taken.begin(), taken.end(), col) == taken.end()) out.unmapped.push_back(col);
    return out;
}

std::vector<LayerMatch> layer_candidates(const std::string& name) {
    // Words of the name: ASCII letter runs and digit runs apart (ZD330188 -> zd, 330188), and
    // the name's non-ASCII text for the Chinese stems.
    const auto folded = fold(name);
    std::vector<std::string> words;
    std::string word;
    int kind = 0;   // 1 letters, 2 digits
    auto flush = [&] { if (!word.empty()) words.push_back(word); word.clear(); };
    for (std::uint32_t cp : folded) {
        const int k = (cp >= 'a' && cp <= 'z') ? 1 : (cp >= '0' && cp <= '9') ? 2 : 0;
        if (k != kind) flush();
        kind = k;
        if (k) word += static_cast<char>(cp);
    }
    flush();
    const std::string whole = to_utf8(folded);
    std::vector<LayerMatch> out;
    for (const auto& def : canonical_layers()) {
        LayerMatch best{&def, Confidence::none, {}};
        for (const auto& stem : def.file_stems) {
            const auto s = fold(stem);
            const std::string st = to_utf8(s);
            Confidence c = Confidence::none;
            if (whole == st) c = Confidence::high;
            else if (is_ascii(st) && std::find(words.begin(), words.end(), st) != words.end())
                c = st.size() >= 3 ? Confidence::high : Confidence::medium;
            else if (!is_ascii(st) && non_ascii(s) >= 2 && contains(folded, s)) c = Confidence::medium;
            // A longer stem is the better evidence at equal confidence (工业用地控制线 over 控制线).
            if (c > best.confidence || (c == best.confidence && c != Confidence::none && st.size() > best.matched.size()))
                best = {&def, c, stem};
        }
        if (best.confidence != Confidence::none) out.push_back(best);
    }
    std::stable_sort(out.begin(), out.end(), [](const LayerMatch& a, const LayerMatch& b) {
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        return a.matched.size() > b.matched.size();
    });
    return out;
}

std::string did_you_mean(const FieldDef& field, const std::string& wanted, const std::vector<std::string>& columns) {
    if (!wanted.empty()) {
        const auto w = fold(wanted);
        std::string best;
        std::size_t best_d = 0;
        for (const auto& c : columns) {
            const std::size_t d = edit_distance(w, fold(c));
            if (best.empty() || d < best_d) { best = c; best_d = d; }
        }
        const std::size_t allowed = std::max<std::size_t>(1, (w.size() + 2) / 3);
        if (!best.empty() && best_d <= allowed) return best;
    }
    const auto cands = field_candidates(field, columns);
    for (const auto& c : cands)
        if (c.unit_mismatch.empty() && c.column != wanted) return c.column;
    return {};
}

} // namespace tl::io::guess
