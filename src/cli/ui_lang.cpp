#include "cli/ui_lang.hpp"

#include <cstdlib>
#include <cstring>

namespace tl::cli {

namespace {
report::Lang g_lang = report::Lang::zh;
}

void decide_ui_lang(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        const char* value = nullptr;
        if (std::strcmp(a, "--lang") == 0 && i + 1 < argc) value = argv[i + 1];
        else if (std::strncmp(a, "--lang=", 7) == 0) value = a + 7;
        if (value) {
            g_lang = std::strcmp(value, "en") == 0 ? report::Lang::en : report::Lang::zh;
            return;
        }
    }
    // POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG (the first one set and non-empty).
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (!v || !*v) continue;
        g_lang = std::strncmp(v, "en", 2) == 0 ? report::Lang::en : report::Lang::zh;
        return;
    }
    g_lang = report::Lang::zh;
}

report::Lang ui_lang() noexcept { return g_lang; }

} // namespace tl::cli
