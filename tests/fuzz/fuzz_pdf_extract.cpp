// libFuzzer: `tertial extract` and `rollover` on a PDF from anywhere. The
// embedded report is read by PoDoFo 0.9.8, which crashes or hangs on some
// damaged files (../shared/notes/podofo-0.9.8.md §9), so tertial reads it
// in a limited child process; this target checks the parent's side of that
// contract: whatever the bytes, the answer is the report or a sentence,
// and tertial itself never crashes or hangs. (The child's coverage is not
// fed back to libFuzzer: it dies with the child, so this target mutates
// blindly around its seeds. PoDoFo's own crashes are not ours to fix; the
// isolation is.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "isolated.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    tertial::cli::IsolationLimits limits;
    limits.cpu_seconds = 2;
    limits.wall_seconds = 4;
    try {
        auto report = tertial::cli::read_attachment_isolated(bytes, "report.json", limits);
        (void)report;
    } catch (const tertial::cli::IsolationError& e) {
        if (std::string(e.what()).empty()) std::abort();  // every failure is said in words
    }
    return 0;
}
