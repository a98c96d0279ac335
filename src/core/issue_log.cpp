#include "core/issue_log.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace tl {

const char* to_string(IssueAction a) noexcept {
    switch (a) {
        case IssueAction::repaired: return "repaired";
        case IssueAction::rejected: return "rejected";
        case IssueAction::kept: return "kept";
        case IssueAction::dropped: return "dropped";
        case IssueAction::note: return "note";
    }
    return "note";
}

void IssueLog::add(Issue issue) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_issues.push_back(std::move(issue));
}

void IssueLog::append(IssueLog&& other) {
    if (&other == this) return;
    std::vector<Issue> moved;
    {
        std::lock_guard<std::mutex> lock(other.m_mutex);
        moved.swap(other.m_issues);
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_issues.empty()) {
        m_issues = std::move(moved);
        return;
    }
    m_issues.insert(m_issues.end(), std::make_move_iterator(moved.begin()), std::make_move_iterator(moved.end()));
}

std::vector<Issue> IssueLog::sorted() const {
    std::vector<Issue> out;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        out = m_issues;
    }
    std::stable_sort(out.begin(), out.end(), [](const Issue& a, const Issue& b) {
        return std::tie(a.layer, a.fid, a.kind, a.field, a.detail) <
               std::tie(b.layer, b.fid, b.kind, b.field, b.detail);
    });
    return out;
}

std::size_t IssueLog::size() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_issues.size();
}

std::map<std::string, std::int64_t> IssueLog::count_by_kind() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::map<std::string, std::int64_t> out;
    for (const auto& i : m_issues) ++out[i.kind];
    return out;
}

std::map<std::string, std::int64_t> IssueLog::count_by_kind(const std::string& layer) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::map<std::string, std::int64_t> out;
    for (const auto& i : m_issues) if (i.layer == layer) ++out[i.kind];
    return out;
}

} // namespace tl
