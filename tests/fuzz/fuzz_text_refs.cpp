// libFuzzer: the {{figure|...}} reference parser and the calculation
// parser never crash, whatever the text; nor does evaluating the text as a
// calculation among a few figures (two entered, two calculated from it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tertial/expr.hpp"
#include "tertial/resolve.hpp"
#include "tertial/text_refs.hpp"

namespace {

tertial::Figure figure(std::string id, std::optional<std::string> value, std::optional<std::string> calc) {
    tertial::Figure f;
    f.id = std::move(id);
    f.unit = tertial::Unit::kr;
    if (value) f.value = tertial::Decimal::parse(*value);
    f.calc = std::move(calc);
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)tertial::parse_text_refs(text);
    if (!tertial::parse_expr(text).expr) return 0;
    tertial::Report report;
    report.figures = {figure("a", "1.5", std::nullopt), figure("b", "0", std::nullopt),
                      figure("x", std::nullopt, std::string(text)), figure("y", std::nullopt, "x + a")};
    tertial::Diagnostics diagnostics;
    (void)tertial::resolve(report, diagnostics);
    return 0;
}
