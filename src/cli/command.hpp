// Subcommands. Each command file defines a setup function that adds the command's options
// to its CLI11 subcommand and returns the action to run once parsing succeeded (osmium-tool's
// setup/run split: setup only parses and validates, it opens no files).
// The one list of commands is in commands.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace CLI { class App; }

namespace tl::cli {

using Action = std::function<int()>;
using Setup = Action (*)(CLI::App& sub);

struct CommandInfo {
    const char* name;
    const char* description;      // English (--lang en)
    const char* description_zh;   // 中文 (the default)
    Setup setup;
}; // struct CommandInfo

const std::vector<CommandInfo>& commands();

// Setup functions, one per command file.
Action setup_analyze(CLI::App& sub);
Action setup_init(CLI::App& sub);      // command_init.cpp
Action setup_inspect(CLI::App& sub);
Action setup_diff(CLI::App& sub);      // command_diff.cpp

} // namespace tl::cli
