// A progress bar for the long stages of a run (read, each analysis, write), on stderr.
//
// Shown only when stderr is a terminal (isatty) and the run is not -q; otherwise every call is
// a no-op, so piped or logged runs and the tests see no control characters. One line,
// redrawn in place every 100 ms by a helper thread, so a stage that runs for a minute still
// shows its clock ticking:
//     [########............]  3/7  idle  12.4 s
// Stages are counted as they end (end()); step() shows progress inside a stage where it is
// known (files written). Log lines (cli/log.hpp) clear the bar, print, and let it redraw.
//
// `--progress json` (for the QGIS plugin and scripts) replaces the bar, on a terminal or not and
// even with -q, by one JSON object a line on stderr, written when a stage starts, a step inside
// it is done, and once at the end of a successful run (finish()):
//     {"tenglong_progress":1,"stage":"idle","stage_index":3,"stages":7,"fraction":0.2857,
//      "step":0,"steps":0,"zh":"闲置土地","en":"idle land"}
//     {"tenglong_progress":1,"stage":"done","stage_index":7,"stages":7,"fraction":1,...}
// `fraction` (0..1) never decreases; a failed run ends without the "done" line. Other stderr
// lines (messages, warnings, errors) stay plain text between them. `--progress none`: nothing.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "cli/log.hpp"

namespace tl::cli {

class Progress {
public:
    // `total_stages`: the stages expected (the bar fills as they end). DEFAULT force: from isatty.
    Progress(Verbosity v, int total_stages);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    bool enabled() const noexcept { return m_enabled; }
    void begin(const std::string& stage);                 // a stage starts
    void end();                                           // the current stage ended
    void step(std::size_t done, std::size_t total);       // progress inside the stage
    // The run succeeded: clears the bar, or writes the "done" JSON line; idempotent.
    void finish();

    // For Log: wipe the bar before a message line, redraw after.
    void clear_line();
    void redraw();

private:
    void draw_locked();
    void json_locked(const std::string& stage);
    void stop();          // clears the bar, no "done" line (the destructor: a failed run)
    void loop();

    bool m_enabled = false;
    bool m_json = false;
    double m_json_fraction = 0;
    int m_total = 1;
    int m_done = 0;
    std::string m_stage;
    std::size_t m_step_done = 0, m_step_total = 0;
    std::chrono::steady_clock::time_point m_stage_start;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_finished = false;
    std::thread m_thread;
}; // class Progress

} // namespace tl::cli
