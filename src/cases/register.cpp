#include "cases/register.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "report/diff.hpp"
#include "report/styles.hpp"

namespace tl::cases {

namespace {

std::size_t legend_rank(const std::string& category) {
    const auto& all = report::category_styles();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].id == category) return i;
    return all.size();
}

std::optional<Date> iso_day(const std::string& s) { return s.empty() ? std::nullopt : parse_date(s); }

const char* kCasesColumns[][3] = {
    {"category", "类别", "category"},        {"case_key", "编号", "case key"},
    {"status", "当前状态", "status"},         {"first_seen", "首次列入", "first seen"},
    {"last_seen", "最近列入", "last seen"},  {"days_open", "在册天数", "days open"},
    {"history", "状态记录", "status history"}, {"closed_on", "销号日期", "closed on"},
    {"close_reason", "销号原因", "close reason"},
};

} // namespace

std::int64_t days_open(const CaseRecord& r, const Date& as_of) {
    const auto first = iso_day(r.first_seen);
    if (!first) return 0;
    const Date end = iso_day(r.closed_on).value_or(as_of);
    return std::max<std::int64_t>(0, end.days_since_epoch() - first->days_since_epoch());
}

std::vector<CaseRecord> update_register(const std::vector<CaseRecord>& previous, const std::vector<CurrentCase>& current,
                                        const std::vector<ExcludedCase>& excluded, const Date& as_of) {
    const std::string today = as_of.iso();
    std::map<std::pair<std::string, std::string>, CaseRecord> reg;
    for (const auto& r : previous) reg[{r.category, r.key}] = r;
    auto note = [&](CaseRecord& r, const std::string& status) {
        // The history gains an entry when the status changes (a rerun on the same day replaces it).
        const std::string entry = today + " " + status;
        const auto last = r.history.rfind("; ");
        const std::string last_entry = last == std::string::npos ? r.history : r.history.substr(last + 2);
        if (last_entry.rfind(today + " ", 0) == 0) r.history.erase(last == std::string::npos ? 0 : last);
        else if (r.status == status) return;
        r.history += (r.history.empty() ? "" : "; ") + entry;
    };
    std::map<std::pair<std::string, std::string>, bool> seen;
    for (const auto& c : current) {
        auto [it, fresh] = reg.try_emplace({c.category, c.key});
        CaseRecord& r = it->second;
        seen[{c.category, c.key}] = true;
        if (fresh) {
            r.category = c.category;
            r.key = c.key;
            r.first_seen = today;
        } else if (r.status == "销号") {
            note(r, "重新列入");   // reopened: listed again after it was closed
            r.status = "重新列入";
            r.closed_on.clear();
            r.close_reason.clear();
        }
        r.last_seen = today;
        note(r, c.status);
        r.status = c.status;
    }
    for (const auto& e : excluded) {
        if (seen.count({e.category, e.key})) continue;   // some rule rows of the case stay listed
        auto [it, fresh] = reg.try_emplace({e.category, e.key});
        CaseRecord& r = it->second;
        seen[{e.category, e.key}] = true;
        if (fresh) {
            r.category = e.category;
            r.key = e.key;
            r.first_seen = today;
            r.last_seen = today;
        }
        if (r.status == "销号") continue;
        note(r, "销号");
        r.status = "销号";
        r.closed_on = today;
        r.close_reason = "排除: " + e.reason + (e.decided_by.empty() ? "" : " (" + e.decided_by + ")");
    }
    for (auto& [k, r] : reg) {
        if (seen.count(k) || r.status == "销号") continue;
        const bool disposed = r.status.rfind("已处置", 0) == 0;
        note(r, "销号");
        r.closed_on = today;
        r.close_reason = disposed ? "已处置 (处置决定), 已不在清单中" : "不再符合条件 (数据或规则变化, 见 tenglong diff)";
        r.status = "销号";
    }
    std::vector<CaseRecord> out;
    for (auto& [k, r] : reg) out.push_back(std::move(r));
    std::stable_sort(out.begin(), out.end(), [](const CaseRecord& a, const CaseRecord& b) {
        const auto ra = legend_rank(a.category), rb = legend_rank(b.category);
        return ra != rb ? ra < rb : a.key < b.key;
    });
    return out;
}

report::Table register_table(const std::vector<CaseRecord>& records, const Date& as_of, report::Lang lang) {
    report::Table t;
    t.name = "cases";
    for (const auto& c : kCasesColumns) t.columns.push_back({c[0], c[1], c[2]});
    t.columns[5].kind = report::ColumnKind::integer;
    for (const auto& r : records) {
        const auto& st = report::category_style(r.category);
        t.add_row({st.label(lang), r.key, status_word(r.status, lang), r.first_seen, r.last_seen, days_open(r, as_of), r.history, r.closed_on, r.close_reason});
    }
    return t;
}

