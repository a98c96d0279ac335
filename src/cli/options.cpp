#include "cli/options.hpp"

#include <cstdio>
#include <ctime>

#include <CLI/CLI.hpp>

#include "core/errors.hpp"
#include "io/region.hpp"
#include "cli/ui_lang.hpp"

namespace tl::cli {

namespace {

// A date like the one given, where it can be read: "2023-02-30" -> "2023-02-28" (the month's last
// day), "2023/13/01" -> "2023-12-01"; else the year-end of the year written, else "2023-12-31".
std::string as_of_hint(const std::string& given) {
    int y = 0, m = 0, d = 0;
    char s1 = 0, s2 = 0;
    if (std::sscanf(given.c_str(), "%d%c%d%c%d", &y, &s1, &m, &s2, &d) >= 1 && y >= 1900 && y <= 2200) {
        if (m < 1 || m > 12) return std::to_string(y) + "-12-31";
        static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int last = kDays[m - 1];
        if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) last = 29;
        if (d < 1 || d > last) d = last;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        return buf;
    }
    return "2023-12-31";
}

} // namespace

void InputOptions::add_to(CLI::App& sub, bool with_profile) {
    sub.add_option("input", input, tr("县的数据文件夹, 或项目文件 (.toml)", "Data folder with the county's layers, or a project file (.toml)"))
        ->required();
    if (with_profile) {
        sub.add_option("--profile", profile, tr("政策规则集: 内置名称 (tenglong profile list) 或 .toml 文件",
                                                "Policy profile: a built-in name (tenglong profile list) or a .toml file"));
        sub.add_option("--as-of", as_of, tr("基准日 (YYYY-MM-DD); 默认: 项目文件的 as_of, 否则今天",
                                            "Date the analysis is made as of (YYYY-MM-DD); default: the project's as_of, else today"));
    }
    sub.add_option("--lang", lang, tr("表头与提示的语言: zh (默认) 或 en", "Language of headers and messages: zh (default) or en"))
        ->check(CLI::IsMember({"zh", "en"}));
    // The output files follow --lang alone (Chinese by default); the messages also follow an
    // English locale (cli/ui_lang.hpp).
    sub.add_option("--threads", threads, tr("工作线程数 (默认: 全部核)", "Worker threads (default: all cores)"))->check(CLI::NonNegativeNumber);
    sub.add_flag("-q,--quiet", verbosity.quiet, tr("只输出错误", "Print nothing but errors"));
    sub.add_flag("-v,--verbose", verbosity.verbose, tr("输出设置和各阶段用时", "Print settings and stage timings"));
    sub.add_option("--progress", verbosity.progress,
                   tr("进度输出到 stderr: json (每行一个 JSON 对象, 供 QGIS 与脚本) 或 none; 默认: 终端上显示进度条",
                      "Progress on stderr: json (one JSON object a line, for QGIS and scripts) or none; default: a bar on a terminal"))
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
        if (!d)
            throw UsageError(tr("--as-of “" + as_of + "” 不是有效日期: 请写成 年-月-日, 如 " + as_of_hint(as_of),
                                "--as-of \"" + as_of + "\" is not a date: write it as year-month-day, e.g. " + as_of_hint(as_of)));
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
