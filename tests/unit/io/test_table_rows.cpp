// Tables as delivered (io/table_rows.hpp): the header row found from the field names, title,
// blank, 合计/小计 and footnote rows recognised; and read_layer on a GBK CSV built like one.
#include <catch2/catch.hpp>

#include "core/issue_log.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"
#include "io/table_rows.hpp"
#include "unit/io/fixtures.hpp"

using namespace tl;
using namespace tl::io;
using tl::test::TempDir;
namespace fs = std::filesystem;

namespace {
using Rows = std::vector<std::vector<std::string>>;
const LayerDef& enterprises() { return *find_layer_def("enterprises"); }
LayerSpec spec_of(const std::string& source = "") {
    LayerSpec s;
    s.name = "enterprises";
    s.source = source;
    return s;
}
} // namespace

TEST_CASE("the header row is the one naming the most fields, not row 1", "[io][table]") {
    const Rows rows = {
        {"2023年度亩均效益评价结果表", "", "", ""},
        {"单位：万元"},
        {},
        {"统一社会信用代码", "企业名称", "年度", "税收（万元）"},
        {"91331082MA28G0001X", "华峰", "2023", "5,618.20"},
        {"", "", "", ""},
        {"小计", "", "", "5,618.20"},
        {"合 计", "", "", "5,618.20"},
        {"注：数据来源于县税务局"},
        {"说明", "本表由经信局汇总"},
    };
    const TablePlan p = plan_table(rows, enterprises(), spec_of());
    CHECK(p.header == 3);
    CHECK(p.header_score == 4);
    CHECK(p.rows[0].reason == "title");
    CHECK(p.rows[1].reason == "title");
    CHECK(p.rows[2].reason == "blank");
    CHECK(p.rows[3].kind == TableRowKind::header);
    CHECK(p.rows[4].kind == TableRowKind::data);
    CHECK(p.rows[5].reason == "blank");
    CHECK(p.rows[6].reason == "subtotal");
    CHECK(p.rows[7].reason == "total");
    CHECK(p.rows[8].reason == "footnote");
    CHECK(p.rows[9].reason == "footnote");
    CHECK(p.skipped == 8);
}

TEST_CASE("a clean table: header row 1, nothing skipped", "[io][table]") {
    const Rows rows = {{"TYSHXYDM", "QYMC", "ND", "SS"}, {"91331082MA28G0001X", "注塑厂", "2023", "1"}};
    const TablePlan p = plan_table(rows, enterprises(), spec_of());
    CHECK(p.header == 0);
    CHECK(p.skipped == 0);
}

TEST_CASE("the project's mapping finds the header; no row naming a field keeps row 1", "[io][table]") {
    LayerSpec s = spec_of();
    s.fields["id"] = "代码";
    s.fields["tax"] = "税";
    const Rows rows = {{"亩均表"}, {"代码", "税"}, {"91331082MA28G0001X", "3"}};
    CHECK(plan_table(rows, enterprises(), s).header == 1);
    const Rows none = {{"a", "b"}, {"c", "d"}};
    CHECK(plan_table(none, enterprises(), spec_of()).header == 0);
}

TEST_CASE("marker words: 注 needs punctuation after it, 合计 does not", "[io][table]") {
    CHECK(classify_row({"注塑机械有限公司", "2023"}).kind == TableRowKind::data);
    CHECK(classify_row({"说明书印刷厂"}).kind == TableRowKind::data);
    CHECK(classify_row({"注1：税收为实缴税金"}).reason == "footnote");
    CHECK(classify_row({"备注"}).reason == "footnote");
    CHECK(classify_row({"制表人：张三"}).reason == "footnote");
    CHECK(classify_row({"", "合计（120家）"}).reason == "total");
    CHECK(classify_row({"总　计"}).reason == "total");       // ideographic space
    CHECK(classify_row({"  ", ""}).reason == "blank");
    CHECK(skipped_row_detail(7, classify_row({"合计"}), {"合计"}) == "第 7 行 row 7 跳过 skipped: 合计行 (total); 首格 first cell «合计»");
}

