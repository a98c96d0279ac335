// tenglong analyze REGION.toml | region jobs | region rollup (cli/command_region.hpp).
//
// Every county is one independent `tenglong analyze` run: the same command line whether this
// binary starts it (a pool of --jobs processes), GNU parallel does (on this host or others over
// ssh, with the output folder on shared storage) or a Slurm array task does. Each writes OUT/<county>/
// exactly as a county run with those arguments, and its stdout and stderr into
// OUT/logs/<county>.log; the roll-up reads nothing else (report/region_rollup.hpp).
#include "cli/command_region.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "io/gdal.hpp"
#include "io/region.hpp"
#include "report/output_dir.hpp"
#include "report/publish_pg.hpp"
#include "report/publish_region.hpp"
#include "report/region_rollup.hpp"
#include "rules/profile.hpp"

extern char** environ;

namespace tl::cli {

namespace fs = std::filesystem;

namespace {

struct Text {
    bool zh;
    std::string operator()(const std::string& z, const std::string& e) const { return zh ? z : e; }
}; // struct Text

// A word for a POSIX shell: as it is when it holds only safe characters, else in single quotes.
std::string shell_quote(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-") ==
                          std::string::npos)
        return s;
    std::string out = "'";
    for (char ch : s) {
        if (ch == '\'') out += "'\\''";
        else out += ch;
    }
    return out + "'";
}

std::string self_exe() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error("cannot find the tenglong binary (/proc/self/exe): " + ec.message());
    return p.string();
}

// The region with the command line's overrides; every profile it names loaded once, so that a
// wrong one stops the run (exit 2) before any county starts.
io::Region load_checked(const std::string& file, const std::string& profile, const std::string& as_of) {
    io::Region r = io::load_region(file);
    if (!profile.empty()) r.profile = profile;
    if (!as_of.empty()) {
        const auto d = parse_date(as_of);
        if (!d) throw UsageError("--as-of " + as_of + " is not a date; write it as 2023-12-31");
        r.as_of = *d;
    }
    std::set<std::string> seen;
    for (const auto& c : r.counties) {
        const std::string& p = r.profile_of(c);
        if (p.empty() || !seen.insert(p).second) continue;
        try {
            (void)rules::load_profile(p);
        } catch (const Error& e) {
            throw ConfigError(r.file.string(), "county " + c.name + ": profile " + p + ": " + e.what());
        }
    }
    if (!r.profile.empty() && seen.insert(r.profile).second) (void)rules::load_profile(r.profile);
    return r;
}

struct JobArgs {
    std::string program;
    fs::path out;              // absolute
    std::string lang = "zh";
    int threads = 0;           // 0: not passed
    bool overwrite = false;
    std::string publish;       // --publish target; empty: none
    std::string schema;        // region schema (county schemas: PREFIX_<county>)
}; // struct JobArgs

// --publish / --schema: the region's schema and every county's checked before anything runs.
std::string check_region_publish(const io::Region& r, const std::string& target, const std::string& schema) {
    if (target.empty()) {
        if (!schema.empty())
            throw UsageError("--schema names the PostGIS schema of --publish; add --publish PG:\"dbname=...\" or drop --schema");
        return {};
    }
    const std::string prefix = schema.empty() ? "tenglong" : schema;
    report::check_publish_args(target, prefix);
    if (io::gdal::display_source(target) != target)
        std::cerr << "tenglong: warning: the --publish connection string holds a password, which every county's command line "
                     "then carries (and `region jobs` prints); leave it out and set PGPASSWORD or a pgpass file (~/.pgpass)\n";
    for (const auto& c : r.counties) {
        try {
            report::check_publish_args(target, report::county_schema(prefix, c.name));
        } catch (const UsageError& e) {
            throw UsageError(std::string(e.what()) + " (county " + c.name + "'s schema is --schema + \"_\" + its name: choose a shorter --schema)");
        }
    }
    return prefix;
}

