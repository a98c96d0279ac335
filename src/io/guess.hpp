// Guessing which canonical layer a file is and which column is which field, from their names
// (and a few values): what `tenglong init` writes into a project file, and the "did you mean"
// of the reader's messages. Every name comes from the one table in schema.cpp (file_stems,
// default_column, label_zh, aliases); nothing here lists names of its own.
//
// Column names are compared after folding ASCII case, blanks and full-width brackets
// (（万元） = (万元)). A match is
//   high    the default column, the Chinese name or an alias, exactly (the reader binds these too)
//   medium  the column name holds a Chinese name or alias (宗地代码_新 ⊃ 宗地代码), or is a Chinese
//           name cut short (a DBF column name holds 10 bytes: 统一社会信 for 统一社会信用代码)
//   low     only the values fit (19-character 宗地代码, 18-character 统一社会信用代码)
// Values raise a name match one step when they fit the field (dates for a date field, codes for
// a code field). A number column whose header names another unit of the same quantity (税收（元）
// where tenglong counts 万元, 面积(亩) for m²) is chosen: the reader converts it (reader.hpp). One
// whose brackets hold anything else (税收(2023), 能耗(吨) for 吨标煤) is never chosen: it is a
// candidate with `unit_mismatch` set.
// Layer names (file stems, GeoPackage layers, sheet names) match a file_stem exactly (high), as
// a whole word of the name (zongdi_2023, ZD330188: high; two-letter initials: medium) or as
// Chinese inside it (宗地基本信息: medium).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "io/schema.hpp"

namespace tl::io::guess {

enum class Confidence { none = 0, low = 1, medium = 2, high = 3 };
const char* label_zh(Confidence c);   // 高 / 中 / 低
const char* label_en(Confidence c);   // high / medium / low

struct Candidate {
    std::string column;
    Confidence confidence = Confidence::none;
    std::string why_zh, why_en;   // "列名即中文名「宗地代码」" / "the column is named like the Chinese name 宗地代码"
    std::string unit_mismatch;    // the column's unit where it differs from tenglong's ("元"), else ""
}; // struct Candidate

// Columns that could hold `field`, best first (never two of the same column). `samples`, when
// given, holds some values of each column (aligned with `columns`).
std::vector<Candidate> field_candidates(const FieldDef& field, const std::vector<std::string>& columns,
                                        const std::vector<std::vector<std::string>>* samples = nullptr);

struct FieldGuess {
    const FieldDef* field = nullptr;
    std::optional<Candidate> chosen;
    std::vector<Candidate> others;    // other columns that could be it (including unit mismatches)
}; // struct FieldGuess

struct LayerFields {
    std::vector<FieldGuess> fields;        // schema order
    std::vector<std::string> unmapped;     // source columns no field took, source order
    int score = 0;                         // how well the columns fit the layer (3 per high, 2 per medium, 1 per low)
}; // struct LayerFields

// One column per field, one field per column: the strongest matches first.
LayerFields guess_fields(const LayerDef& layer, const std::vector<std::string>& columns,
                         const std::vector<std::vector<std::string>>* samples = nullptr);

struct LayerMatch {
    const LayerDef* layer = nullptr;
    Confidence confidence = Confidence::none;
    std::string matched;     // the file_stem that matched
}; // struct LayerMatch

// Canonical layers a file or layer name could stand for, best first.
std::vector<LayerMatch> layer_candidates(const std::string& name);

// The column a user probably meant: for a mapped column that does not exist (`wanted`), the
// closest name by edit distance; else the best candidate by name for the field. "" when none.
std::string did_you_mean(const FieldDef& field, const std::string& wanted, const std::vector<std::string>& columns);

// Whether two column names are the same name: ASCII case, blanks and full-width brackets aside
// (税收（万元） = 税收(万元), zddm = ZDDM). The reader binds columns with it.
bool same_column_name(const std::string& a, const std::string& b);

// The unit named in brackets in a column header (税收（元） -> 元, 面积(亩) -> 亩), nullptr when the
// header names none or one schema.hpp does not know.
const UnitDef* header_unit(const std::string& column);

// A column named like `field` but for a unit of the same quantity in brackets (税收（元） for
// 税收(万元), 宗地面积(亩) for registered_area_m2): the reader binds it and converts. -1 if none.
int convertible_column(const FieldDef& field, const std::vector<std::string>& columns);

// Whether a value looks like a 宗地代码 / 统一社会信用代码 (ValueKind).
bool looks_like(ValueKind kind, const std::string& value);

} // namespace tl::io::guess