TEST_CASE("read_layer: a GBK CSV with a title line, a blank line, a 合计 row and a footnote", "[io][table][reader]") {
    TempDir dir;
    const fs::path csv = dir / "enterprises.csv";
    // 亩均表 / 单位：万元,, / (blank) / TYSHXYDM,企业名称,SS / 2 rows / 合计,,x / 注：…  in GBK
    tl::test::write_bytes(csv, std::string("\xC4\xB6\xBE\xF9\xB1\xED\r\n") +                       // 亩均表
                                   "\xB5\xA5\xCE\xBB\xA3\xBA\xCD\xF2\xD4\xAA,,\r\n\r\n" +       // 单位：万元
                                   "TYSHXYDM,\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,SS\r\n" +         // 企业名称
                                   "91331082MA28G0001X,A,\"5,618.20\"\r\n" +
                                   "91331082MA28G0002X,B,12\r\n" +
                                   "\xBA\xCF\xBC\xC6,,5630.2\r\n" +                             // 合计
                                   "\xD7\xA2\xA3\xBA\xB1\xBE\xB1\xED\r\n");                      // 注：本表
    IssueLog issues;
    RawLayer l = read_layer(spec_of(csv.string()), issues);
    REQUIRE(l.features.size() == 2);
    CHECK(l.source_fields == std::vector<std::string>{"TYSHXYDM", "企业名称", "SS"});
    CHECK(l.encoding.encoding == "GBK");
    const int tax = l.key_index("tax"), name = l.key_index("name");
    CHECK(l.features[0].values[static_cast<std::size_t>(tax)] == std::optional<std::string>("5,618.20"));
    CHECK(l.features[1].values[static_cast<std::size_t>(name)] == std::optional<std::string>("B"));
    // FIDs as in a clean file: line - 1 (the first data line is line 5).
    CHECK(l.features[0].fid == 4);
    CHECK(l.features[1].fid == 5);
    CHECK(l.rows_skipped == 5);
    int skipped = 0;
    for (const auto& i : issues.sorted())
        if (i.kind == "table_row_skipped") {
            ++skipped;
            CHECK(i.action == IssueAction::rejected);
        }
    CHECK(skipped == 5);
}

TEST_CASE("a unit line above the header gives the unit of columns whose header names none", "[io][table][units]") {
    auto names = [](const std::vector<const UnitDef*>& us) {
        std::vector<std::string> out;
        for (const UnitDef* u : us) out.push_back(u->name);
        return out;
    };
    CHECK(names(unit_line_units("单位：元")) == std::vector<std::string>{"元"});
    CHECK(names(unit_line_units("金额单位：万元，面积单位：亩")) == std::vector<std::string>{"万元", "亩"});
    CHECK(names(unit_line_units("单位:万元、吨标煤、平方米")) == std::vector<std::string>{"万元", "吨标煤", "平方米"});
    CHECK(unit_line_units("2023年度亩均效益评价结果表").empty());
    CHECK(unit_line_units("填报单位：演示县经信局").empty());   // a 填报单位 is no unit line

    const Rows rows = {{"亩均表"}, {"", "", "单位：元"}, {"统一社会信用代码", "税收"}, {"91331082MA28G0001X", "937,800"}};
    const TablePlan p = plan_table(rows, enterprises(), spec_of());
    REQUIRE(p.header == 2);
    REQUIRE(p.title_units.size() == 1);
    CHECK(p.title_units[0]->name == "元");
    CHECK(p.unit_line == "单位：元");
    // Two money units on the line: ambiguous, none taken.
    const Rows two = {{"单位：元、万元"}, {"统一社会信用代码", "税收"}};
    CHECK(plan_table(two, enterprises(), spec_of()).title_units.empty());
}

TEST_CASE("init reads a table before it knows its layer: any layer's names find the header", "[io][table]") {
    const Rows rows = {{"亩均表"}, {"企业名称", "税收", "年度"}, {"华峰", "3", "2023"}};
    LayerSpec parcels;
    parcels.name = "parcels";
    CHECK(plan_table(rows, *find_layer_def("parcels"), parcels).header == 0);
    CHECK(plan_table(rows, *find_layer_def("parcels"), parcels, true).header == 1);
}

TEST_CASE("a two-row header: a group row over the money columns, the other names merged down", "[io][table]") {
    const Rows rows = {
        {"2023年度亩均效益评价结果表"},
        {"统一社会信用代码", "企业名称", "经济指标（万元）", ""},
        {"", "", "税收", "营业收入"},
        {"91331082MA28G0001X", "华峰", "5,618.20", "12"},
    };
    const TablePlan p = plan_table(rows, enterprises(), spec_of());
    CHECK(p.header == 1);
    CHECK(p.header_rows == 2);
    CHECK(p.header_names == std::vector<std::string>{"统一社会信用代码", "企业名称", "税收", "营业收入"});
    CHECK(p.rows[1].kind == TableRowKind::header);
    CHECK(p.rows[2].kind == TableRowKind::header);
    CHECK(p.rows[3].kind == TableRowKind::data);
    CHECK(p.skipped == 1);
    // One header row with a data row below it stays one row.
    const Rows one = {{"统一社会信用代码", "税收"}, {"91331082MA28G0001X", ""}};
    CHECK(plan_table(one, enterprises(), spec_of()).header_rows == 1);
}

TEST_CASE("a two-row header's group cell gives the unit of the columns under it", "[io][table][units]") {
    const Rows rows = {
        {"统一社会信用代码", "经济指标（元）", "", "用地面积"},
        {"", "税收", "营业收入", ""},
        {"91331082MA28G0001X", "937,800", "10", "1200"},
    };
    const TablePlan p = plan_table(rows, enterprises(), spec_of());
    REQUIRE(p.header_rows == 2);
    REQUIRE(p.group_units.size() == 4);
    CHECK(p.group_units[0] == nullptr);
    REQUIRE(p.group_units[1] != nullptr);
    CHECK(p.group_units[1]->name == "元");
    REQUIRE(p.group_units[2] != nullptr);
    CHECK(p.group_units[2]->name == "元");
    CHECK(p.group_units[3] == nullptr);   // a name merged down: no group
}
