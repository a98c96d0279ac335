// The command line: subcommands registered in one list (design.md "Commands").
#pragma once

namespace tl::cli {
// Parses argv, runs the command, maps exceptions to messages and exit codes (0/1/2).
int run(int argc, char** argv);
} // namespace tl::cli
