// check_input_signatures(): a signed input PDF is verified, as `tertial verify` does, before its report is used.
#include "input_signatures.hpp"
#include "isolated.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "tertial/pdf/sign.hpp"

namespace tertial::cli {

InputSignatures check_input_signatures(const std::string& pdf_bytes) {
    pdf::VerifyResult result = pdf::verify_pdf(pdf_bytes, {}, isolated_parser());
    pdf::Verdict verdict = pdf::verdict(result);
    if (verdict == pdf::Verdict::unreadable)
        throw std::runtime_error(result.pdf.error.empty() ? "not a readable PDF" : result.pdf.error);
    if (verdict == pdf::Verdict::unsigned_document || result.signatures.empty()) return {};
    std::vector<std::string> fields, problems;
    for (const auto& s : result.signatures) {
        std::string field = s.parsed.field.empty() ? "an unnamed field" : s.parsed.field;
        fields.push_back(field);
        if (s.integrity != pdf::Integrity::intact)
            problems.push_back(fmt::format("{}: {}", field, s.integrity_detail.empty() ? "not intact" : s.integrity_detail));
        else if (s.parsed.later == pdf::Later::other_changes)
            problems.push_back(fmt::format("{}: changed after signing ({})", field, fmt::join(s.parsed.changes, "; ")));
    }
    std::string summary = fmt::format("{} signature{}: {}", fields.size(), fields.size() == 1 ? "" : "s",
                                      fmt::join(fields, ", "));
    // Without trust anchors the chain is not judged: rollover needs the
    // report as signed, not who signed it (that is `tertial verify --trust`).
    if (!problems.empty())
        return {InputSignatures::Verdict::broken, verdict == pdf::Verdict::changed,
                summary + " (" + fmt::format("{}", fmt::join(problems, "; ")) + ")"};
    return {InputSignatures::Verdict::intact, false, summary};
}

}  // namespace tertial::cli
