#include "cases/decisions.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"
#include "io/table_rows.hpp"
#include "report/styles.hpp"

namespace tl::cases {

namespace fs = std::filesystem;

namespace {

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trimmed(std::string s) {
    auto blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && blank(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && blank(static_cast<unsigned char>(s[i]))) ++i;
    s.erase(0, i);
    // A full-width space (U+3000) around a word typed on a Chinese keyboard.
    while (s.rfind("\xE3\x80\x80", 0) == 0) s.erase(0, 3);
    while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
    return s;
}

// Categories that hold cases: a key column in styles/categories.json, not the parcels table.
bool is_case_category(const report::CategoryStyle& st) { return !st.key.empty() && st.id != "parcels"; }

std::string category_words() {
    std::string s;
    for (const auto& st : report::category_styles())
        if (is_case_category(st)) s += (s.empty() ? "" : "、") + st.zh + " (" + st.id + ")";
    return s;
}

// Does one rule id (R04.far, R03) fall under the decision's rule (R04, R03)?
bool one_rule_matches(const std::string& a, const std::string& b) {
    return a == b || (b.size() > a.size() && b.compare(0, a.size(), a) == 0 && b[a.size()] == '.');
}

// The rule ids of a row's rule cell: one (R03), or a parcel's failed rules joined ("R04.far;R06.coverage").
std::vector<std::string> row_rules(const std::string& row_rule) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= row_rule.size()) {
        const std::size_t semi = row_rule.find(';', from);
        const std::string part = ascii_lower(row_rule.substr(from, semi == std::string::npos ? std::string::npos : semi - from));
        if (!part.empty()) out.push_back(part);
        if (semi == std::string::npos) break;
        from = semi + 1;
    }
    return out;
}

// Does the decision's rule (R04, R03; empty: any) name one of the row's rules?
bool rule_matches(const std::string& decision_rule, const std::string& row_rule) {
    if (decision_rule.empty()) return true;
    const std::string a = ascii_lower(decision_rule);
    for (const auto& b : row_rules(row_rule))
        if (one_rule_matches(a, b)) return true;
    return false;
}

// Does it name every one of them? An 排除 of one rule takes a parcel failing two rules off only
// when it covers both: otherwise the parcel stays listed for the rules it did not clear.
bool rule_covers_all(const std::string& decision_rule, const std::string& row_rule) {
    if (decision_rule.empty()) return true;
    const std::string a = ascii_lower(decision_rule);
    for (const auto& b : row_rules(row_rule))
        if (!one_rule_matches(a, b)) return false;
    return true;
}

using report::cell_text;
using report::column_index;

} // namespace

namespace {
const std::pair<const char*, const char*> kStatusWords[] = {
    {"待核实", "to verify"}, {"确认", "confirmed"}, {"整改中", "in progress"}, {"已处置", "disposed"}, {"排除", "excluded"},
    {"逾期", "overdue"},    {"未逾期", "not overdue"}, {"销号", "closed"}, {"重新列入", "reopened"},
};
} // namespace

std::string status_word(const std::string& zh, report::Lang lang) {
    if (lang == report::Lang::zh) return zh;
    std::string out = zh;
    // "确认 逾期": each word
    std::string result;
    std::size_t start = 0;
    while (start <= out.size()) {
        const auto sp = out.find(' ', start);
        const std::string w = out.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
        std::string t = w;
        for (const auto& [z, e] : kStatusWords)
            if (w == z) t = e;
        result += (result.empty() ? "" : " ") + t;
        if (sp == std::string::npos) break;
        start = sp + 1;
    }
    return result;
}

std::string status_zh(const std::string& word) {
    for (const auto& [z, e] : kStatusWords) {
        if (word == e) return z;
        if (word == std::string(e) + " overdue") return std::string(z) + " 逾期";
    }
    return word;
}

const char* decision_zh(Decision d) noexcept {
    switch (d) {
        case Decision::confirmed: return "确认";
        case Decision::excluded: return "排除";
        case Decision::in_progress: return "整改中";
        case Decision::disposed: return "已处置";
    }
    return "?";
}

const char* decision_en(Decision d) noexcept {
    switch (d) {
        case Decision::confirmed: return "confirmed";
        case Decision::excluded: return "excluded";
        case Decision::in_progress: return "in_progress";
        case Decision::disposed: return "disposed";
    }
    return "?";
}

std::optional<Decision> parse_decision(const std::string& word) {
    const std::string w = ascii_lower(trimmed(word));
    for (Decision d : {Decision::confirmed, Decision::excluded, Decision::in_progress, Decision::disposed}) {
        if (w == decision_zh(d) || w == decision_en(d)) return d;
    }
    if (w == "in progress") return Decision::in_progress;
    return std::nullopt;
}

