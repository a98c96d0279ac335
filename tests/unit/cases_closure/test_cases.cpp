// 闭环管理 (issue 20): decisions applied to shortlists, the case register across runs, 预警 —
// the pure functions of src/cases on hand-made tables, plus the decisions file read through GDAL.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "cases/decisions.hpp"
#include "cases/register.hpp"
#include "core/errors.hpp"

using namespace tl;
using namespace tl::cases;

namespace {

Date day(const char* s) { return *parse_date(s); }

// An idle list as idle_report writes it, reduced to what the decisions look at: a supply with
// two rule rows (R03, R21) and two with one.
report::Table idle_list() {
    report::Table t;
    t.name = "idle";
    t.columns = {{"supply_id", "供地编号", "supply id"}, {"township", "镇街", "township"}, {"rule", "规则", "rule"},
                 {"area_mu", "供地面积(亩)", "area (mu)", report::ColumnKind::area_mu}};
    t.add_row({std::string("GY-1"), std::string("北山镇"), std::string("R03"), 11.41});
    t.add_row({std::string("GY-1"), std::string("北山镇"), std::string("R21"), 11.41});
    t.add_row({std::string("GY-2"), std::string("东城镇"), std::string("R02"), 3.5});
    t.add_row({std::string("GY-3"), std::string("东城镇"), std::string("R02"), 7.25});
    return t;
}

DecisionRow decision(const std::string& key, Decision d, const char* rule = "", std::optional<Date> deadline = std::nullopt) {
    DecisionRow r;
    r.row = 2;
    r.category = "idle";
    r.case_key = key;
    r.rule = rule;
    r.decision = d;
    r.reason = "现场核实";
    r.decided_by = "张三";
    r.decided_on = day("2023-06-01");
    r.deadline = deadline;
    return r;
}

int col(const report::Table& t, const std::string& key) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].key == key) return static_cast<int>(i);
    return -1;
}

std::string text(const report::Table& t, std::size_t row, const std::string& key) {
    return report::format_cell(t.columns[static_cast<std::size_t>(col(t, key))], t.rows[row][static_cast<std::size_t>(col(t, key))]);
}

} // namespace

TEST_CASE("decision words and categories are the issue's vocabulary, nothing guessed", "[cases]") {
    CHECK(parse_decision("确认") == Decision::confirmed);
    CHECK(parse_decision(" 排除 ") == Decision::excluded);
    CHECK(parse_decision("整改中") == Decision::in_progress);
    CHECK(parse_decision("已处置") == Decision::disposed);
    CHECK(parse_decision("Disposed") == Decision::disposed);
    CHECK_FALSE(parse_decision("确认闲置"));
    CHECK_FALSE(parse_decision(""));
    CHECK(parse_category("闲置土地") == std::string("idle"));
    CHECK(parse_category("闲置") == std::string("idle"));        // the start of one name only
    CHECK(parse_category("低效") == std::string("inefficient"));
    CHECK(parse_category("control_line") == std::string("control_line"));
    CHECK_FALSE(parse_category("宗地"));                          // parcels holds no cases
    CHECK_FALSE(parse_category("地"));
    // --lang en writes the status words in English; the register reads either back.
    CHECK(status_word("确认 逾期", report::Lang::en) == "confirmed overdue");
    CHECK(status_word("待核实", report::Lang::en) == "to verify");
    CHECK(status_word("待核实", report::Lang::zh) == "待核实");
    CHECK(status_zh("confirmed overdue") == "确认 逾期");
    CHECK(status_zh("closed") == "销号");
    CHECK(status_zh("销号") == "销号");
}

