// libFuzzer target: tl::parse_date on arbitrary bytes. A result, when there is one, must be a
// real calendar date and must print and parse back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto d = tl::parse_date(text);
    if (d) {
        if (!tl::is_valid_date(d->year, d->month, d->day)) std::abort();
        const auto again = tl::parse_date(d->iso());
        if (!again || !(*again == *d)) std::abort();
    }
    return 0;
}
