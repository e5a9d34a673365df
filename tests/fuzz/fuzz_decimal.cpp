// libFuzzer: Decimal::parse never crashes, and what it accepts prints back
// to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tertial/decimal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto d = tertial::Decimal::parse(text);
    if (d) {
        auto again = tertial::Decimal::parse(d->to_string());
        if (!again || !(*again == *d)) std::abort();
    }
    return 0;
}