TEST_CASE("排除 takes a case off its list into excluded; 确认 keeps it with status, deadline and overdue", "[cases]") {
    report::Table idle = idle_list();
    DecisionsTable d;
    d.file = "decisions.csv";
    d.rows = {decision("GY-1", Decision::excluded), decision("GY-2", Decision::confirmed, "", day("2023-09-30")),
              decision("GY-3", Decision::in_progress, "", day("2024-06-30")), decision("GY-9", Decision::confirmed)};
    IssueLog issues;
    const Applied a = apply_decisions({&idle}, d, day("2023-12-31"), issues);

    REQUIRE(idle.rows.size() == 2);   // GY-1's two rule rows left
    CHECK(text(idle, 0, "supply_id") == "GY-2");
    CHECK(text(idle, 0, "case_status") == "确认");
    CHECK(text(idle, 0, "case_deadline") == "2023-09-30");
    CHECK(text(idle, 0, "case_overdue") == "逾期");
    CHECK(text(idle, 1, "case_status") == "整改中");
    CHECK(text(idle, 1, "case_overdue") == "未逾期");
    // Measured values untouched.
    CHECK(text(idle, 0, "area_mu") == "3.50");
    CHECK(text(idle, 1, "area_mu") == "7.25");

    REQUIRE(a.excluded.rows.size() == 2);
    CHECK(text(a.excluded, 0, "case_key") == "GY-1");
    CHECK(text(a.excluded, 0, "rule") == "R03");
    CHECK(text(a.excluded, 1, "rule") == "R21");
    CHECK(text(a.excluded, 0, "reason") == "现场核实");
    CHECK(text(a.excluded, 0, "decided_by") == "张三");
    CHECK(text(a.excluded, 0, "area_mu") == "11.41");

    REQUIRE(a.unmatched_count == 1);
    CHECK(text(a.unmatched, 0, "case_key") == "GY-9");
    REQUIRE(issues.sorted().size() == 1);
    CHECK(issues.sorted()[0].kind == "decision_unmatched");
    CHECK(issues.sorted()[0].layer == "decisions");

    // What the register is fed: the listed cases with their status (逾期 appended), the excluded ones.
    REQUIRE(a.current.size() == 2);
    CHECK(a.current[0].key == "GY-2");
    CHECK(a.current[0].status == "确认 逾期");
    CHECK(a.current[1].status == "整改中");
    REQUIRE(a.excluded_cases.size() == 2);   // one per excluded row (R03, R21)
    CHECK(a.excluded_cases[0].key == "GY-1");
    CHECK(a.excluded_cases[0].decided_by == "张三");

    REQUIRE(a.by_category.size() == 1);
    const CaseCounts& c = a.by_category[0].second;
    CHECK(c.listed == 2);
    CHECK(c.excluded == 1);
    CHECK(c.confirmed == 1);
    CHECK(c.in_progress == 1);
    CHECK(c.overdue == 1);
    CHECK(c.pending == 0);
}

TEST_CASE("a decision with a rule acts on that rule's rows only; R04 matches R04.far", "[cases]") {
    report::Table idle = idle_list();
    DecisionsTable d;
    d.rows = {decision("GY-1", Decision::excluded, "R21"), decision("GY-2", Decision::excluded, "R03")};
    IssueLog issues;
    const Applied a = apply_decisions({&idle}, d, day("2023-12-31"), issues);
    CHECK(idle.rows.size() == 3);                 // GY-1 keeps its R03 row
    CHECK(a.excluded.rows.size() == 1);
    CHECK(a.unmatched_count == 1);                // GY-2 has no R03 row
    CHECK(a.by_category[0].second.excluded == 0); // GY-1 is still listed

    // 低效: one row per parcel, its failed rules joined (failed_rules). A decision naming one of
    // them acts on the parcel; an 排除 takes it off only when it covers every failed rule.
    report::Table ineff;
    ineff.name = "inefficient";
    ineff.columns = {{"parcel_id", "宗地代码", "parcel_id"}, {"failed_rules", "不达标规则", "failed_rules"}};
    ineff.add_row({std::string("P1"), std::string("R04.far;R10.tax_low")});
    ineff.add_row({std::string("P2"), std::string("R04.far;R04.unbuilt")});
    DecisionsTable e;
    DecisionRow r1 = decision("P1", Decision::excluded, "R04");
    DecisionRow r2 = decision("P2", Decision::excluded, "R04");
    DecisionRow r3 = decision("P1", Decision::confirmed, "R06");   // P1 does not fail R06
    for (DecisionRow* r : {&r1, &r2, &r3}) r->category = "inefficient";
    r2.row = 5;
    e.rows = {r1, r2, r3};
    const Applied b = apply_decisions({&ineff}, e, day("2023-12-31"), issues);
    REQUIRE(ineff.rows.size() == 1);              // P2: R04 covers both its rules, excluded
    CHECK(text(ineff, 0, "parcel_id") == "P1");   // P1 still fails R10.tax_low: listed
    CHECK(text(ineff, 0, "case_status") == "待核实");
    CHECK(text(ineff, 0, "case_reason").find("仅涉及部分不达标规则") != std::string::npos);
    CHECK(b.excluded.rows.size() == 1);
    CHECK(b.unmatched_count == 1);                // R06 names no failed rule of P1
}