// The county's `tenglong analyze` arguments (argv[0] = the program).
std::vector<std::string> county_argv(const io::Region& r, const io::RegionCounty& c, const JobArgs& a) {
    std::vector<std::string> v{a.program, "analyze", c.input.string(), "--out", (a.out / c.name).string(), "--as-of",
                               r.as_of.iso()};
    if (const std::string& p = r.profile_of(c); !p.empty()) {
        v.push_back("--profile");
        v.push_back(p);
    }
    if (a.lang != "zh") {
        v.push_back("--lang");
        v.push_back(a.lang);
    }
    if (a.threads > 0) {
        v.push_back("--threads");
        v.push_back(std::to_string(a.threads));
    }
    if (a.overwrite) v.push_back("--overwrite");
    if (!a.publish.empty()) {
        v.push_back("--publish");
        v.push_back(a.publish);
        v.push_back("--schema");
        v.push_back(report::county_schema(a.schema, c.name));
    }
    return v;
}

// One shell line: make the logs folder, run the county, its output into its log.
std::string job_line(const io::Region& r, const io::RegionCounty& c, const JobArgs& a, const std::string& extra = {}) {
    std::string line = "mkdir -p " + shell_quote((a.out / "logs").string()) + " && ";
    const auto argv = county_argv(r, c, a);
    for (std::size_t k = 0; k < argv.size(); ++k) line += (k ? " " : "") + shell_quote(argv[k]);
    line += extra;
    line += " > " + shell_quote(report::county_log(a.out, c.name).string()) + " 2>&1";
    return line;
}

// ---- the process pool --------------------------------------------------------------------

std::mutex g_children_mutex;
std::set<pid_t> g_children;

// Signal thread (report/output_dir.hpp): pass SIGINT/SIGTERM/SIGHUP on to the county processes,
// which then remove their unfinished folders themselves.
void forward_signal(int sig) {
    std::lock_guard<std::mutex> lock(g_children_mutex);
    for (pid_t p : g_children) ::kill(p, sig);
}

pid_t spawn_county(const std::vector<std::string>& argv, const fs::path& log) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // This process blocks SIGINT/SIGTERM/SIGHUP in every thread (its signal thread waits for
    // them); the county process starts with none blocked. Ignored ones stay ignored.
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    std::vector<char*> args;
    for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = 0;
    {
        std::lock_guard<std::mutex> lock(g_children_mutex);
        rc = posix_spawn(&pid, argv[0].c_str(), &fa, &attr, args.data(), environ);
        if (rc == 0) g_children.insert(pid);
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw Error("cannot start " + argv[0] + ": " + std::strerror(rc));
    return pid;
}

bool log_has_error(const fs::path& log) {
    std::ifstream in(log, std::ios::binary);
    std::string line;
    while (std::getline(in, line))
        if (line.find("tenglong: error: ") != std::string::npos || line.find("tenglong: 错误: ") != std::string::npos) return true;
    return false;
}

void print_rollup(const io::Region& r, const report::RollupResult& res, const fs::path& out, const Text& T) {
    std::cout << T("区域汇总：", "region roll-up: ") << out.string() << "\n";
    std::size_t k = 0;
    for (const auto& c : r.counties) {
        const bool failed = k < res.failed.size() && res.failed[k] == c.name;
        if (failed) {
            std::cout << "  " << c.name << T("：失败：", ": failed: ") << res.errors[k] << "\n";
            ++k;
        } else {
            std::cout << "  " << c.name << T("：完成（", ": done (") << c.name << "/)\n";
        }
    }
    std::cout << T(fmt::format("  {} 个县(市、区)完成，{} 个失败（summary.json、region.csv、report.html）\n", res.ok, res.failed.size()),
                   fmt::format("  {} counties done, {} failed (summary.json, region.csv, report.html)\n", res.ok, res.failed.size()));
}

