// libFuzzer: the {{figure|...}} reference parser and the calculation
// parser never crash, whatever the text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tertial/expr.hpp"
#include "tertial/text_refs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)tertial::parse_text_refs(text);
    (void)tertial::parse_expr(text);
    return 0;
}
