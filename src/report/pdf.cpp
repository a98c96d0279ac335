#include "report/pdf.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "core/errors.hpp"

extern char** environ;

namespace tl::report {

namespace fs = std::filesystem;

namespace {

bool executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

} // namespace

std::optional<fs::path> find_chromium() {
    if (const char* env = std::getenv("CHROMIUM"); env && *env) {
        if (executable(env)) return fs::path(env);
        return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    const std::string dirs = path ? path : "/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const std::size_t end = std::min(dirs.find(':', start), dirs.size());
            const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
            if (end > start && executable(candidate)) return candidate;
            start = end + 1;
        }
    }
    return std::nullopt;
}

void print_pdf(const fs::path& chromium, const fs::path& html, const fs::path& pdf) {
    // A profile of its own, removed afterwards: nothing of the user's browser is touched.
    std::string profile_tmpl = (fs::temp_directory_path() / "tenglong-chromium-XXXXXX").string();
    if (!::mkdtemp(profile_tmpl.data())) throw IoError(pdf.string(), "cannot create a temporary folder for Chromium");
    const fs::path profile = profile_tmpl;
    const std::vector<std::string> args{chromium.string(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                        "--no-pdf-header-footer", "--user-data-dir=" + profile.string(),
                                        "--print-to-pdf=" + fs::absolute(pdf).string(), "file://" + fs::absolute(html).string()};
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc == 0) while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    std::error_code ec;
    fs::remove_all(profile, ec);
    if (rc != 0) throw IoError(pdf.string(), "cannot start " + chromium.string() + ": " + std::generic_category().message(rc));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(pdf) || fs::file_size(pdf) == 0)
        throw IoError(pdf.string(), "Chromium (" + chromium.string() + ") did not print report.html to PDF");
}

} // namespace tl::report
