// libFuzzer: reading a report and checking it (every figure computed,
// every check run) never crashes, whatever the JSON; writing a report that
// was read gives JSON that reads again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tertial/json/report_json.hpp"
#include "tertial/resolve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto read = tertial::json::read_report(text);
    if (!read.report) return 0;
    tertial::Diagnostics d;
    tertial::Resolution r = tertial::check_report(*read.report, d);
    std::string written = tertial::json::write_report(*read.report, d.has_errors() ? nullptr : &r);
    if (!tertial::json::read_report(written).report) std::abort();
    return 0;
}
