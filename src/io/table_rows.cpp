#include "io/table_rows.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors.hpp"

#include "io/guess.hpp"

namespace tl::io {

namespace {

bool iequals_ascii(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool names(const std::vector<std::string>& cells, const std::string& name) {
    if (name.empty()) return false;
    for (const auto& c : cells)
        if (!c.empty() && (iequals_ascii(c, name) || guess::same_column_name(c, name))) return true;
    return false;
}

// Without ASCII blanks, the ideographic space (U+3000) and no-break spaces anywhere in the text
// ("合 计", "合　计").
std::string squeeze(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++i; continue; }
        if (s.compare(i, 3, "\xE3\x80\x80") == 0) { i += 3; continue; }   // U+3000
        if (s.compare(i, 2, "\xC2\xA0") == 0) { i += 2; continue; }       // U+00A0
        out += s[i++];
    }
    return out;
}

// Length of the UTF-8 character starting at s[i].
std::size_t char_len(const std::string& s, std::size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return std::min(n, s.size() - i);
}

} // namespace

int header_score(const std::vector<std::string>& cells, const LayerDef& layer, const LayerSpec& spec) {
    int score = 0;
    for (const auto& f : layer.fields) {
        auto mapped = spec.fields.find(f.key);
        bool hit = false;
        if (mapped != spec.fields.end()) {
            hit = names(cells, mapped->second);
        } else {
            hit = names(cells, f.default_column) || names(cells, f.label_zh);
            for (std::size_t a = 0; !hit && a < f.aliases.size(); ++a) hit = names(cells, f.aliases[a]);
            if (!hit) hit = guess::convertible_column(f, cells) >= 0;
        }
        if (hit) ++score;
    }
    return score;
}

std::string first_cell_excerpt(const std::vector<std::string>& cells) {
    for (const auto& c : cells) {
        if (squeeze(c).empty()) continue;
        std::string out;
        std::size_t chars = 0, i = 0;
        for (; i < c.size() && chars < table_layout().excerpt_chars; ++chars) {
            const std::size_t n = char_len(c, i);
            out.append(c, i, n);
            i += n;
        }
        if (i < c.size()) out += "…";
        return out;
    }
    return {};
}

TableRowKind classify_row(const std::vector<std::string>& cells) {
    TableRowKind k;
    std::string first;
    for (const auto& c : cells)
        if (first = squeeze(c); !first.empty()) break;
    if (first.empty()) {
        k.kind = TableRowKind::skipped;
        k.reason = "blank";
        k.label_zh = "空行";
        return k;
    }
    const TableLayout& t = table_layout();
    // The longest word that fits wins (总合计 over 合计 would not matter; 制表人 over 制表 does).
    const TableRowMarker* best = nullptr;
    for (const auto& m : t.markers) {
        if (first.compare(0, m.word.size(), m.word) != 0) continue;
        if (m.needs_break && first.size() > m.word.size()) {
            const std::string next = first.substr(m.word.size(), char_len(first, m.word.size()));
            if (t.punctuation_after_word.find(next) == std::string::npos) continue;
        }
        if (!best || m.word.size() > best->word.size()) best = &m;
    }
    if (best) {
        k.kind = TableRowKind::skipped;
        k.reason = best->reason;
        k.label_zh = best->label_zh;
    }
    return k;
}

std::vector<const UnitDef*> unit_line_units(const std::string& cell) {
    const TableLayout& t = table_layout();
    const std::string text = squeeze(cell);
    bool is_unit_line = false;
    for (const auto& w : t.unit_line_words)
        if (text.compare(0, w.size(), w) == 0) is_unit_line = true;
    std::vector<const UnitDef*> out;
    if (!is_unit_line) return out;
    // Split at the separators; every piece that is a unit counts (单位 words are no units).
    std::vector<std::string> pieces{""};
    for (std::size_t i = 0; i < cell.size();) {
        bool sep = false;
        for (const auto& s : t.unit_separators)
            if (!s.empty() && cell.compare(i, s.size(), s) == 0) {
                pieces.emplace_back();
                i += s.size();
                sep = true;
                break;
            }
        if (sep) continue;
        const std::size_t n = char_len(cell, i);
        pieces.back().append(cell, i, n);
        i += n;
    }
    for (auto piece : pieces) {
        for (const auto& w : t.unit_line_words)   // 金额单位元 without a colon: the word is no part of the unit
            if (piece.compare(0, w.size(), w) == 0) piece.erase(0, w.size());
        if (const UnitDef* u = find_unit(piece)) out.push_back(u);
    }
    return out;
}

