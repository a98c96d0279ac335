// A normalized layer: what every analysis reads. Produced by geom::normalize from an
// io::RawLayer: geometries are GEOS, valid (repaired where needed), non-empty, polygonal for
// polygon layers, in the one projected working CRS in metres. Attribute values are the decoded
// UTF-8 strings of the bound canonical fields; typed accessors parse them and report values
// that do not parse to the issue log (kind "bad_value"/"bad_date", action "kept": the value
// is treated as missing, the feature stays).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/issue_log.hpp"
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

struct Layer {
    std::string name;                 // canonical layer name
    std::vector<std::string> keys;    // canonical keys bound (unbound keys present, always null)
    std::vector<Feature> features;    // used features, in FID order
    LayerCounts counts;               // read = used + rejected

    int key_index(const std::string& key) const;
    bool has_column(const std::string& key) const;   // key bound to a source column

    // Raw value of `key` for feature i; nullopt when null, empty or key unbound.
    std::optional<std::string> text(std::size_t i, const std::string& key) const;
    // Parsed values; on a value that does not parse: issue into `issues` (if given), nullopt.
    std::optional<double> number(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;
    std::optional<Date> date(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;
    std::optional<bool> boolean(std::size_t i, const std::string& key, IssueLog* issues = nullptr) const;

    std::vector<bool> bound;          // aligned with keys: true when bound to a source column
}; // struct Layer

// Parses a number as county tables write it: "1234.5", " 1,234.5 ", "1234.5万"? no — plain
// decimal with optional thousands commas; "" and "NULL"/"-" are missing (nullopt, no issue).
std::optional<double> parse_number(const std::string& text, bool* malformed = nullptr);
// 是/否, Y/N, 1/0, true/false, 规上/规下.
std::optional<bool> parse_boolean(const std::string& text, bool* malformed = nullptr);

} // namespace tl::geom
