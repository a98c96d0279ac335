// tenglong profile list | show NAME|FILE | check FILE
//
//   list          one line per built-in profile: name, jurisdiction, effective dates, where it
//                 was found (a file, or "embedded" when the binary runs without its source tree)
//   show NAME     every parameter with its value, the comparison under which a parcel fails,
//                 the citation (document number and clause), the quoted clause text and the
//                 file:line it comes from (inherited keys show the parent's file)
//   check FILE    parses and validates FILE (including its `extends` parent); prints "ok" and
//                 a summary, or the error naming file, key and line (exit 2)
// Output goes to stdout; errors to stderr. Exit codes: 0 done; 2 profile or usage error.
#include "cli/command_profile.hpp"
#include "cli/ui_lang.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rules/profile.hpp"

namespace tl::cli {

namespace {

struct ProfileOptions {
    std::string show_name;
    std::string check_file;
}; // struct ProfileOptions

std::string dates(const rules::Profile& p) {
    return fmt::format("{} → {}", p.effective_from ? p.effective_from->iso() : "?",
                       p.effective_to ? p.effective_to->iso() : "(open)");
}

int run_list() {
    std::cout << fmt::format("{:<11} {:<13} {:<26} {}\n", "name", "level", "effective", "source");
    for (const auto& b : rules::builtin_profiles()) {
        const rules::Profile p = rules::load_profile(b.name);
        std::cout << fmt::format("{:<11} {:<13} {:<26} {}\n", b.name, p.level, dates(p), b.location);
        std::cout << fmt::format("            {} — {}\n", p.jurisdiction, p.name);
    }
    return 0;
}

int run_show(const std::string& name) {
    std::cout << rules::describe(rules::load_profile(name));
    return 0;
}

int run_check(const std::string& file) {
    const rules::Profile p = rules::load_profile(file);
    int numbers = 0, quoted = 0;
    for (const auto& [k, v] : p.params) {
        if (v.kind == rules::Param::Kind::number || v.kind == rules::Param::Kind::number_list) ++numbers;
        if (!v.quote.empty()) ++quoted;
    }
    std::vector<std::string> enabled;
    for (const char* r : {"far", "coverage", "unbuilt", "ancillary", "green", "tax_low", "yiyuan", "class_d", "policy_flags"})
        if (p.rule_enabled(r)) enabled.push_back(r);
    std::cout << fmt::format("ok: {} ({}), {}, {} cited numbers ({} with quoted clause text), rules: {}\n", p.id,
                             p.jurisdiction, dates(p), numbers, quoted, fmt::join(enabled, ", "));
    std::cout << fmt::format("files: {}\n", fmt::join(p.chain, " ← "));
    return 0;
}

} // namespace

Action setup_profile(CLI::App& sub) {
    auto opt = std::make_shared<ProfileOptions>();
    sub.require_subcommand(1, 1);
    CLI::App* list = sub.add_subcommand("list", tr("列出内置规则集", "List the built-in profiles"));
    CLI::App* show = sub.add_subcommand("show", tr("显示规则集的参数及其依据", "Show a profile's parameters with their citations"));
    show->add_option("NAME", opt->show_name, tr("内置规则集名称 (national、linhai …) 或 .toml 文件", "Built-in profile name (national, linhai, ...) or a .toml file"))->required();
    CLI::App* check = sub.add_subcommand("check", tr("检查规则集文件 (出错时给出文件、键和行)", "Validate a profile file (file, key and line on error)"));
    check->add_option("FILE", opt->check_file, tr("规则集文件 (.toml)", "Profile file (.toml)"))->required();
    return [opt, list, show, check]() -> int {
        if (list->parsed()) return run_list();
        if (show->parsed()) return run_show(opt->show_name);
        if (check->parsed()) return run_check(opt->check_file);
        return 2;
    };
}

} // namespace tl::cli