TablePlan plan_table(const std::vector<std::vector<std::string>>& rows, const LayerDef& layer, const LayerSpec& spec,
                     bool any_layer) {
    TablePlan p;
    p.rows.resize(rows.size());
    const auto score_of = [&](const std::vector<std::string>& cells) {
        int s = header_score(cells, layer, spec);
        if (any_layer)
            for (const auto& other : canonical_layers()) s = std::max(s, header_score(cells, other, LayerSpec{}));
        return s;
    };
    const std::size_t search = std::min(rows.size(), static_cast<std::size_t>(std::max(1, table_layout().header_search_rows)));
    for (std::size_t i = 0; i < search; ++i) {
        const int s = score_of(rows[i]);
        if (s > p.header_score) {
            p.header_score = s;
            p.header = i;
        }
    }
    p.header_names = rows.empty() ? std::vector<std::string>{} : rows[p.header];
    // A two-row header: the row above or below combined with the one found names more.
    const auto combine = [&](std::size_t upper, std::size_t lower) {
        std::vector<std::string> names(std::max(rows[upper].size(), rows[lower].size()));
        for (std::size_t c = 0; c < names.size(); ++c) {
            const std::string lo = c < rows[lower].size() ? rows[lower][c] : std::string();
            const std::string up = c < rows[upper].size() ? rows[upper][c] : std::string();
            names[c] = squeeze(lo).empty() ? up : lo;
        }
        return names;
    };
    if (p.header_score > 0) {
        int best = p.header_score;
        if (p.header > 0) {
            auto names = combine(p.header - 1, p.header);
            if (const int sc = score_of(names); sc > best) {
                best = sc;
                p.header_names = std::move(names);
                p.header -= 1;
                p.header_rows = 2;
            }
        }
        if (p.header_rows == 1 && p.header + 1 < rows.size()) {
            auto names = combine(p.header, p.header + 1);
            if (const int sc = score_of(names); sc > best) {
                best = sc;
                p.header_names = std::move(names);
                p.header_rows = 2;
            }
        }
        p.header_score = best;
    }
    if (p.header_rows == 2) {
        const auto& up = rows[p.header];
        const auto& lo = rows[p.header + 1];
        p.group_units.assign(p.header_names.size(), nullptr);
        const UnitDef* group = nullptr;
        for (std::size_t c = 0; c < p.header_names.size(); ++c) {
            const bool has_up = c < up.size() && !squeeze(up[c]).empty();
            const bool has_lo = c < lo.size() && !squeeze(lo[c]).empty();
            if (has_up) group = has_lo ? guess::header_unit(up[c]) : nullptr;   // a group cell, or a name merged down
            if (has_lo && group) p.group_units[c] = group;
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        TableRowKind& k = p.rows[i];
        if (i >= p.header && i < p.header + p.header_rows) {
            k.kind = TableRowKind::header;
        } else if (i < p.header) {
            k = classify_row(rows[i]);
            if (k.kind != TableRowKind::skipped || k.reason != "blank") {
                k.kind = TableRowKind::skipped;
                k.reason = "title";
                k.label_zh = "表头以上的标题行";
            }
        } else {
            k = classify_row(rows[i]);
        }
        if (k.kind == TableRowKind::skipped) ++p.skipped;
    }
    // Units of a unit line above the header, one per quantity.
    std::vector<const UnitDef*> units;
    for (std::size_t i = 0; i < p.header; ++i)
        for (const auto& c : rows[i]) {
            const auto u = unit_line_units(c);
            if (u.empty()) continue;
            if (p.unit_line.empty()) p.unit_line = c;
            units.insert(units.end(), u.begin(), u.end());
        }
    for (const UnitDef* u : units) {
        bool ambiguous = false;
        for (const UnitDef* v : units) ambiguous = ambiguous || (v->quantity == u->quantity && v != u);
        if (!ambiguous && std::find(p.title_units.begin(), p.title_units.end(), u) == p.title_units.end()) p.title_units.push_back(u);
    }
    return p;
}

std::string skipped_row_detail(std::int64_t row_number, const TableRowKind& kind, const std::vector<std::string>& cells) {
    const std::string n = std::to_string(row_number);
    const std::string first = first_cell_excerpt(cells);
    return "第 " + n + " 行 row " + n + " 跳过 skipped: " + kind.label_zh + " (" + kind.reason + ")" +
           (first.empty() ? std::string() : "; 首格 first cell «" + first + "»");
}

std::optional<std::filesystem::path> find_table_beside(const std::filesystem::path& base_dir, const std::string& configured,
                                                       const std::vector<const char*>& names) {
    if (!configured.empty()) return std::filesystem::path(configured);
    for (const char* name : names) {
        const std::filesystem::path p = base_dir / std::filesystem::u8path(name);
        if (std::filesystem::exists(p)) return p;
    }
    return std::nullopt;
}

void stop_on_bad_cells(const std::string& file, const std::string& table_zh, const std::string& table_en,
                       const std::vector<std::string>& bad) {
    if (bad.empty()) return;
    std::string msg = fmt::format("{}有 {} 处错误, 改正后重新运行 ({} has {} bad cells; fix them and run again):", table_zh,
                                  bad.size(), table_en, bad.size());
    for (std::size_t i = 0; i < bad.size() && i < 20; ++i) msg += "\n  " + bad[i];
    if (bad.size() > 20) msg += fmt::format("\n  … 另有 {} 处", bad.size() - 20);
    throw ConfigError(file, msg);
}

} // namespace tl::io
