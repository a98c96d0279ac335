#include "cli/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace tl::cli {

namespace {

// What each stage does, for the JSON stream's zh/en messages (QGIS shows one of them).
struct StageText {
    const char* zh;
    const char* en;
};

StageText stage_text(const std::string& stage) {
    static const std::map<std::string, StageText> text{
        {"read", {"读取并整理图层", "reading and normalizing the layers"}},
        {"unsupplied", {"批而未供", "unsupplied land"}},
        {"idle", {"闲置土地", "idle land"}},
        {"intensity", {"低效用地(容积率、亩均)", "land-use intensity (FAR, per-mu output)"}},
        {"scattered", {"零星地块", "scattered plots"}},
        {"control_line", {"工业用地控制线", "industrial control lines"}},
        {"targets", {"目标完成情况", "targets"}},
        {"write", {"写出结果文件", "writing the results"}},
        {"publish", {"发布到 PostGIS", "publishing to PostGIS"}},
        {"adjacency", {"计算相邻关系", "measuring adjacency"}},
        {"check", {"检查与核验", "checking"}},
        {"done", {"完成", "done"}},
    };
    const auto it = text.find(stage);
    return it == text.end() ? StageText{stage.c_str(), stage.c_str()} : it->second;
}

} // namespace

Progress::Progress(Verbosity v, int total_stages)
    : m_enabled(v.progress == "json" || (v.progress != "none" && !v.quiet && ::isatty(STDERR_FILENO) == 1)),
      m_json(v.progress == "json"), m_total(std::max(total_stages, 1)), m_stage_start(std::chrono::steady_clock::now()) {
    if (m_enabled && !m_json) m_thread = std::thread([this] { loop(); });
}

Progress::~Progress() { stop(); }

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
    if (!m_json) draw_locked();   // JSON: the next stage's begin() says it
}

void Progress::step(std::size_t done, std::size_t total) {
    if (!m_enabled) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_step_done = done;
    m_step_total = total;
    draw_locked();
}

void Progress::finish() {
    if (m_enabled && m_json) {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_finished) return;
        m_total = m_done = std::max(m_done, 1);   // every stage that ran (end() may have made room for one more)
        m_step_done = m_step_total = 0;
        json_locked("done");
    }
    stop();
}

void Progress::stop() {
    if (!m_enabled) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_finished) return;
        m_finished = true;
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (m_json) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
}

void Progress::clear_line() {
    if (!m_enabled) return;
    m_mutex.lock();   // held until redraw(): no bar between the wipe and the message
    if (!m_finished && !m_json) std::fputs("\r\x1b[K", stderr);
}

void Progress::redraw() {
    if (!m_enabled) return;
    if (!m_json) draw_locked();
    m_mutex.unlock();
}

void Progress::json_locked(const std::string& stage) {
    double frac = static_cast<double>(m_done) / m_total;
    if (m_step_total > 0) frac += static_cast<double>(m_step_done) / static_cast<double>(m_step_total) / m_total;
    frac = std::clamp(std::round(frac * 10000.0) / 10000.0, 0.0, 1.0);
    frac = m_json_fraction = std::max(frac, m_json_fraction);   // never backwards (more stages than announced)
    const StageText text = stage_text(stage);
    nlohmann::ordered_json j;
    j["tenglong_progress"] = 1;
    j["stage"] = stage;
    j["stage_index"] = std::min(m_done + (stage == "done" ? 0 : 1), m_total);
    j["stages"] = m_total;
    j["fraction"] = frac;
    j["step"] = m_step_done;
    j["steps"] = m_step_total;
    j["zh"] = text.zh;
    j["en"] = text.en;
    const std::string line = j.dump() + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

void Progress::draw_locked() {
    if (m_finished) return;
    if (m_json) {
        json_locked(m_stage);
        return;
    }
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
