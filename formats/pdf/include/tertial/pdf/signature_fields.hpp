// Whether a PDF carries signatures: what rollover asks before it uses a PDF's embedded report.
#pragma once

#include <string>
#include <vector>

namespace tertial::pdf {

struct SignatureField {
    std::string name;      // the field's /T, e.g. "forvaltningschef"
    bool signed_ = false;  // its /V is a signature dictionary with a /ByteRange
};

// What the PDF's signature fields and signature dictionaries are. Finding
// them says nothing about whether the signatures are intact: that is
// verification, which reads the signed byte ranges and the CMS.
struct FoundSignatures {
    std::vector<SignatureField> fields;  // every /FT /Sig field, signed or empty
    std::size_t signatures = 0;          // signature dictionaries (/ByteRange), in fields or not
    bool any() const { return signatures > 0; }
};

// Throws std::runtime_error when the bytes are not a PDF PoDoFo can read.
FoundSignatures find_signatures(const std::string& pdf_bytes);

}  // namespace tertial::pdf
