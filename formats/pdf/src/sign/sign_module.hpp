// The seam between libtertial_pdf and its libqpdf module
// (libtertial_pdf_qpdf.so, beside it): one C symbol that returns the
// module's functions. Both sides are built from this tree together.
#pragma once

#include <string>

#include "tertial/pdf/sign.hpp"

namespace tertial::pdf::sign_detail {

struct QpdfModule {
    int version;  // qpdf_module_version, so a module from another build is refused
    ParsedPdf (*parse_signed_pdf)(const std::string& bytes);
    std::string (*sign_pdf)(const std::string& input, const SignRequest& request, const Credentials& credentials);
    std::vector<std::string> (*pdf_differences)(const std::string& expected, const std::string& actual);
    std::string (*add_validation_data)(const std::string& input, const ValidationData& data);
};

// Raised whenever the functions or their types change.
inline constexpr int qpdf_module_version = 3;
inline constexpr const char* qpdf_module_file = "libtertial_pdf_qpdf.so";
inline constexpr const char* qpdf_module_symbol = "tertial_pdf_qpdf_module";

}  // namespace tertial::pdf::sign_detail

extern "C" const tertial::pdf::sign_detail::QpdfModule* tertial_pdf_qpdf_module();
