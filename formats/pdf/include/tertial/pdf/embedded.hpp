// Reading an attachment back out of a PDF that emit_pdf() wrote. Only our
// own output is read in-process: PoDoFo's parser is not hardened against
// hostile files.
#pragma once

#include <optional>
#include <string>

namespace tertial::pdf {

// The bytes of the embedded file called `name` (its /UF or /F), or nullopt
// when the PDF has no such attachment. Throws std::runtime_error when the
// bytes are not a PDF PoDoFo can read.
std::optional<std::string> read_attachment(const std::string& pdf_bytes, const std::string& name);

}  // namespace tertial::pdf
