// libFuzzer target: io::load_project on a temporary project file with arbitrary content. Bad
// content must end in a tl::Error (ConfigError, exit 2), never in a crash or another exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "io/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("tenglong-fuzz-project-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::ofstream(d / "parcels.shp") << "x";   // a source that exists, so parsing goes on past the file check
        return d;
    }();
    const auto file = dir / "project.toml";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        (void)tl::io::load_project(file);
    } catch (const tl::Error&) {
    }
    return 0;
}
