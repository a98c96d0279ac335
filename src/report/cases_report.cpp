#include "report/cases_report.hpp"
#include "report/html.hpp"

#include "report/styles.hpp"

namespace tl::report {

namespace {

std::string esc(const std::string& s) { return html_escape(s); }

std::string count(const nlohmann::ordered_json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return "";
    return std::to_string(it->get<long long>());
}

} // namespace

std::string cases_section_html(const nlohmann::ordered_json& summary, const std::vector<const Table*>& tables, Lang lang) {
    const auto c = summary.find("cases");
    if (c == summary.end() || !c->is_object()) return {};
    const bool zh = lang == Lang::zh;
    auto T = [&](const char* a, const char* b) { return std::string(zh ? a : b); };
    std::string h = "<h2 id=\"cases\">" + esc(T("闭环管理", "Case management")) + "</h2>\n";
    const std::string file = c->contains("decisions_file") && (*c)["decisions_file"].is_string() ? (*c)["decisions_file"].get<std::string>() : "";
    h += "<p class=\"meta\">" +
         esc(file.empty() ? T("未提供处置决定表 (decisions.csv): 全部案件待核实。", "No decisions table (decisions.csv): every case is to be verified.")
                          : T("处置决定表 ", "Decisions table ") + file + " · " + count(*c, "decisions") + T(" 条决定", " decisions")) +
         "</p>\n";
    h += "<table id=\"cases-table\"><thead><tr><th>" + esc(T("类别", "Category")) + "</th><th>" + esc(T("在册", "Listed")) + "</th><th>" +
         esc(T("新增(待核实)", "New (to verify)")) + "</th><th>" + esc(T("确认", "Confirmed")) + "</th><th>" + esc(T("整改中", "In progress")) +
         "</th><th>" + esc(T("其中逾期", "Of which overdue")) + "</th><th>" + esc(T("已处置", "Disposed")) + "</th><th>" +
         esc(T("排除", "Excluded")) + "</th></tr></thead><tbody>\n";
    if (const auto by = c->find("by_category"); by != c->end() && by->is_object()) {
        for (const auto& [id, n] : by->items()) {
            h += "<tr><td>" + esc(category_style(id).label(lang)) + "</td>";
            for (const char* k : {"listed", "new", "confirmed", "in_progress", "overdue", "disposed", "excluded"})
                h += "<td class=\"n\">" + count(n, k) + "</td>";
            h += "</tr>\n";
        }
    }
    h += "</tbody></table>\n";
    const std::string unmatched = count(*c, "decisions_unmatched");
    if (!unmatched.empty() && unmatched != "0")
        h += "<p>" + esc(T("未匹配的处置决定 ", "Decisions matching no case: ") + unmatched + T(" 条 (见 decisions_unmatched.csv)", " (decisions_unmatched.csv)")) + "</p>\n";
    if (const auto r = c->find("register"); r != c->end() && r->is_object()) {
        const auto med = r->find("median_days_to_close");
        h += "<p>" + esc(T("案件登记 (cases.csv): 在册 ", "Case register (cases.csv): open ") + count(*r, "open") + T("，本期销号 ", ", closed this run ") +
                         count(*r, "closed_this_run") + T("，累计销号 ", ", closed in all ") + count(*r, "closed_total") +
                         (med != r->end() && med->is_number() ? T("，销号用时中位数 ", ", median days to close ") + std::to_string(med->get<long long>()) +
                                                                    T(" 天", "")
                                                              : std::string())) +
             "</p>\n";
    }
    for (const Table* t : tables) {
        if (!t || t->name != "warnings") continue;
        const std::string horizon = c->contains("warnings") ? count((*c)["warnings"], "horizon_days") : "";
        h += "<h3 id=\"warnings\">" + esc(T("预警: 今后 ", "Falling due within ") + horizon + T(" 天内到期", " days")) + "</h3>\n";
        if (t->rows.empty()) {
            h += "<p>" + esc(T("无。", "None.")) + "</p>\n";
            break;
        }
        h += "<table id=\"warnings-table\"><thead><tr>";
        for (const auto& col : t->columns) h += "<th>" + esc(header(col, lang)) + "</th>";
        h += "</tr></thead><tbody>\n";
        for (std::size_t i = 0; i < t->rows.size() && i < 20; ++i) {
            h += "<tr>";
            for (std::size_t k = 0; k < t->columns.size(); ++k) h += "<td>" + esc(format_cell(t->columns[k], t->rows[i][k])) + "</td>";
            h += "</tr>\n";
        }
        h += "</tbody></table>\n";
        if (t->rows.size() > 20)
            h += "<p class=\"meta\">" + esc(T("另 ", "and ") + std::to_string(t->rows.size() - 20) + T(" 条见 warnings.csv", " more in warnings.csv")) + "</p>\n";
    }
    return h;
}

} // namespace tl::report
