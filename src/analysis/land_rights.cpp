// Owner and tenure vocabularies; semantics in land_rights.hpp.
#include "analysis/land_rights.hpp"

#include <cstring>
#include <utility>

#include <cstddef>

namespace tl::analysis {

namespace {

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (!w.empty() && text.find(w) != std::string::npos) return true;
    return false;
}

// Full-width ASCII (U+FF01..U+FF5E) to its half-width twin, U+3000 to a space; other bytes kept.
std::string half_width(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t k = 0; k < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[k]);
        if (b0 == 0xEF && k + 2 < s.size()) {
            const auto b1 = static_cast<unsigned char>(s[k + 1]), b2 = static_cast<unsigned char>(s[k + 2]);
            const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
                k += 3;
                continue;
            }
        }
        if (b0 == 0xE3 && k + 2 < s.size() && static_cast<unsigned char>(s[k + 1]) == 0x80 &&
            static_cast<unsigned char>(s[k + 2]) == 0x80) {
            out.push_back(' ');
            k += 3;
            continue;
        }
        out.push_back(s[k]);
        ++k;
    }
    return out;
}

} // namespace

std::string normalize_holder_name(const std::string& text) {
    std::string s;
    for (char ch : half_width(text))
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') s.push_back(ch);
    // Lenticular brackets 【】 and 〔〕, as some deliveries write the qualifier, read as [ ].
    for (const auto& [from, to] : {std::pair<const char*, char>{"【", '['}, {"】", ']'}, {"〔", '['}, {"〕", ']'}})
        for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at)) s.replace(at, std::strlen(from), 1, to);
    // One trailing qualifier in brackets: "国有(未供)" -> "国有". Only when something stays.
    if (!s.empty() && (s.back() == ')' || s.back() == ']')) {
        const char open = s.back() == ')' ? '(' : '[';
        const auto at = s.rfind(open);
        if (at != std::string::npos && at > 0) s.erase(at);
    }
    return s;
}

bool glob_match(const std::string& pattern, const std::string& text) {
    // Iterative matcher with one back-tracking point ('*' only).
    std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool is_state_owner(const std::string& owner, const LandRights& rights) {
    const std::string name = normalize_holder_name(owner);
    if (name.empty()) return true;
    for (const auto& pat : rights.state_owner_patterns)
        if (glob_match(normalize_holder_name(pat), name)) return true;
    return false;
}

bool tenure_is_collective(const std::string& tenure, const LandRights& rights) {
    return contains_any(half_width(tenure), rights.collective_tenures);
}

bool tenure_is_supplied(const std::string& tenure, const LandRights& rights) {
    const std::string t = half_width(tenure);
    return contains_any(t, rights.supplied_tenures) && !contains_any(t, rights.unsupplied_tenures);
}

bool is_state_unassigned(const std::string& owner, const std::string& tenure, const LandRights& rights) {
    return is_state_owner(owner, rights) && !tenure_is_collective(tenure, rights) && !tenure_is_supplied(tenure, rights);
}

} // namespace tl::analysis