// The roll-up views in the region schema (report/publish_region.hpp).
void publish_views(const io::Region& r, const report::RollupResult& res, const std::string& target, const std::string& prefix,
                   const Text& T) {
    std::vector<report::RegionPublishCounty> list;
    std::size_t k = 0;
    for (const auto& c : r.counties) {
        report::RegionPublishCounty pc{c.name, report::county_schema(prefix, c.name), true, {}};
        if (k < res.failed.size() && res.failed[k] == c.name) {
            pc.ok = false;
            pc.error = res.errors[k++];
        }
        list.push_back(pc);
    }
    const auto views = report::publish_region_views(target, prefix, list);
    std::cout << T("  已发布：模式 \"" + prefix + "\" 中 " + std::to_string(views.size()) + " 个汇总视图（各县在 \"" + prefix + "_县名\"）\n",
                   "  published: " + std::to_string(views.size()) + " roll-up views in schema \"" + prefix + "\" (the counties in \"" +
                       prefix + "_<county>\")\n");
}

report::Lang lang_of(const std::string& lang) { return lang == "en" ? report::Lang::en : report::Lang::zh; }

} // namespace

int run_region_analyze(const RegionRunOptions& opt) {
    const Text T{opt.lang != "en"};
    const io::Region region = load_checked(opt.region_file, opt.profile, opt.as_of);
    const std::string pg_prefix = check_region_publish(region, opt.publish, opt.schema);
    const fs::path out = fs::absolute(opt.out).lexically_normal();
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec)) throw UsageError(out.string() + " is a file; choose another --out for the region");
        if (!fs::is_empty(out, ec) && !opt.overwrite)
            throw UsageError(out.string() + " already holds results; pass --overwrite to replace them, or choose another --out");
    }
    fs::create_directories(out / "logs", ec);
    if (ec) throw IoError(out.string(), "cannot create the region's output folder: " + ec.message());

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = region.counties.size();
    std::size_t jobs = opt.jobs > 0 ? static_cast<std::size_t>(opt.jobs) : std::max(1u, cores / 2);
    jobs = std::min(jobs, n);
    JobArgs a;
    a.program = self_exe();
    a.out = out;
    a.lang = opt.lang;
    a.threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max<std::size_t>(1, cores / jobs));
    a.overwrite = opt.overwrite;
    a.publish = opt.publish;
    a.schema = pg_prefix;

    if (!opt.verbosity.quiet)
        std::cerr << T(fmt::format("tenglong: 区域 {}：{} 个县(市、区)，同时运行 {} 个，每个 {} 线程\n", region.name, n, jobs, a.threads),
                       fmt::format("tenglong: region {}: {} counties, {} at a time, {} threads each\n", region.name, n, jobs, a.threads));
    report::set_interrupt_hook(&forward_signal);
    std::map<pid_t, std::pair<std::size_t, std::chrono::steady_clock::time_point>> running;
    std::size_t next = 0, finished = 0;
    while (finished < n) {
        while (running.size() < jobs && next < n) {
            const auto& c = region.counties[next];
            const pid_t pid = spawn_county(county_argv(region, c, a), report::county_log(out, c.name));
            running[pid] = {next, std::chrono::steady_clock::now()};
            ++next;
        }
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw Error(std::string("waiting for the county processes: ") + std::strerror(errno));
        }
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        {
            std::lock_guard<std::mutex> lock(g_children_mutex);
            g_children.erase(pid);
        }
        const auto& c = region.counties[it->second.first];
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.second).count();
        running.erase(it);
        ++finished;
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        const fs::path log = report::county_log(out, c.name);
        if (!ok && !log_has_error(log)) {
            // Killed (out of memory, a signal) before it could say why: the log says it for the roll-up.
            std::ofstream l(log, std::ios::app | std::ios::binary);
            l << T("tenglong: 错误: ", "tenglong: error: ")
              << (WIFSIGNALED(status) ? T("县(市、区)进程被信号 " + std::to_string(WTERMSIG(status)) + " 终止（内存不足？）",
                                          "the county's process was killed by signal " + std::to_string(WTERMSIG(status)) +
                                              " (out of memory?)")
                                      : T("县(市、区)进程退出码 " + std::to_string(WEXITSTATUS(status)),
                                          "the county's process exited with status " + std::to_string(WEXITSTATUS(status))))
              << "\n";
        }
        if (!opt.verbosity.quiet)
            std::cerr << fmt::format("tenglong: [{}/{}] {}: {} ({:.1f} s){}\n", finished, n, c.name, ok ? T("完成", "done") : T("失败", "failed"),
                                     secs, ok ? "" : T("，见 ", ", see ") + log.string());
    }
    report::set_interrupt_hook(nullptr);

    const report::RollupResult res = report::build_region_rollup(region, out, lang_of(opt.lang));
    print_rollup(region, res, out, T);
    if (!pg_prefix.empty()) publish_views(region, res, opt.publish, pg_prefix, T);
    if (!res.failed.empty()) {
        std::string names;
        for (const auto& f : res.failed) names += (names.empty() ? "" : T("、", ", ")) + f;
        std::cerr << T("tenglong: 错误: 区域汇总缺少 " + names + "（见 summary.json 的 counties 与 logs/）",
                       "tenglong: error: the roll-up lacks " + names + " (see counties in summary.json, and logs/)")
                  << "\n";
        return 1;
    }
    return 0;
}