std::vector<CaseRecord> read_register(const std::filesystem::path& cases_csv) {
    const report::CsvData csv = report::read_csv(cases_csv);
    std::vector<int> col;
    for (const auto& c : kCasesColumns) {
        int found = -1;
        for (std::size_t i = 0; i < csv.header.size(); ++i)
            if (csv.header[i] == c[1] || csv.header[i] == c[2]) found = static_cast<int>(i);
        col.push_back(found);
    }
    for (int i : {0, 1, 2, 3})
        if (col[static_cast<std::size_t>(i)] < 0)
            throw ConfigError(cases_csv.string(), fmt::format("案件登记表缺少列「{}」(no column {}): 这不是 tenglong analyze 写出的 cases.csv; "
                                                              "--previous 请给上一次 analyze 的输出文件夹", kCasesColumns[i][1], kCasesColumns[i][2]));
    std::vector<CaseRecord> out;
    std::int64_t line = 1;
    for (const auto& row : csv.rows) {
        ++line;
        auto at = [&](std::size_t k) {
            const int i = col[k];
            return i >= 0 && static_cast<std::size_t>(i) < row.size() ? row[static_cast<std::size_t>(i)] : std::string();
        };
        CaseRecord r;
        if (auto id = parse_category(at(0))) r.category = *id;
        else throw ConfigError(cases_csv.string(), fmt::format("第 {} 行 (line {}): 不认识的类别「{}」", line, line, at(0)));
        r.key = at(1);
        r.status = status_zh(at(2));
        r.first_seen = at(3);
        r.last_seen = at(4);
        r.history = at(6);
        r.closed_on = at(7);
        r.close_reason = at(8);
        if (r.key.empty()) continue;
        out.push_back(std::move(r));
    }
    return out;
}

nlohmann::ordered_json register_summary(const std::vector<CaseRecord>& records, const Date& as_of) {
    std::int64_t open = 0, closed_now = 0, closed = 0;
    std::vector<std::int64_t> days_to_close;
    for (const auto& r : records) {
        if (r.status != "销号") {
            ++open;
            continue;
        }
        ++closed;
        if (r.closed_on == as_of.iso()) ++closed_now;
        days_to_close.push_back(days_open(r, as_of));
    }
    nlohmann::ordered_json j = {{"open", open}, {"closed_this_run", closed_now}, {"closed_total", closed}};
    if (!days_to_close.empty()) {
        std::sort(days_to_close.begin(), days_to_close.end());
        j["median_days_to_close"] = days_to_close[days_to_close.size() / 2];
    } else {
        j["median_days_to_close"] = nullptr;
    }
    return j;
}

report::Table early_warnings(const std::vector<SupplyDates>& supplies, const DecisionsTable& decisions, const WarningParams& p) {
    using K = report::ColumnKind;
    report::Table t;
    t.name = "warnings";
    t.columns = {
        {"due_on", "到期日", "due on", K::date},        {"days_left", "剩余天数", "days left", K::integer},
        {"kind", "预警事项", "what falls due"},          {"category", "类别", "category"},
        {"case_key", "编号", "case key"},               {"parcel_id", "宗地代码", "parcel id"},
        {"action", "建议", "action"},                    {"basis", "依据", "basis"},
    };
    struct Row {
        Date due;
        std::string kind, category, key, parcel, action, basis;
    };
    std::vector<Row> rows;
    const std::int64_t from = p.as_of.days_since_epoch(), to = from + p.horizon_days;
    auto within = [&](const std::optional<Date>& d) {
        return d && d->days_since_epoch() > from && d->days_since_epoch() <= to;
    };
    const std::string idle_zh = report::category_style("idle").zh;
    for (const auto& s : supplies) {
        const bool started = s.actual_start && *s.actual_start <= p.as_of;
        if (!started && within(s.agreed_start))
            rows.push_back({*s.agreed_start, "约定动工日临近 (尚未动工)", idle_zh, s.supply_id, s.parcel_id,
                            "督促按约定动工, 逾期未动工满 " + std::to_string(p.idle_years) + " 年即为闲置", p.horizon_cite});
        if (within(s.agreed_completion))
            rows.push_back({*s.agreed_completion, "约定竣工日临近", idle_zh, s.supply_id, s.parcel_id, "核查建设进度, 督促按期竣工",
                            p.horizon_cite});
        if (!started && s.agreed_start) {
            // Dated after the agreed start, like the R02 test (analysis/idle.hpp): period_end_years.
            const Date one = period_end_years(*s.agreed_start, p.idle_years);
            const Date two = period_end_years(*s.agreed_start, p.recovery_years);
            if (within(one))
                rows.push_back({one, fmt::format("未动工满 {} 年 (闲置认定)", p.idle_years), idle_zh, s.supply_id, s.parcel_id,
                                "到期前督促动工, 否则调查认定闲置、征缴土地闲置费", p.idle_cite});
            if (within(two))
                rows.push_back({two, fmt::format("未动工满 {} 年 (无偿收回)", p.recovery_years), idle_zh, s.supply_id, s.parcel_id,
                                "到期前督促动工, 否则可无偿收回", p.recovery_cite});
        }
    }
    for (const auto& d : decisions.rows) {
        if (d.decision != Decision::confirmed && d.decision != Decision::in_progress) continue;
        if (!within(d.deadline)) continue;
        rows.push_back({*d.deadline, std::string("处置决定整改期限临近 (") + decision_zh(d.decision) + ")", report::category_style(d.category).zh,
                        d.case_key, "", "跟踪整改, 到期核实", "处置决定表第 " + std::to_string(d.row) + " 行"});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.due != b.due) return a.due < b.due;
        if (a.key != b.key) return a.key < b.key;
        return a.kind < b.kind;
    });
    for (const auto& r : rows)
        t.add_row({r.due.iso(), r.due.days_since_epoch() - from, r.kind, r.category, r.key, r.parcel, r.action, r.basis});
    return t;
}

} // namespace tl::cases
