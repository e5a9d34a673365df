// libFuzzer: reading the signatures of a PDF from anywhere (what verify,
// sign and rollover do, in their child process) never crashes or hangs,
// whatever the bytes, and what it finds crosses the process boundary
// unchanged. This runs in process: libqpdf parses, our code follows the
// byte ranges, splits the revisions and compares them, all instrumented.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tertial/pdf/sign.hpp"

// The signature module is loaded before the first input, so its coverage
// counters are known to libFuzzer from the start.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    tertial::pdf::load_signature_module();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    tertial::pdf::ParsedPdf parsed = tertial::pdf::parse_signed_pdf(bytes);
    if (!parsed.readable && parsed.error.empty()) std::abort();  // unreadable always says why
    tertial::pdf::ParsedPdf back = tertial::pdf::parsed_pdf_from_wire(tertial::pdf::to_wire(parsed));
    if (back.readable != parsed.readable || back.error != parsed.error ||
        back.signatures.size() != parsed.signatures.size() || back.report_json != parsed.report_json)
        std::abort();
    for (std::size_t i = 0; i < parsed.signatures.size(); ++i) {
        const auto &a = parsed.signatures[i], &b = back.signatures[i];
        if (a.byte_range != b.byte_range || a.contents != b.contents || a.field != b.field || a.later != b.later ||
            a.changes != b.changes || a.source_check != b.source_check)
            std::abort();
    }
    return 0;
}
