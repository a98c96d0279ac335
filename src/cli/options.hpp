// Option groups shared by several commands.
#pragma once
#include <string>

#include "cli/log.hpp"
#include "core/date.hpp"
#include "io/project.hpp"
#include "report/table.hpp"

namespace CLI { class App; }

namespace tl::cli {

struct InputOptions {
    std::string input;      // DATA_DIR or PROJECT.toml
    std::string profile;    // --profile NAME|FILE (overrides the project)
    std::string as_of;      // --as-of DATE (overrides the project)
    std::string lang = "zh";
    Verbosity verbosity;
    int threads = 0;        // 0 = all cores

    void add_to(CLI::App& sub, bool with_profile);
    // Loads the project and applies the overrides; throws UsageError on a bad --as-of.
    io::Project load() const;
    report::Lang language() const { return lang == "en" ? report::Lang::en : report::Lang::zh; }
}; // struct InputOptions

// The as_of date of a run: --as-of, else the project's as_of, else today (noted in the log).
// Throws ConfigError (exit 2) while as_of is still `tenglong init`'s placeholder.
Date effective_as_of(const io::Project& project);

} // namespace tl::cli