std::optional<std::string> parse_category(const std::string& cell) {
    const std::string c = trimmed(cell);
    if (c.empty()) return std::nullopt;
    const std::string lc = ascii_lower(c);
    for (const auto& st : report::category_styles()) {
        if (!is_case_category(st)) continue;
        if (lc == st.id || c == st.zh || lc == ascii_lower(st.en)) return st.id;
    }
    std::optional<std::string> only;
    int n = 0;
    for (const auto& st : report::category_styles()) {
        if (!is_case_category(st)) continue;
        if (st.zh.rfind(c, 0) == 0) {
            only = st.id;
            ++n;
        }
    }
    return n == 1 ? only : std::nullopt;
}

DecisionsTable parse_decisions(const std::string& file, const std::vector<RawDecision>& rows) {
    DecisionsTable out;
    out.file = file;
    std::vector<std::string> bad;
    const io::LayerDef& def = io::decisions_table_def();
    auto label = [&](const std::string& key) {
        const io::FieldDef* f = io::find_field_def(def, key);
        return f ? f->label_zh + " (" + key + ")" : key;
    };
    for (const auto& raw : rows) {
        auto cell = [&](const std::string& key) {
            const auto it = raw.cells.find(key);
            return it == raw.cells.end() ? std::string() : trimmed(it->second);
        };
        auto complain = [&](const std::string& key, const std::string& what, const std::string& fix) {
            bad.push_back(fmt::format("第 {} 行 row {}, 列 {}: {}; {}", raw.row, raw.row, label(key), what, fix));
        };
        // A row with nothing in it at all is a spacer, not a decision.
        bool empty = true;
        for (const auto& [k, v] : raw.cells) empty = empty && trimmed(v).empty();
        if (empty) continue;
        DecisionRow r;
        r.row = raw.row;
        const std::string cat = cell("category");
        if (auto id = parse_category(cat)) r.category = *id;
        else complain("category", cat.empty() ? "类别为空" : "不认识的类别「" + cat + "」", "请填 " + category_words());
        r.case_key = cell("case_key");
        if (r.case_key.empty()) complain("case_key", "编号为空", "请填该类别清单中的编号 (批次编号、供地编号、宗地代码或零星地块编号)");
        r.rule = cell("rule");
        const std::string word = cell("decision");
        if (auto d = parse_decision(word)) r.decision = *d;
        else complain("decision", word.empty() ? "处置决定为空" : "不认识的处置决定「" + word + "」",
                      "请填 确认、排除、整改中 或 已处置 (confirmed, excluded, in_progress, disposed)");
        r.reason = cell("reason");
        r.evidence = cell("evidence");
        r.decided_by = cell("decided_by");
        for (const char* key : {"decided_on", "deadline"}) {
            const std::string t = cell(key);
            if (t.empty()) continue;
            const auto date = parse_date(t);
            if (!date) {
                complain(key, "「" + t + "」不是日期", "请写成 2024-03-31 这样的日期");
                continue;
            }
            (std::string(key) == "deadline" ? r.deadline : r.decided_on) = date;
        }
        if (r.decision == Decision::excluded && r.reason.empty() && !r.category.empty() && !r.case_key.empty())
            complain("reason", "排除没有理由", "排除须写明理由 (如 已取得施工许可、已动工), 以备核查");
        out.rows.push_back(std::move(r));
    }
    io::stop_on_bad_cells(file, "处置决定表", "the decisions table", bad);
    return out;
}

std::optional<fs::path> find_decisions_file(const fs::path& base_dir, const std::string& configured) {
    return io::find_table_beside(base_dir, configured, {"decisions.csv", "decisions.xlsx", "处置决定.csv", "处置决定.xlsx"});
}

DecisionsTable read_decisions(const fs::path& file, IssueLog& issues) {
    io::LayerSpec spec;
    spec.name = "decisions";
    spec.source = file.string();
    const io::RawLayer raw = io::read_layer(io::decisions_table_def(), spec, issues);
    std::vector<RawDecision> rows;
    for (const auto& f : raw.features) {
        RawDecision r;
        // A sheet's FID is its row number; a CSV's is its line - 1 (io/reader.hpp): the row the
        // planner sees is line = FID + 1 for a CSV.
        r.row = raw.driver == "CSV" ? f.fid + 1 : f.fid;
        for (std::size_t k = 0; k < raw.keys.size(); ++k)
            if (!raw.keys[k].empty() && f.values[k]) r.cells[raw.keys[k]] = *f.values[k];
        rows.push_back(std::move(r));
    }
    return parse_decisions(file.string(), rows);
}

nlohmann::ordered_json Applied::summary_json() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [cat, c] : by_category) {
        j[cat] = {{"listed", c.listed},       {"new", c.pending},      {"confirmed", c.confirmed},
                  {"in_progress", c.in_progress}, {"overdue", c.overdue}, {"disposed", c.disposed},
                  {"excluded", c.excluded}};
    }
    return j;
}

