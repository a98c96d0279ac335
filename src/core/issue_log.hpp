// The issue log: every data problem tenglong meets, one row each, written to issues.csv and
// issues.geojson. Nothing is lost and nothing is silent: every input feature is used, repaired
// or rejected, and every repair or rejection has its row here.
//
// Thread-safe: add() may be called from worker threads. Output order does not depend on the
// order of add() calls: rows are sorted (layer, fid, kind, detail) before writing.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tl {

// What was done about a problem.
enum class IssueAction {
    repaired,  // the feature was changed (e.g. MakeValid) and used
    rejected,  // the feature was not used
    kept,      // the feature was used as it is; the value at fault is treated as missing
    dropped,   // a derived piece (e.g. a sliver of an overlay) was left out of a result
    note       // information only (e.g. a decision the reader made)
};
const char* to_string(IssueAction a) noexcept;

struct Issue {
    std::string layer;        // canonical layer name (parcels, buildings, ...) or "project"
    std::int64_t fid = -1;    // source feature id (OGR FID); -1 when not about one feature
    std::string feature_id;   // the feature's own id value (ZDDM, ...), may be empty
    std::string kind;         // stable machine code, e.g. "invalid_geometry", "bad_date"
    std::string field;        // canonical field concerned, if any
    std::string detail;       // human explanation: what and where
    IssueAction action = IssueAction::note;
    std::optional<double> x;  // location in the working CRS, where known
    std::optional<double> y;
};

// Per-layer accounting: read = used + rejected; repaired ⊆ used.
struct LayerCounts {
    std::int64_t read = 0;
    std::int64_t used = 0;
    std::int64_t rejected = 0;
    std::int64_t repaired = 0;
    bool reconciles() const noexcept { return read == used + rejected; }
};

class IssueLog {
public:
    void add(Issue issue);
    // Moves every issue of `other` here, after those already added, in the order they were added
    // there (a stage run on several threads, one log each, merges them in a fixed order).
    void append(IssueLog&& other);
    // Sorted, stable copy of all issues.
    std::vector<Issue> sorted() const;
    std::size_t size() const;
    // Count of issues per kind.
    std::map<std::string, std::int64_t> count_by_kind() const;
    std::map<std::string, std::int64_t> count_by_kind(const std::string& layer) const;

private:
    mutable std::mutex m_mutex;
    std::vector<Issue> m_issues;
}; // class IssueLog

} // namespace tl
