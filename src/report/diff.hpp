// tenglong diff: what changed in the shortlists between two analyze runs (闭环管理: a listed
// parcel is tracked until it leaves the list, 销号).
//
// For each shortlist category with a key (styles/categories.json: unsupplied by batch id, idle
// by supply id, inefficient and control_line by parcel id, scattered by leftover id) the two
// runs' <category>.csv are read (UTF-8 with or without BOM; headers zh or en) and their rows
// grouped by key:
//   entered  key only in the new run;
//   left     key only in the old run (销号);
//   changed  key in both, and some column's values differ. A key's value in a column is the set
//            of its rows' distinct values in that column ("R05 | R07" for a parcel failing two
//            rules), so a rule added or dropped shows as a change of the rule column. Columns
//            listed in diff_ignore (ages in days, which grow with the reference date alone) and
//            columns present in only one run are not compared (the latter is noted).
// A category whose CSV exists in only one run is noted, not diffed (its analysis did not run
// in the other). Entries are sorted by category (legend order), status (entered, left,
// changed), then key.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "report/table.hpp"

namespace tl::report {

struct CsvData {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
}; // struct CsvData

// RFC 4180 CSV (quotes, doubled quotes, CRLF or LF; a leading UTF-8 BOM is skipped).
// Throws IoError naming the file.
CsvData read_csv(const std::filesystem::path& file);

struct DiffChange {
    std::string column;          // header as in the new run
    std::string old_value, new_value;
}; // struct DiffChange

enum class DiffStatus { entered, left, changed };
const char* to_string(DiffStatus s) noexcept;   // "entered", "left", "changed"

struct DiffEntry {
    std::string category;        // "unsupplied", ...
    DiffStatus status = DiffStatus::entered;
    std::string key;
    std::string township;        // from the new run (old for `left`)
    std::string area_mu_old, area_mu_new;   // first 亩 column, as written ("" when absent)
    std::vector<DiffChange> changes;        // for `changed`
}; // struct DiffEntry

struct CategoryDiff {
    std::string category;
    bool compared = false;
    int old_keys = 0, new_keys = 0, entered = 0, left = 0, changed = 0, unchanged = 0;
    std::string note;            // why not compared, or columns not compared
}; // struct CategoryDiff

struct DiffResult {
    std::vector<CategoryDiff> categories;
    std::vector<DiffEntry> entries;
}; // struct DiffResult

// Throws UsageError when a folder does not exist or holds no shortlist at all.
DiffResult diff_outputs(const std::filesystem::path& old_dir, const std::filesystem::path& new_dir);

// diff.csv: category, name, status, key, township, area_mu_old, area_mu_new, changes.
Table diff_table(const DiffResult& d, Lang lang);

// The result as plain text for stdout: per category a summary line, then one line per entry.
std::string diff_text(const DiffResult& d, Lang lang);

// diff.geojson: the entries' features from the runs' <category>.geojson (entered and changed
// from the new run, left from the old), matched by the category's key property; properties
// category, key, status, changes, title, description and simplestyle colours by status
// (entered red, left grey, changed orange). RFC 7946, 7 decimals. Throws IoError.
void write_diff_geojson(const DiffResult& d, const std::filesystem::path& old_dir, const std::filesystem::path& new_dir,
                        Lang lang, const std::filesystem::path& file);

} // namespace tl::report