Applied apply_decisions(const std::vector<report::Table*>& lists, const DecisionsTable& d, const Date& as_of, IssueLog& issues,
                        report::Lang lang) {
    using K = report::ColumnKind;
    Applied out;
    out.excluded.name = "excluded";
    out.excluded.columns = {
        {"category", "类别", "category"},          {"case_key", "编号", "case key"},
        {"rule", "规则", "rule"},                   {"township", "镇街", "township"},
        {"area_mu", "面积(亩)", "area (mu)", K::area_mu},
        {"decision", "处置决定", "decision"},      {"reason", "理由", "reason"},
        {"evidence", "佐证", "evidence"},          {"decided_by", "决定人", "decided by"},
        {"decided_on", "决定日期", "decided on", K::date},
        {"decision_row", "决定表行号", "decisions row", K::integer},
    };
    out.unmatched.name = "decisions_unmatched";
    out.unmatched.columns = {
        {"decision_row", "决定表行号", "decisions row", K::integer},
        {"category", "类别", "category"},         {"case_key", "编号", "case key"},
        {"rule", "规则", "rule"},                  {"decision", "处置决定", "decision"},
        {"decided_by", "决定人", "decided by"},  {"why", "未匹配原因", "why unmatched"},
    };
    std::vector<bool> matched(d.rows.size(), false);
    std::set<std::string> categories_run;

    for (const auto& st : report::category_styles()) {
        if (!is_case_category(st)) continue;
        // A category may have several tables (批而未供: the batches, unsupplied.csv, and their pieces,
        // unsupplied.geojson): each is filtered and annotated; the first one is counted and feeds
        // excluded.csv.
        std::vector<report::Table*> same;
        for (report::Table* l : lists)
            if (l && l->name == st.id) same.push_back(l);
        if (same.empty()) continue;
        categories_run.insert(st.id);
        for (std::size_t table_index = 0; table_index < same.size(); ++table_index) {
            report::Table* t = same[table_index];
            const bool primary = table_index == 0;
            const int key_col = column_index(*t, st.key);
            if (key_col < 0) continue;
            const int rule_col = column_index(*t, st.rule_column);
            // A list that shows every verdict (标准地: each indicator, passed or not) has an `outcome`
            // column: only its failed and undecided rows are cases; the others get no status.
            const int outcome_col = column_index(*t, "outcome");
            int town_col = column_index(*t, "township");
            int mu_col = -1;
            for (std::size_t i = 0; i < t->columns.size() && mu_col < 0; ++i)
                if (t->columns[i].kind == K::area_mu) mu_col = static_cast<int>(i);

            t->columns.push_back({"case_status", "处置状态", "case status"});
            t->columns.push_back({"case_deadline", "整改期限", "deadline", K::date});
            t->columns.push_back({"case_overdue", "是否逾期", "overdue"});
            t->columns.push_back({"case_reason", "核实情况", "decision reason"});

            // The decisions of this category by key, in file order.
            std::map<std::string, std::vector<std::size_t>> by_key;
            for (std::size_t i = 0; i < d.rows.size(); ++i)
                if (d.rows[i].category == st.id) by_key[d.rows[i].case_key].push_back(i);

            CaseCounts counts;
            struct CaseState {
                bool kept = false;                  // some row stays on the shortlist
                std::optional<Decision> decision;   // of the first kept row
                bool overdue = false;
            };
            std::map<std::string, CaseState> cases;
            std::vector<std::vector<report::Cell>> kept_rows;
            std::vector<const GEOSGeometry*> kept_geoms;
            const bool has_geoms = t->geoms.size() == t->rows.size();
            for (std::size_t r = 0; r < t->rows.size(); ++r) {
                auto row = std::move(t->rows[r]);
                if (outcome_col >= 0) {
                    const std::string outcome = cell_text(*t, row, outcome_col);
                    if (outcome == "pass" || outcome == "not_applicable") {
                        row.resize(row.size() + 4);   // 处置状态, 整改期限, 是否逾期, 核实情况: none
                        kept_rows.push_back(std::move(row));
                        if (has_geoms) kept_geoms.push_back(t->geoms[r]);
                        continue;
                    }
                }
                const std::string key = cell_text(*t, row, key_col);
                const std::string rule = cell_text(*t, row, rule_col);
                const DecisionRow* dec = nullptr;
                std::string partial;   // an 排除 of some of the row's rules only (a parcel failing several)
                if (const auto it = by_key.find(key); it != by_key.end()) {
                    for (std::size_t i : it->second) {
                        const DecisionRow& c = d.rows[i];
                        if (!rule_matches(c.rule, rule)) continue;
                        matched[i] = true;
                        if (c.decision == Decision::excluded && !rule_covers_all(c.rule, rule)) {
                            partial = lang == report::Lang::zh
                                          ? fmt::format("排除 {} (第 {} 行) 仅涉及部分不达标规则, 其余规则仍不达标, 仍列入", c.rule, c.row)
                                          : fmt::format("excluded {} (row {}) clears only some of the failed rules; still listed for the others",
                                                        c.rule, c.row);
                            continue;
                        }
                        // The latest decided_on wins; a later row wins a tie (undated rows count as oldest).
                        if (!dec || (c.decided_on.value_or(Date{1, 1, 1}) >= dec->decided_on.value_or(Date{1, 1, 1}))) {
                            dec = &c;
                        }
                    }
                }
                if (dec && dec->decision == Decision::excluded) {
                    if (primary) {
                        out.excluded_cases.push_back({st.id, key, dec->reason, dec->decided_by});
                        out.excluded.add_row({st.label(lang), key, rule, cell_text(*t, row, town_col),
                                              mu_col >= 0 ? row[static_cast<std::size_t>(mu_col)] : report::Cell{},
                                              status_word(decision_zh(dec->decision), lang), dec->reason, dec->evidence,
                                              dec->decided_by, dec->decided_on ? report::Cell{dec->decided_on->iso()} : report::Cell{},
                                              static_cast<std::int64_t>(dec->row)});
                    }
                    cases.emplace(key, CaseState{});
                    continue;
                }
                const bool overdue = dec && dec->deadline && *dec->deadline < as_of &&
                                     (dec->decision == Decision::confirmed || dec->decision == Decision::in_progress);
                const std::string status = dec ? decision_zh(dec->decision) : "待核实";   // new: to be verified in the field
                CaseState& cs = cases[key];
                if (!cs.kept) {   // the first kept row speaks for the case
                    cs.kept = true;
                    if (dec) cs.decision = dec->decision;
                    cs.overdue = overdue;
                }
                if (primary) out.current.push_back({st.id, key, overdue ? status + " 逾期" : status});
                row.push_back(status_word(status, lang));
                row.push_back(dec && dec->deadline ? report::Cell{dec->deadline->iso()} : report::Cell{});
                row.push_back(dec && dec->deadline && (dec->decision == Decision::confirmed || dec->decision == Decision::in_progress)
                                  ? report::Cell{status_word(overdue ? "逾期" : "未逾期", lang)}
                                  : report::Cell{});
                const std::string why = dec ? dec->reason : std::string();
                const std::string note = partial.empty() ? why : why.empty() ? partial : why + "；" + partial;
                row.push_back(note.empty() ? report::Cell{} : report::Cell{note});
                kept_rows.push_back(std::move(row));
                if (has_geoms) kept_geoms.push_back(t->geoms[r]);
            }
            t->rows = std::move(kept_rows);
            if (has_geoms) t->geoms = std::move(kept_geoms);
            for (const auto& [key, cs] : cases) {
                if (!cs.kept) {
                    ++counts.excluded;
                    continue;
                }
                ++counts.listed;
                if (!cs.decision) ++counts.pending;
                else if (*cs.decision == Decision::confirmed) ++counts.confirmed;
                else if (*cs.decision == Decision::in_progress) ++counts.in_progress;
                else if (*cs.decision == Decision::disposed) ++counts.disposed;
                if (cs.overdue) ++counts.overdue;   // of the confirmed and in-progress ones
            }
            if (primary) out.by_category.emplace_back(st.id, counts);
        }
    }

    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        if (matched[i]) continue;
        const DecisionRow& r = d.rows[i];
        const report::CategoryStyle& st = report::category_style(r.category);
        std::string why;
        if (!categories_run.count(r.category)) why = st.zh + " 本次未分析 (缺少图层), 无法核对";
        else if (r.rule.empty()) why = st.zh + "清单中没有编号 " + r.case_key + " (地块已分割、记录已更正, 或已不符合条件)";
        else why = st.zh + "清单中没有编号 " + r.case_key + " 的规则 " + r.rule + " 记录";
        out.unmatched.add_row({static_cast<std::int64_t>(r.row), st.label(lang), r.case_key, r.rule, status_word(decision_zh(r.decision), lang),
                               r.decided_by, why});
        Issue is;
        is.layer = "decisions";
        is.fid = r.row;
        is.feature_id = r.case_key;
        is.kind = "decision_unmatched";
        is.field = "case_key";
        is.detail = fmt::format("{}: 第 {} 行的处置决定 ({} {}) 找不到对应案件: {}; 请核对编号, 或在决定表中注明地块分割、记录更正后的新编号",
                                fs::path(d.file).filename().string(), r.row, decision_zh(r.decision), r.case_key, why);
        is.action = IssueAction::note;
        issues.add(std::move(is));
        ++out.unmatched_count;
    }
    return out;
}

} // namespace tl::cases
