#include "cli/options.hpp"

#include <ctime>

#include <CLI/CLI.hpp>

#include "core/errors.hpp"
#include "io/region.hpp"

namespace tl::cli {

void InputOptions::add_to(CLI::App& sub, bool with_profile) {
    sub.add_option("input", input, "Data folder with the county's layers, or a project file (.toml)")->required();
    if (with_profile) {
        sub.add_option("--profile", profile, "Policy profile: a built-in name (tenglong profile list) or a .toml file");
        sub.add_option("--as-of", as_of, "Date the analysis is made as of (YYYY-MM-DD); default: the project's as_of, else today");
    }
    sub.add_option("--lang", lang, "Language of headers and messages: zh (default) or en")->check(CLI::IsMember({"zh", "en"}));
    sub.add_option("--threads", threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    sub.add_flag("-q,--quiet", verbosity.quiet, "Print nothing but errors");
    sub.add_flag("-v,--verbose", verbosity.verbose, "Print settings and stage timings");
    sub.add_option("--progress", verbosity.progress,
                   "进度 Progress on stderr: json (one JSON object a line, for QGIS and scripts) or none; default: a bar on a terminal")
        ->check(CLI::IsMember({"json", "none", "bar"}));
}

io::Project InputOptions::load() const {
    // A region file lists counties: only `analyze` takes one (it dispatches before load()).
    if (io::is_region_file(input))
        throw UsageError(input + " is a region file (区域文件: it lists [[counties]]); `tenglong analyze` runs it, "
                                 "or give one county's data folder or project file");
    io::Project p = io::load_project(input);
    if (!profile.empty()) p.profile = profile;
    if (!as_of.empty()) {
        auto d = parse_date(as_of);
        if (!d) throw UsageError("--as-of " + as_of + " is not a date; write it as 2023-12-31");
        p.as_of = d;
        p.as_of_placeholder = false;
    }
    return p;
}

Date effective_as_of(const io::Project& project) {
    if (project.as_of_placeholder)
        throw ConfigError(project.file.string(),
                          "基准日 as_of 尚未填写 (仍是 tenglong init 写的占位 \"" + std::string(io::as_of_placeholder_text()) +
                              "\"): 在项目文件里写 as_of = \"2023-12-31\", 或运行时加 --as-of 2023-12-31");
    if (project.as_of) return *project.as_of;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

} // namespace tl::cli
