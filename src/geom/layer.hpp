// A normalized layer: what every analysis reads. Produced by geom::normalize from an
// io::RawLayer: geometries are GEOS, valid (repaired where needed), non-empty, polygonal for
// polygon layers, in the one projected working CRS in metres. Attribute values are the decoded
// UTF-8 strings of the bound canonical fields; typed accessors parse them and report values
// that do not parse to the issue log (kind "bad_value"/"bad_date", action "kept": the value
// is treated as missing, the feature stays).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/issue_log.hpp"
#include "geom/crs.hpp"
#include "geom/geos.hpp"

namespace tl::geom {

struct Feature {
    std::int64_t fid = -1;           // source OGR FID (stable key for issues and ordering)
    std::string id;                  // value of the canonical "id" field ("" when none)
    GeomPtr geom;                    // valid, non-empty, working CRS; null for tables
    Envelope env;                    // envelope of geom
    double area_m2 = 0;              // planar area of geom in the working CRS
    bool repaired = false;           // geom was made valid by MakeValid
    std::vector<std::optional<std::string>> values;  // aligned with Layer::keys
}; // struct Feature

// What normalize saw in a layer, for `inspect` and run.json (all counts are features).
struct LayerStats {
    std::int64_t multipart = 0;        // used features with more than one polygon
    std::int64_t with_holes = 0;       // used features with at least one interior ring
    std::int64_t dropped_z = 0;        // features whose Z/M values were dropped
    std::int64_t duplicate_ids = 0;    // used features whose id an earlier feature already had
    std::int64_t slivers = 0;          // used features below the sliver area
    std::map<std::string, std::int64_t> invalid_by_reason;  // GEOS reason -> features (repaired or not)
    std::map<std::string, std::int64_t> rejected_by_kind;   // issue kind -> rejected features
}; // struct LayerStats

namespace detail {
// Remembers which (feature, key) values already have a bad_value/bad_date issue, so that an
// accessor called by several analyses reports a value once. Shared by copies of a Layer.
struct ReportedValues {
    std::mutex mutex;
    std::set<std::pair<std::size_t, int>> seen;
    bool first_time(std::size_t i, int k) {
        std::lock_guard<std::mutex> lock(mutex);
        return seen.emplace(i, k).second;
    }
}; // struct ReportedValues
} // namespace detail

struct Layer {
    std::string name;                 // canonical layer name
    std::vector<std::string> keys;    // canonical keys bound (unbound keys present, always null)
    std::vector<Feature> features;    // used features, in FID order
    LayerCounts counts;               // read = used + rejected
    LayerStats stats;
    bool is_table = false;            // no geometry (enterprises)
    CrsInfo source_crs;               // the CRS the source was read in (empty for tables)
    CrsInfo crs;                      // the working CRS of every geometry (empty for tables)
    CoordinateDiagnosis coordinates;  // do the source coordinates fit source_crs? (normalize)

    int key_index(const std::string& key) const;
    bool has_column(const std::string& key) const;   // key bound to a source column

    // Raw value of `key` for feature i; nullopt when null, empty or key unbound.
    std::optional<std::string> text(std::size_t i, const std::string& key) const;
    // Parsed values; on a value that does not parse: issue into `issues` (if given; once per
    // feature and key however often it is asked), nullopt.
    std::optional<double> number(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;
    std::optional<Date> date(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;
    std::optional<bool> boolean(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;

    // An issue about feature i (layer, fid, id filled in), located at the centre of its envelope
    // when it has a geometry, so that issues.geojson shows where it is.
    Issue issue(std::size_t i, std::string kind, std::string field, std::string detail, IssueAction action) const;

    std::vector<bool> bound;          // aligned with keys: true when bound to a source column

    std::shared_ptr<detail::ReportedValues> reported = std::make_shared<detail::ReportedValues>();
}; // struct Layer

// Parses a number as county tables write it: plain decimal ("1234.5", "-3", "1e3", " 1,234.5 "
// with thousands commas in groups of three; full-width digits and the ideographic space are
// accepted). No units ("1234.5万" is malformed: we never guess a scale). "", "NULL", "null",
// "-", "--", "—", "/", "N/A" are missing: nullopt, not malformed. NaN and infinities are malformed.
// `malformed` (if given) is set to whether the text was non-missing and did not parse.
std::optional<double> parse_number(const std::string& text, bool* malformed = nullptr);
// 是/否, Y/N, yes/no, T/F, 1/0 (also 1.0/0.0), true/false, 规上/规下 (case-insensitive, trimmed).
// Missing forms as for parse_number.
std::optional<bool> parse_boolean(const std::string& text, bool* malformed = nullptr);

} // namespace tl::geom