namespace {

struct RegionCliOptions {
    std::string region_file;
    std::string out = "out";
    std::string profile, as_of;
    std::string lang = "zh";
    std::string program;
    std::string publish, schema;
    int threads = 0;
    bool overwrite = false;
    bool sbatch = false;
}; // struct RegionCliOptions

int run_jobs(const RegionCliOptions& o) {
    const io::Region region = load_checked(o.region_file, o.profile, o.as_of);
    JobArgs a;
    a.program = o.program.empty() ? self_exe() : o.program;
    a.out = fs::absolute(o.out).lexically_normal();
    a.lang = o.lang;
    a.overwrite = o.overwrite;
    a.publish = o.publish;
    a.schema = check_region_publish(region, o.publish, o.schema);
    if (!o.sbatch) {
        a.threads = o.threads;
        for (const auto& c : region.counties) std::cout << job_line(region, c, a) << "\n";
        return 0;
    }
    // A Slurm job array: task k runs county k; --threads follows the task's --cpus-per-task.
    const int cpus = o.threads > 0 ? o.threads : 2;
    std::cout << "#!/bin/bash\n"
              << "# tenglong region jobs --sbatch: one Slurm array task per county of " << region.name << ".\n"
              << "#   jid=$(sbatch --parsable THIS_FILE)\n"
              << "#   sbatch --dependency=afterany:$jid --wrap " << shell_quote(a.program + " region rollup " +
                                                                           shell_quote(region.file.string()) + " " +
                                                                           shell_quote(a.out.string()) +
                                                                           (a.lang == "zh" ? "" : " --lang " + a.lang) +
                                                                           (a.publish.empty() ? "" : " --publish " + shell_quote(a.publish) +
                                                                                                     " --schema " + shell_quote(a.schema)))
              << "\n"
              << "# Memory: about 1.7 GB per 200 000-parcel county (scripts/bench.sh); raise --mem for larger ones.\n"
              << "#SBATCH --job-name=tenglong-region\n"
              << "#SBATCH --array=0-" << region.counties.size() - 1 << "\n"
              << "#SBATCH --cpus-per-task=" << cpus << "\n"
              << "#SBATCH --mem=4G\n"
              << "#SBATCH --output=/dev/null\n"
              << "case \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch}\" in\n";
    for (std::size_t k = 0; k < region.counties.size(); ++k)
        std::cout << "  " << k << ") " << job_line(region, region.counties[k], a, " --threads \"${SLURM_CPUS_PER_TASK:-1}\"")
                  << " ;;\n";
    std::cout << "  *) echo \"no county for task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n";
    return 0;
}

int run_rollup(const RegionCliOptions& o) {
    const Text T{o.lang != "en"};
    const io::Region region = load_checked(o.region_file, o.profile, o.as_of);
    const std::string pg_prefix = check_region_publish(region, o.publish, o.schema);
    const fs::path out = fs::absolute(o.out).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(out, ec))
        throw UsageError(out.string() + T(" 不是文件夹：给出各县结果所在的文件夹（region jobs 的 --out）",
                                          " is not a folder: name the folder holding the counties' results (region jobs --out)"));
    const report::RollupResult res = report::build_region_rollup(region, out, lang_of(o.lang));
    print_rollup(region, res, out, T);
    if (!pg_prefix.empty()) publish_views(region, res, o.publish, pg_prefix, T);
    if (!res.failed.empty()) {
        std::string names;
        for (const auto& f : res.failed) names += (names.empty() ? "" : T("、", ", ")) + f;
        std::cerr << T("tenglong: 错误: 区域汇总缺少 " + names, "tenglong: error: the roll-up lacks " + names) << "\n";
        return 1;
    }
    return 0;
}

} // namespace

