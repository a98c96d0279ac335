#include "cli/app.hpp"

#include <iostream>

namespace tl::cli {
int run(int, char**) { std::cerr << "tenglong: not built yet\n"; return 1; }
} // namespace tl::cli
