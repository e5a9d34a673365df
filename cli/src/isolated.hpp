// Reading files from elsewhere in a child process with limits: PoDoFo 0.9.8
// hangs or crashes on some malformed PDFs (deeply nested dictionaries take
// minutes, or overflow the stack), and such a file must give a message,
// never a hang or a crash of tertial.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "tertial/pdf/sign.hpp"

namespace tertial::cli {

struct IsolationLimits {
    int cpu_seconds = 10;                         // RLIMIT_CPU of the child
    int wall_seconds = 20;                        // then it is killed
    std::size_t memory_bytes = std::size_t(1) << 30;  // RLIMIT_AS of the child
};

// Whether memory_bytes is enforced: not in a build with AddressSanitizer,
// which reserves terabytes of address space for its shadow memory.
bool memory_limit_enforced();

// Thrown with a sentence saying what happened ("not readable within 10 s").
class IsolationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs `work` in a forked child under `limits` and returns what it returned.
// An exception in the child comes back as an IsolationError with its
// message; a child that crashes, runs out of time or memory, likewise.
std::string run_isolated(const std::function<std::string()>& work, const IsolationLimits& limits = {});

// pdf::read_attachment() on a PDF that may come from anywhere, isolated.
std::optional<std::string> read_attachment_isolated(const std::string& pdf_bytes, const std::string& name,
                                                    const IsolationLimits& limits = {});

// pdf::parse_signed_pdf() isolated: a PDF the reader crashes or hangs on
// comes back unreadable, with the sentence saying why as its error.
pdf::ParsedPdf parse_signed_pdf_isolated(const std::string& pdf_bytes, const IsolationLimits& limits = {});

// parse_signed_pdf_isolated() with the default limits, for pdf::verify_pdf().
inline pdf::PdfParser isolated_parser() {
    return [](const std::string& bytes) { return parse_signed_pdf_isolated(bytes); };
}

}  // namespace tertial::cli
