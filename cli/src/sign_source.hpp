// The gate before signing: a PDF is signed only if, up to its first
// signature, it is byte for byte what `tertial build` makes from the report
// embedded in it (`sign --foreign` skips it, and the signature says so).
#pragma once

#include <optional>
#include <string>

#include "tertial/pdf/sign.hpp"
#include "tertial/plugin_host.hpp"

namespace tertial::cli {

// nullopt when `pdf_bytes` up to its first signature (`parsed`, in signing
// order; the whole file when it has none) is exactly what `tertial build`
// makes from `report_json` with the plugins in `host`; else a sentence
// saying what differs (the first objects, as verify names them) or why the
// report cannot be built again here. Tertial's build is deterministic (the
// same report, plugins and fonts give the same bytes), so equal bytes mean
// that every page, its text and its annotations are what the report says,
// and that no object refers to one the document lacks.
std::optional<std::string> source_difference(const std::string& pdf_bytes, const pdf::VerifyResult& parsed,
                                             const std::string& report_json, PluginHost& host);

// Where the part of `pdf_bytes` before the revision that ends at
// `first_signed_end` ends: after the "%%EOF" (and its end of line) that
// precedes the one ending there.
std::size_t unsigned_part_end(const std::string& pdf_bytes, std::size_t first_signed_end);

}  // namespace tertial::cli
