// Who holds a parcel and whether it was supplied, read from the owner (权利人) and tenure
// (权利性质) texts as deliveries write them. The vocabularies come from the profile
// ([land_rights]); nothing here names a holder or a tenure.
//
// Owner: a parcel is state-held when its owner is empty or matches one of
// `state_owner_patterns` after normalization:
//   - full-width ASCII (（）, ＡＢ, full-width space) is read as half-width, spaces are dropped;
//   - a trailing bracketed qualifier is ignored: "国有(未供)", "国有土地（储备）", "国有[储备]"
//     are "国有", "国有土地", "国有";
//   - a pattern may hold '*' for any run of characters ("*土地储备中心" matches
//     "某某县土地储备中心"); without '*' it must match the whole name. A prefix alone is never
//     enough: "国家电网有限公司" is a firm, not "国家".
// Tenure: supplied when it contains one of `supplied_tenures` (出让, 划拨, ...) and none of
// `unsupplied_tenures` ("未供", "未出让", "储备": "国有未供" and "拟出让" must not read as
// supplied); collective when it contains one of `collective_tenures` (集体).
#pragma once
#include <string>
#include <vector>

namespace tl::analysis {

struct LandRights {
    std::vector<std::string> state_owner_patterns;
    std::vector<std::string> supplied_tenures;
    std::vector<std::string> unsupplied_tenures;
    std::vector<std::string> collective_tenures;
}; // struct LandRights

// The normalized form compared against the patterns (see above), qualifier removed.
std::string normalize_holder_name(const std::string& text);
// '*' matches any run of bytes (UTF-8 safe: a pattern and a name are both whole UTF-8 strings).
bool glob_match(const std::string& pattern, const std::string& text);

bool is_state_owner(const std::string& owner, const LandRights& rights);
bool tenure_is_collective(const std::string& tenure, const LandRights& rights);
bool tenure_is_supplied(const std::string& tenure, const LandRights& rights);
// State-held land with no supply recorded on the parcel itself: owner empty or state, tenure
// neither collective nor supplied. Supply records are checked apart by the caller.
bool is_state_unassigned(const std::string& owner, const std::string& tenure, const LandRights& rights);

} // namespace tl::analysis
