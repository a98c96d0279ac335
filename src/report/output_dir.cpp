#include "report/output_dir.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/errors.hpp"

namespace tl::report {

namespace fs = std::filesystem;

namespace {

// What the signal thread must undo. Guarded by g_mutex, which commit() also holds while it
// renames, so cleanup never sees a half-done commit.
struct Active {
    fs::path temp;        // empty: no OutputDir alive
    fs::path target;
    fs::path old;         // non-empty while the previous results sit aside inside commit()
    bool committed = false;
}; // struct Active

std::mutex g_mutex;
Active g_active;
std::atomic<void (*)(int)> g_interrupt_hook{nullptr};

// The last OutputDir destroyed by an exception, with what the file system said before its
// temporary folder was removed (afterwards the space is free again). Guarded by g_mutex.
struct Failure {
    fs::path temp, target;
    std::string why;
}; // struct Failure
Failure g_failure;

// Why a write into `parent` may have failed, as far as the file system tells.
std::string write_failure_cause(const fs::path& parent) {
    struct statvfs vfs {};
    if (::statvfs(parent.c_str(), &vfs) == 0) {
        const unsigned long long free_bytes = static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize;
        // Under 1 MiB left beside a failed write: that was the cause (results take megabytes).
        if (free_bytes < (1ull << 20))
            return "disk full: " + std::to_string(free_bytes / 1024) + " KiB free on the disk holding " + parent.string();
    }
    struct rlimit lim {};
    if (::getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
        return "a file-size limit (ulimit -f) of " + std::to_string(static_cast<unsigned long long>(lim.rlim_cur)) +
               " bytes stops the write";
    return "check free space and permissions there";
}

bool process_alive(long pid) {
    if (pid <= 0) return false;
    if (pid == ::getpid()) return true;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// "NAME.tmp-" / "NAME.old-" followed by a PID; returns the PID or -1.
long pid_suffix(const std::string& entry, const std::string& prefix) {
    if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return -1;
    const std::string digits = entry.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stol(digits);
}

void remove_tree(const fs::path& p) {
    std::error_code ec;
    // A writer may still create a file while we remove: try again a few times.
    for (int i = 0; i < 5; ++i) {
        fs::remove_all(p, ec);
        if (!fs::exists(p, ec)) return;
    }
}

void pause_seconds() {
    const char* s = std::getenv("TENGLONG_TEST_PAUSE_S");
    const int secs = s && *s ? std::atoi(s) : 30;
    std::this_thread::sleep_for(std::chrono::seconds(secs));
}

} // namespace

int remove_stale_temporaries(const fs::path& target) {
    const fs::path parent = target.parent_path();
    const std::string name = target.filename().string();
    std::error_code ec;
    int removed = 0;
    fs::directory_iterator it(parent, ec);
    if (ec) return 0;
    std::vector<std::pair<fs::path, long>> tmps, olds;
    for (const auto& e : it) {
        const std::string entry = e.path().filename().string();
        if (long pid = pid_suffix(entry, "." + name + ".tmp-"); pid > 0) tmps.emplace_back(e.path(), pid);
        if (long pid = pid_suffix(entry, "." + name + ".old-"); pid > 0) olds.emplace_back(e.path(), pid);
    }
    for (const auto& [path, pid] : olds) {
        if (process_alive(pid)) continue;
        // Killed inside commit() after moving the previous results aside: put them back.
        if (!fs::exists(target, ec)) {
            fs::rename(path, target, ec);
            if (!ec) continue;
        }
        remove_tree(path);
        ++removed;
    }
    for (const auto& [path, pid] : tmps) {
        if (process_alive(pid)) continue;
        remove_tree(path);
        ++removed;
    }
    return removed;
}

OutputDir::OutputDir(fs::path target, bool overwrite)
    : m_target(fs::absolute(std::move(target)).lexically_normal()), m_uncaught(std::uncaught_exceptions()) {
    if (m_target.filename().empty()) m_target = m_target.parent_path();
    std::error_code ec;
    const fs::path parent = m_target.parent_path();
    if (fs::exists(parent, ec) && !fs::is_directory(parent, ec)) {
        throw IoError(m_target.string(), parent.string() + " is a file, not a folder; choose another --out");
    }
    // Leftovers of a run killed with SIGKILL; restores the previous results if needed.
    remove_stale_temporaries(m_target);
    if (fs::exists(m_target, ec)) {
        if (!fs::is_directory(m_target, ec)) {
            throw UsageError(m_target.string() + " exists and is not a folder; choose another --out");
        }
        if (!fs::is_empty(m_target, ec) && !overwrite) {
            throw UsageError(m_target.string() + " already holds results; pass --overwrite to replace them, or choose another --out");
        }
    }
    fs::create_directories(parent, ec);
    if (ec) throw IoError(parent.string(), "cannot create the output location: " + ec.message() + "; choose another --out");
    m_temp = parent / ("." + m_target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        fs::remove_all(m_temp, ec);
        fs::create_directory(m_temp, ec);
        if (ec) {
            throw IoError(parent.string(), "cannot write in the output location: " + ec.message() +
                                               "; check its permissions and free space, or choose another --out");
        }
        g_active = Active{m_temp, m_target, {}, false};
    }
}

OutputDir::~OutputDir() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (!m_committed && std::uncaught_exceptions() > m_uncaught)
        g_failure = Failure{m_temp, m_target, write_failure_cause(m_target.parent_path())};
    if (!m_committed) remove_tree(m_temp);
    g_active = Active{};
}

fs::path OutputDir::file(const std::string& name) const {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
        throw std::invalid_argument("output file name \"" + name + "\" is not a plain file name");
    }
    return m_temp / name;
}

void OutputDir::commit() {
    std::error_code ec;
    fs::path old;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        if (fs::exists(m_target, ec)) {
            old = m_target.parent_path() / ("." + m_target.filename().string() + ".old-" + std::to_string(::getpid()));
            fs::remove_all(old, ec);
            fs::rename(m_target, old, ec);
            if (ec) throw IoError(m_target.string(), "cannot move the previous results aside: " + ec.message());
            g_active.old = old;
        }
    }
    test_pause("commit");
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        fs::rename(m_temp, m_target, ec);
        if (ec) {
            if (!old.empty()) fs::rename(old, m_target, ec);
            g_active.old.clear();
            throw IoError(m_target.string(), "cannot move the results into place: " + ec.message());
        }
        m_committed = true;
        g_active.committed = true;
        g_active.old.clear();
        // Still under the lock: a signal arriving now waits until the previous results are
        // gone, instead of leaving `.NAME.old-PID` behind.
        if (!old.empty()) remove_tree(old);
    }
}