TEST_CASE("the latest decision wins", "[cases]") {
    report::Table idle = idle_list();
    DecisionRow first = decision("GY-2", Decision::confirmed);
    DecisionRow later = decision("GY-2", Decision::disposed);
    later.decided_on = day("2023-10-01");
    DecisionsTable d;
    d.rows = {later, first};   // file order does not matter, decided_on does
    IssueLog issues;
    apply_decisions({&idle}, d, day("2023-12-31"), issues);
    CHECK(text(idle, 2, "case_status") == "已处置");
}

TEST_CASE("bad decision rows name the row, the column and the fix", "[cases]") {
    std::vector<RawDecision> rows{
        {3, {{"category", "闲置"}, {"case_key", "GY-1"}, {"decision", "确认闲置"}}},
        {4, {{"category", "闲置"}, {"case_key", "GY-2"}, {"decision", "确认"}, {"deadline", "2023-02-30"}}},
        {5, {{"category", "鸡"}, {"case_key", "GY-3"}, {"decision", "确认"}}},
        {6, {{"category", "闲置"}, {"case_key", "GY-4"}, {"decision", "排除"}}},
        {7, {}},   // a blank row is no decision
    };
    try {
        parse_decisions("处置决定.xlsx", rows);
        FAIL("bad rows accepted");
    } catch (const ConfigError& e) {
        const std::string m = e.what();
        CHECK(m.find("处置决定.xlsx") != std::string::npos);
        CHECK(m.find("第 3 行") != std::string::npos);
        CHECK(m.find("处置决定 (decision)") != std::string::npos);
        CHECK(m.find("确认、排除、整改中 或 已处置") != std::string::npos);
        CHECK(m.find("第 4 行") != std::string::npos);
        CHECK(m.find("整改期限 (deadline)") != std::string::npos);
        CHECK(m.find("2023-02-30") != std::string::npos);
        CHECK(m.find("第 5 行") != std::string::npos);
        CHECK(m.find("第 6 行") != std::string::npos);   // 排除 needs a reason
        CHECK(m.find("第 7 行") == std::string::npos);
    }
    const auto ok = parse_decisions("d.csv", {{3, {{"category", "idle"}, {"case_key", "GY-1"}, {"decision", "确认"}, {"deadline", "2024/3/31"}}}});
    REQUIRE(ok.rows.size() == 1);
    CHECK(ok.rows[0].deadline == day("2024-03-31"));
}

