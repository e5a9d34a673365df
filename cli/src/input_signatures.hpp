// Judging the signatures of a PDF that a command reads a report from (rollover).
#pragma once

#include <string>

namespace tertial::cli {

struct InputSignatures {
    enum class Verdict {
        none,          // the PDF carries no signature
        intact,        // every signature verified, nothing but signatures after them
        broken,        // a signature does not verify, or the document changed after it
        not_verified,  // signed, but this build cannot verify signatures
    };
    Verdict verdict = Verdict::none;
    std::string summary;  // for the user, e.g. "2 signatures: ekonomichef, forvaltningschef"
};

// The one place where a signed input PDF is judged before its embedded
// report is used. Today it finds the signatures and says it cannot verify
// them; when `tertial verify` lands (issue 5), its verification is called
// here and the verdict becomes intact or broken. Throws std::runtime_error
// when the PDF cannot be read.
InputSignatures check_input_signatures(const std::string& pdf_bytes);

}  // namespace tertial::cli