std::string explain_write_failure(const std::string& what) {
    std::lock_guard<std::mutex> lock(g_mutex);
    const std::string temp = g_failure.temp.string();
    const std::string target = g_failure.target.string();
    if (temp.empty() || what.find(temp) == std::string::npos) return what;
    std::string msg = what;
    for (std::size_t pos = 0; (pos = msg.find(temp, pos)) != std::string::npos; pos += target.size())
        msg.replace(pos, temp.size(), target);
    return msg + " — " + g_failure.why + "; nothing was changed in " + target +
           "; free some space or choose another --out, then run again";
}

void test_pause(const char* stage) {
    const char* at = std::getenv("TENGLONG_TEST_PAUSE_AT");
    if (!at || std::strcmp(at, stage) != 0) return;
    std::cerr << "tenglong: test pause at " << stage << std::endl;
    pause_seconds();
}

namespace {
const char* signal_name(int sig) {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        case SIGHUP: return "SIGHUP";
        default: return "signal";
    }
}
} // namespace

void set_interrupt_hook(void (*hook)(int sig)) { g_interrupt_hook.store(hook); }

void install_signal_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        sigset_t set;
        sigemptyset(&set);
        // A signal the parent set to be ignored stays ignored: a shell starts `cmd &` with SIGINT
        // ignored so that Ctrl-C stops the script, not its background jobs, and nohup ignores
        // SIGHUP. Blocked signals are queued even when ignored (Linux), so such a signal must not
        // join the waited set, or sigwait would receive it after all.
        int waited = 0;
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;
            sigaddset(&set, sig);
            ++waited;
        }
        // Over a file-size limit (ulimit -f) a write then fails with EFBIG and is reported like
        // a full disk, instead of SIGXFSZ killing the process with a core dump.
        ::signal(SIGXFSZ, SIG_IGN);
        if (waited == 0) return;
        // Threads started from here on inherit the mask: only the waiting thread sees the signals.
        if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return;
        std::thread([set] {
            int sig = 0;
            while (sigwait(&set, &sig) != 0) {}
            if (auto hook = g_interrupt_hook.load()) hook(sig);
            {
                // Held until the process ends: no commit can start or finish after this point.
                g_mutex.lock();
                if (!g_active.temp.empty() && !g_active.committed) {
                    std::error_code ec;
                    if (!g_active.old.empty() && !fs::exists(g_active.target, ec)) {
                        fs::rename(g_active.old, g_active.target, ec);   // previous results back in place
                    }
                    remove_tree(g_active.temp);
                    std::cerr << "tenglong: interrupted (" << signal_name(sig) << "); partial results removed, "
                              << g_active.target.string() << " left as it was" << std::endl;
                } else {
                    std::cerr << "tenglong: interrupted (" << signal_name(sig) << ")" << std::endl;
                }
            }
            // Die of the signal (exit status 128 + sig), as a shell expects of an interrupted program.
            ::signal(sig, SIG_DFL);
            sigset_t one;
            sigemptyset(&one);
            sigaddset(&one, sig);
            pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
            ::kill(::getpid(), sig);
            std::this_thread::sleep_for(std::chrono::seconds(5));
            std::_Exit(128 + sig);
        }).detach();
    });
}

} // namespace tl::report
