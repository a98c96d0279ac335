// 盘活台账 and the county's 规上 亩均 totals: what `targets.*` are judged against (issue 19 item 7;
// 象山 二, 临海 附件二, 临平 二, 鄞州 四(四), 舟山 一(二)/二(一)).
//
// The 盘活台账 (盘活台账.csv/.xlsx or revitalization.csv/.xlsx beside the data, or
// `revitalization = "…"` in the project file) has one row per parcel or batch revitalised: id
// (宗地代码 or 批次编号), date done, area, method (收回 / 再开发 / 零增地技改 / 转让 …, free text),
// 镇街. It is read through GDAL like the decisions table (io::revitalization_table_def: Chinese or
// English headers, title rows and 合计/小计/注 rows skipped, each an issue). The area's unit must be
// stated — in the header (盘活面积(亩), 面积（平方米）), or a unit line above it (单位：亩) — and is
// converted to m²; a table that does not say is refused, since 亩 and m² differ 667-fold.
// A bad row (no id, a date that is no date, an area that is no number or not > 0) stops the run
// (ConfigError, exit 2) naming the file, the row, the column and the fix, for every bad row.
//
// Sums: rows dated after the as-of day are not counted (an issue each); the rest by year, by
// 镇街 ("" when the row names none), by year and 镇街, by method.
//
// 规上 亩均: Σ tax ÷ Σ 亩 (and Σ value added ÷ Σ 亩) over the 亩均 evaluation's in-scope 规上 units
// with land and the figure (analysis/mujun.hpp; the county aggregate, not a mean of ratios).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/mujun.hpp"
#include "core/date.hpp"
#include "core/issue_log.hpp"

namespace tl::analysis {

struct RevitalizationRow {
    std::int64_t row = 0;          // row number as the planner sees it
    std::string id, method, township;
    Date done_on;
    double area_m2 = 0;
}; // struct RevitalizationRow

struct RevitalizationLedger {
    std::string file;              // as shown in messages
    std::vector<RevitalizationRow> rows;
}; // struct RevitalizationLedger

// One row of the file as read: its number and its cells by field key (id, done_on, area_m2 — in m²
// already —, method, township).
struct RawRevitalization {
    std::int64_t row = 0;
    std::map<std::string, std::string> cells;
}; // struct RawRevitalization

// Pure: the cells to rows. `area_unit_stated` false: the area's unit is said nowhere (refused).
// Throws ConfigError naming `file`, each bad row, column and fix.
RevitalizationLedger parse_revitalization(const std::string& file, const std::vector<RawRevitalization>& rows, bool area_unit_stated,
                                          const std::string& area_column);

// The 盘活台账 of a project: `configured` (absolute) when set, else the first of 盘活台账.csv,
// 盘活台账.xlsx, revitalization.csv, revitalization.xlsx in base_dir.
std::optional<std::filesystem::path> find_revitalization_file(const std::filesystem::path& base_dir, const std::string& configured);

// Reads the file through GDAL (skipped title/合计 rows are issues, layer "revitalization").
RevitalizationLedger read_revitalization(const std::filesystem::path& file, IssueLog& issues);

struct RevitalizedArea {
    std::string file;
    double total_m2 = 0;
    std::map<int, double> by_year_m2;
    std::map<std::string, double> by_township_m2;
    std::map<std::pair<std::string, int>, double> by_township_year_m2;
    std::map<std::string, double> by_method_m2;   // "" = method not given
    std::int64_t rows_counted = 0, rows_after_as_of = 0;
    // The area done in [from, to] (inclusive), county or one 镇街.
    double between_m2(const Date& from, const Date& to, const std::string* township = nullptr) const;
    std::vector<RevitalizationRow> rows;          // counted rows, file order
}; // struct RevitalizedArea

// Sums the rows dated on or before `as_of`; later ones are issues (note) and not counted.
RevitalizedArea sum_revitalized(const RevitalizationLedger& ledger, const Date& as_of, IssueLog& issues);

// The county's 规上 totals of the 亩均 evaluation year.
struct AboveScaleTotals {
    std::optional<int> year;
    std::int64_t firms_tax = 0, firms_va = 0;     // in-scope 规上 units with land and tax / value added
    double tax_10k = 0, tax_land_mu = 0;          // Σ tax, Σ 亩 of those units
    double va_10k = 0, va_land_mu = 0;
    std::optional<double> tax_per_mu() const { return tax_land_mu > 0 ? std::optional<double>(tax_10k / tax_land_mu) : std::nullopt; }
    std::optional<double> va_per_mu() const { return va_land_mu > 0 ? std::optional<double>(va_10k / va_land_mu) : std::nullopt; }
}; // struct AboveScaleTotals

AboveScaleTotals above_scale_totals(const MujunResult& m);

} // namespace tl::analysis