Action setup_region(CLI::App& sub) {
    auto opt = std::make_shared<RegionCliOptions>();
    sub.require_subcommand(1, 1);
    auto common = [&](CLI::App* s) {
        s->add_option("region", opt->region_file, "区域文件 region.toml (Region file)")->required()->check(CLI::ExistingFile);
        s->add_option("dir", opt->out, "各县结果所在文件夹 (Folder of the counties' results; default: out)");
        s->add_option("--profile", opt->profile, "替换区域的政策配置 (Replace the region's profile)");
        s->add_option("--as-of", opt->as_of, "替换区域的基准日 (Replace the region's as_of, YYYY-MM-DD)");
        s->add_option("--lang", opt->lang, "zh (默认) 或 en (Language of headers and messages)")->check(CLI::IsMember({"zh", "en"}));
        s->add_option("--publish", opt->publish, "发布到 PostGIS：各县在 PREFIX_县名，汇总视图在 PREFIX (PG:..., each county in schema PREFIX_<county>, roll-up views in PREFIX)");
        s->add_option("--schema", opt->schema, "--publish 的模式前缀 PREFIX（默认 tenglong）(Schema prefix of --publish; default tenglong)");
    };
    CLI::App* jobs = sub.add_subcommand("jobs", "每县一行命令，供 GNU parallel / Slurm 运行 (One shell command line per county, for GNU parallel or Slurm)");
    common(jobs);
    jobs->add_option("-o,--out", opt->out, "结果文件夹（各机器可见的共享存储）(Output folder, on storage every host sees)");
    jobs->add_option("--threads", opt->threads, "每县线程数 (Threads per county)")->check(CLI::NonNegativeNumber);
    jobs->add_flag("--overwrite", opt->overwrite, "替换已有结果 (Replace existing results)");
    jobs->add_option("--program", opt->program, "命令行中的 tenglong 路径（默认：本程序）(tenglong as the job lines call it; default: this binary)");
    jobs->add_flag("--sbatch", opt->sbatch, "输出 Slurm 作业数组脚本 (Print a Slurm job-array script instead)");
    CLI::App* rollup = sub.add_subcommand("rollup", "由已完成的各县文件夹生成区域汇总 (Build the roll-up from the finished county folders)");
    common(rollup);
    return [opt, jobs, rollup]() -> int {
        if (jobs->parsed()) return run_jobs(*opt);
        if (rollup->parsed()) return run_rollup(*opt);
        return 2;
    };
}

} // namespace tl::cli
