// Tables as bureaus hand them over (issue 18 item 5): which row of an XLSX sheet or a CSV file
// is the header, and which rows are no data (title rows above the header, blank spacer rows,
// 合计/小计 rows, 注/说明 footnotes).
//
// The header is FOUND, never assumed to be row 1: among the first table_layout().header_search_rows
// rows, the one whose cells name the most fields of the layer (the project's mapping, else the
// default column, the Chinese name, an alias or the same name with another unit, as the reader
// binds them); the earliest on a tie; row 1 when no row names any field (the reader then says
// which fields it misses, with the columns of row 1). Rows above the header are skipped as title
// (or blank) rows; below it, a row is skipped when it is blank or its first non-empty cell begins
// with one of the words of table_layout().markers (schema.cpp: 合计, 小计, 总计, 注, 说明, 备注, …).
// A two-row header (a group row «经济指标» over 税收/增加值, the other columns' names merged down
// over both rows) is taken when the two rows together (each column's lower cell, else its upper)
// name more fields than the one row alone. A unit in the group cell (经济指标（元）) is the unit of
// the columns under it (the group cell and the empty upper cells right of it, down to the next
// column named in the upper row) whose own name has none.
// A unit line among the title rows ("单位：元") gives the unit of the number columns whose header
// names none and whose unit the project does not set (the reader converts, as for 税收（元）).
// Every skipped row is an issue (kind "table_row_skipped", action "rejected": the row number, the
// reason and the first cell's text) and counts as a row read and rejected.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/project.hpp"
#include "io/schema.hpp"

namespace tl::io {

// How many fields of `layer` the cells of one row name (see above).
int header_score(const std::vector<std::string>& cells, const LayerDef& layer, const LayerSpec& spec);

struct TableRowKind {
    enum Kind { data, header, skipped } kind = data;
    std::string reason;     // skipped: blank, title, total, subtotal, footnote
    std::string label_zh;   // skipped: 空行, 标题行, 合计行, 小计行, 注释行
}; // struct TableRowKind

struct TablePlan {
    std::size_t header = 0;            // index of the (first) header row in the rows given
    std::size_t header_rows = 1;       // 2 for a two-row header (a group row above the names)
    std::vector<std::string> header_names;  // the column names: the header row's cells, or for a
                                            // two-row header each column's lower cell, else its upper
    std::vector<const UnitDef*> group_units;  // two-row header: per column, the unit its group cell names
                                              // («经济指标（元）» over 税收, 营业收入), else nullptr
    int header_score = 0;              // fields it names
    std::vector<TableRowKind> rows;    // one per row given
    std::size_t skipped = 0;           // rows with kind skipped
    // Units named by a unit line above the header ("单位：元", "金额单位：元，面积单位：亩"), one per
    // quantity (a quantity named twice with different units is dropped: ambiguous), and the line.
    std::vector<const UnitDef*> title_units;
    std::string unit_line;
}; // struct TablePlan

// The plan for a table whose rows (decoded, trimmed cells; a blank row may be empty) are `rows`.
// any_layer (for `tenglong init`, which reads a file before it knows the layer): a row's score is
// the most fields it names of any canonical layer.
TablePlan plan_table(const std::vector<std::vector<std::string>>& rows, const LayerDef& layer, const LayerSpec& spec,
                     bool any_layer = false);

// The units a title cell names when it is a unit line (see TablePlan::title_units), else none.
std::vector<const UnitDef*> unit_line_units(const std::string& cell);

// Why a row below the header is no data ("" = it is data): blank, or a marker row.
TableRowKind classify_row(const std::vector<std::string>& cells);

// The first non-empty cell, cut to table_layout().excerpt_chars characters ("…" when cut).
std::string first_cell_excerpt(const std::vector<std::string>& cells);

// The issue text of a skipped row: "第 N 行 row N 跳过 skipped: 合计行 (total); 首格 first cell «合计»".
std::string skipped_row_detail(std::int64_t row_number, const TableRowKind& kind, const std::vector<std::string>& cells);

// A side table a run reads beside the data (处置决定表, 盘活台账): the file the project names, else
// the first of `names` that exists in `base_dir`, else none.
std::optional<std::filesystem::path> find_table_beside(const std::filesystem::path& base_dir, const std::string& configured,
                                                       const std::vector<const char*>& names);

// A side table's bad cells (one line each: row, column, what, fix) stop the run with one message
// naming the file and the first 20 cells (ConfigError: exit 2, nothing written). No-op when none.
void stop_on_bad_cells(const std::string& file, const std::string& table_zh, const std::string& table_en,
                       const std::vector<std::string>& bad);

} // namespace tl::io
