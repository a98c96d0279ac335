#include "cli/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace tl::cli {

Progress::Progress(Verbosity v, int total_stages)
    : m_enabled(!v.quiet && ::isatty(STDERR_FILENO) == 1), m_total(std::max(total_stages, 1)),
      m_stage_start(std::chrono::steady_clock::now()) {
    if (m_enabled) m_thread = std::thread([this] { loop(); });
}

Progress::~Progress() { finish(); }

void Progress::begin(const std::string& stage) {
    if (!m_enabled) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stage = stage;
    m_step_done = m_step_total = 0;
    m_stage_start = std::chrono::steady_clock::now();
    draw_locked();
}

void Progress::end() {
    if (!m_enabled) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_done;
    if (m_done >= m_total) m_total = m_done + 1;   // more stages than announced: keep room
    m_step_done = m_step_total = 0;
    draw_locked();
}

void Progress::step(std::size_t done, std::size_t total) {
    if (!m_enabled) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_step_done = done;
    m_step_total = total;
    draw_locked();
}

void Progress::finish() {
    if (!m_enabled) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_finished) return;
        m_finished = true;
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
}

void Progress::clear_line() {
    if (!m_enabled) return;
    m_mutex.lock();   // held until redraw(): no bar between the wipe and the message
    if (!m_finished) std::fputs("\r\x1b[K", stderr);
}

void Progress::redraw() {
    if (!m_enabled) return;
    draw_locked();
    m_mutex.unlock();
}

void Progress::draw_locked() {
    if (m_finished) return;
    constexpr int width = 24;
    double frac = static_cast<double>(m_done) / m_total;
    if (m_step_total > 0) frac += static_cast<double>(m_step_done) / static_cast<double>(m_step_total) / m_total;
    const int filled = std::clamp(static_cast<int>(frac * width + 0.5), 0, width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_stage_start).count();
    char buf[256];
    if (m_step_total > 0) {
        std::snprintf(buf, sizeof buf, "\r[%s] %2d/%d  %s %zu/%zu  %.1f s\x1b[K", bar.c_str(), std::min(m_done + 1, m_total), m_total,
                      m_stage.c_str(), m_step_done, m_step_total, secs);
    } else {
        std::snprintf(buf, sizeof buf, "\r[%s] %2d/%d  %s  %.1f s\x1b[K", bar.c_str(), std::min(m_done + 1, m_total), m_total,
                      m_stage.c_str(), secs);
    }
    std::fputs(buf, stderr);
    std::fflush(stderr);
}

void Progress::loop() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_stop) {
        m_cv.wait_for(lock, std::chrono::milliseconds(100));
        if (!m_stop) draw_locked();
    }
}

} // namespace tl::cli
