// Reading an attachment back out of a PDF that emit_pdf() wrote. Only our
// own output is read in-process: PoDoFo's parser is not hardened against
// hostile files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tertial::pdf {

// Why `bytes` cannot be a PDF at all ("the file is empty", "not a PDF (no
// %PDF- header)"), or nullopt when they may be one. Readers allow up to
// 1 KiB of junk before the header, as PDF readers do.
inline std::optional<std::string> not_a_pdf(std::string_view bytes) {
    if (bytes.empty()) return "the file is empty";
    std::size_t header = bytes.find("%PDF-");
    if (header == std::string_view::npos || header > 1024) return "not a PDF (no %PDF- header)";
    return std::nullopt;
}

// The bytes of the embedded file called `name` (its /UF or /F), or nullopt
// when the PDF has no such attachment. Throws std::runtime_error, saying
// why in words, when the bytes are not a PDF PoDoFo can read.
std::optional<std::string> read_attachment(const std::string& pdf_bytes, const std::string& name);

}  // namespace tertial::pdf
