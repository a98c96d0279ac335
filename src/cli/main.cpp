#include "cli/app.hpp"

int main(int argc, char** argv) { return tl::cli::run(argc, argv); }
