#include "cli/app.hpp"

#include <cstring>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>
#include <gdal.h>
#include <cpl_conv.h>

#include "cli/command.hpp"
#include "core/errors.hpp"
#include "geom/crs.hpp"
#include "report/output_dir.hpp"

namespace tl::cli {

int run(int argc, char** argv) {
    // SIGINT/SIGTERM remove the temporary output folder (report/output_dir.hpp); before any thread starts.
    report::install_signal_handlers();
    CLI::App app{"tenglong (腾笼) — county land analysis for 腾笼换鸟: 批而未供, 闲置, 低效, 零星地块, 工业用地控制线"};
    app.name("tenglong");
    app.set_version_flag("--version", std::string("tenglong ") + TENGLONG_VERSION);
    app.require_subcommand(1, 1);
    app.footer("Exit codes: 0 done; 1 the run failed (I/O, processing); 2 usage, project or profile error.\n"
               "Run `tenglong COMMAND --help` for a command's options.");

    std::vector<std::pair<CLI::App*, Action>> actions;
    for (const auto& cmd : commands()) {
        CLI::App* sub = app.add_subcommand(cmd.name, cmd.description);
        actions.emplace_back(sub, cmd.setup(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);       // prints help/version or the error
        return code == 0 ? 0 : 2;
    }

    // PROJ's messages go to our error text, not straight to stderr (geom/crs.hpp).
    geom::route_proj_logging();
    GDALAllRegister();
    // GDAL must not print to stderr on its own: errors reach us as exceptions with context.
    CPLSetConfigOption("CPL_LOG_ERRORS", "OFF");
    // Same inputs, same bytes: GeoPackages otherwise stamp the current time (gpkg_contents.last_change).
    CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    try {
        for (auto& [sub, action] : actions) {
            if (sub->parsed()) return action();
        }
        return 2;
    } catch (const Error& e) {
        // A failed write names the output folder and the cause (report/output_dir.hpp): exit 1.
        const std::string msg = report::explain_write_failure(e.what());
        std::cerr << "tenglong: error: " << msg << "\n";
        return msg == e.what() ? e.exit_code() : 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "tenglong: error: out of memory; close other programs or run on a smaller area\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tenglong: error: " << report::explain_write_failure(e.what()) << "\n";
        return 1;
    }
}

} // namespace tl::cli