TEST_CASE("the decisions file is read through GDAL with Chinese headers under a title row", "[cases]") {
    const auto dir = std::filesystem::temp_directory_path() / "tl_cases_unit";
    std::filesystem::create_directories(dir);
    const auto file = dir / "decisions.csv";
    {
        std::ofstream f(file, std::ios::binary);
        f << "\xEF\xBB\xBF" << "某县 闭环管理 核实处置表\n"
          << "类别,编号,规则,处置决定,理由,佐证,决定人,决定日期,整改期限\n"
          << "闲置土地,GY-1,,排除,已动工,临建许〔2023〕12号,张三,2023-11-02,\n"
          << "低效,P1,R04,整改中,签订整改协议,,李四,2023-06-01,2024-06-30\n";
    }
    IssueLog issues;
    const DecisionsTable d = read_decisions(file, issues);
    REQUIRE(d.rows.size() == 2);
    CHECK(d.rows[0].row == 3);
    CHECK(d.rows[0].category == "idle");
    CHECK(d.rows[0].decision == Decision::excluded);
    CHECK(d.rows[0].evidence == "临建许〔2023〕12号");
    CHECK(d.rows[1].category == "inefficient");
    CHECK(d.rows[1].rule == "R04");
    CHECK(d.rows[1].deadline == day("2024-06-30"));
    CHECK(find_decisions_file(dir, "") == file);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the register carries first seen on, closes cases that left with the reason, reopens", "[cases]") {
    const Date y1 = day("2022-12-31"), y2 = day("2023-12-31"), y3 = day("2024-12-31");
    auto r1 = update_register({}, {{"idle", "GY-1", "待核实"}, {"idle", "GY-2", "待核实"}, {"idle", "GY-3", "待核实"}}, {}, y1);
    REQUIRE(r1.size() == 3);
    CHECK(r1[0].first_seen == "2022-12-31");
    auto r2 = update_register(r1, {{"idle", "GY-2", "已处置"}, {"idle", "GY-4", "待核实"}}, {{"idle", "GY-3", "已动工", "张三"}}, y2);
    REQUIRE(r2.size() == 4);
    CHECK(r2[0].key == "GY-1");
    CHECK(r2[0].status == "销号");
    CHECK(r2[0].closed_on == "2023-12-31");
    CHECK(r2[0].close_reason.find("不再符合条件") != std::string::npos);
    CHECK(days_open(r2[0], y2) == 365);
    CHECK(r2[1].status == "已处置");
    CHECK(r2[1].first_seen == "2022-12-31");
    CHECK(r2[1].history == "2022-12-31 待核实; 2023-12-31 已处置");
    CHECK(r2[2].close_reason == "排除: 已动工 (张三)");
    CHECK(r2[3].first_seen == "2023-12-31");
    const auto s = register_summary(r2, y2);
    CHECK(s["open"] == 2);
    CHECK(s["closed_this_run"] == 2);
    CHECK(s["median_days_to_close"] == 365);
    auto r3 = update_register(r2, {{"idle", "GY-1", "待核实"}, {"idle", "GY-4", "待核实"}}, {}, y3);
    CHECK(r3[0].status == "待核实");       // reopened
    CHECK(r3[0].first_seen == "2022-12-31");
    CHECK(r3[0].closed_on.empty());
    CHECK(r3[1].close_reason.find("已处置") == 0);   // disposed, then gone
    CHECK(r3[2].closed_on == "2023-12-31");          // closed before: stays as it was
}

TEST_CASE("预警: dates within the horizon after the as-of day, soonest first", "[cases]") {
    WarningParams p;
    p.as_of = day("2023-12-31");
    p.horizon_days = 90;
    std::vector<SupplyDates> s{
        {"GY-A", "P-A", day("2024-02-01"), day("2026-01-01"), std::nullopt},   // start in 32 days
        {"GY-B", "P-B", day("2023-01-15"), day("2024-03-01"), std::nullopt},   // one-year mark 2024-01-15, completion 2024-03-01
        {"GY-C", "P-C", day("2023-01-15"), std::nullopt, day("2023-03-01")},   // started: no 闲置 mark
        {"GY-D", "P-D", day("2024-05-01"), std::nullopt, std::nullopt},        // beyond 90 days
        {"GY-E", "P-E", day("2022-02-20"), std::nullopt, std::nullopt},        // two-year mark 2024-02-20
    };
    DecisionsTable d;
    d.rows = {decision("GY-X", Decision::in_progress, "", day("2024-03-30")), decision("GY-Y", Decision::excluded, "", day("2024-01-10"))};
    const report::Table t = early_warnings(s, d, p);
    REQUIRE(t.rows.size() == 5);
    CHECK(text(t, 0, "case_key") == "GY-B");
    CHECK(text(t, 0, "due_on") == "2024-01-15");
    CHECK(text(t, 0, "days_left") == "15");
    CHECK(text(t, 1, "case_key") == "GY-A");
    CHECK(text(t, 2, "case_key") == "GY-E");
    CHECK(text(t, 2, "kind").find("满 2 年") != std::string::npos);
    CHECK(text(t, 3, "case_key") == "GY-B");   // completion
    CHECK(text(t, 4, "case_key") == "GY-X");   // the decision's deadline (the 排除 one has none to chase)
    p.horizon_days = 10;
    CHECK(early_warnings(s, d, p).rows.empty());
}
