#include "cli/app.hpp"

#include <cstring>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>
#include <gdal.h>
#include <cpl_conv.h>

#include "cli/command.hpp"
#include "cli/ui_lang.hpp"
#include "core/errors.hpp"
#include "geom/crs.hpp"
#include "report/output_dir.hpp"

namespace tl::cli {

int run(int argc, char** argv) {
    // SIGINT/SIGTERM remove the temporary output folder (report/output_dir.hpp); before any thread starts.
    report::install_signal_handlers();
    // Chinese first; English with --lang en or an English locale (cli/ui_lang.hpp).
    decide_ui_lang(argc, argv);
    CLI::App app{tr("tenglong (腾笼) — 县域腾笼换鸟土地分析: 批而未供、闲置、低效、零星地块、工业用地控制线",
                    "tenglong (腾笼) — county land analysis for 腾笼换鸟: 批而未供, 闲置, 低效, 零星地块, 工业用地控制线")};
    app.name("tenglong");
    auto fmt = app.get_formatter();
    if (ui_lang() == report::Lang::zh) {
        for (const auto& [key, zh] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"Usage", "用法"}, {"OPTIONS", "选项"}, {"SUBCOMMAND", "命令"}, {"SUBCOMMANDS", "命令"},
                 {"Positionals", "位置参数"}, {"REQUIRED", "必填"}, {"Env", "环境变量"}, {"Needs", "需要"}, {"Excludes", "不可与"}})
            fmt->label(key, zh);
        app.option_defaults()->group("选项");
    }
    app.set_help_flag("-h,--help", tr("显示本帮助并退出", "Print this help message and exit"));
    app.set_version_flag("--version", std::string("tenglong ") + TENGLONG_VERSION, tr("显示版本并退出", "Display program version information and exit"));
    app.require_subcommand(1, 1);
    app.footer(tr("退出码: 0 完成; 1 运行失败 (读写、处理); 2 用法、项目文件或政策规则集有误。\n"
                  "运行 `tenglong 命令 --help` 查看该命令的选项 (英文: --lang en)。",
                  "Exit codes: 0 done; 1 the run failed (I/O, processing); 2 usage, project or profile error.\n"
                  "Run `tenglong COMMAND --help` for a command's options."));

    std::vector<std::pair<CLI::App*, Action>> actions;
    for (const auto& cmd : commands()) {
        CLI::App* sub = app.add_subcommand(cmd.name, tr(cmd.description_zh, cmd.description));
        if (ui_lang() == report::Lang::zh) sub->group("命令");
        sub->set_help_flag("-h,--help", tr("显示本帮助并退出", "Print this help message and exit"));   // in 选项
        actions.emplace_back(sub, cmd.setup(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11's own words are English: the Chinese line first, then CLI11's, then where to look.
        std::cerr << tr("tenglong: 命令行有误: ", "tenglong: error: ") << e.what() << "\n"
                  << tr("运行 tenglong --help (或 tenglong 命令 --help) 查看用法\n", "Run with --help for more information.\n");
        return 2;
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
        std::cerr << tr("tenglong: 错误: ", "tenglong: error: ") << msg << "\n";
        return msg == e.what() ? e.exit_code() : 1;
    } catch (const std::bad_alloc&) {
        std::cerr << tr("tenglong: 错误: 内存不足; 请关闭其他程序或分片区运行\n",
                        "tenglong: error: out of memory; close other programs or run on a smaller area\n");
        return 1;
    } catch (const std::exception& e) {
        std::cerr << tr("tenglong: 错误: ", "tenglong: error: ") << report::explain_write_failure(e.what()) << "\n";
        return 1;
    }
}

} // namespace tl::cli
