// libFuzzer target: rules::parse_profile on arbitrary text. Bad text must end in ConfigError
// (tl::Error), never in a crash, a hang or another exception type.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "rules/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)tl::rules::parse_profile(text, "fuzz.toml", "/nonexistent-fuzz-dir");
    } catch (const tl::Error&) {
    }
    return 0;
}
