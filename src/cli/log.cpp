#include "cli/log.hpp"

#include <cstdio>
#include <iostream>

#include "cli/progress.hpp"
#include "cli/ui_lang.hpp"

namespace tl::cli {

double Log::elapsed_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void Log::print(const std::string& line) const {
    if (m_progress) m_progress->clear_line();
    std::cerr << line << "\n" << std::flush;
    if (m_progress) m_progress->redraw();
}

void Log::info(const std::string& msg) const {
    if (!m_v.quiet) print(msg);
}

void Log::timing(const std::string& stage, double seconds) const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%8.3f s", seconds);
    detail("timing " + stage + " " + buf);
}

void Log::detail(const std::string& msg) const {
    if (!m_v.verbose || m_v.quiet) return;
    char buf[32];
    std::snprintf(buf, sizeof buf, "[%8.3fs] ", elapsed_s());
    print(buf + msg);
}

void Log::warn(const std::string& msg) const {
    // Each warning once, however many stages meet it.
    if (m_v.quiet) return;
    {
        std::lock_guard<std::mutex> lock(m_warned_mutex);
        if (!m_warned.insert(msg).second) return;
    }
    print(tr("警告: ", "warning: ") + msg);
}

} // namespace tl::cli
