// tenglong diff OLD_OUT NEW_OUT [--out DIR] [--overwrite] [--lang zh|en] [-q]
//
// What entered, what left (销号, with the reason) and what changed in verdict or class in each
// shortlist between two analyze runs (report/diff.hpp says how rows are matched and compared).
// stdout: warnings when the runs' profiles, profile hashes or as-of days differ, a summary
// table (one line per category), then at most ten entries per category. With --out DIR:
// diff.csv (UTF-8 with BOM, every entry) and diff.geojson
// (the entries' features: entered/changed from the new run, left from the old), written
// atomically like analyze's outputs. Exit codes: 0 done (differences are results, not
// failures); 1 a file could not be read or written; 2 usage (a folder missing or without
// shortlists).
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/ui_lang.hpp"
#include "cli/log.hpp"
#include "report/diff.hpp"
#include "report/output_dir.hpp"
#include "report/table.hpp"

namespace tl::cli {

namespace {

struct DiffOptions {
    std::string old_dir, new_dir;
    std::string out;
    bool overwrite = false;
    std::string lang = "zh";
    Verbosity verbosity;
}; // struct DiffOptions

int run_diff(const DiffOptions& opt) {
    Log log{opt.verbosity};
    const report::Lang lang = opt.lang == "en" ? report::Lang::en : report::Lang::zh;
    const report::DiffResult d = report::diff_outputs(opt.old_dir, opt.new_dir);
    if (!opt.out.empty()) {
        report::OutputDir out{opt.out, opt.overwrite};
        report::write_csv(report::diff_table(d, lang), out.file("diff.csv"), lang);
        report::write_diff_geojson(d, opt.old_dir, opt.new_dir, lang, out.file("diff.geojson"));
        out.commit();
        log.info("diff: wrote " + (out.target() / "diff.csv").string() + " and diff.geojson");
    }
    std::cout << report::diff_text(d, lang);
    return 0;
}

} // namespace

Action setup_diff(CLI::App& sub) {
    auto opt = std::make_shared<DiffOptions>();
    sub.add_option("old", opt->old_dir, tr("较早一次 analyze 的输出文件夹", "Output folder of the earlier analyze run"))->required();
    sub.add_option("new", opt->new_dir, tr("较晚一次 analyze 的输出文件夹", "Output folder of the later analyze run"))->required();
    sub.add_option("-o,--out", opt->out, tr("同时把 diff.csv 和 diff.geojson 写入此文件夹", "Also write diff.csv and diff.geojson into this folder"));
    sub.add_flag("--overwrite", opt->overwrite, tr("替换 --out 文件夹中已有的结果", "Replace the results already in the --out folder"));
    sub.add_option("--lang", opt->lang, tr("表头与标签的语言: zh (默认) 或 en", "Language of headers and labels: zh (default) or en"))->check(CLI::IsMember({"zh", "en"}));
    sub.add_flag("-q,--quiet", opt->verbosity.quiet, tr("只输出错误 (表格仍输出到 stdout)", "Print nothing but errors (the table still goes to stdout)"));
    sub.add_flag("-v,--verbose", opt->verbosity.verbose, tr("输出更多信息", "More messages"));
    return [opt] { return run_diff(*opt); };
}

} // namespace tl::cli
