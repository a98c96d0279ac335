// tenglong diff: what changed in the shortlists between two analyze runs (闭环管理: a listed
// parcel is tracked until it leaves the list, 销号).
//
// For each shortlist category with a key (styles/categories.json: unsupplied by batch id, idle
// by supply id, inefficient and control_line by parcel id, scattered by leftover id) the two
// runs' <category>.csv are read (UTF-8 with or without BOM; headers zh or en) and their rows
// grouped by key:
//   entered  key only in the new run;
//   left     key only in the old run (销号);
//   changed  key in both, and a verdict or class column differs (styles/categories.json
//            diff_verdict: rule, status, 亩均 class, 处置状态; issue 20). A key's value in a column is
//            the set of its rows' distinct values in that column, sorted ("R05 | R07" for a parcel
//            failing two rules), so a rule added or dropped is a change. Measured values (areas,
//            亩均 rates, days overdue) that move while the verdict stays are no change: counted as
//            `moved` among the unchanged. A category without diff_verdict compares every column
//            but those in diff_ignore.
// Why a key left (销号), first that applies: the new run's excluded.csv holds it (排除 by a
// decision: its reason and decider); the old run's 处置状态 was 已处置 (disposed by decision); the
// runs used different profiles or profile contents (rule changed); for a category keyed by parcel,
// the parcel is gone from the new parcels.csv (data changed: parcel split or removed) or its
// parcels.csv values differ (the input layers' files differ: data changed, with the fields; else
// no longer meets the threshold, with the new values); for the others, an input layer's files
// differ (data changed: which layer) or the as-of day moved (no longer meets the threshold on the
// new day). Runs are told apart by their run.json (profile, profile hash, as-of, input sha256).
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
    std::vector<DiffChange> changes;        // for `changed`: the verdict/class columns that differ
    std::string reason, reason_en;          // for `left` (销号): why (see diff_outputs)
}; // struct DiffEntry

struct CategoryDiff {
    std::string category;
    bool compared = false;
    int old_keys = 0, new_keys = 0, entered = 0, left = 0, changed = 0, unchanged = 0;
    int moved = 0;               // of `unchanged`: same verdict and class, some measured value moved
    std::string note;            // why not compared, or columns not compared
}; // struct CategoryDiff

struct DiffWarning {
    std::string code, zh, en;    // profile_differs, profile_hash_differs, as_of_differs
}; // struct DiffWarning

struct DiffResult {
    std::vector<CategoryDiff> categories;
    std::vector<DiffEntry> entries;
    std::vector<DiffWarning> warnings;   // the runs differ in profile, profile content or as-of day
}; // struct DiffResult

// Throws UsageError when a folder does not exist or holds no shortlist at all.
DiffResult diff_outputs(const std::filesystem::path& old_dir, const std::filesystem::path& new_dir);

// diff.csv: category, name, status, key, township, area_mu_old, area_mu_new, changes.
Table diff_table(const DiffResult& d, Lang lang);

// The result as plain text for stdout: the warnings, a summary table (one line per category),
// then at most `max_lines` entries per category (the rest: "see diff.csv").
std::string diff_text(const DiffResult& d, Lang lang, std::size_t max_lines = 10);

// diff.geojson: the entries' features from the runs' <category>.geojson (entered and changed
// from the new run, left from the old), matched by the category's key property; properties
// category, key, status, changes, title, description and simplestyle colours by status
// (entered red, left grey, changed orange). RFC 7946, 7 decimals. Throws IoError.
void write_diff_geojson(const DiffResult& d, const std::filesystem::path& old_dir, const std::filesystem::path& new_dir,
                        Lang lang, const std::filesystem::path& file);

} // namespace tl::report
