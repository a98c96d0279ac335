// An output folder that appears complete or not at all.
//
// Results are built in a temporary folder beside the target, `.NAME.tmp-PID` (same file
// system, so the final rename is atomic), and moved into place by commit(). Without commit()
// (an exception, a failed run) the destructor removes the temporary folder and the previous
// results stay untouched. An existing non-empty target is replaced only when `overwrite` is
// set; otherwise the constructor throws UsageError naming --overwrite.
//
// Interruptions:
//   - SIGINT / SIGTERM / SIGHUP: install_signal_handlers() (called once by main before any
//     thread starts) blocks them in every thread and waits for them in a dedicated thread.
//     A signal inherited as ignored stays ignored (a shell's `tenglong ... &` ignores SIGINT so
//     that Ctrl-C stops the script and not its background jobs; nohup ignores SIGHUP).
//     That thread removes the registered temporary folder with ordinary (not async-signal-safe
//     restricted) code, under the same lock as commit(), so an interruption and a commit never
//     interleave: the target is either the previous results or the complete new ones. It then
//     re-raises the signal with its default action (exit status 130 / 143 / 129 in a shell).
//   - SIGKILL (or a power cut): `.NAME.tmp-PID` (and, if killed inside commit(), the previous
//     results as `.NAME.old-PID`) stay behind. The next OutputDir for the same target removes
//     such folders whose PID is no longer running, first putting `.NAME.old-PID` back in
//     place when the target is missing, so the previous results are never lost.
//
// Test hook: with TENGLONG_TEST_PAUSE_AT=STAGE in the environment, test_pause(STAGE) prints
// "tenglong: test pause at STAGE" to stderr and sleeps TENGLONG_TEST_PAUSE_S seconds (DEFAULT:
// 30) so that a test can send a signal at a known point. Stages: `read` (temporary folder
// made, nothing read), `write` (some outputs written), `commit` (previous results moved
// aside, new ones not yet in place). Without the variable it does nothing.
#pragma once
#include <filesystem>
#include <string>

namespace tl::report {

class OutputDir {
public:
    OutputDir(std::filesystem::path target, bool overwrite);
    ~OutputDir();
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    // Path of `name` inside the temporary folder. `name` is a plain file name (no '/', not
    // "." or ".."; throws std::invalid_argument otherwise): outputs are written only there.
    std::filesystem::path file(const std::string& name) const;
    const std::filesystem::path& target() const noexcept { return m_target; }
    const std::filesystem::path& temp() const noexcept { return m_temp; }
    // Moves the finished folder into place (replacing the previous one).
    void commit();
private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
    int m_uncaught = 0;   // std::uncaught_exceptions() at construction: the destructor knows a failure
}; // class OutputDir

// For the message of an error that ended a run: when `what` names a file in the temporary
// folder of the last OutputDir destroyed by an exception (a write failed), the same message
// with the output folder's name in its place, followed by what the file system said at that
// moment (disk full, a file-size limit (ulimit -f)), that the previous results are untouched,
// and the fix. `what` unchanged otherwise (an input error). main() prints every error through it.
std::string explain_write_failure(const std::string& what);

// Removes `.NAME.tmp-PID` / `.NAME.old-PID` folders beside `target` whose process is gone,
// restoring `.NAME.old-PID` as `target` when `target` is missing. Returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& target);

// Blocks SIGINT, SIGTERM and SIGHUP (those not inherited as ignored) in the calling thread (and
// so in every thread started later) and starts the thread that handles them (see above). Call
// once, before any other thread starts.
void install_signal_handlers();

// A function the signal thread calls first, with the signal, before it cleans up and ends the
// process: a region run (cli/command_region.cpp) passes the signal on to its county processes
// there. nullptr: none. Set it before any child starts.
void set_interrupt_hook(void (*hook)(int sig));

// See "Test hook" above.
void test_pause(const char* stage);

} // namespace tl::report
