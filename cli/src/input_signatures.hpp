// Judging the signatures of a PDF that a command reads a report from (rollover).
#pragma once

#include <string>

namespace tertial::cli {

struct InputSignatures {
    enum class Verdict {
        none,          // the PDF carries no signature
        intact,        // every signature verified, nothing but signatures after them
        broken,        // a signature does not verify, or the document changed after it
    };
    Verdict verdict = Verdict::none;
    bool changed_only = false;  // broken: every signature intact, but something else changed after one (verify's 7, not 6)
    std::string summary;  // for the user, e.g. "2 signatures: ekonomichef, forvaltningschef"
};

// The one place where a signed input PDF is judged before its embedded
// report is used: every signature verified as `tertial verify` does
// (integrity, and nothing but signatures after it; the certificate chain is
// not judged). Throws std::runtime_error when the PDF cannot be read.
InputSignatures check_input_signatures(const std::string& pdf_bytes);

}  // namespace tertial::cli
