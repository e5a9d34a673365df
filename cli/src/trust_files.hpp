// verify's and ltv's --trust and --crl: files, or directories of them, read
// into what verify_pdf_against() checks chains and revocation with.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tertial/pdf/sign.hpp"

namespace tertial::cli {

// Each path a file, or a directory whose files with the kind's endings
// (--trust: .pem .crt .cer .der; --crl: .crl .pem .der) are read, in name
// order. nullopt after printing why not ("tertial COMMAND: error: ...").
std::optional<pdf::TrustSettings> read_trust_settings(const std::vector<std::string>& trust,
                                                      const std::vector<std::string>& crls,
                                                      const std::string& command, std::ostream& err);

// A message of verify_pdf_against() about an unreadable anchor or CRL,
// with the option that named the file in front ("--crl x.crl: no CRL in
// the file (PEM or DER)").
std::string trust_error(const std::string& what, const pdf::TrustSettings& settings);

}  // namespace tertial::cli
