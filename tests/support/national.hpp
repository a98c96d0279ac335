// The national profile's vocabularies for analysis-stage tests, read from profiles/national.toml
// itself (the analysis library has no profile loader; the lists live in the profile, not in C++).
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "analysis/control_line.hpp"
#include "analysis/land_rights.hpp"
#include "analysis/merge_check.hpp"
#include "analysis/scattered.hpp"

namespace tl::test {

inline const toml::table& national_toml() {
    static const toml::table t = toml::parse_file(std::string(TL_PROFILES_DIR) + "/national.toml");
    return t;
}

inline std::vector<std::string> national_texts(const std::string& dotted) {
    const auto* arr = national_toml().at_path(dotted).as_array();
    if (!arr) throw std::runtime_error("national.toml has no list " + dotted);
    std::vector<std::string> out;
    for (const auto& v : *arr) out.push_back(v.value<std::string>().value_or(""));
    return out;
}

inline std::string national_text(const std::string& dotted) {
    return national_toml().at_path(dotted).value<std::string>().value_or("");
}

inline double national_number(const std::string& dotted) {
    const auto v = national_toml().at_path(dotted + ".value").value<double>();
    if (!v) throw std::runtime_error("national.toml has no number " + dotted);
    return *v;
}

inline analysis::LandRights national_land_rights() {
    analysis::LandRights r;
    r.state_owner_patterns = national_texts("land_rights.state_owner_patterns");
    r.supplied_tenures = national_texts("land_rights.supplied_tenures");
    r.unsupplied_tenures = national_texts("land_rights.unsupplied_tenures");
    r.collective_tenures = national_texts("land_rights.collective_tenures");
    return r;
}

inline analysis::ScatteredParams scattered_params() {
    analysis::ScatteredParams p;
    p.max_leftover_m2 = national_number("scattered.max_area_mu") * 10000.0 / 15.0;   // 亩 → m²
    p.industrial_prefixes = national_texts("land_use.industrial_prefixes");
    p.rights = national_land_rights();
    return p;
}

inline analysis::MergeCheckParams merge_params() {
    analysis::MergeCheckParams p;
    p.rights = national_land_rights();
    p.intensity.industrial_prefixes = national_texts("land_use.industrial_prefixes");
    return p;
}

inline analysis::ControlLineParams control_line_params() {
    analysis::ControlLineParams p;
    p.industrial_prefixes = national_texts("land_use.industrial_prefixes");
    return p;
}

} // namespace tl::test
