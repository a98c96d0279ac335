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
    sub.add_option("old", opt->old_dir, "Output folder of the earlier analyze run")->required();
    sub.add_option("new", opt->new_dir, "Output folder of the later analyze run")->required();
    sub.add_option("-o,--out", opt->out, "Also write diff.csv and diff.geojson into this folder");
    sub.add_flag("--overwrite", opt->overwrite, "Replace the results already in the --out folder");
    sub.add_option("--lang", opt->lang, "Language of headers and labels: zh (default) or en")->check(CLI::IsMember({"zh", "en"}));
    sub.add_flag("-q,--quiet", opt->verbosity.quiet, "Print nothing but errors (the table still goes to stdout)");
    sub.add_flag("-v,--verbose", opt->verbosity.verbose, "More messages");
    return [opt] { return run_diff(*opt); };
}

} // namespace tl::cli
