// Words for the stable codes the result tables carry. A table keeps the code (rules ids, verdicts
// `pass`/`fail`, issue kinds `bad_date`, area basis `registered`, ...): GeoJSON, GeoPackage,
// results.gdb (coded-value domains), the QGIS styles and plugin key on it. The CSV and XLSX
// writers show the code's words in the run's language (Lang::zh: 达标/不达标/不适用/无法判定,
// 登记面积/图形面积, 相邻/缝隙/点接触, 数据问题类型 by name, ...): a column names its code list in
// Column::domain and report/table.cpp asks value_label() for each cell.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "report/table.hpp"

namespace tl::report {

// Code lists (Column::domain values).
inline constexpr const char* kDomainVerdict = "verdict";          // rules::Outcome codes
inline constexpr const char* kDomainAreaBasis = "area_basis";     // registered | geometric
inline constexpr const char* kDomainRelation = "relation";        // analysis::Relation codes
inline constexpr const char* kDomainIssueKind = "issue_kind";     // IssueLog kinds
inline constexpr const char* kDomainIssueAction = "issue_action"; // IssueAction codes
inline constexpr const char* kDomainLayer = "layer";              // canonical layer names
inline constexpr const char* kDomainField = "field";              // canonical field keys
inline constexpr const char* kDomainLineStatus = "line_status";  // analysis::LineStatus codes
inline constexpr const char* kDomainYesNo = "yes_no";             // yes | no (true | false)

// The words for `code` of `domain` in `lang`. A code without words (an unknown issue kind, an
// empty cell) comes back as it is: nothing is lost. Lists of codes joined by ';' are translated
// item by item.
std::string value_label(std::string_view domain, std::string_view code, Lang lang);

// The codes of `domain` that have words (for tests and coded-value domains).
std::vector<std::string> domain_codes(std::string_view domain);
// What a code list is, for a coded-value domain's description ("规则判定结果" / "rule verdict").
std::string domain_title(std::string_view domain, Lang lang);

} // namespace tl::report
