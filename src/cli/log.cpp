#include "cli/log.hpp"

#include <cstdio>
#include <iostream>

namespace tl::cli {

double Log::elapsed_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void Log::info(const std::string& msg) const {
    if (!m_v.quiet) std::cerr << msg << "\n";
}

void Log::detail(const std::string& msg) const {
    if (!m_v.verbose || m_v.quiet) return;
    char buf[32];
    std::snprintf(buf, sizeof buf, "[%8.3fs] ", elapsed_s());
    std::cerr << buf << msg << "\n";
}

void Log::warn(const std::string& msg) const {
    if (!m_v.quiet) std::cerr << "warning: " << msg << "\n";
}

} // namespace tl::cli
