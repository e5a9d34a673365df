// check_input_signatures(): finds a PDF's signatures; verifying them is left to issue 5's verifier, plugged in here.
#include "input_signatures.hpp"

#include <fmt/format.h>

#include "tertial/pdf/signature_fields.hpp"

namespace tertial::cli {

InputSignatures check_input_signatures(const std::string& pdf_bytes) {
    pdf::FoundSignatures found = pdf::find_signatures(pdf_bytes);
    if (!found.any()) return {};
    std::vector<std::string> signers;
    for (const auto& f : found.fields)
        if (f.signed_) signers.push_back(f.name.empty() ? "an unnamed field" : f.name);
    std::string fields = signers.empty() ? "" : fmt::format(": {}", fmt::join(signers, ", "));
    // Verification goes here: call the verifier of `tertial verify` on
    // pdf_bytes and return intact or broken with its summary. Until then the
    // answer is honest: signed, integrity unknown.
    return {InputSignatures::Verdict::not_verified,
            fmt::format("{} signature{}{}", found.signatures, found.signatures == 1 ? "" : "s", fields)};
}

}  // namespace tertial::cli
