// The language of what the command line says (--help, messages, errors): Chinese first,
// English with `--lang en` anywhere on the command line or, without --lang, a LANG / LC_ALL /
// LC_MESSAGES naming an English locale (en_US.UTF-8). Decided once in cli::run before the
// options are declared (their help texts are in it). The output files follow --lang alone.
#pragma once
#include <string>

#include "report/table.hpp"

namespace tl::cli {

// Sets the language from argv and the environment (cli::run calls it first).
void decide_ui_lang(int argc, char** argv);
report::Lang ui_lang() noexcept;
// `zh` or `en` in the command line's language.
inline std::string tr(const std::string& zh, const std::string& en) { return ui_lang() == report::Lang::zh ? zh : en; }

} // namespace tl::cli
