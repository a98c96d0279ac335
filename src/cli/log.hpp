// Messages to the user on stderr (stdout carries data): -q silences everything but errors,
// -v adds stage timings. Stage names prefix the lines ("read", "normalize", ...).
// With a Progress attached (a bar on a terminal), each message wipes the bar, is printed on its
// own line, and the bar is redrawn below it.
#pragma once
#include <chrono>
#include <mutex>
#include <set>
#include <string>

namespace tl::cli {

class Progress;

struct Verbosity {
    bool quiet = false;
    bool verbose = false;
    std::string progress;   // --progress: "" (a bar on a terminal), "json" (cli/progress.hpp), "none"
};

class Log {
public:
    explicit Log(Verbosity v) : m_v(v), m_start(std::chrono::steady_clock::now()) {}
    void info(const std::string& msg) const;      // unless -q
    void detail(const std::string& msg) const;    // only with -v, with elapsed time
    void warn(const std::string& msg) const;      // unless -q; each distinct message once
    // -v: "stage  1.234 s" (the stage's duration), with the elapsed-time prefix.
    void timing(const std::string& stage, double seconds) const;
    double elapsed_s() const;
    const Verbosity& verbosity() const noexcept { return m_v; }
    void attach(Progress* p) noexcept { m_progress = p; }
private:
    void print(const std::string& line) const;
    Verbosity m_v;
    Progress* m_progress = nullptr;
    std::chrono::steady_clock::time_point m_start;
    mutable std::mutex m_warned_mutex;
    mutable std::set<std::string> m_warned;
}; // class Log

} // namespace tl::cli
