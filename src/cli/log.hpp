// Messages to the user on stderr (stdout carries data): -q silences everything but errors,
// -v adds stage timings. Stage names prefix the lines ("read", "normalize", ...).
#pragma once
#include <chrono>
#include <string>

namespace tl::cli {

struct Verbosity {
    bool quiet = false;
    bool verbose = false;
};

class Log {
public:
    explicit Log(Verbosity v) : m_v(v), m_start(std::chrono::steady_clock::now()) {}
    void info(const std::string& msg) const;      // unless -q
    void detail(const std::string& msg) const;    // only with -v, with elapsed time
    void warn(const std::string& msg) const;      // unless -q
    double elapsed_s() const;
private:
    Verbosity m_v;
    std::chrono::steady_clock::time_point m_start;
}; // class Log

} // namespace tl::cli
